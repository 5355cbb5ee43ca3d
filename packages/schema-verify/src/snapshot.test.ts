import { describe, expect, test } from 'vitest';
import { UsageError } from '@preflight/core';
import { emptyModel, type SchemaModel } from './model.ts';
import { readSnapshot, toSnapshot } from './snapshot.ts';
import { RULES } from './rules.ts';

function sample(): SchemaModel {
  const m = emptyModel(150018);
  m.schemas.public = { name: 'public', privileges: ['PUBLIC:USAGE'] };
  m.tables['public.invoices'] = {
    schema: 'public', name: 'invoices', kind: 'table', unlogged: false, rowSecurity: false, forceRowSecurity: false,
    columns: [{ name: 'id', type: 'bigint', notNull: true }, { name: 'nit', type: 'character varying(20)', notNull: false }],
    constraints: { invoices_pkey: { name: 'invoices_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' } },
    triggers: {}, policies: {}, privileges: [],
  };
  m.sequences['public.s'] = { schema: 'public', name: 's', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false };
  return m;
}

describe('snapshots', () => {
  test('stable text: sorted keys, 2-space indent, format version and server major', () => {
    const text = toSnapshot(sample(), { source: 'test' });
    const reordered = sample();
    reordered.tables = { 'public.invoices': { ...Object.fromEntries(Object.entries(sample().tables['public.invoices']).reverse()) } as SchemaModel['tables'][string] };
    expect(toSnapshot(reordered, { source: 'test' })).toBe(text);
    expect(text.startsWith('{\n  "formatVersion": 1,\n')).toBe(true);
    expect(JSON.parse(text).postgresMajor).toBe(15);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('round trip through readSnapshot, int8 values intact', () => {
    const snap = readSnapshot(toSnapshot(sample(), { ledger: { tool: 'alembic', head: 'abc123' } }), 'schema.json');
    expect(snap.model).toEqual(sample());
    expect(snap.ledger).toEqual({ tool: 'alembic', head: 'abc123' });
    expect(snap.model.sequences['public.s'].max).toBe('9223372036854775807');
  });

  test('malformed input is a UsageError naming the file', () => {
    expect(() => readSnapshot('{nope', 'db/schema.json')).toThrow(UsageError);
    expect(() => readSnapshot('{nope', 'db/schema.json')).toThrow(/db\/schema\.json is not valid JSON/);
    const bad = JSON.parse(toSnapshot(sample()));
    bad.model.tables['public.invoices'].columns[0].notNull = 'yes';
    expect(() => readSnapshot(JSON.stringify(bad), 'snap.json')).toThrow(/snap\.json is not a valid schema snapshot: .* at model\.tables\.public\.invoices\.columns\.0\.notNull/);
    expect(() => readSnapshot(JSON.stringify({ ...bad, formatVersion: 7 }), 'snap.json')).toThrow(/formatVersion 7/);
    expect(() => readSnapshot('[]', 'snap.json')).toThrow(UsageError);
  });
});

describe('rules registry', () => {
  test('unique kebab-case IDs with every field filled', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      for (const field of [r.title, r.description, r.example, r.fix]) expect(field.length).toBeGreaterThan(3);
      // Differences that change performance or presentation, not results, do not block.
      const advisory: Record<string, string> = { 'table-storage-mismatch': 'warning', 'column-storage-mismatch': 'warning', 'column-order-differs': 'notice' };
      expect(r.severity).toBe(advisory[r.id] ?? (r.id.startsWith('extra-') ? 'warning' : 'error'));
    }
  });
});
