/**
 * Snapshots written before names with dots were quoted in keys (model.ts, keyPart) keyed and
 * referenced objects as plain `schema.name`. This rebuilds the keys from each object's own schema
 * and name, and maps references to the keys they meant. For ordinary names both forms are the
 * same text, so this changes nothing; snapshots written since (already quoted) come through as
 * they are, because a reference that is already a key of the model is kept.
 */
import { compareText, functionKey, keyPart, memberKey, qualifiedKey, splitKey, type SchemaModel } from './model.ts';

export function withCurrentKeys(model: SchemaModel): SchemaModel {
  const relationKeys = new Map<string, string>(); // legacy or current key → current key
  const known = new Set<string>();
  const remember = (schema: string, name: string) => {
    const key = qualifiedKey(schema, name);
    known.add(key);
    if (!relationKeys.has(`${schema}.${name}`)) relationKeys.set(`${schema}.${name}`, key);
    return key;
  };
  const rekey = <T extends { schema: string; name: string }>(map: Record<string, T>, keyOf = (d: T) => remember(d.schema, d.name)) =>
    Object.fromEntries(Object.values(map).map((d) => [keyOf(d), d]));

  const tables = rekey(model.tables);
  const views = rekey(model.views);
  const indexes = rekey(model.indexes);
  const sequences = rekey(model.sequences);
  const types = rekey(model.types);
  const functions = rekey(model.functions, (f) => functionKey(f.schema, f.name, f.argTypes));

  const relation = (ref: string) => (known.has(ref) ? ref : (relationKeys.get(ref) ?? ref));
  // `schema.table.member`: the table is the longest legacy prefix that names a table we know.
  const tableList = Object.values(tables);
  const member = (ref: string) => {
    const [schema, name, rest, ...more] = splitKey(ref);
    if (rest !== undefined && more.length === 0 && known.has(qualifiedKey(schema, name)) && ref === memberKey(qualifiedKey(schema, name), rest)) return ref;
    const owner = tableList
      .filter((t) => ref.startsWith(`${t.schema}.${t.name}.`))
      .sort((a, b) => b.schema.length + b.name.length - (a.schema.length + a.name.length))[0];
    return owner ? memberKey(qualifiedKey(owner.schema, owner.name), ref.slice(owner.schema.length + owner.name.length + 2)) : ref;
  };

  for (const t of Object.values(tables)) {
    if (t.partitionOf) t.partitionOf = relation(t.partitionOf);
    if (t.inherits) t.inherits = t.inherits.map(relation);
    for (const c of Object.values(t.constraints)) {
      if (c.references) c.references = relation(c.references);
      if (c.parent) c.parent = member(c.parent);
    }
  }
  for (const v of Object.values(views)) v.dependsOn = v.dependsOn.map(relation).sort(compareText);
  for (const i of Object.values(indexes)) {
    i.table = relation(i.table);
    if (i.parent) i.parent = relation(i.parent);
  }
  for (const s of Object.values(sequences)) if (s.ownedBy) s.ownedBy = member(s.ownedBy);

  const schemas = Object.fromEntries(Object.values(model.schemas).map((s) => [keyPart(s.name), s]));
  return { ...model, schemas, tables, views, indexes, sequences, types, functions };
}
