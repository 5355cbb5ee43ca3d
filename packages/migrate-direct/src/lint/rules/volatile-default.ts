import { alterCommands, constraintsOf, formatType, functionCalls, qualifiedRelation, typeInfo } from '../ast.ts';
import { isNewTable } from '../state.ts';
import type { Rule } from '../types.ts';

/**
 * Defaults that differ per row, so PostgreSQL must write every row. now() and current_timestamp
 * are stable (one value per transaction) and, like constants, cost nothing since PostgreSQL 11.
 */
const volatileFunctions = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
]);
/** serial types are an integer column plus a sequence default: the column type for the fix. */
const serialBase: Record<string, string> = { serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8', smallserial: 'int2', serial2: 'int2' };

export const volatileDefault: Rule = {
  id: 'volatile-default',
  title: 'ADD COLUMN with a volatile default rewrites the table',
  severity: 'warning',
  category: 'locking',
  description:
    'Adding a column whose default differs per row (random(), gen_random_uuid(), clock_timestamp(), uuid_generate_v4(), nextval(), a serial or identity column) rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant and stable defaults such as 0 or now() are instant since PostgreSQL 11.',
  example: 'ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();',
  fix: 'Add the column without a default, backfill it in batches, then SET DEFAULT for new rows.',
  check(stmt, file) {
    if (stmt.type !== 'AlterTableStmt') return [];
    const table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    const hits = [];
    for (const cmd of alterCommands(stmt.node)) {
      const def = cmd.def?.ColumnDef;
      if (cmd.subtype !== 'AT_AddColumn' || !def) continue;
      const type = typeInfo(def.typeName);
      const serial = type !== undefined && type.name in serialBase;
      const constraints = constraintsOf(def);
      const identity = constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
      const volatileCall = constraints
        .filter((c) => c.contype === 'CONSTR_DEFAULT')
        .flatMap((c) => functionCalls(c.raw_expr))
        .find((f) => volatileFunctions.has(f));
      if (!serial && !identity && !volatileCall) continue;
      const what = volatileCall ? `the volatile default ${volatileCall}()` : serial ? `type ${type!.name} (a sequence default)` : 'an identity (sequence) default';
      const column = `${table}.${def.colname}`;
      const plainType = type ? formatType(serial ? { ...type, name: serialBase[type.name] } : type) : '<type>';
      const newDefault = volatileCall && volatileCall !== 'nextval' ? `${volatileCall}()` : `nextval('<sequence>')`;
      hits.push({
        object: column,
        message: `Adding ${column} with ${what} rewrites every row of ${table} under an exclusive lock that blocks reads and writes.`,
        fix: [
          `ALTER TABLE ${table} ADD COLUMN ${def.colname} ${plainType};`,
          `-- backfill in batches, outside the migration's transaction:`,
          `UPDATE ${table} SET ${def.colname} = ${newDefault} WHERE ${def.colname} IS NULL AND id BETWEEN $1 AND $2;`,
          `ALTER TABLE ${table} ALTER COLUMN ${def.colname} SET DEFAULT ${newDefault};`,
        ].join('\n'),
      });
    }
    return hits;
  },
};
