import { alterCommands, qualifiedRelation, strings } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

export const addForeignKeyWithoutNotValid: Rule = {
  id: 'add-foreign-key-without-not-valid',
  title: 'ADD FOREIGN KEY validates every row under a lock',
  severity: 'warning',
  category: 'locking',
  description:
    'Adding a foreign key checks every existing row while holding SHARE ROW EXCLUSIVE locks on both tables, blocking writes to both for the whole scan. Added NOT VALID, the constraint applies to new rows at once and the check of old rows runs later under a lock that lets writes continue.',
  example: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
  fix: 'ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID; then, in a later statement or migration, VALIDATE CONSTRAINT.',
  check(stmt, file) {
    if (stmt.type !== 'AlterTableStmt') return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const rel = stmt.node.relation?.relname;
    return alterCommands(stmt.node)
      .filter((c) => c.subtype === 'AT_AddConstraint' && c.def?.Constraint?.contype === 'CONSTR_FOREIGN' && !c.def.Constraint.skip_validation)
      .map((c) => {
        const fk = c.def.Constraint;
        const cols = strings(fk.fk_attrs);
        const refCols = strings(fk.pk_attrs);
        const referenced = qualifiedRelation(fk.pktable);
        const name = fk.conname ?? `${rel}_${cols.join('_')}_fkey`;
        return {
          object: `${table}.${name}`,
          message: `Adding foreign key ${name} on ${table} checks every existing row while blocking writes to ${table} and ${referenced}.`,
          fix: [
            `ALTER TABLE ${table} ADD CONSTRAINT ${name} FOREIGN KEY (${cols.join(', ')}) REFERENCES ${referenced}${refCols.length ? ` (${refCols.join(', ')})` : ''} NOT VALID;`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`,
          ].join('\n'),
        };
      });
  },
};
