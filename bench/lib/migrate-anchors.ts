/**
 * Anchors for bench/migrate-direct.ts: dbmate and node-pg-migrate, installed into bench/anchor (its
 * own package.json and lock file, never the root's) when missing. dbmate's npm package is only a
 * node wrapper that finds the Go binary in its optional dependency @dbmate/<platform>-<arch> (no
 * install script; npm 11 would skip one anyway); bench/anchor depends on @dbmate/linux-x64 directly,
 * as an optional dependency, because a lock file listing `dbmate` needs entries for all seven
 * platform packages to pass `npm ci`, and a registry mirror that only carries linux-x64 cannot
 * produce them. Also: the migration directories every tool reads (same SQL, each in its
 * tool's layout), a child-process runner that timestamps stderr lines and reads CPU time from GNU
 * time, and a reader for `node --cpu-prof` profiles that splits Preflight's main-thread time by phase.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorDir } from './anchor.ts';
import { ensureGnuTime } from './measure.ts';

const GNU_TIME = '/usr/bin/time';

export interface MigrateAnchors {
  /** The dbmate executable itself (not npm's node wrapper, which adds a node start-up). */
  dbmate: string;
  dbmateVersion: string;
  /** node-pg-migrate's CLI script, run with `node`. */
  nodePgMigrate: string;
  nodePgMigrateVersion: string;
}

function dbmateBinary(): string | undefined {
  // npm 11 runs no install scripts; dbmate needs none: the binary is a file of the platform package.
  const platformBin = join(anchorDir, 'node_modules', '@dbmate', `${process.platform}-${process.arch}`, 'bin', process.platform === 'win32' ? 'dbmate.exe' : 'dbmate');
  return existsSync(platformBin) ? platformBin : undefined;
}

const npmScript = () => join(anchorDir, 'node_modules/node-pg-migrate/bin/node-pg-migrate.js');

function installAnchors(): void {
  const lock = existsSync(join(anchorDir, 'package-lock.json'));
  console.error(`bench: installing the anchors (dbmate, node-pg-migrate) into ${anchorDir}/node_modules`);
  // --no-workspaces keeps npm from walking up to the root workspace and its lock file.
  const r = spawnSync('npm', [lock ? 'ci' : 'install', '--prefix', anchorDir, '--no-workspaces', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: anchorDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`could not install the anchors into ${anchorDir} (npm exit ${r.status})`);
}

function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(anchorDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Installs dbmate and node-pg-migrate into bench/anchor when missing and checks that both run. */
export function ensureMigrateAnchors(): MigrateAnchors {
  if (!dbmateBinary() || !existsSync(npmScript())) installAnchors();
  const dbmate = dbmateBinary();
  if (!dbmate) {
    const pkg = `@dbmate/${process.platform}-${process.arch}`;
    throw new Error(
      `dbmate's binary is missing from ${anchorDir}/node_modules/${pkg}: bench/anchor pins only @dbmate/linux-x64; on this platform run npm install --prefix bench/anchor --no-workspaces --no-save ${pkg}@2.36.0`,
    );
  }
  const v = spawnSync(dbmate, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`${dbmate} --version failed (exit ${v.status}): ${v.stderr}`);
  if (!existsSync(npmScript())) throw new Error(`node-pg-migrate is missing from ${anchorDir}/node_modules after npm install`);
  return {
    dbmate,
    dbmateVersion: /(\d+\.\d+\.\d+)/.exec(v.stdout)?.[1] ?? v.stdout.trim(),
    nodePgMigrate: npmScript(),
    nodePgMigrateVersion: pkgVersion('node-pg-migrate'),
  };
}

export interface MigrationDirs {
  root: string;
  /** `<version>_t<i>.sql` with `-- migrate:up` / `-- migrate:down`: dbmate, and Preflight --migrations-format dbmate. */
  dbmate: string;
  /** `<version>_t<i>.sql`, the bare SQL: Preflight --migrations-format sql. */
  sql: string;
  /** `<version>_t<i>.sql` with `-- Up Migration` / `-- Down Migration`: node-pg-migrate's SQL files. */
  nodePgMigrate: string;
}

/** The default workload: one `CREATE TABLE t_i (id int);` per migration. */
export const oneLineMigration = (i: number) => ({ up: `CREATE TABLE t_${i} (id int);\n`, down: `DROP TABLE t_${i};\n` });

/** The same migrations (`sqlFor(i)`, default one-line CREATE TABLEs) with the same versions in each tool's layout. */
export function writeMigrationDirs(count: number, sqlFor: (i: number) => { up: string; down: string } = oneLineMigration): MigrationDirs {
  const root = mkdtempSync(join(tmpdir(), 'pf-bench-migrate-'));
  const dirs: MigrationDirs = { root, dbmate: join(root, 'dbmate'), sql: join(root, 'sql'), nodePgMigrate: join(root, 'node-pg-migrate') };
  for (const d of [dirs.dbmate, dirs.sql, dirs.nodePgMigrate]) mkdirSync(d);
  for (let i = 1; i <= count; i++) {
    const version = String(20240101000000 + i); // 14 digits, dbmate's timestamp style
    const file = `${version}_t${i}.sql`;
    const { up, down } = sqlFor(i);
    writeFileSync(join(dirs.dbmate, file), `-- migrate:up\n${up}\n-- migrate:down\n${down}`);
    writeFileSync(join(dirs.sql, file), up);
    writeFileSync(join(dirs.nodePgMigrate, file), `-- Up Migration\n${up}\n-- Down Migration\n${down}`);
  }
  return dirs;
}

export interface TimedRun {
  code: number | null;
  /** Wall time from spawn to exit. */
  ms: number;
  /** User + system CPU of the command (GNU time), undefined without GNU time. */
  cpuMs: number | undefined;
  stdout: string;
  stderr: string;
  /** Each stderr line with the ms since spawn at which it arrived (pipes are synchronous in node children). */
  lines: { ms: number; text: string }[];
}

/** Runs a command to completion, timestamping its stderr lines as they arrive. */
export async function runTimed(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<TimedRun> {
  const useTime = ensureGnuTime();
  const tmp = useTime ? mkdtempSync(join(tmpdir(), 'bench-time-')) : undefined;
  const timeFile = tmp ? join(tmp, 'time.txt') : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const lines: { ms: number; text: string }[] = [];
  const out: Buffer[] = [];
  let errText = '';
  let partial = '';
  const start = performance.now();
  const child = spawn(file, argv, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => {
    const ms = performance.now() - start;
    const text = b.toString('utf8');
    errText += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) lines.push({ ms, text: p });
  });
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, opts.timeoutMs)
    : undefined;
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  const ms = performance.now() - start;
  if (timer) clearTimeout(timer);
  if (partial) lines.push({ ms, text: partial });
  let cpuMs: number | undefined;
  if (timeFile && existsSync(timeFile)) {
    const m = /(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*$/.exec(readFileSync(timeFile, 'utf8'));
    if (m) cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  return { code, ms, cpuMs, stdout: Buffer.concat(out).toString('utf8'), stderr: errText, lines };
}

/**
 * Phases of one `preflight migrate-direct` run from the arrival times of its log lines:
 * "N migration file(s) in ..." (files read), "Migrating ... (pooler check)" (direct session open),
 * "applied <file> (N ms)" per migration. Before the first "applied": lock, ledger, plan and lint.
 */
export interface PreflightPhases {
  /** Spawn to "N migration file(s)": node start-up, CLI and check module load, reading + hashing the files. */
  startAndReadMs?: number;
  /** To "Migrating ...": connect and pooler probe. */
  sessionMs?: number;
  /** To the first "applied": lock, ledger read, plan, lint module + libpg-query WASM load, lint of every file, first migration. */
  untilFirstAppliedMs?: number;
  /** First to last "applied". */
  applyMs?: number;
  /** Last "applied" to exit: unlock, report, exit. */
  tailMs?: number;
  /** Sum of the runner's own per-migration durations ("applied ... (N ms)"). */
  perMigrationSumMs?: number;
}

export function preflightPhases(run: TimedRun): PreflightPhases {
  const at = (re: RegExp) => run.lines.find((l) => re.test(l.text))?.ms;
  const applied = run.lines.filter((l) => /^applied .* \(\d+ ms\)$/.test(l.text.trim()));
  const read = at(/^\d+ migration file\(s\) in /);
  const session = at(/^Migrating .*pooler check/);
  const first = applied[0]?.ms;
  const last = applied.at(-1)?.ms;
  const sub = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : undefined);
  return {
    startAndReadMs: read,
    sessionMs: sub(read, session),
    untilFirstAppliedMs: sub(session, first),
    applyMs: sub(first, last),
    tailMs: sub(last, run.ms),
    perMigrationSumMs: applied.length ? applied.reduce((s, l) => s + Number(/\((\d+) ms\)\s*$/.exec(l.text)![1]), 0) : undefined,
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ProfileSummary {
  /** Profile span (the main thread's life from profiler start to exit). */
  spanMs: number;
  /** Main-thread non-idle ms by phase, in phase order; "start-up" is everything before the first phase function. */
  phases: { phase: string; fromMs: number; toMs: number; busyMs: number }[];
  /** Top self-time functions (main thread, non-idle). */
  top: { fn: string; ms: number }[];
}

/**
 * Splits a `node --cpu-prof` profile of `preflight migrate-direct` by phase: each phase starts at the
 * first sample whose stack holds one of its functions or a frame from a matching script (names from
 * the bundle; a phase that is never seen is left out). Only the main thread is profiled: V8's background WASM
 * compilation and GC threads are in the process CPU time, not here.
 */
export function summarizeProfile(dir: string, phaseFns: { phase: string; fns: string[]; urls?: RegExp }[]): ProfileSummary | undefined {
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return undefined;
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples: { ms: number; dt: number; self: string; stack: Set<string>; urls: Set<string> }[] = [];
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    t += dt;
    const stack = new Set<string>();
    const urls = new Set<string>();
    for (let cur: number | undefined = p.samples[i]; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      stack.add(frame.functionName);
      if (frame.url) urls.add(frame.url);
    }
    const n = byId.get(p.samples[i])!;
    const where = n.callFrame.url ? ` (${n.callFrame.url.split('/').slice(-2).join('/')})` : '';
    samples.push({ ms: t, dt, self: `${n.callFrame.functionName || '(anonymous)'}${where}`, stack, urls });
  }
  const starts = phaseFns
    .map(({ phase, fns, urls }) => ({ phase, from: samples.find((s) => fns.some((f) => s.stack.has(f)) || (urls !== undefined && [...s.urls].some((u) => urls.test(u))))?.ms }))
    .filter((x): x is { phase: string; from: number } => x.from !== undefined)
    .sort((a, b) => a.from - b.from);
  const bounds = [{ phase: 'start-up (node, CLI, modules)', from: 0 }, ...starts];
  const spanMs = (p.endTime - p.startTime) / 1000;
  const phases = bounds.map((b, i) => {
    const toMs = i + 1 < bounds.length ? bounds[i + 1].from : spanMs;
    const busyMs = samples.filter((s) => s.ms > b.from && s.ms <= toMs && s.self !== '(idle)').reduce((sum, s) => sum + s.dt, 0);
    return { phase: b.phase, fromMs: b.from, toMs, busyMs };
  });
  const self = new Map<string, number>();
  for (const s of samples) if (!s.self.startsWith('(idle)')) self.set(s.self, (self.get(s.self) ?? 0) + s.dt);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([fn, ms]) => ({ fn, ms }));
  return { spanMs, phases, top };
}

/**
 * A TCP proxy in front of the server that counts the client's writes: each is one request flight
 * the client then waits on (a query, a BEGIN, a prepare), so the count approximates round trips.
 */
export async function startCountingProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<{ port: number; writes(): number; stop(): Promise<void> }> {
  const { createServer, connect } = await import('node:net');
  let writes = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, upstreamHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (b) => {
      writes++;
      upstream.write(b);
    });
    upstream.on('data', (b) => client.write(b));
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    port,
    writes: () => writes,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
