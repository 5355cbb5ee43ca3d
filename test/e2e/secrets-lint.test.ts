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

test('a repository of mostly YAML, compose and env files: worker threads find exactly what one thread finds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-lint-yaml-threads-'));
  for (let i = 0; i < 600; i++) {
    const base = join(dir, `svc${i % 20}`, `m${i}`);
    mkdirSync(base, { recursive: true });
    if (i % 4 === 0) writeFileSync(join(base, 'docker-compose.yml'), `services:\n  web:\n    environment:\n      SECRET_KEY: \${SECRET_KEY:-dev-secret-${i}-fallback}\n`);
    else if (i % 4 === 1) writeFileSync(join(base, 'secret.yaml'), `kind: Secret\nmetadata:\n  name: s${i}\nstringData:\n  DB_PASSWORD: Yaml-Threads-${i}-value\n`);
    else if (i % 4 === 2) writeFileSync(join(base, '.env'), `JWT_SECRET=short-${i}\n`);
    else writeFileSync(join(base, `f${i}.py`), i % 100 === 3 ? `token = "${token(i)}"\n` : 'x = 1\n');
  }
  // Outside git: every file counts as tracked, so the .env files are read too.
  const cli = join(repoRoot, 'dist/cli/index.js');
  const one = await runProcess([cli, 'secrets-lint', '--path', dir, '--json'], { env: { ...process.env, PREFLIGHT_SECRETS_LINT_THREADS: '1' } });
  const many = await runProcess([cli, 'secrets-lint', '--path', dir, '--json'], { env: { ...process.env, PREFLIGHT_SECRETS_LINT_THREADS: '' } });
  expect(one.code, one.stderr).toBe(1);
  expect(many.code, many.stderr).toBe(1);
  const a = JSON.parse(one.stdout);
  const b = JSON.parse(many.stdout);
  expect(b.stats.threads).toBe(availableParallelism() > 1 ? 2 : 1);
  expect(b.findings).toEqual(a.findings);
  const rules = (r: { findings: Array<{ rule: string }> }, rule: string) => r.findings.filter((f) => f.rule === rule).length;
  expect([rules(a, 'compose-secret-fallback'), rules(a, 'k8s-secret-committed'), rules(a, 'secret-too-short'), rules(a, 'provider-token')]).toEqual([150, 150, 150, 6]);
  expect(one.stdout + many.stdout + one.stderr + many.stderr).not.toMatch(/Yaml-Threads-\d+-value|dev-secret-\d+-fallback/);
}, 60_000);

test('the bundle reads workflows, Kubernetes Secrets, compose and env files (the parsers it loads on demand)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-lint-bundle-'));
  const files: Record<string, string> = {
    '.github/workflows/deploy.yml': 'on: push\nenv:\n  API_TOKEN: Bundle-Canary-1-literal\njobs: {}\n',
    'k8s/secret.yaml': 'kind: Secret\nmetadata:\n  name: s\nstringData:\n  DB_PASSWORD: Bundle-Canary-2-value\n',
    'docker-compose.yml': 'services:\n  web:\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-Bundle-Canary-3-fallback}\n',
    '.env': 'JWT_SECRET=Bundle-Canary-4\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const r = await runProcess([join(repoRoot, 'dist/cli/index.js'), 'secrets-lint', '--path', dir, '--json']);
  expect(r.code, r.stderr).toBe(1);
  const found = JSON.parse(r.stdout).findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`).sort();
  expect(found).toEqual([
    'compose-secret-fallback docker-compose.yml:4',
    'k8s-secret-committed k8s/secret.yaml:5',
    'secret-too-short .env:1',
    'workflow-literal-secret .github/workflows/deploy.yml:3',
  ]);
  expect(r.stdout + r.stderr).not.toMatch(/Bundle-Canary/);
}, 60_000);
