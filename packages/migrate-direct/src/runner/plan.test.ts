/** Planning rules from files and ledger alone. */
import { describe, expect, test } from 'vitest';
import { UsageError } from '@preflight/core';
import type { Migration } from '@preflight/migrations';
import { planMigrations } from './plan.ts';
import type { LedgerState } from './ledger.ts';

const m = (version: string, sql = 'SELECT 1;', extra: Partial<Migration> = {}): Migration => ({
  version,
  name: `m${version}`,
  file: `db/${version}_m${version}.sql`,
  upSql: sql,
  upStartLine: 1,
  noTransaction: false,
  checksum: `sum-${version}`,
  ...extra,
});
const rows = (...versions: string[]): LedgerState => ({ exists: true, rows: versions.map((v) => ({ version: v, checksum: `sum-${v}` })) });
const empty: LedgerState = { exists: false, rows: [] };
const sql = { format: 'sql' as const, allowOutOfOrder: false };

describe('planMigrations', () => {
  test('pending is every file not in the ledger, in file order; versions compare normalized', () => {
    const p = planMigrations([m('0001'), m('0002'), m('0010')], { exists: true, rows: [{ version: '1', checksum: 'sum-0001' }] }, sql);
    expect(p.pending.map((x) => x.version)).toEqual(['0002', '0010']);
    expect(p.applied.map((x) => x.version)).toEqual(['0001']);
    expect(p.findings).toEqual([]);
  });

  test('checksum-mismatch for an applied file whose content changed', () => {
    const p = planMigrations([m('1'), m('2', 'SELECT 2;', { checksum: 'changed' })], rows('1', '2'), sql);
    expect(p.findings).toMatchObject([{ rule: 'checksum-mismatch', severity: 'error', file: 'db/2_m2.sql' }]);
  });

  test('checksums are not compared for dbmate (its ledger has none)', () => {
    const p = planMigrations([m('1', 'x', { checksum: 'changed' })], { exists: true, rows: [{ version: '1' }] }, { ...sql, format: 'dbmate' });
    expect(p.findings).toEqual([]);
  });

  test('out-of-order unless allowed', () => {
    const files = [m('1'), m('2'), m('3')];
    expect(planMigrations(files, rows('1', '3'), sql).findings).toMatchObject([{ rule: 'out-of-order', object: 'db/2_m2.sql' }]);
    const allowed = planMigrations(files, rows('1', '3'), { ...sql, allowOutOfOrder: true });
    expect(allowed.findings).toEqual([]);
    expect(allowed.pending.map((x) => x.version)).toEqual(['2']);
  });

  test('missing-migration-file warns about ledger rows without a file', () => {
    expect(planMigrations([m('1')], rows('1', '7'), sql).findings).toMatchObject([{ rule: 'missing-migration-file', severity: 'warning' }]);
  });

  test('golang-migrate: every file up to the current version is applied; dirty stops everything', () => {
    const files = [m('1'), m('2'), m('3')];
    const p = planMigrations(files, { exists: true, rows: [], current: '2' }, { ...sql, format: 'golang-migrate' });
    expect(p.pending.map((x) => x.version)).toEqual(['3']);
    const dirty = planMigrations(files, { exists: true, rows: [], current: '2', dirty: true }, { ...sql, format: 'golang-migrate' });
    expect(dirty.findings).toMatchObject([{ rule: 'ledger-dirty', severity: 'error' }]);
    expect(dirty.pending).toEqual([]);
  });

  test('baseline on an empty ledger splits the files; a non-empty ledger refuses, unless it already has the baseline', () => {
    const files = [m('1'), m('2'), m('3')];
    const p = planMigrations(files, empty, { ...sql, baseline: '2' });
    expect(p.baseline.map((x) => x.version)).toEqual(['1', '2']);
    expect(p.pending.map((x) => x.version)).toEqual(['3']);
    expect(() => planMigrations(files, rows('1'), { ...sql, baseline: '2' })).toThrow(/ledger is empty/);
    expect(planMigrations(files, rows('1', '2'), { ...sql, baseline: '2' }).findings).toMatchObject([{ rule: 'baseline-ignored', severity: 'notice' }]);
    expect(() => planMigrations(files, empty, { ...sql, baseline: '9' })).toThrow(UsageError);
  });

  test('transaction-control: COMMIT in a transactional migration, with its line; fine outside a transaction or in function bodies', () => {
    const bad = m('1', 'CREATE TABLE a (id int);\n\nCOMMIT;\n', { upStartLine: 3 });
    expect(planMigrations([bad], empty, sql).findings).toMatchObject([{ rule: 'transaction-control', line: 5 }]);
    expect(planMigrations([{ ...bad, noTransaction: true }], empty, sql).findings).toEqual([]);
    const fn = m('2', "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nDO $$ BEGIN PERFORM 1; END $$;\n");
    expect(planMigrations([fn], empty, sql).findings).toEqual([]);
    const atomic = m('3', 'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n');
    expect(planMigrations([atomic], empty, sql).findings).toEqual([]);
  });
});
