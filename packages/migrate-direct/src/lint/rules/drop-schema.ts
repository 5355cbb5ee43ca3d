import { dropObjectName } from '../ast.ts';
import type { Rule } from '../types.ts';

export const dropSchema: Rule = {
  id: 'drop-schema',
  title: 'DROP SCHEMA deletes a schema',
  severity: 'error',
  category: 'destructive',
  description:
    'Dropping a schema (with CASCADE: every table, view and function in it) loses all of it with no undo. Blocked in production unless allow-destructive is set.',
  example: 'DROP SCHEMA reporting CASCADE;',
  fix: 'Move what must stay out of the schema, back it up (pg_dump -n), and drop it in a migration deployed with allow-destructive.',
  check(stmt) {
    if (stmt.type !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_SCHEMA') return [];
    const cascade = stmt.node.behavior === 'DROP_CASCADE';
    return (stmt.node.objects ?? []).map((o: Record<string, unknown>) => {
      const schema = dropObjectName(o);
      return {
        object: schema,
        message: `DROP SCHEMA ${schema}${cascade ? ' CASCADE deletes the schema and every table, view and function in it' : ' deletes the schema'}.`,
        fix: `Back up the schema (pg_dump -n ${schema}) and drop it in a migration deployed with allow-destructive, after no release uses it.`,
      };
    });
  },
};
