import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { CouldNotRunError, ExitCode, UsageError, clearSecrets, exitCodeOf, redact } from '@preflight/core';
import {
  connectionError,
  detectPoolerFromTarget,
  displayConnection,
  parseConnection,
  redactUrl,
  supabaseDirectUrl,
  type ConnectionTarget,
} from './index.ts';

const parse = (input: string, connectTimeoutMs?: number) => parseConnection(input, { inputName: 'live-url', connectTimeoutMs });

// pg's own environment defaults would leak into the expectations.
for (const k of ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD', 'PGSSLMODE']) delete process.env[k];

const certDir = mkdtempSync(join(tmpdir(), 'pf-conn-test-'));
const caPath = join(certDir, 'ca.pem');
writeFileSync(caPath, '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

describe('parseConnection: accepted forms', () => {
  test.each([
    {
      name: 'plain URL',
      input: 'postgres://app:secret-pw@db.example.com:5433/shop',
      want: { kind: 'url', host: 'db.example.com', port: 5433, user: 'app', database: 'shop', password: 'secret-pw' },
      display: 'postgres://app:***@db.example.com:5433/shop',
    },
    {
      name: 'postgresql scheme, default port',
      input: 'postgresql://app:pw123@db.example.com/shop',
      want: { host: 'db.example.com', port: 5432, user: 'app', database: 'shop', password: 'pw123' },
      display: 'postgresql://app:***@db.example.com/shop',
    },
    {
      name: 'percent-encoded password and user',
      input: 'postgres://us%40er:p%40ss%2Fw%3Ard%25@h/db',
      want: { user: 'us@er', password: 'p@ss/w:rd%' },
      display: 'postgres://us%40er:***@h/db',
    },
    {
      name: 'unencoded @ inside the password',
      input: 'postgres://u:p@ss@word@h:5432/db',
      want: { user: 'u', password: 'p@ss@word', host: 'h', database: 'db' },
      display: 'postgres://u:***@h:5432/db',
    },
    {
      name: 'unencoded / and ? inside the password',
      input: 'postgres://u:pa/ss?x@h/db',
      want: { user: 'u', password: 'pa/ss?x', host: 'h', database: 'db' },
      display: 'postgres://u:***@h/db',
    },
    {
      name: 'no user info, IPv6 host',
      input: 'postgres://[::1]:6000/db',
      want: { host: '::1', port: 6000, database: 'db' },
      display: 'postgres://[::1]:6000/db',
    },
    {
      name: 'user without password, database defaults to user',
      input: 'postgres://alice@h',
      want: { user: 'alice', database: 'alice' },
      display: 'postgres://alice@h',
    },
    {
      name: 'query parameters override the URL parts',
      input: 'postgres://u:pw1@h:1/db?host=other&port=6001&dbname=db2&user=bob&password=pw2',
      want: { host: 'other', port: 6001, database: 'db2', user: 'bob', password: 'pw2' },
      display: 'postgres://u:***@h:1/db?host=other&port=6001&dbname=db2&user=bob&password=***',
    },
    {
      name: 'options, application_name, connect_timeout',
      input: 'postgres://u@h/db?options=-c%20search_path%3Dapp&application_name=ci&connect_timeout=3',
      want: { options: '-c search_path=app', application_name: 'ci', connectionTimeoutMillis: 3000 },
      display: 'postgres://u@h/db?options=-c%20search_path%3Dapp&application_name=ci&connect_timeout=3',
    },
    {
      name: '+ stays + (libpq, not form encoding)',
      input: 'postgres://u@h/db?application_name=a+b',
      want: { application_name: 'a+b' },
      display: 'postgres://u@h/db?application_name=a+b',
    },
    {
      name: 'Cloud Run socket path as a host query parameter',
      input: 'postgresql://user:pw-cloud@/db?host=/cloudsql/proj:us-central1:inst',
      want: { host: '/cloudsql/proj:us-central1:inst', socketDir: '/cloudsql/proj:us-central1:inst', cloudSqlInstance: 'proj:us-central1:inst', ssl: false, user: 'user', database: 'db' },
      display: 'postgresql://user:***@/db?host=/cloudsql/proj:us-central1:inst',
    },
    {
      name: 'percent-encoded socket directory as host',
      input: 'postgres://user@%2Fvar%2Frun%2Fpostgresql/db',
      want: { host: '/var/run/postgresql', socketDir: '/var/run/postgresql', database: 'db', cloudSqlInstance: undefined },
      display: 'postgres://user@%2Fvar%2Frun%2Fpostgresql/db',
    },
    {
      name: 'socket directory with a port (socket file name)',
      input: 'postgres://user@%2Ftmp:6001/db',
      want: { host: '/tmp', socketDir: '/tmp', port: 6001 },
      display: 'postgres://user@%2Ftmp:6001/db',
    },
    {
      name: 'pgbouncer=true is recorded and not sent',
      input: 'postgres://u:pwx@h:6543/db?pgbouncer=true&connection_limit=1&schema=public',
      want: { pgbouncerParam: true, ignoredParams: ['connection_limit', 'schema'] },
      display: 'postgres://u:***@h:6543/db?pgbouncer=true&connection_limit=1&schema=public',
    },
    {
      name: 'keyword string',
      input: 'host=db.internal port=5433 dbname=shop user=app password=kwsecret',
      want: { kind: 'keyword', host: 'db.internal', port: 5433, database: 'shop', user: 'app', password: 'kwsecret' },
      display: 'host=db.internal port=5433 dbname=shop user=app password=***',
    },
    {
      name: 'keyword string with libpq quoting',
      input: "host = db  dbname='my db' user=app password='quoted \\' value' application_name=a\\ b",
      want: { kind: 'keyword', database: 'my db', password: "quoted ' value", application_name: 'a b' },
      display: "host=db dbname='my db' user=app password=*** application_name='a b'",
    },
    {
      name: 'keyword string with empty quoted password and socket host',
      input: "host=/var/run/postgresql dbname=x password=''",
      want: { socketDir: '/var/run/postgresql', password: undefined, ssl: false },
      display: 'host=/var/run/postgresql dbname=x password=***',
    },
    {
      name: 'keyword string with hostaddr',
      input: 'host=db.example.com hostaddr=127.0.0.1 sslmode=require',
      want: { host: 'db.example.com', configHost: '127.0.0.1', ssl: { rejectUnauthorized: false, servername: 'db.example.com' } },
      display: 'host=db.example.com hostaddr=127.0.0.1 sslmode=require',
    },
    {
      name: 'plain Cloud SQL instance connection name',
      input: 'my-project:europe-west1:main-db',
      want: { kind: 'cloud-sql-instance', cloudSqlInstance: 'my-project:europe-west1:main-db', host: '' },
      display: 'my-project:europe-west1:main-db',
    },
    {
      name: 'domain-scoped Cloud SQL instance connection name',
      input: 'example.com:my-project:us-central1:db',
      want: { kind: 'cloud-sql-instance', cloudSqlInstance: 'example.com:my-project:us-central1:db' },
      display: 'example.com:my-project:us-central1:db',
    },
  ])('$name', ({ input, want, display }) => {
    const t = parse(input);
    const flat: Record<string, unknown> = { ...t.config, ...t, configHost: t.config.host };
    for (const [k, v] of Object.entries(want)) expect(flat[k], k).toEqual(v);
    expect(t.display).toBe(display);
  });

  test('default connect timeout is 10 s, opts override the default, connect_timeout overrides both', () => {
    expect(parse('postgres://h/db').config.connectionTimeoutMillis).toBe(10_000);
    expect(parse('postgres://h/db', 1000).config.connectionTimeoutMillis).toBe(1000);
    expect(parse('postgres://h/db?connect_timeout=7', 1000).config.connectionTimeoutMillis).toBe(7000);
    // libpq raises 1 s to 2 s; 0 ("forever" in libpq) keeps the default so CI cannot hang.
    expect(parse('host=h connect_timeout=1').config.connectionTimeoutMillis).toBe(2000);
    expect(parse('host=h connect_timeout=0').config.connectionTimeoutMillis).toBe(10_000);
  });

  test.each([
    ['disable', false],
    ['allow', false],
    ['prefer', { rejectUnauthorized: false }],
    ['require', { rejectUnauthorized: false }],
    ['no-verify', { rejectUnauthorized: false }],
    ['verify-full', { rejectUnauthorized: true }],
  ])('sslmode=%s maps to ssl %j', (mode, ssl) => {
    expect(parse(`postgres://h/db?sslmode=${mode}`).config.ssl).toEqual(ssl);
  });

  test('no sslmode leaves ssl to pg (and connectClient falls back like libpq)', () => {
    const t = parse('postgres://h/db');
    expect(t.sslmode).toBeUndefined();
    expect(t.config.ssl).toBeUndefined();
  });

  test('ssl=true (JDBC habit) means sslmode=require', () => {
    expect(parse('postgres://h/db?ssl=true').sslmode).toBe('require');
  });

  test('verify-full reads the CA file; verify-ca and require+rootcert skip only the host name check', () => {
    const full = parse(`postgres://h/db?sslmode=verify-full&sslrootcert=${caPath}`).config.ssl as Record<string, unknown>;
    expect(full).toMatchObject({ rejectUnauthorized: true, ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(full.checkServerIdentity).toBeUndefined();
    for (const mode of ['verify-ca', 'require']) {
      const ssl = parse(`host=h sslmode=${mode} sslrootcert=${caPath}`).config.ssl as Record<string, any>;
      expect(ssl.rejectUnauthorized).toBe(true);
      expect(ssl.ca).toContain('BEGIN CERTIFICATE');
      expect(ssl.checkServerIdentity('h', {})).toBeUndefined();
    }
    expect(parse('postgres://h/db?sslmode=verify-full&sslrootcert=system').config.ssl).toEqual({ rejectUnauthorized: true });
  });

  test('socket hosts never use TLS, even with sslmode=require (libpq does the same)', () => {
    expect(parse('postgres://u@/db?host=/tmp&sslmode=require').config.ssl).toBe(false);
  });

  test('ignored parameter values that look secret are registered and masked', () => {
    const t = parse('postgres://u@h/db?sslpassword=keyfile-pass&api_token=tok-123456');
    expect(t.ignoredParams).toEqual(['sslpassword', 'api_token']);
    expect(t.display).toBe('postgres://u@h/db?sslpassword=***&api_token=***');
    expect(redact('tok-123456')).toBe('***');
  });

  test('every password is registered as a secret', () => {
    parse('postgres://u:url-reg-pw%21@h/db');
    parse("host=h password='kw reg pw'");
    parse('postgres://h/db?password=query-reg-pw');
    expect(redact('a url-reg-pw! b url-reg-pw%21 c kw reg pw d query-reg-pw')).toBe('a *** b *** c *** d ***');
  });
});

describe('parseConnection: errors', () => {
  const canary = 'Canary-PW-7f3a9';
  test.each([
    ['empty', '', /^Input live-url is empty; use postgres:\/\//],
    ['blank', '   ', /is empty/],
    ['unknown scheme', `mysql://u:${canary}@h/db`, /^Input live-url is not a valid PostgreSQL URL \(unknown scheme "mysql"\); use postgres:\/\/user:password@host:5432\/dbname or a libpq string like "host=\.\.\. dbname=\.\.\."\.$/],
    ['JDBC URL', `jdbc:postgresql://h/db?password=${canary}`, /is a JDBC URL.*drop the "jdbc:" prefix/],
    ['neither form', `just-some-text ${canary}`, /is neither a PostgreSQL URL nor a libpq connection string/],
    ['bad port', `postgres://u:${canary}@h:99999/db`, /has a port that is not a number from 1 to 65535/],
    ['non-numeric port', `postgres://u:${canary}@h:abc/db`, /has a port that is not a number/],
    ['port zero', `host=h port=0 password=${canary}`, /has a port that is not a number/],
    ['unknown sslmode', `postgres://u:${canary}@h/db?sslmode=requir`, /has an unknown sslmode "requir"; use one of disable, allow, prefer, require, verify-ca, verify-full\.$/],
    ['unbalanced quote', `host=h password='${canary}`, /has an unterminated quoted value for "password" in its libpq connection string/],
    ['unbalanced quote elsewhere', `password=${canary} dbname='x`, /unterminated quoted value for "dbname"/],
    ['word without =', `host=h password=my ${canary}`, /has a word without "=value" in its libpq connection string/],
    ['= without keyword', `host=h =${canary}`, /"=" without a keyword/],
    ['host list', `postgres://u:${canary}@h/db?host=a,b`, /lists several values for host/],
    ['keyword host list', `host=a,b password=${canary}`, /lists several values for host/],
    ['bad hostaddr', `hostaddr=db.example.com password=${canary}`, /hostaddr that is not an IP address/],
    ['IPv6 without ]', `postgres://u:${canary}@[::1/db`, /IPv6 address without the closing "\]"/],
    ['query param without =', `postgres://u:${canary}@h/db?sslmode`, /query parameter without "=value"/],
    ['bad connect_timeout', `postgres://u:${canary}@h/db?connect_timeout=ten`, /connect_timeout that is not a whole number of seconds/],
    ['verify-ca without root cert', `postgres://u:${canary}@h/db?sslmode=verify-ca`, /uses sslmode=verify-ca without sslrootcert/],
    ['unreadable root cert', `postgres://u:${canary}@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`, /names a sslrootcert file "\/nonexistent\/ca\.pem" that cannot be read \(ENOENT\)/],
    ['password with unencoded / and digits', `postgres://u:1234/${canary}@h/db`, /cannot be read safely.*percent-encode "\/" as %2F/],
    ['unencoded / in a password with a / after the host', `postgres://u:pa/ss@h/${canary}/x`, /"\/" in its database name.*percent-encode/],
  ])('%s', (_name, input, pattern) => {
    let error: unknown;
    try {
      parse(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(ExitCode.Usage);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message.startsWith('Input live-url ')).toBe(true);
    // One sentence: ends with a period, no line breaks.
    expect(message).toMatch(/\.$/);
    expect(message).not.toMatch(/\n/);
    expect(message).not.toContain(canary);
    expect((error as Error).stack ?? '').not.toContain(canary);
  });
});

describe('display helpers', () => {
  test('displayConnection masks or refuses', () => {
    expect(displayConnection('postgres://u:dc-secret@h/db')).toBe('postgres://u:***@h/db');
    expect(displayConnection("host=h password='dc2-secret")).toBe('<invalid connection string>');
  });

  test.each([
    ['Error: connect postgres://u:rs-one@db.example.com:5432/app failed', 'Error: connect postgres://u:***@db.example.com:5432/app failed'],
    ['at postgresql://admin:p@ss@w0rd@host/db.', 'at postgresql://admin:***@host/db.'],
    ['"postgres://u:a/b@h"', '"postgres://u:***@h"'],
    ['no password postgres://u@h/db here', 'no password postgres://u@h/db here'],
    ['https://user:tok@github.com/x', 'https://user:***@github.com/x'],
    ['postgres://u@h/db?password=qp&x=1', 'postgres://u@h/db?password=***&x=1'],
    ["host=h password='a b c' user=u", 'host=h password=*** user=u'],
    // issue 7 item 3: no word boundary between PG and PASSWORD.
    ['sh -c "PGPASSWORD=rs-two psql -h db"', 'sh -c "PGPASSWORD=*** psql -h db"'],
    ['postgres://admin:2024/rs-three@127.0.0.1/db', 'postgres://admin:***@127.0.0.1/db'],
  ])('redactUrl(%j)', (input, want) => {
    expect(redactUrl(input)).toBe(want);
  });
});

describe('fuzz', () => {
  // Random inputs register random (sometimes word-like) passwords; keep them out of later tests.
  afterEach(() => clearSecrets());
  // A password made only of '*' (or '*' next to '@') cannot be told apart from the mask itself.
  const noStar = (s: string) => !s.includes('*');
  const inputs = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.tuple(
      fc.constantFrom('postgres://', 'postgresql://', 'host=', 'password=', "host=h password='", 'mysql://', 'p:r-r1:i', ''),
      fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
      fc.constantFrom('', '@h/db', '?sslmode=require', ':5432/db?host=/x', "'", ' port=1'),
    ).map((parts) => parts.join('')),
  );

  test('parseConnection either returns a target or throws UsageError', () => {
    fuzz(
      'pg: connection string',
      fc.property(inputs, (input) => {
        try {
          const t = parse(input);
          expect(typeof t.display).toBe('string');
          expect(Number.isInteger(t.port)).toBe(true);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
    );
  });

  test('display never contains the password the parser found (so a registered one)', () => {
    fuzz(
      'pg: connection string (display)',
      fc.property(inputs, (input) => {
        let t: ConnectionTarget;
        try {
          t = parse(input);
        } catch {
          return;
        }
        const pw = t.config.password;
        if (typeof pw === 'string' && pw.length >= 3 && noStar(pw)) {
          expect(t.display).not.toContain(pw);
        }
      }),
    );
  });

  test('URLs with arbitrary encoded passwords: display and errors never contain them', () => {
    const password = fc.string({ unit: 'binary', minLength: 3, maxLength: 30 }).filter(noStar);
    const tail = fc.constantFrom('', ':5432', ':99999', ':abc', '?sslmode=bogus', '?sslmode=require', '?host=a,b', '?x', "?options='-c x=1'");
    fuzz(
      'pg: connection string (encoded password)',
      fc.property(fc.string({ maxLength: 10 }), password, tail, fc.boolean(), (user, pw, suffix, keyword) => {
        const input = keyword
          ? `user='${user.replace(/[\\']/g, '\\$&')}' password='${pw.replace(/[\\']/g, '\\$&')}' host=h${suffix.startsWith(':') ? ` port=${suffix.slice(1)}` : ''}`
          : `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@h${suffix.startsWith('?') ? '/db' : ''}${suffix}`;
        try {
          const t = parse(input);
          expect(t.config.password).toBe(pw);
          expect(t.display).not.toContain(pw);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).not.toContain(pw);
        }
      }),
    );
  });
});

describe('pooler detection', () => {
  test.each([
    ['postgres://postgres.abcdefghijklmnopqrst:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres', true, /Supabase transaction pooler/],
    ['postgres://postgres.abcdefghijklmnopqrst:pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres', false, undefined],
    ['postgres://u@pgbouncer.internal:6543/db', true, /port 6543/],
    ['postgres://u@h:5432/db?pgbouncer=true', true, /pgbouncer=true/],
    ['postgres://u@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require', true, /Neon pooled endpoint/],
    ['postgres://u@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require', false, undefined],
    ['postgres://u@db.example.com/app', false, undefined],
    ['host=h port=6543', true, /port 6543/],
  ])('%s → pooled %s', (input, pooled, reason) => {
    const v = detectPoolerFromTarget(parse(input));
    expect(v.pooled).toBe(pooled);
    if (reason) expect(v.reason).toMatch(reason);
    else expect(v.reason).toBeUndefined();
  });

  test.each([
    [
      'postgres://postgres.abcdefghijklmnopqrst:s3cr%2Ft@aws-0-eu-central-1.pooler.supabase.com:6543/postgres',
      'postgres://postgres.abcdefghijklmnopqrst:s3cr%2Ft@aws-0-eu-central-1.pooler.supabase.com:5432/postgres',
    ],
    [
      'postgresql://postgres.abcdefghijklmnopqrst:pw@aws-1-us-east-2.pooler.supabase.com:6543/postgres?sslmode=require',
      // The scheme stays as given.
      'postgresql://postgres.abcdefghijklmnopqrst:pw@aws-1-us-east-2.pooler.supabase.com:5432/postgres?sslmode=require',
    ],
    // Already the session pooler: nothing to map.
    ['postgresql://postgres.abcdefghijklmnopqrst:pw@aws-1-us-east-2.pooler.supabase.com:5432/postgres', undefined],
    ['postgres://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres', undefined],
    ['postgres://someone:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres', undefined],
    ['postgres://postgres.abc:pw@pgbouncer.internal:6543/postgres', undefined],
  ])('supabaseDirectUrl(%s)', (input, want) => {
    expect(supabaseDirectUrl(parse(input))).toBe(want);
  });

  // probeTransactionPooler is tested against real PgBouncer in pooler-probe.test.ts.
});

describe('connect errors without a server', () => {
  const target = parse('postgres://app:ce-canary-pw@db.example.com:5432/shop');
  test.each([
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example.com' }, /host name "db\.example\.com" could not be resolved \(ENOTFOUND\)/],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, /nothing is listening on db\.example\.com:5432/],
    [{ code: 'EHOSTUNREACH', message: 'x' }, /network cannot reach db\.example\.com:5432 \(EHOSTUNREACH\)/],
    [{ message: 'timeout expired' }, /no answer within 10 s/],
    [{ code: '28P01', message: 'password authentication failed for user "app"' }, /authentication failed for user "app"/],
    [{ code: '28000', message: 'no pg_hba.conf entry for host "1.2.3.4", user "app", database "shop", no encryption' }, /the server rejected the login \(no pg_hba\.conf entry .*no encryption\)/],
    [{ code: '3D000', message: 'database "shop" does not exist' }, /database "shop" does not exist; create it/],
    [{ message: 'The server does not support SSL connections' }, /server does not support SSL/],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, /TLS certificate was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\).*sslrootcert/],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }, /TLS certificate was not accepted/],
    [{ message: 'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string' }, /asks for a password but the connection string has none/],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, /closed the connection during start-up/],
    [{ message: 'weird failure mentioning postgres://app:ce-canary-pw@db.example.com/shop' }, /weird failure mentioning postgres:\/\/app:\*\*\*@db/],
  ])('%j', (raw, pattern) => {
    const error = Object.assign(new Error(raw.message), raw);
    const mapped = connectionError(target, error);
    expect(mapped).toBeInstanceOf(CouldNotRunError);
    expect(exitCodeOf(mapped)).toBe(ExitCode.CouldNotRun);
    expect(mapped.message).toMatch(/^Could not connect to postgres:\/\/app:\*\*\*@db\.example\.com:5432\/shop: .*\.$/);
    expect(mapped.message).toMatch(pattern);
    expect(mapped.message).not.toContain('ce-canary-pw');
  });
});
