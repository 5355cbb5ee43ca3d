/**
 * Rules the migration runner itself emits (the SQL lint rules live next to their code in lint/rules).
 * docs/rules.md is generated from this list.
 */
import type { RuleDoc } from '@preflight/core';

export type RunnerRule = RuleDoc;

export const runnerRules: readonly RunnerRule[] = [
  {
    id: 'migration-failed',
    title: 'A migration failed',
    severity: 'error',
    description: 'A statement failed; that migration was rolled back whole (with its ledger row), earlier migrations stay applied, and the next run continues from it.',
    example: 'db/migrations/0003_orders.sql:12: column "total" of relation "orders" already exists.',
    fix: 'Fix the statement at the named line and run again.',
  },
  {
    id: 'checksum-mismatch',
    title: 'An applied migration file was edited',
    severity: 'error',
    description: 'The file of an already-applied migration no longer matches the checksum recorded when it ran, so the repository no longer describes the database. Nothing is applied.',
    example: '0002_add_nit.sql was applied with checksum 3f2a..., the file now hashes to 9c1b....',
    fix: 'Restore the file as it was and put the change in a new migration.',
  },
  {
    id: 'out-of-order',
    title: 'A new migration is older than the newest applied one',
    severity: 'error',
    description: 'A pending migration has a lower version than one already applied (usually a branch merged late); applying it silently would run migrations in an order no environment tested.',
    example: '0004_backfill.sql is pending but 0005_index.sql is already applied.',
    fix: 'Renumber the file after the newest applied version, or pass --allow-out-of-order if the order does not matter.',
  },
  {
    id: 'ledger-dirty',
    title: 'The ledger is dirty',
    severity: 'error',
    description: "golang-migrate's schema_migrations says a migration failed half-way (dirty = true); running more on top of an unknown state repeats the outage.",
    example: 'public.schema_migrations is dirty at version 42.',
    fix: 'Inspect what the migration left behind, repair it, then `migrate force N` and run again.',
  },
  {
    id: 'ledger-failed',
    title: 'The ledger records a failed migration',
    severity: 'error',
    description: "Prisma's _prisma_migrations has a row that started but neither finished nor was rolled back: a migration failed and the schema may be half-migrated. Like `prisma migrate deploy` (P3009), nothing more is applied until it is resolved.",
    example: '_prisma_migrations records 20240126170000_add_order_status_enum as failed (started 2024-01-26T17:00:00Z, not finished).',
    fix: 'Repair what the migration left, then `npx prisma migrate resolve --rolled-back <name>` (to run it again) or `--applied <name>` (if you finished it by hand), and run again.',
  },
  {
    id: 'transaction-control',
    title: 'Transaction control inside a transactional migration',
    severity: 'error',
    description: 'BEGIN/COMMIT/ROLLBACK inside a migration that runs in a transaction would split it from its ledger row, so a crash could leave it applied but unrecorded.',
    example: '0003_x.sql:5: COMMIT inside a migration that runs in a transaction.',
    fix: 'Remove the statement, or make the whole file `-- preflight:no-transaction`.',
  },
  {
    id: 'command-failed',
    title: 'The migrate command failed',
    severity: 'error',
    description: 'The command given with --command exited non-zero; its last output lines are in the message.',
    example: '"alembic upgrade head" exited with code 1: relation "invoices" already exists.',
    fix: 'Read the output, fix the migration, and run again.',
  },
  {
    id: 'down-migration-refused',
    title: 'A down migration in production',
    severity: 'error',
    description: 'With --environment production, commands that roll migrations back (downgrade, rollback, migrate:down, down) are refused: rollbacks in production lost data before.',
    example: '"alembic downgrade -1" rolls migrations back in production.',
    fix: 'Write a forward migration that undoes the change, or pass --allow-destructive after review.',
  },
  {
    id: 'stamp-without-running',
    title: 'Migrations marked as applied without running them',
    severity: 'error',
    description:
      'The command records migrations as applied without running them: alembic stamp, prisma migrate resolve --applied, migrate force (golang-migrate), flyway baseline or repair, manage.py migrate --fake, liquibase changelog-sync (also inside `cd app && ...`, `poetry run`, `npx`, `sh -c`). That is how a ledger comes to say "head" while a column is missing. With --environment production it is refused before anything runs unless --allow-stamp; otherwise (or allowed) it is a warning, the command runs, and schema-verify runs after it whether or not --verify-schema was given, building the expected schema with the real upgrade (alembic upgrade, prisma migrate deploy, migrate goto, flyway migrate) on a shadow database.',
    example: 'The command "alembic stamp head" marks migrations as applied without running them (alembic stamp), which is refused in production.',
    fix: 'Run the migrations instead (alembic upgrade head), or, when the database already has what they create, pass --allow-stamp and read the schema-verify findings that follow.',
  },
  {
    id: 'multiple-heads',
    title: 'More than one alembic head',
    severity: 'error',
    description: 'alembic/versions has several heads, so `alembic upgrade head` fails or upgrades an arbitrary branch.',
    example: 'alembic/versions has 2 heads: 3f1e2d, 9a8b7c.',
    fix: 'alembic merge -m "merge heads" 3f1e2d 9a8b7c',
  },
  {
    id: 'verify-schema-failed',
    title: 'Schema verification could not run',
    severity: 'error',
    description: 'With --verify-schema, the migrations were applied but schema-verify could not look (a shadow server unreachable, a migration that does not load on an empty database). The run blocks: an unverified schema is not a pass.',
    example: 'Migrations were applied, but schema-verify could not run: Could not connect to the shadow server 127.0.0.1:5433.',
    fix: 'Fix the cause named in the message and run preflight schema-verify against the database.',
  },
  {
    id: 'missing-migration-file',
    title: 'An applied migration has no file',
    severity: 'warning',
    description: 'The ledger records a version that has no file in the directory: deleted or renamed after it ran.',
    example: 'version 0002 is applied but no file in db/migrations has that version.',
    fix: 'Restore the file, or keep it deleted knowingly.',
  },
  {
    id: 'idle-in-transaction',
    title: 'Session idle in transaction',
    severity: 'warning',
    description: 'A session has been idle inside an open transaction longer than --idle-in-transaction-threshold: it holds locks that block migrations and keeps a pool slot (a leaking pool).',
    example: 'pid 4242 (api@10.0.0.7) idle in transaction for 14 min.',
    fix: "Fix the code path that leaves transactions open; set idle_in_transaction_session_timeout; or SELECT pg_terminate_backend(4242).",
  },
  {
    id: 'idle-in-transaction-sample',
    title: 'Sessions briefly idle in transaction (sampled)',
    severity: 'warning',
    description:
      'With --sample DURATION, pg_stat_activity of this database is polled every 100 ms for that long before migrating; each application_name whose sessions were seen idle inside an open transaction is reported with the number of such transactions, sessions, polls and the most at once. This is the leak a pool logs as "rolling back returned connection [INTRANS]": far below --idle-in-transaction-threshold, but each moment holds locks a migration waits for. Query text is never read.',
    example: 'application "api" (user app): 18 transaction(s) seen idle across 3 session(s), in 18 of 300 polls, at most 2 at once.',
    fix: "Commit or roll back before a connection goes back to the pool (SQLAlchemy: end the session's transaction; reset_on_return only hides it), and set idle_in_transaction_session_timeout for the app's role.",
  },
  {
    id: 'idle-in-transaction-timeout-off',
    title: 'No idle-in-transaction timeout',
    severity: 'warning',
    description:
      "With --check-connections (or --sample): idle_in_transaction_session_timeout is 0 for this database (server default, configuration file or ALTER DATABASE), or a role turns it off with ALTER ROLE ... SET (for every database or this one). Then nothing ends a session left idle in a transaction, and a migration's DDL waits behind it until someone kills it.",
    example: 'idle_in_transaction_session_timeout is 0 for database app (the PostgreSQL default).',
    fix: "ALTER DATABASE app SET idle_in_transaction_session_timeout = '60s'; for a role: ALTER ROLE app SET idle_in_transaction_session_timeout = '60s';",
  },
  {
    id: 'connections-near-limit',
    title: 'Connections near max_connections',
    severity: 'warning',
    description: 'Connection use is at 80% or more of what non-superusers may open: pools sized past the server limit fail under load.',
    example: '92 of 97 connections in use.',
    fix: 'Shrink pool sizes (per instance x instances), put a session pooler in front, or raise max_connections.',
  },
  {
    id: 'lint-skipped',
    title: 'Migrations run by the command were not linted',
    severity: 'notice',
    description:
      'In command mode the SQL is linted only where the tool can print it without running it: `alembic upgrade <current>:head --sql` (offline mode, from the revision in the database\'s alembic_version), linted before the command runs, with its findings pointing at each revision\'s upgrade(). For any other command, an alembic command combined with other programs, or an offline render that fails (an env.py without offline mode), this notice says that lint was skipped and why.',
    example: 'The migrations that "npx prisma migrate deploy" applies were not linted: only alembic can print the SQL it would run without running it.',
    fix: 'Run "alembic upgrade head" on its own, make env.py support offline mode (run_migrations_offline), or apply SQL migration files with --migrations so they are linted.',
  },
  {
    id: 'pending-migration',
    title: 'Pending migration (dry run)',
    severity: 'notice',
    description: 'With --dry-run, each migration that would run is listed with its lint findings; nothing is changed.',
    example: '0003_orders.sql would be applied.',
    fix: 'Run without --dry-run to apply it.',
  },
  {
    id: 'baseline-ignored',
    title: 'Baseline already recorded',
    severity: 'notice',
    description: '--baseline is only used on an empty ledger; on later runs it is ignored, so a workflow can keep the flag.',
    example: '--baseline 0005 ignored: the ledger already has 5 versions.',
    fix: 'Nothing to do; remove the flag when convenient.',
  },
];
