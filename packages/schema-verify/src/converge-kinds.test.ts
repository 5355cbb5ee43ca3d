/**
 * The fix converges for foreign data wrappers, servers, user mappings, foreign tables, text search
 * objects and event triggers: cases generated per kind (missing, extra, and each property changed
 * in both directions), each applied to the live database with `psql -v ON_ERROR_STOP=1` and
 * verified again. Security labels need a label provider, which this server does not load: see
 * security-labels.test.ts for their diff on the model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { adminQuery, createDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { expectConverges, generatedCases, psql, type ConvergeCase, type Kind } from './testing-converge.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-converge-kinds-'));
const created: TestDatabase[] = [];
// Each test drops its two databases itself (over 200 of them would not drop in one hook under load).
afterAll(async () => {
  for (const db of created.splice(0)) await db.drop();
  rmSync(dir, { recursive: true, force: true });
}, 600_000);

async function dropAll(...dbs: TestDatabase[]): Promise<void> {
  for (const db of dbs) {
    created.splice(created.indexOf(db), 1);
    await db.drop();
  }
}

// The server warns whenever a wrapper's handler or validator changes; that is the fix working.
const expectedWarnings = [/^psql:<stdin>:\d+: WARNING:  changing the foreign-data wrapper (handler|validator) .*\n/gm];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createDatabase('cvk');
  created.push(db);
  const r = psql(db.url, sql, expectedWarnings);
  if (!r.ok) throw new Error(`setup failed: ${r.stderr}\n${sql}`);
  return db;
}

const wrappers = 'CREATE FOREIGN DATA WRAPPER w1; CREATE FOREIGN DATA WRAPPER w2;';
const eventFunctions = `
  CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
  CREATE FUNCTION public.on_ddl2() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;`;
const foreignTable = (columns: string, tail = "SERVER s1 OPTIONS (table_name 'films')") =>
  `CREATE FOREIGN TABLE public.ft (${columns}) ${tail}; CREATE VIEW public.ft_ids AS SELECT id FROM public.ft;`;
const ftColumns = "id integer OPTIONS (column_name 'ID') NOT NULL, name text DEFAULT 'x', CONSTRAINT ft_id_check CHECK (id > 0)";
const config = (mappings: string, parser = 'pg_catalog."default"') =>
  `CREATE TEXT SEARCH CONFIGURATION public.cfg (PARSER = ${parser}); ${mappings}`;

const kinds: Record<string, Kind> = {
  'foreign data wrapper': {
    base: 'CREATE EXTENSION postgres_fdw;',
    // postgres_fdw's validator takes no options on the wrapper itself.
    object: "CREATE FOREIGN DATA WRAPPER w HANDLER public.postgres_fdw_handler OPTIONS (debug 'true');",
    missing: 'missing-foreign-data-wrapper',
    extra: 'extra-foreign-data-wrapper',
    variants: {
      'no handler': { ddl: "CREATE FOREIGN DATA WRAPPER w OPTIONS (debug 'true');", rule: 'foreign-data-wrapper-mismatch' },
      'a validator, no options': { ddl: 'CREATE FOREIGN DATA WRAPPER w HANDLER public.postgres_fdw_handler VALIDATOR public.postgres_fdw_validator;', rule: 'foreign-data-wrapper-mismatch' },
      'another option value, and one more': { ddl: "CREATE FOREIGN DATA WRAPPER w HANDLER public.postgres_fdw_handler OPTIONS (debug 'false', extensions 'cube');", rule: 'foreign-data-wrapper-mismatch' },
      'a comment': { ddl: "CREATE FOREIGN DATA WRAPPER w HANDLER public.postgres_fdw_handler OPTIONS (debug 'true'); COMMENT ON FOREIGN DATA WRAPPER w IS 'remote';", rule: 'comment-mismatch', back: 'extra-comment' },
      'a grant': { ddl: "CREATE FOREIGN DATA WRAPPER w HANDLER public.postgres_fdw_handler OPTIONS (debug 'true'); GRANT USAGE ON FOREIGN DATA WRAPPER w TO cvk_user;", rule: 'missing-grant', back: 'extra-grant' },
    },
  },
  'foreign server': {
    base: wrappers,
    object: "CREATE SERVER s TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER w1 OPTIONS (host 'a', port '5432');",
    missing: 'missing-foreign-server',
    extra: 'extra-foreign-server',
    variants: {
      'another version': { ddl: "CREATE SERVER s TYPE 'pg' VERSION '16' FOREIGN DATA WRAPPER w1 OPTIONS (host 'a', port '5432');", rule: 'foreign-server-mismatch' },
      'no version': { ddl: "CREATE SERVER s TYPE 'pg' FOREIGN DATA WRAPPER w1 OPTIONS (host 'a', port '5432');", rule: 'foreign-server-mismatch' },
      'another host, no port': { ddl: "CREATE SERVER s TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER w1 OPTIONS (host 'b');", rule: 'foreign-server-mismatch' },
      'another type': { ddl: "CREATE SERVER s TYPE 'other' VERSION '15' FOREIGN DATA WRAPPER w1 OPTIONS (host 'a', port '5432');", rule: 'foreign-server-mismatch', manual: true, manualBack: true },
      'another wrapper': { ddl: "CREATE SERVER s TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER w2 OPTIONS (host 'a', port '5432');", rule: 'foreign-server-mismatch', manual: true, manualBack: true },
      'a comment and a grant': { ddl: "CREATE SERVER s TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER w1 OPTIONS (host 'a', port '5432'); COMMENT ON SERVER s IS 'films'; GRANT USAGE ON FOREIGN SERVER s TO cvk_user;", rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
  'user mapping': {
    base: `${wrappers} CREATE SERVER s FOREIGN DATA WRAPPER w1;`,
    object: "CREATE USER MAPPING FOR cvk_user SERVER s OPTIONS (user 'remote');",
    missing: 'missing-user-mapping',
    extra: 'extra-user-mapping',
    variants: {
      'another remote user': { ddl: "CREATE USER MAPPING FOR cvk_user SERVER s OPTIONS (user 'other');", rule: 'user-mapping-mismatch' },
      'no options': { ddl: 'CREATE USER MAPPING FOR cvk_user SERVER s;', rule: 'user-mapping-mismatch' },
      'for PUBLIC instead': { ddl: "CREATE USER MAPPING FOR PUBLIC SERVER s OPTIONS (user 'remote');", rule: 'missing-user-mapping', back: 'extra-user-mapping' },
      // The fix can remove a password, never write one.
      'a password': { ddl: "CREATE USER MAPPING FOR cvk_user SERVER s OPTIONS (user 'remote', password 'kb-secret-one');", rule: 'user-mapping-secret-mismatch', manual: true, back: 'user-mapping-mismatch' },
    },
  },
  'foreign table': {
    base: `${wrappers} CREATE SERVER s1 FOREIGN DATA WRAPPER w1; CREATE SERVER s2 FOREIGN DATA WRAPPER w1;`,
    object: foreignTable(ftColumns),
    missing: 'missing-foreign-table',
    extra: 'extra-foreign-table',
    variants: {
      'another server (a view reads it)': { ddl: foreignTable(ftColumns, "SERVER s2 OPTIONS (table_name 'films')"), rule: 'foreign-table-mismatch' },
      'another remote table': { ddl: foreignTable(ftColumns, "SERVER s1 OPTIONS (table_name 'films_old', schema_name 'x')"), rule: 'foreign-table-mismatch' },
      'one more column': { ddl: foreignTable(`${ftColumns}, added date OPTIONS (column_name 'ADDED')`), rule: 'foreign-table-mismatch' },
      'a column type and collation (a view reads it)': { ddl: foreignTable("id bigint OPTIONS (column_name 'ID') NOT NULL, name text COLLATE \"C\" DEFAULT 'x', CONSTRAINT ft_id_check CHECK (id > 0)"), rule: 'foreign-table-mismatch' },
      'NOT NULL, default and column options': { ddl: foreignTable("id integer, name text OPTIONS (column_name 'NAME') DEFAULT 'y', CONSTRAINT ft_id_check CHECK (id > 0)"), rule: 'foreign-table-mismatch' },
      'another CHECK': { ddl: foreignTable("id integer OPTIONS (column_name 'ID') NOT NULL, name text DEFAULT 'x', CONSTRAINT ft_id_check CHECK (id > 1)"), rule: 'foreign-table-mismatch' },
      'a comment and a grant': { ddl: `${foreignTable(ftColumns)} COMMENT ON FOREIGN TABLE public.ft IS 'films'; COMMENT ON COLUMN public.ft.id IS 'id'; GRANT SELECT ON public.ft TO cvk_user;`, rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
  'text search template': {
    base: '',
    object: 'CREATE TEXT SEARCH TEMPLATE public.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);',
    missing: 'missing-text-search-template',
    extra: 'extra-text-search-template',
    variants: {
      'no init': { ddl: 'CREATE TEXT SEARCH TEMPLATE public.tmpl (LEXIZE = dsimple_lexize);', rule: 'text-search-template-mismatch', manual: true, manualBack: true },
      'a comment': { ddl: "CREATE TEXT SEARCH TEMPLATE public.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize); COMMENT ON TEXT SEARCH TEMPLATE public.tmpl IS 't';", rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
  'text search parser': {
    base: '',
    object: 'CREATE TEXT SEARCH PARSER public.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);',
    missing: 'missing-text-search-parser',
    extra: 'extra-text-search-parser',
    variants: {
      'no headline': { ddl: 'CREATE TEXT SEARCH PARSER public.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);', rule: 'text-search-parser-mismatch', manual: true, manualBack: true },
    },
  },
  'text search dictionary': {
    base: 'CREATE TEXT SEARCH TEMPLATE public.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);',
    object: 'CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = pg_catalog.simple, STOPWORDS = english);',
    missing: 'missing-text-search-dictionary',
    extra: 'extra-text-search-dictionary',
    variants: {
      'one more option': { ddl: 'CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = pg_catalog.simple, STOPWORDS = english, ACCEPT = false);', rule: 'text-search-dictionary-mismatch' },
      'no options': { ddl: 'CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = pg_catalog.simple);', rule: 'text-search-dictionary-mismatch' },
      'another template': { ddl: 'CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = public.tmpl, STOPWORDS = english);', rule: 'text-search-dictionary-mismatch', manual: true, manualBack: true },
      'a comment': { ddl: "CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = pg_catalog.simple, STOPWORDS = english); COMMENT ON TEXT SEARCH DICTIONARY public.d IS 'd';", rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
  'text search configuration': {
    base: `CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
      CREATE TEXT SEARCH PARSER public.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);`,
    object: config('ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword, word WITH public.d, simple;'),
    missing: 'missing-text-search-configuration',
    extra: 'extra-text-search-configuration',
    variants: {
      'other dictionaries for one token type, one more token type': {
        ddl: config('ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword WITH public.d, simple; ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR word WITH simple; ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR email WITH simple;'),
        rule: 'text-search-configuration-mismatch',
      },
      'no mappings': { ddl: config(''), rule: 'text-search-configuration-mismatch' },
      'another parser': { ddl: config('ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword, word WITH public.d, simple;', 'public.prs'), rule: 'text-search-configuration-mismatch', manual: true, manualBack: true },
      'a comment': { ddl: `${config('ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword, word WITH public.d, simple;')} COMMENT ON TEXT SEARCH CONFIGURATION public.cfg IS 'c';`, rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
  'event trigger': {
    base: eventFunctions,
    object: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl();",
    missing: 'missing-event-trigger',
    extra: 'extra-event-trigger',
    variants: {
      disabled: { ddl: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl(); ALTER EVENT TRIGGER et DISABLE;", rule: 'event-trigger-mismatch' },
      'enabled always': { ddl: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl(); ALTER EVENT TRIGGER et ENABLE ALWAYS;", rule: 'event-trigger-mismatch' },
      'other tags': { ddl: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION public.on_ddl();", rule: 'event-trigger-mismatch' },
      'every command': { ddl: 'CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION public.on_ddl();', rule: 'event-trigger-mismatch' },
      'another event': { ddl: "CREATE EVENT TRIGGER et ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl();", rule: 'event-trigger-mismatch' },
      'another function': { ddl: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl2();", rule: 'event-trigger-mismatch' },
      'a comment': { ddl: "CREATE EVENT TRIGGER et ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.on_ddl(); COMMENT ON EVENT TRIGGER et IS 'audit';", rule: 'comment-mismatch', back: 'extra-comment' },
    },
  },
};

/** Dependency order across kinds: creates after what they use, drops before it. */
const ordering: Record<string, ConvergeCase> = {
  'a foreign table after its server after its wrapper, with a view on it and a user mapping': {
    live: '',
    expected: `CREATE FOREIGN DATA WRAPPER zz_w; CREATE SERVER zz_s FOREIGN DATA WRAPPER zz_w OPTIONS (host 'h');
      CREATE USER MAPPING FOR cvk_user SERVER zz_s OPTIONS (user 'u');
      CREATE FOREIGN TABLE public.aa_ft (id int) SERVER zz_s; CREATE VIEW public.aa_v AS SELECT id FROM public.aa_ft;
      CREATE FUNCTION public.aa_f(r public.aa_ft) RETURNS int LANGUAGE sql AS $$ SELECT r.id $$;`,
    finds: ['missing-foreign-data-wrapper', 'missing-foreign-server', 'missing-user-mapping', 'missing-foreign-table', 'missing-view', 'missing-function'],
  },
  'all of them dropped: foreign table, mapping, server and wrapper in that order': {
    live: `CREATE FOREIGN DATA WRAPPER zz_w; CREATE SERVER zz_s FOREIGN DATA WRAPPER zz_w; CREATE USER MAPPING FOR PUBLIC SERVER zz_s;
      CREATE FOREIGN TABLE public.aa_ft (id int) SERVER zz_s;`,
    expected: '',
    finds: ['extra-foreign-data-wrapper', 'extra-foreign-server', 'extra-user-mapping', 'extra-foreign-table'],
  },
  'a configuration after its parser and dictionaries, and a table whose generated column names it': {
    live: '',
    expected: `CREATE TEXT SEARCH TEMPLATE public.zz_tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
      CREATE TEXT SEARCH DICTIONARY public.zz_d (TEMPLATE = public.zz_tmpl, STOPWORDS = english);
      CREATE TEXT SEARCH PARSER public.zz_prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
      CREATE TEXT SEARCH CONFIGURATION public.aa_cfg (PARSER = public.zz_prs);
      ALTER TEXT SEARCH CONFIGURATION public.aa_cfg ADD MAPPING FOR asciiword WITH public.zz_d;
      CREATE TABLE public.docs (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('public.aa_cfg'::regconfig, body)) STORED);
      CREATE INDEX docs_fts ON public.docs USING gin (to_tsvector('public.aa_cfg'::regconfig, body));`,
    finds: ['missing-text-search-template', 'missing-text-search-dictionary', 'missing-text-search-parser', 'missing-text-search-configuration', 'missing-table'],
  },
  'text search objects dropped with the table that uses them': {
    live: `CREATE TEXT SEARCH TEMPLATE public.zz_tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
      CREATE TEXT SEARCH DICTIONARY public.zz_d (TEMPLATE = public.zz_tmpl);
      CREATE TEXT SEARCH CONFIGURATION public.aa_cfg (PARSER = pg_catalog."default");
      ALTER TEXT SEARCH CONFIGURATION public.aa_cfg ADD MAPPING FOR asciiword WITH public.zz_d;
      CREATE TABLE public.docs (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('public.aa_cfg'::regconfig, body)) STORED);`,
    expected: '',
    finds: ['extra-text-search-template', 'extra-text-search-dictionary', 'extra-text-search-configuration', 'extra-table'],
  },
  'an event trigger and its function, created last': {
    live: 'CREATE TABLE public.t (id int);',
    expected: `CREATE TABLE public.t (id int, note text);
      CREATE FUNCTION public.no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no DDL here'; END $$;
      CREATE EVENT TRIGGER block_ddl ON ddl_command_start EXECUTE FUNCTION public.no_ddl(); ALTER EVENT TRIGGER block_ddl DISABLE;`,
    finds: ['missing-column', 'missing-function', 'missing-event-trigger'],
  },
};

describe('the fix script converges for foreign data, text search and event triggers', async () => {
  await adminQuery('DO $$ BEGIN CREATE ROLE cvk_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
  for (const [name, c] of Object.entries({ ...generatedCases(kinds), ...ordering })) {
    test(name, async () => {
      const live = await database(c.live);
      const expected = await database(c.expected);
      try {
        await expectConverges(name, c, live, expected, { dir, expectedWarnings, blocking: true });
      } finally {
        await dropAll(live, expected);
      }
    });
  }
});
