/**
 * Linting ahead of the plan: the run lints files while it connects, but reports exactly what it
 * reported before, the findings of the pending files in their order, never those of applied files.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Migration } from '@preflight/migrations';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { migrationsDir, rules, runCheck, writeFiles } from '../runner/testing.ts';
import { lintAhead } from './ahead.ts';
import { lintMigrationSql } from './index.ts';

const migration = (version: string, upSql: string): Migration => ({ version, name: `m${version}`, file: `db/${version}_m.sql`, upSql, upStartLine: 1, noTransaction: false, checksum: version });
const lintOne = (m: Migration) => lintMigrationSql(m.upSql, { file: m.file, inTransaction: true });

const files = [
  migration('0001', 'DROP TABLE legacy_invoices;'),
  migration('0002', 'ALTER TABLE users DROP COLUMN first_name;'),
  migration('0003', 'TRUNCATE audit_log;'),
];

describe('lintAhead', () => {
  test('reports the findings of the pending files only, in the order given, after linting ahead', async () => {
    const ahead = lintAhead(files, lintOne);
    for (let i = 0; i < 20; i++) await nextTurn();
    const findings = await ahead.forPending([files[2], files[0]]);
    expect(findings.map((f) => [f.rule, f.file])).toEqual([
      ['truncate', 'db/0003_m.sql'],
      ['drop-table', 'db/0001_m.sql'],
    ]);
  });

  test('lints a pending file the work ahead has not reached', async () => {
    const seen: string[] = [];
    const ahead = lintAhead(files, (m) => {
      seen.push(m.version);
      return lintOne(m);
    });
    const findings = await ahead.forPending(files);
    expect(findings.map((f) => f.rule)).toEqual(['drop-table', 'drop-column', 'truncate']);
    // Each file linted once, whichever side got to it first.
    expect([...seen].sort()).toEqual(['0001', '0002', '0003']);
  });

  test('stop() ends the work ahead: at most the file in progress is finished', async () => {
    const many = Array.from({ length: 50 }, (_, i) => migration(String(i + 1).padStart(4, '0'), 'SELECT 1;'));
    let calls = 0;
    const ahead = lintAhead(many, (m) => {
      calls++;
      return lintOne(m);
    });
    await nextTurn();
    ahead.stop();
    const after = calls;
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(calls).toBeLessThanOrEqual(after + 1);
    expect(calls).toBeLessThan(many.length);
  });
});

describe('migrate-direct reports lint findings of pending files only', () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of dbs.splice(0)) await d.drop();
  });

  test('a re-run with one new file reports that file, not the destructive statement already applied', async () => {
    const d = await createDatabase('md_ahead', 'CREATE TABLE users (id int, first_name text); CREATE TABLE audit_log (id int)');
    dbs.push(d);
    const dir = migrationsDir({ '0001_drop_name.sql': 'ALTER TABLE users DROP COLUMN first_name;\n' });
    const first = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(first.exitCode).toBe(0);
    expect(rules(first)).toEqual(['drop-column']);

    writeFiles(dir, { '0002_truncate.sql': 'TRUNCATE audit_log;\n' });
    const second = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(second.exitCode).toBe(0);
    expect(second.report.findings.map((f) => [f.rule, f.file])).toEqual([['truncate', expect.stringMatching(/0002_truncate\.sql$/)]]);
    expect(await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).toEqual([{ version: '0001' }, { version: '0002' }]);
  });
});
