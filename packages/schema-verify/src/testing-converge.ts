/**
 * Test helper for the converge suites (converge.test.ts, converge-kinds.test.ts): a case is two
 * schemas; the fix script of their difference, applied to the live one with
 * `psql -v ON_ERROR_STOP=1`, must leave nothing but the findings that have no automatic fix.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestDatabase } from '../../../test/harness/db.ts';
import { splitStatements } from './fix-order.ts';
import { runSchemaVerify } from './testing.ts';

export interface ConvergeCase {
  live: string;
  expected: string;
  /** Rules the first run must report, so the case really differs. */
  finds: string[];
  /** Rules with no safe automatic fix: they carry none, say what to do by hand, and remain afterwards. */
  manual?: string[];
}

/**
 * psql as the user runs the fix; `expectedWarnings` are server warnings the fix itself causes
 * (a wrapper's handler changing, a publication on a server below wal_level logical).
 */
export function psql(url: string, sql: string, expectedWarnings: RegExp[] = []): { ok: boolean; stderr: string } {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], { input: sql, encoding: 'utf8' });
  const stderr = expectedWarnings.reduce((text, warning) => text.replace(warning, ''), r.stderr);
  return { ok: r.status === 0, stderr };
}

/**
 * Diff → fix script → psql → diff again. `blocking`: every case of the suite must block the first
 * run (exit 1), rather than exit as its findings' severities say.
 */
export async function expectConverges(
  name: string,
  c: ConvergeCase,
  live: TestDatabase,
  expected: TestDatabase,
  opts: { dir: string; expectedWarnings?: RegExp[]; blocking?: boolean },
): Promise<void> {
  const fix = join(opts.dir, `${name.replace(/\W+/g, '-')}.sql`);
  const first = await runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url, 'fix-sql': fix, strict: 'true' });
  const rules = first.report.findings.map((f) => f.rule);
  for (const rule of c.finds) expect(rules, JSON.stringify(first.report.findings)).toContain(rule);
  const blocking = opts.blocking || first.report.findings.some((f) => f.severity === 'error');
  expect(first.exitCode, JSON.stringify(first.report.findings)).toBe(blocking ? 1 : 0);
  const manual = new Set(c.manual ?? []);
  for (const f of first.report.findings.filter((x) => manual.has(x.rule))) {
    expect(f.fix, f.message).toBeUndefined();
    expect(f.message).toMatch(/by hand/);
  }
  let script = '';
  if (first.report.findings.some((f) => f.fix)) {
    script = readFileSync(fix, 'utf8');
    // Every statement stands on its own: our splitter sees the same statements psql runs.
    for (const statement of splitStatements(script)) expect(statement.trimEnd()).toMatch(/;$/);
    const applied = psql(live.url, script, opts.expectedWarnings);
    expect(applied.stderr, script).toBe('');
    expect(applied.ok).toBe(true);
  }
  const again = await runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url, strict: 'true' });
  const left = again.report.findings.filter((f) => f.severity !== 'notice');
  expect(left.filter((f) => !manual.has(f.rule)).map((f) => `${f.rule} ${f.object}: ${f.message}`), script).toEqual([]);
  expect([...new Set(left.map((f) => f.rule))].sort()).toEqual([...manual].sort());
  expect(again.exitCode).toBe(manual.size ? 1 : 0);
}

export interface Variant {
  /** The object(s) changed in one way. */
  ddl: string;
  /** Rule reported either way round. */
  rule: string;
  /** With this variant expected (and the object live), the finding is manual. */
  manual?: boolean;
  /** With the object expected (and this variant live), the finding is manual. */
  manualBack?: boolean;
  /** Rule reported with the object expected, when it is another (extra-comment for comment-mismatch). */
  back?: string;
}

/** One kind of object and the ways it can differ; generatedCases turns it into converge cases. */
export interface Kind {
  /** Prerequisites both databases have. */
  base: string;
  /** The object as the first database has it. */
  object: string;
  missing: string;
  extra: string;
  variants: Record<string, Variant>;
}

/** missing, extra, and each variant both ways round. */
export function generatedCases(kinds: Record<string, Kind>): Record<string, ConvergeCase> {
  const out: Record<string, ConvergeCase> = {};
  for (const [kind, k] of Object.entries(kinds)) {
    out[`${kind}: missing`] = { live: k.base, expected: `${k.base}\n${k.object}`, finds: [k.missing] };
    out[`${kind}: extra`] = { live: `${k.base}\n${k.object}`, expected: k.base, finds: [k.extra] };
    for (const [name, v] of Object.entries(k.variants)) {
      out[`${kind}: ${name}`] = { live: `${k.base}\n${k.object}`, expected: `${k.base}\n${v.ddl}`, finds: [v.rule], manual: v.manual ? [v.rule] : undefined };
      out[`${kind}: ${name}, the other way round`] = { live: `${k.base}\n${v.ddl}`, expected: `${k.base}\n${k.object}`, finds: [v.back ?? v.rule], manual: v.manualBack ? [v.rule] : undefined };
    }
  }
  return out;
}
