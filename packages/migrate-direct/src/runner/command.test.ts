/** --command against the real PostgreSQL of the test run: timeouts, stamp guards, and lint of what the tool would run. */
import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { rules, runCheck } from './testing.ts';

const dbs: TestDatabase[] = [];
async function db(setup?: string): Promise<TestDatabase> {
  const d = await createDatabase('mdc', setup);
  dbs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.drop();
});

describe('--command-timeout', () => {
  test('--statement-timeout is for statements: a command that runs longer than it is not killed', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, command: `sleep 3 && psql -Atc 'show statement_timeout'`, 'statement-timeout': '1s' });
    expect(r.exitCode, r.logs.join('\n')).toBe(0);
    // ...and still reaches the tool's own sessions.
    expect(r.logs).toContain('1s');
  });

  test('--command-timeout stops the whole command with exit 3 and says so', async () => {
    const d = await db();
    const marker = join(mkdtempSync(join(tmpdir(), 'pf-cmd-')), 'finished');
    const started = Date.now();
    const r = await runCheck({ 'database-url': d.url, command: `sleep 30 && touch ${marker}`, 'command-timeout': '1s' });
    expect(r.exitCode).toBe(3);
    expect(r.report.summary).toMatch(/did not finish within 1 s \(--command-timeout\) and was stopped/);
    expect(existsSync(marker)).toBe(false);
    // A generous bound on the hang: the 30 s sleep was not waited for.
    expect(Date.now() - started).toBeLessThan(25_000);
    // The lock was released: the next run goes through.
    expect((await runCheck({ 'database-url': d.url, command: 'true', 'lock-wait': '2s' })).exitCode).toBe(0);
  });
});
