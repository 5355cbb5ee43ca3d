/**
 * `npm run demo`: starts a throwaway PostgreSQL, rebuilds each incident Preflight exists for, and
 * runs the real bundled CLI against it, so you see the finding, the fix and the exit code. Every
 * database and the server are removed at the end, also on failure.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cleanUpOnExit, startPostgres, temporaryDirs, type PostgresServer } from '@preflight/pg';
import { restoreVerifyIncident } from './demo-restore-verify.ts';
import { registryDeployIncident } from './demo-registry-deploy.ts';
import { secretsLintIncident } from './demo-secrets-lint.ts';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'preflight-demo-'));
// Removed at the end (finally below), and also on Ctrl-C or a crash with the server's own directory.
cleanUpOnExit();
temporaryDirs.add(work);
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

interface Incident {
  title: string;
  story: string;
  run(server: PostgresServer): Promise<void>;
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs `preflight ...` as a user would and shows what it printed. */
function preflight(args: string[], env: NodeJS.ProcessEnv = {}): number {
  // Even a throwaway password is not printed: the demo shows the habit it asks of users.
  const shown = args.map((a) => a.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@'));
  console.log(`\n$ preflight ${shown.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  console.log(`(exit code ${r.status})`);
  return r.status ?? 1;
}

function expectExit(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`demo: ${what} exited ${actual}, expected ${expected}`);
}

const incidents: Incident[] = [
  {
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
      expectExit(preflight(args), 1, 'schema-verify on the drifted database');
      console.log(`\n${bold('fix.sql written by --fix-sql:')}\n${readFileSync(fix, 'utf8')}`);
      await sql(app, readFileSync(fix, 'utf8'));
      console.log(bold('After applying fix.sql:'));
      expectExit(preflight(args.slice(0, -2)), 0, 'schema-verify after the fix');
    },
  },
  {
    title: 'Incident 3: migrations through a transaction pooler (migrate-direct)',
    story: "DATABASE_URL points at Supabase's PgBouncer on :6543 (transaction mode); migrations must take the direct connection.",
    async run(server) {
      const migrations = join(root, 'examples/pooler/migrations');
      await sql(server.url(), 'CREATE DATABASE tenants');
      const direct = server.url('tenants');
      const pooled = direct.replace(`:${server.port}/`, ':6543/') + '?pgbouncer=true';
      expectExit(preflight(['migrate-direct', '--database-url', pooled, '--migrations', migrations]), 2, 'migrate-direct through the pooler');
      console.log(bold('With the direct connection (and schema-verify right after):'));
      const args = ['migrate-direct', '--database-url', pooled, '--direct-url', direct, '--migrations', migrations];
      expectExit(preflight([...args, '--verify-schema', '--shadow-url', server.url(), '--check-connections']), 0, 'migrate-direct with --direct-url');
      console.log(bold('Run again: nothing to apply, no "table already exists":'));
      expectExit(preflight(args), 0, 'migrate-direct re-run');
      console.log(bold('A destructive migration in production is stopped before anything runs:'));
      const risky = mkdtempSync(join(work, 'risky-'));
      for (const f of readdirSync(migrations)) copyFileSync(join(migrations, f), join(risky, f));
      writeFileSync(join(risky, '0003_drop_project_names.sql'), 'ALTER TABLE projects DROP COLUMN name;\n');
      expectExit(preflight(['migrate-direct', '--database-url', direct, '--migrations', risky, '--environment', 'production']), 1, 'migrate-direct in production');
    },
  },
  {
    title: secretsLintIncident.title,
    story: secretsLintIncident.story,
    async run() {
      secretsLintIncident.run({ work, preflight, expectExit, bold });
    },
  },
  {
    title: 'Incident 5: a release that crash-looped, with no way back (registry-deploy)',
    story: 'Promote by digest on an OCI layout, pin the compose file, deploy, check an endpoint that touches the database, roll back.',
    run: () => registryDeployIncident({ work, preflight, expectExit, bold }),
  },
  restoreVerifyIncident({ work, sql, preflight, expectExit, bold }),
];

const server = await startPostgres();
let failed = false;
try {
  console.log(bold(`Started a throwaway PostgreSQL on ${server.host}:${server.port}.`));
  for (const incident of incidents) {
    console.log(`\n${bold('━━ ' + incident.title)}\n${incident.story}`);
    await incident.run(server);
  }
  console.log(`\n${bold('Every incident was caught.')} Run the tests with: npm test`);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
  temporaryDirs.delete(work);
}
process.exitCode = failed ? 1 : 0;
