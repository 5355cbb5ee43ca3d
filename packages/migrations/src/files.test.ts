import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { UsageError } from '@preflight/core';
import { runModuleAs, unprivilegedUser } from '../../../test/harness/unprivileged.ts';
import { detectMigrationFormat, migrationFormats, parseMigrationFileName, readMigrations, type MigrationFormat } from './files.ts';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pf-mig-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** readMigrations(dir) as the current user, or as `runAs` in a child process: "<error name>: <message>". */
function unreadableDirMessage(dir: string, runAs: { uid: number; gid: number } | undefined): string {
  if (!runAs) return `UsageError: ${usageMessage(() => readMigrations(dir, 'sql'))}`;
  const filesTs = new URL('./files.ts', import.meta.url).href;
  const r = runModuleAs(
    runAs,
    `const { readMigrations } = await import(${JSON.stringify(filesTs)});
     try { readMigrations(${JSON.stringify(dir)}, 'sql'); console.log('read it'); } catch (e) { console.log(e.name + ': ' + e.message); }`,
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('readMigrations sql', () => {
  it('reads <version>_<name>.sql in numeric order, with checksum and no-transaction marker', () => {
    const dir = dirWith({
      '10_ten.sql': 'create table ten(id int);',
      '2_two.sql': '-- preflight:no-transaction\ncreate index concurrently i on t(id);',
      '0001_one.sql': 'create table one(id int);',
      'README.md': 'not a migration',
      '.hidden.sql': 'ignored',
    });
    const ms = readMigrations(dir, 'sql');
    expect(ms.map((m) => [m.version, m.name, m.noTransaction])).toEqual([
      ['0001', 'one', false],
      ['2', 'two', true],
      ['10', 'ten', false],
    ]);
    expect(ms[0].file).toBe(join(dir, '0001_one.sql'));
    expect(ms[0].upStartLine).toBe(1);
    expect(ms[0].checksum).toBe(createHash('sha256').update('create table one(id int);').digest('hex'));
  });

  it('orders timestamps of different lengths numerically', () => {
    const dir = dirWith({ '20240101120000_b.sql': '', '9_a.sql': '', '20231231235959_c.sql': '' });
    expect(readMigrations(dir, 'sql').map((m) => m.version)).toEqual(['9', '20231231235959', '20240101120000']);
  });

  it('rejects a .sql file without a version, naming the file', () => {
    const dir = dirWith({ 'add_users.sql': 'select 1' });
    const msg = usageMessage(() => readMigrations(dir, 'sql'));
    expect(msg).toContain(join(dir, 'add_users.sql'));
    expect(msg).toMatch(/rename it/);
  });

  it('rejects duplicate versions (1 and 001 are the same migration)', () => {
    const dir = dirWith({ '1_a.sql': '', '001_b.sql': '' });
    expect(usageMessage(() => readMigrations(dir, 'sql'))).toMatch(/two migrations with version/);
  });

  it('rejects a missing directory, a file given as directory, and an unknown format', () => {
    expect(usageMessage(() => readMigrations('/nonexistent/migrations', 'sql'))).toMatch(/\/nonexistent\/migrations does not exist/);
    const dir = dirWith({ '1_a.sql': '' });
    expect(usageMessage(() => readMigrations(join(dir, '1_a.sql'), 'sql'))).toMatch(/is not a directory/);
    expect(usageMessage(() => readMigrations(dir, 'liquibase' as MigrationFormat))).toMatch(/Unknown migrations format "liquibase"; use one of sql, dbmate/);
  });

  it('rejects an unreadable directory', () => {
    const dir = dirWith({ '1_a.sql': '' });
    // Root reads everything (and CI runs as root): then the read happens in a child process as an
    // unprivileged user that owns the directory, as a developer's own checkout would.
    const runAs = unprivilegedUser();
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dir, 0o000);
    try {
      expect(unreadableDirMessage(dir, runAs)).toMatch(new RegExp(`^UsageError: Migrations directory ${dir} cannot be read \\(EACCES\\); .*permissions\\.$`));
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

describe('readMigrations dbmate', () => {
  it('splits up and down sections and reads transaction:false', () => {
    const dir = dirWith({
      '20240101000000_create_users.sql': '-- migrate:up\ncreate table users(id int);\n\n-- migrate:down\ndrop table users;\n',
      '20240102000000_index.sql': '-- a comment\n-- migrate:up transaction:false\ncreate index concurrently users_id on users(id);\n-- migrate:down\ndrop index users_id;\n',
    });
    const [a, b] = readMigrations(dir, 'dbmate');
    expect(a.upSql).toBe('create table users(id int);\n');
    expect(a.upStartLine).toBe(2);
    expect(a.downSql).toBe('drop table users;\n');
    expect(a.noTransaction).toBe(false);
    expect(b.upStartLine).toBe(3);
    expect(b.noTransaction).toBe(true);
    expect(b.upSql.trim()).toBe('create index concurrently users_id on users(id);');
  });

  it('reads a down section written before the up section', () => {
    const dir = dirWith({ '1_x.sql': '-- migrate:down\ndrop table x;\n-- migrate:up\ncreate table x(id int);\n' });
    const [m] = readMigrations(dir, 'dbmate');
    expect(m.upSql.trim()).toBe('create table x(id int);');
    expect(m.downSql!.trim()).toBe('drop table x;');
    expect(m.upStartLine).toBe(4);
  });

  it('rejects a file without -- migrate:up', () => {
    const dir = dirWith({ '1_x.sql': 'create table x(id int);' });
    expect(usageMessage(() => readMigrations(dir, 'dbmate'))).toMatch(/1_x\.sql has no "-- migrate:up" line/);
  });
});

describe('readMigrations golang-migrate', () => {
  it('pairs up and down files', () => {
    const dir = dirWith({
      '000001_init.up.sql': 'create table a(id int);',
      '000001_init.down.sql': 'drop table a;',
      '000002_more.up.sql': 'create table b(id int);',
    });
    const ms = readMigrations(dir, 'golang-migrate');
    expect(ms.map((m) => [m.version, m.name, m.downSql])).toEqual([
      ['000001', 'init', 'drop table a;'],
      ['000002', 'more', undefined],
    ]);
    expect(ms[0].file).toBe(join(dir, '000001_init.up.sql'));
  });

  it('rejects a down without an up, a .sql without .up/.down, and duplicate ups', () => {
    expect(usageMessage(() => readMigrations(dirWith({ '1_a.down.sql': '' }), 'golang-migrate'))).toMatch(/without a matching \.up\.sql/);
    expect(usageMessage(() => readMigrations(dirWith({ '1_a.sql': '' }), 'golang-migrate'))).toMatch(/golang-migrate naming scheme/);
    expect(usageMessage(() => readMigrations(dirWith({ '1_a.up.sql': '', '01_b.up.sql': '' }), 'golang-migrate'))).toMatch(/two migrations with version/);
  });
});

describe('readMigrations flyway', () => {
  it('reads V/U/R files recursively, normalises versions, runs repeatables last by name', () => {
    const dir = dirWith({
      'V1_1__add_column.sql': 'alter table t add c int;',
      'V1__init.sql': 'create table t(id int);',
      'sub/V2__more_tables.sql': 'create table u(id int);',
      'U1_1__add_column.sql': 'alter table t drop c;',
      'R__views.sql': 'create or replace view v as select 1;',
      'R__a_func.sql': 'select 1;',
      'V1_10__later.sql': '',
      'V3__concurrent.sql': 'create index concurrently i on t(id);',
      'V3__concurrent.sql.conf': 'executeInTransaction=false\n',
    });
    const ms = readMigrations(dir, 'flyway');
    expect(ms.map((m) => [m.version, m.name])).toEqual([
      ['1', 'init'],
      ['1.1', 'add column'],
      ['1.10', 'later'],
      ['2', 'more tables'],
      ['3', 'concurrent'],
      ['', 'a func'],
      ['', 'views'],
    ]);
    expect(ms[1].downSql).toBe('alter table t drop c;');
    expect(ms[3].file).toBe(join(dir, 'sub', 'V2__more_tables.sql'));
    expect(ms[4].noTransaction).toBe(true);
    expect(ms[0].noTransaction).toBe(false);
  });

  it('rejects malformed names and duplicates (V1_0 vs V1.0)', () => {
    expect(usageMessage(() => readMigrations(dirWith({ 'V1_init.sql': '' }), 'flyway'))).toMatch(/V1_init\.sql does not follow the flyway naming scheme/);
    expect(usageMessage(() => readMigrations(dirWith({ 'V1_0__a.sql': '', 'V1.0__b.sql': '' }), 'flyway'))).toMatch(/version 1\.0/);
    expect(usageMessage(() => readMigrations(dirWith({ 'U5__a.sql': '' }), 'flyway'))).toMatch(/undo\/down migration without a V5__ file/);
  });
});

describe('parseMigrationFileName fuzz', () => {
  const names = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('V', 'U', 'R', '_', '_', '.', '1', '2', '0', 'a', 'up', 'down', 'sql', '.sql', '-'), maxLength: 12 }).map((s) => s + '.sql'),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `${s}.sql`),
  );

  it('never throws anything but UsageError', () => {
    fuzz(
      'migrations: file names',
      fc.property(fc.constantFrom(...migrationFormats), names, (format, name) => {
        fc.pre(!name.includes('/')); // a directory entry's name never contains a slash
        try {
          const r = parseMigrationFileName(format, name);
          if (r) expect(typeof r.version).toBe('string');
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          expect(error.message).toContain(name);
        }
      }),
    );
  });

  it('round-trips generated valid names', () => {
    const version = fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String);
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
    fuzz(
      'migrations: file names (round trip)',
      fc.property(version, word, (v, w) => {
        expect(parseMigrationFileName('sql', `${v}_${w}.sql`)).toEqual({ kind: 'single', version: v, name: w });
        expect(parseMigrationFileName('dbmate', `${v}_${w}.sql`)).toEqual({ kind: 'single', version: v, name: w });
        expect(parseMigrationFileName('golang-migrate', `${v}_${w}.up.sql`)).toEqual({ kind: 'up', version: v, name: w });
        expect(parseMigrationFileName('flyway', `V${v}_${v}__${w}.sql`)?.version).toBe(`${v}.${v}`);
      }),
    );
  });
});

describe('detectMigrationFormat', () => {
  it.each([
    ['prisma (migration_lock.toml)', { 'migration_lock.toml': 'provider = "postgresql"\n' }, 'prisma'],
    ['prisma (folders with migration.sql)', { '20240101000000_init/migration.sql': 'create table a(id int);' }, 'prisma'],
    ['golang-migrate', { '1_a.up.sql': '', '1_a.down.sql': '' }, 'golang-migrate'],
    ['flyway', { 'V1__init.sql': '' }, 'flyway'],
    ['flyway in subfolders', { 'v1/V1__init.sql': '' }, 'flyway'],
    ['dbmate', { '20240101000000_a.sql': '-- migrate:up\ncreate table a(id int);\n' }, 'dbmate'],
    ['sql', { '0001_a.sql': 'create table a(id int);', 'README.md': '' }, 'sql'],
    ['nothing', { 'README.md': '', 'env.py': '' }, undefined],
  ])('%s', (_what, files, expected) => {
    expect(detectMigrationFormat(dirWith(files))).toBe(expected);
  });
});

describe('readMigrations prisma', () => {
  it('reads <folder>/migration.sql in folder-name order, version = folder name, checksum of the bytes', () => {
    const dir = dirWith({
      'migration_lock.toml': 'provider = "postgresql"\n',
      '20240102000000_b/migration.sql': 'create table b(id int);',
      '20240101000000_a/migration.sql': 'create table a(id int);',
      '20240103000000_idx/migration.sql': '-- CreateIndex\nCREATE INDEX CONCURRENTLY "b_id_idx" ON "b"("id");\n',
    });
    const ms = readMigrations(dir, 'prisma');
    expect(ms.map((m) => [m.version, m.name, m.noTransaction])).toEqual([
      ['20240101000000_a', 'a', false],
      ['20240102000000_b', 'b', false],
      ['20240103000000_idx', 'idx', true],
    ]);
    expect(ms[0].file).toBe(join(dir, '20240101000000_a', 'migration.sql'));
    expect(ms[0].checksum).toBe(createHash('sha256').update('create table a(id int);').digest('hex'));
  });
});
