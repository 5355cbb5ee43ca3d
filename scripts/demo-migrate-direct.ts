/**
 * The demo's migrate-direct incidents: a leaked session idle in a transaction that blocks the
 * migration (2), migrations sent through Supabase's transaction pooler (3), and a migration
 * system nobody trusted: two alembic heads, re-runs, drops and downgrades in production (4).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PostgresServer } from '@preflight/pg';
import type { DemoKit } from './demo-kit.ts';

const root = new URL('..', import.meta.url).pathname;
const poolerMigrations = join(root, 'examples/pooler/migrations');

export function leakingPoolsIncident(t: DemoKit) {
  return {
    title: 'Incident 2: a leaked connection idle in transaction blocks the migration (migrate-direct --check-connections)',
    story: 'A worker opened a transaction, read orders and never committed; the deploy\'s ALTER TABLE queues behind it, and every query queues behind the ALTER.',
    async run(server: PostgresServer) {
      await t.sql(server.url(), 'CREATE DATABASE shop');
      const shop = server.url('shop');
      await t.sql(shop, 'CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric(12,2) NOT NULL)');
      const migrations = mkdtempSync(join(t.work, 'shop-'));
      writeFileSync(join(migrations, '0001_order_notes.sql'), 'ALTER TABLE orders ADD COLUMN note text;\n');
      const leaked = new pg.Client({ connectionString: shop, application_name: 'worker' });
      await leaked.connect();
      try {
        await leaked.query('BEGIN');
        await leaked.query('SELECT count(*) FROM orders');
        await new Promise((r) => setTimeout(r, 1100)); // idle in transaction for longer than the threshold below
        const args = ['migrate-direct', '--database-url', shop, '--migrations', migrations, '--check-connections', '--idle-in-transaction-threshold', '1s', '--lock-timeout', '1s'];
        t.expectExit(await t.preflight(args), 1, 'migrate-direct behind the leaked transaction');
        console.log(t.bold('The fix: end the leaked session, and let the server end the next one (idle_in_transaction_session_timeout):'));
        await leaked.end();
        await t.sql(shop, "ALTER DATABASE shop SET idle_in_transaction_session_timeout = '60s'");
        t.expectExit(await t.preflight(args), 0, 'migrate-direct after the fix');
      } finally {
        await leaked.end().catch(() => undefined);
      }
    },
  };
}

export function pooledMigrationsIncident(t: DemoKit) {
  return {
    title: 'Incident 3: migrations through a transaction pooler (migrate-direct)',
    story: "DATABASE_URL points at Supabase's PgBouncer on :6543 (transaction mode); migrations must take the direct connection.",
    async run(server: PostgresServer) {
      await t.sql(server.url(), 'CREATE DATABASE tenants');
      const direct = server.url('tenants');
      const pooled = direct.replace(`:${server.port}/`, ':6543/') + '?pgbouncer=true';
      t.expectExit(await t.preflight(['migrate-direct', '--database-url', pooled, '--migrations', poolerMigrations]), 2, 'migrate-direct through the pooler');
      console.log(t.bold('With the direct connection (and schema-verify right after):'));
      const args = ['migrate-direct', '--database-url', pooled, '--direct-url', direct, '--migrations', poolerMigrations];
      t.expectExit(await t.preflight([...args, '--verify-schema', '--shadow-url', server.url(), '--check-connections']), 0, 'migrate-direct with --direct-url');
    },
  };
}

/** Two revisions that both follow the first: two heads, as after two branches merged. */
function alembicProject(dir: string): void {
  mkdirSync(join(dir, 'alembic/versions'), { recursive: true });
  writeFileSync(join(dir, 'alembic.ini'), '[alembic]\nscript_location = alembic\n');
  const revision = (id: string, down: string | null, message: string) =>
    `"""${message}"""\nrevision = '${id}'\ndown_revision = ${down ? `'${down}'` : 'None'}\n\n\ndef upgrade():\n    pass\n`;
  writeFileSync(join(dir, 'alembic/versions/1a2b3c_create_invoices.py'), revision('1a2b3c', null, 'create invoices'));
  writeFileSync(join(dir, 'alembic/versions/3f1e2d_add_nit.py'), revision('3f1e2d', '1a2b3c', 'add nit'));
  writeFileSync(join(dir, 'alembic/versions/9a8b7c_add_due_date.py'), revision('9a8b7c', '1a2b3c', 'add due date'));
}

export function untrustedMigrationsIncident(t: DemoKit) {
  return {
    title: 'Incident 4: a migration system nobody trusted (migrate-direct)',
    story: 'Two alembic heads after a merge, "table already exists" on re-runs, a destructive migration and a downgrade in production.',
    async run(server: PostgresServer) {
      const direct = server.url('tenants');
      const app = mkdtempSync(join(t.work, 'alembic-app-'));
      alembicProject(app);
      console.log(t.bold('Two heads: refused before anything connects or runs:'));
      t.expectExit(await t.preflight(['migrate-direct', '--database-url', direct, '--command', 'alembic upgrade head'], {}, app), 1, 'migrate-direct with two alembic heads');
      console.log(t.bold('Run again: nothing to apply, no "table already exists":'));
      t.expectExit(await t.preflight(['migrate-direct', '--database-url', direct, '--migrations', poolerMigrations]), 0, 'migrate-direct re-run');
      console.log(t.bold('A destructive migration in production is stopped before anything runs:'));
      const risky = mkdtempSync(join(t.work, 'risky-'));
      for (const f of readdirSync(poolerMigrations)) copyFileSync(join(poolerMigrations, f), join(risky, f));
      writeFileSync(join(risky, '0003_drop_project_names.sql'), 'ALTER TABLE projects DROP COLUMN name;\n');
      t.expectExit(await t.preflight(['migrate-direct', '--database-url', direct, '--migrations', risky, '--environment', 'production']), 1, 'migrate-direct in production');
      console.log(t.bold('So is a rollback in production:'));
      t.expectExit(await t.preflight(['migrate-direct', '--database-url', direct, '--command', 'alembic downgrade -1', '--environment', 'production']), 1, 'a downgrade in production');
    },
  };
}
