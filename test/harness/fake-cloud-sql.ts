/**
 * A local stand-in for Google's side of a Cloud SQL connection, so tests exercise the real
 * `@google-cloud/cloud-sql-connector` (and google-auth-library under it) end to end on loopback:
 *
 * - Google auth as a GitHub runner has it after `google-github-actions/auth` with Workload Identity
 *   Federation: GOOGLE_APPLICATION_CREDENTIALS names an `external_account` JSON whose STS
 *   `token_url` and `service_account_impersonation_url` point here. That file format lets both
 *   URLs be overridden; a service-account key does not (its token URL is fixed to Google's).
 * - The Cloud SQL Admin API calls the connector makes (`sqlAdminAPIEndpoint` accepts plain http):
 *   GET  /sql/v1beta4/projects/{p}/instances/{i}/connectSettings
 *   POST /sql/v1beta4/projects/{p}/instances/{i}:generateEphemeralCert  (signs the client's key)
 * - The instance's server-side proxy: TLS 1.3 with mutual certificates on port 3307 (hard-coded in
 *   the connector), raw PostgreSQL protocol inside (no SSLRequest), piped to the real test server.
 *
 * Port 3307 cannot be chosen, so the proxy binds 3307 on a random 127.x.y.z address (all of
 * 127/8 is loopback on Linux) and connectSettings reports that address as the instance IP; that
 * keeps parallel test files and a developer's own Cloud SQL Auth Proxy from colliding.
 * Certificates come from the `openssl` CLI: Node can verify X.509 but not issue it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CLOUD_SQL_SERVER_PROXY_PORT = 3307;

export interface FakeCloudSqlOptions {
  /** PROJECT:REGION:INSTANCE the fake knows; every other instance gets 404. */
  instance: string;
  /** Where decrypted proxy connections go: the real test PostgreSQL. */
  pgHost: string;
  pgPort: number;
  /** IP types connectSettings reports (all point at the fake proxy); default PRIMARY only. */
  ipTypes?: Array<'PRIMARY' | 'PRIVATE'>;
}

export interface FakeCloudSqlRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

export interface FakeCloudSql {
  /** Value for the connector's sqlAdminAPIEndpoint (also in env.PREFLIGHT_SQLADMIN_ENDPOINT). */
  endpoint: string;
  /** What a runner has after google-github-actions/auth, plus PREFLIGHT_SQLADMIN_ENDPOINT. */
  env: Record<string, string>;
  /** Every HTTP request (STS, IAM credentials, SQL Admin), in order. */
  requests: FakeCloudSqlRequest[];
  /** One entry per TLS session the proxy accepted: the client certificate's subject CN. */
  proxySessions: Array<{ clientCommonName: string }>;
  /** Address the fake instance's port 3307 listens on. */
  proxyHost: string;
  /** The access token the Admin API accepts (what the impersonation step hands out). */
  accessToken: string;
  stop(): Promise<void>;
}

/** Thrown when port 3307 cannot be bound on any loopback address tried; tests skip on it. */
export class FakeCloudSqlUnavailable extends Error {
  override name = 'FakeCloudSqlUnavailable';
}

export async function startFakeCloudSql(opts: FakeCloudSqlOptions): Promise<FakeCloudSql> {
  const m = /^(.+):([^:]+):([^:]+)$/.exec(opts.instance);
  if (!m) throw new Error(`fake Cloud SQL: bad instance name ${opts.instance}`);
  const [, project, region, instanceId] = m;
  const dir = await mkdtemp(join(tmpdir(), 'fake-cloud-sql-'));
  const requests: FakeCloudSqlRequest[] = [];
  const proxySessions: FakeCloudSql['proxySessions'] = [];
  const sockets = new Set<Socket>();
  const stsToken = `sts-${randomBytes(12).toString('hex')}`;
  const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
  const serviceAccount = `preflight@${project.split(':').pop()}.iam.gserviceaccount.com`;

  try {
    const pki = await makePki(dir, `${project}:${instanceId}`);

    // --- the instance's server-side proxy on :3307 ---
    const proxy = createTlsServer(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.clientCaCert,
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.3',
      },
      (tlsSocket: TLSSocket) => {
        const peer = tlsSocket.getPeerCertificate();
        proxySessions.push({ clientCommonName: String(peer?.subject?.CN ?? '') });
        const upstream = netConnect(opts.pgPort, opts.pgHost);
        track(sockets, tlsSocket);
        track(sockets, upstream);
        tlsSocket.pipe(upstream).pipe(tlsSocket);
        // Either side failing ends both, as the real proxy drops the session.
        upstream.on('error', () => tlsSocket.destroy());
        tlsSocket.on('error', () => upstream.destroy());
      },
    );
    // Handshake failures (wrong CA, no client cert) are the client's to report, not ours.
    proxy.on('tlsClientError', () => {});
    const proxyHost = await listenOnSomeLoopback(proxy);

    // --- Google HTTP APIs: STS, IAM credentials, SQL Admin ---
    const http = createHttpServer((req, res) => {
      handle(req, res).catch((err) => send(res, 500, apiError(500, String(err?.message ?? err), 'INTERNAL')));
    });
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = decodeURIComponent(url.pathname);
      const body = parseBody(req.headers['content-type'], raw);
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

      // STS token exchange (https://sts.googleapis.com/v1/token), form-encoded.
      if (req.method === 'POST' && path === '/v1/token') {
        if (body?.grant_type !== 'urn:ietf:params:oauth:grant-type:token-exchange' || !body?.subject_token) {
          return send(res, 400, { error: 'invalid_request', error_description: 'bad token exchange request' });
        }
        return send(res, 200, {
          access_token: stsToken,
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }
      // IAM credentials: impersonate the service account with the federated token.
      if (req.method === 'POST' && /^\/v1\/projects\/-\/serviceAccounts\/[^/]+:generateAccessToken$/.test(path)) {
        if (bearer !== stsToken) return send(res, 401, apiError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED'));
        return send(res, 200, { accessToken, expireTime: new Date(Date.now() + 3600_000).toISOString() });
      }

      const api = /^\/sql\/v1beta4\/projects\/([^/]+)\/instances\/([^/:]+)(\/connectSettings|:generateEphemeralCert)$/.exec(path);
      if (!api) return send(res, 404, apiError(404, `fake Cloud SQL: no route for ${req.method} ${path}`, 'NOT_FOUND'));
      if (bearer !== accessToken) return send(res, 401, apiError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED'));
      if (api[1] !== project || api[2] !== instanceId) {
        return send(res, 404, apiError(404, 'The Cloud SQL instance does not exist.', 'NOT_FOUND'));
      }
      if (api[3] === '/connectSettings' && req.method === 'GET') {
        const ipTypes = opts.ipTypes ?? ['PRIMARY'];
        return send(res, 200, {
          kind: 'sql#connectSettings',
          serverCaCert: {
            kind: 'sql#sslCert',
            cert: pki.serverCaCert,
            commonName: 'C=US,O=Google\\, Inc,CN=Google Cloud SQL Server CA',
            instance: instanceId,
            expirationTime: pki.serverCaExpires,
          },
          ipAddresses: ipTypes.map((type) => ({ type, ipAddress: proxyHost })),
          region,
          databaseVersion: 'POSTGRES_15',
          backendType: 'SECOND_GEN',
          pscEnabled: false,
          serverCaMode: 'GOOGLE_MANAGED_INTERNAL_CA',
        });
      }
      if (api[3] === ':generateEphemeralCert' && req.method === 'POST') {
        const publicKey = body?.public_key ?? body?.publicKey;
        if (typeof publicKey !== 'string' || !publicKey.includes('PUBLIC KEY')) {
          return send(res, 400, apiError(400, 'Invalid request: public_key is required.', 'INVALID_ARGUMENT'));
        }
        const cert = await pki.signClientKey(publicKey);
        return send(res, 200, { ephemeralCert: { kind: 'sql#sslCert', cert, commonName: serviceAccount } });
      }
      return send(res, 405, apiError(405, 'Method not allowed.', 'METHOD_NOT_ALLOWED'));
    };
    http.on('connection', (s) => track(sockets, s));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', resolve);
    });
    const httpPort = (http.address() as { port: number }).port;
    const endpoint = `http://127.0.0.1:${httpPort}`;

    // What google-github-actions/auth writes for Workload Identity Federation with impersonation.
    const subjectTokenFile = join(dir, 'github-oidc-token');
    await writeFile(subjectTokenFile, fakeJwt());
    const credentialsFile = join(dir, 'gha-creds.json');
    await writeFile(
      credentialsFile,
      JSON.stringify({
        type: 'external_account',
        audience: '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/preflight',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `${endpoint}/v1/token`,
        service_account_impersonation_url: `${endpoint}/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`,
        credential_source: { file: subjectTokenFile },
      }),
    );

    return {
      endpoint,
      env: {
        GOOGLE_APPLICATION_CREDENTIALS: credentialsFile,
        // google-github-actions/auth exports the project too (by default). Without it, and
        // without a projectId from the caller, google-auth-library looks the project up: gcloud,
        // the GCE metadata server, then Cloud Resource Manager at a fixed googleapis.com URL.
        GOOGLE_CLOUD_PROJECT: project,
        GCLOUD_PROJECT: project,
        CLOUDSDK_CORE_PROJECT: project,
        PREFLIGHT_SQLADMIN_ENDPOINT: endpoint,
        // Not from the runner: keeps google-auth-library from probing the GCE metadata server
        // (169.254.169.254) when it looks for credentials, so tests stay on loopback.
        METADATA_SERVER_DETECTION: 'none',
      },
      requests,
      proxySessions,
      proxyHost,
      accessToken,
      async stop() {
        for (const s of sockets) s.destroy();
        await Promise.all([closeServer(proxy), closeServer(http)]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Certificates: a server CA (sent to the connector in connectSettings), the instance's server
// certificate with CN "project:instance" (what the connector checks when there is no DNS name),
// and a separate client CA that signs the connector's ephemeral keys, as Cloud SQL does.

interface Pki {
  serverCaCert: string;
  serverCaExpires: string;
  serverKey: string;
  serverCert: string;
  clientCaCert: string;
  signClientKey(publicKeyPem: string): Promise<string>;
}

async function makePki(dir: string, serverCommonName: string): Promise<Pki> {
  const f = (name: string) => join(dir, name);
  await writeFile(f('server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  await writeFile(f('client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  const newCa = (name: string, cn: string) =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`), '-days', '3650', '-subj', `/C=US/O=Google, Inc/CN=${cn}`]);
  await Promise.all([
    newCa('server-ca', 'Google Cloud SQL Server CA'),
    newCa('client-ca', 'Google Cloud SQL Client CA'),
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${serverCommonName}`]),
  ]);
  await openssl(['x509', '-req', '-in', f('server.csr'), '-CA', f('server-ca.pem'), '-CAkey', f('server-ca.key'), '-set_serial', serial(), '-days', '3650', '-extfile', f('server.ext'), '-out', f('server.pem')]);
  // `x509 -req` needs a CSR; the connector sends only a public key, so a throwaway CSR supplies
  // the subject and -force_pubkey puts the connector's key into the certificate.
  await openssl(['req', '-new', '-key', f('client-ca.key'), '-subj', '/CN=preflight-ephemeral', '-out', f('ephemeral.csr')]);

  const serverCaCert = await readFile(f('server-ca.pem'), 'utf8');
  let n = 0;
  return {
    serverCaCert,
    serverCaExpires: new Date(Date.now() + 3650 * 86400_000).toISOString(),
    serverKey: await readFile(f('server.key'), 'utf8'),
    serverCert: await readFile(f('server.pem'), 'utf8'),
    clientCaCert: await readFile(f('client-ca.pem'), 'utf8'),
    async signClientKey(publicKeyPem) {
      const id = ++n;
      await writeFile(f(`eph-${id}.pub`), publicKeyPem);
      await openssl(['x509', '-req', '-in', f('ephemeral.csr'), '-force_pubkey', f(`eph-${id}.pub`), '-CA', f('client-ca.pem'), '-CAkey', f('client-ca.key'), '-set_serial', serial(), '-days', '1', '-extfile', f('client.ext'), '-out', f(`eph-${id}.pem`)]);
      return readFile(f(`eph-${id}.pem`), 'utf8');
    },
  };
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (err: any) {
    throw new Error(`fake Cloud SQL: openssl ${args[0]} failed: ${err?.stderr || err?.message}`);
  }
}

function serial(): string {
  return `0x${randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------

async function listenOnSomeLoopback(server: ReturnType<typeof createTlsServer>): Promise<string> {
  const tried: string[] = [];
  for (let i = 0; i < 8; i++) {
    const host = `127.${1 + (randomBytes(1)[0] % 254)}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 254)}`;
    tried.push(host);
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.once('error', onError);
      server.listen(CLOUD_SQL_SERVER_PROXY_PORT, host, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (ok) return host;
  }
  throw new FakeCloudSqlUnavailable(`port ${CLOUD_SQL_SERVER_PROXY_PORT} could not be bound on ${tried.join(', ')}`);
}

function track(set: Set<Socket>, s: Socket): void {
  set.add(s);
  s.once('close', () => set.delete(s));
}

function closeServer(server: { close(cb: (err?: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(contentType: string | undefined, raw: string): any {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(payload));
}

/** Google's JSON error envelope. */
function apiError(code: number, message: string, status: string) {
  return { error: { code, message, status, errors: [{ message, domain: 'global', reason: status.toLowerCase() }] } };
}

/** An unsigned GitHub-OIDC-shaped JWT; the fake STS does not verify it, as no key exists here. */
function fakeJwt(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/app:ref:refs/heads/main', aud: 'preflight', iat: now, exp: now + 300 })}.sig`;
}
