import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CouldNotRunError, ExitCode, UsageError, clearSecrets, exitCodeOf } from '@preflight/core';
import { adminQuery, createDatabase, serverInfo, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { connectClient, freePort, parseConnection, probeTransactionPooler, startPostgres, withClient, type PostgresServer } from './index.ts';

const parse = (input: string, connectTimeoutMs?: number) => parseConnection(input, { inputName: 'live-url', connectTimeoutMs });

/** Connects, and returns the error it fails with (or throws if it connected). */
async function failure(input: string, connectTimeoutMs?: number): Promise<Error> {
  const target = parse(input, connectTimeoutMs);
  try {
    const client = await connectClient(target);
    await client.end();
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected ${target.display} to fail`);
}

function expectCouldNotRun(error: Error, pattern: RegExp, ...secrets: string[]): void {
  expect(error).toBeInstanceOf(CouldNotRunError);
  expect(exitCodeOf(error)).toBe(ExitCode.CouldNotRun);
  expect(error.message).toMatch(pattern);
  expect(error.message).toMatch(/^Could not connect to .*\.$/);
  expect(error.message).not.toMatch(/\n/);
  for (const s of secrets) {
    expect(error.message).not.toContain(s);
    expect(error.stack ?? '').not.toContain(s);
    expect(JSON.stringify(error)).not.toContain(s);
    expect(String((error as { cause?: unknown }).cause ?? '')).not.toContain(s);
  }
}

let db: TestDatabase;
const role = { name: `pf_conn_${process.pid}`, password: `Canary-Role-PW-${Math.random().toString(36).slice(2)}` };

beforeAll(async () => {
  db = await createDatabase('pgconn');
  await adminQuery(`DROP ROLE IF EXISTS ${role.name}`);
  await adminQuery(`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`);
  await db.sql(`CREATE SCHEMA app_schema`);
});

afterAll(async () => {
  await db?.drop();
  await adminQuery(`DROP ROLE IF EXISTS ${role.name}`);
});

describe('connectClient against the real server', () => {
  test('connects with a URL, sends application_name and options', async () => {
    const url = `${urlFor(db.name, role)}?options=-c%20search_path%3Dapp_schema`;
    const client = await connectClient(parse(url), { applicationName: 'preflight-test' });
    try {
      const { rows } = await client.query(
        "SELECT current_user AS u, current_database() AS d, current_setting('application_name') AS app, current_setting('search_path') AS sp",
      );
      expect(rows[0]).toEqual({ u: role.name, d: db.name, app: 'preflight-test', sp: 'app_schema' });
    } finally {
      await client.end();
    }
  });

  test("the input's application_name wins over the caller's default", async () => {
    const client = await connectClient(parse(`${urlFor(db.name, role)}?application_name=from-url`), { applicationName: 'preflight' });
    try {
      expect((await client.query("SELECT current_setting('application_name') AS a")).rows[0].a).toBe('from-url');
    } finally {
      await client.end();
    }
  });

  test('connects with a libpq keyword string', async () => {
    const s = serverInfo();
    const quoted = role.password.replace(/[\\']/g, '\\$&');
    const target = parse(`host=${s.host} port=${s.port} dbname=${db.name} user=${role.name} password='${quoted}' connect_timeout=5`);
    expect(target.display).not.toContain(role.password);
    const n = await withClient(target, async (c) => (await c.query('SELECT 41 + 1 AS n')).rows[0].n);
    expect(n).toBe(42);
  });

  test('sslmode=prefer falls back to plain when the server has no TLS', async () => {
    const client = await connectClient(parse(`${urlFor(db.name, role)}?sslmode=prefer`));
    try {
      expect((await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl).toBe(false);
    } finally {
      await client.end();
    }
  });

  test('sslmode=require against a server without TLS → CouldNotRunError', async () => {
    const error = await failure(`${urlFor(db.name, role)}?sslmode=require`);
    expectCouldNotRun(error, /server does not support SSL but sslmode=require requires it; use sslmode=prefer or sslmode=disable/, role.password);
  });

  test('wrong password → CouldNotRunError naming the display, never the canary password', async () => {
    const canary = `Canary-Wrong-PW-${Math.random().toString(36).slice(2)}`;
    const error = await failure(urlFor(db.name, { name: role.name, password: canary }));
    expectCouldNotRun(error, /authentication failed for user "pf_conn_\d+" \(wrong password or user\)/, canary, role.password);
    expect(error.message).toContain(`postgres://${role.name}:***@`);
  });

  test('the message holds no password by construction, not only thanks to redaction', async () => {
    const canary = `Canary-Unregistered-${Math.random().toString(36).slice(2)}`;
    const target = parse(`host=${serverInfo().host} port=${serverInfo().port} dbname=${db.name} user=${role.name} password=${canary}`);
    clearSecrets();
    try {
      await connectClient(target);
      throw new Error('connected with a wrong password');
    } catch (error) {
      expectCouldNotRun(error as Error, /authentication failed/, canary);
    }
  });

  test('missing database → CouldNotRunError 3D000', async () => {
    const error = await failure(urlFor('no_such_db_pf', role));
    expectCouldNotRun(error, /database "no_such_db_pf" does not exist; create it or fix the database name/, role.password);
  });

  test('closed port → CouldNotRunError "connection refused"', async () => {
    const port = await freePort();
    const error = await failure(`postgres://u:closed-port-pw@127.0.0.1:${port}/db`, 1000);
    expectCouldNotRun(error, new RegExp(`nothing is listening on 127\\.0\\.0\\.1:${port} \\(connection refused\\)`), 'closed-port-pw');
  });

  describe('a server that accepts and never answers', () => {
    let server: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    test('connectTimeoutMs 1000 → CouldNotRunError "no answer within 1 s", after waiting that long', async () => {
      const started = Date.now();
      const error = await failure(`postgres://u:silent-pw-123@127.0.0.1:${port}/db`, 1000);
      // A lower bound only: it really waited for the timeout (load can only make it later). The
      // message says which timeout fired; the test timeout bounds a hang.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expectCouldNotRun(error, /no answer within 1 s; check the host, port and firewall, or raise connect_timeout/, 'silent-pw-123');
    });

    test('connect_timeout=2 in the URL is honoured', async () => {
      const error = await failure(`postgres://u@127.0.0.1:${port}/db?connect_timeout=2`);
      expectCouldNotRun(error, /no answer within 2 s/);
    });
  });

  test('withClient ends the client even when fn throws', async () => {
    let seen: import('pg').Client | undefined;
    await expect(
      withClient(parse(urlFor(db.name, role)), async (c) => {
        seen = c;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(seen!.query('SELECT 1')).rejects.toThrow();
  });

  test('a plain Cloud SQL instance name → UsageError; not a CouldNotRunError', async () => {
    const error = await connectClient(parse('my-project:us-central1:main')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/is a Cloud SQL instance name, not a database URL; pass it as --cloud-sql-instance/);
  });

  test('a /cloudsql/... socket path connects as a unix socket (here: none there)', async () => {
    const error = await failure('postgresql://user:cloudsql-pw@/db?host=/cloudsql/proj:us-central1:inst');
    expectCouldNotRun(error, /there is no PostgreSQL socket at \/cloudsql\/proj:us-central1:inst\/\.s\.PGSQL\.5432/, 'cloudsql-pw');
  });

  test('a socket directory without a server → CouldNotRunError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-nosock-'));
    try {
      const error = await failure(`postgres://u@${encodeURIComponent(dir)}/db`);
      expectCouldNotRun(error, /there is no PostgreSQL socket at .*\.s\.PGSQL\.5432/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('probe: a direct connection keeps session state', async () => {
    const pooled = await withClient(parse(urlFor(db.name, role)), (c) => probeTransactionPooler(c));
    expect(pooled).toBe(false);
  });
});

describe('unix sockets against the real server', async () => {
  // The harness puts the socket in its temporary directory; reachable when we may enter it.
  const dirs = (await adminQuery('SHOW unix_socket_directories'))[0].unix_socket_directories as string;
  const dir = dirs.split(',')[0].trim();
  const port = serverInfo().port;
  const reachable = existsSync(join(dir, `.s.PGSQL.${port}`));
  const skipReason = `the harness socket ${join(dir, `.s.PGSQL.${port}`)} cannot be reached by this user`;
  if (!reachable) console.warn(`connect.test.ts: skipping the unix-socket tests: ${skipReason}.`);

  test.skipIf(!reachable).each([
    ['percent-encoded host', () => `postgres://${serverInfo().user}@${encodeURIComponent(dir)}:${port}/postgres`],
    ['host query parameter', () => `postgresql://${serverInfo().user}@/postgres?host=${dir}&port=${port}`],
    ['keyword string', () => `host=${dir} port=${port} user=${serverInfo().user} dbname=postgres sslmode=require`],
  ])(`connects through the socket: %s${reachable ? '' : ` (skipped: ${skipReason})`}`, async (_name, input) => {
    const target = parse(input());
    expect(target.socketDir).toBe(dir);
    const row = await withClient(target, async (c) => (await c.query("SELECT inet_server_addr() IS NULL AS local, current_setting('port') AS p")).rows[0]);
    expect(row).toEqual({ local: true, p: String(port) });
  });
});

// A second server that only accepts TLS (hostssl), with a self-signed certificate for 127.0.0.1.
describe('TLS against a real server that requires it', () => {
  let server: PostgresServer | undefined;
  let dir: string;
  const crt = () => join(dir, 'server.crt');
  const url = (query: string) => `${server!.url('postgres')}${query}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-tls-'));
    const gen = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout', join(dir, 'server.key'), '-out', crt()],
      { encoding: 'utf8' },
    );
    // openssl is a required test dependency (scripts/ensure-system-deps.mjs installs it): without
    // it these tests fail here, loudly, rather than skip.
    if (gen.status !== 0) {
      throw new Error(`openssl could not issue the test certificate (${gen.error?.message ?? gen.stderr.trim()}); install openssl (npm test installs it as root).`);
    }
    writeFileSync(join(dir, 'hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
    chmodSync(join(dir, 'server.key'), 0o600);
    if (process.getuid?.() === 0) {
      // The server runs as postgres when we are root; it must own its key.
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      for (const f of ['', 'server.key', 'server.crt', 'hba.conf']) chownSync(join(dir, f), uid, gid);
    }
    server = await startPostgres({
      major: 15,
      settings: { ssl: 'on', ssl_cert_file: crt(), ssl_key_file: join(dir, 'server.key'), hba_file: join(dir, 'hba.conf') },
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function sslInUse(input: string): Promise<boolean> {
    return withClient(parse(input), async (c) => (await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl);
  }

  test('no sslmode: plain is refused, so it retries with TLS like libpq', async () => {
    expect(await sslInUse(url(''))).toBe(true);
  });

  test('sslmode=require encrypts without verifying', async () => {
    expect(await sslInUse(url('?sslmode=require'))).toBe(true);
  });

  test('sslmode=verify-full with the CA file verifies and connects', async () => {
    expect(await sslInUse(url(`?sslmode=verify-full&sslrootcert=${encodeURIComponent(crt())}`))).toBe(true);
  });

  test('sslmode=verify-full against a self-signed certificate → CouldNotRunError naming the fix', async () => {
    const error = await failure(url('?sslmode=verify-full'));
    expectCouldNotRun(error, /TLS certificate was not accepted \([A-Z_]+\); give its CA with sslrootcert/, server!.password);
  });

  test('sslmode=disable → CouldNotRunError with the pg_hba.conf reason', async () => {
    const error = await failure(url('?sslmode=disable'));
    expectCouldNotRun(error, /the server rejected the login \(no pg_hba\.conf entry for host "127\.0\.0\.1".*no encryption\)/, server!.password);
  });
});

describe('answerTimeoutMs: a server that stops answering while a query runs', () => {
  test('a stalled link fails the query with one sentence instead of waiting forever; an idle session may stay silent', async () => {
    const { startFaultProxy } = await import('../../../test/harness/fault-proxy.ts');
    const s = serverInfo();
    const proxy = await startFaultProxy({ host: s.host, port: s.port }, { trigger: { pattern: 'SELECT 41 + 1' }, action: 'stall' });
    try {
      const url = urlFor('postgres').replace(`@${s.host}:${s.port}/`, `@${proxy.address}/`);
      const client = await connectClient(parseConnection(url, { inputName: 'database-url', answerTimeoutMs: 400 }));
      try {
        // Idle for longer than the limit: nothing is in flight, so nothing is wrong.
        await new Promise((r) => setTimeout(r, 900));
        expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
        const error = await client.query('SELECT 41 + 1').then(
          () => undefined,
          (e: Error) => e,
        );
        expect(proxy.hasFired()).toBe(true);
        expect(error?.message).toMatch(/^no answer from postgres:\/\/.*:\*\*\*@127\.0\.0\.1:\d+\/postgres for 0\.4 s while a query ran/);
      } finally {
        await client.end();
      }
    } finally {
      await proxy.close();
    }
  });
});
