/**
 * Fuzz: a snapshot file as a user may have edited or truncated it reads as a snapshot or fails with
 * a one-line UsageError naming the file; keys round-trip through splitKey; the fix script splitter
 * keeps every character.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fuzz, mutateAt as mutate, onlyTypedErrors } from '../../../test/harness/fuzz.ts';
import { emptyModel, qualifiedKey, splitKey, type SchemaModel } from './model.ts';
import { readSnapshot, toSnapshot } from './snapshot.ts';
import { splitStatements } from './fix-order.ts';

function sample(): SchemaModel {
  const m = emptyModel(150018);
  m.schemas.public = { name: 'public', privileges: ['PUBLIC:USAGE'] };
  m.tables['public.invoices'] = {
    schema: 'public', name: 'invoices', kind: 'table', unlogged: false, rowSecurity: false, forceRowSecurity: false,
    columns: [{ name: 'id', type: 'bigint', notNull: true }, { name: 'nit', type: 'character varying(20)', notNull: false, default: "'x'::text" }],
    constraints: { invoices_pkey: { name: 'invoices_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' } },
    triggers: {}, policies: {}, privileges: [],
  };
  m.sequences['public.s'] = { schema: 'public', name: 's', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false };
  return m;
}
const valid = toSnapshot(sample(), { source: 'test', ledger: { tool: 'alembic', head: 'abc' } });


test('a snapshot edited, truncated or replaced: a snapshot or one line of UsageError naming the file', () => {
  const input = fc.oneof(
    fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })).map(([path, value]) => JSON.stringify(mutate(JSON.parse(valid), path, value), null, 2)),
    fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
    fc.string({ maxLength: 60 }),
  );
  fuzz(
    'schema-verify: snapshot JSON',
    fc.property(input, (text) => {
      try {
        readSnapshot(text, 'db/schema.json');
      } catch (error) {
        onlyTypedErrors(() => {
          throw error;
        });
        expect((error as Error).message).toContain('db/schema.json');
      }
    }),
  );
});

test('snapshot round trip: what toSnapshot writes, readSnapshot reads back the same', () => {
  const name = fc.string({ minLength: 1, maxLength: 10 });
  fuzz(
    'schema-verify: snapshot JSON (round trip)',
    fc.property(name, name, fc.string({ maxLength: 20 }), (schema, table, def) => {
      const m = sample();
      const t = { ...m.tables['public.invoices'], schema, name: table, columns: [{ name: 'c', type: 'text', notNull: false, default: def || undefined }] };
      m.tables = { [qualifiedKey(schema, table)]: t };
      const back = readSnapshot(toSnapshot(m), 'schema.json').model;
      expect(back.tables[qualifiedKey(schema, table)]?.name).toBe(table);
    }),
  );
});

test('keys: splitKey(qualifiedKey(a, b)) = [a, b] for any names', () => {
  fuzz(
    'schema-verify: object keys (round trip)',
    fc.property(fc.string({ unit: fc.constantFrom('a', '.', '"', '(', ')', ' ', 'B', 'é'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', '.', '"', '(', ')', ' '), maxLength: 8 }), (a, b) => {
      expect(splitKey(qualifiedKey(a, b))).toEqual([a, b]);
    }),
  );
});

test('fix script splitter: never throws, and the statements are the text in order', () => {
  const sql = fc.array(fc.constantFrom('CREATE TABLE a (x int)', ';', "'", "''", '"', '$$', '$x$', '--', '/*', '*/', '\n', ' ', 'E', '\\', 'b'), { maxLength: 30 }).map((p) => p.join(''));
  fuzz(
    'schema-verify: fix script splitter',
    fc.property(sql, (text) => {
      const parts = onlyTypedErrors(() => splitStatements(text), []) ?? [];
      // Each statement (written with its ";") is a piece of the text, in order.
      let from = 0;
      for (const p of parts) {
        const body = p.trim().replace(/;$/, '').trim();
        const at = text.indexOf(body, from);
        expect(at, JSON.stringify({ text, p })).toBeGreaterThanOrEqual(0);
        from = at + body.length;
      }
    }),
  );
});
