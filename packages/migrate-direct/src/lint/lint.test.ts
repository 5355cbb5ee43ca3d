import { describe, expect, test } from 'vitest';
import { lintMigrationSql, lintRules, type LintOptions } from './index.ts';

const base: LintOptions = { file: 'db/migrations/20240101_change.sql', inTransaction: true };
const prod = { ...base, environment: 'production' };
const staging = { ...base, environment: 'staging' };

interface Row {
  rule: string;
  sql: string;
  object: string;
  line: number;
  inTransaction?: boolean;
}

// One realistic migration per rule; `line` is where the offending statement starts.
const rows: Row[] = [
  {
    rule: 'drop-table',
    sql: '-- retire the old invoices\nDROP TABLE IF EXISTS legacy_invoices;\n',
    object: 'public.legacy_invoices',
    line: 2,
  },
  {
    rule: 'drop-column',
    sql: 'ALTER TABLE users ADD COLUMN full_name text;\n\nALTER TABLE users\n  DROP COLUMN first_name;\n',
    object: 'public.users.first_name',
    line: 3,
  },
  { rule: 'truncate', sql: 'BEGIN;\nTRUNCATE TABLE billing.sessions;\nCOMMIT;', object: 'billing.sessions', line: 2 },
  {
    rule: 'delete-without-where',
    sql: "INSERT INTO flags (name) VALUES ('x');\n/* clean up */ DELETE FROM audit_log;",
    object: 'public.audit_log',
    line: 2,
  },
  { rule: 'update-without-where', sql: "UPDATE accounts\nSET plan = 'free';", object: 'public.accounts', line: 1 },
  {
    rule: 'type-narrowing',
    sql: 'ALTER TABLE public.users ALTER COLUMN email TYPE varchar(50);',
    object: 'public.users.email',
    line: 1,
  },
  { rule: 'drop-schema', sql: 'SELECT 1;\nSELECT 2;\nDROP SCHEMA reporting CASCADE;', object: 'reporting', line: 3 },
  { rule: 'drop-database', sql: 'DROP DATABASE analytics;', object: 'analytics', line: 1, inTransaction: false },
  {
    rule: 'index-without-concurrently',
    sql: 'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;\nCREATE INDEX orders_shipped_at_idx ON orders (shipped_at);',
    object: 'public.orders',
    line: 2,
  },
  {
    rule: 'set-not-null-without-check',
    sql: "UPDATE users SET email = '' WHERE email IS NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
    object: 'public.users.email',
    line: 2,
  },
  {
    rule: 'volatile-default',
    sql: 'ALTER TABLE orders\n  ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();',
    object: 'public.orders.public_id',
    line: 1,
  },
  {
    rule: 'add-foreign-key-without-not-valid',
    sql: '\n\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    object: 'public.orders.orders_customer_fk',
    line: 3,
  },
  { rule: 'rename-column', sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;', object: 'public.users.name', line: 1 },
  { rule: 'rename-table', sql: 'ALTER TABLE customers RENAME TO accounts;', object: 'public.customers', line: 1 },
  {
    rule: 'concurrently-in-transaction',
    sql: 'SET lock_timeout = 5000;\nCREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);',
    object: 'public.orders',
    line: 2,
  },
  { rule: 'syntax-error', sql: 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUM b int;', object: base.file, line: 2 },
];

/**
 * The severity each rule must report, written here rather than read from the registry (docs/rules.md
 * is the promise): [production, staging, no environment, production with allow-destructive].
 * Destructive rules block only in production; the others are the same everywhere.
 */
const destructive = ['error', 'warning', 'warning', 'warning'];
const expectedSeverities: Record<string, string[]> = {
  'drop-table': destructive,
  'drop-column': destructive,
  truncate: destructive,
  'delete-without-where': destructive,
  'update-without-where': destructive,
  'type-narrowing': destructive,
  'drop-schema': destructive,
  'drop-database': destructive,
  'index-without-concurrently': Array(4).fill('warning'),
  'set-not-null-without-check': Array(4).fill('warning'),
  'volatile-default': Array(4).fill('warning'),
  'add-foreign-key-without-not-valid': Array(4).fill('warning'),
  'rename-column': Array(4).fill('warning'),
  'rename-table': Array(4).fill('warning'),
  'concurrently-in-transaction': Array(4).fill('error'),
  'syntax-error': Array(4).fill('error'),
};

describe.each(rows)('$rule', (row) => {
  const opts = { inTransaction: row.inTransaction ?? true };

  test('is found with its object, line, message and fix', async () => {
    const findings = (await lintMigrationSql(row.sql, { ...staging, ...opts })).filter((f) => f.rule === row.rule);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: row.object, line: row.line, file: base.file });
    expect(findings[0].message).toMatch(/^[A-Z].*\.$/);
    expect(findings[0].fix).toBeTruthy();
  });

  test('severity in production and elsewhere', async () => {
    const [p] = (await lintMigrationSql(row.sql, { ...prod, ...opts })).filter((f) => f.rule === row.rule);
    const [s] = (await lintMigrationSql(row.sql, { ...staging, ...opts })).filter((f) => f.rule === row.rule);
    const [none] = (await lintMigrationSql(row.sql, { ...base, ...opts })).filter((f) => f.rule === row.rule);
    const [allowed] = (await lintMigrationSql(row.sql, { ...prod, ...opts, allowDestructive: true })).filter((f) => f.rule === row.rule);
    expect(expectedSeverities[row.rule], `no expected severity written for ${row.rule}`).toBeDefined();
    expect([p.severity, s.severity, none.severity, allowed.severity]).toEqual(expectedSeverities[row.rule]);
  });

  test('startLine shifts the line', async () => {
    const [f] = (await lintMigrationSql(row.sql, { ...base, ...opts, startLine: 41 })).filter((x) => x.rule === row.rule);
    expect(f.line).toBe(row.line + 40);
  });
});

// Safe equivalents: nothing to report.
test.each([
  ['CREATE INDEX CONCURRENTLY outside a transaction', 'CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);', false],
  ['DELETE with WHERE', "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';", true],
  ['UPDATE with WHERE', 'UPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;', true],
  ['ADD COLUMN with a constant default', 'ALTER TABLE users ADD COLUMN x int DEFAULT 0;', true],
  ['ADD COLUMN with now() (stable)', 'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();', true],
  ['index on a table created in the same file', 'CREATE TABLE t (id bigint PRIMARY KEY, email text);\nCREATE INDEX t_email_idx ON t (email);', true],
  [
    'the 3-step NOT NULL pattern',
    'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_nn;',
    true,
  ],
  [
    'the 3-step pattern with an unnamed check',
    'ALTER TABLE users ADD CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    true,
  ],
  [
    'foreign key NOT VALID then VALIDATE',
    'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;',
    true,
  ],
  ['widening a varchar', 'CREATE TABLE u (name varchar(20));\nALTER TABLE u ALTER COLUMN name TYPE varchar(100);', true],
  ['int to bigint', 'ALTER TABLE u ALTER COLUMN id TYPE bigint;', true],
  ['varchar to text', 'ALTER TABLE u ALTER COLUMN name TYPE text;', true],
  ['destructive words inside strings, comments and function bodies', "-- DROP TABLE users;\nSELECT 'DROP TABLE users; DELETE FROM t';\n/* TRUNCATE t */ CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM t $$;", true],
  ['comments only', '-- nothing yet\n/* still nothing */', true],
  ['empty', '', true],
  ['renames and defaults on a table created in the same file', 'CREATE TABLE n (a int);\nALTER TABLE n RENAME COLUMN a TO b;\nALTER TABLE n ADD COLUMN id bigserial;\nALTER TABLE n ALTER COLUMN b SET NOT NULL;', true],
])('no finding: %s', async (_name, sql, inTransaction) => {
  expect(await lintMigrationSql(sql, { ...prod, inTransaction })).toEqual([]);
});

describe('details', () => {
  test('lines are right after multi-byte text (libpg-query reports byte offsets)', async () => {
    const sql = "COMMENT ON TABLE users IS 'Benutzer – für 🙂 alle';\n\nDROP TABLE ärger;";
    const [f] = await lintMigrationSql(sql, prod);
    expect(f).toMatchObject({ rule: 'drop-table', object: 'public.ärger', line: 3 });
  });

  test('syntax error line counts code points (libpg-query cursor)', async () => {
    const sql = "SELECT '🙂🙂🙂';\nSELECT 1;\nSELEC 2;";
    expect(await lintMigrationSql(sql, { ...base, startLine: 5 })).toEqual([
      expect.objectContaining({ rule: 'syntax-error', severity: 'error', line: 7, message: expect.stringContaining('syntax error at or near "SELEC"') }),
    ]);
  });

  test('unterminated string reports where it starts', async () => {
    const [f] = await lintMigrationSql("SELECT 1;\n\nINSERT INTO t VALUES ('oops);\nSELECT 2;", base);
    expect(f).toMatchObject({ rule: 'syntax-error', line: 3 });
  });

  test('a statement with several ALTER TABLE commands yields one finding per command', async () => {
    const f = await lintMigrationSql('ALTER TABLE users DROP COLUMN a, DROP COLUMN b, ALTER COLUMN c SET NOT NULL;', prod);
    expect(f.map((x) => [x.rule, x.object])).toEqual([
      ['drop-column', 'public.users.a'],
      ['drop-column', 'public.users.b'],
      ['set-not-null-without-check', 'public.users.c'],
    ]);
  });

  test('type-narrowing uses the old type when the file knows it', async () => {
    const sql = [
      'CREATE TABLE m (a bigint, b numeric(12,4), c varchar(10), d text);',
      'ALTER TABLE m ALTER COLUMN a TYPE integer;',
      'ALTER TABLE m ALTER COLUMN b TYPE numeric(10,2);',
      'ALTER TABLE m ALTER COLUMN c TYPE varchar(20);',
      'ALTER TABLE m ALTER COLUMN d TYPE varchar(255);',
      'ALTER TABLE m ALTER COLUMN b TYPE numeric(14,4);',
    ].join('\n');
    const f = await lintMigrationSql(sql, prod);
    expect(f.map((x) => [x.object, x.line])).toEqual([
      ['public.m.a', 2],
      ['public.m.b', 3],
      ['public.m.d', 5],
    ]);
    expect(f[0].message).toContain('from bigint to integer');
  });

  test('type-narrowing with an unknown old type: smallint, integer and numeric(p,s) are possible narrowing', async () => {
    for (const t of ['smallint', 'integer', 'numeric(8,2)', 'char(2)']) {
      const [f] = await lintMigrationSql(`ALTER TABLE m ALTER COLUMN x TYPE ${t};`, prod);
      expect(f, t).toMatchObject({ rule: 'type-narrowing', severity: 'error' });
      expect(f.message).toContain('may narrow');
    }
  });

  test('a CHECK added without NOT VALID does not make SET NOT NULL safe', async () => {
    const f = await lintMigrationSql('ALTER TABLE users ADD CONSTRAINT nn CHECK (email IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;', prod);
    expect(f.map((x) => [x.rule, x.line])).toEqual([['set-not-null-without-check', 2]]);
  });

  test('volatile defaults: nested calls, serial and identity columns; now() and constants are fine', async () => {
    const sql = [
      'ALTER TABLE t ADD COLUMN a int DEFAULT (random() * 100)::int;',
      'ALTER TABLE t ADD COLUMN b bigserial;',
      'ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS IDENTITY;',
      "ALTER TABLE t ADD COLUMN d bigint DEFAULT nextval('t_d_seq');",
      'ALTER TABLE t ADD COLUMN e timestamptz DEFAULT clock_timestamp();',
      'ALTER TABLE t ADD COLUMN f uuid DEFAULT uuid_generate_v4();',
      "ALTER TABLE t ADD COLUMN g timestamptz DEFAULT now(), ADD COLUMN h text DEFAULT 'x';",
    ].join('\n');
    const f = await lintMigrationSql(sql, prod);
    expect(f.map((x) => [x.rule, x.object, x.line])).toEqual([
      ['volatile-default', 'public.t.a', 1],
      ['volatile-default', 'public.t.b', 2],
      ['volatile-default', 'public.t.c', 3],
      ['volatile-default', 'public.t.d', 4],
      ['volatile-default', 'public.t.e', 5],
      ['volatile-default', 'public.t.f', 6],
    ]);
    expect(f[1].fix).toContain('ADD COLUMN b bigint;');
  });

  test('statements that cannot run in a transaction', async () => {
    const sql = [
      'REINDEX INDEX CONCURRENTLY orders_pkey;',
      'DROP INDEX CONCURRENTLY orders_old_idx;',
      'VACUUM ANALYZE orders;',
      'ANALYZE orders;',
      'ALTER TABLE events DETACH PARTITION events_2019 CONCURRENTLY;',
      "ALTER TYPE mood ADD VALUE 'meh';",
    ].join('\n');
    const inTx = await lintMigrationSql(sql, base);
    expect(inTx.filter((x) => x.rule === 'concurrently-in-transaction').map((x) => x.line)).toEqual([1, 2, 3, 5]);
    const noTx = await lintMigrationSql(sql, { ...base, inTransaction: false });
    expect(noTx.filter((x) => x.rule === 'concurrently-in-transaction')).toEqual([]);
  });

  test('index fix adds CONCURRENTLY and the no-transaction marker', async () => {
    const [f] = await lintMigrationSql('create unique index users_email_key on users (lower(email))', base);
    expect(f.fix).toBe('-- preflight:no-transaction (first line of a migration of its own)\ncreate unique index CONCURRENTLY users_email_key on users (lower(email));');
  });
});

describe('lintRules registry', () => {
  test('every rule has an id, docs text, example and fix, and ids are unique kebab-case', () => {
    const ids = lintRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of lintRules) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const k of ['title', 'description', 'example', 'fix'] as const) expect(r[k], `${r.id}.${k}`).toBeTruthy();
      expect(['error', 'warning']).toContain(r.severity);
    }
  });

  test('every rule is covered by a table row, and each example triggers its own rule', async () => {
    expect(new Set(rows.map((r) => r.rule))).toEqual(new Set(lintRules.map((r) => r.id)));
    for (const r of lintRules) {
      const f = await lintMigrationSql(r.example, { ...prod, inTransaction: true });
      expect(f.map((x) => x.rule), r.id).toContain(r.id);
    }
  });
});
