import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CouldNotRunError, UsageError } from '@preflight/core';
import { createDatabase, serverInfo, type TestDatabase } from '../../../../test/harness/db.ts';
import { runMigrateCommand } from './command.ts';

/** True once pid is no longer running (a zombie waiting for its reaper counts as gone), polling up to waitMs. */
async function gone(pid: number, waitMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let state: string | undefined;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
    } catch {
      return true;
    }
    if (state === 'Z' || state === 'X') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

let db: TestDatabase;
beforeEach(async () => {
  db = await createDatabase('migcmd');
});
afterEach(async () => {
  await db.drop();
});
const tableExists = async (name: string) => (await db.sql(`SELECT to_regclass($1) IS NOT NULL AS e`, [name]))[0].e;

describe('runMigrateCommand', () => {
  it('runs the command with DATABASE_URL pointing at the database', async () => {
    const lines: string[] = [];
    await runMigrateCommand(`psql -X -v ON_ERROR_STOP=1 "$DATABASE_URL" -c 'create table made_by_command(id int)'`, db.url, { onOutput: (l) => lines.push(l) });
    expect(await tableExists('made_by_command')).toBe(true);
    expect(lines).toContain('CREATE TABLE');
  });

  it('sets the PG* variables and the variable named by urlEnv', async () => {
    const lines: string[] = [];
    await runMigrateCommand(`test "$MY_DB" = "$DATABASE_URL" && psql -X -v ON_ERROR_STOP=1 -c 'create table made_by_pgvars(id int)' && echo "$PGDATABASE"`, db.url, {
      urlEnv: 'MY_DB',
      onOutput: (l) => lines.push(l),
    });
    expect(await tableExists('made_by_pgvars')).toBe(true);
    expect(lines).toContain(db.name);
  });

  it('runs in cwd', async () => {
    const lines: string[] = [];
    await runMigrateCommand('pwd', db.url, { cwd: '/tmp', onOutput: (l) => lines.push(l) });
    expect(lines).toEqual(['/tmp']);
  });

  it('turns a non-zero exit into a UsageError with the last output lines, password redacted', async () => {
    const { password } = serverInfo();
    const lines: string[] = [];
    const error = await runMigrateCommand(`echo "connecting to $DATABASE_URL"; echo "pw=$PGPASSWORD" >&2; psql -X -v ON_ERROR_STOP=1 "$DATABASE_URL" -c 'select nope'`, db.url, {
      onOutput: (l) => lines.push(l),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^--migrate-command "echo .*" exited with code 1; its last output lines: .*column "nope" does not exist/);
    expect(error.message).toContain('pw=***');
    expect(error.message).not.toContain(password);
    expect(lines.join('\n')).not.toContain(password);
  });

  it('stops a command that runs too long with CouldNotRunError, children included', async () => {
    // The child holds stdout open for 300 s: were only the shell killed, this would hang until
    // the test timeout. Its pid is printed so the test can look for it afterwards.
    const lines: string[] = [];
    const error = await runMigrateCommand('echo started; sleep 300 & echo "child $!"; wait', db.url, { timeoutMs: 500, onOutput: (l) => lines.push(l) }).catch((e) => e);
    expect(error).toBeInstanceOf(CouldNotRunError);
    expect(error.message).toMatch(/did not finish within 1 s .*started/);
    const pid = Number(/^child (\d+)$/.exec(lines.find((l) => l.startsWith('child ')) ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);
    try {
      expect(await gone(pid)).toBe(true);
    } finally {
      if (!(await gone(pid, 0))) process.kill(pid, 'SIGKILL');
    }
  });

  it('says when the command printed nothing', async () => {
    const error = await runMigrateCommand('exit 3', db.url, { onOutput: () => {} }).catch((e) => e);
    expect(error.message).toBe('--migrate-command "exit 3" exited with code 3; it printed nothing.');
  });
});
