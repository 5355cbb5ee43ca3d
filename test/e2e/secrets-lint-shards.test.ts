/**
 * secrets-lint across a matrix: a tree of 120 files, a third of them holding a short secret, scanned
 * by the CLI bundle as 4 shards (`--shard I/4`, by repository-relative path) and merged with
 * `preflight merge-reports`: the same findings as one unsharded run, each file in one shard only,
 * and the checks of no single file (--check-env) done once, in shard 1.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Report } from '@preflight/core';
import { runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

const work = mkdtempSync(join(tmpdir(), 'sl-shards-'));
const repo = join(work, 'repo');
const env = { SECRET_KEY: 'short-key' };

beforeAll(() => {
  for (let i = 0; i < 120; i++) {
    const dir = join(repo, `svc${i % 10}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `m${i}.env`), i % 3 === 0 ? `JWT_SECRET=short-${i}\n` : `PORT=${8000 + i}\n`);
  }
});

const key = (f: Report['findings'][number]) => `${f.rule} ${f.file ?? ''}:${f.line ?? ''} ${f.object}`;
const args = ['secrets-lint', '--path', repo, '--check-env', 'SECRET_KEY'];

describe('secrets-lint over 4 shards', () => {
  let whole: Report;
  let shards: Report[];

  beforeAll(async () => {
    const all = await runCliBundle([...args, '--json'], env);
    expect(all.code, all.stderr).toBe(1);
    whole = JSON.parse(all.stdout) as Report;
    const runs = await Promise.all([1, 2, 3, 4].map((i) => runCliBundle([...args, '--shard', `${i}/4`, '--report', join(work, `lint-${i}.json`)], env)));
    for (const r of runs) expect([0, 1], r.stderr).toContain(r.code);
    shards = [1, 2, 3, 4].map((i) => JSON.parse(readFileSync(join(work, `lint-${i}.json`), 'utf8')) as Report);
  }, 300_000);

  test('each file is in exactly one shard, and each report says how many of the whole', () => {
    expect(shards.map((s) => s.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(shards.reduce((n, s) => n + (s.stats['in-shard'] as number), 0)).toBe(120);
    for (const s of shards) expect(s.summary).toMatch(new RegExp(`^shard ${s.shard}: ${s.stats['in-shard']} of 120 files in this shard; `));
    const files = shards.flatMap((s) => s.findings.filter((f) => f.file).map((f) => f.file!));
    expect(new Set(files).size).toBe(files.length);
  });

  test('merged: the same findings as one unsharded run, the runtime check once, exit 1', async () => {
    const m = await runCliBundle(['merge-reports', ...[1, 2, 3, 4].map((i) => join(work, `lint-${i}.json`)), '--json']);
    expect(m.code, m.stderr).toBe(1);
    const merged = JSON.parse(m.stdout) as Report;
    expect(merged.check).toBe('secrets-lint');
    expect(merged.findings.map(key).sort()).toEqual(whole.findings.map(key).sort());
    expect(whole.findings.filter((f) => f.file?.endsWith('.env')).length).toBe(40);
    const runtime = merged.findings.filter((f) => !f.file && f.object.includes('SECRET_KEY'));
    expect(runtime).toHaveLength(1);
    expect(shards.filter((s) => s.findings.some((f) => !f.file)).map((s) => s.shard)).toEqual(['1/4']);
    expect(merged.stats).toMatchObject({ filesScanned: 120, shards: 4 });
    expect(m.stdout).not.toContain('short-key');
  });

  test('the action takes the shard input: its report names the shard, the same share as the CLI\'s', async () => {
    const report = join(work, 'action-3.json');
    const r = await runActionBundle('secrets-lint', { path: repo, shard: '3/4', report });
    const fromAction = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(r.code).toBe(fromAction.exitCode);
    expect(fromAction.shard).toBe('3/4');
    expect(fromAction.findings.map(key).sort()).toEqual(shards[2].findings.filter((f) => f.file).map(key).sort());
    expect(r.summary).toContain(`shard 3/4: ${shards[2].stats['in-shard']} of 120 files in this shard`);
  }, 120_000);

  test('a bad --shard is exit 2 in one sentence', async () => {
    const r = await runCliBundle([...args, '--shard', '0/4'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--shard must be I\/N/);
  });
});
