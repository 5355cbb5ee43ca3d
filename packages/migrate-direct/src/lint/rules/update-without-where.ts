import { qualifiedRelation } from '../ast.ts';
import type { Rule } from '../types.ts';

export const updateWithoutWhere: Rule = {
  id: 'update-without-where',
  title: 'UPDATE without WHERE overwrites every row',
  severity: 'error',
  category: 'destructive',
  description:
    'An UPDATE with no WHERE clause overwrites a column in every row, losing the old values, and on a large table locks every row for the whole migration. Blocked in production unless allow-destructive is set.',
  example: "UPDATE users SET plan = 'free';",
  fix: 'Add the WHERE clause that selects the rows to change; backfills of a new column go in batches (WHERE id BETWEEN ... AND ...).',
  check(stmt) {
    if (stmt.type !== 'UpdateStmt' || stmt.node.whereClause) return [];
    const table = qualifiedRelation(stmt.node.relation);
    return [
      {
        object: table,
        message: `UPDATE ${table} has no WHERE clause, so it overwrites every row of the table and locks them all until the migration commits.`,
        fix: `UPDATE ${table} SET ... WHERE <condition>; for a backfill, update in batches (WHERE id > $last ORDER BY id LIMIT 10000) outside the migration's transaction.`,
      },
    ];
  },
};
