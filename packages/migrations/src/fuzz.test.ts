/**
 * Fuzz: migration file contents per format (dbmate's `-- migrate:up/down` splitter above all) and
 * alembic revision files. (File names per format, the SQL scanner and version order are fuzzed in
 * files.test.ts, sql-split.test.ts and version.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { fuzz, onlyTypedErrors } from '../../../test/harness/fuzz.ts';
import { readMigrations, type MigrationFormat } from './files.ts';
import { parseAlembicRevision } from './alembic.ts';

const root = mkdtempSync(join(tmpdir(), 'pf-migrations-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const fileName: Record<Exclude<MigrationFormat, 'prisma'>, string> = { sql: '0001_x.sql', dbmate: '20240101000000_x.sql', 'golang-migrate': '1_x.up.sql', flyway: 'V1__x.sql' };
const content = fc.array(fc.constantFrom('-- migrate:up', '-- migrate:down', '-- migrate:up transaction:false', ' transaction:true', '\n', '\r\n', 'create table t(id int);', '$$', "'", ';', '--', '/*', '*/', '\uFEFF', ' ', 'x'), { maxLength: 20 }).map((p) => p.join(''));

test('any file content, in every format: migrations or one line of UsageError', () => {
  fuzz(
    'migrations: file contents per format',
    fc.property(fc.constantFrom(...(Object.keys(fileName) as Array<keyof typeof fileName>)), fc.oneof(content, fc.string({ maxLength: 60 })), (format, text) => {
      const dir = join(root, `d${n++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, fileName[format]), text);
      const out = onlyTypedErrors(() => readMigrations(dir, format));
      if (out) for (const m of out) expect(m.upStartLine).toBeGreaterThanOrEqual(1);
    }),
  );
});

test('dbmate: the up and down sections come back as written, and upStartLine points at the up SQL', () => {
  const sql = fc.array(fc.constantFrom('create table a(id int);', 'insert into a values (1);', '-- a comment', "select ';';", ''), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
  fuzz(
    'migrations: dbmate up/down splitter (model)',
    fc.property(fc.array(fc.constantFrom('-- header', ''), { maxLength: 2 }), sql, fc.option(sql, { nil: undefined }), fc.boolean(), (header, up, down, crlf) => {
      const eol = crlf ? '\r\n' : '\n';
      const lines = [...header, '-- migrate:up', ...up.split('\n'), ...(down !== undefined ? ['-- migrate:down', ...down.split('\n')] : [])];
      const dir = join(root, `d${n++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, '20240101000000_x.sql'), lines.join(eol) + eol);
      const [m] = readMigrations(dir, 'dbmate');
      const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();
      expect(norm(m.upSql)).toBe(norm(up));
      if (down !== undefined) expect(norm(m.downSql ?? '')).toBe(norm(down));
      if (up.trim()) {
        const firstUpLine = lines.indexOf(up.split('\n').find((l) => l.trim() !== '')!, header.length + 1) + 1;
        const upLines = m.upSql.replace(/\r\n/g, '\n').split('\n');
        const offset = upLines.findIndex((l) => l.trim() !== '');
        expect(m.upStartLine + offset).toBe(firstUpLine);
      }
    }),
  );
});

test('alembic revision files: a revision or none, never an exception; written ids read back', () => {
  const source = fc.array(fc.constantFrom('revision = ', 'revision: str = ', 'down_revision = ', 'down_revision: Union[str, None] = ', "'abc'", '"def"', '(', ')', '[', ']', ', ', 'None', '\n', '#', '"""', ' '), { maxLength: 16 }).map((p) => p.join(''));
  fuzz(
    'migrations: alembic revision file',
    fc.property(fc.oneof(source, fc.string({ maxLength: 80 })), (text) => {
      const r = onlyTypedErrors(() => parseAlembicRevision(text, 'alembic/versions/x.py'));
      if (r) expect(r.revision).not.toBe('');
    }),
  );
  const id = fc.stringMatching(/^[0-9a-f]{4,12}$/);
  fuzz(
    'migrations: alembic revision file (round trip)',
    fc.property(id, fc.array(id, { maxLength: 3 }), fc.boolean(), (rev, downs, annotated) => {
      const down = downs.length === 0 ? 'None' : downs.length === 1 ? `'${downs[0]}'` : `(${downs.map((d) => `'${d}'`).join(', ')})`;
      const text = `"""x\n\nRevision ID: ${rev}\n"""\nfrom alembic import op\n\nrevision${annotated ? ': str' : ''} = '${rev}'\ndown_revision${annotated ? ': Union[str, None]' : ''} = ${down}\n`;
      expect(parseAlembicRevision(text, 'x.py')).toEqual({ revision: rev, downRevisions: downs, file: 'x.py' });
    }),
  );
});
