/**
 * `npm run demo`: starts a throwaway PostgreSQL, rebuilds each incident Preflight exists for, and
 * runs the real bundled CLI against it, so you see the finding, the fix and the exit code. Every
 * database and the server are removed at the end, also on failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpOnExit, startPostgres, temporaryDirs, type PostgresServer } from '@preflight/pg';
import { bold, expectExit, heading, preflight, sql, withProgress, type DemoKit } from './demo-kit.ts';
import { leakingPoolsIncident, pooledMigrationsIncident, untrustedMigrationsIncident } from './demo-migrate-direct.ts';
import { restoreVerifyIncident } from './demo-restore-verify.ts';
import { registryDeployIncident } from './demo-registry-deploy.ts';
import { secretsLintIncident } from './demo-secrets-lint.ts';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'preflight-demo-'));
// Removed at the end (finally below), and also on Ctrl-C or a crash with the server's own directory.
cleanUpOnExit();
temporaryDirs.add(work);
const kit: DemoKit = { work, sql, preflight, expectExit, bold };

export interface Incident {
  title: string;
  story: string;
  run(server: PostgresServer): Promise<void>;
}

const schemaDrift: Incident = {
  title: 'Incident 1: schema drift behind a green ledger (schema-verify)',
  story: 'The ledger says 0002_add_nit_field_to_invoices is applied; column invoices.nit and its index are missing.',
  async run(server) {
    const migrations = join(root, 'examples/schema-drift/migrations');
    await sql(server.url(), 'CREATE DATABASE app');
    const app = server.url('app');
    await sql(app, readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8'));
    await sql(app, "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('0002_add_nit_field_to_invoices')");
    const fix = join(work, 'fix.sql');
    const args = ['schema-verify', '--database-url', app, '--migrations', migrations, '--shadow-url', server.url(), '--fix-sql', fix];
    expectExit(await preflight(args), 1, 'schema-verify on the drifted database');
    console.log(`\n${bold('fix.sql written by --fix-sql:')}\n${readFileSync(fix, 'utf8')}`);
    await sql(app, readFileSync(fix, 'utf8'));
    console.log(bold('After applying fix.sql:'));
    expectExit(await preflight(args.slice(0, -2)), 0, 'schema-verify after the fix');
  },
};

const incidents: Incident[] = [
  schemaDrift,
  leakingPoolsIncident(kit),
  pooledMigrationsIncident(kit),
  untrustedMigrationsIncident(kit),
  {
    title: secretsLintIncident.title,
    story: secretsLintIncident.story,
    run: () => secretsLintIncident.run(kit),
  },
  {
    title: 'Incident 5b: a release that crash-looped, with no way back (registry-deploy)',
    story: 'Promote by digest on an OCI layout, pin the compose file, deploy, check an endpoint that touches the database, roll back.',
    run: () => registryDeployIncident(kit),
  },
  restoreVerifyIncident(kit),
];

const started = performance.now();
const server = await withProgress('starting PostgreSQL', () => startPostgres());
let failed = false;
try {
  console.log(bold(`Started a throwaway PostgreSQL on ${server.host}:${server.port}.`));
  for (const incident of incidents) {
    console.log(`\n${heading('━━ ' + incident.title)}\n${incident.story}`);
    await incident.run(server);
  }
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${bold('Every incident was caught.')} (${took} s) Run the tests with: npm test`);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
  temporaryDirs.delete(work);
}
process.exitCode = failed ? 1 : 0;
