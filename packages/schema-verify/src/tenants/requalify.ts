/**
 * Schema per tenant: the expected side holds one template schema (`public` by default), the live
 * database holds many copies of it (`tenant_001`, `tenant_002`, ...). To compare one copy, the
 * template's part of the expected model is re-qualified with the tenant's name (keys, `schema`
 * fields, and names inside definitions), so that findings and their fixes name the tenant's
 * objects (`tenant_042.invoices.nit`, `ALTER TABLE tenant_042.invoices ...`) and text the server
 * printed for the tenant (`REFERENCES tenant_042.customers(id)`) compares equal.
 *
 * Only names of the template's own objects are re-qualified inside text: `public.citext` (an
 * extension's type) or `shared.currencies` (another schema) stay as they are, as the server prints
 * them for the tenant too.
 */
import { quoteIdent } from '@preflight/pg';
import { emptyModel, escapeRegExp, functionKey, keyPart, qualifiedKey, type ColumnDef, type SchemaModel, type TableDef, type TriggerDef, type TypeDef, type ViewDef } from '../model.ts';

/** A name in SQL text as the server prints it: quoted, or a bare identifier. */
const IDENT = String.raw`"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*`;

/** Objects of one schema, with `from` re-qualified as `to` everywhere they refer to each other. */
export function requalify(model: SchemaModel, from: string, to: string): SchemaModel {
  const names = objectNames(model, from);
  const fromKey = `${keyPart(from)}.`;
  const toKey = `${keyPart(to)}.`;
  const key = (k: string) => (k.startsWith(fromKey) ? toKey + k.slice(fromKey.length) : k);
  const pattern = new RegExp(String.raw`(?<![A-Za-z0-9_$."\u0080-\uffff])${escapeRegExp(quoteIdent(from))}\.(${IDENT})`, 'g');
  const toSql = quoteIdent(to);
  const text = <T extends string | undefined>(s: T): T =>
    (s === undefined ? s : s.replace(pattern, (whole, name: string) => (names.has(unquote(name)) ? `${toSql}.${name}` : whole))) as T;
  const column = (c: ColumnDef): ColumnDef => ({ ...c, type: text(c.type), default: text(c.default), generated: text(c.generated), collation: text(c.collation) });
  const triggers = (t: Record<string, TriggerDef>) => mapValues(t, (x) => ({ ...x, definition: text(x.definition) }));
  const out = emptyModel(model.serverVersionNum);
  out.extensions = {};
  out.publications = {};
  const schema = model.schemas[keyPart(from)];
  if (schema) out.schemas[keyPart(to)] = { ...schema, name: to };

  for (const t of ofSchema(model.tables, from)) {
    const table: TableDef = {
      ...t,
      schema: to,
      partitionKey: text(t.partitionKey),
      partitionOf: t.partitionOf === undefined ? undefined : key(t.partitionOf),
      inherits: t.inherits?.map(key),
      columns: t.columns.map(column),
      constraints: mapValues(t.constraints, (c) => ({ ...c, definition: text(c.definition), references: c.references === undefined ? undefined : key(c.references), parent: c.parent === undefined ? undefined : key(c.parent) })),
      triggers: triggers(t.triggers),
      rules: t.rules && mapValues(t.rules, (x) => ({ ...x, definition: text(x.definition) })),
      policies: mapValues(t.policies, (p) => ({ ...p, using: text(p.using), withCheck: text(p.withCheck) })),
    };
    out.tables[qualifiedKey(to, t.name)] = dropUndefined(table);
  }
  for (const v of ofSchema(model.views, from)) {
    const view: ViewDef = { ...v, schema: to, definition: text(v.definition), dependsOn: v.dependsOn.map(key), columns: v.columns.map(column), triggers: triggers(v.triggers),
      rules: v.rules && mapValues(v.rules, (x) => ({ ...x, definition: text(x.definition) })) };
    out.views[qualifiedKey(to, v.name)] = view;
  }
  for (const i of ofSchema(model.indexes, from)) {
    out.indexes[qualifiedKey(to, i.name)] = dropUndefined({ ...i, schema: to, table: key(i.table), definition: text(i.definition), parent: i.parent === undefined ? undefined : key(i.parent) });
  }
  for (const s of ofSchema(model.sequences, from)) {
    out.sequences[qualifiedKey(to, s.name)] = dropUndefined({ ...s, schema: to, ownedBy: s.ownedBy === undefined ? undefined : key(s.ownedBy) });
  }
  for (const f of ofSchema(model.functions, from)) {
    const argTypes = text(f.argTypes);
    out.functions[functionKey(to, f.name, argTypes)] = dropUndefined({ ...f, schema: to, argTypes, identityArgs: text(f.identityArgs), result: text(f.result), definition: text(f.definition) });
  }
  for (const t of ofSchema(model.types, from)) {
    const type: TypeDef = {
      ...t,
      schema: to,
      baseType: text(t.baseType),
      default: text(t.default),
      collation: text(t.collation),
      constraints: t.constraints && mapValues(t.constraints, (c) => ({ ...c, definition: text(c.definition) })),
      attributes: t.attributes?.map((a) => dropUndefined({ ...a, type: text(a.type), collation: text(a.collation) })),
    };
    out.types[qualifiedKey(to, t.name)] = dropUndefined(type);
  }
  for (const s of ofSchema(model.statistics ?? {}, from)) {
    out.statistics![qualifiedKey(to, s.name)] = { ...s, schema: to, table: key(s.table), definition: text(s.definition) };
  }
  for (const d of Object.values(model.defaultPrivileges)) {
    if (d.schema === from) out.defaultPrivileges[`${d.role}|${to}|${d.objectType}`] = { ...d, schema: to };
  }
  return out;
}

/**
 * The parts of a model, one per schema, as models of their own: what each tenant schema holds.
 * One pass over the model (a slice per schema by filtering would cost schemas x objects).
 * Database-wide objects (extensions, publications, database-wide default privileges) belong to no
 * tenant and are left out.
 */
export function splitBySchema(model: SchemaModel): Map<string, SchemaModel> {
  const parts = new Map<string, SchemaModel>();
  for (const s of Object.values(model.schemas)) {
    const part = emptyModel(model.serverVersionNum);
    part.extensions = {};
    part.publications = {};
    part.schemas[keyPart(s.name)] = s;
    parts.set(s.name, part);
  }
  const groups = ['tables', 'views', 'indexes', 'sequences', 'functions', 'types', 'statistics', 'defaultPrivileges'] as const;
  for (const group of groups) {
    for (const [key, def] of Object.entries(model[group] ?? {})) {
      const part = parts.get(def.schema);
      if (part) (part[group] as Record<string, unknown>)[key] = def;
    }
  }
  return parts;
}

/** Unquoted names of the relations, indexes, sequences, types, routines and statistics of one schema. */
function objectNames(model: SchemaModel, schema: string): Set<string> {
  const names = new Set<string>();
  for (const group of [model.tables, model.views, model.indexes, model.sequences, model.functions, model.types, model.statistics ?? {}]) {
    for (const o of Object.values(group)) if (o.schema === schema) names.add(o.name);
  }
  return names;
}

function ofSchema<T extends { schema: string }>(group: Record<string, T>, schema: string): T[] {
  return Object.values(group).filter((o) => o.schema === schema);
}

function mapValues<T extends object>(record: Record<string, T>, fn: (value: T) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, dropUndefined(fn(v))]));
}

/** Models are compared as JSON-like data: a field set to undefined must look like a field never set. */
function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** `"Mixed Case"` → `Mixed Case`; bare names are folded to lower case as PostgreSQL reads them. */
function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}
