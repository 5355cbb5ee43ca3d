import { describe, expect, test } from 'vitest';
import { emptyModel, type SchemaModel } from '../model.ts';
import { requalify, splitBySchema } from './requalify.ts';
import { likePatternProblem, likeToRegExp } from './like.ts';

/** A template schema `public` whose objects refer to each other, to an extension's type in public, and to another schema. */
function template(): SchemaModel {
  const m = emptyModel(150000);
  m.schemas.public = { name: 'public' };
  m.schemas.shared = { name: 'shared' };
  m.extensions.citext = { name: 'citext', version: '1.6', schema: 'public' };
  m.types['public.mood'] = { schema: 'public', name: 'mood', kind: 'enum', values: ['a', 'b'] };
  m.tables['public.invoices'] = {
    schema: 'public', name: 'invoices', kind: 'table', unlogged: false, rowSecurity: false, forceRowSecurity: false,
    columns: [
      { name: 'id', type: 'bigint', notNull: true, default: "nextval('public.invoices_id_seq'::regclass)" },
      { name: 'mood', type: 'public.mood', notNull: false, default: "'a'::public.mood" },
      { name: 'email', type: 'public.citext', notNull: false },
    ],
    constraints: { invoices_cur_fkey: { name: 'invoices_cur_fkey', type: 'foreign key', definition: 'FOREIGN KEY (cur) REFERENCES shared.currencies(code)', references: 'shared.currencies' } },
    triggers: {},
    policies: {},
  };
  m.indexes['public.idx'] = { schema: 'public', name: 'idx', table: 'public.invoices', definition: 'CREATE INDEX idx ON public.invoices USING btree (mood)' };
  m.sequences['public.invoices_id_seq'] = { schema: 'public', name: 'invoices_id_seq', type: 'bigint', start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: false, ownedBy: 'public.invoices.id' };
  m.tables['shared.currencies'] = { ...m.tables['public.invoices'], schema: 'shared', name: 'currencies', columns: [], constraints: {} };
  m.defaultPrivileges['app||r'] = { role: 'app', schema: '', objectType: 'r', privileges: ['x:SELECT'] };
  m.defaultPrivileges['app|public|r'] = { role: 'app', schema: 'public', objectType: 'r', privileges: ['x:SELECT'] };
  return m;
}

describe('requalify', () => {
  test("the template's objects and the names inside their definitions move to the tenant schema; other schemas' and extensions' names stay", () => {
    const t = requalify(template(), 'public', 'tenant_042');
    expect(Object.keys(t.tables)).toEqual(['tenant_042.invoices']);
    expect(Object.keys(t.schemas)).toEqual(['tenant_042']);
    const cols = t.tables['tenant_042.invoices'].columns;
    expect(cols.map((c) => [c.type, c.default])).toEqual([
      ['bigint', "nextval('tenant_042.invoices_id_seq'::regclass)"],
      ['tenant_042.mood', "'a'::tenant_042.mood"],
      ['public.citext', undefined],
    ]);
    expect(t.tables['tenant_042.invoices'].constraints.invoices_cur_fkey).toMatchObject({ definition: 'FOREIGN KEY (cur) REFERENCES shared.currencies(code)', references: 'shared.currencies' });
    expect(t.indexes['tenant_042.idx']).toMatchObject({ table: 'tenant_042.invoices', definition: 'CREATE INDEX idx ON tenant_042.invoices USING btree (mood)' });
    expect(t.sequences['tenant_042.invoices_id_seq'].ownedBy).toBe('tenant_042.invoices.id');
    // Database-wide: no tenant's.
    expect(t.extensions).toEqual({});
    expect(Object.keys(t.defaultPrivileges)).toEqual(['app|tenant_042|r']);
  });

  test('a tenant schema that needs quoting is quoted in SQL text as the server prints it', () => {
    const t = requalify(template(), 'public', 'Tenant A');
    expect(t.indexes['Tenant A.idx'].definition).toBe('CREATE INDEX idx ON "Tenant A".invoices USING btree (mood)');
    expect(t.tables['Tenant A.invoices'].columns[1].type).toBe('"Tenant A".mood');
  });

  test('a name that only ends like the template schema is not touched', () => {
    const m = template();
    m.tables['public.invoices'].columns[1].default = "'a'::mypublic.mood";
    expect(requalify(m, 'public', 't1').tables['t1.invoices'].columns[1].default).toBe("'a'::mypublic.mood");
  });

  test('splitBySchema gives each schema its own objects, as they are, and no database-wide ones', () => {
    const parts = splitBySchema(template());
    expect([...parts.keys()].sort()).toEqual(['public', 'shared']);
    expect(Object.keys(parts.get('shared')!.tables)).toEqual(['shared.currencies']);
    expect(parts.get('shared')!.indexes).toEqual({});
    expect(parts.get('public')!.tables['public.invoices']).toMatchObject({ schema: 'public', name: 'invoices' });
    expect(Object.keys(parts.get('public')!.defaultPrivileges)).toEqual(['app|public|r']);
    expect(parts.get('public')!.extensions).toEqual({});
  });
});

describe('LIKE patterns', () => {
  test.each([
    ['tenant\\_%', 'tenant_042', true],
    ['tenant\\_%', 'tenantx042', false],
    ['tenant_%', 'tenantx042', true],
    ['tenant_%', 'Tenant_042', false],
    ['t%', 'public', false],
    ['%', 'public', true],
    ['a.b%', 'aXb', false],
  ])('%s against %s: %s', (pattern, name, matches) => {
    expect(likeToRegExp(pattern).test(name)).toBe(matches);
  });

  test('a pattern ending in a lone escape character is refused; an escaped backslash is fine', () => {
    expect(likePatternProblem('tenant_\\')).toMatch(/ends with a lone \\/);
    expect(likePatternProblem('tenant_\\\\')).toBeUndefined();
  });
});
