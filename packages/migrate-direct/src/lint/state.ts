/**
 * What the migration has done so far, statement by statement. Several rules depend on it: a new
 * table is empty, so indexing it or adding a NOT NULL to it locks nothing that matters; a SET NOT
 * NULL is cheap after a validated CHECK (col IS NOT NULL); a type change is only known to narrow
 * when the old type is in the file.
 */
import { alterCommands, columnDefs, qualifiedRelation, strings, typeInfo, type AstNode, type TypeInfo } from './ast.ts';
import type { Statement } from './types.ts';

export interface FileState {
  /** Tables created earlier in this file (`public.users`). */
  createdTables: Set<string>;
  /** Last known type of `schema.table.column`, from CREATE TABLE, ADD COLUMN or ALTER TYPE. */
  columnTypes: Map<string, TypeInfo>;
  /** CHECK (col IS NOT NULL) NOT VALID constraints: `schema.table.constraint` → column. */
  notNullChecks: Map<string, string>;
  /** `schema.table.column` whose IS NOT NULL check has been validated. */
  provenNotNull: Set<string>;
}

export function newFileState(): FileState {
  return { createdTables: new Set(), columnTypes: new Map(), notNullChecks: new Map(), provenNotNull: new Set() };
}

/** The column a `CHECK (col IS NOT NULL)` is about, or undefined for any other check. */
function notNullCheckColumn(constraint: AstNode): string | undefined {
  if (constraint.contype !== 'CONSTR_CHECK') return undefined;
  const test = constraint.raw_expr?.NullTest;
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = strings(test.arg?.ColumnRef?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

function recordColumns(state: FileState, table: string, defs: AstNode[]): void {
  for (const def of defs) {
    const t = typeInfo(def.typeName);
    if (def.colname && t) state.columnTypes.set(`${table}.${def.colname}`, t);
  }
}

/** Updates the state with one statement, after the rules have looked at it. */
export function recordStatement(state: FileState, stmt: Statement): void {
  const n = stmt.node;
  if (stmt.type === 'CreateStmt') {
    const table = qualifiedRelation(n.relation);
    state.createdTables.add(table);
    recordColumns(state, table, columnDefs(n));
  } else if (stmt.type === 'CreateTableAsStmt') {
    state.createdTables.add(qualifiedRelation(n.into?.rel));
  } else if (stmt.type === 'RenameStmt' && n.renameType === 'OBJECT_TABLE' && n.relation) {
    const from = qualifiedRelation(n.relation);
    if (state.createdTables.has(from)) state.createdTables.add(`${n.relation.schemaname ?? 'public'}.${n.newname}`);
  } else if (stmt.type === 'AlterTableStmt') {
    const table = qualifiedRelation(n.relation);
    for (const cmd of alterCommands(n)) {
      const def = cmd.def ?? {};
      if (cmd.subtype === 'AT_AddColumn' && def.ColumnDef) {
        recordColumns(state, table, [def.ColumnDef]);
      } else if (cmd.subtype === 'AT_AlterColumnType' && def.ColumnDef) {
        const t = typeInfo(def.ColumnDef.typeName);
        if (t) state.columnTypes.set(`${table}.${cmd.name}`, t);
      } else if (cmd.subtype === 'AT_AddConstraint' && def.Constraint) {
        const c = def.Constraint;
        const column = notNullCheckColumn(c);
        if (!column) continue;
        // PostgreSQL names an unnamed check <table>_<column>_check.
        const name = c.conname ?? `${n.relation?.relname}_${column}_check`;
        // A check added without NOT VALID also proves it, but only after scanning the table under
        // ACCESS EXCLUSIVE: that is the lock the 3-step pattern exists to avoid, so it does not count.
        if (c.skip_validation) state.notNullChecks.set(`${table}.${name}`, column);
      } else if (cmd.subtype === 'AT_ValidateConstraint') {
        const column = state.notNullChecks.get(`${table}.${cmd.name}`);
        if (column) state.provenNotNull.add(`${table}.${column}`);
      }
    }
  }
}

/** A table created earlier in this file is new and empty: locking it stalls nobody. */
export function isNewTable(state: FileState, table: string): boolean {
  return state.createdTables.has(table);
}
