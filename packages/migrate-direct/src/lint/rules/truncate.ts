import { qualifiedRelation, type AstNode } from '../ast.ts';
import type { Rule } from '../types.ts';

export const truncate: Rule = {
  id: 'truncate',
  title: 'TRUNCATE deletes every row',
  severity: 'error',
  category: 'destructive',
  description:
    'TRUNCATE empties a table (and with CASCADE, every table referencing it) under an ACCESS EXCLUSIVE lock, with no undo once committed. Blocked in production unless allow-destructive is set.',
  example: 'TRUNCATE sessions;',
  fix: 'Delete only the rows you mean to, in batches with a WHERE clause, or run the cleanup as a one-off job outside the migration.',
  check(stmt) {
    if (stmt.type !== 'TruncateStmt') return [];
    return (stmt.node.relations ?? []).map((r: AstNode) => {
      const table = qualifiedRelation(r.RangeVar);
      return {
        object: table,
        message: `TRUNCATE ${table} deletes every row of the table${stmt.node.behavior === 'DROP_CASCADE' ? ' and of every table that references it' : ''}.`,
        fix: `Delete only the rows you mean to, in batches: DELETE FROM ${table} WHERE <condition> (repeat with LIMIT via a ctid/id subquery), or run it as a one-off job with allow-destructive.`,
      };
    });
  },
};
