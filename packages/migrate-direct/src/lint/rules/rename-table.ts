import { qualifiedRelation } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

export const renameTable: Rule = {
  id: 'rename-table',
  title: 'RENAME TABLE breaks the running app version',
  severity: 'warning',
  category: 'compatibility',
  description:
    'During a deploy the old app version keeps running; the moment the rename commits, every query it sends to the old table name fails.',
  example: 'ALTER TABLE customers RENAME TO accounts;',
  fix: 'Rename, then leave a view under the old name (CREATE VIEW old AS SELECT * FROM new) until no running release uses it.',
  check(stmt, file) {
    if (stmt.type !== 'RenameStmt' || stmt.node.renameType !== 'OBJECT_TABLE') return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const to = `${stmt.node.relation?.schemaname ?? 'public'}.${stmt.node.newname}`;
    return [
      {
        object: table,
        message: `Renaming ${table} to ${stmt.node.newname} breaks every query of the app version still running that uses the old name.`,
        fix: `ALTER TABLE ${table} RENAME TO ${stmt.node.newname}; CREATE VIEW ${table} AS SELECT * FROM ${to}; (a simple view stays writable) and drop the view once no running release uses ${table}.`,
      },
    ];
  },
};
