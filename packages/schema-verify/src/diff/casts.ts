/**
 * User-defined casts (CREATE CAST). A cast cannot be altered; a changed one is dropped and created
 * again, which is safe: expressions depend on the cast's function, not on the cast.
 */
import type { CastDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment } from './sql.ts';

function how(c: CastDef): string {
  const via = c.method === 'function' ? `WITH FUNCTION ${c.function}` : c.method === 'binary' ? 'WITHOUT FUNCTION' : 'WITH INOUT';
  return `${via}${c.context === 'assignment' ? ' AS ASSIGNMENT' : c.context === 'implicit' ? ' AS IMPLICIT' : ''}`;
}

function createCastSql(key: string, c: CastDef): string[] {
  const out = [`CREATE CAST ${key} ${how(c)};`];
  if (c.comment !== undefined) out.push(comment(`CAST ${key}`, c.comment));
  return out;
}

export function diffCasts(ctx: DiffContext): void {
  const expected = ctx.expected.casts ?? {};
  const actual = ctx.actual.casts ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const drop = `DROP CAST IF EXISTS ${key};`;
    if (e && !a) {
      problem(ctx, 'missing-cast', key, `Cast ${key} (${how(e)}) is missing in the live database.`, createCastSql(key, e));
    } else if (!e && a) {
      extra(ctx, 'extra-cast', key, `Cast ${key} (${how(a)}) exists in the live database but not in the expected schema.`, drop);
    } else if (how(e) !== how(a)) {
      problem(ctx, 'cast-definition-mismatch', key, `Cast ${key} is ${how(a)} in the live database but ${how(e)} in the expected schema.`, [drop, ...createCastSql(key, e)]);
    } else {
      diffComment(ctx, key, `cast ${key}`, `CAST ${key}`, e.comment, a.comment);
    }
  }
}
