import { alterCommands, qualifiedRelation, type AstNode } from '../ast.ts';
import type { Rule, Statement } from '../types.ts';

/**
 * What PostgreSQL refuses inside a transaction block ("cannot run inside a transaction block"),
 * named the way the user wrote it. ALTER TYPE ... ADD VALUE is only refused before PostgreSQL 12,
 * which is out of support, so it is not listed.
 */
function outsideOnly(stmt: Statement): string | undefined {
  const n = stmt.node;
  switch (stmt.type) {
    case 'IndexStmt':
      return n.concurrent ? `CREATE INDEX CONCURRENTLY on ${qualifiedRelation(n.relation)}` : undefined;
    case 'ReindexStmt':
      return (n.params ?? []).some((p: AstNode) => p.DefElem?.defname === 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return n.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'VacuumStmt':
      return n.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'AlterTableStmt':
      return alterCommands(n).some((c) => c.subtype === 'AT_DetachPartition' && c.def?.PartitionCmd?.concurrent)
        ? 'DETACH PARTITION ... CONCURRENTLY'
        : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    default:
      return undefined;
  }
}

export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  title: 'CONCURRENTLY (or VACUUM) inside a transaction',
  severity: 'error',
  category: 'transaction',
  description:
    'CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, VACUUM, CREATE/DROP DATABASE and similar statements cannot run inside a transaction block; a migration that runs in a transaction fails at deploy time, possibly after some of its statements already ran elsewhere.',
  example: 'CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);',
  fix: 'Make -- preflight:no-transaction the first line of the migration, and keep that migration to this one statement so a failure leaves nothing half-applied.',
  check(stmt, _file, ctx) {
    if (!ctx.inTransaction) return [];
    const what = outsideOnly(stmt);
    if (!what) return [];
    const n = stmt.node;
    const object = n.relation ? qualifiedRelation(n.relation) : n.dbname ? String(n.dbname) : stmt.type;
    return [
      {
        object,
        message: `${what} cannot run inside a transaction block, and this migration runs in one, so it fails at deploy time.`,
        fix: `-- preflight:no-transaction (as the first line of the migration, which should hold only this statement)\n${stmt.text};`,
      },
    ];
  },
};
