/**
 * schema-verify's options and entry. This module stays light (no pg, no introspection) so that
 * `--help` and input errors answer in milliseconds; the work is loaded on demand from run.ts.
 */
import { assertEnvName, commonOptions, defineCheck, parseShard, UsageError, type Inputs } from '@preflight/core';
import { assertLikePattern, likeToRegExp } from './tenants/like.ts';

export const schemaVerifyOptions = [
  {
    name: 'database-url',
    type: 'string',
    secret: true,
    env: 'DATABASE_URL',
    aliases: ['url', 'live-url'],
    description: 'The live database to verify: a postgres:// URL, a libpq "host=... dbname=..." string, or a /cloudsql/PROJECT:REGION:INSTANCE socket URL.',
  },
  {
    name: 'targets',
    type: 'string',
    description:
      'A fleet: a file with one database a line (a postgres:// URL, a Cloud SQL instance name, or name=url; $VAR and ${VAR} from the environment; # comments), or those lines themselves; each is compared with the one expected schema, instead of database-url.',
  },
  {
    name: 'schemas-like',
    type: 'string',
    description:
      "Schema per tenant: a SQL LIKE pattern (e.g. 'tenant\\_%') over the schemas of database-url; each matching schema is compared with the template schema of the expected side, as its own section of the report.",
  },
  {
    name: 'template-schema',
    type: 'string',
    default: 'public',
    description: 'With schemas-like: the schema of the expected side that every tenant schema copies (its names are re-qualified with each tenant schema).',
  },
  { name: 'parallel', type: 'integer', default: '4', description: 'With targets: how many targets are read and compared at once.' },
  {
    name: 'shard',
    type: 'string',
    description:
      'With targets: check only share I of N (e.g. 2/4, one job of a workflow matrix): the targets whose name hashes to it, so adding a target moves only that one. Join the shards\' JSON reports with preflight merge-reports.',
  },
  { name: 'expected-url', type: 'string', secret: true, description: 'A reference database whose schema is the expected one.' },
  {
    name: 'expected-schema',
    type: 'path',
    description: 'SQL file with the expected schema (pg_dump --schema-only output, Rails structure.sql, a plain schema file); loaded into a temporary database on the shadow server.',
  },
  { name: 'migrations', type: 'dir', description: 'Directory of migrations applied to a temporary shadow database to build the expected schema.' },
  {
    name: 'migrations-format',
    type: 'enum',
    values: ['sql', 'dbmate', 'golang-migrate', 'flyway', 'prisma', 'auto'],
    default: 'auto',
    description:
      'How the files in --migrations are named and split; auto detects it from the layout: prisma (<name>/migration.sql, migration_lock.toml), golang-migrate (.up.sql), flyway (V1__name.sql), dbmate (-- migrate:up), otherwise sql.',
  },
  {
    name: 'migrate-command',
    type: 'string',
    description: 'Command that migrates a database, e.g. "alembic upgrade head"; run against the shadow database with its URL in DATABASE_URL (see --url-env).',
  },
  { name: 'url-env', type: 'string', default: 'DATABASE_URL', description: 'Environment variable that carries the shadow database URL to --migrate-command.' },
  { name: 'expected-snapshot', type: 'path', description: 'JSON snapshot written earlier by --write-snapshot; needs no shadow server.' },
  { name: 'write-snapshot', type: 'path', description: 'Write the expected schema (or, with no expected source, the live one) as a normalized JSON snapshot to this file.' },
  {
    name: 'shadow-url',
    type: 'string',
    secret: true,
    description: 'Server on which temporary databases are created for --expected-schema, --migrations and --migrate-command; without it a throwaway PostgreSQL is started.',
  },
  { name: 'fix-sql', type: 'path', description: 'Write every fix, in a safe order, to this SQL file.' },
  { name: 'strict', type: 'boolean', default: 'false', description: 'Objects present only in the live database are errors instead of warnings.' },
  { name: 'ignore-privileges', type: 'boolean', default: 'false', description: 'Do not compare grants and default privileges.' },
  { name: 'require-rls-for', type: 'list', description: 'Columns that mark tenant tables (e.g. tenant_id,creator_id): each such table must have row-level security enabled and a policy.' },
  {
    name: 'app-role',
    type: 'string',
    description:
      'The role the application connects as: every tenant table of --require-rls-for must be protected for it (the role exists, is neither superuser nor BYPASSRLS, and does not own the table, directly or through membership, unless the table has FORCE ROW LEVEL SECURITY).',
  },
  { name: 'schemas', type: 'list', description: 'Schemas to compare (default: every user schema).' },
  { name: 'ignore', type: 'list', description: 'Glob over finding objects to leave out, e.g. public.tmp_* (repeatable).' },
  { name: 'connect-timeout', type: 'duration', default: '10s', description: 'How long to wait for a database connection.' },
  {
    name: 'query-timeout',
    type: 'duration',
    default: '5m',
    description: 'How long database-url or expected-url may take to answer a round trip of catalog queries before the run gives up with exit 3 (a stalled network or server).',
  },
  ...commonOptions,
] as const;

export type SchemaVerifyInputs = Inputs<typeof schemaVerifyOptions>;

export const expectedSources = ['expected-url', 'expected-schema', 'migrations', 'migrate-command', 'expected-snapshot'] as const;

/** Input combinations are checked before anything heavy loads, so mistakes answer at once. */
export function validateCombination(inputs: SchemaVerifyInputs): void {
  const given = expectedSources.filter((k) => inputs[k] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`Give only one expected schema source, not ${given.join(' and ')}; pick the one that reflects what your migrations define.`);
  }
  if (inputs['schemas-like'] !== undefined) return validateTenantSchemas(inputs, given);
  if (inputs['template-schema'] !== 'public') {
    throw new UsageError('--template-schema names the schema the tenant schemas copy and only applies with --schemas-like; add --schemas-like PATTERN, or drop --template-schema.');
  }
  if (inputs.targets !== undefined) return validateFleet(inputs, given);
  if (inputs.shard !== undefined) {
    throw new UsageError('--shard takes a share of the --targets list, and there is none: give --targets (one database a line), or leave --shard out to check the one database.');
  }
  if (given.length === 0 && !inputs['write-snapshot']) {
    throw new UsageError(`Nothing to compare against: give the expected schema with one of ${expectedSources.map((s) => `--${s}`).join(', ')}.`);
  }
  assertEnvName(inputs['url-env'], 'url-env', 'cli');
  if (inputs['query-timeout'] <= 0) throw new UsageError('--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.');
  checkAppRole(inputs);
  if (!inputs['database-url'] && !(inputs['write-snapshot'] && given.length === 1)) {
    throw new UsageError('Missing the live database: set database-url (or DATABASE_URL) to the database to verify.');
  }
}

/**
 * --targets replaces --database-url. DATABASE_URL from the environment (set for the app in many
 * CI jobs) is ignored then, not refused; a database-url given as well is a choice to make.
 */
function validateFleet(inputs: SchemaVerifyInputs, given: readonly string[]): void {
  const url = inputs['database-url'];
  if (url !== undefined && url !== process.env.DATABASE_URL) {
    throw new UsageError('Give either --targets or --database-url, not both: put that database on a line of the targets list instead.');
  }
  if (given.length === 0) {
    throw new UsageError(`--targets needs the expected schema to compare every target with: give one of ${expectedSources.map((s) => `--${s}`).join(', ')}.`);
  }
  if (inputs['fix-sql'] !== undefined) {
    throw new UsageError('--fix-sql writes the fixes of one database and cannot be combined with --targets; every finding of the report carries its own fix, or run schema-verify on the one target with --fix-sql.');
  }
  if (inputs.parallel < 1) throw new UsageError('--parallel needs a whole number of at least 1, e.g. --parallel 4.');
  if (inputs.shard !== undefined) parseShard(inputs.shard);
  assertEnvName(inputs['url-env'], 'url-env', 'cli');
  if (inputs['query-timeout'] <= 0) throw new UsageError('--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.');
  checkAppRole(inputs);
}

/**
 * --schemas-like compares the schemas of one database. With --targets it would need a rule for
 * which database's schemas a name means; refused instead (one step per database, or a matrix).
 */
function validateTenantSchemas(inputs: SchemaVerifyInputs, given: readonly string[]): void {
  const pattern = inputs['schemas-like']!;
  assertLikePattern(pattern, `--schemas-like '${pattern}'`);
  if (inputs.targets !== undefined) {
    throw new UsageError('--schemas-like compares the schemas of one database and cannot be combined with --targets; give that database as --database-url, and run one step per database (e.g. a matrix) for several.');
  }
  if (inputs.schemas.length > 0) {
    throw new UsageError('Give either --schemas or --schemas-like, not both: --schemas-like already chooses the schemas to compare.');
  }
  const template = inputs['template-schema'];
  if (template.trim() === '') throw new UsageError('--template-schema needs a schema name, e.g. --template-schema public.');
  if (likeToRegExp(pattern).test(template)) {
    throw new UsageError(`--schemas-like '${pattern}' also matches ${template}, the template schema every tenant schema is compared with; narrow the pattern (e.g. 'tenant\\_%'), or name another template with --template-schema.`);
  }
  if (given.length === 0) {
    throw new UsageError(`--schemas-like needs the expected schema to compare every tenant schema with: give one of ${expectedSources.map((s) => `--${s}`).join(', ')}.`);
  }
  if (!inputs['database-url']) throw new UsageError('Missing the live database: set database-url (or DATABASE_URL) to the database whose schemas --schemas-like selects.');
  assertEnvName(inputs['url-env'], 'url-env', 'cli');
  if (inputs['query-timeout'] <= 0) throw new UsageError('--query-timeout needs a duration longer than 0, e.g. --query-timeout 5m.');
  checkAppRole(inputs);
}

/**
 * --app-role checks the tables --require-rls-for selects; alone it would select none and pass
 * without looking, and guessing the tenant columns would be a guess. Shared with migrate-direct,
 * which passes both options through to its verification.
 */
export function checkAppRole(inputs: { 'app-role'?: string; 'require-rls-for': readonly string[] }): void {
  const role = inputs['app-role'];
  if (role === undefined) return;
  if (role.trim() === '') throw new UsageError('--app-role needs a role name, e.g. --app-role app (the role your application connects as).');
  if (inputs['require-rls-for'].length === 0) {
    throw new UsageError(`--app-role needs --require-rls-for to know which tables are tenant tables; add the tenant columns, e.g. --require-rls-for tenant_id --app-role ${role}.`);
  }
}

export const schemaVerify = defineCheck({
  name: 'schema-verify',
  title: 'Compare the physical schema of a live database with what migrations define.',
  description:
    'Compares the live database schema with the expected one (a reference database, a schema file, migrations applied to a shadow database, or a snapshot), reports every difference with a fix, and reads the migration ledger.',
  options: schemaVerifyOptions,
  async run(inputs, ctx) {
    validateCombination(inputs);
    if (inputs['schemas-like'] !== undefined) {
      const { verifyTenantSchemas } = await import('./tenants/run.ts');
      return verifyTenantSchemas(inputs, ctx);
    }
    if (inputs.targets !== undefined) {
      const { verifyFleet } = await import('./fleet/run.ts');
      return verifyFleet(inputs, ctx);
    }
    const { verifySchema } = await import('./run.ts');
    return verifySchema(inputs, ctx);
  },
});
