/**
 * The long DDL fuzz run: the property of packages/schema-verify/src/ddl-fuzz.test.ts (random DDL
 * on either side of pagila, then diff → fix through psql → diff again must be empty) with
 * --cases cases in all (default 10,000), split over --workers vitest processes (default: one per
 * core), each with its own seed and its own PostgreSQL cluster (the harness starts one per run),
 * so the cases run in parallel on separate databases and servers.
 *
 *   npm run bench -- --only ddl-fuzz
 *   npx tsx bench/ddl-fuzz.ts [--cases 10000] [--workers 2] [--seed N]
 *
 * A failing case stops its worker and prints the replay line (seed and path from fast-check):
 *   DDL_FUZZ_SEED=<seed> DDL_FUZZ_PATH=<path> npx vitest run packages/schema-verify/src/ddl-fuzz.test.ts
 * and the bench exits 1. Writes bench/out/ddl-fuzz.md and bench/out/ddl-fuzz.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { resultRow, verdict, writeResultRows } from './lib/results.ts';

const TEST_FILE = 'packages/schema-verify/src/ddl-fuzz.test.ts';

function parseArgs(argv: string[]): { cases: number; workers: number; seed: number } {
  const out = { cases: 10_000, workers: Math.max(1, cpus().length), seed: Math.floor(Math.random() * 2 ** 31) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isInteger(value) || value < (flag === '--seed' ? 0 : 1)) throw new Error(`${flag} takes a whole number`);
    if (flag === '--cases') out.cases = value;
    else if (flag === '--workers') out.workers = value;
    else if (flag === '--seed') out.seed = value;
    else throw new Error(`unknown argument ${argv[i]} (usage: --cases N --workers N --seed N)`);
  }
  return out;
}

interface WorkerResult {
  seed: number;
  cases: number;
  code: number | null;
  seconds: number;
  /** Seconds per phase summed over the worker's cases (DDL_FUZZ_PROFILE). */
  phases: Record<string, number>;
  /** `DDL_FUZZ_SEED=... DDL_FUZZ_PATH=...` of the failing case. */
  replay?: string;
  tail: string;
}

function runWorker(seed: number, cases: number): Promise<WorkerResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', TEST_FILE], {
      cwd: repoRoot,
      env: { ...process.env, DDL_FUZZ_SEED: String(seed), DDL_FUZZ_RUNS: String(cases), DDL_FUZZ_PROFILE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (b: Buffer) => {
      text += b.toString();
      // The report of a failure is what matters; keep the tail of very long output.
      if (text.length > 2_000_000) text = text.slice(-1_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
      const phases: Record<string, number> = {};
      const line = /ddl-fuzz phases \(s, \d+ cases\): (.*)/.exec(plain)?.[1] ?? '';
      for (const part of line.split(', ')) {
        const m = /^(.+) ([\d.]+)$/.exec(part.trim());
        if (m) phases[m[1]] = Number(m[2]);
      }
      const failure = /seed: (-?\d+), path: "([^"]+)"/.exec(plain);
      resolve({
        seed,
        cases,
        code,
        seconds: (performance.now() - t0) / 1000,
        phases,
        replay: failure ? `DDL_FUZZ_SEED=${failure[1]} DDL_FUZZ_PATH=${failure[2]} npx vitest run ${TEST_FILE}` : undefined,
        tail: plain.split('\n').slice(-60).join('\n'),
      });
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = load();
  const per = Math.ceil(args.cases / args.workers);
  console.error(`bench: ddl-fuzz: ${args.cases} cases over ${args.workers} workers (seeds ${args.seed}..${args.seed + args.workers - 1}), load ${loadBefore}`);
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: args.workers }, (_, i) => runWorker(args.seed + i, Math.min(per, args.cases - i * per))));
  const wall = (performance.now() - t0) / 1000;
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) {
    console.error(`bench: ddl-fuzz worker with seed ${r.seed} failed (exit ${r.code})${r.replay ? `; replay: ${r.replay}` : ''}\n${r.tail}`);
  }
  const cases = results.reduce((a, r) => a + r.cases, 0);
  const phases: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.phases)) phases[k] = (phases[k] ?? 0) + v;
  const inCases = Object.values(phases).reduce((a, v) => a + v, 0);
  const pass = failed.length === 0;
  const lines = [
    `## DDL fuzz (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, load average ${loadBefore} before, ${load()} after)`,
    '',
    `${cases.toLocaleString('en-US')} cases of \`${TEST_FILE}\` over ${args.workers} vitest workers (seeds ${results.map((r) => r.seed).join(', ')}), ${wall.toFixed(1)} s wall: ` +
      `${((wall * args.workers) / cases).toFixed(2)} s per case per worker, ${(inCases / cases).toFixed(2)} s of it inside the case.`,
    '',
    `Seconds per case by phase: ${Object.entries(phases).map(([k, v]) => `${k} ${(v / cases).toFixed(2)}`).join(', ')}.`,
    '',
    pass ? `**${cases.toLocaleString('en-US')} cases without a failure**` : `**failed**: ${failed.map((r) => r.replay ?? `seed ${r.seed}, exit ${r.code}`).join('; ')}`,
  ];
  const md = lines.join('\n');
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  writeFileSync(join(benchDir, 'out', 'ddl-fuzz.md'), `${md}\n`);
  writeResultRows('ddl-fuzz', [
    resultRow({
      check: 'schema-verify DDL fuzz (diff → fix → re-diff empty)',
      anchor: '–',
      input: `${cases.toLocaleString('en-US')} cases, ${args.workers} workers, load ${loadBefore}`,
      ours_s: wall,
      anchor_s: null,
      target: '≥ 10,000 cases, no failure',
      verdict: verdict(pass && cases >= 10_000),
    }),
  ]);
  console.log(md);
  process.exit(pass ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
