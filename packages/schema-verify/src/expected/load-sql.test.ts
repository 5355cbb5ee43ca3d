import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '@preflight/core';
import { createDatabase, fixturesDir, type TestDatabase } from '../../../../test/harness/db.ts';
import { loadSqlFile } from './load-sql.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pf-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

let db: TestDatabase;
let client: pg.Client;
beforeEach(async () => {
  db = await createDatabase('loadsql');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterEach(async () => {
  await client.end();
  await db.drop();
});

async function loadError(path: string): Promise<string> {
  try {
    await loadSqlFile(client, path);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the load to fail');
}

const tables = async () => (await db.sql(`SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relkind IN ('r','p') AND relnamespace = 'public'::regnamespace`))[0].t;

describe('loadSqlFile', () => {
  it('loads the pagila pg_dump (70 tables, 7 views, 15 triggers) and resets the session', async () => {
    await loadSqlFile(client, fixturesDir + 'pagila.sql');
    const [counts] = await db.sql(`SELECT
      (SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace = 'public'::regnamespace)::int AS tables,
      (SELECT count(*) FROM pg_class WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace)::int AS views,
      (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace)::int AS triggers`);
    expect(counts).toEqual({ tables: 70, views: 7, triggers: 15 });
    // pg_dump emptied search_path for the session; the caller gets the default back.
    expect((await client.query('SHOW search_path')).rows[0].search_path).toBe('"$user", public');
  });

  it('drops psql meta-command lines and keeps line numbers for errors after them', async () => {
    const path = file('dump.sql', ['\\restrict AbCdEf', '--', 'SET client_min_messages = warning;', '\\connect - postgres', 'CREATE TABLE a (id int);', '', 'SELECT nope FROM a;', '\\unrestrict AbCdEf', ''].join('\n'));
    const msg = await loadError(path);
    expect(msg).toBe(`${path}:7: column "nope" does not exist; fix the file so it loads into an empty database.`);
    // The whole file is one implicit transaction: nothing before the error stays.
    expect(await tables()).toBeNull();
  });

  it('names the line of an error the server gives no position for', async () => {
    const path = file('fk.sql', 'CREATE TABLE a (id int PRIMARY KEY);\n\n-- comment; with a semicolon\nCREATE TABLE b (\n  a_id int\n);\nALTER TABLE b\n  ADD FOREIGN KEY (a_id) REFERENCES users(id);\n');
    expect(await loadError(path)).toBe(`${path}:7: relation "users" does not exist; fix the file so it loads into an empty database.`);
  });

  it('loads a Rails-style structure.sql with dollar-quoted bodies and counts lines past them', async () => {
    const path = file(
      'structure.sql',
      [
        "SET standard_conforming_strings = 'on';",
        'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$',
        'BEGIN',
        '  RAISE NOTICE \'x;y\';',
        '  RETURN NEW;',
        'END;',
        '$$;',
        'CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY);',
        "INSERT INTO schema_migrations (version) VALUES ('20240101000000'), ('20240102000000');",
      ].join('\n'),
    );
    await loadSqlFile(client, path);
    expect(await tables()).toBe('schema_migrations');
    const bad = file('bad.sql', (await import('node:fs')).readFileSync(path, 'utf8') + '\nCREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (2), (\'three\');\n');
    await client.query('DROP TABLE schema_migrations; DROP FUNCTION f()');
    expect(await loadError(bad)).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:11: invalid input syntax for type integer: "three"`));
  });

  it('refuses \\i and COPY FROM stdin with the line, before sending anything', async () => {
    const inc = file('inc.sql', 'CREATE TABLE a (id int);\n\\i other.sql\n');
    expect(await loadError(inc)).toMatch(/inc\.sql:2: the psql command \\i is not supported/);
    const copy = file('copy.sql', 'CREATE TABLE a (id int);\n\nCOPY public.a (id) FROM stdin;\n1\n2\n\\.\n');
    expect(await loadError(copy)).toMatch(/copy\.sql:3: COPY \.\.\. FROM stdin data blocks are not supported/);
    expect(await tables()).toBeNull();
  });

  it('names a missing file', async () => {
    expect(await loadError(join(tmp, 'nope.sql'))).toMatch(/Schema file .*nope\.sql does not exist/);
  });
});
