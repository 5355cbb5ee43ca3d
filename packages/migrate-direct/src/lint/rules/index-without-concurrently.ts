import { qualifiedRelation } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

/** Rewrites the statement with CONCURRENTLY; the statement was classified by the parser, this only edits text for the fix. */
function concurrentVersion(text: string): string {
  return text.replace(/^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX)\b/i, '$1 CONCURRENTLY');
}

export const indexWithoutConcurrently: Rule = {
  id: 'index-without-concurrently',
  title: 'CREATE INDEX without CONCURRENTLY blocks writes',
  severity: 'warning',
  category: 'locking',
  description:
    'CREATE INDEX holds a SHARE lock on the table until the index is built: every INSERT, UPDATE and DELETE waits, for minutes on a large table. Tables created earlier in the same migration are empty and exempt.',
  example: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
  fix: 'CREATE INDEX CONCURRENTLY in its own migration whose first line is -- preflight:no-transaction (CONCURRENTLY cannot run inside a transaction).',
  check(stmt, file) {
    if (stmt.type !== 'IndexStmt' || stmt.node.concurrent) return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const name = stmt.node.idxname ? `index ${stmt.node.idxname}` : 'an index';
    return [
      {
        object: table,
        message: `Creating ${name} on ${table} without CONCURRENTLY blocks every write to the table until the index is built.`,
        fix: `-- preflight:no-transaction (first line of a migration of its own)\n${concurrentVersion(stmt.text)};`,
      },
    ];
  },
};
