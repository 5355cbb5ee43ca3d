import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets, renderHelp } from '@preflight/core';
import { checks } from './checks.ts';
import { gate } from './gate.ts';
import { runCli } from './run-cli.ts';

const all = [...checks, gate];

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, all, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  return { code, stdout, stderr };
}

afterEach(() => clearSecrets());

describe('the CLI writes only through the mask', () => {
  // issue 7 item 1: the arguments fail to parse before anything is registered.
  test('an unquoted libpq string: exit 2, and neither stderr nor the --json summary holds the password', async () => {
    const r = await cli(['schema-verify', '--database-url', 'host=127.0.0.1', 'password=CANARY2', 'dbname=x', '--migrations', 'db', '--json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('error');
    expect(report.summary).toMatch(/^Unexpected argument "password=\*\*\*" for preflight schema-verify; quote a libpq connection string as one argument \("host=\.\.\. password=\.\.\."\);/);
    expect(r.stdout + r.stderr).not.toContain('CANARY2');
  });

  test('a password registered from argv is masked wherever it shows up later, in every form', async () => {
    const pw = 'Argv-Canary/9';
    const r = await cli(['schema-verify', '--database-url', `postgres://u:${encodeURIComponent(pw)}@127.0.0.1:1/db`, '--connect-timeout', `${Buffer.from(pw).toString('base64')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connect-timeout must be a duration such as 10s, 5m or 1500ms, not "***"');
  });

  test('an unknown check that is a URL is not echoed with its password', async () => {
    const r = await cli(['postgres://admin:Unknown-Canary@db/app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown check "postgres://admin:***@db/app"');
  });

  test.each(all.map((c) => [c.name, c] as const))('--help of %s is printed exactly as rendered (the mask leaves our own text alone)', async (_name, check) => {
    const r = await cli([check.name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderHelp(check.name, check.description, check.options));
  });
});
