/**
 * Every connection input of every check, through the CLI as users run it (in-process, output
 * captured): --database-url, --direct-url, --expected-url and --shadow-url all go through
 * parseConnection, so all of them refuse a password that would be read as a host (issue 7 item 4)
 * and accept SQLAlchemy URLs (item 15), and a child command gets the scheme the user gave.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, serverInfo, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { checks } from './checks.ts';
import { runCli } from './run-cli.ts';

// The runner's own variables must not stand in for the inputs under test.
for (const k of ['DATABASE_URL', 'DIRECT_URL', 'SHADOW_DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE']) delete process.env[k];

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (out += s), color: false };
  const code = await runCli(args, checks, io);
  return { code, out };
}

const work = mkdtempSync(join(tmpdir(), 'pf-conn-inputs-'));
const migrations = join(work, 'migrations');
mkdirSync(migrations);
writeFileSync(join(migrations, '0001_init.sql'), 'CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);\n');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const withScheme = (url: string, scheme: string) => url.replace(/^postgres:/, `${scheme}:`);

describe('a password that starts with digits and contains "/" is refused by every connection input (item 4)', () => {
  const canary = 'CANARY-cli-item4-5e0d';
  let server: Server;
  let connections = 0;
  let received = '';
  let bad: string;
  let good: TestDatabase;
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Read as host 127.0.0.1 and port <listener> by a parser that ends the authority at "/".
    bad = `postgres://127.0.0.1:${(server.address() as AddressInfo).port}/${canary}@db.invalid`;
    good = await createDatabase('connin4');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await good.drop();
  });

  test.each([
    ['schema-verify --database-url', () => ['schema-verify', '--database-url', bad, '--migrations', migrations, '--shadow-url', serverInfo().url]],
    ['schema-verify --expected-url', () => ['schema-verify', '--database-url', good.url, '--expected-url', bad]],
    ['schema-verify --shadow-url', () => ['schema-verify', '--database-url', good.url, '--migrations', migrations, '--shadow-url', bad]],
    ['migrate-direct --database-url', () => ['migrate-direct', '--database-url', bad, '--migrations', migrations]],
    ['migrate-direct --direct-url', () => ['migrate-direct', '--direct-url', bad, '--migrations', migrations]],
  ])('%s: exit 2, nothing sent to the "host", the password in no output', async (_name, args) => {
    for (const json of [[], ['--json']]) {
      const r = await cli([...args(), ...json]);
      expect(r.code).toBe(2);
      expect(r.out).toMatch(/percent-encode "\/"/);
      expect(r.out).not.toContain(canary);
      expect(r.out).not.toContain(encodeURIComponent(canary));
      expect(r.out).not.toContain(Buffer.from(canary).toString('base64'));
    }
    expect(connections).toBe(0);
    expect(received).not.toContain(canary);
  });
});

describe('SQLAlchemy URLs work in every connection input (item 15)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase('connin15', 'CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);');
  });
  afterAll(() => db.drop());

  test('schema-verify --database-url and --expected-url', async () => {
    const r = await cli(['schema-verify', '--database-url', withScheme(db.url, 'postgresql+psycopg2'), '--expected-url', withScheme(db.url, 'postgresql+asyncpg'), '--json']);
    expect(r.out).not.toContain(serverInfo().password);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.slice(r.out.indexOf('{'))).status).toBe('pass');
  });

  test('schema-verify --shadow-url', async () => {
    const r = await cli(['schema-verify', '--database-url', withScheme(db.url, 'postgresql+pg8000'), '--migrations', migrations, '--shadow-url', withScheme(serverInfo().url, 'postgresql+psycopg')]);
    expect(r.out).not.toContain(serverInfo().password);
    expect(r.code).toBe(0);
  });

  test('migrate-direct --direct-url', async () => {
    const target = await createDatabase('connin15md');
    try {
      const r = await cli(['migrate-direct', '--direct-url', withScheme(target.url, 'postgresql+psycopg'), '--migrations', migrations]);
      expect(r.code).toBe(0);
      expect(await target.sql("SELECT to_regclass('public.widgets') IS NOT NULL AS made")).toEqual([{ made: true }]);
    } finally {
      await target.drop();
    }
  });
});

describe('a child command gets the URL with the scheme the user gave (item 15)', () => {
  test('migrate-direct --command: DATABASE_URL is postgresql+asyncpg:// to the same database', async () => {
    const db = await createDatabase('connin15cmd');
    const seen = join(work, 'md-url.txt');
    try {
      const url = withScheme(db.url, 'postgresql+asyncpg');
      const r = await cli(['migrate-direct', '--database-url', url, '--command', `printf '%s' "$DATABASE_URL" > ${seen}`]);
      expect(r.code).toBe(0);
      const child = new URL(readFileSync(seen, 'utf8'));
      expect(child.protocol).toBe('postgresql+asyncpg:');
      expect(child.pathname).toBe(`/${db.name}`);
      expect(decodeURIComponent(child.password)).toBe(serverInfo().password);
      expect(r.out).not.toContain(serverInfo().password);
    } finally {
      await db.drop();
    }
  });

  test('schema-verify --migrate-command: the shadow database URL keeps --database-url\'s +asyncpg driver', async () => {
    const db = await createDatabase('connin15sv', 'CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);');
    const seen = join(work, 'sv-url.txt');
    try {
      // psql reads the PG* variables (it does not know the +asyncpg scheme); alembic would read DATABASE_URL.
      const command = `printf '%s' "$DATABASE_URL" > ${seen} && psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL)'`;
      const r = await cli(['schema-verify', '--database-url', withScheme(db.url, 'postgresql+asyncpg'), '--migrate-command', command, '--shadow-url', serverInfo().url]);
      expect(r.code).toBe(0);
      const child = new URL(readFileSync(seen, 'utf8'));
      expect(child.protocol).toBe('postgresql+asyncpg:');
      expect(child.pathname).toMatch(/^\/preflight_shadow_[0-9a-f]+$/);
      expect(r.out).not.toContain(serverInfo().password);
    } finally {
      await db.drop();
    }
  });
});

test('the harness URL has a password to look for', () => {
  expect(urlFor('x')).toContain(encodeURIComponent(serverInfo().password));
});
