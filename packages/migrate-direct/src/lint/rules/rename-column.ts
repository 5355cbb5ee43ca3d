import { qualifiedRelation } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

export const renameColumn: Rule = {
  id: 'rename-column',
  title: 'RENAME COLUMN breaks the running app version',
  severity: 'warning',
  category: 'compatibility',
  description:
    'During a deploy the old app version keeps running; the moment the rename commits, every query it sends with the old column name fails.',
  example: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
  fix: 'Expand and contract: add the new column, write both, backfill, switch reads, and drop the old column in a later release.',
  check(stmt, file) {
    if (stmt.type !== 'RenameStmt' || stmt.node.renameType !== 'OBJECT_COLUMN') return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const { subname: from, newname: to } = stmt.node;
    return [
      {
        object: `${table}.${from}`,
        message: `Renaming ${table}.${from} to ${to} breaks every query of the app version still running that uses the old name.`,
        fix: `ALTER TABLE ${table} ADD COLUMN ${to} <type>; write both columns from the app, backfill ${to} from ${from} in batches, switch reads to ${to}, and drop ${from} in a later release.`,
      },
    ];
  },
};
