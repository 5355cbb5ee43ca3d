/**
 * Range types, casts, collations, operators, operator families and operator classes: the raw rows
 * of introspect.sql.ts (rangeTypesSql ... operatorClassesSql) turned into model entries.
 */
import {
  compareText,
  keyPart,
  qualifiedKey,
  type CastDef,
  type CollationDef,
  type OperatorClassDef,
  type OperatorDef,
  type OperatorFamilyDef,
  type RangeTypeDef,
  type SchemaModel,
} from './model.ts';

type Acl = string[] | null;
type Members = Array<[identity: string, clause: string]> | null;

export interface RawObjects {
  rangeTypes: Array<[
    s: string, n: string, sub: string, opc: string | null, coll: string | null, canon: string | null, diff: string | null,
    multi: string | null, cmt: string | null, acl: Acl,
  ]> | null;
  casts: Array<[src: string, tgt: string, method: string, fn: string | null, ctx: string, cmt: string | null]> | null;
  collations: Array<[
    s: string, n: string, provider: string, det: boolean, collate: string | null, ctype: string | null, locale: string | null,
    rules: string | null, cmt: string | null,
  ]> | null;
  operators: Array<[
    s: string, n: string, left: string | null, right: string, result: string, fn: string | null, com: string | null,
    neg: string | null, rest: string | null, join: string | null, hashes: boolean, merges: boolean, cmt: string | null,
  ]> | null;
  operatorFamilies: Array<[s: string, n: string, am: string, members: Members, cmt: string | null]> | null;
  operatorClasses: Array<[
    s: string, n: string, am: string, type: string, dflt: boolean, family: string, storage: string | null, members: Members, cmt: string | null,
  ]> | null;
}

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value !== null && value !== undefined) target[key] = value;
}

/** `(source AS target)`: how pg_dump and DROP CAST name a cast. */
export function castKey(source: string, target: string): string {
  return `(${source} AS ${target})`;
}

/** `schema.name(left, right)`: an operator is known by its name and operand types; NONE for a prefix operator. */
export function operatorKey(schema: string, name: string, left: string | undefined, right: string): string {
  return `${keyPart(schema)}.${name}(${left ?? 'NONE'}, ${right})`;
}

/** `schema.name USING method`: families and classes are unique per access method. */
export function opclassKey(schema: string, name: string, method: string): string {
  return `${qualifiedKey(schema, name)} USING ${method}`;
}

const castMethods: Record<string, CastDef['method']> = { f: 'function', b: 'binary', i: 'inout' };
const castContexts: Record<string, CastDef['context']> = { e: 'explicit', a: 'assignment', i: 'implicit' };
const providers: Record<string, CollationDef['provider']> = { c: 'libc', i: 'icu', b: 'builtin', d: 'default' };

function members(rows: Members): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [identity, clause] of rows ?? []) out[identity] = clause;
  return out;
}

function privileges(acl: Acl, ignore: boolean | undefined): string[] | undefined {
  if (ignore || acl === null) return undefined;
  return [...acl].sort(compareText);
}

export function buildObjects(raw: Partial<RawObjects>, model: SchemaModel, ignorePrivileges: boolean | undefined): void {
  const ranges: Record<string, RangeTypeDef> = {};
  for (const [s, n, subtype, opc, coll, canon, diff, multi, cmt, acl] of raw.rangeTypes ?? []) {
    const def: RangeTypeDef = { schema: s, name: n, subtype };
    put(def, 'subtypeOpClass', opc);
    put(def, 'collation', coll);
    put(def, 'canonical', canon);
    put(def, 'subtypeDiff', diff);
    put(def, 'multirange', multi);
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ignorePrivileges));
    ranges[qualifiedKey(s, n)] = def;
  }
  model.rangeTypes = ranges;

  const casts: Record<string, CastDef> = {};
  for (const [source, target, method, fn, context, cmt] of raw.casts ?? []) {
    const def: CastDef = { source, target, method: castMethods[method] ?? 'function', context: castContexts[context] ?? 'explicit' };
    put(def, 'function', fn);
    put(def, 'comment', cmt);
    casts[castKey(source, target)] = def;
  }
  model.casts = casts;

  const collations: Record<string, CollationDef> = {};
  for (const [s, n, provider, deterministic, collate, ctype, locale, rules, cmt] of raw.collations ?? []) {
    const def: CollationDef = { schema: s, name: n, provider: providers[provider] ?? 'libc', deterministic };
    if (def.provider === 'libc') {
      put(def, 'lcCollate', collate);
      put(def, 'lcCtype', ctype);
    } else {
      // Up to PostgreSQL 14 an ICU collation keeps its locale in collcollate.
      put(def, 'locale', locale ?? collate);
    }
    put(def, 'rules', rules);
    put(def, 'comment', cmt);
    collations[qualifiedKey(s, n)] = def;
  }
  model.collations = collations;

  const operators: Record<string, OperatorDef> = {};
  for (const [s, n, left, right, result, fn, com, neg, rest, join, hashes, merges, cmt] of raw.operators ?? []) {
    const def: OperatorDef = { schema: s, name: n, right, result, function: fn ?? '', hashes, merges };
    put(def, 'left', left);
    put(def, 'commutator', com);
    put(def, 'negator', neg);
    put(def, 'restrict', rest);
    put(def, 'join', join);
    put(def, 'comment', cmt);
    operators[operatorKey(s, n, left ?? undefined, right)] = def;
  }
  model.operators = operators;

  const families: Record<string, OperatorFamilyDef> = {};
  for (const [s, n, method, rows, cmt] of raw.operatorFamilies ?? []) {
    const def: OperatorFamilyDef = { schema: s, name: n, method, members: members(rows) };
    put(def, 'comment', cmt);
    families[opclassKey(s, n, method)] = def;
  }
  model.operatorFamilies = families;

  const classes: Record<string, OperatorClassDef> = {};
  for (const [s, n, method, type, dflt, family, storage, rows, cmt] of raw.operatorClasses ?? []) {
    const def: OperatorClassDef = { schema: s, name: n, method, type, default: dflt, family, members: members(rows) };
    put(def, 'storage', storage);
    put(def, 'comment', cmt);
    classes[opclassKey(s, n, method)] = def;
  }
  model.operatorClasses = classes;
}
