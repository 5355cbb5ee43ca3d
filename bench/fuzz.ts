/**
 * The long fuzz run: every test file that runs a property through test/harness/fuzz.ts, with
 * FUZZ_RUNS=10000 (at least 10,000 cases per property), through vitest. Reports cases per parser
 * and wall time, writes bench/out/fuzz.md and bench/out/fuzz.json.
 *
 *   npm run bench -- --only fuzz
 *   npx tsx bench/fuzz.ts [--runs 10000] [--seed N]
 *
 * A property that fails prints fast-check's report with the replay line
 * (FUZZ_SEED=... FUZZ_PATH=... FUZZ_RUNS=... npx vitest run FILE); the bench then exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { resultRow, verdict, writeResultRows } from './lib/results.ts';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const runs = Number(arg('runs') ?? 10_000);
const seed = arg('seed');

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// Every test file that uses the helper; the helper's own test (deliberately failing properties) is not a parser.
const files = [...testFiles(join(repoRoot, 'packages')), ...testFiles(join(repoRoot, 'test'))]
  .filter((f) => /harness\/fuzz\.ts['"]/.test(readFileSync(f, 'utf8')))
  .filter((f) => !f.endsWith('test/harness/fuzz.test.ts'))
  .map((f) => relative(repoRoot, f))
  .sort();

const outDir = join(benchDir, 'out');
mkdirSync(outDir, { recursive: true });
const statsFile = join(outDir, 'fuzz-stats.jsonl');
rmSync(statsFile, { force: true });
if (!existsSync(join(repoRoot, 'dist/cli/index.js'))) spawnSync(process.execPath, ['scripts/build.mjs', '--if-missing'], { cwd: repoRoot, stdio: 'inherit' });

console.error(`bench: fuzz: ${files.length} test files, FUZZ_RUNS=${runs}${seed ? `, FUZZ_SEED=${seed}` : ''}`);
const t0 = performance.now();
const r = spawnSync('npx', ['vitest', 'run', '--testTimeout=3600000', ...files], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_STATS: statsFile, ...(seed ? { FUZZ_SEED: seed } : {}) },
});
const wall = (performance.now() - t0) / 1000;

interface Stat {
  parser: string;
  file: string;
  runs: number;
  skipped: number;
  ms: number;
  failed: boolean;
}
const stats: Stat[] = existsSync(statsFile)
  ? readFileSync(statsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Stat)
  : [];
const byParser = new Map<string, { properties: number; cases: number; minCases: number; ms: number; files: Set<string>; failed: boolean }>();
for (const s of stats) {
  const p = byParser.get(s.parser) ?? { properties: 0, cases: 0, minCases: Infinity, ms: 0, files: new Set<string>(), failed: false };
  p.properties++;
  p.cases += s.runs;
  p.minCases = Math.min(p.minCases, s.runs);
  p.ms += s.ms;
  p.files.add(s.file);
  p.failed ||= s.failed;
  byParser.set(s.parser, p);
}
const parsers = [...byParser.entries()].sort(([a], [b]) => a.localeCompare(b));
// A failing property stops early (fewer cases); every property must reach FUZZ_RUNS.
const allReached = parsers.length > 0 && parsers.every(([, p]) => p.minCases >= runs && !p.failed);
const pass = r.status === 0 && allReached;

const fmt = (n: number, d = 1) => n.toFixed(d);
const lines = [
  `## Fuzzing (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`,
  '',
  `\`FUZZ_RUNS=${runs} npx vitest run <${files.length} files>\`: ${parsers.length} parsers, ${stats.length} properties, ${stats.reduce((a, s) => a + s.runs, 0).toLocaleString('en-US')} cases in ${fmt(wall)} s wall time (vitest start-up and the test PostgreSQL included); vitest exit ${r.status}.`,
  '',
  '| parser | properties | cases | fewest per property | seconds | test file | |',
  '|---|---:|---:|---:|---:|---|---|',
  ...parsers.map(([name, p]) => `| ${name} | ${p.properties} | ${p.cases.toLocaleString('en-US')} | ${p.minCases.toLocaleString('en-US')} | ${fmt(p.ms / 1000, 2)} | ${[...p.files].join(', ')} | ${p.failed ? 'FAILED' : p.minCases >= runs ? 'PASS' : 'MISS'} |`),
  '',
  pass ? `**every property ran ${runs.toLocaleString('en-US')} cases without a failure**` : '**some properties failed or stopped early (see the vitest output above for the replay line)**',
];
const md = lines.join('\n');
writeFileSync(join(outDir, 'fuzz.md'), `${md}\n`);
writeResultRows('fuzz', [
  resultRow({ check: 'fuzz: every parser we own', anchor: '–', input: `${parsers.length} parsers, ${stats.length} properties, FUZZ_RUNS=${runs}`, ours_s: wall, anchor_s: null, target: `≥ ${runs.toLocaleString('en-US')} cases each, no failure`, verdict: verdict(pass) }),
]);
console.log(md);
process.exit(r.status === 0 ? 0 : 1);
