import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  escapeRegExp
} from "./chunk-LJFF4CTR.js";
import {
  UsageError,
  assertEnvName,
  commonOptions,
  parseShard
} from "./chunk-KNCBXDSL.js";

// packages/schema-verify/src/tenants/like.ts
function likePatternProblem(pattern) {
  if (pattern.trim() === "") return "is empty; give a SQL LIKE pattern that matches the tenant schemas, e.g. 'tenant\\_%'";
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) return "ends with a lone \\ (the LIKE escape character); write \\\\ for a backslash in a name, or drop it";
  if (pattern.length > 200) return "is longer than 200 characters; schema names have at most 63";
}
function likeToRegExp(pattern) {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i];
    ch === "\\" && i + 1 < pattern.length ? re += escapeRegExp(pattern[++i]) : ch === "%" ? re += ".*" : ch === "_" ? re += "." : re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`, "s");
}
function assertLikePattern(pattern, label) {
  let problem = likePatternProblem(pattern);
  if (problem) throw new UsageError(`${label} ${problem}.`);
}

// packages/schema-verify/src/definition.ts
var schemaVerifyOptions = [
  {
    name: "database-url",
    type: "string",
    secret: !0,
    env: "DATABASE_URL",
    aliases: ["url", "live-url"],
    description: 'The live database to verify: a postgres:// URL, a libpq "host=... dbname=..." string, or a /cloudsql/PROJECT:REGION:INSTANCE socket URL.'
  },
  {
    name: "targets",
    type: "string",
    description: "A fleet: a file with one database a line (a postgres:// URL, a Cloud SQL instance name, or name=url; $VAR and ${VAR} from the environment; # comments), or those lines themselves; each is compared with the one expected schema, instead of database-url."
  },
  {
    name: "schemas-like",
    type: "string",
    description: "Schema per tenant: a SQL LIKE pattern (e.g. 'tenant\\_%') over the schemas of database-url; each matching schema is compared with the template schema of the expected side, as its own section of the report."
  },
  {
    name: "template-schema",
    type: "string",
    default: "public",
    description: "With schemas-like: the schema of the expected side that every tenant schema copies (its names are re-qualified with each tenant schema)."
  },
  { name: "parallel", type: "integer", default: "4", description: "With targets: how many targets are read and compared at once." },
  {
    name: "shard",
    type: "string",
    description: "With targets: check only share I of N (e.g. 2/4, one job of a workflow matrix): the targets whose name hashes to it, so adding a target moves only that one. Join the shards' JSON reports with preflight merge-reports."
  },
  { name: "expected-url", type: "string", secret: !0, description: "A reference database whose schema is the expected one." },
  {
    name: "expected-schema",
    type: "path",
    description: "SQL file with the expected schema (pg_dump --schema-only output, Rails structure.sql, a plain schema file); loaded into a temporary database on the shadow server."
  },
  { name: "migrations", type: "dir", description: "Directory of migrations applied to a temporary shadow database to build the expected schema." },
  {
    name: "migrations-format",
    type: "enum",
    values: ["sql", "dbmate", "golang-migrate", "flyway", "prisma", "auto"],
    default: "auto",
    description: "How the files in --migrations are named and split; auto detects it from the layout: prisma (<name>/migration.sql, migration_lock.toml), golang-migrate (.up.sql), flyway (V1__name.sql), dbmate (-- migrate:up), otherwise sql."
  },
  {
    name: "migrate-command",
    type: "string",
    description: 'Command that migrates a database, e.g. "alembic upgrade head"; run against the shadow database with its URL in DATABASE_URL (see --url-env).'
  },
  { name: "url-env", type: "string", default: "DATABASE_URL", description: "Environment variable that carries the shadow database URL to --migrate-command." },
  { name: "expected-snapshot", type: "path", description: "JSON snapshot written earlier by --write-snapshot; needs no shadow server." },
  { name: "write-snapshot", type: "path", description: "Write the expected schema (or, with no expected source, the live one) as a normalized JSON snapshot to this file." },
  {
    name: "shadow-url",
    type: "string",
    secret: !0,
    description: "Server on which temporary databases are created for --expected-schema, --migrations and --migrate-command; without it a throwaway PostgreSQL is started."
  },
  { name: "fix-sql", type: "path", description: "Write every fix, in a safe order, to this SQL file." },
  { name: "strict", type: "boolean", default: "false", description: "Objects present only in the live database are errors instead of warnings." },
  { name: "ignore-privileges", type: "boolean", default: "false", description: "Do not compare grants and default privileges." },
  { name: "require-rls-for", type: "list", description: "Columns that mark tenant tables (e.g. tenant_id,creator_id): each such table must have row-level security enabled and a policy." },
  {
    name: "app-role",
    type: "string",
    description: "The role the application connects as: every tenant table of --require-rls-for must be protected for it (the role exists, is neither superuser nor BYPASSRLS, and does not own the table, directly or through membership, unless the table has FORCE ROW LEVEL SECURITY)."
  },
  { name: "schemas", type: "list", description: "Schemas to compare (default: every user schema)." },
  { name: "ignore", type: "list", description: "Glob over finding objects to leave out, e.g. public.tmp_* (repeatable)." },
  { name: "connect-timeout", type: "duration", default: "10s", description: "How long to wait for a database connection." },
  {
    name: "query-timeout",
    type: "duration",
    default: "5m",
    description: "How long database-url or expected-url may take to answer a round trip of catalog queries before the run gives up with exit 3 (a stalled network or server)."
  },
  ...commonOptions
], expectedSources = ["expected-url", "expected-schema", "migrations", "migrate-command", "expected-snapshot"];
function validateCombination(inputs) {
  let given = expectedSources.filter((k) => inputs[k] !== void 0);
  if (given.length > 1)
    throw new UsageError(`Give only one expected schema source, not ${given.join(" and ")}; pick the one that reflects what your migrations define.`);
  if (inputs["schemas-like"] !== void 0) return validateTenantSchemas(inputs, given);
  if (inputs["template-schema"] !== "public")
    throw new UsageError("--template-schema names the schema the tenant schemas copy and only applies with --schemas-like; add --schemas-like PATTERN, or drop --template-schema.");
  if (inputs.targets !== void 0) return validateFleet(inputs, given);
  if (inputs.shard !== void 0)
    throw new UsageError("--shard takes a share of the --targets list, and there is none: give --targets (one database a line), or leave --shard out to check the one database.");
  if (given.length === 0 && !inputs["write-snapshot"])
    throw new UsageError(`Nothing to compare against: give the expected schema with one of ${expectedSources.map((s) => `--${s}`).join(", ")}.`);
  if (assertEnvName(inputs["url-env"], "url-env", "cli"), inputs["query-timeout"] <= 0) throw new UsageError("--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.");
  if (checkAppRole(inputs), !inputs["database-url"] && !(inputs["write-snapshot"] && given.length === 1))
    throw new UsageError("Missing the live database: set database-url (or DATABASE_URL) to the database to verify.");
}
function validateFleet(inputs, given) {
  let url = inputs["database-url"];
  if (url !== void 0 && url !== process.env.DATABASE_URL)
    throw new UsageError("Give either --targets or --database-url, not both: put that database on a line of the targets list instead.");
  if (given.length === 0)
    throw new UsageError(`--targets needs the expected schema to compare every target with: give one of ${expectedSources.map((s) => `--${s}`).join(", ")}.`);
  if (inputs["fix-sql"] !== void 0)
    throw new UsageError("--fix-sql writes the fixes of one database and cannot be combined with --targets; every finding of the report carries its own fix, or run schema-verify on the one target with --fix-sql.");
  if (inputs.parallel < 1) throw new UsageError("--parallel needs a whole number of at least 1, e.g. --parallel 4.");
  if (inputs.shard !== void 0 && parseShard(inputs.shard), assertEnvName(inputs["url-env"], "url-env", "cli"), inputs["query-timeout"] <= 0) throw new UsageError("--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.");
  checkAppRole(inputs);
}
function validateTenantSchemas(inputs, given) {
  let pattern = inputs["schemas-like"];
  if (assertLikePattern(pattern, `--schemas-like '${pattern}'`), inputs.targets !== void 0)
    throw new UsageError("--schemas-like compares the schemas of one database and cannot be combined with --targets; give that database as --database-url, and run one step per database (e.g. a matrix) for several.");
  if (inputs.schemas.length > 0)
    throw new UsageError("Give either --schemas or --schemas-like, not both: --schemas-like already chooses the schemas to compare.");
  let template = inputs["template-schema"];
  if (template.trim() === "") throw new UsageError("--template-schema needs a schema name, e.g. --template-schema public.");
  if (likeToRegExp(pattern).test(template))
    throw new UsageError(`--schemas-like '${pattern}' also matches ${template}, the template schema every tenant schema is compared with; narrow the pattern (e.g. 'tenant\\_%'), or name another template with --template-schema.`);
  if (given.length === 0)
    throw new UsageError(`--schemas-like needs the expected schema to compare every tenant schema with: give one of ${expectedSources.map((s) => `--${s}`).join(", ")}.`);
  if (!inputs["database-url"]) throw new UsageError("Missing the live database: set database-url (or DATABASE_URL) to the database whose schemas --schemas-like selects.");
  if (assertEnvName(inputs["url-env"], "url-env", "cli"), inputs["query-timeout"] <= 0) throw new UsageError("--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.");
  checkAppRole(inputs);
}
function checkAppRole(inputs) {
  let role = inputs["app-role"];
  if (role !== void 0) {
    if (role.trim() === "") throw new UsageError("--app-role needs a role name, e.g. --app-role app (the role your application connects as).");
    if (inputs["require-rls-for"].length === 0)
      throw new UsageError(`--app-role needs --require-rls-for to know which tables are tenant tables; add the tenant columns, e.g. --require-rls-for tenant_id --app-role ${role}.`);
  }
}
var schemaVerify = {
  name: "schema-verify",
  title: "Compare the physical schema of a live database with what migrations define.",
  description: "Compares the live database schema with the expected one (a reference database, a schema file, migrations applied to a shadow database, or a snapshot), reports every difference with a fix, and reads the migration ledger.",
  options: schemaVerifyOptions,
  async run(inputs, ctx) {
    if (validateCombination(inputs), inputs["schemas-like"] !== void 0) {
      let { verifyTenantSchemas } = await import("./run-IFY4JSGX.js");
      return verifyTenantSchemas(inputs, ctx);
    }
    if (inputs.targets !== void 0) {
      let { verifyFleet } = await import("./run-7UNBVIUX.js");
      return verifyFleet(inputs, ctx);
    }
    let { verifySchema } = await import("./run-4J6FH2AP.js");
    return verifySchema(inputs, ctx);
  }
};

export {
  schemaVerifyOptions,
  expectedSources,
  validateCombination,
  checkAppRole,
  schemaVerify
};
