import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkAppRole,
  schemaVerifyOptions
} from "./chunk-XUUNJEHW.js";
import {
  UsageError,
  assertEnvName,
  commonOptions,
  parseShard
} from "./chunk-KNCBXDSL.js";

// packages/migrate-direct/src/definition.ts
var verifyPassThrough = ["strict", "ignore-privileges", "require-rls-for", "app-role", "schemas", "ignore"], verifyOptions = schemaVerifyOptions.filter(
  (o) => verifyPassThrough.includes(o.name)
).map((o) => ({ ...o, description: `With verify-schema: ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)}` })), migrateDirectOptions = [
  {
    name: "database-url",
    type: "string",
    secret: !0,
    env: "DATABASE_URL",
    aliases: ["url"],
    description: 'The database to migrate: a postgres:// URL or a libpq "host=... dbname=..." string. When it points at a transaction pooler, the direct connection is used instead.'
  },
  {
    name: "direct-url",
    type: "string",
    secret: !0,
    env: "DIRECT_URL",
    description: "Direct (session) connection to the same database, used for migrating whenever it is given (Prisma's directUrl); required when database-url is a transaction pooler that Preflight cannot map itself."
  },
  { name: "migrations", type: "dir", description: "Directory of SQL migrations to apply with the built-in runner." },
  {
    name: "targets",
    type: "string",
    description: "A fleet: a file with one database a line (a postgres:// URL, a Cloud SQL instance name, or name=url; $VAR and ${VAR} from the environment; # comments), or those lines themselves; the same migrations are applied to each, under its own lock, instead of database-url."
  },
  { name: "parallel", type: "integer", default: "4", description: "With targets: how many targets are migrated at once." },
  {
    name: "shard",
    type: "string",
    description: "With targets: migrate only share I of N (e.g. 2/4, one job of a workflow matrix): the targets whose name hashes to it, so adding a target moves only that one. Join the shards' JSON reports with preflight merge-reports."
  },
  {
    name: "max-failures",
    type: "integer",
    description: "With targets: stop the rollout once this many targets failed (1 = at the first); targets already running finish, the ones not started are reported as skipped and the run does not pass. Default: no limit, every target is tried."
  },
  {
    name: "migrations-format",
    type: "enum",
    values: ["sql", "dbmate", "golang-migrate", "prisma", "auto"],
    default: "auto",
    description: "File naming and ledger table: sql (preflight.schema_migrations with checksums), dbmate (schema_migrations), golang-migrate (schema_migrations with version and dirty), prisma (<name>/migration.sql folders, _prisma_migrations as prisma migrate deploy keeps it); auto detects it from the layout."
  },
  {
    name: "command",
    type: "string",
    description: 'Your own migration command, e.g. "alembic upgrade head", run with sh -c and the direct URL in the variable named by url-env (plus PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).'
  },
  { name: "url-env", type: "string", default: "DATABASE_URL", description: "Environment variable that carries the direct URL to --command." },
  { name: "cloud-sql-instance", type: "string", description: "Cloud SQL instance connection name (PROJECT:REGION:INSTANCE) to connect to instead of a host; user, password and database come from database-url." },
  { name: "ip-type", type: "enum", values: ["public", "private", "psc"], default: "public", description: "Which IP address of the Cloud SQL instance to use." },
  { name: "iam-auth", type: "boolean", default: "false", description: "Log in to Cloud SQL with IAM database authentication instead of a password." },
  {
    name: "lock-wait",
    type: "duration",
    default: "10m",
    description: "How long to wait for another migration run (holding the migration lock) to finish before giving up with exit 3."
  },
  { name: "lock-timeout", type: "duration", default: "5s", description: "lock_timeout for each migration: a statement that waits longer for a table lock fails instead of queueing every query behind it." },
  { name: "statement-timeout", type: "duration", default: "15m", description: "statement_timeout for each migration statement." },
  {
    name: "command-timeout",
    type: "duration",
    description: "With command: stop the whole migration command (and every process it started) after this long, exit 3. Default: no limit of Preflight's; the job's own timeout applies."
  },
  { name: "allow-out-of-order", type: "boolean", default: "false", description: "Apply pending migrations older than the newest applied one instead of stopping." },
  {
    name: "baseline",
    type: "string",
    description: "Adopt an existing database: record every migration up to this version as applied without running it (only while the ledger is empty)."
  },
  { name: "dry-run", type: "boolean", default: "false", description: "List pending migrations and their lint findings; change nothing." },
  { name: "environment", type: "string", description: "Deployment environment, e.g. production; in production, destructive statements and down migrations are refused unless allow-destructive." },
  { name: "allow-destructive", type: "boolean", default: "false", description: "Allow destructive statements and down migrations in production." },
  {
    name: "allow-stamp",
    type: "boolean",
    default: "false",
    description: "Allow a command that marks migrations as applied without running them (alembic stamp, prisma migrate resolve --applied, migrate force, flyway baseline/repair) in production; schema-verify then runs after it."
  },
  {
    name: "check-connections",
    type: "boolean",
    default: "false",
    description: "Before and after migrating, report sessions idle in a transaction (they block DDL) and connection use near max_connections."
  },
  { name: "idle-in-transaction-threshold", type: "duration", default: "5m", description: "With check-connections: report sessions idle in a transaction for longer than this." },
  {
    name: "sample",
    type: "duration",
    description: "Before migrating, watch pg_stat_activity for this long (e.g. 30s, every 100 ms; implies check-connections) and report applications whose sessions sit idle in a transaction even briefly, by application_name with counts, never query text."
  },
  { name: "verify-schema", type: "boolean", default: "false", description: "After migrating, compare the live schema with what the migrations define (schema-verify)." },
  {
    name: "shadow-url",
    type: "string",
    secret: !0,
    description: "With verify-schema: server for the temporary database the expected schema is built on; without it a throwaway PostgreSQL is started."
  },
  ...verifyOptions,
  { name: "connect-timeout", type: "duration", default: "10s", description: "How long to wait for a database connection." },
  ...commonOptions
];
function validateCombination(inputs) {
  let migrations = inputs.migrations !== void 0 && inputs.migrations !== "", command = inputs.command !== void 0 && inputs.command.trim() !== "";
  if (migrations && command)
    throw new UsageError("Give either --migrations (the built-in runner) or --command (your own migration tool), not both.");
  if (!migrations && !command)
    throw new UsageError('Nothing to run: give --migrations DIR for the built-in runner or --command "..." for your own migration tool.');
  let instance = inputs["cloud-sql-instance"];
  if (inputs.targets !== void 0) {
    if (validateFleet(inputs), inputs["iam-auth"]) throw new UsageError("--iam-auth only applies with --cloud-sql-instance, not to the lines of --targets; drop --iam-auth.");
    if (inputs["ip-type"] !== "public") throw new UsageError("--ip-type only applies with --cloud-sql-instance, not to the lines of --targets; drop --ip-type.");
  } else if (instance) {
    if (inputs["direct-url"])
      throw new UsageError("Give either --cloud-sql-instance or --direct-url, not both: Cloud SQL connections are already direct, so drop --direct-url (or DIRECT_URL).");
  } else {
    if (!inputs["database-url"] && !inputs["direct-url"])
      throw new UsageError("Missing the database: set database-url (or DATABASE_URL) to the database to migrate, or --cloud-sql-instance.");
    if (inputs["iam-auth"]) throw new UsageError("--iam-auth only applies with --cloud-sql-instance; add the instance connection name or drop --iam-auth.");
    if (inputs["ip-type"] !== "public") throw new UsageError("--ip-type only applies with --cloud-sql-instance; add the instance connection name or drop --ip-type.");
  }
  if (inputs.shard !== void 0 && inputs.targets === void 0)
    throw new UsageError("--shard takes a share of the --targets list, and there is none: give --targets (one database a line), or leave --shard out to migrate the one database.");
  if (inputs["max-failures"] !== void 0 && inputs.targets === void 0)
    throw new UsageError("--max-failures only applies with --targets (a fleet of databases); one database stops at its first failure anyway.");
  if (inputs.baseline !== void 0 && command)
    throw new UsageError("--baseline only applies to the built-in runner (--migrations); your migration tool has its own way to adopt a database.");
  assertEnvName(inputs["url-env"], "url-env", "cli");
  let commandTimeout = inputs["command-timeout"];
  if (commandTimeout !== void 0 && !command)
    throw new UsageError("--command-timeout only applies to --command; the built-in runner limits each statement with --statement-timeout.");
  if (commandTimeout !== void 0 && commandTimeout <= 0)
    throw new UsageError("--command-timeout needs a duration longer than 0, e.g. --command-timeout 45m; leave it out for no limit of Preflight's.");
  if (checkAppRole(inputs), inputs.sample !== void 0 && inputs.sample <= 0)
    throw new UsageError("--sample needs a duration longer than 0, e.g. --sample 30s (how long to watch pg_stat_activity before migrating).");
}
function validateFleet(inputs) {
  let given = (name, env) => inputs[name] !== void 0 && inputs[name] !== process.env[env];
  if (given("database-url", "DATABASE_URL") || given("direct-url", "DIRECT_URL"))
    throw new UsageError("Give either --targets or --database-url/--direct-url, not both: put each database (its direct connection) on a line of the targets list instead.");
  if (inputs["cloud-sql-instance"])
    throw new UsageError("Give either --targets or --cloud-sql-instance, not both: a Cloud SQL instance name can be a line of the targets list (user, password and database from PGUSER, PGPASSWORD, PGDATABASE).");
  if (inputs["verify-schema"])
    throw new UsageError("--verify-schema cannot be combined with --targets (it would build the expected schema once per target); run preflight schema-verify --targets with the same list after migrating, which builds it once.");
  if (inputs.parallel < 1) throw new UsageError("--parallel needs a whole number of at least 1, e.g. --parallel 4.");
  inputs.shard !== void 0 && parseShard(inputs.shard);
  let max = inputs["max-failures"];
  if (max !== void 0 && max < 1)
    throw new UsageError("--max-failures needs a whole number of at least 1: --max-failures 1 stops the rollout at the first failed target; leave it out to try every target.");
}
var migrateDirect = {
  name: "migrate-direct",
  title: "Apply migrations over a direct connection, once, under a lock, never through a transaction pooler.",
  description: "Applies pending migrations (built-in runner for sql, dbmate, golang-migrate and Prisma Migrate files, or your own command) over a direct session: refuses transaction poolers, serializes concurrent deploys with an advisory lock, applies each migration and its ledger row in one transaction, and stops on edited or out-of-order migrations and destructive SQL in production.",
  options: migrateDirectOptions,
  async run(inputs, ctx) {
    if (validateCombination(inputs), inputs.targets !== void 0) {
      let { migrateFleet } = await import("./run-V4FLBWAA.js");
      return migrateFleet(inputs, ctx);
    }
    let { runMigrateDirect } = await import("./run-SRC7E4DD.js");
    return runMigrateDirect(inputs, ctx);
  }
};

export {
  verifyPassThrough,
  validateCombination,
  migrateDirect
};
