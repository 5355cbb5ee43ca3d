/**
 * buildModel's part for foreign data (wrappers, servers, user mappings, foreign tables), text
 * search (parsers, templates, dictionaries, configurations), event triggers and security labels:
 * the rows of the fragments at the end of introspect.sql.ts, in their column order.
 */
import { createHash } from 'node:crypto';
import { isSecretName, registerSecret } from '@preflight/core';
import {
  compareText,
  keyPart,
  memberKey,
  qualifiedKey,
  type EventTriggerDef,
  type FdwOptions,
  type ForeignTableDef,
  type SchemaModel,
  type TextSearchConfigurationDef,
  type TextSearchDictionaryDef,
  type TextSearchParserDef,
  type TextSearchTemplateDef,
} from './model.ts';

type Acl = string[] | null;
type Oid = string;

export interface RawKindsB {
  foreignDataWrappers: Array<[n: string, handler: string | null, validator: string | null, opts: string[] | null, cmt: string | null, acl: Acl]> | null;
  foreignServers: Array<[n: string, fdw: string, type: string | null, version: string | null, opts: string[] | null, cmt: string | null, acl: Acl]> | null;
  userMappings: Array<[server: string, user: string, visible: boolean | null, opts: string[] | null]> | null;
  foreignTables: Array<[
    oid: Oid, s: string, n: string, server: string, opts: string[] | null, cols: Array<[n: string, opts: string[]]> | null, cmt: string | null, acl: Acl,
    pof: string | null, bound: string | null,
  ]> | null;
  textSearchParsers: Array<[s: string, n: string, start: string, token: string, end: string, lextypes: string, headline: string | null, cmt: string | null]> | null;
  textSearchTemplates: Array<[s: string, n: string, init: string | null, lexize: string, cmt: string | null]> | null;
  textSearchDictionaries: Array<[s: string, n: string, template: string, opts: string | null, cmt: string | null]> | null;
  textSearchConfigurations: Array<[s: string, n: string, parser: string, maps: Record<string, string[]> | null, cmt: string | null]> | null;
  eventTriggers: Array<[n: string, event: string, fn: string, enabled: string, tags: string[] | null, cmt: string | null]> | null;
  securityLabels: Array<[provider: string, type: string, identity: string, label: string]> | null;
}

/** Options that hold a boolean switch, though their names look like secrets (postgres_fdw's password_required). */
const NOT_SECRET = /_required$/;

/**
 * `name=value` options, sorted, with a secret option (a user mapping's `password`) written as
 * `password <secret sha256:1a2b3c4d5e6f>`: the value is registered as a secret first, so even a stray copy of it in an error
 * message is masked, and the model (snapshots, reports, fix SQL) only ever holds the fingerprint.
 */
export function fdwOptions(list: string[] | null | undefined): FdwOptions {
  return (list ?? []).map((entry) => {
    const at = entry.indexOf('=');
    const name = at < 0 ? entry : entry.slice(0, at);
    const value = at < 0 ? '' : entry.slice(at + 1);
    if (!isSecretName(name) || NOT_SECRET.test(name)) return entry;
    registerSecret(value);
    // No `=`: every output passes the credential masker, which would turn `password=<...>` into
    // `password=***` and lose the fingerprint (and a snapshot read back would then hold "***").
    return `${name} ${secretFingerprint(value)}`;
  }).sort(compareText);
}

const FINGERPRINT = /^<secret sha256:[0-9a-f]{12}>$/;

export function secretFingerprint(value: string): string {
  return `<secret sha256:${createHash('sha256').update(value).digest('hex').slice(0, 12)}>`;
}

export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value !== null && value !== undefined) target[key] = value;
}

function privileges(acl: Acl, ignore: boolean | undefined): string[] | undefined {
  if (ignore || acl === null) return undefined;
  return [...acl].sort(compareText);
}

/**
 * Adds foreign tables to `byOid` (the build state's map, kept across streamed batches), so the
 * columns, constraints and triggers rows, which may arrive in later batches, can find them.
 */
export function buildForeignTables(raw: Partial<RawKindsB>, model: SchemaModel, ig: boolean | undefined, byOid: Map<Oid, ForeignTableDef>): Map<Oid, ForeignTableDef> {
  for (const [oid, s, n, server, opts, cols, cmt, acl, pof, bound] of raw.foreignTables ?? []) {
    const def: ForeignTableDef = { schema: s, name: n, server, options: fdwOptions(opts), columns: [], constraints: {}, triggers: {} };
    put(def, 'partitionOf', pof);
    put(def, 'partitionBound', bound);
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    model.foreignTables![qualifiedKey(s, n)] = def;
    byOid.set(oid, def);
    // Column options are attached once the columns row has filled `columns` (attachColumnOptions).
    if (cols) columnOptions.set(def, cols);
  }
  return byOid;
}

const columnOptions = new WeakMap<ForeignTableDef, Array<[string, string[]]>>();

/** After the columns are in: their per-column OPTIONS (column_name ...). */
export function attachColumnOptions(tables: Iterable<ForeignTableDef>): void {
  for (const t of tables) {
    for (const [name, opts] of columnOptions.get(t) ?? []) {
      const col = t.columns.find((c) => c.name === name);
      if (col && opts.length > 0) col.options = fdwOptions(opts);
    }
  }
}

/** dictinitoption (`stopwords = 'english', accept = 'false'`) as sorted `name = value` entries. */
export function splitDictionaryOptions(text: string | null): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\s*([^=,\s]+)\s*=\s*('(?:[^']|'')*'|[^,]*)\s*(?:,|$)/g)) out.push(`${m[1]} = ${m[2].trim()}`);
  return out.sort(compareText);
}

export function buildKindsB(raw: Partial<RawKindsB>, model: SchemaModel, ig: boolean | undefined): void {
  for (const [n, handler, validator, opts, cmt, acl] of raw.foreignDataWrappers ?? []) {
    const w = { name: n, options: fdwOptions(opts) } as NonNullable<SchemaModel['foreignDataWrappers']>[string];
    put(w, 'handler', handler);
    put(w, 'validator', validator);
    put(w, 'comment', cmt);
    put(w, 'privileges', privileges(acl, ig));
    model.foreignDataWrappers![n] = w;
  }
  for (const [n, fdw, type, version, opts, cmt, acl] of raw.foreignServers ?? []) {
    const s = { name: n, wrapper: fdw, options: fdwOptions(opts) } as NonNullable<SchemaModel['foreignServers']>[string];
    put(s, 'type', type);
    put(s, 'version', version);
    put(s, 'comment', cmt);
    put(s, 'privileges', privileges(acl, ig));
    model.foreignServers![n] = s;
  }
  for (const [server, user, visible, opts] of raw.userMappings ?? []) {
    const m = { user, server } as NonNullable<SchemaModel['userMappings']>[string];
    if (visible) m.options = fdwOptions(opts);
    model.userMappings![memberKey(keyPart(server), user)] = m;
  }
  for (const [s, n, start, token, end, lextypes, headline, cmt] of raw.textSearchParsers ?? []) {
    const def: TextSearchParserDef = { schema: s, name: n, start, token, end, lextypes };
    put(def, 'headline', headline);
    put(def, 'comment', cmt);
    model.textSearchParsers![qualifiedKey(s, n)] = def;
  }
  for (const [s, n, init, lexize, cmt] of raw.textSearchTemplates ?? []) {
    const def: TextSearchTemplateDef = { schema: s, name: n, lexize };
    put(def, 'init', init);
    put(def, 'comment', cmt);
    model.textSearchTemplates![qualifiedKey(s, n)] = def;
  }
  for (const [s, n, template, opts, cmt] of raw.textSearchDictionaries ?? []) {
    const def: TextSearchDictionaryDef = { schema: s, name: n, template, options: splitDictionaryOptions(opts) };
    put(def, 'comment', cmt);
    model.textSearchDictionaries![qualifiedKey(s, n)] = def;
  }
  for (const [s, n, parser, maps, cmt] of raw.textSearchConfigurations ?? []) {
    const mappings: Record<string, string[]> = {};
    for (const token of Object.keys(maps ?? {}).sort(compareText)) mappings[token] = maps![token];
    const def: TextSearchConfigurationDef = { schema: s, name: n, parser, mappings };
    put(def, 'comment', cmt);
    model.textSearchConfigurations![qualifiedKey(s, n)] = def;
  }
  for (const [n, event, fn, enabled, tags, cmt] of raw.eventTriggers ?? []) {
    const def: EventTriggerDef = { name: n, event, function: fn, enabled: enabled as EventTriggerDef['enabled'] };
    if (tags && tags.length > 0) def.tags = [...tags].sort(compareText);
    put(def, 'comment', cmt);
    model.eventTriggers![n] = def;
  }
  for (const [provider, type, identity, label] of raw.securityLabels ?? []) {
    model.securityLabels![`${provider}|${type}|${identity}`] = { provider, objectType: type, object: identity, label };
  }
}
