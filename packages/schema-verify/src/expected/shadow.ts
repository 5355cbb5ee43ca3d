/**
 * A shadow database: an empty, uniquely named database where the expected schema is built (from a
 * schema file, migration files or the user's migrate command) and then introspected. It is created
 * on the user's shadow server, or on a throwaway server we start, and it is always dropped: after
 * success, after failure, and on Ctrl-C, so repeated CI runs never pile up databases.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CouldNotRunError, UsageError, redact, stderrLine } from '@preflight/core';
import { connectClient, parseConnection, startPostgres, targetForDatabase, withClient, type ConnectionTarget, type PostgresServer } from '@preflight/pg';

export interface ShadowDatabase {
  /** postgres:// URL of the shadow database (with the password; register it before printing). */
  url: string;
  client: pg.Client;
}

export const shadowPrefix = 'preflight_shadow_';

export interface ShadowOptions {
  /** How long to wait for the shadow server (--connect-timeout). */
  connectTimeoutMs?: number;
  /**
   * The scheme the migrate command expects, e.g. postgresql+asyncpg from --database-url: an
   * async alembic env.py cannot use a plain postgresql:// URL. Used unless --shadow-url names a
   * driver of its own.
   */
  urlScheme?: string;
}

export async function withShadowDatabase<T>(shadowUrl: string | undefined, fn: (db: ShadowDatabase) => Promise<T>, opts: ShadowOptions = {}): Promise<T> {
  // Parsed before a throwaway server is started: a bad URL is a usage error, not a slow one.
  const given = shadowUrl === undefined ? undefined : parseConnection(shadowUrl, { inputName: 'shadow-url', connectTimeoutMs: opts.connectTimeoutMs });
  let server: PostgresServer | undefined;
  if (!given) server = await startPostgres();
  const maintenance = given ?? parseConnection(server!.url('postgres'), { inputName: 'shadow-url' });
  const name = `${shadowPrefix}${randomBytes(6).toString('hex')}`;
  const shadow = targetForDatabase(maintenance, name, maintenance.scheme?.includes('+') ? {} : { scheme: opts.urlScheme });

  let created = false;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      try {
        if (created && !server) await dropDatabase(maintenance, name);
      } finally {
        // Stopping the throwaway server takes its databases with it.
        await server?.stop();
      }
    })());
  const unregister = onInterrupt(cleanup);

  let client: pg.Client | undefined;
  let failed = false;
  try {
    await createDatabase(maintenance, name);
    created = true;
    client = await connectClient(shadow.target, { applicationName: 'preflight shadow' });
    return await fn({ url: shadow.url, client });
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
      stderrLine(message);
    }
  }
}

async function createDatabase(maintenance: ConnectionTarget, name: string): Promise<void> {
  await withAdmin(maintenance, async (admin) => {
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

async function dropDatabase(maintenance: ConnectionTarget, name: string): Promise<void> {
  await withAdmin(maintenance, async (admin) => {
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

function withAdmin<T>(maintenance: ConnectionTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(maintenance, fn, { applicationName: 'preflight shadow' });
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

