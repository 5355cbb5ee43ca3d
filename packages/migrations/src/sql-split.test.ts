import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { indexOfPosition, lineOfPosition, scanSql } from './sql-split.ts';

describe('scanSql', () => {
  it('splits on semicolons outside quotes, comments and dollar bodies', () => {
    const text = [
      "-- header; not a statement",
      "create table a(s text default 'x;y');",
      'create function f() returns int language plpgsql as $body$ begin return 1; end $body$;',
      "/* c; /* nested; */ still; */ select E'it\\'s;', \"we;ird\" from a;",
      'select $$a;b$$',
    ].join('\n');
    const { statements } = scanSql(text);
    expect(statements.map((s) => s.line)).toEqual([2, 3, 4, 5]);
    expect(statements[0].sql).toBe("create table a(s text default 'x;y');");
    expect(statements[2].sql).toBe("select E'it\\'s;', \"we;ird\" from a;");
    expect(statements[3].sql).toBe('select $$a;b$$');
  });

  it('keeps a SQL-standard BEGIN ATOMIC body whole, as psql 14+ does (CASE ... END inside it too)', () => {
    const text = [
      'CREATE FUNCTION public.bump(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;',
      'create or replace procedure p(begin int) language sql begin atomic',
      '  insert into t values (case when begin > 0 then 1 else 0 end);',
      '  select 2;',
      'end;',
      'CREATE TABLE begin_log (id int); BEGIN; SELECT 1; END;',
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;",
      'SELECT CASE WHEN true THEN 1 END;',
    ].join('\n');
    expect(scanSql(text).statements.map((s) => s.sql)).toEqual([
      'CREATE FUNCTION public.bump(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;',
      'create or replace procedure p(begin int) language sql begin atomic\n  insert into t values (case when begin > 0 then 1 else 0 end);\n  select 2;\nend;',
      'CREATE TABLE begin_log (id int);',
      'BEGIN;',
      'SELECT 1;',
      'END;',
      'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
      'SELECT CASE WHEN true THEN 1 END;',
    ]);
  });

  it('finds psql meta-command lines only when asked and only outside quoted text', () => {
    const text = "\\restrict abc\nselect 'x\n\\not-meta';\n  \\connect db\n\\.\n";
    expect(scanSql(text).metaCommands).toEqual([]);
    const { metaCommands, statements } = scanSql(text, { psqlMeta: true });
    expect(metaCommands.map((m) => [m.command, m.line])).toEqual([
      ['restrict', 1],
      ['connect', 4],
      ['.', 5],
    ]);
    expect(statements).toHaveLength(1);
  });

  it('maps server character positions past non-BMP characters', () => {
    const text = "select '😀';\nselect nope;";
    // PostgreSQL counts the emoji as one character.
    const pos = [...text].indexOf('n') + 1;
    expect(text[indexOfPosition(text, pos)]).toBe('n');
    expect(lineOfPosition(text, pos)).toBe(2);
  });

  it('never throws and statement offsets stay inside the text', () => {
    fuzz(
      'migrations: SQL splitter',
      fc.property(fc.string({ unit: fc.constantFrom('a', ';', "'", '"', '$', '$$', '-', '/', '*', '\n', '\\', 'E', ' '), maxLength: 60 }), (text) => {
        const { statements } = scanSql(text, { psqlMeta: true });
        let last = -1;
        for (const s of statements) {
          expect(s.start).toBeGreaterThan(last);
          expect(s.end).toBeLessThanOrEqual(text.length);
          last = s.start;
        }
      }),
    );
  });
});
