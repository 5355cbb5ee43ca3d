/**
 * schema-verify over a fleet: one `--targets` run with `--parallel 8` against N sequential
 * single-target runs of the same CLI, in the same run, on N pagila databases (TEMPLATE clones,
 * 2 of them drifted) of one throwaway PostgreSQL 15. Both build the expected schema from
 * pagila.sql on the same server (`--expected-schema`, `--shadow-url`): the fleet once, the loop
 * once per database, which is the point.
 *
 *   npx tsx bench/fleet.ts [--tenants 50] [--parallel 8]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '@preflight/pg';
import { benchDir, cliPath, ensureCliBuilt, repoRoot } from './lib/anchor.ts';
import { fmt, measure } from './lib/measure.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const tenants = flag('tenants', 50);
const parallel = flag('parallel', 8);

ensureCliBuilt();
const work = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
const schema = join(work, 'pagila.sql');
// psql meta-commands of newer pg_dump versions are not SQL.
writeFileSync(schema, readFileSync(join(repoRoot, 'test/fixtures/schemas/pagila.sql'), 'utf8').split('\n').filter((l) => !/^\\(un)?restrict\b/.test(l)).join('\n'));

const server = await startPostgres({ major: 15 });
try {
  const admin = new pg.Client({ connectionString: server.url() });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('CREATE DATABASE pagila_template');
  const load = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url('pagila_template'), '-f', schema], { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(`loading pagila failed: ${load.stderr}`);
  const names = Array.from({ length: tenants }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);
  for (const name of names) await admin.query(`CREATE DATABASE ${name} TEMPLATE pagila_template`);
  await admin.end();
  for (const [name, change] of [[names[1], 'ALTER TABLE public.payment ALTER COLUMN amount DROP NOT NULL'], [names[tenants - 1], 'DROP INDEX public.idx_actor_last_name']] as const) {
    const c = new pg.Client({ connectionString: server.url(name) });
    c.on('error', () => undefined);
    await c.connect();
    await c.query(change).finally(() => c.end());
  }
  const file = join(work, 'targets.txt');
  writeFileSync(file, names.map((n) => `${n}=${server.url(n)}`).join('\n') + '\n');
  const expected = ['--expected-schema', schema, '--shadow-url', server.url()];

  console.error(`bench: fleet of ${tenants} with --parallel ${parallel} ...`);
  const fleet = await measure(process.execPath, [cliPath, 'schema-verify', '--targets', file, '--parallel', String(parallel), ...expected, '--json']);
  const report = JSON.parse(fleet.stdout);
  console.error(`bench: ${tenants} sequential single-target runs ...`);
  let loopSeconds = 0;
  let loopPeak = 0;
  let loopDrifted = 0;
  for (const name of names) {
    const one = await measure(process.execPath, [cliPath, 'schema-verify', '--database-url', server.url(name), ...expected, '--json']);
    loopSeconds += one.seconds;
    loopPeak = Math.max(loopPeak, one.peakRssMB ?? 0);
    if (one.code === 1) loopDrifted++;
  }
  const ratio = loopSeconds / fleet.seconds;
  const lines = [
    `## schema-verify fleet (${tenants} pagila databases, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
    '',
    '| run | exit | drifted | time | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    `| fleet, --parallel ${parallel} | ${fleet.code} | ${report.stats.drifted} (${report.summary}) | ${fmt(fleet.seconds)} s | ${fmt(fleet.peakRssMB, 0)} MB |`,
    `| ${tenants} sequential single runs | - | ${loopDrifted} | ${fmt(loopSeconds)} s | ${fmt(loopPeak, 0)} MB (each) |`,
    '',
    `fleet is **${ratio.toFixed(1)}x** faster (issue's goal at 200 databases: 5x; peak RSS <= 300 MB: ${fleet.peakRssMB !== undefined && fleet.peakRssMB <= 300 ? 'PASS' : 'MISS'})`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  writeFileSync(join(benchDir, 'out', 'fleet.md'), lines.join('\n') + '\n');
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await server.stop();
}
