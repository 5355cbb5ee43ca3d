/**
 * The harness's PgBouncer is the real thing: these tests pin down the transaction-pooling
 * behaviour that migrate-direct warns about, so a regression in the harness (say, silently falling
 * back to session mode) cannot make those checks pass for the wrong reason.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { createDatabase, serverInfo, type TestDatabase } from './db.ts';
import { startPgBouncer, type PgBouncer } from './pgbouncer.ts';

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function pid(c: pg.Client): Promise<number> {
  return (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
}

function opts(extra: { defaultPoolSize?: number; poolMode?: 'transaction' | 'session' } = {}) {
  const s = serverInfo();
  return { pgHost: s.host, pgPort: s.port, user: s.user, password: s.password, ...extra };
}

describe('startPgBouncer (transaction mode, default pool)', () => {
  let bouncer: PgBouncer;
  let db: TestDatabase;
  beforeAll(async () => {
    bouncer = await startPgBouncer(opts());
    db = await createDatabase('pgb');
  });
  afterAll(async () => {
    await bouncer?.stop();
    await db?.drop();
  });

  test('queries reach PostgreSQL through the bouncer, not directly', async () => {
    expect(bouncer.host).toBe('127.0.0.1');
    expect(bouncer.port).not.toBe(serverInfo().port);
    expect(bouncer.url(db.name)).toContain(`:${bouncer.port}/${db.name}`);
    const c = await client(bouncer.url(db.name));
    try {
      const r = await c.query('SELECT current_database() AS db, 1 + 1 AS two');
      expect(r.rows[0]).toEqual({ db: db.name, two: 2 });
      // Parameters use the extended protocol with an unnamed statement: fine in transaction mode.
      expect((await c.query('SELECT $1::int AS n', [7])).rows[0].n).toBe(7);
    } finally {
      await c.end();
    }
  });

  test('a wrong password is rejected by the bouncer', async () => {
    const s = serverInfo();
    const bad = `postgres://${encodeURIComponent(s.user)}:wrong-password@${bouncer.host}:${bouncer.port}/${db.name}`;
    await expect(client(bad)).rejects.toThrow(/password authentication failed|SASL|authentication/i);
  });
});

/*
 * Deterministic choreography with a pool of 2 server connections and a fresh database (a fresh
 * pool): client A runs alone, so its statements use server connection S1. Client B then opens a
 * transaction, which takes the idle S1. A's next statement cannot have S1, so the bouncer opens
 * S2: A's session state (SET, prepared statements) is gone, and B is running on A's session.
 */
describe('transaction pooling is real', () => {
  let bouncer: PgBouncer;
  beforeAll(async () => {
    bouncer = await startPgBouncer(opts({ defaultPoolSize: 2 }));
  });
  afterAll(async () => {
    await bouncer?.stop();
  });

  test('SET outside a transaction is lost for the client and leaks to another client', async () => {
    const db = await createDatabase('pgb');
    const a = await client(bouncer.url(db.name));
    const b = await client(bouncer.url(db.name));
    try {
      await a.query("SET statement_timeout = '1234ms'");
      const s1 = await pid(a);
      expect((await a.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('1234ms');

      await b.query('BEGIN');
      expect(await pid(b)).toBe(s1);
      // B never ran SET, yet it sees A's setting: the server session is shared, not the client's.
      expect((await b.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('1234ms');

      expect(await pid(a)).not.toBe(s1);
      expect((await a.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('0');
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
      await db.drop();
    }
  });

  test('SET application_name, unlike other settings, survives: pgbouncer tracks it and replays it', async () => {
    const db = await createDatabase('pgb');
    const a = await client(bouncer.url(db.name));
    const b = await client(bouncer.url(db.name));
    try {
      await a.query("SET application_name = 'migrator-a'");
      const s1 = await pid(a);
      await b.query('BEGIN');
      expect(await pid(b)).toBe(s1);
      expect(await pid(a)).not.toBe(s1);
      const seen = (await a.query('SHOW application_name')).rows[0].application_name;
      await b.query('COMMIT');
      // As observed with 1.18: it tracks application_name (with client_encoding, DateStyle,
      // TimeZone, standard_conforming_strings) from ParameterStatus and re-sends it when it links
      // the client to another server connection. So a probe for "session state lost" must use
      // an untracked setting such as statement_timeout (test above), never application_name.
      expect(seen).toBe('migrator-a');
    } finally {
      await a.end();
      await b.end();
      await db.drop();
    }
  });

  test('a named prepared statement fails once the client lands on another server connection', async () => {
    const db = await createDatabase('pgb');
    const a = await client(bouncer.url(db.name));
    const b = await client(bouncer.url(db.name));
    try {
      const named = { name: 'preflight_q', text: 'SELECT $1::int + 1 AS n', values: [1] };
      expect((await a.query(named)).rows[0].n).toBe(2);
      const s1 = await pid(a);

      await b.query('BEGIN');
      expect(await pid(b)).toBe(s1);
      // node-postgres parsed the statement once and now sends only Bind/Execute by name, which
      // reaches S2, where it was never prepared.
      await expect(a.query(named)).rejects.toMatchObject({ code: '26000', message: expect.stringMatching(/prepared statement "preflight_q" does not exist/) });
      // And B, on A's old connection, collides with A's statement when it prepares the same name.
      await expect(b.query(named)).rejects.toMatchObject({ code: '42P05', message: expect.stringMatching(/already exists/) });
      await b.query('ROLLBACK');
    } finally {
      await a.end();
      await b.end();
      await db.drop();
    }
  });

  test('SQL-level PREPARE / EXECUTE breaks the same way', async () => {
    const db = await createDatabase('pgb');
    const a = await client(bouncer.url(db.name));
    const b = await client(bouncer.url(db.name));
    try {
      await a.query('PREPARE pf_plan AS SELECT 42 AS n');
      const s1 = await pid(a);
      await b.query('BEGIN');
      expect(await pid(b)).toBe(s1);
      await expect(a.query('EXECUTE pf_plan')).rejects.toMatchObject({ code: '26000' });
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
      await db.drop();
    }
  });
});

describe('session mode for contrast', () => {
  test('state follows the client when pool_mode = session', async () => {
    const bouncer = await startPgBouncer(opts({ poolMode: 'session', defaultPoolSize: 2 }));
    const db = await createDatabase('pgb');
    const a = await client(bouncer.url(db.name));
    const b = await client(bouncer.url(db.name));
    try {
      await a.query("SET statement_timeout = '1234ms'");
      const s1 = await pid(a);
      await b.query('BEGIN');
      expect(await pid(b)).not.toBe(s1);
      expect((await b.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('0');
      expect(await pid(a)).toBe(s1);
      expect((await a.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('1234ms');
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
      await db.drop();
      await bouncer.stop();
    }
  });

  test('stop() ends the process and frees the port', async () => {
    const bouncer = await startPgBouncer(opts());
    const port = bouncer.port;
    await bouncer.stop();
    const c = new pg.Client({ connectionString: bouncer.url('postgres'), connectionTimeoutMillis: 2000 });
    await expect(c.connect()).rejects.toThrow();
    expect(port).toBeGreaterThan(0);
  });
});
