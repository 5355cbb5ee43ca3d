import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, git, lint, where, write } from './testing.ts';

afterEach(() => clearSecrets());

const strong = 'Zq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Gs0Ya';

describe('--check-env', () => {
  test('short, placeholder and missing runtime secrets; a strong one passes', async () => {
    const dir = fixtureRepo({ 'a.txt': 'x\n' });
    const r = await lint(['--path', dir, '--check-env', 'SECRET_KEY,JWT_SECRET,GOOD_KEY,MISSING_KEY'], {
      SECRET_KEY: 'k'.repeat(10) + 'Qz8Lm2Kx9Vp4Rt7Wb1Nc5',
      JWT_SECRET: 'tu-secret-key-en-produccion-CAMBIAR',
      GOOD_KEY: strong,
    });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => `${f.rule} ${f.object}`).sort()).toEqual([
      'runtime-secret-missing env.MISSING_KEY',
      'runtime-secret-weak env.JWT_SECRET',
      'runtime-secret-weak env.SECRET_KEY',
    ]);
    expect(r.report.findings.find((f) => f.object === 'env.SECRET_KEY')!.message).toMatch(/^SECRET_KEY in the environment is too short \(31 chars, needs 32, sha256 [0-9a-f]{8}\)\.$/);
    expect(r.stdout + r.stderr).not.toContain(strong);
    expect(r.stdout + r.stderr).not.toContain('Qz8Lm2Kx9Vp4Rt7Wb1Nc5');
  });

  test('a runtime value pasted into a tracked guide, and two variables sharing one value, are found by hash', async () => {
    const dir = fixtureRepo({ 'docs/guide.md': `# Guide\n\nUse this key: ${strong}\n`, 'a.txt': 'x\n' }, { untracked: { 'notes.txt': strong } });
    const r = await lint(['--path', dir, '--check-env', 'PROD_DB_PASSWORD,DEV_DB_PASSWORD'], { PROD_DB_PASSWORD: strong, DEV_DB_PASSWORD: strong });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => `${f.rule} ${f.file ?? ''}:${f.line ?? ''}`).sort()).toEqual([
      'runtime-secret-in-repo docs/guide.md:3',
      'runtime-secret-in-repo docs/guide.md:3',
      'runtime-secret-shared :',
    ]);
    expect(r.report.findings.find((f) => f.rule === 'runtime-secret-shared')!.message).toMatch(/^PROD_DB_PASSWORD and DEV_DB_PASSWORD hold the same value \(sha256 [0-9a-f]{8}\)\.$/);
    expect(r.stdout + r.stderr).not.toContain(strong);
  });
});

describe('--staged and --since', () => {
  test('--staged scans only the lines the commit adds', async () => {
    const dir = fixtureRepo({ 'old.py': 'import os\nK = os.getenv("SECRET_KEY", "legacy-default-value")\n' });
    write(dir, { 'new.py': 'import os\n\nJ = os.getenv("JWT_SECRET", "changeme")\n', 'unstaged.py': 'X = os.getenv("API_KEY", "abc")\n' });
    git(dir, 'add', 'new.py');
    const r = await lint(['--path', dir, '--staged']);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual(['code-secret-fallback new.py:3']);
  });

  test('a commit that only deletes files passes, and says why', async () => {
    const dir = fixtureRepo({ 'old.py': 'import os\nK = os.getenv("SECRET_KEY", "legacy-default-value")\n', 'b.txt': 'x\n' });
    git(dir, 'rm', '-q', 'old.py', 'b.txt');
    const r = await lint(['--path', dir, '--staged']);
    expect(r.code).toBe(0);
    expect(r.report.summary).toBe('the staged change adds no lines to scan (deletions only): nothing new can hold a secret');
  });

  test('--since REF scans what the branch adds, not what main already had', async () => {
    const dir = fixtureRepo({ 'old.py': 'import os\nK = os.getenv("SECRET_KEY", "legacy-default-value")\n' });
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, { 'old.py': 'import os\nK = os.getenv("SECRET_KEY", "legacy-default-value")\nJ = os.getenv("JWT_SECRET", "changeme")\n' });
    git(dir, 'commit', '-qam', 'feature');
    const r = await lint(['--path', dir, '--since', 'main']);
    expect(where(r)).toEqual(['code-secret-fallback old.py:3']);
    const bad = await lint(['--path', dir, '--since', 'nope/branch']);
    expect(bad.code).toBe(2);
    expect(bad.report.summary).toContain('--since nope/branch is not a commit this repository knows');
    const both = await lint(['--path', dir, '--since', 'main', '--staged']);
    expect(both.code).toBe(2);
  });
});

describe('suppression', () => {
  test('inline preflight-ignore on the line or the line above; other rules are not silenced', async () => {
    const dir = fixtureRepo({
      'app.py': [
        'import os',
        'A = os.getenv("SECRET_KEY", "changeme")  # preflight-ignore: code-secret-fallback',
        '# preflight-ignore: code-secret-fallback',
        'B = os.getenv("JWT_SECRET", "changeme")',
        'C = os.getenv("API_KEY", "changeme")  # preflight-ignore: provider-token',
        '',
      ].join('\n'),
    });
    const r = await lint(['--path', dir]);
    expect(where(r)).toEqual(['code-secret-fallback app.py:5']);
    expect(r.report.stats.suppressedInline).toBe(2);
  });

  test('--write-baseline then --baseline: accepted findings pass, a new one fails, lines may move', async () => {
    const dir = fixtureRepo({ 'app.py': 'import os\nA = os.getenv("SECRET_KEY", "Legacy-Default-Value-9x")\n' });
    const baseline = join(dir, '.preflight-secrets-baseline.json');
    const first = await lint(['--path', dir, '--write-baseline', baseline]);
    expect(first.code).toBe(1);
    const text = readFileSync(baseline, 'utf8');
    expect(text).not.toContain('Legacy-Default-Value-9x');
    expect(JSON.parse(text).fingerprints).toHaveLength(1);
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\nA = os.getenv("SECRET_KEY", "Legacy-Default-Value-9x")\n');
    const accepted = await lint(['--path', dir, '--baseline', baseline]);
    expect(accepted.code).toBe(0);
    expect(accepted.report.stats.suppressedBaseline).toBe(1);
    writeFileSync(join(dir, 'app.py'), 'import os\nA = os.getenv("SECRET_KEY", "Legacy-Default-Value-9x")\nB = os.getenv("JWT_SECRET", "x")\n');
    const fresh = await lint(['--path', dir, '--baseline', baseline]);
    expect(where(fresh)).toEqual(['code-secret-fallback app.py:3']);
    rmSync(baseline);
    const missing = await lint(['--path', dir, '--baseline', baseline]);
    expect(missing.code).toBe(2);
    writeFileSync(baseline, '{oops');
    expect((await lint(['--path', dir, '--baseline', baseline])).code).toBe(2);
  });
});
