/**
 * Action start-up and bundle size.
 *
 *   npx tsx bench/startup.ts [--runs 10]
 *
 * 1. `node dist/<action>/index.js` with no INPUT_ variables must exit 2 with a clear message
 *    (secrets-lint, which scans the working directory by default: exit 0) within 150 ms (median of
 *    --runs runs, after one untimed warm-up run). Runs are interleaved with runs of node on an
 *    empty module, so a busy machine shows up in the reference row, not as a slow bundle.
 * 2. Each bundle (dist/<name>/index.js plus the chunks it statically imports, recursively; dynamic
 *    imports not counted) must be <= 1.5 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { bundleEntries, bundleSize } from './lib/bundle.ts';
import { fmt, median } from './lib/measure.ts';
import { resultRow, verdict, writeResultRows } from './lib/results.ts';

const START_LIMIT_MS = 150;

/**
 * The exit code a run with no inputs must give: 2 (a usage error with one sentence), except
 * secrets-lint, whose default is to scan the working directory (the repository root in a job), so
 * no inputs is a real scan of the bench's few files (exit 0).
 */
const expectedExit = (name: string) => (name === 'secrets-lint' ? 0 : 2);
const SIZE_LIMIT = 1.5 * 1024 * 1024;

function parseArgs(argv: string[]): { runs: number } {
  let runs = 10;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--runs') runs = Number(inline ?? argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return { runs };
}

/** The environment of a runner step that gave the action no inputs, writing nowhere shared. */
function bareEnv(runnerTemp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('INPUT_') || k.startsWith('GITHUB_') || k.startsWith('RUNNER_') || k === 'DATABASE_URL') continue;
    env[k] = v;
  }
  return { ...env, GITHUB_ACTIONS: 'true', RUNNER_TEMP: runnerTemp };
}

interface Target {
  name: string;
  entry: string;
  runsMs: number[];
  exitCodes: number[];
  warmCode?: number;
  /** The ::error:: line (or the first line) of the warm-up run's output. */
  message: string;
  /** Output of the first timed run that exited otherwise than the warm-up (e.g. dist/ rebuilt under the bench). */
  unexpected?: string;
}

function runAll(targets: Target[], runs: number): void {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    const env = bareEnv(tmp);
    const once = (entry: string) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [entry], { env, cwd: tmp, encoding: 'utf8', timeout: 10_000 });
      return { ms: performance.now() - t0, code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
    };
    for (const t of targets) {
      const warm = once(t.entry);
      const lines = warm.out.split('\n').map((l) => l.trim());
      t.message = lines.find((l) => l.startsWith('::error::'))?.replace(/^::error::/, '') ?? lines.find(Boolean) ?? '';
      t.warmCode = warm.code;
    }
    for (let i = 0; i < runs; i++) {
      targets.forEach((t) => {
        const r = once(t.entry);
        t.runsMs.push(r.ms);
        t.exitCodes.push(r.code);
        if (r.code !== t.warmCode && t.unexpected === undefined) t.unexpected = r.out.trim().split('\n').slice(0, 3).join(' ').slice(0, 300);
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function main(): void {
  const { runs } = parseArgs(process.argv.slice(2));
  if (!existsSync(join(repoRoot, 'dist/cli/index.js'))) {
    console.error('bench: dist/ missing, building (node scripts/build.mjs --if-missing)');
    spawnSync(process.execPath, ['scripts/build.mjs', '--if-missing'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const entries = bundleEntries(repoRoot);
  const actions = entries.filter((e) => !e.endsWith('/cli/index.js'));
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const lines: string[] = [`## Start-up and bundle size (${new Date().toISOString().slice(0, 10)}, node ${process.version}, load average ${load})`, ''];
  let ok = true;

  const mk = (name: string, entry: string): Target => ({ name, entry, runsMs: [], exitCodes: [], message: '' });
  const reference = mk('node (empty module, reference)', join(benchDir, 'lib/noop.mjs'));
  const targets = [reference, ...actions.map((e) => mk(e.split('/').at(-2)!, e))];
  runAll(targets, runs);

  lines.push(
    `Start-up: \`node dist/<action>/index.js\` with no INPUT_ variables (GITHUB_ACTIONS=true, empty RUNNER_TEMP), median of ${runs} runs after one warm-up, interleaved with the reference; must exit 2 with a clear message (secrets-lint: scan the working directory, exit 0) within ${START_LIMIT_MS} ms.`,
    '',
    '| action | median ms | min–max ms | over reference ms | exit codes | message | verdict |',
    '|---|---:|---:|---:|---|---|---|',
  );
  const refMedian = median(reference.runsMs);
  for (const t of targets) {
    const med = median(t.runsMs);
    const codes = [...new Set(t.exitCodes)].join(',');
    const range = `${fmt(Math.min(...t.runsMs), 0)}–${fmt(Math.max(...t.runsMs), 0)}`;
    if (t === reference) {
      lines.push(`| ${t.name} | ${fmt(med, 0)} | ${range} | – | ${codes} | – | – |`);
      continue;
    }
    const pass = t.exitCodes.every((c) => c === expectedExit(t.name)) && med <= START_LIMIT_MS && t.message.length > 0;
    ok &&= pass;
    if (t.unexpected !== undefined) console.error(`bench: ${t.name}: a run exited ${t.exitCodes.find((c) => c !== expectedExit(t.name))}: ${t.unexpected}`);
    lines.push(`| ${t.name} | ${fmt(med, 0)} | ${range} | ${fmt(med - refMedian, 0)} | ${codes} | ${t.message.replace(/\|/g, '\\|').slice(0, 160)} | ${pass ? 'PASS' : 'MISS'} |`);
  }

  lines.push(
    '',
    `Bundle size: dist/<name>/index.js plus the files it statically imports, recursively (dynamic imports not counted); actions must be <= ${fmt(SIZE_LIMIT / 1024 / 1024, 1)} MB.`,
    '',
    '| bundle | KB | files | largest files (KB) | verdict |',
    '|---|---:|---:|---|---|',
  );
  for (const entry of entries) {
    const b = bundleSize(entry, repoRoot);
    const isAction = !entry.endsWith('/cli/index.js');
    const pass = b.bytes <= SIZE_LIMIT;
    if (isAction) ok &&= pass;
    const largest = b.files
      .slice(0, 3)
      .map((f) => `${f.path} ${fmt(f.bytes / 1024, 0)}`)
      .join(', ');
    lines.push(`| ${b.name}${isAction ? '' : ' (CLI, not an action)'} | ${fmt(b.bytes / 1024, 0)} | ${b.files.length} | ${largest} | ${isAction ? (pass ? 'PASS' : 'MISS') : '–'} |`);
  }
  lines.push('', ok ? '**all start-up and size targets met**' : '**some start-up or size targets missed**');
  const md = lines.join('\n');
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  writeFileSync(join(benchDir, 'out', 'startup.md'), md + '\n');
  const slowest = targets.filter((t) => t !== reference).sort((a, b) => median(b.runsMs) - median(a.runsMs))[0];
  const largest = entries.filter((e) => !e.endsWith('/cli/index.js')).map((e) => bundleSize(e, repoRoot)).sort((a, b) => b.bytes - a.bytes)[0];
  writeResultRows('startup', [
    resultRow({
      check: `start-up (slowest action: ${slowest.name})`,
      anchor: 'node, empty module',
      input: 'no inputs: exit 2 (secrets-lint: a scan of the working directory, exit 0)',
      ours_s: median(slowest.runsMs) / 1000,
      anchor_s: median(reference.runsMs) / 1000,
      target: `≤ ${START_LIMIT_MS} ms`,
      verdict: verdict(median(slowest.runsMs) <= START_LIMIT_MS && slowest.exitCodes.every((c) => c === expectedExit(slowest.name))),
    }),
    resultRow({ check: `bundle size (largest action: ${largest.name})`, anchor: '–', input: `${fmt(largest.bytes / 1024, 0)} KB at start-up`, ours_s: null, anchor_s: null, target: `≤ ${fmt(SIZE_LIMIT / 1024 / 1024, 1)} MB`, verdict: verdict(largest.bytes <= SIZE_LIMIT) }),
  ]);
  console.log(md);
}

main();
