/** The README's first command: the demo starts its own PostgreSQL and every incident is caught. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../harness/run-bundle.ts';

test('npm run demo catches every incident and cleans up', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'scripts/demo.ts')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const all = r.stdout + r.stderr;
  expect(all).toContain('missing-column  public.invoices.nit');
  expect(all).toContain('points at a transaction pooler at 127.0.0.1:6543');
  expect(all).toContain('drop-column  public.projects.name');
  expect(all).toContain('Every incident was caught.');
  expect(all).not.toMatch(/postgres:\/\/postgres:pf[a-z0-9]+@/); // the throwaway password is never shown
}, 120_000);
