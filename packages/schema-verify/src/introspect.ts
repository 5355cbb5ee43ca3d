/**
 * Reads a live database into a SchemaModel with one catalog query (see introspect.sql.ts), then
 * turns the flat server-built arrays into the keyed model with map lookups: no per-table round
 * trips, so a 5,000-table database costs about one catalog round trip.
 */
import type pg from 'pg';
import { CouldNotRunError, messageOf } from '@preflight/core';
import { introspectionQuery, SESSION_SETUP } from './introspect.sql.ts';
import {
  compareText,
  emptyModel,
  functionKey,
  qualifiedKey,
  type ColumnDef,
  type ConstraintType,
  type FunctionDef,
  type SchemaModel,
  type TableDef,
  type TriggerDef,
  type TypeDef,
  type ViewDef,
} from './model.ts';

export interface IntrospectOptions {
  /** Schemas to read; default: every user schema (not pg_catalog, information_schema, pg_toast*, pg_temp*). */
  schemas?: string[];
  /** Skip grants and default privileges (faster, and for databases whose roles differ on purpose). */
  ignorePrivileges?: boolean;
}

/**
 * Runs in its own read-only transaction so SET LOCAL scopes the empty search_path to this query
 * and the caller's session settings are untouched afterwards. The client must not be inside a
 * transaction of its own.
 */
export async function introspect(client: pg.Client, opts: IntrospectOptions = {}): Promise<SchemaModel> {
  const text = ['BEGIN READ ONLY', ...SESSION_SETUP, introspectionQuery(opts), 'COMMIT'].join(';\n');
  let raw: RawModel;
  try {
    const results = (await client.query(text)) as unknown as pg.QueryResult[];
    const main = results[results.length - 2];
    raw = main.rows[0].model as RawModel;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new CouldNotRunError(`Reading the database catalog failed: ${messageOf(error)}.`, { cause: error });
  }
  return buildModel(raw, opts);
}

// ---- raw rows, as named in introspect.sql.ts ----

type Acl = string[] | null;
interface RawModel {
  version: number;
  schemas: Array<{ n: string; cmt: string | null; acl: Acl }> | null;
  extensions: Array<{ n: string; v: string; s: string }> | null;
  tables: Array<{
    s: string; n: string; k: 'r' | 'p'; unlogged: boolean; pkey: string | null; pof: string | null;
    bound: string | null; inh: string[] | null; rls: boolean; frls: boolean; cmt: string | null; acl: Acl;
  }> | null;
  views: Array<{ s: string; n: string; k: 'v' | 'm'; def: string; opts: string[] | null; deps: string[] | null; cmt: string | null; acl: Acl }> | null;
  columns: Array<{
    r: string; n: string; t: string; nn: boolean; def: string | null; idn: string; gen: string;
    coll: string | null; inh: boolean; local: boolean; cmt: string | null; acl: Acl;
  }> | null;
  constraints: Array<{ r: string; n: string; ct: string; def: string; ref: string | null; inh: boolean; parent: string | null; cmt: string | null }> | null;
  indexes: Array<{ s: string; n: string; r: string; def: string; parent: string | null; cmt: string | null }> | null;
  triggers: Array<{ r: string; n: string; def: string; en: string; cmt: string | null }> | null;
  policies: Array<{ r: string; n: string; perm: boolean; cmd: string; roles: string[] | null; using: string | null; check: string | null; cmt: string | null }> | null;
  sequences: Array<{
    s: string; n: string; t: string; start: string; inc: string; min: string; max: string; cache: string;
    cycle: boolean; owned: string | null; cmt: string | null; acl: Acl;
  }> | null;
  functions: Array<{ s: string; n: string; k: string; args: string; iargs: string; res: string | null; def: string; cmt: string | null; acl: Acl }> | null;
  types: Array<{
    s: string; n: string; k: string; vals: string[] | null; base: string | null; def: string | null; nn: boolean;
    coll: string | null; cons: Array<{ n: string; def: string }> | null;
    attrs: Array<{ n: string; t: string; coll: string | null }> | null; cmt: string | null; acl: Acl;
  }> | null;
  defaultPrivileges: Array<{ role: string; s: string; k: 'r' | 'S' | 'f' | 'T' | 'n'; acl: string[] }> | null;
}

const constraintTypes: Record<string, ConstraintType> = {
  p: 'primary key',
  f: 'foreign key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
};

const functionKinds: Record<string, FunctionDef['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const policyCommands: Record<string, string> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' };

/** Optional fields are left out rather than set to undefined/null, so snapshots stay small and stable. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value !== null && value !== undefined) target[key] = value;
}

function privileges(acl: Acl, ignore: boolean | undefined): string[] | undefined {
  if (ignore || acl === null) return undefined;
  return [...acl].sort(compareText);
}

/** pg_get_viewdef ends with a semicolon; statements we build add their own. */
function stripSemicolon(def: string): string {
  return def.replace(/;\s*$/, '');
}

export function buildModel(raw: RawModel, opts: IntrospectOptions = {}): SchemaModel {
  const ig = opts.ignorePrivileges;
  const model = emptyModel(raw.version);

  for (const s of raw.schemas ?? []) {
    const def = { name: s.n } as SchemaModel['schemas'][string];
    put(def, 'comment', s.cmt);
    put(def, 'privileges', privileges(s.acl, ig));
    model.schemas[s.n] = def;
  }
  for (const e of raw.extensions ?? []) model.extensions[e.n] = { name: e.n, version: e.v, schema: e.s };

  for (const t of raw.tables ?? []) {
    const def: TableDef = {
      schema: t.s,
      name: t.n,
      kind: t.k === 'p' ? 'partitioned table' : 'table',
      unlogged: t.unlogged,
      rowSecurity: t.rls,
      forceRowSecurity: t.frls,
      columns: [],
      constraints: {},
      triggers: {},
      policies: {},
    };
    put(def, 'partitionKey', t.pkey);
    put(def, 'partitionOf', t.pof);
    put(def, 'partitionBound', t.bound);
    if (t.inh && t.inh.length > 0) def.inherits = t.inh;
    put(def, 'comment', t.cmt);
    put(def, 'privileges', privileges(t.acl, ig));
    model.tables[qualifiedKey(t.s, t.n)] = def;
  }

  for (const v of raw.views ?? []) {
    const options = (v.opts ?? []).filter((o) => !o.startsWith('check_option=')).sort(compareText);
    const check = (v.opts ?? []).find((o) => o.startsWith('check_option='));
    const def: ViewDef = {
      schema: v.s,
      name: v.n,
      kind: v.k === 'm' ? 'materialized view' : 'view',
      definition: stripSemicolon(v.def),
      options,
      dependsOn: [...(v.deps ?? [])].sort(compareText),
      columns: [],
      triggers: {},
    };
    if (check) def.checkOption = check.slice('check_option='.length).toUpperCase();
    put(def, 'comment', v.cmt);
    put(def, 'privileges', privileges(v.acl, ig));
    model.views[qualifiedKey(v.s, v.n)] = def;
  }

  for (const c of raw.columns ?? []) {
    const owner = model.tables[c.r] ?? model.views[c.r];
    if (!owner) continue;
    const col: ColumnDef = { name: c.n, type: c.t, notNull: c.nn };
    if (c.gen === 's') col.generated = c.def ?? '';
    else put(col, 'default', c.def);
    if (c.idn === 'a') col.identity = 'always';
    else if (c.idn === 'd') col.identity = 'by default';
    put(col, 'collation', c.coll);
    if (c.inh) col.inherited = true;
    if (!c.local) col.notLocal = true;
    put(col, 'comment', c.cmt);
    // Column ACLs default to empty; keep them only when there is something, to keep snapshots small.
    if (!ig && c.acl && c.acl.length > 0) col.privileges = [...c.acl].sort(compareText);
    owner.columns.push(col);
  }

  for (const k of raw.constraints ?? []) {
    const table = model.tables[k.r];
    if (!table) continue;
    const def = { name: k.n, type: constraintTypes[k.ct], definition: k.def } as TableDef['constraints'][string];
    put(def, 'references', k.ref);
    if (k.inh) def.inherited = true;
    put(def, 'parent', k.parent);
    put(def, 'comment', k.cmt);
    table.constraints[k.n] = def;
  }

  for (const i of raw.indexes ?? []) {
    const def = { schema: i.s, name: i.n, table: i.r, definition: i.def } as SchemaModel['indexes'][string];
    put(def, 'parent', i.parent);
    put(def, 'comment', i.cmt);
    model.indexes[qualifiedKey(i.s, i.n)] = def;
  }

  for (const t of raw.triggers ?? []) {
    const owner = model.tables[t.r] ?? model.views[t.r];
    if (!owner) continue;
    const def: TriggerDef = { name: t.n, definition: t.def, enabled: t.en as TriggerDef['enabled'] };
    put(def, 'comment', t.cmt);
    owner.triggers[t.n] = def;
  }

  for (const p of raw.policies ?? []) {
    const table = model.tables[p.r];
    if (!table) continue;
    const def = {
      name: p.n,
      permissive: p.perm,
      command: policyCommands[p.cmd] ?? 'ALL',
      roles: [...(p.roles ?? ['PUBLIC'])].sort(compareText),
    } as TableDef['policies'][string];
    put(def, 'using', p.using);
    put(def, 'withCheck', p.check);
    put(def, 'comment', p.cmt);
    table.policies[p.n] = def;
  }

  for (const s of raw.sequences ?? []) {
    const def = {
      schema: s.s, name: s.n, type: s.t, start: s.start, increment: s.inc, min: s.min, max: s.max, cache: s.cache, cycle: s.cycle,
    } as SchemaModel['sequences'][string];
    put(def, 'ownedBy', s.owned);
    put(def, 'comment', s.cmt);
    put(def, 'privileges', privileges(s.acl, ig));
    model.sequences[qualifiedKey(s.s, s.n)] = def;
  }

  for (const f of raw.functions ?? []) {
    const def: FunctionDef = {
      schema: f.s,
      name: f.n,
      kind: functionKinds[f.k] ?? 'function',
      argTypes: f.args,
      identityArgs: f.iargs,
      definition: f.def.replace(/\s+$/, ''),
    };
    put(def, 'result', f.res);
    put(def, 'comment', f.cmt);
    put(def, 'privileges', privileges(f.acl, ig));
    model.functions[functionKey(f.s, f.n, f.args)] = def;
  }

  for (const t of raw.types ?? []) {
    const kind = t.k === 'e' ? 'enum' : t.k === 'd' ? 'domain' : 'composite';
    const def: TypeDef = { schema: t.s, name: t.n, kind };
    if (kind === 'enum') def.values = t.vals ?? [];
    if (kind === 'domain') {
      def.baseType = t.base ?? '';
      put(def, 'default', t.def);
      def.notNull = t.nn;
      put(def, 'collation', t.coll);
      def.constraints = {};
      for (const c of t.cons ?? []) def.constraints[c.n] = { name: c.n, definition: c.def };
    }
    if (kind === 'composite') {
      def.attributes = (t.attrs ?? []).map((a) => {
        const attr: { name: string; type: string; collation?: string } = { name: a.n, type: a.t };
        put(attr, 'collation', a.coll);
        return attr;
      });
    }
    put(def, 'comment', t.cmt);
    put(def, 'privileges', privileges(t.acl, ig));
    model.types[qualifiedKey(t.s, t.n)] = def;
  }

  if (!ig) {
    for (const d of raw.defaultPrivileges ?? []) {
      model.defaultPrivileges[`${d.role}|${d.s}|${d.k}`] = {
        role: d.role,
        schema: d.s,
        objectType: d.k,
        privileges: [...d.acl].sort(compareText),
      };
    }
  }
  return model;
}
