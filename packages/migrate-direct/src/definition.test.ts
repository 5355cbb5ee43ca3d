/** The option names are a public interface; combinations are refused before anything loads. */
import { describe, expect, test } from 'vitest';
import { parseInputs, renderHelp, UsageError } from '@preflight/core';
import { migrateDirect, validateCombination } from './definition.ts';

const parse = (raw: Record<string, string>, env: NodeJS.ProcessEnv = {}) => parseInputs(migrateDirect.options, raw, 'cli', env);

describe('migrate-direct options', () => {
  test('names, types and defaults stay as published', () => {
    const shape = Object.fromEntries(migrateDirect.options.map((o) => [o.name, [o.type, 'default' in o ? o.default : undefined]]));
    expect(shape).toMatchObject({
      'database-url': ['string', undefined],
      'direct-url': ['string', undefined],
      migrations: ['dir', undefined],
      // Was sql; auto reads every layout sql accepted as sql (and a Preflight ledger keeps its format, see run.ts).
      'migrations-format': ['enum', 'auto'],
      command: ['string', undefined],
      'url-env': ['string', 'DATABASE_URL'],
      'cloud-sql-instance': ['string', undefined],
      'ip-type': ['enum', 'public'],
      'iam-auth': ['boolean', 'false'],
      'lock-wait': ['duration', '10m'],
      'lock-timeout': ['duration', '5s'],
      'statement-timeout': ['duration', '15m'],
      'command-timeout': ['duration', undefined],
      'allow-out-of-order': ['boolean', 'false'],
      baseline: ['string', undefined],
      'dry-run': ['boolean', 'false'],
      environment: ['string', undefined],
      'allow-destructive': ['boolean', 'false'],
      'allow-stamp': ['boolean', 'false'],
      'check-connections': ['boolean', 'false'],
      'idle-in-transaction-threshold': ['duration', '5m'],
      sample: ['duration', undefined],
      'verify-schema': ['boolean', 'false'],
      'shadow-url': ['string', undefined],
      strict: ['boolean', 'false'],
      'ignore-privileges': ['boolean', 'false'],
      'require-rls-for': ['list', undefined],
      'app-role': ['string', undefined],
      schemas: ['list', undefined],
      ignore: ['list', undefined],
      targets: ['string', undefined],
      parallel: ['integer', '4'],
      'max-failures': ['integer', undefined],
      'connect-timeout': ['duration', '10s'],
      json: ['boolean', undefined],
      report: ['path', undefined],
      sarif: ['path', undefined],
      comment: ['boolean', 'false'],
      'github-token': ['string', undefined],
    });
    const byName = new Map<string, { env?: string; secret?: boolean; aliases?: readonly string[]; values?: readonly string[] }>(migrateDirect.options.map((o) => [o.name, o] as [string, never]));
    expect(byName.get('database-url')).toMatchObject({ env: 'DATABASE_URL', secret: true, aliases: ['url'] });
    expect(byName.get('direct-url')).toMatchObject({ env: 'DIRECT_URL', secret: true });
    // Values are added, never removed: the published ones stay first (and in their order).
    expect(byName.get('migrations-format')?.values).toEqual(['sql', 'dbmate', 'golang-migrate', 'prisma', 'auto']);
    expect(byName.get('ip-type')?.values).toEqual(['public', 'private', 'psc']);
  });

  test('durations parse to milliseconds; env fallbacks apply', () => {
    const inputs = parse({ migrations: 'db' }, { DATABASE_URL: 'postgres://a@b/c', DIRECT_URL: 'postgres://a@d/c' });
    expect(inputs['lock-wait']).toBe(600_000);
    expect(inputs['lock-timeout']).toBe(5_000);
    expect(inputs['statement-timeout']).toBe(900_000);
    expect(inputs['idle-in-transaction-threshold']).toBe(300_000);
    expect(inputs['database-url']).toBe('postgres://a@b/c');
    expect(inputs['direct-url']).toBe('postgres://a@d/c');
  });

  test('--help lists every option', () => {
    const help = renderHelp(migrateDirect.name, migrateDirect.description, migrateDirect.options);
    for (const o of migrateDirect.options) expect(help).toContain(`--${o.name}`);
  });

  test.each([
    [{ 'database-url': 'postgres://x/y' }, /Nothing to run/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', command: 'alembic upgrade head' }, /either --migrations .* or --command/],
    [{ migrations: 'db' }, /Missing the database/],
    [{ 'cloud-sql-instance': 'p:us-central1:i', 'direct-url': 'postgres://x/y', migrations: 'db' }, /either --cloud-sql-instance or --direct-url/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', 'iam-auth': 'true' }, /--iam-auth only applies with --cloud-sql-instance/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', 'ip-type': 'private' }, /--ip-type only applies/],
    [{ 'database-url': 'postgres://x/y', command: 'alembic upgrade head', baseline: '3' }, /--baseline only applies to the built-in runner/],
    [{ 'database-url': 'postgres://x/y', command: 'x', 'url-env': 'NOT-A-NAME' }, /is not an environment variable name/],
    // Refused before migrating, not as a failed verification after the migrations ran.
    [{ 'database-url': 'postgres://x/y', migrations: 'db', 'verify-schema': 'true', 'app-role': 'app' }, /--app-role needs --require-rls-for/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', 'command-timeout': '30m' }, /--command-timeout only applies to --command/],
    [{ 'database-url': 'postgres://x/y', command: 'x', 'command-timeout': '0s' }, /--command-timeout needs a duration longer than 0/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', sample: '0' }, /--sample needs a duration longer than 0/],
    // A fleet: each line is its own database (and its own direct connection).
    [{ targets: 't.txt', 'database-url': 'postgres://x/y', migrations: 'db' }, /either --targets or --database-url\/--direct-url/],
    [{ targets: 't.txt', 'direct-url': 'postgres://x/y', migrations: 'db' }, /either --targets or --database-url\/--direct-url/],
    [{ targets: 't.txt', 'cloud-sql-instance': 'p:us-central1:i', migrations: 'db' }, /either --targets or --cloud-sql-instance/],
    [{ targets: 't.txt', migrations: 'db', 'verify-schema': 'true' }, /--verify-schema cannot be combined with --targets/],
    [{ targets: 't.txt', migrations: 'db', parallel: '0' }, /--parallel needs a whole number of at least 1/],
    [{ targets: 't.txt', migrations: 'db', 'max-failures': '0' }, /--max-failures needs a whole number of at least 1: --max-failures 1 stops the rollout at the first failed target/],
    [{ 'database-url': 'postgres://x/y', migrations: 'db', 'max-failures': '2' }, /--max-failures only applies with --targets/],
  ])('refuses %o', (raw, message) => {
    expect(() => validateCombination(parse(raw as Record<string, string>))).toThrow(UsageError);
    expect(() => validateCombination(parse(raw as Record<string, string>))).toThrow(message);
  });

  test('accepts the usual combinations', () => {
    expect(() => validateCombination(parse({ migrations: 'db' }, { DATABASE_URL: 'postgres://x/y' }))).not.toThrow();
    expect(() => validateCombination(parse({ command: 'prisma migrate deploy', 'direct-url': 'postgres://x/y' }))).not.toThrow();
    expect(() => validateCombination(parse({ migrations: 'db', 'cloud-sql-instance': 'p:us-central1:i', 'iam-auth': 'true', 'ip-type': 'private' }))).not.toThrow();
  });

  test('--targets: DATABASE_URL and DIRECT_URL from the environment (set for the app) are ignored, not refused', () => {
    const before = { DATABASE_URL: process.env.DATABASE_URL, DIRECT_URL: process.env.DIRECT_URL };
    Object.assign(process.env, { DATABASE_URL: 'postgres://x/app', DIRECT_URL: 'postgres://x:5432/app' });
    try {
      const inputs = parse({ targets: 't.txt', migrations: 'db', 'max-failures': '1' }, { ...process.env });
      expect(() => validateCombination(inputs)).not.toThrow();
    } finally {
      for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('the definition module does not load pg', async () => {
    const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('./definition.ts', import.meta.url), 'utf8'));
    expect(source).not.toMatch(/from ['"](pg|@preflight\/pg|@preflight\/migrations)['"]/);
  });
});
