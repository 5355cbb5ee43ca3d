/**
 * schema-verify for a schema per tenant: one `--schemas-like 'tenant\_%'` run over N pagila
 * schemas in one database (2 of them drifted) against N sequential single runs of the same CLI,
 * in the same run, on one throwaway PostgreSQL 15. Without --schemas-like, checking one tenant
 * schema needs an expected schema in that schema's name: each single run gets pagila.sql with
 * `public.` rewritten to its tenant (`--schemas tenant_042 --expected-schema pagila-tenant_042.sql`),
 * which is what a loop over tenants would have to do today. Both build the expected side on the
 * same server (`--shadow-url`): the schemas-like run once, the loop once per schema.
 *
 *   npx tsx bench/fleet-schemas-like.ts [--schemas 100] [--singles 100]
 *
 * (A file of its own rather than a mode of bench/fleet.ts: the two set up different databases.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@preflight/pg';
import { benchDir, cliPath, ensureCliBuilt, repoRoot } from './lib/anchor.ts';
import { fmt, measure } from './lib/measure.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const count = flag('schemas', 100);
const singles = Math.min(count, flag('singles', count));

ensureCliBuilt();
const work = mkdtempSync(join(tmpdir(), 'bench-schemas-like-'));
// psql meta-commands of newer pg_dump versions are not SQL.
const pagila = readFileSync(join(repoRoot, 'test/fixtures/schemas/pagila.sql'), 'utf8').split('\n').filter((l) => !/^\\(un)?restrict\b/.test(l)).join('\n');
const expectedFile = join(work, 'pagila.sql');
writeFileSync(expectedFile, pagila);
/** pagila in schema `name`: every `public.` of the dump re-qualified, the dump's own statements about schema public left out. */
const pagilaIn = (name: string) =>
  `CREATE SCHEMA ${name};\n` +
  pagila
    .split('\n')
    .filter((l) => !/^(ALTER SCHEMA public|REVOKE .* ON SCHEMA public|GRANT .* ON SCHEMA public|COMMENT ON SCHEMA public)/.test(l))
    .join('\n')
    .replace(/\bpublic\./g, `${name}.`);

const server = await startPostgres({ major: 15 });
try {
  const names = Array.from({ length: count }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);
  spawnSync('psql', ['-X', '-q', '-d', server.url(), '-c', 'CREATE DATABASE tenants'], { encoding: 'utf8' });
  console.error(`bench: loading pagila into ${count} schemas ...`);
  for (const name of names) {
    const file = join(work, `pagila-${name}.sql`);
    writeFileSync(file, pagilaIn(name));
    const load = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url('tenants'), '-f', file], { encoding: 'utf8' });
    if (load.status !== 0) throw new Error(`loading pagila into ${name} failed: ${load.stderr}`);
  }
  const drift = `ALTER TABLE ${names[1]}.payment ALTER COLUMN amount DROP NOT NULL; DROP INDEX ${names[count - 1]}.idx_actor_last_name`;
  spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url('tenants'), '-c', drift], { encoding: 'utf8' });

  console.error(`bench: one --schemas-like run over ${count} schemas ...`);
  const like = await measure(process.execPath, [cliPath, 'schema-verify', '--database-url', server.url('tenants'), '--schemas-like', 'tenant\\_%', '--expected-schema', expectedFile, '--shadow-url', server.url(), '--json']);
  const report = JSON.parse(like.stdout);
  console.error(`bench: ${singles} sequential single runs, one per schema ...`);
  let loopSeconds = 0;
  let loopPeak = 0;
  let loopDrifted = 0;
  for (const name of names.slice(0, singles)) {
    const one = await measure(process.execPath, [cliPath, 'schema-verify', '--database-url', server.url('tenants'), '--schemas', name, '--expected-schema', join(work, `pagila-${name}.sql`), '--shadow-url', server.url(), '--json']);
    loopSeconds += one.seconds;
    loopPeak = Math.max(loopPeak, one.peakRssMB ?? 0);
    if (one.code === 1) loopDrifted++;
  }
  // Only when the loop was cut short (--singles) is its time scaled up to all schemas.
  const loopAll = (loopSeconds * count) / singles;
  const lines = [
    `## schema-verify --schemas-like (${count} pagila schemas in one database, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
    '',
    '| run | exit | drifted | time | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    `| --schemas-like 'tenant\\_%' | ${like.code} | ${report.stats?.drifted} (${report.summary}) | ${fmt(like.seconds)} s | ${fmt(like.peakRssMB, 0)} MB |`,
    `| ${singles} sequential single runs (--schemas NAME, a per-schema expected file) | - | ${loopDrifted} | ${fmt(loopSeconds)} s${singles < count ? ` (${fmt(loopAll)} s for ${count}, scaled)` : ''} | ${fmt(loopPeak, 0)} MB (each) |`,
    '',
    `blocking findings of the --schemas-like run: ${report.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string; object: string }) => `${f.rule} ${f.object}`).join(', ')}`,
    '',
    `--schemas-like is **${(loopAll / like.seconds).toFixed(1)}x** faster than a loop of single runs`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  writeFileSync(join(benchDir, 'out', 'fleet-schemas-like.md'), lines.join('\n') + '\n');
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await server.stop();
}
