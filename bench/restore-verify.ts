/**
 * restore-verify's dump readers vs the shell tools that read the same bytes, on the same dump, in
 * the same run:
 *   plain  `preflight restore-verify --dump dump.sql`       vs `wc -l dump.sql`
 *   gzip   `... --dump dump.sql.gz`                          vs `zcat dump.sql.gz | wc -l`
 *   custom `... --dump dump.custom`                          vs `pg_restore --data-only -f - dump.custom | wc -l`
 *   custom of --tables N tables (the same rows, one zlib stream per table), vs the same
 * plus `wc -l` of the plain SQL in every row (a CPU-bound floor: the same bytes through the fastest
 * counting tool), and the peak RSS of each of our runs (GNU time). Runs are interleaved (anchor,
 * ours, next format, ..., then the next round) and each figure is the median of --runs; the load
 * average is printed before and after, since the machine is shared. Then, with --rss-gb N, a
 * synthetic N GB plain dump (one table's COPY block repeated, written straight to disk) shows
 * that memory stays flat.
 *
 *   npx tsx bench/restore-verify.ts [--mb 1000] [--tables 16] [--rss-gb 10] [--runs 5] [--keep DIR]
 *
 * --keep DIR reuses (or writes) the four dumps in DIR instead of regenerating them; --runs 0 only
 * writes them.
 *
 * The dump comes from a real PostgreSQL 15 (throwaway server) and the real pg_dump: a table of
 * ~100-byte rows (ints, a date, numerics, text with quotes and backslashes) sized to --mb of SQL.
 * Prints a markdown report and writes it to bench/out/restore-verify.md.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '@preflight/pg';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { fmt, measure, median, medianOfMeasured, type Measured } from './lib/measure.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = arg('mb', 1000);
const RSS_GB = arg('rss-gb', 0);
const RUNS = arg('runs', 5);
const TABLES = arg('tables', 16);
const keepAt = process.argv.indexOf('--keep');
const KEEP = keepAt > 0 ? process.argv[keepAt + 1] : undefined;
const cli = join(repoRoot, 'dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'bench-restore-'));

async function once(cmd: string, args: string[]): Promise<Measured> {
  const m = await measure(cmd, args, { timeoutMs: 3_600_000 });
  if (m.code !== 0 && m.code !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code}: ${m.stderr.slice(0, 500)}`);
  return m;
}

function ours(dump: string, table = 'public.kpis'): Promise<Measured> {
  return once(process.execPath, [cli, 'restore-verify', '--dump', dump, '--min-rows', `${table}=1`, '--json']);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

/** Median wall time, median CPU time and the highest peak RSS of a set of runs. */
function summarize(runs: Measured[]) {
  return {
    seconds: median(runs.map((r) => r.seconds)),
    cpu: medianOfMeasured(runs.map((r) => r.cpuSeconds)),
    rss: Math.max(...runs.map((r) => r.peakRssMB ?? 0)),
    all: runs.map((r) => r.seconds),
  };
}

function rowsOf(m: Measured): number {
  return JSON.parse(m.stdout).stats.dumpRows;
}

const lines: string[] = [];
const out = (s = '') => {
  lines.push(s);
  console.log(s);
};

const plain = join(KEEP ?? work, 'dump.sql');
const gz = join(KEEP ?? work, 'dump.sql.gz');
const custom = join(KEEP ?? work, 'dump.custom');
/** The same rows spread over TABLES tables of uneven size: each table's data is its own zlib stream. */
const customMany = join(KEEP ?? work, `dump-${TABLES}-tables.custom`);
const rows = Math.round((MB * 1024 * 1024) / 100);
/** Rows of table i of the many-table variant: weights TABLES, TABLES-1, ..., 1 (the largest ~2/TABLES of the rows). */
const manyRows = (() => {
  const total = (TABLES * (TABLES + 1)) / 2;
  const split = Array.from({ length: TABLES }, (_, i) => Math.floor((rows * (TABLES - i)) / total));
  split[0] += rows - split.reduce((a, b) => a + b, 0);
  return split;
})();
const manyName = (i: number) => `kpis_${String(i + 1).padStart(2, '0')}`;

async function fillTable(db: pg.Client, table: string, from: number, to: number): Promise<void> {
  await db.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, institucion_id int, month date, value numeric(14,2), ratio float8, note text)`);
  const batch = 500_000;
  for (let lo = from; lo <= to; lo += batch) {
    await db.query(
      `INSERT INTO ${table} SELECT i, i % 54, date '2015-01-01' + (i % 3650)::int, i * 1.5, i / 7.0::float8,
              CASE i % 4 WHEN 0 THEN E'it''s a \\\\back\\\\slash' WHEN 1 THEN 'plain text value ' || i ELSE md5(i::text) END
         FROM generate_series($1::bigint, $2::bigint) i`,
      [lo, Math.min(to, lo + batch - 1)],
    );
  }
}

if (!(KEEP && existsSync(plain) && existsSync(gz) && existsSync(custom) && existsSync(customMany))) {
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const server = await startPostgres({ major: 15 });
  try {
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.query('CREATE DATABASE bench_many');
    await admin.end();
    const url = server.url('bench');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    db.on('error', () => undefined);
    console.error(`bench: generating ${rows.toLocaleString('en-US')} rows (~${MB} MB of SQL), then the same rows in ${TABLES} tables...`);
    await fillTable(db, 'public.kpis', 1, rows);
    await db.end();
    const manyUrl = server.url('bench_many');
    const many = new pg.Client({ connectionString: manyUrl });
    await many.connect();
    many.on('error', () => undefined);
    let next = 1;
    for (const [i, n] of manyRows.entries()) {
      await fillTable(many, `public.${manyName(i)}`, next, next + n - 1);
      next += n;
    }
    await many.end();
    console.error('bench: pg_dump plain, gzip, custom, custom of many tables...');
    execFileSync('pg_dump', ['-Fp', '-f', plain, '-d', url]);
    execFileSync('sh', ['-c', `gzip -6 -c "${plain}" > "${gz}"`]);
    execFileSync('pg_dump', ['-Fc', '-f', custom, '-d', url]);
    execFileSync('pg_dump', ['-Fc', '-f', customMany, '-d', manyUrl]);
  } finally {
    await server.stop();
  }
}
if (RUNS === 0) {
  console.error(`bench: dumps in ${KEEP ?? work}; --runs 0, nothing measured`);
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
try {
  const size = (p: string) => statSync(p).size / 1024 / 1024;
  const formats = [
    ['plain', plain, '`wc -l`', `wc -l "${plain}"`],
    ['gzip', gz, '`zcat | wc -l`', `zcat "${gz}" | wc -l`],
    ['custom', custom, '`pg_restore --data-only -f - | wc -l`', `pg_restore --data-only -f - "${custom}" | wc -l`],
    [`custom, ${TABLES} tables`, customMany, '`pg_restore --data-only -f - | wc -l`', `pg_restore --data-only -f - "${customMany}" | wc -l`],
  ] as const;
  const loadBefore = load();
  const runs = formats.map(() => ({ anchor: [] as Measured[], ours: [] as Measured[], floor: [] as Measured[] }));
  for (let round = 0; round < RUNS; round++) {
    for (const [i, [name, file, , anchorCmd]] of formats.entries()) {
      runs[i].floor.push(await once('wc', ['-l', plain]));
      runs[i].anchor.push(await once('sh', ['-c', anchorCmd]));
      const m = await ours(file, file === customMany ? `public.${manyName(0)}` : undefined);
      const counted = rowsOf(m);
      if (counted !== rows) throw new Error(`${name}: counted ${counted} rows, the table has ${rows}`);
      runs[i].ours.push(m);
      console.error(`bench: round ${round + 1} ${name}: ours ${fmt(m.seconds)} s, anchor ${fmt(runs[i].anchor.at(-1)!.seconds)} s (load ${load()})`);
    }
  }
  const loadAfter = load();
  out(`## restore-verify (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
  out();
  out(`Machine: ${cpus().length} cores, load average ${loadBefore} before and ${loadAfter} after (1/5/15 min; shared with other jobs). Dump: one table, ${rows.toLocaleString('en-US')} rows, ${fmt(size(plain), 0)} MB of SQL; gzip -6 ${fmt(size(gz), 0)} MB; custom (zlib default) ${fmt(size(custom), 0)} MB; the same rows in ${TABLES} tables (weights ${TABLES}..1), custom ${fmt(size(customMany), 0)} MB. Our figures are the whole CLI process (\`node dist/cli/index.js restore-verify --dump ... --json\`), start-up included. Medians of ${RUNS} interleaved runs (wall and user+sys CPU); peak RSS is the highest of the runs.`);
  out();
  out('| format | file MB | ours s (median) | ours CPU s | SQL MB/s | peak RSS MB | anchor | anchor s | anchor CPU s | ours / anchor (wall) | `wc -l` of the SQL s (floor) | every run: ours / anchor s |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [i, [name, file, anchorName]] of formats.entries()) {
    const o = summarize(runs[i].ours);
    const a = summarize(runs[i].anchor);
    const f = summarize(runs[i].floor);
    const each = o.all.map((t, k) => `${fmt(t)}/${fmt(a.all[k])}`).join(', ');
    out(`| ${name} | ${fmt(size(file), 0)} | ${fmt(o.seconds)} | ${fmt(o.cpu)} | ${fmt(size(plain) / o.seconds, 0)} | ${fmt(o.rss, 0)} | ${anchorName.replaceAll('|', '\\|')} | ${fmt(a.seconds)} | ${fmt(a.cpu)} | ${fmt(o.seconds / a.seconds)}x | ${fmt(f.seconds)} | ${each} |`);
  }

  if (RSS_GB > 0) {
    // A big plain dump without a big database: the COPY block of ~100-byte rows, written to disk.
    const big = join(work, 'big.sql');
    console.error(`bench: writing a ${RSS_GB} GB plain dump...`);
    const fd = openSync(big, 'w');
    writeSync(fd, '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.kpis (id bigint, note text);\nCOPY public.kpis (id, note) FROM stdin;\n');
    const line = (i: number) => `${i}\t${'plain text value with some length to it, like a real row of data'.slice(0, 90)}\n`;
    const block: string[] = [];
    for (let i = 0; i < 100_000; i++) block.push(line(i));
    const chunk = Buffer.from(block.join(''));
    const copies = Math.ceil((RSS_GB * 1024 ** 3) / chunk.length);
    for (let i = 0; i < copies; i++) writeSync(fd, chunk);
    writeSync(fd, '\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n');
    closeSync(fd);
    const w = await once('wc', ['-l', big]);
    const m = await ours(big);
    const bigRows = rowsOf(m);
    out();
    out(`Constant memory: a synthetic ${fmt(size(big) / 1024, 1)} GB plain dump (${bigRows.toLocaleString('en-US')} rows) read in ${fmt(m.seconds, 1)} s (${fmt(size(big) / m.seconds, 0)} MB/s; \`wc -l\` ${fmt(w.seconds, 1)} s just before), peak RSS **${fmt(m.peakRssMB, 0)} MB** (${m.rssSource}); load average ${load()}.`);
    rmSync(big, { force: true });
  }
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(benchDir, 'out', 'restore-verify.md'), lines.join('\n') + '\n');
  const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
  // The targets: plain ≥ 1 GB/s of SQL, gzip at least as fast as zcat | wc -l, custom 2x faster than pg_restore | wc -l.
  const sqlMB = size(plain);
  writeResultRows('restore-verify', formats.map(([name, , anchorName], i) => {
    const o = summarize(runs[i].ours).seconds;
    const an = summarize(runs[i].anchor).seconds;
    const [target, pass] = name === 'plain' ? ['≥ 1 GB/s of SQL', sqlMB / o >= 1024] : name === 'gzip' ? ['≤ 1x', o <= an] : ['≤ 0.5x (2x faster)', o * 2 <= an];
    const cpu = (k: 'ours' | 'anchor') => summarize(runs[i][k]).cpu;
    const byCpu = name.startsWith('custom') ? `; by CPU time ${fmt((cpu('ours') ?? NaN) / (cpu('anchor') ?? NaN))}x` : '';
    return resultRow({ check: `restore-verify (${name} dump)`, anchor: anchorName.replace(/`/g, ''), input: `${fmt(sqlMB, 0)} MB of SQL (${fmt(sqlMB / o, 0)} MB/s), ${RUNS} interleaved runs, load ${loadBefore} → ${loadAfter}${byCpu}`, ours_s: o, anchor_s: an, target, verdict: verdict(pass) });
  }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
