/**
 * Cloud SQL through Google's own `@google-cloud/cloud-sql-connector`: it fetches the instance's
 * CA and address from the Cloud SQL Admin API, gets an ephemeral client certificate for a fresh
 * key, and opens TLS 1.3 to the instance's server-side proxy (port 3307). Credentials are Google
 * Application Default Credentials (on a GitHub runner: what `google-github-actions/auth` wrote).
 *
 * The connector pulls in google-auth-library, gaxios and googleapis, so it is imported lazily:
 * only a run that names a Cloud SQL instance pays for loading it.
 *
 * About the connector's own `startLocalProxy` (checked in 1.10.0): it listens only on a unix
 * socket (`listenOptions.path`; a port is ignored), returns no handle to its listener, and
 * without a path would listen on every interface. `startCloudSqlLocalProxy` therefore runs the
 * same pipe on a 127.0.0.1 listener of its own, built on the connector's `getOptions().stream`.
 */
import { createServer, type Socket } from 'node:net';
import type pg from 'pg';
import { CouldNotRunError, UsageError, redact, registerSecret } from '@preflight/core';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './connection.ts';

export interface CloudSqlOptions {
  /** Instance connection name, PROJECT:REGION:INSTANCE (domain-scoped projects allowed). */
  instance: string;
  /** Which of the instance's addresses to dial; default public. */
  ipType?: 'public' | 'private' | 'psc';
  /** Automatic IAM database authentication: the access token rides in the client certificate. */
  iamAuth?: boolean;
  user?: string;
  password?: string;
  database: string;
  /** Bounds both the Admin API round trips and pg's connect; default 10 s. */
  connectTimeoutMs?: number;
  /** Cloud SQL Admin API root; default $PREFLIGHT_SQLADMIN_ENDPOINT, else Google's. For tests. */
  sqlAdminAPIEndpoint?: string;
}

export interface CloudSqlConnection {
  /** For `new pg.Client(...)`: every connection is a fresh TLS stream from the connector. */
  clientConfig: pg.ClientConfig;
  /** Stops the connector's certificate refresh timers; end pg clients first. */
  close(): Promise<void>;
}

export interface CloudSqlLocalProxy {
  host: '127.0.0.1';
  port: number;
  close(): Promise<void>;
}

// Same shape connection.ts accepts for a plain instance name: [domain:]project:region:instance.
const INSTANCE_NAME = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]*:[a-z]+-[a-z]+\d+:[a-z0-9][a-z0-9-]*$/i;

type ConnectorModule = typeof import('@google-cloud/cloud-sql-connector');
type Connector = InstanceType<ConnectorModule['Connector']>;
type DriverOptions = Awaited<ReturnType<Connector['getOptions']>>;

export async function openCloudSqlConnection(opts: CloudSqlOptions): Promise<CloudSqlConnection> {
  const { connector, stream } = await prepare(opts);
  return {
    clientConfig: {
      user: opts.user,
      password: opts.password,
      database: opts.database,
      stream,
      // The connector already encrypts; an SSLRequest inside its tunnel (e.g. from PGSSLMODE in
      // the environment) would be refused by the instance's proxy.
      ssl: false,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    },
    async close() {
      connector.close();
    },
  };
}

/**
 * A plain TCP listener on 127.0.0.1 that tunnels each connection to the instance, for programs
 * that speak libpq themselves (`alembic upgrade head`, `psql`). They still authenticate to
 * PostgreSQL with their own user and password; with IAM auth, anything on this machine that can
 * reach the port logs in as the IAM user, so close it as soon as the subprocess is done.
 * Clients should use sslmode=disable: the tunnel is already TLS, as with the Cloud SQL Auth Proxy.
 */
export async function startCloudSqlLocalProxy(opts: CloudSqlOptions): Promise<CloudSqlLocalProxy> {
  const { connector, stream } = await prepare(opts);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    let upstream: Socket;
    try {
      upstream = stream();
    } catch {
      client.destroy();
      return;
    }
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    // The connector's own proxy leaves the other half open on errors; end both together.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    connector.close();
    throw new CouldNotRunError(`could not open a local listener for Cloud SQL instance "${opts.instance}": ${(err as Error).message}.`);
  }
  const port = (server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      connector.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function prepare(opts: CloudSqlOptions): Promise<{ connector: Connector; stream: DriverOptions['stream'] }> {
  registerSecret(opts.password);
  if (!INSTANCE_NAME.test(opts.instance)) {
    throw new UsageError(
      redact(`--cloud-sql-instance "${opts.instance}" is not PROJECT:REGION:INSTANCE; copy the instance connection name from the Cloud SQL console.`),
    );
  }
  const ipType = opts.ipType ?? 'public';
  if (!['public', 'private', 'psc'].includes(ipType)) {
    throw new UsageError(`Cloud SQL IP type "${ipType}" is not public, private or psc; pick the address type the runner can reach.`);
  }

  let mod: ConnectorModule;
  try {
    mod = await import('@google-cloud/cloud-sql-connector');
  } catch (err) {
    throw new CouldNotRunError(`could not load @google-cloud/cloud-sql-connector: ${(err as Error).message}.`);
  }
  const { Connector, GoogleAuth, IpAddressTypes, AuthTypes } = mod;
  const connector = new Connector({
    // Application Default Credentials as the connector would find them, with two changes. The
    // project is given, because google-auth-library otherwise looks it up on first use: it runs
    // `gcloud`, probes the GCE metadata server (seconds off Google Cloud), and for federated
    // credentials asks Cloud Resource Manager, which fails IAM auth when the principal may not
    // read the project. One client carries both scopes the connector would ask for separately.
    auth: new GoogleAuth({
      scopes: ['https://www.googleapis.com/auth/sqlservice.admin', 'https://www.googleapis.com/auth/sqlservice.login'],
      projectId: projectOf(opts.instance),
    }),
    sqlAdminAPIEndpoint: opts.sqlAdminAPIEndpoint ?? (process.env.PREFLIGHT_SQLADMIN_ENDPOINT || undefined),
    userAgent: 'preflight',
  });
  const pending = connector.getOptions({
    instanceConnectionName: opts.instance,
    ipType: { public: IpAddressTypes.PUBLIC, private: IpAddressTypes.PRIVATE, psc: IpAddressTypes.PSC }[ipType],
    authType: opts.iamAuth ? AuthTypes.IAM : AuthTypes.PASSWORD,
  });

  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([pending, timedOut]);
    if (result === 'timeout') {
      // The refresh keeps going; if it later succeeds it arms a refresh timer that would keep
      // the process alive, so close then. Closing a connector whose refresh failed raises an
      // unhandled rejection inside the library, and a failed refresh arms nothing, so skip it.
      pending.then(
        () => connector.close(),
        () => {},
      );
      throw new CouldNotRunError(
        `Cloud SQL instance "${opts.instance}": the Cloud SQL Admin API did not answer within ${timeoutMs} ms; check that the runner can reach sqladmin.googleapis.com.`,
      );
    }
    return { connector, stream: result.stream };
  } catch (err) {
    if (err instanceof CouldNotRunError) throw err;
    // No connector.close() here: see above, the failed refresh left nothing running.
    throw new CouldNotRunError(redact(describeCloudSqlFailure(opts.instance, ipType, err)));
  } finally {
    clearTimeout(timer);
  }
}

/** One sentence for what went wrong before any database connection was attempted. */
export function describeCloudSqlFailure(instance: string, ipType: string, err: unknown): string {
  const e = err as { code?: unknown; status?: unknown; response?: { status?: number; data?: any }; message?: string };
  const where = `Cloud SQL instance "${instance}"`;
  const status = typeof e?.status === 'number' ? e.status : e?.response?.status;
  const apiMessage = trimSentence(e?.response?.data?.error?.message ?? e?.response?.data?.error_description ?? e?.message ?? String(err));
  const code = typeof e?.code === 'string' ? e.code : '';

  if (/^ENO(PUBLIC|PRIVATE|PSC)SQLADMINIPADDRESS$/.test(code)) {
    return `${where} has no ${ipType} IP address; choose an IP type the instance has (public, private or psc).`;
  }
  if (code === 'EBADSQLADMINREGION') {
    // The connector words it "Provided region was mismatched. Got <actual>, want <given>".
    const m = /Got (\S+), want (\S+)/.exec(e.message ?? '');
    const actual = m ? `the instance is in ${m[1].replace(/,$/, '')}, not ${m[2]}` : trimSentence(e.message ?? '');
    return `${where}: ${actual}; fix the region in the instance connection name.`;
  }
  if (code === 'ENOACCESSTOKEN') return `${where}: Google credentials gave no access token for IAM database authentication.`;
  if (/Could not load the default credentials/i.test(apiMessage)) {
    return `${where}: no Google credentials found; run google-github-actions/auth before this step or set GOOGLE_APPLICATION_CREDENTIALS.`;
  }
  if (status === undefined && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code)) {
    return `${where}: could not reach the Cloud SQL Admin API (${apiMessage}); check the runner's network access to Google APIs.`;
  }
  if (status === 401) return `${where}: Google rejected the credentials (HTTP 401: ${apiMessage}); check the workload identity provider or service account.`;
  if (status === 403) {
    return `${where}: permission denied (HTTP 403: ${apiMessage}); the service account needs roles/cloudsql.client and the Cloud SQL Admin API must be enabled.`;
  }
  if (status === 404) return `${where} was not found (HTTP 404: ${apiMessage}); check the instance connection name and project.`;
  if (typeof status === 'number') return `${where}: the Cloud SQL Admin API failed (HTTP ${status}: ${apiMessage}).`;
  return `${where}: could not get connection details (${apiMessage}).`;
}

/** "example.com:proj:region:inst" → "example.com:proj" (domain-scoped projects keep their domain). */
function projectOf(instance: string): string {
  return instance.split(':').slice(0, -2).join(':');
}

function trimSentence(text: string): string {
  return String(text).trim().replace(/[.\s]+$/, '');
}
