/**
 * The database restore-verify's tests dump: the incident's tables at their real sizes (monthly_kpis
 * 7,320 rows, instituciones 54), names PostgreSQL only knows quoted ("Mixed Case", a dotted name in
 * a dotted schema), text that trips naive parsers (quotes, backslashes, newlines, "), (", dollar
 * signs), a serial sequence and an alembic ledger. Dumps come from the real pg_dump on PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_SQL = `
CREATE TABLE public.instituciones (id integer PRIMARY KEY, nombre text NOT NULL);
INSERT INTO public.instituciones SELECT i, 'Institución ' || i FROM generate_series(1, 54) i;
CREATE TABLE public.monthly_kpis (
  id serial PRIMARY KEY,
  institucion_id integer REFERENCES public.instituciones(id),
  month date NOT NULL,
  value numeric(14,2),
  note text
);
INSERT INTO public.monthly_kpis (institucion_id, month, value, note)
SELECT (i % 54) + 1, date '2015-01-01' + (i % 120) * interval '1 month', i * 1.5,
       CASE i % 6 WHEN 0 THEN E'multi\\nline ), (''x'');' WHEN 1 THEN E'back\\\\slash\\ttab' WHEN 2 THEN '$$dollar$$ $q$ ;' WHEN 3 THEN NULL
                  WHEN 4 THEN E'\\\\.' ELSE 'plain ' || i END
  FROM generate_series(1, 7320) i;
CREATE TABLE public."Mixed Case" (id integer, "Label" text);
INSERT INTO public."Mixed Case" VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e');
CREATE SCHEMA "odd.schema";
CREATE TABLE "odd.schema"."dotted.name" (id integer);
INSERT INTO "odd.schema"."dotted.name" VALUES (1), (2), (3);
CREATE TABLE public.empty_table (id integer);
CREATE TABLE public.alembic_version (version_num varchar(32) PRIMARY KEY);
INSERT INTO public.alembic_version VALUES ('0042_monthly_kpis');
CREATE FUNCTION public.tricky() RETURNS text LANGUAGE sql AS $fn$ SELECT 'COPY public.instituciones FROM stdin;' $fn$;
`;

export const FIXTURE_COUNTS: Record<string, number> = {
  'public.instituciones': 54,
  'public.monthly_kpis': 7320,
  'public."Mixed Case"': 5,
  '"odd.schema"."dotted.name"': 3,
  'public.empty_table': 0,
  'public.alembic_version': 1,
};

export type FixtureDumpKind = 'plain' | 'gzip' | 'custom' | 'custom-none' | 'directory' | 'tar' | 'inserts' | 'column-inserts' | 'rows-per-insert';

/** pg_dump flags per kind; gzip is the plain dump through pg_dump's own -Z (a .sql.gz). */
const flags: Record<FixtureDumpKind, string[]> = {
  plain: ['-Fp'],
  gzip: ['-Fp', '-Z', '6'],
  custom: ['-Fc'],
  'custom-none': ['-Fc', '-Z', '0'],
  directory: ['-Fd'],
  tar: ['-Ft'],
  inserts: ['-Fp', '--inserts'],
  'column-inserts': ['-Fp', '--column-inserts'],
  'rows-per-insert': ['-Fp', '--rows-per-insert=100'],
};

const fileName: Record<FixtureDumpKind, string> = {
  plain: 'dump.sql',
  gzip: 'dump.sql.gz',
  custom: 'dump.custom',
  'custom-none': 'dump-none.custom',
  directory: 'dumpdir',
  tar: 'dump.tar',
  inserts: 'inserts.sql',
  'column-inserts': 'column-inserts.sql',
  'rows-per-insert': 'rows-per-insert.sql',
};

export function pgDump(url: string, kind: FixtureDumpKind, dir: string, extra: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, fileName[kind]);
  execFileSync('pg_dump', [...flags[kind], ...extra, '-f', out, '-d', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

export const ALL_KINDS = Object.keys(flags) as FixtureDumpKind[];
