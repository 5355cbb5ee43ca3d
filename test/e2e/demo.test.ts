/** The README's first command: the demo starts its own PostgreSQL and every incident is caught. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { colourWanted } from '../../scripts/demo-kit.ts';
import { repoRoot } from '../harness/run-bundle.ts';

/** Command lines of running processes that mention `text` (a zombie has none and does not count). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

test('npm run demo catches every incident and cleans up (no server process, port or temporary directory left)', async () => {
  // A temporary directory of its own, so what the demo leaves behind can be told apart. The
  // throwaway server runs as an unprivileged user when we are root: it must be able to enter it.
  const tmp = mkdtempSync(join(tmpdir(), 'pf-demo-test-'));
  chmodSync(tmp, 0o755);
  try {
    const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'scripts/demo.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      // As in CI: plain text (a colour code in a CI log is noise).
      env: { ...withoutColourSettings(process.env), CI: 'true', TMPDIR: tmp },
    });
    expect(r.status, r.stderr).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain('\x1b[');
    expect(all).toContain('missing-column  public.invoices.nit');
    // Incident 2: the leaked session blocks the migration, is named with the fix, and after it the migration runs.
    expect(all).toContain('canceling statement due to lock timeout');
    expect(all).toMatch(/idle-in-transaction  pid \d+ \(worker@/);
    expect(all).toContain('applied 1 migration(s), 0 already applied, 0 pending');
    expect(all).toContain('points at a transaction pooler at 127.0.0.1:6543');
    // Incident 4: two heads and a downgrade in production are refused before anything runs.
    expect(all).toContain('multiple-heads');
    expect(all).toContain('Alembic has 2 head revisions (3f1e2d, 9a8b7c)');
    expect(all).toContain('down-migration-refused');
    expect(all).toContain('drop-column  public.projects.name');
    expect(all).toContain('public.monthly_kpis: 206 of 7,320 rows (the restored database vs the source database).');
    expect(all).toContain('rolled-back');
    expect(all).toContain('health-check-failed');
    // 0.1.3 passes, 0.1.4 is rolled back, the fixed 0.1.5 passes.
    expect(all.match(/registry-deploy: PASS/g)).toHaveLength(2);
    expect(all).toContain('service backend gets SECRET_KEY from the fallback in docker-compose.yml:7 (31 chars, needs 32, a placeholder');
    expect(all).toContain('service backend gets ALLOWED_HOSTS from the env_file envs/.env:2 as a JSON array but the app parses csv.');
    expect(all).toContain('secrets-lint: PASS');
    expect(all).toContain('Every incident was caught.');
    expect(all).not.toMatch(/postgres:\/\/postgres:pf[a-z0-9]+@/); // the throwaway password is never shown

    // Cleans up: the server is stopped, and every directory the demo made is gone.
    const started = /Started a throwaway PostgreSQL on ([\d.]+):(\d+)\./.exec(all);
    expect(started, all).not.toBeNull();
    expect(await refused(started![1], Number(started![2]))).toBe(true);
    expect(processesMentioning(tmp)).toEqual([]);
    // tsx keeps its compile cache in TMPDIR (tsx-<uid>); that is tsx's, not the demo's.
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 150_000);

function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = env;
  return rest;
}

test('the demo is coloured on a terminal only: never with NO_COLOR, in CI, or into a pipe (FORCE_COLOR forces it)', () => {
  expect(colourWanted(true, {})).toBe(true);
  expect(colourWanted(false, {})).toBe(false);
  expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
  expect(colourWanted(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  expect(colourWanted(true, { CI: 'true' })).toBe(false);
  expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
  expect(colourWanted(false, { FORCE_COLOR: '1' })).toBe(true);
  expect(colourWanted(true, { NO_COLOR: '' })).toBe(true); // an empty NO_COLOR does not count (no-color.org)
});
