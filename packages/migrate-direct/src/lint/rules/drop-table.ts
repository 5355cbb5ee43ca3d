import { dropObjectName } from '../ast.ts';
import type { Rule } from '../types.ts';

export const dropTable: Rule = {
  id: 'drop-table',
  title: 'DROP TABLE deletes a table and its rows',
  severity: 'error',
  category: 'destructive',
  description:
    'Dropping a table loses every row with no undo, and the app version still running during the deploy may still read or write it. Blocked in production unless allow-destructive is set.',
  example: 'DROP TABLE legacy_invoices;',
  fix: 'Ship a release that no longer uses the table, back it up (pg_dump -t), and drop it in a later migration deployed with allow-destructive.',
  check(stmt) {
    if (stmt.type !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_TABLE') return [];
    return (stmt.node.objects ?? []).map((o: Record<string, unknown>) => {
      const table = dropObjectName(o, 'public');
      return {
        object: table,
        message: `DROP TABLE ${table} deletes the table and all its rows, and the app version still running may be using it.`,
        fix: `Stop using ${table} in a deployed release first, back it up (pg_dump -t ${table}), then drop it in a later migration with allow-destructive; or rename it first (ALTER TABLE ${table} RENAME TO ${table.split('.').pop()}_deprecated) and drop it in a later release.`,
      };
    });
  },
};
