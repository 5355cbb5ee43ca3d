import { alterCommands, qualifiedRelation } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

export const setNotNullWithoutCheck: Rule = {
  id: 'set-not-null-without-check',
  title: 'SET NOT NULL scans the table under an exclusive lock',
  severity: 'warning',
  category: 'locking',
  description:
    'ALTER COLUMN ... SET NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock, so reads and writes stop. Since PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) already exists, and that check can be added without the long lock.',
  example: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  fix: 'ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT (takes only a SHARE UPDATE EXCLUSIVE lock); then SET NOT NULL (no scan); then drop the check.',
  check(stmt, file) {
    if (stmt.type !== 'AlterTableStmt') return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const rel = stmt.node.relation?.relname;
    return alterCommands(stmt.node)
      .filter((c) => c.subtype === 'AT_SetNotNull' && !file.provenNotNull.has(`${table}.${c.name}`))
      .map((c) => {
        const check = `${rel}_${c.name}_not_null`;
        return {
          object: `${table}.${c.name}`,
          message: `SET NOT NULL on ${table}.${c.name} scans the whole table while holding an exclusive lock that blocks reads and writes.`,
          fix: [
            `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${c.name} IS NOT NULL) NOT VALID;`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
            `ALTER TABLE ${table} ALTER COLUMN ${c.name} SET NOT NULL;`,
            `ALTER TABLE ${table} DROP CONSTRAINT ${check};`,
          ].join('\n'),
        };
      });
  },
};
