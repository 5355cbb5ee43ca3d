import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Report } from '@preflight/core';
import { runCli } from '../run-cli.ts';
import { mergeReports } from './definition.ts';

const dir = mkdtempSync(join(tmpdir(), 'merge-reports-'));

/** A fleet shard's report as schema-verify --targets --shard I/N --report writes it. */
function shardReport(shard: string, targets: Record<string, 'pass' | 'fail' | 'error'>, total: number, extra: Partial<Report> = {}): Report {
  const names = Object.keys(targets);
  const findings = names.filter((t) => targets[t] === 'fail').map((t) => ({ rule: 'missing-column', severity: 'error' as const, object: 'public.invoices.nit', message: `[${t}] column missing`, check: t }));
  const worst = names.some((t) => targets[t] === 'error') ? 3 : findings.length ? 1 : 0;
  return {
    check: 'schema-verify',
    version: '0.1.0',
    status: worst === 3 ? 'error' : worst === 1 ? 'fail' : 'pass',
    exitCode: worst,
    shard,
    summary: `shard ${shard}: ${names.length} of ${total} targets in this shard; ...`,
    findings,
    stats: { 'in-shard': names.length, 'in-all-shards': total, targets: names.length, drifted: findings.length, durationMs: 100 },
    checks: names.map((t) => ({ check: t, status: targets[t], summary: targets[t] === 'error' ? 'error: could not connect to 127.0.0.1:1' : 'ok' })),
    ...extra,
  };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function merge(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['merge-reports', ...args], [mergeReports], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  return { code, stdout, stderr };
}

const four = () => [
  file('s1.json', shardReport('1/4', { a: 'pass', b: 'fail' }, 7)),
  file('s2.json', shardReport('2/4', { c: 'pass' }, 7)),
  file('s3.json', shardReport('3/4', {}, 7)),
  file('s4.json', shardReport('4/4', { d: 'fail', e: 'pass', f: 'pass', g: 'pass' }, 7)),
];

describe('merging the shards of one run', () => {
  test('four shards (one empty): one report with every section and finding, exit 1, the check of the shards', async () => {
    const r = await merge([...four(), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ check: 'schema-verify', status: 'fail', exitCode: 1, summary: '2 of 7 targets drifted: b, d (merged from 4 shards)' });
    expect(report.checks!.map((s) => s.check)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(report.findings.map((f) => f.check)).toEqual(['b', 'd']);
    expect(report.stats).toMatchObject({ targets: 7, drifted: 2, 'in-all-shards': 7, reports: 4, shards: 4, durationMs: 100 });
    expect(report.stats['in-shard']).toBeUndefined();
  });

  test('the worst exit code wins: a shard that could not look at one target makes it 3, and its findings stay', async () => {
    const [s1, s2, s3] = four();
    const s4 = file('s4-down.json', shardReport('4/4', { d: 'fail', e: 'pass', f: 'pass', down: 'error' }, 7));
    const r = await merge([s4, s2, s1, s3, '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.status).toBe('error');
    expect(report.summary).toBe('2 of 7 targets drifted: b, d; 1 could not be checked: down (merged from 4 shards)');
    expect(report.findings).toHaveLength(2);
  });

  test('a shard that could not run at all is named with its reason; exit 3', async () => {
    const [s1, s2, s3] = four();
    const failed = file('s4-err.json', { check: 'schema-verify', version: '0.1.0', status: 'error', exitCode: 3, shard: '4/4', summary: 'Could not connect to the shadow server.', findings: [], stats: {} });
    const r = await merge([s1, s2, s3, failed, '--json']);
    expect(r.code).toBe(3);
    expect((JSON.parse(r.stdout) as Report).summary).toBe('1 of 3 targets drifted: b; shard 4/4 could not run: Could not connect to the shadow server (merged from 4 shards)');
  });

  test('all pass: exit 0; --step-summary appends the markdown, --sarif and --junit are written', async () => {
    const reports = [file('p1.json', shardReport('1/2', { a: 'pass' }, 2)), file('p2.json', shardReport('2/2', { b: 'pass' }, 2))];
    const summary = file('summary.md', '# earlier step\n');
    const sarif = join(dir, 'merged.sarif');
    const junit = join(dir, 'merged.xml');
    const r = await merge([...reports, '--step-summary', summary, '--sarif', sarif, '--junit', junit]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 of 2 targets drifted (merged from 2 shards)');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### ✅ preflight schema-verify: pass')).toBe(true);
    expect(md).toContain('| a | ✅ pass |');
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
  });

  test('unsharded reports of one check are joined too (secrets-lint of two folders)', async () => {
    const lint = (n: number): Report => ({ check: 'secrets-lint', version: '0.1.0', status: 'fail', exitCode: 1, summary: 'x', findings: [{ rule: 'short-secret', severity: 'error', object: `f${n}`, message: 'short', file: `f${n}.env`, line: 1 }], stats: { filesScanned: n } });
    const r = await merge([file('l1.json', lint(1)), file('l2.json', lint(2)), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary).toBe('2 blocking findings, 0 others (merged from 2 reports)');
    expect(report.stats.filesScanned).toBe(3);
  });
});

test('--help names the bare arguments', async () => {
  const r = await merge(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('Usage: preflight merge-reports [options] REPORTS...');
});

describe('what cannot be merged is exit 2 with one sentence, never a pass', () => {
  const good = () => four();
  test.each<[string, () => string[], RegExp]>([
    ['no report at all', () => [], /needs the JSON reports to join/],
    ['a missing file', () => [...good().slice(0, 3), join(dir, 'nope.json')], /^preflight merge-reports: Report .*nope\.json does not exist; give the JSON reports the shards wrote/],
    ['an empty file', () => [...good().slice(0, 3), file('empty.json', '')], /empty\.json cannot be merged: it is empty/],
    ['a truncated report', () => [...good().slice(0, 3), file('cut.json', JSON.stringify(shardReport('4/4', { d: 'fail' }, 7)).slice(0, 80))], /cut\.json cannot be merged: it is not complete JSON/],
    ['a JSON file that is not a report', () => [...good().slice(0, 3), file('pkg.json', { name: 'x', version: '1' })], /pkg\.json is not a preflight JSON report: it has no "check"/],
    ['a report without findings', () => [...good().slice(0, 3), file('nofind.json', { ...shardReport('4/4', {}, 7), findings: undefined })], /"findings" is not a list/],
    ['a pass holding a blocking finding', () => [...good().slice(0, 3), file('lie.json', { ...shardReport('4/4', { d: 'fail' }, 7), status: 'pass', exitCode: 0 })], /says pass but holds blocking findings/],
    ['a directory', () => [...good().slice(0, 3), dir], /is a directory/],
    ['a missing shard', () => good().slice(0, 3), /^preflight merge-reports: Shard 4\/4 is missing: no report given is it, so part of the list was not looked at/],
    ['two missing shards', () => [good()[0], good()[2]], /Shards 2\/4, 4\/4 are missing/],
    ['a shard given twice', () => [...good(), good()[1]], /Shard 2\/4 is given twice/],
    ['shards of different N', () => [...good().slice(0, 3), file('n5.json', shardReport('4/5', { d: 'fail' }, 7))], /shards of different N are not one run/],
    ['reports of different checks', () => [...good(), file('lint.json', { ...shardReport('1/4', {}, 7), check: 'secrets-lint' })], /is a schema-verify report and .*lint\.json a secrets-lint one/],
    ['a sharded and an unsharded report', () => [...good(), file('plain.json', { ...shardReport('1/4', {}, 7), shard: undefined })], /names no shard \(an unsharded run\)/],
    ['a target in two shards', () => [...good().slice(0, 3), file('dup.json', shardReport('4/4', { d: 'fail', a: 'pass', f: 'pass', g: 'pass' }, 7))], /^preflight merge-reports: a is in both .*s1\.json and .*dup\.json/],
    ['shards of lists of different lengths', () => [...good().slice(0, 3), file('longer.json', shardReport('4/4', { d: 'fail', e: 'pass', f: 'pass', g: 'pass' }, 8))], /counts 7 in the whole list and .* 8: the shards did not read the same list/],
    ['shares that do not add up to the list', () => [...good().slice(0, 3), file('short.json', shardReport('4/4', { d: 'fail', e: 'pass' }, 7))], /The shards hold 5 items between them but the list has 7/],
    ['a bad shard label', () => [...good().slice(0, 3), file('bad-label.json', shardReport('5/4', {}, 7))], /names shard "5\/4", which is not I\/N/],
  ])('%s', async (_name, paths, message) => {
    const r = await merge([...paths(), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout) as Report;
    expect([report.status, report.check, report.exitCode]).toEqual(['error', 'merge-reports', 2]);
  });
});
