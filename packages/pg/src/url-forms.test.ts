/**
 * URL shapes from issue 7: a password that starts with digits and holds "/" (item 4), and
 * SQLAlchemy's postgresql+driver:// URLs (item 15).
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExitCode, UsageError, exitCodeOf } from '@preflight/core';
import { createDatabase, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { connectClient, parseConnection } from './index.ts';

const parse = (input: string) => parseConnection(input, { inputName: 'database-url', connectTimeoutMs: 5_000 });
const canary = 'CANARY-item4-91c2';

function usageErrorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(ExitCode.Usage);
    return error as Error;
  }
  throw new Error('expected a UsageError');
}

describe('a password that starts with digits and contains "/" (issue 7 item 4)', () => {
  // A plain TCP listener standing in for a host that happens to resolve: it records every byte.
  let server: Server;
  let port: number;
  let connections = 0;
  let received = '';
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('is refused before connecting: the "host" before the password gets no connection and no startup packet', async () => {
    // User "127.0.0.1", password "<port>/CANARY...": a URL parser that stops the authority at "/"
    // reads host 127.0.0.1 and port <port>, and the rest of the password as the database name.
    const url = `postgres://127.0.0.1:${port}/${canary}@db.invalid`;
    let error: unknown;
    try {
      const client = await connectClient(parse(url));
      await client.end();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(connections).toBe(0);
    expect(received).not.toContain(canary);
    expect((error as Error).message).not.toContain(canary);
    expect((error as Error).message).not.toContain(String(port));
  });

  test.each([
    `postgres://admin:2024/${canary}@127.0.0.1`,
    `postgres://admin:2024/${canary}@127.0.0.1?sslmode=disable`,
    `postgres://admin:2024/${canary}@127.0.0.1:5432`,
    `postgres://admin:2024/${canary}@127.0.0.1/db`,
    `postgresql://admin:2024/${canary}@[::1]:5432/db`,
    `postgresql://admin:/${canary}@127.0.0.1/db`,
    `postgres://admin:2024/${canary}@127.0.0.1?application_name=x`,
  ])('%s: exit 2, says to percent-encode, never echoes the password', (url) => {
    const error = usageErrorOf(() => parse(url));
    expect(error.message).toMatch(/^Input database-url .*percent-encode "\/"/);
    expect(error.message).not.toContain(canary);
    expect(error.message).not.toContain('2024');
    expect(error.message).not.toContain('admin');
    expect(error.message).toMatch(/\.$/);
  });

  test('unambiguous URLs with "@" after the host still parse as before', () => {
    expect(parse('postgres://db.internal:5432?user=me@corp.example')).toMatchObject({ host: 'db.internal', port: 5432, user: 'me@corp.example' });
    expect(parse('postgres://h:5432/app?application_name=ci@runner')).toMatchObject({ host: 'h', database: 'app', config: { application_name: 'ci@runner' } });
    // A non-numeric "port" cannot be a port: the unencoded password is read as the password.
    expect(parse('postgres://u:pa/ss@h/db')).toMatchObject({ host: 'h', user: 'u', database: 'db', config: { password: 'pa/ss' } });
    // Encoded, the same password is fine.
    expect(parse(`postgres://admin:2024%2F${canary}@127.0.0.1/db`)).toMatchObject({ host: '127.0.0.1', user: 'admin', database: 'db', config: { password: `2024/${canary}` } });
  });
});

describe('SQLAlchemy URLs (issue 7 item 15)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('sqla');
  });
  afterAll(() => db.drop());

  test.each(['postgresql+psycopg2', 'postgresql+psycopg', 'postgresql+asyncpg', 'postgresql+pg8000', 'postgresql+psycopg2cffi', 'POSTGRESQL+PSYCOPG'])(
    '%s:// connects to the same database a postgres:// URL does',
    async (scheme) => {
      const url = urlFor(db.name).replace(/^postgres:/, `${scheme}:`);
      const target = parse(url);
      expect(target.display.startsWith(`${scheme}://`)).toBe(true);
      const client = await connectClient(target);
      try {
        const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
        expect(rows[0].db).toBe(db.name);
      } finally {
        await client.end();
      }
    },
  );

  test('asyncpg spells sslmode as ssl=<mode>; it means the same here', () => {
    expect(parse('postgresql+asyncpg://u:pw@h/db?ssl=require').sslmode).toBe('require');
    expect(parse('postgresql+asyncpg://u:pw@h/db?ssl=disable').sslmode).toBe('disable');
    expect(parse('postgresql+asyncpg://u:pw@h/db?ssl=true').sslmode).toBe('require');
  });

  test.each(['mysql+pymysql://u:pw@h/db', 'postgres+psycopg2://u:pw@h/db', 'postgresql+://u:pw@h/db', 'sqlite+pysqlite:///x.db'])('%s is still an unknown scheme', (url) => {
    expect(usageErrorOf(() => parse(url)).message).toMatch(/unknown scheme/);
  });
});
