import { describe, expect, test } from 'vitest';
import type { Finding } from '@preflight/core';
import { fixScript, phaseOf, splitStatements } from './fix-order.ts';

const f = (fix: string, rule = 'x'): Finding => ({ rule, severity: 'error', object: 'o', message: 'm.', fix });

describe('splitStatements', () => {
  test('respects quotes, dollar quotes, comments and quoted identifiers', () => {
    const sql = [
      "COMMENT ON TABLE public.t IS 'a;b''c';",
      'CREATE FUNCTION public.f() RETURNS int LANGUAGE plpgsql AS $function$ BEGIN RETURN 1; END $function$;',
      "SELECT E'it\\'s; fine';",
      'CREATE TABLE public."we;ird" (id int); -- trailing; comment',
      '/* block; comment */ SELECT $$x;y$$',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      "COMMENT ON TABLE public.t IS 'a;b''c';",
      'CREATE FUNCTION public.f() RETURNS int LANGUAGE plpgsql AS $function$ BEGIN RETURN 1; END $function$;',
      "SELECT E'it\\'s; fine';",
      'CREATE TABLE public."we;ird" (id int);',
      '-- trailing; comment\n/* block; comment */ SELECT $$x;y$$;',
    ]);
  });
});

describe('fixScript', () => {
  test('drops follow their ordering notes where the order of the kinds is wrong for one object', () => {
    const script = fixScript([
      f('-- drop after: public.booking\n-- drop before: public.cmp\nDROP OPERATOR CLASS IF EXISTS public.ops USING btree;'),
      f('DROP FUNCTION IF EXISTS public.cmp(a integer, b integer);'),
      f('DROP FUNCTION IF EXISTS public.fdiff(a double precision, b double precision);'),
      f('DROP TABLE IF EXISTS public.booking;'),
      f('-- drop before: public.fdiff\nDROP TYPE IF EXISTS public.floatrange;'),
      f('CREATE COLLATION public.ci (provider = icu, locale = \'und\');'),
      f('CREATE TABLE public.t (name text COLLATE public.ci);'),
    ]);
    const at = (text: string) => script.indexOf(text);
    expect(at('DROP TABLE IF EXISTS public.booking')).toBeLessThan(at('DROP OPERATOR CLASS'));
    expect(at('DROP OPERATOR CLASS')).toBeLessThan(at('DROP FUNCTION IF EXISTS public.cmp'));
    expect(at('DROP TYPE IF EXISTS public.floatrange')).toBeLessThan(at('DROP FUNCTION IF EXISTS public.fdiff'));
    expect(at('CREATE COLLATION')).toBeLessThan(at('CREATE TABLE public.t'));
    expect(phaseOf('-- drop before: public.fdiff\nDROP TYPE IF EXISTS public.floatrange;')).toBe(phaseOf('DROP TYPE IF EXISTS public.floatrange;'));
  });

  test('orders by dependency whatever the order of the findings, once per statement', () => {
    const script = fixScript([
      f('GRANT SELECT ON TABLE app.v2 TO reader;'),
      f('CREATE OR REPLACE VIEW app.v2 AS\n SELECT v1.a\n   FROM app.v1;'),
      f('ALTER TABLE app.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES app.a(id);'),
      f('CREATE OR REPLACE VIEW app.v1 AS\n SELECT a.id AS a\n   FROM app.a;'),
      f('ALTER TABLE app.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);'),
      f('CREATE TABLE app.a (\n    id integer NOT NULL\n);\nALTER TABLE app.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);'),
      f('CREATE SCHEMA IF NOT EXISTS app;'),
      f("ALTER TYPE app.s ADD VALUE IF NOT EXISTS 'b' AFTER 'a';"),
      f('DROP INDEX IF EXISTS app.old;'),
      f('DROP TABLE IF EXISTS app.gone;'),
      f("ALTER TABLE app.b ALTER COLUMN status SET DEFAULT 'x'::text;"),
      f('ALTER TABLE app.b ADD COLUMN IF NOT EXISTS status text;'),
      f("COMMENT ON COLUMN app.b.status IS 'DROP TABLE in a comment';"),
    ]);
    const lines = script.split('\n').filter((l) => l && !l.startsWith('--') && !l.startsWith(' '));
    expect(lines).toEqual([
      "ALTER TYPE app.s ADD VALUE IF NOT EXISTS 'b' AFTER 'a';",
      'BEGIN;',
      "SELECT pg_catalog.set_config('search_path', '', true);",
      'SET LOCAL check_function_bodies = off;',
      'DROP INDEX IF EXISTS app.old;',
      'DROP TABLE IF EXISTS app.gone;',
      'CREATE SCHEMA IF NOT EXISTS app;',
      'CREATE TABLE app.a (',
      ');',
      'ALTER TABLE app.b ADD COLUMN IF NOT EXISTS status text;',
      "ALTER TABLE app.b ALTER COLUMN status SET DEFAULT 'x'::text;",
      'ALTER TABLE app.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);',
      'CREATE OR REPLACE VIEW app.v1 AS',
      'CREATE OR REPLACE VIEW app.v2 AS',
      'ALTER TABLE app.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES app.a(id);',
      "COMMENT ON COLUMN app.b.status IS 'DROP TABLE in a comment';",
      'GRANT SELECT ON TABLE app.v2 TO reader;',
      'COMMIT;',
    ]);
  });

  test('classifies statements by what they do, not by words inside literals', () => {
    expect(phaseOf("ALTER TABLE app.t ADD CONSTRAINT c CHECK (x <> 'DROP CONSTRAINT ')")).toBe(phaseOf('ALTER TABLE app.t ADD CONSTRAINT c CHECK (true)'));
    expect(phaseOf('ALTER TABLE app."my table" DROP CONSTRAINT IF EXISTS c;')).toBeLessThan(phaseOf('DROP TABLE IF EXISTS app.t;'));
    expect(phaseOf('ALTER TABLE app.t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES app.u(id);')).toBeGreaterThan(phaseOf('CREATE INDEX IF NOT EXISTS i ON app.u USING btree (id);'));
  });

  test('no fixes, no script', () => {
    expect(fixScript([{ rule: 'r', severity: 'warning', object: 'o', message: 'm.' }])).toBe('');
  });
});
