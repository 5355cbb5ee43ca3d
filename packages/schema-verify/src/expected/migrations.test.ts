import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '@preflight/core';
import { readMigrations, type MigrationFormat } from '@preflight/migrations';
import { readLedgers } from '../../../pg/src/ledger.ts';
import { serverInfo } from '../../../../test/harness/db.ts';
import { applyMigrations } from './migrations.ts';
import { withShadowDatabase } from './shadow.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pf-apply-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function dirWith(files: Record<string, string>): string {
  const dir = join(tmp, String(++n));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const tablesOf = async (client: pg.Client) =>
  (await client.query(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1`)).rows.map((r) => r.relname);
const indexesOf = async (client: pg.Client) =>
  (await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.indexname);

const cases: Array<[MigrationFormat, Record<string, string>]> = [
  [
    'sql',
    {
      '0001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
      '0002_orders.sql': 'CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);',
      '0010_index.sql': '-- preflight:no-transaction\nCREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n',
    },
  ],
  [
    'dbmate',
    {
      '20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, email text);\n\n-- migrate:down\nDROP TABLE users;\n',
      '20240102000000_orders.sql': '-- migrate:up\nCREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);\n-- migrate:down\nDROP TABLE orders;\n',
      '20240103000000_index.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n-- migrate:down\nDROP INDEX orders_user;\n',
    },
  ],
  [
    'golang-migrate',
    {
      '000001_users.up.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
      '000001_users.down.sql': 'DROP TABLE users;',
      '000002_orders.up.sql': 'BEGIN;\nCREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);\nCOMMIT;',
      '000003_index.up.sql': 'CREATE INDEX orders_user ON orders (user_id);\nCREATE INDEX users_email ON users (email);',
    },
  ],
  [
    'flyway',
    {
      'V1__users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
      'V1_1__orders.sql': 'CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);',
      'V2__index.sql': 'CREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\nCREATE INDEX CONCURRENTLY users_email ON users (email);',
      'V2__index.sql.conf': 'executeInTransaction=false',
      'R__user_emails.sql': 'CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;',
    },
  ],
];

describe('applyMigrations on a shadow database', () => {
  it.each(cases)('%s: builds the tables, records the expected head in preflight.schema_migrations', async (format, files) => {
    const migrations = readMigrations(dirWith(files), format);
    await withShadowDatabase(serverInfo().url, async ({ client }) => {
      const expected = await applyMigrations(client, migrations);
      expect(await tablesOf(client)).toEqual(['orders', 'users']);
      expect(await indexesOf(client)).toEqual(['orders_pkey', 'orders_user', 'users_email', 'users_pkey']);
      expect(expected.head).toBe(migrations.filter((m) => m.version).at(-1)!.version);
      expect(expected.versions).toHaveLength(3);
      const [ledger] = await readLedgers(client);
      expect(ledger).toMatchObject({ tool: 'preflight', table: 'preflight.schema_migrations', head: expected.head, versions: expected.versions });
      if (format === 'flyway') {
        expect((await client.query(`SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'user_emails'`)).rows[0].n).toBe(1);
      }
    });
  });

  it('names file:line of a failing statement (dbmate up section offset) and keeps earlier migrations', async () => {
    const dir = dirWith({
      '1_users.sql': '-- migrate:up\nCREATE TABLE users (id int);\n',
      '2_bad.sql': "-- a header\n\n-- migrate:up\nCREATE TABLE orders (id int);\n\nINSERT INTO orders\n  VALUES ('x');\n",
    });
    await withShadowDatabase(serverInfo().url, async ({ client }) => {
      const error = await applyMigrations(client, readMigrations(dir, 'dbmate')).catch((e) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(new RegExp(`^${join(dir, '2_bad.sql').replace(/\./g, '\\.')}:7: invalid input syntax for type integer: "x"; fix the migration`));
      // The failed migration rolled back as a whole; the one before it stays.
      expect(await tablesOf(client)).toEqual(['users']);
    });
  });

  it('names the line inside a no-transaction migration', async () => {
    const dir = dirWith({ '1_idx.sql': '-- preflight:no-transaction\nCREATE TABLE t (id int);\n\nCREATE INDEX CONCURRENTLY t_id ON t (missing);\n' });
    await withShadowDatabase(serverInfo().url, async ({ client }) => {
      const error = await applyMigrations(client, readMigrations(dir, 'sql')).catch((e) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain('1_idx.sql:4: column "missing" does not exist');
    });
  });
});
