/**
 * The direct session opens the pooler probe's second connection alongside the first: whichever
 * login fails, the run fails with that one error and leaves no connection behind.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, urlFor, withTestClient, type TestDatabase } from '../../../../test/harness/db.ts';
import { APPLICATION_NAME, openDirectSession } from './session.ts';

let db: TestDatabase;
const role = { name: `md_one_conn_${process.pid}`, password: 'one-connection-only' };

beforeAll(async () => {
  db = await createDatabase('md_session');
  await db.sql(`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}' CONNECTION LIMIT 1`);
});
afterAll(async () => {
  await db.drop();
  await withTestClient(urlFor('postgres'), (c) => c.query(`DROP ROLE IF EXISTS ${role.name}`));
});

/** Sessions matching `where` ($1 = value), waiting up to 10 s for 0: a closed connection's backend exits just after. */
async function sessions(where: string, value: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const n = await withTestClient(urlFor(db.name), async (c) => Number((await c.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE ${where}`, [value])).rows[0].n));
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a direct URL: one session stays open, the probe connection is closed', async () => {
  const session = await openDirectSession({ databaseUrl: db.url, connectTimeoutMs: 10_000 });
  try {
    const apps = await withTestClient(urlFor(db.name), async (c) =>
      (await c.query<{ app: string }>("SELECT application_name AS app FROM pg_stat_activity WHERE application_name LIKE 'preflight migrate-direct%' AND datname = $1", [db.name])).rows.map((r) => r.app),
    );
    expect(apps).toContain(APPLICATION_NAME);
    expect(session.pid).toBeGreaterThan(0);
    expect(await sessions('datname = current_database() AND application_name = $1', `${APPLICATION_NAME} (pooler probe)`)).toBe(0);
  } finally {
    await session.client.end();
  }
});

test('a role allowed one connection: the probe cannot open its second one, the run says why and leaves nothing open', async () => {
  const url = urlFor(db.name, role);
  await expect(openDirectSession({ databaseUrl: url, connectTimeoutMs: 10_000 })).rejects.toThrow(/too many connections/i);
  expect(await sessions('usename = $1', role.name)).toBe(0);
});

test('a wrong password: the login error, and no connection left behind', async () => {
  const url = urlFor(db.name, { name: role.name, password: 'not-the-password' });
  const error = await openDirectSession({ databaseUrl: url, connectTimeoutMs: 10_000 }).catch((e: unknown) => e);
  expect(String(error)).toMatch(/authentication failed for user/i);
  expect(String(error)).not.toContain('not-the-password');
  expect(await sessions('usename = $1', role.name)).toBe(0);
});
