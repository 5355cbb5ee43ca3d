/** Per-test databases inside the run's PostgreSQL cluster (see global-setup.ts). */
import { existsSync } from 'node:fs';
import { afterEach, inject } from 'vitest';
import pg from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL (several statements allowed) and returns the rows of the last one. */
  sql(text: string, params?: unknown[]): Promise<any[]>;
  drop(): Promise<void>;
}

let counter = 0;

export function serverInfo() {
  return inject('pg');
}

export function urlFor(database: string, user?: { name: string; password: string }): string {
  const s = serverInfo();
  const u = user ?? { name: s.user, password: s.password };
  return `postgres://${encodeURIComponent(u.name)}:${encodeURIComponent(u.password)}@${s.host}:${s.port}/${encodeURIComponent(database)}`;
}

/** Runs fn with a plain pg client on `url`, always ending it. */
export async function withTestClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs SQL (several statements allowed) and returns the rows of the last one. */
async function lastRows(url: string, text: string, params?: unknown[]): Promise<any[]> {
  return withTestClient(url, async (client) => {
    const r: any = await client.query(text, params);
    return Array.isArray(r) ? r[r.length - 1].rows : r.rows;
  });
}

export function adminQuery(text: string, params?: unknown[]): Promise<any[]> {
  return lastRows(serverInfo().url, text, params);
}

export async function createDatabase(prefix = 't', setupSql?: string): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 7)}`.toLowerCase();
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = urlFor(name);
  const db: TestDatabase = {
    name,
    url,
    sql: (text, params) => lastRows(url, text, params),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
  if (setupSql) await db.sql(setupSql);
  return db;
}

/** Schema fixtures kept in the repository (test/fixtures/README.md), so a fresh clone can run the tests. */
export const fixturesDir = new URL('../fixtures/schemas/', import.meta.url).pathname;

/**
 * Fixtures that are optional by design live outside the repository (a licence that is not
 * permissive): an explicit path from the environment, else ../shared beside the repository.
 * Undefined when neither exists, so the caller skips and says why.
 */
export function optionalFixture(envName: string, fileName: string): string | undefined {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const beside = new URL(`../../../shared/fixtures/schemas/${fileName}`, import.meta.url).pathname;
  return existsSync(beside) ? beside : undefined;
}

/**
 * A fresh database whenever a test asks for one, dropped after that test:
 * `const db = databasesPerTest('md'); const d = await db('CREATE TABLE ...');`
 */
export function databasesPerTest(prefix: string): (setupSql?: string) => Promise<TestDatabase> {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of made.splice(0)) await d.drop();
  });
  return async (setupSql) => {
    const d = await createDatabase(prefix, setupSql);
    made.push(d);
    return d;
  };
}

const shadowNames = async (): Promise<string[]> =>
  (await adminQuery("SELECT datname FROM pg_database WHERE datname LIKE 'preflight_shadow_%'")).map((r) => r.datname as string);

/**
 * Shadow databases a piece of work left behind. The test server is shared by test files running
 * in parallel, whose own shadows come and go meanwhile: `run` is bracketed by two listings, and a
 * shadow that appeared during it counts only if it is still there after `graceMs` (another
 * file's shadow is dropped when its run ends; a leaked one stays).
 */
export async function shadowsLeftBy(run: () => Promise<void>, graceMs = 15_000): Promise<string[]> {
  const before = new Set(await shadowNames());
  await run();
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = (await shadowNames()).filter((n) => !before.has(n));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}
