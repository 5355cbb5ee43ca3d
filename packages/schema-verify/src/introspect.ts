/**
 * Reads a live database into a SchemaModel with two catalog statements sent in one round trip (see
 * introspect.sql.ts), or on two connections at once when `connect` is given, then turns the flat
 * server-built arrays into the keyed model with map lookups: no per-table round trips, so a
 * 5,000-table database costs about one catalog round trip.
 */
import type pg from 'pg';
import { CouldNotRunError, messageOf } from '@preflight/core';
import { queryA, queryB, SESSION_SETUP } from './introspect.sql.ts';
import { buildObjects, type RawObjects } from './introspect-objects.ts';
import { attachColumnOptions, buildForeignTables, buildKindsB, type RawKindsB } from './introspect-kinds.ts';
import { defaultSequenceOptions } from './diff/sequence-bounds.ts';
import { rowsStatement, streamRows, type RowHandler } from './introspect-rows.ts';
import {
  compareText,
  emptyModel,
  functionKey,
  keyPart,
  qualifiedKey,
  type ColumnDef,
  type ConstraintType,
  type ForeignTableDef,
  type FunctionDef,
  type PublicationDef,
  type RuleDef,
  type SchemaModel,
  type StatisticsDef,
  type TableDef,
  type TriggerDef,
  type TypeDef,
  type ViewDef,
} from './model.ts';

export interface IntrospectOptions {
  /** Schemas to read; default: every user schema (not pg_catalog, information_schema, pg_toast*, pg_temp*). */
  schemas?: string[];
  /** A SQL LIKE pattern the schemas read must match (schema per tenant: `tenant_%`). */
  schemasLike?: string;
  /** Skip grants and default privileges (faster, and for databases whose roles differ on purpose). */
  ignorePrivileges?: boolean;
  /**
   * Opens a second connection to the same database. When given, the two catalog statements run in
   * parallel, one per connection, in transactions that share one snapshot (pg_export_snapshot), and
   * the second connection is closed afterwards. Worth it when the server has an idle core; if the
   * second connection cannot be opened or cannot import the snapshot, the first one reads everything.
   */
  connect?: () => Promise<pg.Client>;
}

/**
 * Runs in its own read-only transaction so SET LOCAL scopes the empty search_path to these queries
 * and the caller's session settings are untouched afterwards. The client must not be inside a
 * transaction of its own.
 */
export async function introspect(client: pg.Client, opts: IntrospectOptions = {}): Promise<SchemaModel> {
  try {
    return opts.connect ? await readParallel(client, opts, opts.connect) : await readOne(client, opts);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new CouldNotRunError(`Reading the database catalog failed: ${messageOf(error)}.`, { cause: error });
  }
}

/** Rows per buildModel call: big enough that the per-call overhead vanishes, small next to a database. */
const BATCH_ROWS = 4096;

/**
 * Feeds streamed rows to buildModel in batches, so only one batch of raw tuples is alive at a
 * time (and dies young) rather than every row of the database next to the model made of it.
 */
class Batcher {
  private batch: Record<string, unknown> = {};
  private rows = 0;
  private state: BuildState | undefined;
  constructor(private readonly opts: IntrospectOptions) {}

  /**
   * One string for each short value that repeats across objects (`bigint`, `PRIMARY KEY (id)`,
   * `app:SELECT`, a schema's name): the driver makes a new string per row, and at 20,000 tables
   * the copies are tens of MB per database.
   */
  private readonly strings = new Map<string, string>();

  private intern(tuple: unknown[]): void {
    for (let i = 0; i < tuple.length; i++) {
      const v = tuple[i];
      if (typeof v === 'string') {
        if (v.length > 64) continue;
        const known = this.strings.get(v);
        if (known !== undefined) tuple[i] = known;
        else {
          // Bounded: the frequent values come straight back, unique names do not pile up here.
          if (this.strings.size >= 8192) this.strings.clear();
          this.strings.set(v, v);
        }
      } else if (Array.isArray(v)) this.intern(v);
    }
  }

  readonly add: RowHandler = (kind, element, value) => {
    if (Array.isArray(value)) this.intern(value);
    if (element) ((this.batch[kind] ??= []) as unknown[]).push(value);
    else this.batch[kind] = value;
    if (++this.rows >= BATCH_ROWS) this.flush();
  };

  /** Builds what has arrived; the relations' own rows come first in the statements, so later rows find them. */
  flush(more?: Partial<RawModel>): void {
    const raw = this.batch as Partial<RawModel>;
    this.state ??= buildState(raw.version);
    buildModel(raw, this.opts, this.state);
    if (more) buildModel(more, this.opts, this.state);
    this.batch = {};
    this.rows = 0;
  }

  finish(): SchemaModel {
    this.flush();
    return this.state!.model;
  }
}

/** Both statements in one simple-query round trip, read row by row. */
async function readOne(client: pg.Client, opts: IntrospectOptions): Promise<SchemaModel> {
  const batcher = new Batcher(opts);
  const text = ['BEGIN READ ONLY', ...SESSION_SETUP, rowsStatement(queryA(opts)), rowsStatement(queryB(opts)), 'COMMIT'].join(';\n');
  await streamRows(client, text, batcher.add);
  return batcher.finish();
}

/**
 * Statement A on `client`, statement B at the same time on a second connection that imports A's
 * snapshot. Whenever the second connection cannot be used (connect fails, the snapshot cannot be
 * exported or imported), `client` reads B itself afterwards: same result, just not in parallel.
 * B's rows name relations by OID and may arrive before A's relations, so they wait for A.
 */
async function readParallel(client: pg.Client, opts: IntrospectOptions, connect: () => Promise<pg.Client>): Promise<SchemaModel> {
  const begin = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
  const batcher = new Batcher(opts);
  const opening = Promise.resolve()
    .then(connect)
    .catch(() => undefined);
  let b: Promise<Partial<RawB> | undefined> = Promise.resolve(undefined);
  try {
    await client.query([begin, ...SESSION_SETUP].join(';\n'));
    const snapshot = await client.query('SELECT pg_catalog.pg_export_snapshot() AS s').then(
      (r) => r.rows[0].s as string,
      () => undefined,
    );
    // A failed export aborted the transaction; start over without one to share.
    if (snapshot === undefined) await client.query(['ROLLBACK', begin, ...SESSION_SETUP].join(';\n'));
    const second = await opening;
    if (second && snapshot !== undefined) b = readB(second, begin, snapshot, opts);
    else void second?.end().catch(() => undefined);
  } catch (error) {
    void opening.then((c) => c?.end().catch(() => undefined));
    throw error;
  }
  // B may fail while A is still running; that failure is awaited (and reported) below.
  b.catch(() => undefined);
  await streamRows(client, rowsStatement(queryA(opts)), batcher.add);
  const rawB = await b;
  if (rawB) batcher.flush(rawB);
  else await streamRows(client, rowsStatement(queryB(opts)), batcher.add);
  await client.query('COMMIT');
  return batcher.finish();
}

/** Statement B's rows from the second connection, which it closes; undefined when the snapshot import failed. */
async function readB(second: pg.Client, begin: string, snapshot: string, opts: IntrospectOptions): Promise<Partial<RawB> | undefined> {
  try {
    try {
      await second.query(`${begin};\nSET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    } catch {
      // e.g. a transaction-mode pooler that sent the two connections to different servers
      return undefined;
    }
    const raw: Record<string, unknown> = {};
    await streamRows(second, [...SESSION_SETUP, rowsStatement(queryB(opts)), 'COMMIT'].join(';\n'), (kind, element, value) => {
      if (element) ((raw[kind] ??= []) as unknown[]).push(value);
      else raw[kind] = value;
    });
    return raw as Partial<RawB>;
  } finally {
    await second.end().catch(() => undefined);
  }
}

// ---- raw rows: positional json arrays, in the column order of introspect.sql.ts ----

type Acl = string[] | null;
/** Relation OIDs arrive as JSON strings (json_build_array prints oid values quoted). */
type Oid = string;
/** Statement A also carries the rows of introspect-objects.ts and introspect-kinds.ts. */
interface RawA extends RawObjects, RawKindsB {
  version: number;
  schemas: Array<[n: string, cmt: string | null, acl: Acl]> | null;
  extensions: Array<[n: string, v: string, s: string, dv: string | null]> | null;
  tables: Array<[
    oid: Oid, s: string, n: string, k: 'r' | 'p', unlogged: boolean, pkey: string | null, pof: string | null,
    bound: string | null, inh: string[] | null, rls: boolean, frls: boolean, cmt: string | null, acl: Acl,
    opts: string[] | null, replica: string | null, am: string | null, of: string | null, cluster: string | null, toast: string[] | null,
  ]> | null;
  views: Array<[oid: Oid, s: string, n: string, k: 'v' | 'm', def: string, opts: string[] | null, deps: string[] | null, cmt: string | null, acl: Acl]> | null;
  columns: Array<[
    r: Oid, n: string, t: string, nn: boolean, def: string | null, idn: string, gen: string,
    coll: string | null, inh: boolean, local: boolean, cmt: string | null, acl: Acl,
    storage: string | null, stats: number | null, attopts: string[] | null,
    idopts: [t: string, start: string, inc: string, min: string, max: string, cache: string, cycle: boolean] | null,
  ]> | null;
  columnCompression: Array<[r: Oid, n: string, c: string]> | null;
  sequences: Array<[
    s: string, n: string, t: string, start: string, inc: string, min: string, max: string, cache: string,
    cycle: boolean, owned: string | null, cmt: string | null, acl: Acl, unlogged: boolean,
  ]> | null;
  functions: Array<[s: string, n: string, k: string, args: string, iargs: string, res: string | null, def: string, cmt: string | null, acl: Acl]> | null;
  types: Array<[
    s: string, n: string, k: string, vals: string[] | null, base: string | null, def: string | null, nn: boolean,
    coll: string | null, cons: Array<[n: string, def: string]> | null,
    attrs: Array<[n: string, t: string, coll: string | null]> | null, cmt: string | null, acl: Acl,
  ]> | null;
  defaultPrivileges: Array<[role: string, s: string, k: 'r' | 'S' | 'f' | 'T' | 'n', acl: string[]]> | null;
  publications: Array<[
    n: string, all: boolean, ops: [boolean, boolean, boolean, boolean], viaRoot: boolean,
    tables: Array<[key: string, cols: string[] | null, where: string | null]> | null, schemas: string[] | null, cmt: string | null,
  ]> | null;
  statistics: Array<[s: string, n: string, table: string, def: string, cmt: string | null, target: number | null]> | null;
}
interface RawB {
  constraints: Array<[r: Oid, n: string, ct: string, def: string, ref: string | null, inh: boolean, parent: string | null, cmt: string | null]> | null;
  indexes: Array<[r: Oid, n: string, def: string, parent: string | null, cmt: string | null, stats: string[] | null]> | null;
  triggers: Array<[r: Oid, n: string, def: string, en: string, cmt: string | null]> | null;
  rules: Array<[r: Oid, n: string, def: string, en: string, cmt: string | null]> | null;
  policies: Array<[r: Oid, n: string, perm: boolean, cmd: string, roles: string[] | null, using: string | null, check: string | null, cmt: string | null]> | null;
}
type RawModel = RawA & RawB;

const constraintTypes: Record<string, ConstraintType> = {
  p: 'primary key',
  f: 'foreign key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
};

const storageNames: Record<string, ColumnDef['storage']> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };
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

/** The model under construction, and its relations by OID for the rows of other kinds that name their relation by OID. */
export interface BuildState {
  model: SchemaModel;
  tableOf: Map<Oid, TableDef>;
  viewOf: Map<Oid, ViewDef>;
  keyOf: Map<Oid, string>;
  foreignOf: Map<Oid, ForeignTableDef>;
}

export function buildState(version?: number): BuildState {
  return { model: emptyModel(version), tableOf: new Map(), viewOf: new Map(), keyOf: new Map(), foreignOf: new Map() };
}

/**
 * Adds the rows of `raw` to the model. Called once with every row, or (streaming) once per batch
 * with the same state: a batch may hold rows of any kinds, as long as a relation's own row came in
 * the same or an earlier batch than the rows that name it by OID (the statements' order).
 */
export function buildModel(raw: Partial<RawModel>, opts: IntrospectOptions = {}, state: BuildState = buildState(raw.version)): SchemaModel {
  const ig = opts.ignorePrivileges;
  const { model, tableOf, viewOf, keyOf } = state;

  for (const row of raw.schemas ?? []) {
    const n = row[0], cmt = row[1], acl = row[2];
    const def = { name: n } as SchemaModel['schemas'][string];
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    model.schemas[keyPart(n)] = def;
  }
  for (const row of raw.extensions ?? []) {
    const n = row[0], v = row[1], s = row[2], dv = row[3];
    model.extensions[n] = { name: n, version: v, schema: s, ...(dv ? { defaultVersion: dv } : {}) };
  }

  for (const row of raw.tables ?? []) {
    const oid = row[0], s = row[1], n = row[2], k = row[3], unlogged = row[4], pkey = row[5], pof = row[6], bound = row[7], inh = row[8],
      rls = row[9], frls = row[10], cmt = row[11], acl = row[12], opts = row[13], replica = row[14], am = row[15], of = row[16], cluster = row[17], toast = row[18];
    const def: TableDef = {
      schema: s,
      name: n,
      kind: k === 'p' ? 'partitioned table' : 'table',
      unlogged,
      rowSecurity: rls,
      forceRowSecurity: frls,
      columns: [],
      constraints: {},
      triggers: {},
      policies: {},
    };
    put(def, 'partitionKey', pkey);
    put(def, 'partitionOf', pof);
    put(def, 'partitionBound', bound);
    if (inh && inh.length > 0) def.inherits = inh;
    const storage = [...(opts ?? []), ...(toast ?? []).map((o) => `toast.${o}`)];
    if (storage.length > 0) def.storage = storage.sort(compareText);
    put(def, 'replicaIdentity', replica as TableDef['replicaIdentity'] | null);
    put(def, 'accessMethod', am);
    put(def, 'ofType', of);
    put(def, 'clusterOn', cluster);
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    const key = qualifiedKey(s, n);
    model.tables[key] = def;
    tableOf.set(oid, def);
    keyOf.set(oid, key);
  }

  for (const row of raw.views ?? []) {
    const oid = row[0], s = row[1], n = row[2], k = row[3], viewDef = row[4], opts = row[5], deps = row[6], cmt = row[7], acl = row[8];
    const options = (opts ?? []).filter((o) => !o.startsWith('check_option=')).sort(compareText);
    const check = (opts ?? []).find((o) => o.startsWith('check_option='));
    const def: ViewDef = {
      schema: s,
      name: n,
      kind: k === 'm' ? 'materialized view' : 'view',
      definition: stripSemicolon(viewDef),
      options,
      dependsOn: [...(deps ?? [])].sort(compareText),
      columns: [],
      triggers: {},
    };
    if (check) def.checkOption = check.slice('check_option='.length).toUpperCase();
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    const key = qualifiedKey(s, n);
    model.views[key] = def;
    viewOf.set(oid, def);
    keyOf.set(oid, key);
  }

  const foreignOf = buildForeignTables(raw, model, ig, state.foreignOf);

  for (const row of raw.columns ?? []) {
    const r = row[0], n = row[1], t = row[2], nn = row[3], dflt = row[4], idn = row[5], gen = row[6], coll = row[7], inh = row[8],
      local = row[9], cmt = row[10], acl = row[11], storage = row[12], stats = row[13], attopts = row[14], idopts = row[15];
    const owner = tableOf.get(r) ?? viewOf.get(r) ?? foreignOf.get(r);
    if (!owner) continue;
    const col: ColumnDef = { name: n, type: t, notNull: nn };
    if (gen === 's') col.generated = dflt ?? '';
    else put(col, 'default', dflt);
    if (idn === 'a') col.identity = 'always';
    else if (idn === 'd') col.identity = 'by default';
    if (idopts) {
      const [seqType, start, increment, min, max, cache, cycle] = idopts;
      const options = { start, increment, min, max, cache, cycle };
      // Bounds and start default by direction, the step itself to 1: INCREMENT BY -1 is an option.
      const dflt = { ...defaultSequenceOptions(seqType, increment), increment: '1' };
      if ((Object.keys(options) as Array<keyof typeof options>).some((k) => options[k] !== dflt[k])) col.identityOptions = options;
    }
    put(col, 'collation', coll);
    if (inh) col.inherited = true;
    if (!local) col.notLocal = true;
    if (storage) {
      col.storage = storageNames[storage[0]];
      col.typeStorage = storageNames[storage[1]];
    }
    put(col, 'statisticsTarget', stats);
    if (attopts && attopts.length > 0) col.attributeOptions = [...attopts].sort(compareText);
    put(col, 'comment', cmt);
    // Column ACLs default to empty; keep them only when there is something, to keep snapshots small.
    if (!ig && acl && acl.length > 0) col.privileges = [...acl].sort(compareText);
    owner.columns.push(col);
  }

  for (const [r, n, c] of raw.columnCompression ?? []) {
    const col = tableOf.get(r)?.columns.find((x) => x.name === n);
    if (col) col.compression = c === 'l' ? 'lz4' : c === 'p' ? 'pglz' : c;
  }

  for (const row of raw.constraints ?? []) {
    const r = row[0], n = row[1], ct = row[2], definition = row[3], ref = row[4], inh = row[5], parent = row[6], cmt = row[7];
    const table = tableOf.get(r) ?? foreignOf.get(r);
    if (!table) continue;
    const def = { name: n, type: constraintTypes[ct], definition } as TableDef['constraints'][string];
    put(def, 'references', ref);
    if (inh) def.inherited = true;
    put(def, 'parent', parent);
    put(def, 'comment', cmt);
    table.constraints[n] = def;
  }

  for (const row of raw.indexes ?? []) {
    const r = row[0], n = row[1], definition = row[2], parent = row[3], cmt = row[4], stats = row[5];
    const owner = tableOf.get(r) ?? viewOf.get(r);
    const table = keyOf.get(r);
    if (!owner || table === undefined) continue;
    const def = { schema: owner.schema, name: n, table, definition } as SchemaModel['indexes'][string];
    put(def, 'parent', parent);
    if (stats && stats.length > 0) def.statistics = stats;
    put(def, 'comment', cmt);
    model.indexes[qualifiedKey(owner.schema, n)] = def;
  }

  for (const row of raw.triggers ?? []) {
    const r = row[0], n = row[1], definition = row[2], en = row[3], cmt = row[4];
    // Foreign tables (and foreign partitions) have triggers too; pg_dump writes them.
    const owner = tableOf.get(r) ?? viewOf.get(r) ?? foreignOf.get(r);
    if (!owner?.triggers) continue;
    const def: TriggerDef = { name: n, definition, enabled: en as TriggerDef['enabled'] };
    put(def, 'comment', cmt);
    owner.triggers[n] = def;
  }

  for (const row of raw.rules ?? []) {
    const r = row[0], n = row[1], definition = row[2], en = row[3], cmt = row[4];
    const owner = tableOf.get(r) ?? viewOf.get(r);
    if (!owner) continue;
    const def: RuleDef = { name: n, definition: stripSemicolon(definition), enabled: en as RuleDef['enabled'] };
    put(def, 'comment', cmt);
    (owner.rules ??= {})[n] = def;
  }

  for (const row of raw.policies ?? []) {
    const r = row[0], n = row[1], perm = row[2], cmd = row[3], roles = row[4], using = row[5], check = row[6], cmt = row[7];
    const table = tableOf.get(r);
    if (!table) continue;
    const def = {
      name: n,
      permissive: perm,
      command: policyCommands[cmd] ?? 'ALL',
      roles: [...(roles ?? ['PUBLIC'])].sort(compareText),
    } as TableDef['policies'][string];
    put(def, 'using', using);
    put(def, 'withCheck', check);
    put(def, 'comment', cmt);
    table.policies[n] = def;
  }

  for (const row of raw.sequences ?? []) {
    const s = row[0], n = row[1], t = row[2], start = row[3], inc = row[4], min = row[5], max = row[6], cache = row[7], cycle = row[8],
      owned = row[9], cmt = row[10], acl = row[11], unlogged = row[12];
    const def = {
      schema: s, name: n, type: t, start, increment: inc, min, max, cache, cycle,
    } as SchemaModel['sequences'][string];
    if (unlogged) def.unlogged = true;
    put(def, 'ownedBy', owned);
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    model.sequences[qualifiedKey(s, n)] = def;
  }

  for (const row of raw.functions ?? []) {
    const s = row[0], n = row[1], k = row[2], args = row[3], iargs = row[4], res = row[5], fnDef = row[6], cmt = row[7], acl = row[8];
    const def: FunctionDef = {
      schema: s,
      name: n,
      kind: functionKinds[k] ?? 'function',
      argTypes: args,
      identityArgs: iargs,
      definition: fnDef.replace(/\s+$/, ''),
    };
    put(def, 'result', res);
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    model.functions[functionKey(s, n, args)] = def;
  }

  for (const row of raw.types ?? []) {
    const s = row[0], n = row[1], k = row[2], vals = row[3], base = row[4], dflt = row[5], nn = row[6], coll = row[7], cons = row[8],
      attrs = row[9], cmt = row[10], acl = row[11];
    const kind = k === 'e' ? 'enum' : k === 'd' ? 'domain' : 'composite';
    const def: TypeDef = { schema: s, name: n, kind };
    if (kind === 'enum') def.values = vals ?? [];
    if (kind === 'domain') {
      def.baseType = base ?? '';
      put(def, 'default', dflt);
      def.notNull = nn;
      put(def, 'collation', coll);
      def.constraints = {};
      for (const c of cons ?? []) def.constraints[c[0]] = { name: c[0], definition: c[1] };
    }
    if (kind === 'composite') {
      def.attributes = (attrs ?? []).map((a) => {
        const attr: { name: string; type: string; collation?: string } = { name: a[0], type: a[1] };
        put(attr, 'collation', a[2]);
        return attr;
      });
    }
    put(def, 'comment', cmt);
    put(def, 'privileges', privileges(acl, ig));
    model.types[qualifiedKey(s, n)] = def;
  }

  const operations = ['insert', 'update', 'delete', 'truncate'];
  for (const row of raw.publications ?? []) {
    const n = row[0], all = row[1], ops = row[2], viaRoot = row[3], tables = row[4], schemas = row[5], cmt = row[6];
    const def: PublicationDef = {
      name: n,
      allTables: all,
      publish: operations.filter((_, i) => ops[i]),
      viaRoot,
      tables: {},
      schemas: [...(schemas ?? [])].sort(compareText),
    };
    for (const [key, cols, where] of tables ?? []) {
      const t: PublicationDef['tables'][string] = {};
      put(t, 'columns', cols);
      put(t, 'where', where);
      def.tables[key] = t;
    }
    put(def, 'comment', cmt);
    model.publications![n] = def;
  }

  for (const row of raw.statistics ?? []) {
    const s = row[0], n = row[1], table = row[2], definition = row[3], cmt = row[4], target = row[5];
    const def: StatisticsDef = { schema: s, name: n, table, definition };
    put(def, 'target', target);
    put(def, 'comment', cmt);
    model.statistics![qualifiedKey(s, n)] = def;
  }

  buildObjects(raw, model, ig);
  attachColumnOptions(foreignOf.values());
  buildKindsB(raw, model, ig);

  if (!ig) {
    for (const row of raw.defaultPrivileges ?? []) {
      const role = row[0], s = row[1], k = row[2], acl = row[3];
      model.defaultPrivileges[`${role}|${s}|${k}`] = {
        role,
        schema: s,
        objectType: k,
        privileges: [...acl].sort(compareText),
      };
    }
  }
  return model;
}
