import { alterCommands, qualifiedRelation } from '../ast.ts';
import type { Rule } from '../types.ts';

export const dropColumn: Rule = {
  id: 'drop-column',
  title: 'DROP COLUMN deletes a column and its data',
  severity: 'error',
  category: 'destructive',
  description:
    'Dropping a column loses its data with no undo, and the app version still running during the deploy breaks on queries that name it (including ORMs that SELECT every mapped column). Blocked in production unless allow-destructive is set.',
  example: 'ALTER TABLE users DROP COLUMN legacy_email;',
  fix: 'Remove the column from the app (and ORM model) in one release, then drop it in a later migration deployed with allow-destructive.',
  check(stmt) {
    if (stmt.type !== 'AlterTableStmt') return [];
    const table = qualifiedRelation(stmt.node.relation);
    return alterCommands(stmt.node)
      .filter((c) => c.subtype === 'AT_DropColumn')
      .map((c) => ({
        object: `${table}.${c.name}`,
        message: `Dropping column ${table}.${c.name} deletes its data, and the app version still running fails on queries that use it.`,
        fix: `Stop reading and writing ${c.name} in a deployed release first, then run ALTER TABLE ${table} DROP COLUMN ${c.name}; in a later migration with allow-destructive.`,
      }));
  },
};
