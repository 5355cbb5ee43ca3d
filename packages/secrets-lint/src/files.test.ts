import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint, where } from './testing.ts';

afterEach(() => clearSecrets());

// Token shapes are assembled at run time so this file holds none.
const ghToken = 'ghp' + '_' + 'R8kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Ypa1QeU';

describe('which files are scanned', () => {
  test('a tracked file with a token: exit 1 at its file and line, and the token is never printed', async () => {
    const dir = fixtureRepo({ 'README.md': '# app\n', 'scripts/deploy.sh': `#!/bin/sh\n\ncurl -H "x: ${ghToken}" https://api\n` });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual(['provider-token scripts/deploy.sh:3']);
    expect(r.report.findings[0]!.message).toMatch(/GitHub token committed in scripts\/deploy\.sh:3 \(40 chars, sha256 [0-9a-f]{8}\)/);
    expect(r.stdout + r.stderr).not.toContain(ghToken);
    expect(r.report.stats.filesScanned).toBe(2);
  });

  test('.gitignore is honoured, untracked files that are not ignored are scanned, --exclude leaves paths out', async () => {
    const dir = fixtureRepo({ '.gitignore': 'ignored/\n', 'a.txt': 'nothing\n' }, { untracked: { 'ignored/t.sh': `T=${ghToken}\n`, 'new/t.sh': `X=${ghToken}\n`, 'vendor/lib/t.sh': `Y=${ghToken}\n` } });
    const r = await lint(['--path', dir, '--exclude', 'vendor/**']);
    expect(where(r)).toEqual(['provider-token new/t.sh:1']);
    expect(r.report.stats.skippedExcluded).toBe(1);
  });

  test('symlinks are not followed out of the tree; binary and huge files are skipped and counted', async () => {
    const outside = fixtureRepo({ 'secret.sh': `T=${ghToken}\n` }, { noGit: true });
    const dir = fixtureRepo({ 'ok.txt': 'fine\n' });
    symlinkSync(join(outside, 'secret.sh'), join(dir, 'link.sh'));
    writeFileSync(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(ghToken)]));
    writeFileSync(join(dir, 'huge.txt'), Buffer.alloc(5 * 1024 * 1024 + 1, 'a'));
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.stats).toMatchObject({ filesScanned: 1, skippedSymlink: 1, skippedBinary: 1, skippedHuge: 1 });
  });

  test('zero files scanned is not a pass: exit 2 naming the path', async () => {
    const dir = fixtureRepo({});
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(2);
    expect(r.report.summary).toContain(`No file to scan under ${dir}`);
    const all = await lint(['--path', fixtureRepo({ 'a.txt': 'x\n' }), '--exclude', '*.txt']);
    expect(all.code).toBe(2);
  });

  test('a --path that is not a directory: exit 2', async () => {
    const r = await lint(['--path', '/nonexistent/dir']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toContain('--path /nonexistent/dir is not a directory');
  });

  test('--path a folder of the repository: only it is scanned, and findings name files from the repository root', async () => {
    const dir = fixtureRepo({ 'services/api/run.sh': `T=${ghToken}\n`, 'other/run.sh': `T=${ghToken}\n` });
    const r = await lint(['--path', join(dir, 'services/api')]);
    expect(where(r)).toEqual(['provider-token services/api/run.sh:1']);
  });

  test('outside git every file counts, .git and node_modules are skipped', async () => {
    const dir = fixtureRepo({ 'a.sh': `T=${ghToken}\n`, 'node_modules/x/t.sh': `T=${ghToken}\n` }, { noGit: true });
    const r = await lint(['--path', dir]);
    expect(where(r)).toEqual(['provider-token a.sh:1']);
  });

  test('CRLF and a UTF-8 BOM keep lines right', async () => {
    const dir = fixtureRepo({ 'x.sh': `\uFEFF#!/bin/sh\r\n\r\nexport API_TOKEN=${ghToken}\r\n` });
    const r = await lint(['--path', dir]);
    // One value, one finding: the provider rule says more than the literal assignment.
    expect(where(r)).toEqual(['provider-token x.sh:3']);
  });
});
