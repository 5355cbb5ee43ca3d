/**
 * Schema-level objects that are not relations: schemas, extensions, sequences, functions
 * (procedures, aggregates) and types (enums, domains, composite types).
 */
import { narrowBoundsSql, sequenceRegclass } from './sequence-bounds.ts';
import type { FunctionDef, SequenceDef, TypeDef } from '../model.ts';
import { compareText } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { creationGrants, diffComment, diffPrivileges, newObjectBaseline } from './privileges.ts';
import { typeSwap } from './type-swap.ts';
import { bothDefaultExtensionVersions, bothVersionDefaults } from './version-defaults.ts';
import { comment, keyToSql, normalizeSql, qname, quoteIdent, quoteLiteral, splitColumnKey, statement } from './sql.ts';


// ---------- schemas ----------

export function diffSchemaObjects(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.schemas, actual.schemas)) {
    const e = expected.schemas[key];
    const a = actual.schemas[key];
    const sql = quoteIdent((e ?? a).name);
    if (e && !a) {
      const fix = [`CREATE SCHEMA IF NOT EXISTS ${sql};`];
      if (e.comment !== undefined) fix.push(comment(`SCHEMA ${sql}`, e.comment));
      fix.push(...creationGrants({ object: key, label: '', on: `SCHEMA ${sql}` }, e.privileges, newObjectBaseline(ctx, e.name, 'n')));
      problem(ctx, 'missing-schema', key, `Schema ${key} is missing in the live database.`, fix);
    } else if (!e && a) {
      // CASCADE: objects we do not model (operators, collations...) would otherwise block the drop;
      // everything we do model inside it is reported as extra anyway.
      extra(ctx, 'extra-schema', key, `Schema ${key} exists in the live database but not in the expected schema.`, `DROP SCHEMA IF EXISTS ${sql} CASCADE;`);
    } else if (e && a) {
      diffComment(ctx, key, `schema ${key}`, `SCHEMA ${sql}`, e.comment, a.comment);
      if (!bothVersionDefaults(key, expected, actual)) {
        diffPrivileges(ctx, { object: key, label: `schema ${key}`, on: `SCHEMA ${sql}` }, e.privileges, a.privileges);
      }
    }
  }
}

// ---------- extensions ----------

export function diffExtensions(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const name of sortedKeys(expected.extensions, actual.extensions)) {
    const e = expected.extensions[name];
    const a = actual.extensions[name];
    const sql = quoteIdent(name);
    if (e && !a) {
      problem(ctx, 'missing-extension', name, `Extension ${name} (version ${e.version}) is missing in the live database.`,
        `CREATE EXTENSION IF NOT EXISTS ${sql} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)};`);
    } else if (!e && a) {
      extra(ctx, 'extra-extension', name, `Extension ${name} is installed in the live database but not in the expected schema.`, `DROP EXTENSION IF EXISTS ${sql};`);
    } else if (e && a) {
      if (e.version !== a.version && !bothDefaultExtensionVersions(e, a, expected, actual)) {
        problem(ctx, 'extension-version-mismatch', name, `Extension ${name} is version ${a.version} in the live database but ${e.version} in the expected schema.`,
          `ALTER EXTENSION ${sql} UPDATE TO ${quoteLiteral(e.version)};`);
      }
      if (e.schema !== a.schema) {
        problem(ctx, 'extension-schema-mismatch', name, `Extension ${name} is installed in schema ${a.schema} in the live database but in ${e.schema} in the expected schema.`,
          `ALTER EXTENSION ${sql} SET SCHEMA ${quoteIdent(e.schema)};`);
      }
    }
  }
}

// ---------- sequences ----------

function sequenceOptions(s: SequenceDef): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

function ownedBySql(ctx: DiffContext, seqSql: string, ownedBy: string | undefined): string {
  if (!ownedBy) return `ALTER SEQUENCE ${seqSql} OWNED BY NONE;`;
  const [table, column] = splitColumnKey(ownedBy);
  return `ALTER SEQUENCE ${seqSql} OWNED BY ${keyToSql(table)}.${quoteIdent(column)};`;
}

export function diffSequences(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.sequences, actual.sequences)) {
    const e = expected.sequences[key];
    const a = actual.sequences[key];
    if (e && !a) {
      const name = qname(e.schema, e.name);
      const fix = [`CREATE SEQUENCE IF NOT EXISTS ${name} ${sequenceOptions(e)};`];
      if (e.unlogged) fix.push(`ALTER SEQUENCE ${name} SET UNLOGGED;`);
      if (e.ownedBy) fix.push(ownedBySql(ctx, name, e.ownedBy));
      if (e.comment !== undefined) fix.push(comment(`SEQUENCE ${name}`, e.comment));
      fix.push(...creationGrants({ object: key, label: '', on: `SEQUENCE ${name}` }, e.privileges, newObjectBaseline(ctx, e.schema, 'S')));
      problem(ctx, 'missing-sequence', key, `Sequence ${key} is missing in the live database.`, fix);
    } else if (!e && a) {
      extra(ctx, 'extra-sequence', key, `Sequence ${key} exists in the live database but not in the expected schema.`, `DROP SEQUENCE IF EXISTS ${qname(a.schema, a.name)};`);
    } else if (e && a) {
      const name = qname(e.schema, e.name);
      const diffs = (['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle'] as const)
        .filter((f) => e[f] !== a[f])
        .map((f) => `${f} ${a[f]} instead of ${e[f]}`);
      if (diffs.length) {
        problem(ctx, 'sequence-mismatch', key, `Sequence ${key} differs in the live database: ${diffs.join(', ')}.`,
          [...narrowBoundsSql(sequenceRegclass(name), e, a), `ALTER SEQUENCE ${name} ${sequenceOptions(e)};`]);
      }
      if (Boolean(e.unlogged) !== Boolean(a.unlogged)) {
        problem(ctx, 'sequence-mismatch', key, `Sequence ${key} is ${a.unlogged ? 'UNLOGGED' : 'logged'} in the live database but ${e.unlogged ? 'UNLOGGED' : 'logged'} in the expected schema (an unlogged one is reset after a crash and not replicated).`,
          `ALTER SEQUENCE ${name} SET ${e.unlogged ? 'UNLOGGED' : 'LOGGED'};`);
      }
      if ((e.ownedBy ?? '') !== (a.ownedBy ?? '')) {
        problem(ctx, 'sequence-owned-by-mismatch', key,
          `Sequence ${key} is owned by ${a.ownedBy ?? 'no column'} in the live database but by ${e.ownedBy ?? 'no column'} in the expected schema.`,
          ownedBySql(ctx, name, e.ownedBy));
      }
      diffComment(ctx, key, `sequence ${key}`, `SEQUENCE ${name}`, e.comment, a.comment);
      diffPrivileges(ctx, { object: key, label: `sequence ${key}`, on: `SEQUENCE ${name}` }, e.privileges, a.privileges);
    }
  }
}

// ---------- functions ----------

const routineWord: Record<FunctionDef['kind'], string> = {
  function: 'FUNCTION',
  window: 'FUNCTION',
  procedure: 'PROCEDURE',
  aggregate: 'AGGREGATE',
};

function routineRef(f: FunctionDef): string {
  return `${qname(f.schema, f.name)}(${f.identityArgs})`;
}

/** GRANT needs ROUTINE for aggregates (GRANT ON FUNCTION rejects them on some versions). */
function grantTarget(f: FunctionDef): string {
  return `${f.kind === 'aggregate' ? 'ROUTINE' : routineWord[f.kind]} ${routineRef(f)}`;
}

function functionStatements(ctx: DiffContext, key: string, f: FunctionDef): string[] {
  const out = [statement(f.definition)];
  if (f.comment !== undefined) out.push(comment(`${routineWord[f.kind]} ${routineRef(f)}`, f.comment));
  out.push(...creationGrants({ object: key, label: '', on: grantTarget(f) }, f.privileges, newObjectBaseline(ctx, f.schema, 'f')));
  return out;
}

export function diffFunctions(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.functions, actual.functions)) {
    const e = expected.functions[key];
    const a = actual.functions[key];
    if (e && !a) {
      problem(ctx, 'missing-function', key, `${cap(e.kind)} ${key} is missing in the live database.`, functionStatements(ctx, key, e));
    } else if (!e && a) {
      extra(ctx, 'extra-function', key, `${cap(a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`);
    } else if (e && a) {
      if (e.kind !== a.kind || normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        // CREATE OR REPLACE cannot change the result type, argument names or kind, nor aggregates.
        const replaceable = e.kind === a.kind && e.kind !== 'aggregate' && e.result === a.result && e.identityArgs === a.identityArgs;
        const fix = replaceable ? functionStatements(ctx, key, e) : [`DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`, ...functionStatements(ctx, key, e)];
        problem(ctx, 'function-definition-mismatch', key, `${cap(e.kind)} ${key} has a different definition in the live database than in the expected schema.`, fix);
        if (!replaceable) continue;
      }
      diffComment(ctx, key, `${e.kind} ${key}`, `${routineWord[e.kind]} ${routineRef(e)}`, e.comment, a.comment);
      diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: grantTarget(e) }, e.privileges, a.privileges);
    }
  }
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

// ---------- types ----------

function typeWord(t: TypeDef): string {
  return t.kind === 'domain' ? 'DOMAIN' : 'TYPE';
}

function domainConstraintsSql(name: string, t: TypeDef): string[] {
  return Object.keys(t.constraints ?? {}).sort(compareText)
    .map((c) => `ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(c)} ${t.constraints![c].definition};`);
}

function createTypeStatements(ctx: DiffContext, key: string, t: TypeDef): string[] {
  const name = qname(t.schema, t.name);
  const out: string[] = [];
  if (t.kind === 'enum') out.push(`CREATE TYPE ${name} AS ENUM (${(t.values ?? []).map(quoteLiteral).join(', ')});`);
  if (t.kind === 'composite') {
    const attrs = (t.attributes ?? []).map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`);
    out.push(`CREATE TYPE ${name} AS (${attrs.join(', ')});`);
  }
  if (t.kind === 'domain') {
    let s = `CREATE DOMAIN ${name} AS ${t.baseType}`;
    if (t.collation) s += ` COLLATE ${t.collation}`;
    if (t.default !== undefined) s += ` DEFAULT ${t.default}`;
    if (t.notNull) s += ' NOT NULL';
    out.push(`${s};`, ...domainConstraintsSql(name, t));
  }
  if (t.comment !== undefined) out.push(comment(`${typeWord(t)} ${name}`, t.comment));
  out.push(...creationGrants({ object: key, label: '', on: `TYPE ${name}` }, t.privileges, newObjectBaseline(ctx, t.schema, 'T')));
  return out;
}

/**
 * ADD VALUE statements that turn the live labels into the expected ones, or undefined when that
 * is impossible (a live label the expected enum lacks, or a different order): enums cannot
 * drop or reorder labels.
 */
function enumAdditions(name: string, want: string[], have: string[]): string[] | undefined {
  const kept = want.filter((v) => have.includes(v));
  if (have.some((v) => !want.includes(v)) || kept.join('\u0000') !== have.join('\u0000')) return undefined;
  const current = [...have];
  const out: string[] = [];
  want.forEach((label, i) => {
    if (current.includes(label)) return;
    const next = want.slice(i + 1).find((v) => current.includes(v));
    const prev = [...want.slice(0, i)].reverse().find((v) => current.includes(v));
    const where = next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : prev !== undefined ? ` AFTER ${quoteLiteral(prev)}` : '';
    out.push(`ALTER TYPE ${name} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}${where};`);
    const at = next !== undefined ? current.indexOf(next) : current.length;
    current.splice(at, 0, label);
  });
  return out;
}

export function diffTypes(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.types, actual.types)) {
    const e = expected.types[key];
    const a = actual.types[key];
    if (e && !a) {
      problem(ctx, 'missing-type', key, `${cap(e.kind === 'composite' ? 'composite type' : e.kind)} ${key} is missing in the live database.`, createTypeStatements(ctx, key, e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-type', key, `${cap(a.kind === 'composite' ? 'composite type' : a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${typeWord(a)} IF EXISTS ${qname(a.schema, a.name)};`);
      continue;
    }
    const name = qname(e.schema, e.name);
    if (e.kind !== a.kind) {
      problem(ctx, 'type-definition-mismatch', key, `Type ${key} is ${a.kind === 'enum' ? 'an' : 'a'} ${a.kind} in the live database but ${e.kind === 'enum' ? 'an' : 'a'} ${e.kind} in the expected schema; it must be re-created.`);
      continue;
    }
    if (e.kind === 'enum') {
      const want = e.values ?? [];
      const have = a.values ?? [];
      if (want.join('\u0000') !== have.join('\u0000')) {
        const additions = enumAdditions(name, want, have);
        const swap = additions ? undefined : typeSwap(ctx, key, e, (t) => createTypeStatements(ctx, key, t));
        const message = `Enum ${key} has values (${have.join(', ')}) in the live database but (${want.join(', ')}) in the expected schema` +
          (swap ? `; labels cannot be removed or reordered in place, so ${swap.note}.` : '.');
        problem(ctx, 'enum-values-mismatch', key, message, additions ?? swap?.fix);
      }
    }
    if (e.kind === 'domain') diffDomain(ctx, key, name, e, a);
    if (e.kind === 'composite') {
      const fmt = (t: TypeDef) => (t.attributes ?? []).map((x) => `${x.name} ${x.type}${x.collation ? ` COLLATE ${x.collation}` : ''}`).join(', ');
      if (fmt(e) !== fmt(a)) {
        const fix: string[] = [];
        const have = new Map((a.attributes ?? []).map((x) => [x.name, x]));
        const want = new Map((e.attributes ?? []).map((x) => [x.name, x]));
        for (const x of a.attributes ?? []) if (!want.has(x.name)) fix.push(`ALTER TYPE ${name} DROP ATTRIBUTE IF EXISTS ${quoteIdent(x.name)};`);
        for (const x of e.attributes ?? []) {
          const coll = x.collation ? ` COLLATE ${x.collation}` : '';
          const h = have.get(x.name);
          if (!h) fix.push(`ALTER TYPE ${name} ADD ATTRIBUTE ${quoteIdent(x.name)} ${x.type}${coll};`);
          else if (h.type !== x.type || h.collation !== x.collation) fix.push(`ALTER TYPE ${name} ALTER ATTRIBUTE ${quoteIdent(x.name)} TYPE ${x.type}${coll};`);
        }
        problem(ctx, 'type-definition-mismatch', key, `Composite type ${key} is (${fmt(a)}) in the live database but (${fmt(e)}) in the expected schema.`, fix);
      }
    }
    diffComment(ctx, key, `type ${key}`, `${typeWord(e)} ${name}`, e.comment, a.comment);
    diffPrivileges(ctx, { object: key, label: `type ${key}`, on: `TYPE ${name}` }, e.privileges, a.privileges);
  }
}

function diffDomain(ctx: DiffContext, key: string, name: string, e: TypeDef, a: TypeDef): void {
  if (e.baseType !== a.baseType || (e.collation ?? '') !== (a.collation ?? '')) {
    const swap = typeSwap(ctx, key, e, (t) => createTypeStatements(ctx, key, t));
    problem(ctx, 'domain-definition-mismatch', key,
      `Domain ${key} is based on ${a.baseType}${a.collation ? ` COLLATE ${a.collation}` : ''} in the live database but on ${e.baseType}${e.collation ? ` COLLATE ${e.collation}` : ''} in the expected schema; it must be re-created: ${swap.note}.`,
      swap.fix);
    return;
  }
  const fix: string[] = [];
  const what: string[] = [];
  if ((e.default ?? '') !== (a.default ?? '')) {
    fix.push(e.default === undefined ? `ALTER DOMAIN ${name} DROP DEFAULT;` : `ALTER DOMAIN ${name} SET DEFAULT ${e.default};`);
    what.push(`default ${a.default ?? 'none'} instead of ${e.default ?? 'none'}`);
  }
  if (Boolean(e.notNull) !== Boolean(a.notNull)) {
    fix.push(`ALTER DOMAIN ${name} ${e.notNull ? 'SET' : 'DROP'} NOT NULL;`);
    what.push(e.notNull ? 'nullable instead of NOT NULL' : 'NOT NULL instead of nullable');
  }
  const ec = e.constraints ?? {};
  const ac = a.constraints ?? {};
  for (const c of sortedKeys(ec, ac)) {
    if (ec[c] && ac[c] && normalizeSql(ec[c].definition) === normalizeSql(ac[c].definition)) continue;
    if (ac[c]) fix.push(`ALTER DOMAIN ${name} DROP CONSTRAINT IF EXISTS ${quoteIdent(c)};`);
    if (ec[c]) fix.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(c)} ${ec[c].definition};`);
    what.push(!ac[c] ? `constraint ${c} missing` : !ec[c] ? `extra constraint ${c}` : `constraint ${c} is ${ac[c].definition} instead of ${ec[c].definition}`);
  }
  if (what.length) problem(ctx, 'domain-definition-mismatch', key, `Domain ${key} differs in the live database: ${what.join('; ')}.`, fix);
}
