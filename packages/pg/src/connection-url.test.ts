/**
 * The URL and libpq variables a child command gets (issue 7 item 10): everything the user gave,
 * so their tool connects the way Preflight does, whichever builder made the URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, serverInfo, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { databaseEnv, parseConnection, runCommand, supabaseDirectUrl, targetForDatabase, type ConnectionTarget } from './index.ts';

const parse = (input: string) => parseConnection(input, { inputName: 'database-url' });

const dir = mkdtempSync(join(tmpdir(), 'pf-child-url-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
  return path;
};
const ca = pem('ca.pem');
const cert = pem('client.pem');
const key = pem('client.key');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a child's `echo "$DATABASE_URL"` and `echo "$PGxxx"` show (output lines are redacted). */
async function childSees(env: NodeJS.ProcessEnv): Promise<{ url: string; vars: Record<string, string> }> {
  const names = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSSLMODE', 'PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY', 'PGOPTIONS', 'PGAPPNAME'];
  const lines: string[] = [];
  const script = ['echo "$DATABASE_URL"', ...names.map((n) => `echo "${n}=\${${n}-<unset>}"`)].join('; ');
  const result = await runCommand(script, env, { onLine: (l) => lines.push(l), tailLines: 50 });
  expect(result.code).toBe(0);
  const vars = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { url: lines[0], vars };
}

const given = (t: ConnectionTarget) => Object.fromEntries(t.givenParams);

describe('the URL a child command gets keeps every parameter', () => {
  const input =
    `postgres://app:Pw-child-7c1@db.internal:5433/shop?sslmode=verify-full&sslrootcert=${ca}&sslcert=${cert}&sslkey=${key}` +
    '&options=-c%20search_path%3Dapp&hostaddr=127.0.0.1&application_name=deploy&schema=public';
  const wanted = {
    sslmode: 'verify-full',
    sslrootcert: ca,
    sslcert: cert,
    sslkey: key,
    options: '-c search_path=app',
    hostaddr: '127.0.0.1',
    application_name: 'deploy',
    schema: 'public',
  };

  test('a shadow database URL (targetForDatabase) has the same parameters, only the database differs', () => {
    const shadow = targetForDatabase(parse(input), 'preflight_shadow_abc');
    const seen = parse(shadow.url);
    expect(given(seen)).toMatchObject(wanted);
    expect(seen).toMatchObject({ host: 'db.internal', port: 5433, user: 'app', database: 'preflight_shadow_abc', config: { password: 'Pw-child-7c1' } });
    expect(shadow.target.database).toBe('preflight_shadow_abc');
    expect(shadow.target.display).not.toContain('Pw-child-7c1');
  });

  test('a child command sees them in DATABASE_URL (password masked in its output) and in the PG* variables', async () => {
    const target = targetForDatabase(parse(input), 'preflight_shadow_abc').target;
    // A runner's own libpq settings must not send the tool elsewhere.
    const base = { PATH: process.env.PATH, PGSSLROOTCERT: '/runner/ca.pem', PGSSLCERT: '/runner/c.pem', PGSSLKEY: '/runner/k.pem', PGHOSTADDR: '10.9.9.9' };
    const { url, vars } = await childSees(databaseEnv(base, target));
    expect(url).toMatch(/^postgres:\/\/app:\*\*\*@db\.internal:5433\/preflight_shadow_abc\?/);
    expect(given(parse(url))).toMatchObject(wanted);
    expect(vars).toMatchObject({
      PGHOST: 'db.internal',
      PGHOSTADDR: '127.0.0.1',
      PGPORT: '5433',
      PGUSER: 'app',
      PGPASSWORD: '***',
      PGDATABASE: 'preflight_shadow_abc',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: ca,
      PGSSLCERT: cert,
      PGSSLKEY: key,
      PGOPTIONS: '-c search_path=app',
      PGAPPNAME: 'deploy',
    });
  });

  test('settings the input does not make are not invented, and inherited TLS files are removed', async () => {
    const target = parse('postgres://app:pw-plain-1@db.internal/shop');
    const base = { PATH: process.env.PATH, PGSSLROOTCERT: '/runner/ca.pem', PGSSLCERT: '/runner/c.pem', PGSSLKEY: '/runner/k.pem' };
    const { url, vars } = await childSees(databaseEnv(base, target));
    expect(url).toBe('postgres://app:***@db.internal:5432/shop');
    expect(vars).toMatchObject({ PGSSLROOTCERT: '<unset>', PGSSLCERT: '<unset>', PGSSLKEY: '<unset>', PGHOSTADDR: '<unset>', PGSSLMODE: '<unset>' });
  });

  test('a libpq keyword string becomes a URL with the same settings', async () => {
    const target = parse(`host=db.internal port=5433 dbname=shop user=app password='kw pw 9' sslmode=require sslrootcert=${ca} options='-c search_path=app'`);
    const { url } = await childSees(databaseEnv({ PATH: process.env.PATH }, target));
    const seen = parse(url);
    expect(seen).toMatchObject({ kind: 'url', host: 'db.internal', port: 5433, user: 'app', database: 'shop', sslmode: 'require' });
    expect(given(seen)).toMatchObject({ sslrootcert: ca, options: '-c search_path=app' });
  });

  test("options of the user's own come first in PGOPTIONS and in the URL, then the migration timeouts", async () => {
    const target = parse('postgres://app:pw-opt-2@db.internal/shop?options=-c%20search_path%3Dapp');
    const { url, vars } = await childSees(databaseEnv({ PATH: process.env.PATH, PGOPTIONS: '-c work_mem=1MB' }, target, { timeouts: { lockTimeoutMs: 5000, statementTimeoutMs: 60000 } }));
    const ours = '-c lock_timeout=5000 -c statement_timeout=60000';
    // libpq lets the URL's options win over PGOPTIONS, so the timeouts must be in both.
    expect(given(parse(url)).options).toBe(`-c search_path=app ${ours}`);
    expect(vars.PGOPTIONS).toBe(`-c search_path=app ${ours}`);
  });

  test('a secret parameter is passed on and stays masked in what the command prints', async () => {
    const target = parse('postgres://app:pw-sec-3@db.internal/shop?sslpassword=key/pass:777');
    const { url } = await childSees(databaseEnv({ PATH: process.env.PATH }, target));
    expect(url).toBe('postgres://app:***@db.internal:5432/shop?sslpassword=***');
  });

  test('Supabase session-pooler mapping keeps the parameters and drops pgbouncer=true', () => {
    const t = parse(`postgresql://postgres.abcdefghijklmnopqrst:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?pgbouncer=true&sslmode=verify-full&sslrootcert=${ca}&application_name=web`);
    const mapped = parse(supabaseDirectUrl(t)!);
    expect(mapped.port).toBe(5432);
    expect(mapped.pgbouncerParam).toBe(false);
    expect(given(mapped)).toEqual({ sslmode: 'verify-full', sslrootcert: ca, application_name: 'web' });
  });
});

describe('against the real server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('childurl', 'CREATE SCHEMA pf_app;');
  });
  afterAll(() => db.drop());

  test("psql connects with the URL alone the way the user's URL says (options, application_name)", async () => {
    const target = parse(`${urlFor('postgres')}?options=-c%20search_path%3Dpf_app&application_name=pf-child`);
    const shadow = targetForDatabase(target, db.name);
    const env = databaseEnv(process.env, shadow.target);
    const lines: string[] = [];
    // Without the PG* variables: the URL has to carry it all.
    const r = await runCommand(
      `env -u PGOPTIONS -u PGAPPNAME -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE psql -X "$DATABASE_URL" -Atc "select current_database(), current_setting('search_path'), current_setting('application_name')"`,
      env,
      { onLine: (l) => lines.push(l) },
    );
    expect(r.code).toBe(0);
    expect(lines).toEqual([`${db.name}|pf_app|pf-child`]);
    expect(lines.join('\n')).not.toContain(serverInfo().password);
  });
});
