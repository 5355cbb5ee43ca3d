/**
 * schema-verify vs the anchor @pgkit/migra, same input, same run.
 *
 *   npx tsx bench/schema-verify.ts [--tables 1000,5000] [--schemas 10] [--timeout 240] [--skip-migra] [--preflight-runs 3]
 *
 * For each size N: a throwaway PostgreSQL 15 gets `bench<N>_expected` (N tables over --schemas
 * schemas, with enums, domains, sequences, FKs, indexes incl. partial, checks, functions, triggers,
 * views, RLS policies, comments and grants) and `bench<N>_live` (a TEMPLATE clone with 14 injected
 * changes). Then it measures (a) one catalog round trip (a json_agg over every column), (b) migra
 * live -> expected, (c) `node dist/cli/index.js schema-verify --json`, and prints a markdown table
 * with ratios. Raw outputs go to bench/out/. migra runs once (it takes tens of seconds at 5,000
 * tables); Preflight runs --preflight-runs times (default 3): median time, highest peak RSS.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBinDir, startPostgres } from '@preflight/pg';
import { ensureMigra, migraVersion, repoRoot, benchDir } from './lib/anchor.ts';
import { fmt, measure, median, type Measured } from './lib/measure.ts';
import { generatePair, matchUnits, type InjectedChange, type Shape } from './lib/schema-gen.ts';

interface Args {
  tables: number[];
  schemas: number;
  timeoutMs: number;
  skipMigra: boolean;
  preflightRuns: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { tables: [1000, 5000], schemas: 10, timeoutMs: 240_000, skipMigra: false, preflightRuns: 3 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--tables') args.tables = value().split(',').map((s) => Number(s.trim()));
    else if (flag === '--schemas') args.schemas = Number(value());
    else if (flag === '--timeout') args.timeoutMs = Number(value()) * 1000;
    else if (flag === '--skip-migra') args.skipMigra = true;
    else if (flag === '--preflight-runs') args.preflightRuns = Number(value());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (args.tables.some((n) => !Number.isInteger(n) || n < 300)) throw new Error('--tables takes integers >= 300, e.g. --tables 1000,5000');
  return args;
}

/** One representative catalog query: every user column with type, nullability, default, comment. */
const CATALOG_QUERY = `
SELECT json_agg(json_build_object(
  'schema', n.nspname, 'table', c.relname, 'kind', c.relkind, 'column', a.attname, 'num', a.attnum,
  'type', format_type(a.atttypid, a.atttypmod), 'notnull', a.attnotnull,
  'default', pg_get_expr(d.adbin, d.adrelid), 'comment', ds.description))
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

interface CatalogTiming {
  seconds: number;
  runs: number[];
  columns: number;
}

/** Median of 3 runs of the query on a fresh connection each, timed from send to parsed rows. */
async function catalogRoundTrip(url: string): Promise<CatalogTiming> {
  const runs: number[] = [];
  let columns = 0;
  for (let i = 0; i < 3; i++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const t0 = performance.now();
      const r = await client.query<{ json_agg: unknown[] }>(CATALOG_QUERY);
      runs.push((performance.now() - t0) / 1000);
      columns = r.rows[0].json_agg.length;
    } finally {
      await client.end();
    }
  }
  return { seconds: median(runs), runs, columns };
}

interface ToolResult {
  tool: string;
  measured: Measured;
  found: Set<string>;
  /** Statements (migra) or findings (preflight) in the output. */
  units: number;
  /** Units that mention none of the injected changes. */
  unmatched: number;
  error?: string;
  /** Wall seconds of every run when the tool ran more than once (measured.seconds is their median). */
  runs?: number[];
}

function migraUnits(stdout: string): string[] {
  return stdout.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean);
}

interface Finding {
  rule?: string;
  severity?: string;
  object?: string;
  message?: string;
  fix?: string;
}

function preflightUnits(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings?: Finding[] };
  return (report.findings ?? []).map((f) => [f.object, f.rule, f.message, f.fix].filter(Boolean).join(' '));
}

function firstLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(-n).join(' | ').slice(0, 400);
}

async function runMigra(script: string, live: string, expected: string, changes: InjectedChange[], timeoutMs: number): Promise<ToolResult> {
  // live -> expected: the statements that would bring the live database back to the expected schema.
  const measured = await measure(process.execPath, [script, 'run', live, expected, '--unsafe', '--with-privileges'], { timeoutMs });
  // migra exits 2 when it found differences, 0 when none.
  const ok = measured.code === 0 || measured.code === 2;
  const units = ok ? migraUnits(measured.stdout) : [];
  const match = matchUnits(changes, units);
  return {
    tool: `@pgkit/migra ${migraVersion()}`,
    measured,
    found: match.found,
    units: units.length,
    unmatched: match.unmatched,
    error: ok ? undefined : measured.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${measured.code ?? measured.signal}: ${firstLines(measured.stderr)}`,
  };
}

async function runPreflight(live: string, expected: string, changes: InjectedChange[], timeoutMs: number, runs: number): Promise<ToolResult> {
  const cli = join(repoRoot, 'dist/cli/index.js');
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, [cli, 'schema-verify', '--database-url', live, '--expected-url', expected, '--json'], {
      timeoutMs,
      cwd: repoRoot,
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))),
    });
    all.push(m);
    if (m.code !== 0 && m.code !== 1) break;
  }
  // Findings from the first run; median wall time; the highest peak RSS of all runs.
  const peaks = all.map((m) => m.peakRssMB).filter((v): v is number => v !== undefined);
  const cpuTimes = all.map((m) => m.cpuSeconds).filter((v): v is number => v !== undefined);
  const measured: Measured = {
    ...all[0],
    seconds: median(all.map((m) => m.seconds)),
    cpuSeconds: cpuTimes.length ? median(cpuTimes) : undefined,
    peakRssMB: peaks.length ? Math.max(...peaks) : undefined,
  };
  let units: string[] = [];
  let error: string | undefined;
  if (measured.code === 0 || measured.code === 1) {
    try {
      units = preflightUnits(measured.stdout);
    } catch (e) {
      error = `stdout is not a JSON report: ${(e as Error).message}`;
    }
  } else {
    error = measured.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${measured.code ?? measured.signal}: ${firstLines(measured.stderr || measured.stdout)}`;
  }
  const tool = `preflight schema-verify${all.length > 1 ? ` (median of ${all.length})` : ''}`;
  const match = matchUnits(changes, units);
  return { tool, measured, found: match.found, units: units.length, unmatched: match.unmatched, error, runs: all.map((m) => m.seconds) };
}

interface SizeResult {
  tables: number;
  generateSeconds: number;
  cloneSeconds: number;
  catalog: CatalogTiming;
  migra?: ToolResult;
  preflight: ToolResult;
  changes: InjectedChange[];
  /** 1/5/15-minute load average before and after the size's measurements. */
  load: string;
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? a / b : undefined);

/**
 * Seconds to compare against: the measured time, or for a timed-out migra the timeout as a lower
 * bound (`lower: true`), so a ratio against it is an upper bound.
 */
function comparable(t: ToolResult | undefined): { seconds: number; lower: boolean } | undefined {
  if (!t) return undefined;
  if (!t.error) return { seconds: t.measured.seconds, lower: false };
  if (t.measured.timedOut) return { seconds: t.measured.seconds, lower: true };
  return undefined;
}

function table(results: SizeResult[]): string {
  const lines = [
    '| tables | tool | seconds | CPU s | peak RSS MB | changes found | preflight / migra | / catalog round trip |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const total = r.changes.length;
    lines.push(`| ${r.tables} | one catalog round trip (${r.catalog.columns} columns, median of 3) | ${fmt(r.catalog.seconds, 3)} | – | – | – | – | 1.00 |`);
    const m = comparable(r.migra);
    for (const t of [r.migra, r.preflight]) {
      if (!t) continue;
      const isPreflight = t === r.preflight;
      const c = comparable(t);
      const secs = c ? `${c.lower ? '> ' : ''}${fmt(c.seconds, 2)}` : 'n/a';
      let vsMigra = '–';
      if (isPreflight && m && c && !c.lower) vsMigra = `${m.lower ? '< ' : ''}${fmt(c.seconds / m.seconds, 3)}`;
      const vsCatalog = c ? `${c.lower ? '> ' : ''}${fmt(ratio(c.seconds, r.catalog.seconds), 1)}` : 'n/a';
      const err = t.error ? ` (error: ${t.error.replace(/\|/g, '\\|')})` : '';
      lines.push(`| ${r.tables} | ${t.tool}${err} | ${secs} | ${fmt(t.measured.cpuSeconds, 1)} | ${fmt(t.measured.peakRssMB, 0)} | ${t.found.size}/${total} | ${vsMigra} | ${vsCatalog} |`);
    }
  }
  return lines.join('\n');
}

function detail(results: SizeResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`\n### ${r.tables} tables: injected changes`, '', `| change | migra | preflight |`, '|---|:-:|:-:|');
    for (const c of r.changes) {
      out.push(`| ${c.label} | ${r.migra ? (r.migra.found.has(c.id) ? 'yes' : '**no**') : 'skipped'} | ${r.preflight.found.has(c.id) ? 'yes' : '**no**'} |`);
    }
    out.push(
      '',
      `generation ${fmt(r.generateSeconds, 1)} s, TEMPLATE clone + injection ${fmt(r.cloneSeconds, 1)} s; catalog runs ${r.catalog.runs.map((s) => fmt(s, 3)).join(', ')} s; ` +
        `migra ${r.migra ? `${r.migra.units} statements (${r.migra.unmatched} about none of the changes), exit ${r.migra.measured.code}` : 'skipped'}; preflight ${r.preflight.units} findings (${r.preflight.unmatched} about none of the changes), exit ${r.preflight.measured.code}, runs ${(r.preflight.runs ?? []).map((x) => fmt(x)).join(', ')} s; load average ${r.load}.`,
    );
  }
  return out.join('\n');
}

function targets(results: SizeResult[]): string[] {
  const r = results.find((x) => x.tables === 5000) ?? results[results.length - 1];
  const p = r.preflight;
  const ok = (b: boolean) => (b ? 'PASS' : 'MISS');
  const secs = p.error ? Infinity : p.measured.seconds;
  const lines = [`targets at ${r.tables} tables${p.found.size === 0 ? ' (speed figures not meaningful yet: preflight found none of the changes)' : ''}:`];
  const m = comparable(r.migra);
  if (m) lines.push(`  ${ok(secs <= m.seconds / 5)} preflight <= 1/5 of migra's time (${fmt(secs)} s vs ${m.lower ? '> ' : ''}${fmt(m.seconds)} s / 5 = ${fmt(m.seconds / 5)} s)`);
  else lines.push(`  n/a preflight <= 1/5 of migra's time (migra ${r.migra ? 'failed' : 'skipped'})`);
  lines.push(`  ${ok(secs <= 2 * r.catalog.seconds)} preflight <= 2x one catalog round trip (${fmt(secs)} s vs 2 x ${fmt(r.catalog.seconds, 3)} s = ${fmt(2 * r.catalog.seconds)} s)`);
  lines.push(`  ${ok((p.measured.peakRssMB ?? Infinity) <= 300)} peak RSS <= 300 MB (${fmt(p.measured.peakRssMB, 0)} MB)`);
  lines.push(`  ${ok(p.found.size === r.changes.length)} finds every injected change (${p.found.size}/${r.changes.length}${p.found.size < r.changes.length ? `; missing: ${r.changes.filter((c) => !p.found.has(c.id)).map((c) => c.id).join(', ')}` : ''})`);
  return lines;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  if (!existsSync(join(repoRoot, 'dist/cli/index.js'))) {
    console.error('bench: dist/cli/index.js missing, building (node scripts/build.mjs --if-missing)');
    spawnSync(process.execPath, ['scripts/build.mjs', '--if-missing'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const migra = args.skipMigra ? undefined : ensureMigra();
  const outDir = join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const server = await startPostgres({ major: 15, settings: { max_locks_per_transaction: 1024, shared_buffers: '512MB' } });
  const results: SizeResult[] = [];
  try {
    for (const tables of args.tables) {
      const shape: Shape = { tables, schemas: args.schemas };
      const prefix = `bench${tables}`;
      console.error(`bench: ${tables} tables over ${args.schemas} schemas: generating...`);
      const gen = await generatePair((db) => server.url(db), shape, prefix);
      console.error(`bench:   generated in ${fmt(gen.generateSeconds, 1)} s, cloned + injected in ${fmt(gen.cloneSeconds, 1)} s`);
      const live = server.url(gen.live);
      const expected = server.url(gen.expected);
      const loadBefore = loadavg()[0].toFixed(2);
      const catalog = await catalogRoundTrip(live);
      console.error(`bench:   catalog round trip ${fmt(catalog.seconds, 3)} s (${catalog.columns} columns)`);
      let migraResult: ToolResult | undefined;
      if (migra) {
        migraResult = await runMigra(migra, live, expected, gen.changes, args.timeoutMs);
        writeFileSync(join(outDir, `schema-verify-${tables}-migra.sql`), migraResult.measured.stdout + (migraResult.measured.stderr ? `\n-- stderr:\n-- ${migraResult.measured.stderr.replace(/\n/g, '\n-- ')}` : ''));
        console.error(`bench:   migra ${fmt(migraResult.measured.seconds)} s, ${fmt(migraResult.measured.peakRssMB, 0)} MB, ${migraResult.found.size}/${gen.changes.length}${migraResult.error ? ` ERROR ${migraResult.error}` : ''}`);
      }
      const preflight = await runPreflight(live, expected, gen.changes, args.timeoutMs, args.preflightRuns);
      writeFileSync(join(outDir, `schema-verify-${tables}-preflight.json`), preflight.measured.stdout || preflight.measured.stderr);
      console.error(`bench:   preflight ${fmt(preflight.measured.seconds)} s, ${fmt(preflight.measured.peakRssMB, 0)} MB, ${preflight.found.size}/${gen.changes.length}${preflight.error ? ` ERROR ${preflight.error}` : ''}`);
      results.push({
        tables,
        generateSeconds: gen.generateSeconds,
        cloneSeconds: gen.cloneSeconds,
        catalog,
        migra: migraResult,
        preflight,
        changes: gen.changes,
        load: `${loadBefore} before, ${loadavg()[0].toFixed(2)} after`,
      });
      // Free the disk before the next size.
      const admin = new pg.Client({ connectionString: server.url('postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${gen.live}`);
      await admin.query(`DROP DATABASE IF EXISTS ${gen.expected}`);
      await admin.end();
    }
  } finally {
    await server.stop();
  }
  const pgVersion = spawnSync(join(findPostgresBinDir(15) ?? '', 'postgres'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  const md = [
    `## schema-verify vs @pgkit/migra (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 0)} GB, ${pgVersion || 'PostgreSQL'}, node ${process.version})`,
    '',
    table(results),
    detail(results),
    '',
    ...targets(results).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : `**${l}**`)),
    '',
    `total bench time ${fmt((performance.now() - started) / 1000, 1)} s`,
  ].join('\n');
  writeFileSync(join(outDir, 'schema-verify.md'), md + '\n');
  const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
  const at = results.find((x) => x.tables === 5000) ?? results[results.length - 1];
  const ours = at.preflight.error ? null : at.preflight.measured.seconds;
  const migraTime = comparable(at.migra);
  writeResultRows('schema-verify', [
    resultRow({ check: 'schema-verify', anchor: `@pgkit/migra${migraTime?.lower ? ' (timed out: lower bound)' : ''}`, input: `${at.tables} tables, ${at.changes.length} injected changes`, ours_s: ours, anchor_s: migraTime?.seconds ?? null, target: '≤ 0.2x', verdict: ours !== null && migraTime ? verdict(ours <= migraTime.seconds / 5) : 'n/a' }),
    resultRow({ check: 'schema-verify', anchor: 'one catalog round trip', input: `${at.tables} tables`, ours_s: ours, anchor_s: at.catalog.seconds, target: '≤ 2x', verdict: verdict(ours !== null && ours <= 2 * at.catalog.seconds) }),
  ]);
  console.log(md);
}

// process.exit: startPostgres().stop() leaves a 10 s fallback timer armed that would keep node alive.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
