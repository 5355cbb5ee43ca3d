/**
 * introspect builds the model in batches of streamed rows: a relation's rows that name it by OID
 * (columns, triggers) may arrive batches after the relation's own row, and must still find it.
 * Here a foreign table's columns come first and more column rows than one batch holds follow.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import pg from 'pg';
import { createDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { introspect } from './introspect.ts';

let db: TestDatabase;

beforeAll(async () => {
  // 60 tables of 80 columns: 4,800 column rows, more than one batch (4,096 rows).
  const columns = Array.from({ length: 80 }, (_, i) => `c${i} int`).join(', ');
  const tables = Array.from({ length: 60 }, (_, i) => `CREATE TABLE public.a${i} (${columns});`).join('\n');
  // The foreign table first: its columns (ordered by OID) lead the first batch.
  db = await createDatabase('introspect_batches', `
    CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;
    CREATE FUNCTION public.tg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE FOREIGN TABLE public.zz_ft (id int OPTIONS (column_name 'ID'), name text) SERVER s;
    CREATE TRIGGER zz_audit BEFORE INSERT ON public.zz_ft FOR EACH ROW EXECUTE FUNCTION public.tg();
    ${tables}`);
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

test('a foreign table keeps its columns, their options and its triggers however many rows come before', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const model = await introspect(client);
    const ft = model.foreignTables!['public.zz_ft'];
    expect(ft.columns.map((c) => [c.name, c.type, c.options])).toEqual([['id', 'integer', ['column_name=ID']], ['name', 'text', undefined]]);
    expect(Object.keys(ft.triggers ?? {})).toEqual(['zz_audit']);
    expect(model.tables['public.a59'].columns).toHaveLength(80);
  } finally {
    await client.end();
  }
}, 120_000);
