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
 * RLS, policies, OWNED BY, comments, grants).
 */
import type { Finding } from '@preflight/core';

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
  trigger: 63, triggerState: 64, rls: 65, policy: 66, ownedBy: 67, other: 68, comment: 69, grant: 70,
} as const;

const RULES: PhaseRule[] = [
  { re: /^DROP POLICY /, phase: P.dropPolicy },
  { re: /^DROP TRIGGER /, phase: P.dropTrigger },
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
  { re: /^ALTER TYPE /, phase: P.alterType },
  { re: /^CREATE DOMAIN /, phase: P.domain },
  { re: /^ALTER DOMAIN /, phase: P.alterDomain },
  { re: /^CREATE SEQUENCE /, phase: P.sequence },
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
  { re: /^CREATE (OR REPLACE )?(CONSTRAINT )?TRIGGER /, phase: P.trigger },
  { re: table('(ENABLE|DISABLE)( REPLICA| ALWAYS)? TRIGGER '), phase: P.triggerState },
  { re: table('(ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY'), phase: P.rls },
  { re: /^(CREATE|ALTER) POLICY /, phase: P.policy },
  { re: /^COMMENT ON /, phase: P.comment },
  { re: /^(GRANT|REVOKE|ALTER DEFAULT PRIVILEGES) /, phase: P.grant },
];

/** ADD VALUE runs before the transaction: a label added inside one cannot be used until it commits. */
const OUTSIDE_TRANSACTION = /^ALTER TYPE .* ADD VALUE /;

export function phaseOf(stmt: string): number {
  const head = stmt.replace(/\s+/g, ' ');
  for (const r of RULES) if (r.re.test(head)) return r.phase;
  return P.other;
}

/** Splits SQL into statements at top-level semicolons (quotes, dollar quotes and comments respected). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[\w$]/.test(sql[i - 2]));
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
    } else if (ch === '"') {
      i++;
      while (i < n && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; }
        else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
    } else if (ch === '$' && (i === 0 || !/[\w$]/.test(sql[i - 1]))) {
      const m = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (ch === ';') {
      const s = sql.slice(start, i).trim();
      if (s) out.push(`${s};`);
      start = ++i;
    } else i++;
  }
  const rest = sql.slice(start).trim();
  if (rest && !/^(--[^\n]*\n?\s*)*$/.test(rest)) out.push(rest.endsWith(';') ? rest : `${rest};`);
  return out;
}

const VIEW_NAME = new RegExp(String.raw`^CREATE (?:OR REPLACE )?(?:MATERIALIZED )?VIEW (?:IF NOT EXISTS )?(${NAME}\.${NAME})`);

/** Views in an order where every view comes after the views its definition mentions. */
function orderViews(stmts: string[]): string[] {
  const names = stmts.map((s) => VIEW_NAME.exec(s.replace(/\s+/g, ' '))?.[1]);
  const mentions = (body: string, name: string): boolean => {
    let at = body.indexOf(name);
    while (at >= 0) {
      const before = at === 0 ? ' ' : body[at - 1];
      const after = body[at + name.length] ?? ' ';
      if (!/[\w$".]/.test(before) && !/[\w$"]/.test(after)) return true;
      at = body.indexOf(name, at + 1);
    }
    return false;
  };
  const bodies = stmts.map((s) => s.slice(s.indexOf(' AS') + 3));
  const deps = stmts.map((_, i) => stmts.map((__, j) => j).filter((j) => j !== i && names[j] && mentions(bodies[i], names[j]!)));
  const done = new Set<number>();
  const out: string[] = [];
  while (out.length < stmts.length) {
    const next = stmts.findIndex((_, i) => !done.has(i) && deps[i].every((j) => done.has(j)));
    // A cycle cannot be ordered; keep the remaining statements as given.
    const pick = next >= 0 ? next : stmts.findIndex((_, i) => !done.has(i));
    done.add(pick);
    out.push(stmts[pick]);
  }
  return out;
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
  const views = orderViews(statements.filter((s) => s.phase === P.view).map((s) => s.sql));
  const inside: string[] = [];
  let viewsPlaced = false;
  for (const s of statements) {
    if (s.phase === 0) continue;
    if (s.phase === P.view) {
      if (!viewsPlaced) inside.push(...views);
      viewsPlaced = true;
      continue;
    }
    inside.push(s.sql);
  }
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
