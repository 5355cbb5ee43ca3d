// `npm run bench` entry: runs the benches one after another with `npx tsx`.
//
//   npm run bench -- [--tables 1000,5000] [--only startup,schema-verify] [--runs 10]
//
// --tables goes to bench/schema-verify.ts, --runs to bench/startup.ts. Other bench/*.ts scripts
// (one per check) run after these two with no arguments. Each bench prints a markdown report and
// writes it to bench/out/<name>.md, and its rows against the anchors to bench/out/<name>.json; at the
// end the one overview table in bench/RESULTS.md is rewritten (bench/lib/results-table.mjs): the
// benches that ran replace their rows, the others keep theirs with their date. Exits non-zero when a bench fails to run (not when a target
// is missed: the reports say PASS/MISS per target).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { updateResultsTable } from './lib/results-table.mjs';

const benchDir = new URL('.', import.meta.url).pathname;
const root = join(benchDir, '..');

const argv = process.argv.slice(2);
const opts = { tables: undefined, only: undefined, runs: undefined };
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split('=', 2);
  const value = () => inline ?? argv[++i];
  if (flag === '--tables') opts.tables = value();
  else if (flag === '--only') opts.only = value().split(',').map((s) => s.trim().replace(/\.ts$/, ''));
  else if (flag === '--runs') opts.runs = value();
  else if (flag === '--help' || flag === '-h') {
    console.log('usage: npm run bench -- [--tables 1000,5000] [--only startup,schema-verify,...] [--runs 10]');
    process.exit(0);
  } else {
    console.error(`bench: unknown argument ${argv[i]}`);
    process.exit(2);
  }
}

const order = ['startup', 'schema-verify'];
const others = readdirSync(benchDir)
  // Files starting with _ or . are scratch files, not benches.
  .filter((f) => f.endsWith('.ts') && !/^[_.]/.test(f) && !order.includes(f.replace(/\.ts$/, '')))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const names = [...order, ...others].filter((n) => existsSync(join(benchDir, `${n}.ts`)) && (!opts.only || opts.only.includes(n)));
if (opts.only) {
  const unknown = opts.only.filter((n) => !names.includes(n));
  if (unknown.length) {
    console.error(`bench: no such bench: ${unknown.join(', ')}`);
    process.exit(2);
  }
}

// The benches run the built bundles.
if (!existsSync(join(root, 'dist/cli/index.js'))) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--if-missing'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const since = Date.now();
let failed = 0;
for (const name of names) {
  const args = [];
  if (name === 'schema-verify' && opts.tables) args.push('--tables', opts.tables);
  if (name === 'startup' && opts.runs) args.push('--runs', opts.runs);
  console.error(`\nbench: ${name} (npx tsx bench/${name}.ts ${args.join(' ')})`);
  const t0 = performance.now();
  const r = spawnSync('npx', ['tsx', `bench/${name}.ts`, ...args], { cwd: root, stdio: 'inherit' });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.error(`bench: ${name} failed (exit ${r.status ?? r.signal}) after ${secs} s`);
  } else console.error(`bench: ${name} done in ${secs} s`);
}
const updated = updateResultsTable({ resultsPath: join(benchDir, 'RESULTS.md'), outDir: join(benchDir, 'out'), ran: names, since, order: [...order, ...others] });
console.error(`bench: bench/RESULTS.md overview table: ${updated.length ? `rows of ${updated.join(', ')} replaced` : 'no bench wrote rows, table unchanged'}`);
process.exit(failed ? 1 : 0);
