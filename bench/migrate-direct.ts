/**
 * migrate-direct's built-in runner vs dbmate and node-pg-migrate: the same 500 small migrations
 * (`CREATE TABLE t_i (id int)`, same versions) applied to a fresh empty database of one throwaway
 * PostgreSQL 15, every tool as a real process, in the same run.
 *
 *   npx tsx bench/migrate-direct.ts [--migrations 500] [--runs 3]
 *
 * Each run gives every tool its own fresh database and measures wall time (and CPU time from GNU
 * time) of the whole process; the tools take turns in a rotating order so they share the machine's
 * noise. Reported: median of --runs, ratios Preflight / dbmate and Preflight / node-pg-migrate,
 * Preflight's own stats from its --json report (pooler detection, lock wait, time under the lock),
 * the phases of a Preflight run (from the arrival times of its log lines) and the process start-up
 * (`node dist/cli/index.js --version`). Diagnostics after the runs: a bare loop (one
 * `BEGIN; sql; INSERT ledger; COMMIT` round trip per file, no lock, no checks, no lint) as a floor,
 * one lock acquire/release cycle, the lint pass cold and warm, a no-op re-run, a CPU profile of one
 * Preflight run split by phase, and one more run of each tool through a counting TCP proxy (round
 * trips per migration, which localhost makes nearly free and a real network does not).
 *
 * Anchors (installed into bench/anchor when missing, see bench/lib/migrate-anchors.ts):
 *   dbmate: the Go binary (@dbmate/linux-x64), run directly (npm's `dbmate` wrapper would add a node
 *   start-up), `migrate --no-dump-schema` (per-migration transactions; no lock, no checksums).
 *   node-pg-migrate: `up --no-single-transaction` with .sql files (per-migration transactions, advisory lock, no checksums).
 * Preflight: `migrate-direct --migrations-format dbmate` on dbmate's very directory, and the `sql`
 * format (checksummed ledger) on the same SQL without the dbmate markers.
 *
 * Prints a markdown report and writes it to bench/out/migrate-direct.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBinDir, startPostgres } from '@preflight/pg';
import { readMigrations } from '@preflight/migrations';
import { acquireMigrationLock, advisoryLockKey, releaseMigrationLock } from '../packages/migrate-direct/src/runner/lock.ts';
import { lintMigrationSql } from '../packages/migrate-direct/src/lint/index.ts';
import { benchDir, cliPath as cli, ensureCliBuilt } from './lib/anchor.ts';
import { medianOfMeasured } from './lib/measure.ts';
import {
  ensureMigrateAnchors,
  preflightPhases,
  runTimed,
  startCountingProxy,
  summarizeProfile,
  writeMigrationDirs,
  type PreflightPhases,
  type TimedRun,
} from './lib/migrate-anchors.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} takes a positive integer`);
  return v;
}

const count = arg('migrations', 500);
const runs = arg('runs', 3);
const TIMEOUT_MS = 120_000;

type ToolId = 'dbmate' | 'node-pg-migrate' | 'preflight-dbmate' | 'preflight-sql' | 'preflight-liftoff' | 'startup';

interface Sample {
  run: number;
  ms: number;
  cpuMs?: number;
  stats?: Record<string, number>;
  phases?: PreflightPhases;
}

const ms0 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${Math.round(n)}`);
const s2 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : (n / 1000).toFixed(2));
const med = medianOfMeasured;

async function main(): Promise<void> {
  const started = performance.now();
  ensureCliBuilt();
  const anchors = ensureMigrateAnchors();
  const dirs = writeMigrationDirs(count);
  // Autovacuum off: after a tool's 500 CREATE TABLEs it would analyze the catalogs while the next tool runs.
  const server = await startPostgres({ major: 15, settings: { autovacuum: 'off' } });
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  let dbSeq = 0;
  const freshDb = async (tag: string) => {
    const name = `bench_${tag.replace(/[^a-z0-9]/g, '_')}_${++dbSeq}`;
    await admin.query(`CREATE DATABASE ${name}`);
    return { name, url: server.url(name) };
  };
  const withParam = (url: string, p: string) => `${url}${url.includes('?') ? '&' : '?'}${p}`;
  const countIn = async (url: string, sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return Number((await c.query<{ n: string }>(sql)).rows[0].n);
    } finally {
      await c.end();
    }
  };
  const userTables = `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t_[0-9]+$'`;
  const fail = (what: string, r: TimedRun, extra = '') => new Error(`${what} failed (exit ${r.code})${extra}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`);

  const preflightArgs = (url: string, dir: string, format: 'dbmate' | 'sql') => ['migrate-direct', '--database-url', url, '--migrations', dir, '--migrations-format', format, '--json'];

  /** One measured run of one tool on its own fresh database (through a proxy on `viaPort` when given). */
  const runTool = async (tool: ToolId, run: number, viaPort?: number): Promise<Sample & { db?: string }> => {
    if (tool === 'startup') {
      const r = await runTimed(process.execPath, [cli, '--version'], { timeoutMs: TIMEOUT_MS });
      if (r.code !== 0) throw fail('preflight --version', r);
      return { run, ms: r.ms, cpuMs: r.cpuMs };
    }
    const db = await freshDb(tool);
    let url = db.url;
    if (viaPort) {
      const u = new URL(db.url);
      u.port = String(viaPort);
      url = u.toString();
    }
    let r: TimedRun;
    let ledger: string;
    if (tool === 'dbmate') {
      r = await runTimed(anchors.dbmate, ['--url', withParam(url, 'sslmode=disable'), '--migrations-dir', dirs.dbmate, '--no-dump-schema', 'migrate'], { timeoutMs: TIMEOUT_MS });
      ledger = 'SELECT count(*) AS n FROM schema_migrations';
    } else if (tool === 'node-pg-migrate') {
      r = await runTimed(process.execPath, [anchors.nodePgMigrate, 'up', '-m', dirs.nodePgMigrate, '--no-single-transaction'], {
        env: { ...process.env, DATABASE_URL: url },
        timeoutMs: TIMEOUT_MS,
      });
      ledger = 'SELECT count(*) AS n FROM pgmigrations';
    } else {
      const format = tool === 'preflight-sql' ? 'sql' : 'dbmate';
      const nodeFlags = tool === 'preflight-liftoff' ? ['--liftoff-only'] : [];
      r = await runTimed(process.execPath, [...nodeFlags, cli, ...preflightArgs(url, format === 'sql' ? dirs.sql : dirs.dbmate, format)], { timeoutMs: TIMEOUT_MS });
      ledger = format === 'sql' ? 'SELECT count(*) AS n FROM preflight.schema_migrations WHERE checksum IS NOT NULL' : 'SELECT count(*) AS n FROM schema_migrations';
    }
    if (r.code !== 0) throw fail(tool, r);
    const [rows, tables] = [await countIn(db.url, ledger), await countIn(db.url, userTables)];
    if (rows !== count || tables !== count) throw fail(tool, r, ` (ledger ${rows} rows, ${tables} tables, expected ${count})`);
    const sample: Sample & { db?: string } = { run, ms: r.ms, cpuMs: r.cpuMs, db: db.url };
    if (tool.startsWith('preflight')) {
      const report = JSON.parse(r.stdout) as { stats: Record<string, number> };
      if (report.stats.applied !== count) throw fail(tool, r, ` (report says applied ${report.stats.applied})`);
      sample.stats = report.stats;
      sample.phases = preflightPhases(r);
    }
    return sample;
  };

  const order: ToolId[] = ['dbmate', 'preflight-dbmate', 'node-pg-migrate', 'preflight-sql', 'preflight-liftoff', 'startup'];
  const samples = new Map<ToolId, Sample[]>(order.map((t) => [t, []]));
  const noop: Sample[] = [];
  const floor: number[] = [];
  try {
    // Warm-up outside the measurement: the page cache holds node, the bundles and the files after this.
    await runTool('startup', 0);
    for (let run = 1; run <= runs; run++) {
      // Rotate the order so no tool always runs first (or right after the same neighbour).
      const k = (run - 1) % order.length;
      const turn = [...order.slice(k), ...order.slice(0, k)];
      for (const tool of turn) {
        const s = await runTool(tool, run);
        samples.get(tool)!.push(s);
        console.error(`bench: run ${run} ${tool.padEnd(17)} ${s2(s.ms)} s${s.cpuMs !== undefined ? ` (cpu ${s2(s.cpuMs)} s)` : ''}`);
        if (tool === 'preflight-dbmate' && s.db) {
          // The same database again: nothing pending, the fixed cost of a deploy without migrations.
          const r = await runTimed(process.execPath, [cli, ...preflightArgs(s.db, dirs.dbmate, 'dbmate')], { timeoutMs: TIMEOUT_MS });
          if (r.code !== 0) throw fail('preflight no-op re-run', r);
          noop.push({ run, ms: r.ms, cpuMs: r.cpuMs, stats: (JSON.parse(r.stdout) as { stats: Record<string, number> }).stats });
        }
      }
      // Floor: the same files, one round trip each, nothing else, in this process (no start-up).
      const db = await freshDb('floor');
      const files = readMigrations(dirs.sql, 'sql');
      const c = new pg.Client({ connectionString: db.url });
      const t = performance.now();
      await c.connect();
      await c.query('CREATE TABLE schema_migrations (version text PRIMARY KEY)');
      for (const m of files) await c.query(`BEGIN; ${m.upSql}; INSERT INTO schema_migrations VALUES (${pg.escapeLiteral(m.version)}); COMMIT`);
      floor.push(performance.now() - t);
      await c.end();
    }

    // One uncontended lock cycle (pg_try_advisory_lock + pg_advisory_unlock), averaged.
    const lockDb = await freshDb('lock');
    const lc = new pg.Client({ connectionString: lockDb.url });
    await lc.connect();
    const key = advisoryLockKey(lockDb.name);
    const t3 = performance.now();
    for (let i = 0; i < 100; i++) {
      await acquireMigrationLock(lc, { key, waitMs: 1000 });
      await releaseMigrationLock(lc, key);
    }
    const lockCycleMs = (performance.now() - t3) / 100;
    await lc.end();

    // The lint pass over every file: cold (libpg-query's WASM loads on the first call) and warm.
    const files = readMigrations(dirs.dbmate, 'dbmate');
    const lintPass = async () => {
      const t = performance.now();
      for (const m of files) await lintMigrationSql(m.upSql, { file: m.file, startLine: m.upStartLine, inTransaction: true });
      return performance.now() - t;
    };
    const lintColdMs = await lintPass();
    const lintWarmMs = await lintPass();

    // One profiled Preflight run: main-thread time by phase (background WASM compilation and GC are not in it).
    const profDir = mkdtempSync(join(tmpdir(), 'pf-bench-prof-'));
    const profDb = await freshDb('profile');
    const pr = await runTimed(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250', cli, ...preflightArgs(profDb.url, dirs.dbmate, 'dbmate')], { timeoutMs: TIMEOUT_MS });
    if (pr.code !== 0) throw fail('preflight --cpu-prof', pr);
    const profile = summarizeProfile(profDir, [
      { phase: 'read + hash the files', fns: ['readMigrations'] },
      { phase: 'connect + pooler probe', fns: ['openDirectSession'] },
      { phase: 'lock + ledger + plan', fns: ['runNative'] },
      // The lint chunk is imported on first use: its module load (libpg-query's JS glue) counts as lint.
      { phase: 'lint (lint module + libpg-query WASM load, parse every file)', fns: ['lintMigrationSql', 'parserReady', 'loadModule'], urls: /\/(lint-[^/]*\.js|libpg-query[^/]*)$/ },
      { phase: 'apply (one round trip per migration)', fns: ['applyMigration', 'applyInTransaction'] },
    ]);
    rmSync(profDir, { recursive: true, force: true });

    // Round trips: each tool once more through a counting proxy (not timed).
    const upstreamPort = Number(new URL(server.url()).port);
    const roundTrips: { tool: ToolId; writes: number }[] = [];
    for (const tool of ['dbmate', 'node-pg-migrate', 'preflight-dbmate', 'preflight-sql'] as const) {
      const proxy = await startCountingProxy(upstreamPort);
      try {
        await runTool(tool, 0, proxy.port);
        roundTrips.push({ tool, writes: proxy.writes() });
      } finally {
        await proxy.stop();
      }
    }

    const pgVersion = spawnSync(join(findPostgresBinDir(15) ?? '', 'postgres'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
    const md = report({
      anchors,
      pgVersion,
      load: `${loadBefore} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after`,
      samples,
      noop,
      floor,
      lockCycleMs,
      lintColdMs,
      lintWarmMs,
      profile,
      profileWallMs: pr.ms,
      roundTrips,
      totalSeconds: (performance.now() - started) / 1000,
    });
    mkdirSync(join(benchDir, 'out'), { recursive: true });
    writeFileSync(join(benchDir, 'out', 'migrate-direct.md'), md + '\n');
    const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
    const wallS = (t: ToolId) => med(samples.get(t)!.map((s) => s.ms))! / 1000;
    writeResultRows('migrate-direct', [
      resultRow({ check: 'migrate-direct (dbmate format)', anchor: 'dbmate', input: `${count} one-line migrations`, ours_s: wallS('preflight-dbmate'), anchor_s: wallS('dbmate'), target: '≤ 1x', verdict: verdict(wallS('preflight-dbmate') <= wallS('dbmate')) }),
      resultRow({ check: 'migrate-direct (dbmate format)', anchor: 'node-pg-migrate', input: `${count} one-line migrations`, ours_s: wallS('preflight-dbmate'), anchor_s: wallS('node-pg-migrate'), target: '< 1x', verdict: verdict(wallS('preflight-dbmate') < wallS('node-pg-migrate')) }),
    ]);
    console.log(md);
  } finally {
    await admin.end().catch(() => undefined);
    await server.stop();
    rmSync(dirs.root, { recursive: true, force: true });
  }
}

interface ReportInput {
  anchors: ReturnType<typeof ensureMigrateAnchors>;
  pgVersion: string | undefined;
  load: string;
  samples: Map<ToolId, Sample[]>;
  noop: Sample[];
  floor: number[];
  lockCycleMs: number;
  lintColdMs: number;
  lintWarmMs: number;
  profile: ReturnType<typeof summarizeProfile>;
  profileWallMs: number;
  roundTrips: { tool: ToolId; writes: number }[];
  totalSeconds: number;
}

function report(x: ReportInput): string {
  const wall = (t: ToolId) => med(x.samples.get(t)!.map((s) => s.ms));
  const cpu = (t: ToolId) => med(x.samples.get(t)!.map((s) => s.cpuMs));
  const range = (t: ToolId) => {
    const v = x.samples.get(t)!.map((s) => s.ms);
    return `${s2(Math.min(...v))}–${s2(Math.max(...v))}`;
  };
  const dbmate = wall('dbmate')!;
  const npm = wall('node-pg-migrate')!;
  const ratio = (a: number | undefined, b: number) => (a === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`);
  const rows: [ToolId, string, string][] = [
    ['dbmate', `dbmate ${x.anchors.dbmateVersion} (Go binary, \`migrate --no-dump-schema\`)`, 'per-migration tx; no lock, no checksums'],
    ['node-pg-migrate', `node-pg-migrate ${x.anchors.nodePgMigrateVersion} (\`up --no-single-transaction\`, .sql files)`, 'per-migration tx, advisory lock; no checksums'],
    ['preflight-dbmate', 'Preflight migrate-direct `--migrations-format dbmate` (dbmate\'s directory)', 'per-migration tx, advisory lock, pooler probe, lint; dbmate\'s ledger (no checksum column)'],
    ['preflight-sql', 'Preflight migrate-direct `--migrations-format sql`', 'per-migration tx, advisory lock, pooler probe, lint, checksums'],
    ['preflight-liftoff', 'diagnostic: Preflight dbmate format under `node --liftoff-only` (no WASM tier-up)', 'as above; V8 flag only'],
    ['startup', 'Preflight start-up: `node dist/cli/index.js --version`', '–'],
  ];
  const out: string[] = [];
  out.push(
    `## migrate-direct vs dbmate and node-pg-migrate (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${x.pgVersion || 'PostgreSQL 15'}, node ${process.version}, load average ${x.load})`,
    '',
    `${count} migrations \`CREATE TABLE t_i (id int);\` on a fresh empty database per tool and run (one throwaway server, fsync and autovacuum off), every tool a real process; wall time spawn-to-exit, median of ${runs} runs in rotating order; CPU = user + system of the process (GNU time).`,
    '',
    '| tool | median s | min–max s | CPU s | Preflight (dbmate fmt) / this | safety on |',
    '|---|---:|---:|---:|---:|---|',
  );
  for (const [id, label, safety] of rows) {
    out.push(`| ${label} | ${s2(wall(id))} | ${range(id)} | ${s2(cpu(id))} | ${id === 'startup' ? '–' : ratio(wall('preflight-dbmate'), wall(id)!)} | ${safety} |`);
  }
  const pfD = wall('preflight-dbmate')!;
  const pfS = wall('preflight-sql')!;
  out.push(
    '',
    `**Ratios (median wall):** Preflight dbmate format / dbmate = ${ratio(pfD, dbmate)}, / node-pg-migrate = ${ratio(pfD, npm)}; Preflight sql format (checksums) / dbmate = ${ratio(pfS, dbmate)}, / node-pg-migrate = ${ratio(pfS, npm)}.`,
    '',
    `Target (at most dbmate's time and below node-pg-migrate's, checksums + lock + per-migration transactions on, i.e. the sql format): ` +
      `vs dbmate ${pfS <= dbmate ? 'PASS' : 'MISS'} (${s2(pfS)} s vs ${s2(dbmate)} s), vs node-pg-migrate ${pfS < npm ? 'PASS' : 'MISS'} (${s2(pfS)} s vs ${s2(npm)} s).`,
    '',
    '### Preflight per run (`--json` stats, ms; phases from the arrival times of its log lines)',
    '',
    '| run | format | wall | durationMs | poolerDetectionMs | lockWaitMs | lockMs (under lock) | start-up + read files | session (connect + pooler probe) | lock + ledger + plan + lint + 1st migration | apply (1st → last) | unlock + report + exit | Σ per-migration ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const id of ['preflight-dbmate', 'preflight-sql', 'preflight-liftoff'] as const) {
    for (const s of x.samples.get(id)!) {
      const st = s.stats ?? {};
      const p = s.phases ?? {};
      out.push(
        `| ${s.run} | ${id.replace('preflight-', '')} | ${ms0(s.ms)} | ${ms0(st.durationMs)} | ${ms0(st.poolerDetectionMs)} | ${ms0(st.lockWaitMs)} | ${ms0(st.lockMs)} | ${ms0(p.startAndReadMs)} | ${ms0(p.sessionMs)} | ${ms0(p.untilFirstAppliedMs)} | ${ms0(p.applyMs)} | ${ms0(p.tailMs)} | ${ms0(p.perMigrationSumMs)} |`,
      );
    }
  }
  const all = [...x.samples.get('preflight-dbmate')!, ...x.samples.get('preflight-sql')!];
  const pooler = med(all.map((s) => s.stats?.poolerDetectionMs));
  const lockWait = med(all.map((s) => s.stats?.lockWaitMs));
  const startup = wall('startup');
  out.push(
    '',
    `**Overhead per run (median over both formats):** pooler detection ${ms0(pooler)} ms (${pct(pooler, pfS)} of the sql-format wall time); ` +
      `locking ≈ ${ms0(lockWait)} ms to acquire (lockWaitMs, uncontended: one round trip) + ≈ ${(x.lockCycleMs / 2).toFixed(1)} ms to release (half a measured lock cycle of ${x.lockCycleMs.toFixed(2)} ms); ` +
      `process start-up ${ms0(startup)} ms (\`--version\`).`,
    '',
    '### Diagnostics',
    '',
    '| what | ms |',
    '|---|---:|',
    `| bare loop floor, in-process (connect + one \`BEGIN; sql; INSERT; COMMIT\` round trip per file; median of ${x.floor.length}) | ${ms0(med(x.floor))} |`,
    `| no-op re-run of Preflight (dbmate format, nothing pending), wall (median of ${x.noop.length}) | ${ms0(med(x.noop.map((s) => s.ms)))} |`,
    `| no-op re-run: durationMs / poolerDetectionMs from its report | ${ms0(med(x.noop.map((s) => s.stats?.durationMs)))} / ${ms0(med(x.noop.map((s) => s.stats?.poolerDetectionMs)))} |`,
    `| lint of all ${count} files in-process, cold (includes loading libpg-query's WASM) | ${ms0(x.lintColdMs)} |`,
    `| lint of all ${count} files in-process, warm | ${ms0(x.lintWarmMs)} |`,
    `| one uncontended lock cycle (pg_try_advisory_lock + pg_advisory_unlock) | ${x.lockCycleMs.toFixed(2)} |`,
  );
  if (x.roundTrips.length) {
    const label: Partial<Record<ToolId, string>> = { dbmate: 'dbmate', 'node-pg-migrate': 'node-pg-migrate', 'preflight-dbmate': 'Preflight (dbmate format)', 'preflight-sql': 'Preflight (sql format)' };
    out.push(
      '',
      `### Round trips (one more run of each tool through a counting TCP proxy; a client write the client then waits on ≈ one round trip)`,
      '',
      '| tool | client → server writes | per migration | extra wall time at 1 ms network RTT (writes × 1 ms) |',
      '|---|---:|---:|---:|',
      ...x.roundTrips.map((r) => `| ${label[r.tool]} | ${r.writes} | ${(r.writes / count).toFixed(1)} | +${(r.writes / 1000).toFixed(2)} s |`),
      '',
      'On localhost a round trip costs tens of microseconds, so this bench weighs the server\'s work per migration and each tool\'s fixed costs; against a database across a network every round trip adds the RTT.',
    );
  }
  if (x.profile) {
    out.push(
      '',
      `### Where one Preflight run's main thread spends its time (\`node --cpu-prof\`, dbmate format, wall ${ms0(x.profileWallMs)} ms, profile span ${ms0(x.profile.spanMs)} ms)`,
      '',
      'busy = main-thread samples that are not idle; the rest of the window is waiting (for the server, or for V8 compiling WASM on background threads).',
      '',
      '| phase | from ms | to ms | window ms | main thread busy ms |',
      '|---|---:|---:|---:|---:|',
      ...x.profile.phases.map((p) => `| ${p.phase} | ${ms0(p.fromMs)} | ${ms0(p.toMs)} | ${ms0(p.toMs - p.fromMs)} | ${ms0(p.busyMs)} |`),
      '',
      `Top self time: ${x.profile.top.map((t) => `${t.fn} ${ms0(t.ms)} ms`).join('; ')}.`,
    );
  }
  out.push('', `total bench time ${x.totalSeconds.toFixed(1)} s`);
  return out.join('\n');
}

function pct(part: number | undefined, whole: number | undefined): string {
  return part === undefined || !whole ? 'n/a' : `${Math.round((100 * part) / whole)}%`;
}

// process.exit: startPostgres().stop() leaves a 10 s fallback timer armed that would keep node alive.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
