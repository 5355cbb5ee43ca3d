/**
 * A shadow database: an empty, uniquely named database where the expected schema is built (from a
 * schema file, migration files or the user's migrate command) and then introspected. It is created
 * on the user's shadow server, or on a throwaway server we start, and it is always dropped: after
 * success, after failure, and on Ctrl-C, so repeated CI runs never pile up databases.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CouldNotRunError, UsageError, redact, registerSecret } from '@preflight/core';
import { startPostgres, type PostgresServer } from '@preflight/pg';

export interface ShadowDatabase {
  /** postgres:// URL of the shadow database (with the password; register it before printing). */
  url: string;
  client: pg.Client;
}

export const shadowPrefix = 'preflight_shadow_';

export async function withShadowDatabase<T>(shadowUrl: string | undefined, fn: (db: ShadowDatabase) => Promise<T>): Promise<T> {
  let server: PostgresServer | undefined;
  let maintenanceUrl: string;
  if (shadowUrl === undefined) {
    server = await startPostgres();
    maintenanceUrl = server.url('postgres');
  } else {
    maintenanceUrl = shadowUrl;
  }
  const parsed = parseShadowUrl(maintenanceUrl);
  const name = `${shadowPrefix}${randomBytes(6).toString('hex')}`;
  const url = withDatabase(parsed, name);

  let created = false;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      try {
        if (created && !server) await dropDatabase(maintenanceUrl, name);
      } finally {
        // Stopping the throwaway server takes its databases with it.
        await server?.stop();
      }
    })());
  const unregister = onInterrupt(cleanup);

  let client: pg.Client | undefined;
  let failed = false;
  try {
    await createDatabase(maintenanceUrl, name);
    created = true;
    client = new pg.Client({ connectionString: url });
    client.on('error', () => {}); // a FORCE drop on Ctrl-C ends this session; that is expected
    await connect(client, 'the shadow database');
    return await fn({ url, client });
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await client?.end().catch(() => {});
    unregister();
    try {
      await cleanup();
    } catch (error) {
      // The first error is the one the user must see; a failed drop after it only gets a line.
      const message = `Could not drop the shadow database ${name}: ${redact((error as Error).message)}; drop it by hand.`;
      if (!failed) throw new CouldNotRunError(message, { cause: error });
      process.stderr.write(`${message}\n`);
    }
  }
}

function parseShadowUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--shadow-url is not a valid URL; give a postgres://user:password@host:port/postgres URL of a server where Preflight may create and drop databases.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`--shadow-url must start with postgres:// or postgresql://, not ${url.protocol}//; give the URL of a server where Preflight may create and drop databases.`);
  }
  if (url.password) registerSecret(safeDecode(url.password));
  return url;
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url.href);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy.href;
}

async function createDatabase(maintenanceUrl: string, name: string): Promise<void> {
  await withAdmin(maintenanceUrl, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '42501') {
        throw new UsageError(`The --shadow-url user may not create databases (${redact((error as Error).message)}); grant it CREATEDB or use another server.`, { cause: error });
      }
      throw new CouldNotRunError(`Could not create the shadow database: ${redact((error as Error).message)}.`, { cause: error });
    }
  });
}

async function dropDatabase(maintenanceUrl: string, name: string): Promise<void> {
  await withAdmin(maintenanceUrl, async (admin) => {
    try {
      // FORCE ends sessions still attached (the user's migrate command, a crashed fn).
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42601') throw error;
      // PostgreSQL before 13 has no WITH (FORCE).
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
    }
  });
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  admin.on('error', () => {});
  await connect(admin, 'the --shadow-url server');
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => {});
  }
}

async function connect(client: pg.Client, what: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    throw new CouldNotRunError(`Could not connect to ${what}: ${redact((error as Error).message)}; check that the server is up and the URL's user and password are right.`, { cause: error });
  }
}

// One process-wide handler runs every pending cleanup on Ctrl-C / SIGTERM, then exits as the
// signal would have. Node's default (immediate exit) would leave the shadow database behind.
const pending = new Set<() => Promise<void>>();
let interrupted = false;

function onInterrupt(cleanup: () => Promise<void>): () => void {
  if (pending.size === 0) {
    process.on('SIGINT', handleSignal);
    process.on('SIGTERM', handleSignal);
  }
  pending.add(cleanup);
  return () => {
    pending.delete(cleanup);
    if (pending.size === 0) {
      process.off('SIGINT', handleSignal);
      process.off('SIGTERM', handleSignal);
    }
  };
}

function handleSignal(signal: NodeJS.Signals): void {
  const code = signal === 'SIGTERM' ? 143 : 130;
  if (interrupted) process.exit(code); // a second Ctrl-C does not wait
  interrupted = true;
  const all = [...pending].map((c) => c().catch(() => {}));
  const deadline = setTimeout(() => process.exit(code), 15_000);
  void Promise.all(all).then(() => {
    clearTimeout(deadline);
    process.exit(code);
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
