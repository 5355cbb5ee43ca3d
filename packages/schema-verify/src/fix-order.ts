/**
 * fixScript: one runnable script from the fixes of many findings.
 *
 * Each finding's `fix` may hold several statements; they are split (quote- and dollar-quote-aware),
 * de-duplicated (a view re-created for two reasons appears once), and put in dependency order by
 * what each statement does, not by which finding it came from. That keeps the order right however
 * the caller sorted the findings, and works for findings read back from a JSON report.
 *
 * Order: drops first, in reverse dependency order (policies, triggers, views, indexes, constraints,
 * defaults, columns, routines, tables, sequences, types, extensions, schemas); then creation in
 * dependency order (schemas, extensions, types, sequences, tables, routines, columns, defaults,
 * constraints, views by their references, indexes, partition attachment, foreign keys, triggers,
 * RLS, policies, OWNED BY, comments, revokes, grants). A drop can carry ordering notes (DROP_AFTER,
 * DROP_BEFORE) where the order of the kinds is not enough for one object. Event triggers are
 * dropped before anything and created after everything, so they never fire on the script's own
 * DDL; foreign tables, user mappings, servers and wrappers, and text search configurations,
 * dictionaries and parsers or templates drop in that order after tables and are created the other
 * way round (see P).
 */
import type { Finding } from '@preflight/core';
import { scanSql } from '@preflight/migrations';

interface PhaseRule {
  re: RegExp;
  phase: number;
}

const NAME = String.raw`(?:"(?:[^"]|"")*"|[^\s."(]+)`;
const QN = `${NAME}\\.${NAME}`;
/** `ALTER TABLE [ONLY] schema.table <action>`, anchored so text inside literals never matches. */
const table = (action: string) => new RegExp(`^ALTER TABLE (?:ONLY )?${QN} ${action}`);
const column = (action: string) => table(`ALTER COLUMN ${NAME} ${action}`);

// Matching order matters (first match wins): specific forms come before the general ones.
const P = {
  dropPolicy: 10, dropTrigger: 11, detach: 12, noInherit: 13, dropView: 14, dropIndex: 15, dropConstraint: 16,
  dropDefault: 17, dropColumn: 18, dropAggregate: 19, dropRoutine: 20, dropTable: 21, dropSequence: 22,
  dropDomainConstraint: 23, dropTypeAttribute: 24, dropDomain: 25, dropType: 26, dropExtension: 27, dropSchema: 28,
  schema: 40, extension: 41, type: 42, alterType: 43, domain: 44, alterDomain: 45, sequence: 46, table: 47,
  persistence: 48, routine: 49, aggregate: 50, addColumn: 51, columnType: 52, notNull: 53, identity: 54,
  setDefault: 55, constraint: 56, view: 57, index: 58, attach: 59, inherit: 60, attachIndex: 61, foreignKey: 62,
  trigger: 63, triggerState: 64, rls: 65, policy: 66, ownedBy: 67, other: 68, comment: 69, revoke: 70, grant: 71,
  // Foreign data, text search, event triggers, security labels: between the phases above, so the
  // numbers of the others stay as they are.
  dropEventTrigger: 9, dropForeignTable: 21.1, dropUserMapping: 21.2, dropServer: 21.3, dropWrapper: 21.4,
  dropTextSearchConfiguration: 21.5, dropTextSearchDictionary: 21.6, dropTextSearchSupport: 21.7,
  textSearchSupport: 46.1, textSearchDictionary: 46.2, textSearchConfiguration: 46.3, textSearchMapping: 46.4,
  wrapper: 49.1, server: 49.2, userMapping: 49.3, foreignTable: 49.4, alterForeignTable: 49.5,
  securityLabel: 69.5, eventTrigger: 72,
} as const;

/**
 * Operators, operator classes and families, casts and collations, between the phases above:
 * dropped after the indexes and aggregates that use them and before the functions they use
 * (collations after the columns and types that use them); created after the functions they call
 * and before the columns, indexes and views that use them.
 */
const OPERATOR_RULES: PhaseRule[] = [
  { re: /^ALTER OPERATOR FAMILY .* DROP /, phase: P.dropAggregate + 0.1 },
  { re: /^DROP OPERATOR CLASS /, phase: P.dropAggregate + 0.2 },
  { re: /^DROP OPERATOR FAMILY /, phase: P.dropAggregate + 0.3 },
  { re: /^DROP OPERATOR /, phase: P.dropAggregate + 0.4 },
  { re: /^DROP CAST /, phase: P.dropAggregate + 0.5 },
  { re: /^DROP COLLATION /, phase: P.dropType + 0.5 },
  { re: /^CREATE COLLATION /, phase: P.extension + 0.5 },
  { re: /^CREATE OPERATOR FAMILY /, phase: P.aggregate + 0.3 },
  { re: /^CREATE OPERATOR CLASS /, phase: P.aggregate + 0.4 },
  { re: /^ALTER OPERATOR FAMILY /, phase: P.aggregate + 0.5 },
  { re: /^CREATE OPERATOR /, phase: P.aggregate + 0.1 },
  { re: /^ALTER OPERATOR /, phase: P.aggregate + 0.15 },
  { re: /^CREATE CAST /, phase: P.aggregate + 0.2 },
];

const RULES: PhaseRule[] = [
  ...OPERATOR_RULES,
  // An event trigger fires on the script's own DDL: a removed one goes first, a new one last
  // (after the grants), as pg_dump does.
  { re: /^DROP EVENT TRIGGER /, phase: P.dropEventTrigger },
  { re: /^(CREATE|ALTER|COMMENT ON) EVENT TRIGGER /, phase: P.eventTrigger },
  // Foreign tables before their server's user mappings, before the server, before its wrapper.
  { re: /^DROP FOREIGN TABLE /, phase: P.dropForeignTable },
  { re: /^DROP USER MAPPING /, phase: P.dropUserMapping },
  { re: /^DROP SERVER /, phase: P.dropServer },
  { re: /^DROP FOREIGN DATA WRAPPER /, phase: P.dropWrapper },
  { re: /^DROP TEXT SEARCH CONFIGURATION /, phase: P.dropTextSearchConfiguration },
  { re: /^DROP TEXT SEARCH DICTIONARY /, phase: P.dropTextSearchDictionary },
  { re: /^DROP TEXT SEARCH (PARSER|TEMPLATE) /, phase: P.dropTextSearchSupport },
  // Before tables: a generated column or default may name a configuration ('x'::regconfig is
  // resolved when the table is created), and their support functions are built in.
  { re: /^CREATE TEXT SEARCH (PARSER|TEMPLATE) /, phase: P.textSearchSupport },
  { re: /^(CREATE|ALTER) TEXT SEARCH DICTIONARY /, phase: P.textSearchDictionary },
  { re: /^CREATE TEXT SEARCH CONFIGURATION /, phase: P.textSearchConfiguration },
  { re: /^ALTER TEXT SEARCH CONFIGURATION /, phase: P.textSearchMapping },
  // After routines (a wrapper's handler may be one), before views that read foreign tables.
  { re: /^(CREATE|ALTER) FOREIGN DATA WRAPPER /, phase: P.wrapper },
  { re: /^(CREATE|ALTER) SERVER /, phase: P.server },
  { re: /^(CREATE|ALTER) USER MAPPING /, phase: P.userMapping },
  { re: /^CREATE FOREIGN TABLE /, phase: P.foreignTable },
  { re: /^ALTER FOREIGN TABLE /, phase: P.alterForeignTable },
  { re: /^SECURITY LABEL /, phase: P.securityLabel },
  { re: /^DROP POLICY /, phase: P.dropPolicy },
  { re: /^DROP TRIGGER /, phase: P.dropTrigger },
  // A rule's action may name other tables: dropped with the triggers, created with them.
  { re: /^DROP RULE /, phase: P.dropTrigger },
  { re: table('DETACH PARTITION '), phase: P.detach },
  { re: table('NO INHERIT '), phase: P.noInherit },
  { re: /^DROP (MATERIALIZED )?VIEW /, phase: P.dropView },
  { re: /^DROP INDEX /, phase: P.dropIndex },
  { re: table('DROP CONSTRAINT '), phase: P.dropConstraint },
  { re: column('(DROP DEFAULT|DROP IDENTITY|DROP EXPRESSION)'), phase: P.dropDefault },
  { re: table('DROP COLUMN '), phase: P.dropColumn },
  { re: /^DROP AGGREGATE /, phase: P.dropAggregate },
  { re: /^DROP (FUNCTION|PROCEDURE|ROUTINE) /, phase: P.dropRoutine },
  { re: /^DROP TABLE /, phase: P.dropTable },
  { re: /^DROP SEQUENCE /, phase: P.dropSequence },
  { re: /^ALTER DOMAIN .* DROP CONSTRAINT /, phase: P.dropDomainConstraint },
  { re: /^ALTER TYPE .* DROP ATTRIBUTE /, phase: P.dropTypeAttribute },
  { re: /^DROP DOMAIN /, phase: P.dropDomain },
  { re: /^DROP TYPE /, phase: P.dropType },
  { re: /^DROP EXTENSION /, phase: P.dropExtension },
  { re: /^DROP SCHEMA /, phase: P.dropSchema },
  { re: /^CREATE SCHEMA /, phase: P.schema },
  { re: /^(CREATE|ALTER) EXTENSION /, phase: P.extension },
  { re: /^CREATE TYPE /, phase: P.type },
  // A type re-created in place (diff/type-swap.ts): after new types exist, before columns use it.
  { re: /^DO \$preflight_type_swap\$/, phase: P.alterType },
  { re: /^ALTER TYPE /, phase: P.alterType },
  { re: /^CREATE DOMAIN /, phase: P.domain },
  { re: /^ALTER DOMAIN /, phase: P.alterDomain },
  { re: /^CREATE SEQUENCE /, phase: P.sequence },
  // Moves a sequence's value inside bounds the next ALTER narrows (diff/sequence-bounds.ts).
  { re: /^SELECT pg_catalog\.setval\(q\.s, /, phase: P.sequence - 0.5 },
  { re: /^ALTER SEQUENCE .* OWNED BY /, phase: P.ownedBy },
  { re: /^ALTER SEQUENCE /, phase: P.sequence },
  { re: /^CREATE (UNLOGGED )?TABLE /, phase: P.table },
  { re: table('SET (UN)?LOGGED'), phase: P.persistence },
  { re: /^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE) /, phase: P.routine },
  { re: /^CREATE (OR REPLACE )?AGGREGATE /, phase: P.aggregate },
  { re: table('ADD COLUMN '), phase: P.addColumn },
  { re: column('(SET DATA )?TYPE '), phase: P.columnType },
  { re: column('(SET|DROP) NOT NULL'), phase: P.notNull },
  { re: column('(ADD|SET) GENERATED '), phase: P.identity },
  { re: column('SET DEFAULT '), phase: P.setDefault },
  { re: table(`ADD CONSTRAINT ${NAME} FOREIGN KEY `), phase: P.foreignKey },
  { re: table('ADD CONSTRAINT '), phase: P.constraint },
  { re: /^CREATE (OR REPLACE )?(MATERIALIZED )?VIEW /, phase: P.view },
  { re: /^CREATE (UNIQUE )?INDEX /, phase: P.index },
  { re: table('ATTACH PARTITION '), phase: P.attach },
  { re: table('INHERIT '), phase: P.inherit },
  { re: /^ALTER INDEX .* ATTACH PARTITION /, phase: P.attachIndex },
  // USING INDEX needs the index.
  { re: table('REPLICA IDENTITY '), phase: P.attachIndex },
  { re: /^CREATE (OR REPLACE )?(CONSTRAINT )?TRIGGER /, phase: P.trigger },
  { re: table('(ENABLE|DISABLE)( REPLICA| ALWAYS)? TRIGGER '), phase: P.triggerState },
  { re: /^CREATE (OR REPLACE )?RULE /, phase: P.trigger },
  { re: table('(ENABLE|DISABLE)( REPLICA| ALWAYS)? RULE '), phase: P.triggerState },
  { re: table('(ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY'), phase: P.rls },
  { re: /^(CREATE|ALTER) POLICY /, phase: P.policy },
  // A table leaves its publications and loses its statistics when it is dropped, so these go
  // before the tables are dropped (a later DROP ... IF EXISTS would only print a NOTICE; ALTER
  // PUBLICATION ... DROP TABLE of a dropped table fails).
  { re: /^ALTER PUBLICATION .* DROP TABLES? /, phase: P.dropIndex },
  { re: /^DROP STATISTICS /, phase: P.dropIndex },
  // After the tables they publish exist (and their columns, for a column list).
  { re: /^(CREATE|ALTER) PUBLICATION /, phase: P.other },
  // After the columns they name; a changed one is dropped first (same phase, input order).
  { re: /^(CREATE|DROP|ALTER) STATISTICS /, phase: P.other },
  { re: /^COMMENT ON /, phase: P.comment },
  // A table-level REVOKE also takes away column-level grants of the same privilege: revoke first.
  { re: /^REVOKE /, phase: P.revoke },
  { re: /^(GRANT|ALTER DEFAULT PRIVILEGES) /, phase: P.grant },
];

/** ADD VALUE runs before the transaction: a label added inside one cannot be used until it commits. */
const OUTSIDE_TRANSACTION = /^ALTER TYPE .* ADD VALUE /;

/** The statement without the comment lines before it (an ordering note, see DROP_AFTER). */
function withoutLeadingComments(stmt: string): string {
  return stmt.replace(/^(?:\s*--[^\n]*\n)+\s*/, '');
}

export function phaseOf(stmt: string): number {
  const head = withoutLeadingComments(stmt).replace(/\s+/g, ' ');
  for (const r of RULES) if (r.re.test(head)) return r.phase;
  return P.other;
}

/**
 * Splits SQL into statements where psql would (quotes, dollar quotes, comments and BEGIN ATOMIC
 * bodies respected), each ending in `;`, with the comments before it attached.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const st of scanSql(sql).statements) {
    const text = sql.slice(from, st.end).trim();
    from = st.end;
    out.push(text.endsWith(';') ? text : `${text};`);
  }
  return out;
}

/** The object a creating statement makes: `CREATE TYPE public.t`, `CREATE OR REPLACE FUNCTION public.f(`... */
const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const QUALIFIED_NAME = `${IDENT}\\.${IDENT}`;
const CREATES = new RegExp(
  String.raw`^CREATE (?:OR REPLACE )?(?:UNLOGGED |MATERIALIZED |RECURSIVE )?(?:TYPE|DOMAIN|TABLE|SEQUENCE|VIEW|FUNCTION|PROCEDURE|AGGREGATE|FOREIGN TABLE|TEXT SEARCH (?:CONFIGURATION|DICTIONARY|PARSER|TEMPLATE)) (?:IF NOT EXISTS )?(${QUALIFIED_NAME})`,
);
/** Named objects of the kinds in OPERATOR_RULES that other statements mention by name. */
const CREATES_NAMED = new RegExp(String.raw`^CREATE (?:COLLATION|OPERATOR FAMILY|OPERATOR CLASS) (?:IF NOT EXISTS )?(${QUALIFIED_NAME})`);
const QUALIFIED = new RegExp(QUALIFIED_NAME, 'g');
/** A column added to an existing table: `ALTER TABLE public.p ADD COLUMN ...` → public.p. */
const ADDS_COLUMN = new RegExp(String.raw`^ALTER TABLE (?:ONLY )?(${QUALIFIED_NAME}) ADD COLUMN `);
/** The parents a new table takes columns from: its INHERITS list, or the table it is a partition of. */
const PARENTS = new RegExp(String.raw`^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?${QUALIFIED_NAME} (?:PARTITION OF (${QUALIFIED_NAME})|.*\) INHERITS \(([^)]*)\))`);
/** Literals and dollar-quoted bodies: names inside them are text (or a body checked only when called). */
const QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|'(?:[^']|'')*'/g;

/**
 * Creation statements in dependency order: each comes after the statements that create what it
 * mentions (a domain CHECK after the function it calls, a composite type after the types of its
 * attributes, a view after the views it reads), and otherwise in phase order. Names are
 * schema-qualified throughout (definitions are printed with an empty search_path), so a mention
 * is a qualified name; one pass over each statement finds them. A cycle cannot be ordered: the
 * earliest remaining statement goes first, as pg_dump would break it (function bodies are not
 * checked here, see check_function_bodies below).
 */
function inDependencyOrder(stmts: Array<{ sql: string; phase: number; seq: number }>): string[] {
  const flat = stmts.map((s) => s.sql.replace(/\s+/g, ' '));
  const creator = new Map<string, number>();
  flat.forEach((text, i) => {
    const name = CREATES.exec(text)?.[1] ?? CREATES_NAMED.exec(text)?.[1];
    if (name && !creator.has(name)) creator.set(name, i);
  });
  // A new child takes its parents' columns when it is created: it goes after the columns added to
  // them, since an identity column cannot be added to a table that already has children (and the
  // child's columns then come in the parents' order, as on the expected side).
  const columnsAddedTo = new Map<string, number[]>();
  flat.forEach((text, i) => {
    const parent = ADDS_COLUMN.exec(text)?.[1];
    if (parent) columnsAddedTo.set(parent, [...(columnsAddedTo.get(parent) ?? []), i]);
  });
  const waitsFor = flat.map((text, i) => {
    const deps = new Set<number>();
    for (const m of text.replace(QUOTED, "''").matchAll(QUALIFIED)) {
      const j = creator.get(m[0]);
      if (j !== undefined && j !== i) deps.add(j);
    }
    const parents = columnsAddedTo.size ? PARENTS.exec(text.replace(QUOTED, "''")) : null;
    if (parents) {
      for (const m of (parents[1] ?? parents[2]).matchAll(QUALIFIED)) for (const j of columnsAddedTo.get(m[0]) ?? []) deps.add(j);
    }
    return deps;
  });
  return topologicalOrder(waitsFor).map((i) => stmts[i].sql);
}

/**
 * Kahn's algorithm over statement indices: each after the ones it waits for. The input is sorted by
 * phase, then input order, so the ready statement to place is the one with the lowest index: a
 * min-heap keeps that O(n log n) for scripts of many thousands. A cycle cannot be ordered: the
 * earliest statement not yet placed goes first.
 */
function topologicalOrder(waitsFor: Array<Set<number>>): number[] {
  const waiting = waitsFor.map((deps) => deps.size);
  const dependents: number[][] = waitsFor.map(() => []);
  waitsFor.forEach((deps, i) => deps.forEach((j) => dependents[j].push(i)));
  const ready = new MinHeap();
  waiting.forEach((n, i) => n === 0 && ready.push(i));
  const placed = new Array<boolean>(waitsFor.length).fill(false);
  const out: number[] = [];
  let earliest = 0;
  while (out.length < waitsFor.length) {
    let pick = ready.pop();
    if (pick === undefined) {
      while (placed[earliest]) earliest++;
      pick = earliest;
    }
    if (placed[pick]) continue;
    placed[pick] = true;
    out.push(pick);
    for (const d of dependents[pick]) if (--waiting[d] === 0 && !placed[d]) ready.push(d);
  }
  return out;
}

/**
 * Ordering notes a diff module puts on the line before a DROP when the order of the kinds is not
 * enough: `-- drop after: public.booking` (the table whose index uses this operator class goes
 * first), `-- drop before: public.fdiff` (the range type goes before the function it calls).
 * Names are SQL names as the other DROP statements write them, without arguments.
 */
export const DROP_AFTER = '-- drop after: ';
export const DROP_BEFORE = '-- drop before: ';

/** The object a DROP statement removes: `DROP TYPE IF EXISTS public.r` → public.r, `DROP OPERATOR IF EXISTS public.<<< (...)` → public.<<<. */
const DROPS = new RegExp(String.raw`^DROP (?:[A-Z]+ )+?(?:IF EXISTS )?(${QUALIFIED_NAME}(?=[\s(;])|${IDENT}\.[^\s(;]+)`);

function notes(sql: string, prefix: string): string[] {
  return sql.split('\n').filter((l) => l.startsWith(prefix)).flatMap((l) => l.slice(prefix.length).split(', ').map((n) => n.trim()).filter(Boolean));
}

/** Drops in their phase order, moved where an ordering note asks. */
function dropsInOrder(drops: string[]): string[] {
  const byName = new Map<string, number[]>();
  drops.forEach((sql, i) => {
    const name = DROPS.exec(withoutLeadingComments(sql).replace(/\s+/g, ' '))?.[1];
    if (name) byName.set(name, [...(byName.get(name) ?? []), i]);
  });
  const waitsFor = drops.map(() => new Set<number>());
  drops.forEach((sql, i) => {
    for (const name of notes(sql, DROP_AFTER)) for (const j of byName.get(name) ?? []) if (j !== i) waitsFor[i].add(j);
    for (const name of notes(sql, DROP_BEFORE)) for (const j of byName.get(name) ?? []) if (j !== i) waitsFor[j].add(i);
  });
  return topologicalOrder(waitsFor).map((i) => drops[i]);
}

/** The smallest of a set of numbers, in O(log n) per push and pop. */
class MinHeap {
  private items: number[] = [];

  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A script that applies every fix in a safe order, inside one transaction (except enum ADD VALUE).
 * Returns '' when no finding carries a fix.
 */
export function fixScript(findings: readonly Finding[]): string {
  const seen = new Set<string>();
  const statements: Array<{ sql: string; phase: number; seq: number }> = [];
  for (const f of findings) {
    if (!f.fix) continue;
    for (const sql of splitStatements(f.fix)) {
      const key = sql.replace(/\s+/g, ' ');
      if (seen.has(key)) continue;
      seen.add(key);
      statements.push({ sql, phase: OUTSIDE_TRANSACTION.test(key) ? 0 : phaseOf(sql), seq: statements.length });
    }
  }
  if (statements.length === 0) return '';
  statements.sort((a, b) => a.phase - b.phase || a.seq - b.seq);
  const before = statements.filter((s) => s.phase === 0).map((s) => s.sql);
  const drops = statements.filter((s) => s.phase > 0 && s.phase < P.schema).map((s) => s.sql);
  const inside = [...dropsInOrder(drops), ...inDependencyOrder(statements.filter((s) => s.phase >= P.schema))];
  const lines = [
    '-- Makes the live database match the expected schema (generated by Preflight schema-verify).',
    '-- Review it first: DROP statements remove objects, and their data, that only the live database has.',
  ];
  if (before.length) {
    lines.push('', '-- Enum labels are added outside the transaction: a label added inside one cannot be used before it commits.', ...before);
  }
  if (inside.length) {
    lines.push(
      '',
      'BEGIN;',
      // Definitions were printed with an empty search_path, so they resolve the same way here; function
      // bodies are checked when called, not now, because they may mention objects created further down.
      "SELECT pg_catalog.set_config('search_path', '', true);",
      'SET LOCAL check_function_bodies = off;',
      ...inside,
      'COMMIT;',
    );
  }
  return `${lines.join('\n')}\n`;
}
