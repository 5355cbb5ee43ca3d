/**
 * probeTransactionPooler against real PgBouncer in front of the test server: what the probe sees
 * is what a user's pooler does, not what a fake that reads our SQL decides to answer.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, serverInfo, type TestDatabase, withTestClient } from '../../../test/harness/db.ts';
import { startPgBouncer, type PgBouncer } from '../../../test/harness/pgbouncer.ts';
import { probeTransactionPooler } from './index.ts';

const bouncers: PgBouncer[] = [];
let db: TestDatabase;
async function bouncer(poolMode: 'transaction' | 'session', serverRoundRobin = false, resetAfterEveryTransaction = false): Promise<PgBouncer> {
  const s = serverInfo();
  const b = await startPgBouncer({ pgHost: s.host, pgPort: s.port, user: s.user, password: s.password, poolMode, serverRoundRobin, resetAfterEveryTransaction });
  bouncers.push(b);
  return b;
}
beforeAll(async () => {
  db = await createDatabase('pfprobe');
});
afterAll(async () => {
  for (const b of bouncers) await b.stop();
  await db?.drop();
});

/** Two clients in a transaction at once: the pool now holds two server connections, both idle after. */
async function warmTwoServerConnections(url: string): Promise<void> {
  const a = new pg.Client({ connectionString: url });
  const b = new pg.Client({ connectionString: url });
  await Promise.all([a.connect(), b.connect()]);
  try {
    await a.query('BEGIN');
    await b.query('BEGIN');
    const pids = [(await a.query('SELECT pg_backend_pid() AS p')).rows[0].p, (await b.query('SELECT pg_backend_pid() AS p')).rows[0].p];
    expect(new Set(pids).size).toBe(2);
    await a.query('COMMIT');
    await b.query('COMMIT');
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

describe('probeTransactionPooler', () => {
  test('a transaction pooler that hands the next transaction to another server connection is detected', async () => {
    const b = await bouncer('transaction', true);
    await warmTwoServerConnections(b.url(db.name));
    expect(await withTestClient(b.url(db.name), (c) => probeTransactionPooler(c))).toBe(true);
  });

  test('a pooler that resets the session after each transaction is detected, on the same server connection too', async () => {
    const b = await bouncer('transaction', false, true);
    const url = b.url(db.name);
    // One client alone on an idle LIFO pool: the same server process serves both transactions,
    // so only the lost setting can tell.
    await withTestClient(url, async (c) => {
      const pid = async () => (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p;
      expect(await pid()).toBe(await pid());
      expect(await probeTransactionPooler(c)).toBe(true);
    });
  });

  test('a session pooler keeps the session: not pooled', async () => {
    const b = await bouncer('session', true);
    await warmTwoServerConnections(b.url(db.name));
    expect(await withTestClient(b.url(db.name), (c) => probeTransactionPooler(c))).toBe(false);
  });

  test('a direct connection keeps session state: not pooled', async () => {
    expect(await withTestClient(db.url, (c) => probeTransactionPooler(c))).toBe(false);
  });

  // The documented limit ("false means not observed"): PgBouncer's default reuses the most recently
  // freed server connection, so an idle pool hands one client the same server every time. That is
  // why probeSession (migrate-direct) also compares a second client's server process.
  test('an idle transaction pool that reuses the same server connection is not observed by this probe alone', async () => {
    const b = await bouncer('transaction', false);
    expect(await withTestClient(b.url(db.name), (c) => probeTransactionPooler(c))).toBe(false);
  });
});
