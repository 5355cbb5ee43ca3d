/** secrets-lint as users run it: the bundled CLI, on a tree large enough to be split between threads. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { runProcess, repoRoot } from '../harness/run-bundle.ts';

const token = (i: number) => 'ghp' + '_' + `Th${String(i).padStart(4, '0')}` + 'R8kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Y';

test('worker threads find exactly what one thread finds, and print no token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-lint-threads-'));
  for (let i = 0; i < 600; i++) {
    const path = join(dir, `pkg${i % 10}/f${i}.${i % 3 === 0 ? 'py' : 'md'}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, i % 50 === 0 ? `x = 1\ntoken = "${token(i)}"\n` : i % 77 === 0 ? 'import os\nK = os.getenv("SECRET_KEY", "dev-secret-xyz")\n' : 'nothing here\n');
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const cli = join(repoRoot, 'dist/cli/index.js');
  const one = await runProcess([cli, 'secrets-lint', '--path', dir, '--json'], { env: { ...process.env, PREFLIGHT_SECRETS_LINT_THREADS: '1' } });
  const many = await runProcess([cli, 'secrets-lint', '--path', dir, '--json'], { env: { ...process.env, PREFLIGHT_SECRETS_LINT_THREADS: '' } });
  expect(one.code).toBe(1);
  expect(many.code).toBe(1);
  const a = JSON.parse(one.stdout);
  const b = JSON.parse(many.stdout);
  expect(a.stats.threads).toBe(1);
  expect(b.stats.threads).toBe(availableParallelism() > 1 ? 2 : 1);
  expect(b.findings).toEqual(a.findings);
  expect(a.findings.filter((f: { rule: string }) => f.rule === 'provider-token')).toHaveLength(12);
  for (let i = 0; i < 600; i += 50) expect(one.stdout + one.stderr + many.stdout + many.stderr).not.toContain(token(i));
}, 60_000);
