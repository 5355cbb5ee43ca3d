/** The README's first command: the demo starts its own PostgreSQL and every incident is caught. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
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
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(r.status, r.stderr).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).toContain('missing-column  public.invoices.nit');
    expect(all).toContain('points at a transaction pooler at 127.0.0.1:6543');
    expect(all).toContain('drop-column  public.projects.name');
    expect(all).toContain('public.monthly_kpis: 206 of 7,320 rows (the restored database vs the source database).');
    expect(all).toContain('rolled-back');
    expect(all).toContain('health-check-failed');
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
