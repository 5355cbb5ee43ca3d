import { qualifiedRelation } from '../ast.ts';
import type { Rule } from '../types.ts';

export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  title: 'DELETE without WHERE deletes every row',
  severity: 'error',
  category: 'destructive',
  description:
    'A DELETE with no WHERE clause removes every row of the table, usually by accident (a condition lost in editing). Blocked in production unless allow-destructive is set.',
  example: 'DELETE FROM audit_log;',
  fix: 'Add the WHERE clause that selects the rows to delete; if every row really must go, say so with allow-destructive.',
  check(stmt) {
    if (stmt.type !== 'DeleteStmt' || stmt.node.whereClause) return [];
    const table = qualifiedRelation(stmt.node.relation);
    return [
      {
        object: table,
        message: `DELETE FROM ${table} has no WHERE clause, so it deletes every row of the table.`,
        fix: `DELETE FROM ${table} WHERE <condition>; (in batches for large tables), or deploy with allow-destructive if every row must go.`,
      },
    ];
  },
};
