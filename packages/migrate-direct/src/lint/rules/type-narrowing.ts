import { alterCommands, formatType, qualifiedRelation, typeInfo, type TypeInfo } from '../ast.ts';
import type { Rule } from '../types.ts';

const intRank: Record<string, number> = { int2: 1, int4: 2, int8: 3 };
/** Decimal digits an integer type can hold, to compare with numeric(p, 0). */
const intDigits: Record<string, number> = { int2: 5, int4: 10, int8: 19 };
const textual = new Set(['text', 'varchar', 'bpchar']);

/** Characters a string type holds: varchar(n) → n, bare char → 1, text or bare varchar → unlimited. */
function length(t: TypeInfo): number | undefined {
  if (t.name === 'text' || (t.name === 'varchar' && t.mods.length === 0)) return Infinity;
  if (t.name === 'varchar' || t.name === 'bpchar') return t.mods[0] ?? 1;
  return undefined;
}

/** numeric(p, s) as [integer digits, scale]; unconstrained numeric is unlimited. */
function digits(t: TypeInfo): [number, number] | undefined {
  if (t.name === 'numeric') return t.mods.length ? [t.mods[0] - (t.mods[1] ?? 0), t.mods[1] ?? 0] : [Infinity, Infinity];
  if (t.name in intDigits) return [intDigits[t.name], 0];
  if (t.name === 'float4' || t.name === 'float8') return [Infinity, Infinity];
  return undefined;
}

/** A type that can hold less than "anything the column might contain" when the old type is unknown. */
function bounded(t: TypeInfo): boolean {
  return (t.name === 'varchar' && t.mods.length > 0) || t.name === 'bpchar' || t.name === 'int4' || t.name === 'int2' || (t.name === 'numeric' && t.mods.length > 0);
}

/** True when some value of `from` does not fit `to` (or loses precision in it). */
export function narrows(from: TypeInfo, to: TypeInfo): boolean {
  if (from.array !== to.array) return false;
  const lf = length(from);
  const lt = length(to);
  if (lf !== undefined && lt !== undefined) return lt < lf;
  if (to.name in intRank) {
    if (from.name in intRank) return intRank[to.name] < intRank[from.name];
    return from.name === 'numeric' || from.name === 'float4' || from.name === 'float8' || textual.has(from.name);
  }
  const df = digits(from);
  const dt = digits(to);
  if (df && dt) return dt[0] < df[0] || dt[1] < df[1];
  if (from.name === 'float8' && to.name === 'float4') return true;
  return false;
}

export const typeNarrowing: Rule = {
  id: 'type-narrowing',
  title: 'ALTER COLUMN TYPE to a smaller type',
  severity: 'error',
  category: 'destructive',
  description:
    'Changing a column to a type that holds less (varchar(255) to varchar(50), text to varchar(n), bigint to integer, numeric(12,4) to numeric(10,2)) fails on existing values that no longer fit, silently rounds numeric scale, and rewrites the table under an ACCESS EXCLUSIVE lock. When the old type is not in the same file, any change to varchar(n), char(n), integer, smallint or numeric(p,s) is reported as a possible narrowing.',
  example: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(50);',
  fix: 'Keep the wider type and enforce the limit with a CHECK constraint added NOT VALID, then VALIDATE CONSTRAINT; fix the rows that do not fit before any type change.',
  check(stmt, file) {
    if (stmt.type !== 'AlterTableStmt') return [];
    const table = qualifiedRelation(stmt.node.relation);
    const hits = [];
    for (const cmd of alterCommands(stmt.node)) {
      if (cmd.subtype !== 'AT_AlterColumnType') continue;
      const to = typeInfo(cmd.def?.ColumnDef?.typeName);
      if (!to) continue;
      const column = `${table}.${cmd.name}`;
      const from = file.columnTypes.get(column);
      if (from ? !narrows(from, to) : !bounded(to)) continue;
      const check = length(to) !== undefined ? `char_length(${cmd.name}) <= ${length(to)}` : `<${cmd.name} fits ${formatType(to)}>`;
      hits.push({
        object: column,
        message: from
          ? `Changing ${column} from ${formatType(from)} to ${formatType(to)} narrows it: existing values that do not fit make the migration fail or lose precision, and the table is rewritten under an exclusive lock.`
          : `Changing ${column} to ${formatType(to)} may narrow it (its current type is not in this file): values that do not fit make the migration fail or lose precision, and the table is rewritten under an exclusive lock.`,
        fix: `Keep the current type and enforce the limit instead: ALTER TABLE ${table} ADD CONSTRAINT ${stmt.node.relation?.relname}_${cmd.name}_fits CHECK (${check}) NOT VALID; then ALTER TABLE ${table} VALIDATE CONSTRAINT ${stmt.node.relation?.relname}_${cmd.name}_fits; (fix the rows that fail first).`,
      });
    }
    return hits;
  },
};
