import { describe, expect, test } from 'vitest';
import { commandFailedFinding, downCommandFinding } from './command.ts';

// issue 7 item 2: command text is user text; a URL in it carries a password nobody registered.
describe('command text in findings never carries the password', () => {
  const pw = 'Cmd-PW-31337';
  test('down-migration-refused', () => {
    const f = downCommandFinding(`dbmate --url postgres://admin:${pw}@db.internal/app down`, 'production', false)!;
    expect(f.rule).toBe('down-migration-refused');
    expect(f.message).toContain('postgres://admin:***@db.internal/app');
    expect(f.message).not.toContain(pw);
  });

  test('a long command is masked before it is shortened, so no part of the password survives the cut', () => {
    for (let pad = 90; pad < 130; pad++) {
      const command = `${'x'.repeat(pad)} --url postgres://admin:${pw}@db.internal/app down`;
      const f = downCommandFinding(command, 'production', false)!;
      expect(f.message).not.toMatch(/Cmd-|PW-|31337/);
      const failed = commandFailedFinding(command, { code: 1, signal: null, timedOut: false, tail: [] });
      expect(failed.message).not.toMatch(/Cmd-|PW-|31337/);
    }
  });
});
