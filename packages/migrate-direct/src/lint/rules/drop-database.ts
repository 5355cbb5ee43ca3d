import type { Rule } from '../types.ts';

export const dropDatabase: Rule = {
  id: 'drop-database',
  title: 'DROP DATABASE deletes a database',
  severity: 'error',
  category: 'destructive',
  description: 'Dropping a database deletes everything in it. It has no place in an application migration; it cannot even run inside a transaction.',
  example: 'DROP DATABASE analytics;',
  fix: 'Remove it from the migration; drop databases by hand (after a backup), not from a deploy.',
  check(stmt) {
    if (stmt.type !== 'DropdbStmt') return [];
    const db = String(stmt.node.dbname);
    return [
      {
        object: db,
        message: `DROP DATABASE ${db} deletes the whole database.`,
        fix: `Remove the statement from the migration; if ${db} really must go, back it up (pg_dump) and drop it by hand.`,
      },
    ];
  },
};
