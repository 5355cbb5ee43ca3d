/**
 * Definitions the server rewrites. PostgreSQL's deparse is not idempotent: a CHECK written as
 * `x IN ('a','b')` on a varchar column reads back as `((x)::text = ANY ((ARRAY['a'::character
 * varying, ...])::text[]))`, and once that text is dumped and restored it reads back as
 * `... ANY (ARRAY[('a'::character varying)::text, ...])`. Both mean the same thing, so comparing
 * the text alone would call every database restored from a dump drifted.
 *
 * Only when a pair of definitions differs as text, both are loaded as scratch objects on the live
 * server (temporary tables and views, in a transaction that is always rolled back) and deparsed
 * again until the text stops changing. Equal fixpoints are the same definition: the expected model
 * then carries the live text, so the diff sees no difference. Anything that cannot be loaded (a
 * column or table the live side lacks, a read-only server, no TEMP privilege) keeps its finding:
 * a failure here never hides a difference.
 */
import type pg from 'pg';
import type { SchemaModel } from './model.ts';
import { normalizeSql, qname, quoteIdent } from './diff/sql.ts';
import { SESSION_SETUP } from './introspect.sql.ts';

/** Passes of load-and-deparse; the server settles after one or two. */
const MAX_PASSES = 3;

/**
 * One pass of load-and-deparse: the text, and the parse tree the server stored for it (the
 * pg_node_tree columns), which says what the definition means whatever text a server version
 * prints for it.
 */
interface Canon {
  text: string;
  tree?: string;
}

interface Pending {
  /** Re-deparses one definition on the scratch connection; undefined when the server refuses it. */
  canonical(client: pg.Client, text: string): Promise<Canon | undefined>;
  expected: string;
  actual: string;
  /** Makes (a copy of) the expected model carry the live text. */
  accept(model: SchemaModel): void;
}

const SCRATCH = `pg_temp.preflight_canon_table`;

/** A CHECK's tree: its expression and what its text says besides (NOT VALID, NO INHERIT). */
const constraintTree = `c.convalidated || ' ' || c.connoinherit || ' ' || c.conbin::text AS t`;

/** Reads one deparsed value (column d) and its stored parse tree (column t) back; undefined when the row is not there. */
async function one(client: pg.Client, sql: string, params: unknown[] = []): Promise<Canon | undefined> {
  const r = await client.query(sql, params);
  const text = (r.rows[0]?.d as string | null | undefined) ?? undefined;
  return text === undefined ? undefined : { text, tree: (r.rows[0]?.t as string | null | undefined) ?? undefined };
}

/** A Canon whose text is rewritten (names put back); the tree is kept. */
const retext = (c: Canon | undefined, f: (text: string) => string): Canon | undefined => (c ? { ...c, text: f(c.text) } : undefined);

/** Definition text differs beyond whitespace: the only pairs worth a round trip. */
const differs = (e: string | undefined, a: string | undefined) => e !== undefined && a !== undefined && e !== a && normalizeSql(e) !== normalizeSql(a);

/** `CREATE [UNIQUE] INDEX name ON [ONLY] schema.table` / `CREATE TRIGGER name ... ON schema.table`: the relation pg_get_*def names. */
const qualifiedRel = String.raw`(?:"(?:[^"]|"")*"|[^\s."]+)\.(?:"(?:[^"]|"")*"|[^\s."]+)`;

/** Pairs of same-named definitions whose text differs, each with the way to load it as a scratch object. */
function mismatches(expected: SchemaModel, actual: SchemaModel): Pending[] {
  const out: Pending[] = [];
  for (const [key, e] of Object.entries(expected.tables)) {
    const a = actual.tables[key];
    if (!a) continue;
    const scratch = scratchTable(e.schema, e.name);
    for (const [name, ec] of Object.entries(e.constraints)) {
      const ac = a.constraints[name];
      if (!ac || ec.type !== 'check' || ac.type !== 'check' || !differs(ec.definition, ac.definition)) continue;
      out.push({
        expected: ec.definition,
        actual: ac.definition,
        canonical: (client, text) => scratch(client, async () => {
          await client.query(`ALTER TABLE ${SCRATCH} ADD CONSTRAINT preflight_canon ${text}`);
          return one(client, `SELECT pg_catalog.pg_get_constraintdef(c.oid) AS d, ${constraintTree} FROM pg_catalog.pg_constraint c
            WHERE c.conrelid = '${SCRATCH}'::pg_catalog.regclass AND c.conname = 'preflight_canon'`);
        }),
        accept: (m) => {
          const t = m.tables[key];
          m.tables[key] = { ...t, constraints: { ...t.constraints, [name]: { ...t.constraints[name], definition: ac.definition } } };
        },
      });
    }
    const liveCols = new Map(a.columns.map((c) => [c.name, c]));
    for (const ec of e.columns) {
      const ac = liveCols.get(ec.name);
      if (!ac) continue;
      const setColumn = (field: 'default' | 'generated', value: string | undefined) => (m: SchemaModel) => {
        const t = m.tables[key];
        m.tables[key] = { ...t, columns: t.columns.map((c) => (c.name === ec.name ? { ...c, [field]: value } : c)) };
      };
      if (differs(ec.default, ac.default)) {
        out.push({
          expected: ec.default!,
          actual: ac.default!,
          // On the column itself, so the default is coerced to the column's type as it was.
          canonical: (client, text) => scratch(client, async () => {
            await client.query(`ALTER TABLE ${SCRATCH} ALTER COLUMN ${quoteIdent(ec.name)} SET DEFAULT ${text}`);
            return one(client, `SELECT pg_catalog.pg_get_expr(d.adbin, 0) AS d, d.adbin::text AS t FROM pg_catalog.pg_attrdef d
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
              WHERE d.adrelid = '${SCRATCH}'::pg_catalog.regclass AND a.attname = $1`, [ec.name]);
          }),
          accept: setColumn('default', ac.default),
        });
      }
      if (differs(ec.generated, ac.generated) && ec.type === ac.type) {
        out.push({
          expected: ec.generated!,
          actual: ac.generated!,
          canonical: (client, text) => scratch(client, async () => {
            await client.query(`ALTER TABLE ${SCRATCH} ADD COLUMN preflight_canon_generated ${ec.type} GENERATED ALWAYS AS (${text}) STORED`);
            return one(client, `SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS d, d.adbin::text AS t FROM pg_catalog.pg_attrdef d
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
              WHERE d.adrelid = '${SCRATCH}'::pg_catalog.regclass AND a.attname = 'preflight_canon_generated'`);
          }),
          accept: setColumn('generated', ac.generated),
        });
      }
    }
    for (const [name, et] of Object.entries(e.triggers)) {
      const at = a.triggers[name];
      if (!at || !differs(et.definition, at.definition)) continue;
      out.push({
        expected: et.definition,
        actual: at.definition,
        // WHEN (...) is the part the server rewrites; the rest of the statement comes along.
        canonical: (client, text) => scratch(client, async () => {
          const sql = text.replace(new RegExp(`^(CREATE (?:CONSTRAINT )?TRIGGER )\\S+( .*? ON )${qualifiedRel} `), `$1preflight_canon_trigger$2${SCRATCH} `);
          if (sql === text) return undefined;
          await client.query(sql);
          // The tree: everything the trigger row says, WHEN's parse tree included, but its name and table.
          const def = await one(client, `SELECT pg_catalog.pg_get_triggerdef(t.oid) AS d,
              (pg_catalog.to_jsonb(t) - 'oid' - 'tgrelid' - 'tgname' - 'tgqual')::text || ' ' || coalesce(t.tgqual::text, '') AS t
            FROM pg_catalog.pg_trigger t
            WHERE t.tgrelid = '${SCRATCH}'::pg_catalog.regclass AND t.tgname = 'preflight_canon_trigger'`);
          return retext(def, (d) => d.replace(/^(CREATE (?:CONSTRAINT )?TRIGGER )preflight_canon_trigger( .*? ON )pg_temp(?:_\d+)?\.preflight_canon_table /, (_m, head: string, mid: string) => `${head}${quoteIdent(name)}${mid}${qname(e.schema, e.name)} `));
        }),
        accept: (m) => {
          const t = m.tables[key];
          m.tables[key] = { ...t, triggers: { ...t.triggers, [name]: { ...t.triggers[name], definition: at.definition } } };
        },
      });
    }
    for (const [name, ep] of Object.entries(e.policies)) {
      const ap = a.policies[name];
      if (!ap) continue;
      for (const field of ['using', 'withCheck'] as const) {
        if (!differs(ep[field], ap[field])) continue;
        out.push({
          expected: ep[field]!,
          actual: ap[field]!,
          canonical: (client, text) => scratch(client, async () => {
            // FOR ALL takes both clauses, so either one loads the same way.
            await client.query(`CREATE POLICY preflight_canon ON ${SCRATCH} ${field === 'using' ? 'USING' : 'WITH CHECK'} (${text})`);
            const col = field === 'using' ? 'polqual' : 'polwithcheck';
            return one(client, `SELECT pg_catalog.pg_get_expr(p.${col}, p.polrelid) AS d, p.${col}::text AS t
              FROM pg_catalog.pg_policy p WHERE p.polrelid = '${SCRATCH}'::pg_catalog.regclass AND p.polname = 'preflight_canon'`);
          }),
          accept: (m) => {
            const t = m.tables[key];
            m.tables[key] = { ...t, policies: { ...t.policies, [name]: { ...t.policies[name], [field]: ap[field] } } };
          },
        });
      }
    }
  }
  for (const [key, e] of Object.entries(expected.types)) {
    const a = actual.types[key];
    if (!a || e.kind !== 'domain' || a.kind !== 'domain' || e.baseType !== a.baseType || !e.baseType) continue;
    // A scratch domain over the same base type (collation left out: it does not change the deparse).
    const domain = (client: pg.Client, fn: () => Promise<Canon | undefined>) => savepoint(client, async () => {
      await client.query(`CREATE DOMAIN pg_temp.preflight_canon_domain AS ${e.baseType}`);
      return fn();
    });
    for (const [name, ec] of Object.entries(e.constraints ?? {})) {
      const ac = a.constraints?.[name];
      if (!ac || !differs(ec.definition, ac.definition)) continue;
      out.push({
        expected: ec.definition,
        actual: ac.definition,
        canonical: (client, text) => domain(client, async () => {
          await client.query(`ALTER DOMAIN pg_temp.preflight_canon_domain ADD CONSTRAINT preflight_canon ${text}`);
          return one(client, `SELECT pg_catalog.pg_get_constraintdef(c.oid) AS d, ${constraintTree} FROM pg_catalog.pg_constraint c
            WHERE c.contypid = 'pg_temp.preflight_canon_domain'::pg_catalog.regtype AND c.conname = 'preflight_canon'`);
        }),
        accept: (m) => {
          const t = m.types[key];
          m.types[key] = { ...t, constraints: { ...t.constraints, [name]: { ...t.constraints![name], definition: ac.definition } } };
        },
      });
    }
    if (differs(e.default, a.default)) {
      out.push({
        expected: e.default!,
        actual: a.default!,
        canonical: (client, text) => domain(client, async () => {
          await client.query(`ALTER DOMAIN pg_temp.preflight_canon_domain SET DEFAULT ${text}`);
          return one(client, `SELECT pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS d, t.typdefaultbin::text AS t FROM pg_catalog.pg_type t
            WHERE t.oid = 'pg_temp.preflight_canon_domain'::pg_catalog.regtype`);
        }),
        accept: (m) => { m.types[key] = { ...m.types[key], default: a.default }; },
      });
    }
  }
  for (const [key, e] of Object.entries(expected.indexes)) {
    const a = actual.indexes[key];
    if (!a || e.table !== a.table || !differs(e.definition, a.definition)) continue;
    const rel = expected.tables[e.table] ?? expected.views[e.table];
    if (!rel) continue;
    const scratch = scratchTable(rel.schema, rel.name);
    // The same statement on the scratch copy: same name, same columns, the deparse of its own.
    const onScratch = (text: string) => text.replace(new RegExp(`^(CREATE (?:UNIQUE )?INDEX \\S+ ON )(?:ONLY )?${qualifiedRel}( USING )`), `$1${SCRATCH}$2`);
    out.push({
      expected: e.definition,
      actual: a.definition,
      canonical: (client, text) => scratch(client, async () => {
        const sql = onScratch(text);
        if (sql === text) return undefined;
        await client.query(sql.replace(/^(CREATE (?:UNIQUE )?INDEX )\S+/, '$1preflight_canon_index'));
        // The tree: the pg_index row (columns, operator classes, expressions, predicate) but its own
        // and its table's oids, with the access method and storage parameters.
        const def = await one(client, `SELECT pg_catalog.pg_get_indexdef(i.indexrelid) AS d,
            (pg_catalog.to_jsonb(i) - 'indexrelid' - 'indrelid')::text || ' ' || ic.relam || ' ' || coalesce(ic.reloptions::text, '') AS t
          FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
          WHERE i.indexrelid = 'pg_temp.preflight_canon_index'::pg_catalog.regclass`);
        // Back to the names it had, so the next pass loads it the same way.
        return retext(def, (d) => d.replace(/^(CREATE (?:UNIQUE )?INDEX )preflight_canon_index ON pg_temp(?:_\d+)?\.preflight_canon_table/, `$1${quoteIdent(e.name)} ON ${qname(rel.schema, rel.name)}`));
      }),
      accept: (m) => { m.indexes[key] = { ...m.indexes[key], definition: a.definition }; },
    });
  }
  for (const [key, e] of Object.entries(expected.views)) {
    const a = actual.views[key];
    if (!a || e.kind !== a.kind || !differs(e.definition, a.definition)) continue;
    out.push({
      expected: e.definition,
      actual: a.definition,
      canonical: (client, text) => savepoint(client, async () => {
        // A temporary view deparses the query the same way, materialized or not.
        await client.query(`CREATE TEMPORARY VIEW preflight_canon_view AS ${text}`);
        // Up to PostgreSQL 15 the tree names the view itself (its OLD and NEW entries), and each
        // scratch view has an oid of its own: that one number is taken out.
        const def = await one(client, `SELECT pg_catalog.pg_get_viewdef(r.ev_class, true) AS d,
            pg_catalog.replace(r.ev_action::text, ':relid ' || r.ev_class::oid::text || ' ', ':relid self ') AS t
          FROM pg_catalog.pg_rewrite r WHERE r.ev_class = 'pg_temp.preflight_canon_view'::pg_catalog.regclass AND r.rulename = '_RETURN'`);
        return retext(def, (d) => d.replace(/;\s*$/, ''));
      }),
      accept: (m) => { m.views[key] = { ...m.views[key], definition: a.definition }; },
    });
  }
  return out;
}

/** Runs fn against an empty temporary copy of the live table's columns (LIKE reads it under a share lock only). */
function scratchTable(schema: string, name: string) {
  return (client: pg.Client, fn: () => Promise<Canon | undefined>) => savepoint(client, async () => {
    await client.query(`CREATE TEMPORARY TABLE preflight_canon_table (LIKE ${qname(schema, name)})`);
    return fn();
  });
}

/** insufficient_privilege (no TEMPORARY on the database), read_only_sql_transaction (a standby). */
const environmentRefusals = new Set(['42501', '25006']);

/** One scratch object per savepoint, rolled back whatever happens, so names never collide and one refusal spoils nothing else. */
async function savepoint<T>(client: pg.Client, fn: () => Promise<T | undefined>): Promise<T | undefined> {
  await client.query('SAVEPOINT preflight_canon');
  try {
    return await fn();
  } catch (e) {
    // The server will refuse every scratch object alike: stop, and say so once.
    if (environmentRefusals.has((e as { code?: string }).code ?? '')) throw e;
    return undefined;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT preflight_canon; RELEASE SAVEPOINT preflight_canon');
  }
}

/**
 * `NORMALIZE(x, NFKC)` and `x IS NFC NORMALIZED`: PostgreSQL 13 stores the form as a lower-case
 * string (`"normalize"(x, 'nfkc'::text)`), 14+ as written, upper case. The functions take either;
 * the constant is made upper case in the calls 13 prints, so both load to the same tree. Only the
 * second argument of these two functions is touched.
 */
export function normalFormsUpperCase(text: string): string {
  const call = /(?:"normalize"|\bis_normalized)\(/g;
  let out = '';
  let from = 0;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    // The comma that ends the first argument, outside parentheses and string literals.
    let depth = 0;
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "'") i = skipLiteral(text, i);
      else if (ch === '(') depth++;
      else if (ch === ')') { if (depth-- === 0) break; }
      else if (ch === ',' && depth === 0) break;
    }
    const form = /^, '(nfc|nfd|nfkc|nfkd)'::text\)/.exec(text.slice(i));
    if (!form) continue;
    out += text.slice(from, i) + `, '${form[1].toUpperCase()}'::text)`;
    from = i + form[0].length;
    call.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Index of the closing quote of the literal opening at `at` ('' inside is an escaped quote). */
function skipLiteral(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return text.length;
}

async function fixpoint(client: pg.Client, p: Pending, text: string): Promise<Canon | undefined> {
  let current = normalFormsUpperCase(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = retext(await p.canonical(client, current), normalFormsUpperCase);
    if (next === undefined) return undefined;
    if (normalizeSql(next.text) === normalizeSql(current)) return { text: normalizeSql(next.text), tree: next.tree };
    current = next.text;
  }
  // Still moving after MAX_PASSES: not a fixpoint, so no claim of equality.
  return undefined;
}

/**
 * Fields of a pg_node_tree that only say how to print it: where in the text each node began, and
 * whether a function call, cast or conversion was written in SQL-standard syntax
 * (`TRIM(BOTH FROM x)`), as a call (`btrim(x)`), explicitly or implicitly. PostgreSQL 13 stores
 * `TRIM(BOTH FROM x)` as the call it deparses to, `btrim(x)`, where 14+ keep the syntax; loaded
 * on one server, both texts give the same tree but for these fields.
 */
const displayOnly = /:(?:location|stmt_location|stmt_len|funcformat|relabelformat|coerceformat|convertformat) -?\d+/g;

/** Same definition: the same fixpoint text, or (text a server version prints differently) the same parse tree on the one server. */
function sameDefinition(want: Canon, have: Canon): boolean {
  if (want.text === have.text) return true;
  return want.tree !== undefined && have.tree !== undefined && want.tree.replace(displayOnly, '') === have.tree.replace(displayOnly, '');
}

/**
 * Settles text differences the server's deparse alone explains: returns the expected model, or a
 * copy in which each such definition carries the live text. `connect` opens a connection to the
 * live database, and is called only when some pair differs as text (the common path costs one
 * string comparison per definition, which the diff makes anyway). Everything it creates is
 * rolled back; a server that refuses the scratch work leaves every difference in place.
 */
export async function settleRewrites(connect: () => Promise<pg.Client>, expected: SchemaModel, actual: SchemaModel): Promise<{ model: SchemaModel; settled: number; candidates: number; error?: string }> {
  const pending = mismatches(expected, actual);
  if (pending.length === 0) return { model: expected, settled: 0, candidates: 0 };
  const model: SchemaModel = { ...expected, tables: { ...expected.tables }, views: { ...expected.views }, indexes: { ...expected.indexes }, types: { ...expected.types } };
  let settled = 0;
  let client: pg.Client | undefined;
  let error: string | undefined;
  try {
    client = await connect();
    // Deparse as introspection does: with an empty search_path every name outside pg_catalog is
    // qualified, and timestamps print in UTC.
    // A share lock queued behind a migration's exclusive one must not hang the check: give up on
    // that definition (it stays a finding) instead.
    await client.query(['BEGIN', ...SESSION_SETUP, `SET LOCAL lock_timeout = '5s'`].join(';\n'));
    for (const p of pending) {
      const want = await fixpoint(client, p, p.expected);
      if (want === undefined) continue;
      const have = await fixpoint(client, p, p.actual);
      if (have !== undefined && sameDefinition(want, have)) {
        p.accept(model);
        settled++;
      }
    }
    await client.query('ROLLBACK');
  } catch (e) {
    // Could not connect or the transaction broke: whatever was settled stands (each pair was
    // compared on the server), everything else is still reported as drift.
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await client?.end().catch(() => {});
  }
  return { model: settled ? model : expected, settled, candidates: pending.length, error };
}
