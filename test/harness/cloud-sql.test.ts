/**
 * The real @google-cloud/cloud-sql-connector (and google-auth-library under it) against a local
 * fake of Google's side (fake-cloud-sql.ts), ending in the run's real PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { CouldNotRunError, UsageError } from '@preflight/core';
import { openCloudSqlConnection, startCloudSqlLocalProxy, type CloudSqlOptions } from '../../packages/pg/src/cloud-sql.ts';
import { serverInfo } from './db.ts';
import { FakeCloudSqlUnavailable, startFakeCloudSql, type FakeCloudSql } from './fake-cloud-sql.ts';

const run = promisify(execFile);
const INSTANCE = 'preflight-test:europe-west1:main-db';

let fake: FakeCloudSql | undefined;
let skipReason: string | undefined;
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  const s = serverInfo();
  try {
    fake = await startFakeCloudSql({ instance: INSTANCE, pgHost: s.host, pgPort: s.port });
  } catch (err) {
    if (!(err instanceof FakeCloudSqlUnavailable)) throw err;
    skipReason = `fake Cloud SQL unavailable: ${err.message}`;
    console.warn(`cloud-sql.test.ts: skipping: ${skipReason}.`);
    return;
  }
  // The connector finds credentials the way it would on a runner: through the environment.
  for (const [k, v] of Object.entries(fake.env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await fake?.stop();
});

function options(extra: Partial<CloudSqlOptions> = {}): CloudSqlOptions {
  const s = serverInfo();
  return { instance: INSTANCE, user: s.user, password: s.password, database: 'postgres', ...extra };
}

function needFake(ctx: TestContext): FakeCloudSql {
  if (skipReason || !fake) ctx.skip(skipReason ?? 'fake Cloud SQL not started');
  return fake!;
}

describe('openCloudSqlConnection', () => {
  test('connects through the connector and the TLS proxy into the real server', async (ctx) => {
    const f = needFake(ctx);
    const before = f.requests.length;
    const conn = await openCloudSqlConnection(options());
    try {
      const client = new pg.Client(conn.clientConfig);
      await client.connect();
      try {
        const { rows } = await client.query('select current_user as u, inet_server_port() as port');
        expect(rows[0]).toEqual({ u: serverInfo().user, port: serverInfo().port });
      } finally {
        await client.end();
      }
    } finally {
      await conn.close();
    }
    const made = f.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    // Federated token exchange, impersonation, then the two Admin API calls the connector makes.
    expect(made).toContain('POST /v1/token');
    expect(made.some((r) => /^POST \/v1\/projects\/-\/serviceAccounts\/.+:generateAccessToken$/.test(r))).toBe(true);
    expect(made).toContain('GET /sql/v1beta4/projects/preflight-test/instances/main-db/connectSettings');
    expect(made).toContain('POST /sql/v1beta4/projects/preflight-test/instances/main-db:generateEphemeralCert');
    const admin = f.requests.slice(before).filter((r) => r.path.startsWith('/sql/'));
    expect(admin.every((r) => r.authorization === `Bearer ${f.accessToken}`)).toBe(true);
    const certRequest = admin.find((r) => r.path.endsWith(':generateEphemeralCert'));
    expect(certRequest?.body?.public_key).toMatch(/BEGIN PUBLIC KEY/);
    expect(certRequest?.body?.access_token).toBeUndefined();
    expect(f.proxySessions.length).toBeGreaterThan(0);
    expect(f.proxySessions.at(-1)?.clientCommonName).toBe('preflight-ephemeral');
  });

  test('IAM auth sends a login-scoped access token with the certificate request, with no project in the environment', async (ctx) => {
    const f = needFake(ctx);
    const before = f.requests.length;
    // Without a project, google-auth-library would look it up at Cloud Resource Manager (a fixed
    // googleapis.com URL) for federated credentials; the project from the instance name avoids it.
    const projectVars = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT'];
    const saved = projectVars.map((k) => [k, process.env[k]] as const);
    for (const k of projectVars) delete process.env[k];
    try {
      const conn = await openCloudSqlConnection(options({ iamAuth: true }));
      await conn.close();
    } finally {
      for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
    }
    const made = f.requests.slice(before);
    const certRequest = made.find((r) => r.path.endsWith(':generateEphemeralCert'));
    expect(certRequest?.body?.access_token).toBe(f.accessToken);
    const impersonation = made.find((r) => r.path.endsWith(':generateAccessToken'));
    expect(impersonation?.body?.scope).toContain('https://www.googleapis.com/auth/sqlservice.login');
  });

  test('a malformed instance name is a usage error', async () => {
    const err = await openCloudSqlConnection(options({ instance: 'main-db' })).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      '--cloud-sql-instance "main-db" is not PROJECT:REGION:INSTANCE; copy the instance connection name from the Cloud SQL console.',
    );
  });

  test('an instance the API does not know is could-not-run, without the password', async (ctx) => {
    needFake(ctx);
    const password = 'Sup3r-secret-pw';
    const instance = 'preflight-test:europe-west1:no-such-db';
    const err = await openCloudSqlConnection(options({ instance, password })).catch((e) => e);
    expect(err).toBeInstanceOf(CouldNotRunError);
    expect(err.message).toMatch(/^Cloud SQL instance "preflight-test:europe-west1:no-such-db" was not found \(HTTP 404/);
    expect(err.message).not.toContain(password);
    expect(err.cause).toBeUndefined();
  });

  test('a region that does not match the instance is could-not-run', async (ctx) => {
    needFake(ctx);
    const err = await openCloudSqlConnection(options({ instance: 'preflight-test:us-central1:main-db' })).catch((e) => e);
    expect(err).toBeInstanceOf(CouldNotRunError);
    expect(err.message).toBe(
      'Cloud SQL instance "preflight-test:us-central1:main-db": the instance is in europe-west1, not us-central1; fix the region in the instance connection name.',
    );
  });

  test('an unreachable Admin API is could-not-run', async (ctx) => {
    needFake(ctx);
    const err = await openCloudSqlConnection(options({ sqlAdminAPIEndpoint: 'http://127.0.0.1:1' })).catch((e) => e);
    expect(err).toBeInstanceOf(CouldNotRunError);
    expect(err.message).toMatch(/^Cloud SQL instance ".+": could not reach the Cloud SQL Admin API \(.*ECONNREFUSED.*\); /);
  });

  test('an Admin API that never answers is could-not-run after connectTimeoutMs', async (ctx) => {
    needFake(ctx);
    // Accepts connections and never replies.
    const held = new Set<Socket>();
    const blackHole = createServer((s) => held.add(s));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}`;
    try {
      // The message names the 500 ms that fired; the test timeout bounds a hang.
      const err = await openCloudSqlConnection(options({ sqlAdminAPIEndpoint: endpoint, connectTimeoutMs: 500 })).catch((e) => e);
      expect(err).toBeInstanceOf(CouldNotRunError);
      expect(err.message).toBe(
        `Cloud SQL instance "${INSTANCE}": the Cloud SQL Admin API did not answer within 500 ms; check that the runner can reach sqladmin.googleapis.com.`,
      );
    } finally {
      // The abandoned request now fails in the background; that must not surface as an
      // unhandled rejection (vitest would fail the run).
      for (const s of held) s.destroy();
      await new Promise<void>((r) => blackHole.close(() => r()));
    }
  });

  test('no Google credentials is could-not-run with the fix', async (ctx) => {
    needFake(ctx);
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    // An empty HOME keeps a developer's own gcloud credentials out of the picture.
    const savedHome = process.env.HOME;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.HOME = '/nonexistent';
    try {
      const err = await openCloudSqlConnection(options()).catch((e) => e);
      expect(err).toBeInstanceOf(CouldNotRunError);
      expect(err.message).toBe(
        `Cloud SQL instance "${INSTANCE}": no Google credentials found; run google-github-actions/auth before this step or set GOOGLE_APPLICATION_CREDENTIALS.`,
      );
    } finally {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
      process.env.HOME = savedHome;
    }
  });

  test('an IP type the instance lacks is could-not-run', async (ctx) => {
    needFake(ctx);
    const err = await openCloudSqlConnection(options({ ipType: 'private' })).catch((e) => e);
    expect(err).toBeInstanceOf(CouldNotRunError);
    expect(err.message).toBe(
      `Cloud SQL instance "${INSTANCE}" has no private IP address; choose an IP type the instance has (public, private or psc).`,
    );
  });
});

describe('startCloudSqlLocalProxy', () => {
  test('psql reaches the instance through the local listener', async (ctx) => {
    const f = needFake(ctx);
    const sessions = f.proxySessions.length;
    const proxy = await startCloudSqlLocalProxy(options());
    try {
      expect(proxy.host).toBe('127.0.0.1');
      const s = serverInfo();
      const { stdout } = await run(
        'psql',
        [`host=${proxy.host} port=${proxy.port} user=${s.user} dbname=postgres sslmode=disable`, '-At', '-c', 'select 1, inet_server_port()'],
        { env: { ...process.env, PGPASSWORD: s.password } },
      );
      expect(stdout.trim()).toBe(`1|${s.port}`);
    } finally {
      await proxy.close();
    }
    expect(f.proxySessions.length).toBe(sessions + 1);
  });
});

describe('connectClient with --cloud-sql-instance', () => {
  test('user, password and database come from the URL; the route is the connector', async (ctx) => {
    needFake(ctx);
    const { parseConnection, connectClient } = await import('../../packages/pg/src/index.ts');
    const s = serverInfo();
    const target = parseConnection(`postgresql://${s.user}:${encodeURIComponent(s.password)}@/postgres`, { inputName: 'database-url' });
    const client = await connectClient(target, { cloudSql: { instance: INSTANCE }, applicationName: 'preflight test' });
    try {
      const { rows } = await client.query("select inet_server_port() as port, current_setting('application_name') as app");
      expect(rows[0]).toEqual({ port: s.port, app: 'preflight test' });
    } finally {
      await client.end();
    }
  });
});
