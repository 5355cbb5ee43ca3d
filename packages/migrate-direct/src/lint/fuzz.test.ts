import fc from 'fast-check';
import { fuzz } from '../../../../test/harness/fuzz.ts';
import { expect, test } from 'vitest';
import { lintMigrationSql, lintRules } from './index.ts';

const ids = new Set(lintRules.map((r) => r.id));

/** Findings must always be well-formed and point inside the input. */
function checkShape(findings: Awaited<ReturnType<typeof lintMigrationSql>>, sql: string, startLine: number): void {
  const lines = sql.split('\n').length;
  for (const f of findings) {
    expect(ids.has(f.rule)).toBe(true);
    expect(['error', 'warning']).toContain(f.severity);
    expect(f.line).toBeGreaterThanOrEqual(startLine);
    expect(f.line).toBeLessThanOrEqual(startLine + lines - 1);
  }
}

test('arbitrary strings never throw, only produce findings', async () => {
  await fuzz(
    'migrate-direct: SQL lint',
    fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 1000 }), async (sql, startLine) => {
      const findings = await lintMigrationSql(sql, { file: 'f.sql', startLine, inTransaction: true, environment: 'production' });
      checkShape(findings, sql, startLine);
    }),
  );
});

// Random strings rarely parse; splicing real SQL fragments reaches the rules themselves.
const fragments = [
  'ALTER TABLE', 'users', 'public.users', 'DROP', 'COLUMN', 'TABLE', 'ADD', 'CONSTRAINT c', 'CHECK (a IS NOT NULL)', 'NOT VALID',
  'FOREIGN KEY (a) REFERENCES b (id)', 'ALTER COLUMN a', 'TYPE', 'varchar(10)', 'int', 'SET NOT NULL', 'DEFAULT', 'random()',
  'CREATE', 'INDEX', 'CONCURRENTLY', 'ON', '(a)', 'DELETE FROM t', 'WHERE', 'a = 1', 'UPDATE t SET a = 1', 'TRUNCATE t',
  'RENAME', 'TO', 'x', 'VACUUM', ';', '\n', '--', '/*', '*/', "'", '$$', 'é', '🙂', '(', ')', ',',
];

// Whole statements that parse, so half the cases reach the rules rather than only syntax-error:
// random splices alone parse so rarely that a run of a few hundred could reach no rule at all.
const statements = [
  'ALTER TABLE users DROP COLUMN a', 'TRUNCATE t', 'DELETE FROM t', 'UPDATE t SET a = 1', 'CREATE INDEX i ON t (a)',
  'ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES b (id)', 'ALTER TABLE t ALTER COLUMN a SET NOT NULL',
  'ALTER TABLE t RENAME COLUMN a TO b', 'DROP TABLE users', 'CREATE INDEX CONCURRENTLY i ON t (a)', 'SELECT 1',
];
const spliced = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(' '));
const parsing = fc.array(fc.constantFrom(...statements), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(';\n'));

test('spliced SQL fragments never throw', async () => {
  const reached = new Set<string>();
  await fuzz(
    'migrate-direct: SQL lint (fragments)',
    fc.asyncProperty(fc.oneof(spliced, parsing), fc.boolean(), async (sql, inTransaction) => {
      const findings = await lintMigrationSql(sql, { file: 'f.sql', inTransaction });
      checkShape(findings, sql, 1);
      for (const f of findings) reached.add(f.rule);
    }),
  );
  // Not vacuous: besides syntax errors, the rules themselves ran on parsed input.
  expect(reached.size).toBeGreaterThan(1);
});

// Speed is measured in bench/ (bench/migrate-direct.ts lints every migration it applies), not here.
test('lints 500 small migrations (safe statements only) with no findings', async () => {
  const migrations = Array.from({ length: 500 }, (_, i) =>
    [
      `-- migration ${i}`,
      `CREATE TABLE t${i} (id bigint PRIMARY KEY, name varchar(100) NOT NULL, created_at timestamptz DEFAULT now());`,
      `CREATE INDEX t${i}_name_idx ON t${i} (name);`,
      `ALTER TABLE users ADD COLUMN c${i} int DEFAULT 0;`,
      `ALTER TABLE orders ADD CONSTRAINT o${i}_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;`,
      `UPDATE users SET c${i} = 1 WHERE id < ${i};`,
    ].join('\n'),
  );
  await lintMigrationSql('SELECT 1', { file: 'warm.sql', inTransaction: true });
  let findings = 0;
  for (const [i, sql] of migrations.entries()) {
    findings += (await lintMigrationSql(sql, { file: `${i}.sql`, inTransaction: true, environment: 'production' })).length;
  }
  expect(findings).toBe(0);
});
