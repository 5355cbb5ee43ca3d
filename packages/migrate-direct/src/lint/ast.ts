/**
 * Small readers over libpg-query's JSON AST. Nodes are `{ TypeName: { ... } }` wrappers; the
 * parser omits fields at their default (0, false, empty), so every reader tolerates absence.
 */

// The AST is JSON from the parser; the readers below check shapes as they go.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AstNode = Record<string, any>;

/** Unqualified names are resolved to `public`, the schema a default search_path creates into. */
export function qualifiedRelation(rangeVar: AstNode | undefined): string {
  if (!rangeVar) return '?';
  return `${rangeVar.schemaname ?? 'public'}.${rangeVar.relname}`;
}

export function strings(list: AstNode[] | undefined): string[] {
  return (list ?? []).map((n) => n?.String?.sval).filter((s): s is string => typeof s === 'string');
}

/** DROP objects: a List of String parts (`schema.table`) or a bare String (`DROP SCHEMA s`). */
export function dropObjectName(obj: AstNode, qualifyWith?: string): string {
  const parts = obj.List ? strings(obj.List.items) : obj.String ? [obj.String.sval as string] : [];
  if (qualifyWith && parts.length === 1) parts.unshift(qualifyWith);
  return parts.join('.');
}

export interface TypeInfo {
  /** Last part of the type name as the parser normalises it: int4, varchar, bpchar, numeric, text. */
  name: string;
  /** Integer modifiers: varchar(50) → [50], numeric(10,2) → [10, 2]. */
  mods: number[];
  array: boolean;
}

export function typeInfo(typeName: AstNode | undefined): TypeInfo | undefined {
  if (!typeName) return undefined;
  const names = strings(typeName.names);
  const name = names[names.length - 1];
  if (!name) return undefined;
  const mods = (typeName.typmods ?? [])
    .map((m: AstNode) => m?.A_Const?.ival?.ival ?? (m?.A_Const?.ival ? 0 : undefined))
    .filter((n: unknown): n is number => typeof n === 'number');
  return { name, mods, array: Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0 };
}

const sqlNames: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  bpchar: 'char',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
};

export function formatType(t: TypeInfo): string {
  const base = sqlNames[t.name] ?? t.name;
  return `${base}${t.mods.length ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

/** Every FuncCall name (last part, lower-case) anywhere under a node. */
export function functionCalls(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) functionCalls(n, out);
  } else if (node && typeof node === 'object') {
    const fc = (node as AstNode).FuncCall;
    if (fc) {
      const names = strings(fc.funcname);
      if (names.length) out.push(names[names.length - 1].toLowerCase());
    }
    for (const v of Object.values(node)) functionCalls(v, out);
  }
  return out;
}

/** The commands of an ALTER TABLE, unwrapped. */
export function alterCommands(stmt: AstNode): AstNode[] {
  return (stmt.cmds ?? []).map((c: AstNode) => c.AlterTableCmd).filter(Boolean);
}

/** Column definitions and table constraints of a CREATE TABLE. */
export function columnDefs(create: AstNode): AstNode[] {
  return (create.tableElts ?? []).map((e: AstNode) => e.ColumnDef).filter(Boolean);
}

export function constraintsOf(def: AstNode | undefined): AstNode[] {
  return (def?.constraints ?? []).map((c: AstNode) => c.Constraint).filter(Boolean);
}
