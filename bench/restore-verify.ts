/**
 * restore-verify's dump readers vs the shell tools that read the same bytes, on the same dump, in
 * the same run:
 *   plain  `preflight restore-verify --dump dump.sql`       vs `wc -l dump.sql`
 *   gzip   `... --dump dump.sql.gz`                          vs `zcat dump.sql.gz | wc -l`
 *   custom `... --dump dump.custom`                          vs `pg_restore --data-only -f - dump.custom | wc -l`
 * and the peak RSS of each of our runs (GNU time). Then, with --rss-gb N, a synthetic N GB plain
 * dump (one table's COPY block repeated, written straight to disk) shows that memory stays flat.
 *
 *   npx tsx bench/restore-verify.ts [--mb 1000] [--rss-gb 10] [--runs 1]
 *
 * The dump comes from a real PostgreSQL 15 (throwaway server) and the real pg_dump: a table of
 * ~100-byte rows (ints, a date, numerics, text with quotes and backslashes) sized to --mb of SQL.
 * Prints a markdown report and writes it to bench/out/restore-verify.md.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '@preflight/pg';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { fmt, measure, median, type Measured } from './lib/measure.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = arg('mb', 1000);
const RSS_GB = arg('rss-gb', 0);
const RUNS = arg('runs', 1);
const cli = join(repoRoot, 'dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'bench-restore-'));

async function best(cmd: string, args: string[]): Promise<Measured> {
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await measure(cmd, args, { timeoutMs: 3_600_000 });
    if (m.code !== 0 && m.code !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code}: ${m.stderr.slice(0, 500)}`);
    runs.push(m);
  }
  const t = median(runs.map((r) => r.seconds));
  return runs.find((r) => r.seconds === t) ?? runs[0];
}

function ours(dump: string): Promise<Measured> {
  return best(process.execPath, [cli, 'restore-verify', '--dump', dump, '--min-rows', 'public.kpis=1', '--json']);
}

function rowsOf(m: Measured): number {
  return JSON.parse(m.stdout).stats.dumpRows;
}

const lines: string[] = [];
const out = (s = '') => {
  lines.push(s);
  console.log(s);
};

const server = await startPostgres({ major: 15 });
try {
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = server.url('bench');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  db.on('error', () => undefined);
  const rows = Math.round((MB * 1024 * 1024) / 100);
  console.error(`bench: generating ${rows.toLocaleString('en-US')} rows (~${MB} MB of SQL)...`);
  await db.query(`CREATE TABLE public.kpis (id bigint PRIMARY KEY, institucion_id int, month date, value numeric(14,2), ratio float8, note text)`);
  const batch = 500_000;
  for (let from = 1; from <= rows; from += batch) {
    await db.query(
      `INSERT INTO public.kpis SELECT i, i % 54, date '2015-01-01' + (i % 3650)::int, i * 1.5, i / 7.0::float8,
              CASE i % 4 WHEN 0 THEN E'it''s a \\\\back\\\\slash' WHEN 1 THEN 'plain text value ' || i ELSE md5(i::text) END
         FROM generate_series($1::bigint, $2::bigint) i`,
      [from, Math.min(rows, from + batch - 1)],
    );
  }
  await db.end();
  const plain = join(work, 'dump.sql');
  const gz = join(work, 'dump.sql.gz');
  const custom = join(work, 'dump.custom');
  console.error('bench: pg_dump plain, gzip, custom...');
  execFileSync('pg_dump', ['-Fp', '-f', plain, '-d', url]);
  execFileSync('sh', ['-c', `gzip -6 -c "${plain}" > "${gz}"`]);
  execFileSync('pg_dump', ['-Fc', '-f', custom, '-d', url]);
  const size = (p: string) => statSync(p).size / 1024 / 1024;

  const results: Array<{ name: string; sqlMB: number; fileMB: number; ourM: Measured; anchorName: string; anchorM: Measured }> = [];
  for (const [name, file, anchorName, anchorCmd] of [
    ['plain', plain, '`wc -l`', `wc -l "${plain}"`],
    ['gzip', gz, '`zcat | wc -l`', `zcat "${gz}" | wc -l`],
    ['custom', custom, '`pg_restore --data-only -f - | wc -l`', `pg_restore --data-only -f - "${custom}" | wc -l`],
  ] as const) {
    const anchorM = await best('sh', ['-c', anchorCmd]);
    const ourM = await ours(file);
    if (rowsOf(ourM) !== rows) throw new Error(`${name}: counted ${rowsOf(ourM)} rows, the table has ${rows}`);
    results.push({ name, sqlMB: size(plain), fileMB: size(file), ourM, anchorName, anchorM });
  }

  out(`## restore-verify (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
  out();
  out(`Machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end (shared with other jobs). Dump: one table, ${rows.toLocaleString('en-US')} rows, ${fmt(size(plain), 0)} MB of SQL; gzip -6 ${fmt(size(gz), 0)} MB; custom (zlib default) ${fmt(size(custom), 0)} MB. Our figures are the whole CLI process (\`node dist/cli/index.js restore-verify --dump ... --json\`), start-up included.`);
  out();
  out('| format | file MB | restore-verify s | SQL MB/s | peak RSS MB | anchor | anchor s | ratio (ours / anchor) |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    out(`| ${r.name} | ${fmt(r.fileMB, 0)} | ${fmt(r.ourM.seconds)} | ${fmt(r.sqlMB / r.ourM.seconds, 0)} | ${fmt(r.ourM.peakRssMB, 0)} | ${r.anchorName} | ${fmt(r.anchorM.seconds)} | ${fmt(r.ourM.seconds / r.anchorM.seconds)}x |`);
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
    const m = await ours(big);
    const bigRows = rowsOf(m);
    out();
    out(`Constant memory: a synthetic ${fmt(size(big) / 1024, 1)} GB plain dump (${bigRows.toLocaleString('en-US')} rows) read in ${fmt(m.seconds, 1)} s (${fmt(size(big) / m.seconds, 0)} MB/s), peak RSS **${fmt(m.peakRssMB, 0)} MB** (${m.rssSource}).`);
    rmSync(big, { force: true });
  }
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(benchDir, 'out', 'restore-verify.md'), lines.join('\n') + '\n');
  const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
  // The targets: plain ≥ 1 GB/s of SQL, gzip at least as fast as zcat | wc -l, custom 2x faster than pg_restore | wc -l.
  const target = (r: (typeof results)[number]): [string, boolean] =>
    r.name === 'plain' ? ['≥ 1 GB/s of SQL', r.sqlMB / r.ourM.seconds >= 1024] : r.name === 'gzip' ? ['≤ 1x', r.ourM.seconds <= r.anchorM.seconds] : ['≤ 0.5x (2x faster)', r.ourM.seconds * 2 <= r.anchorM.seconds];
  writeResultRows('restore-verify', results.map((r) => resultRow({ check: `restore-verify (${r.name} dump)`, anchor: r.anchorName.replace(/`/g, ''), input: `${fmt(r.sqlMB, 0)} MB of SQL (${fmt(r.sqlMB / r.ourM.seconds, 0)} MB/s)`, ours_s: r.ourM.seconds, anchor_s: r.anchorM.seconds, target: target(r)[0], verdict: verdict(target(r)[1]) })));
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
