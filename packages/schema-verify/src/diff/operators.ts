/**
 * Operators (CREATE OPERATOR). Only the selectivity estimators can be altered (ALTER OPERATOR ...
 * SET RESTRICT / JOIN); another function, commutator, negator, HASHES or MERGES means re-creating
 * the operator, which is automatic when nothing uses it and otherwise left to be done by hand.
 */
import type { OperatorDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, quoteIdent } from './sql.ts';
import { dropWithNotes, listUsers, routineName, usersOf } from './usage.ts';

/** `public.<<<`: operator names are symbols, never quoted. */
export function operatorName(o: { schema: string; name: string }): string {
  return `${quoteIdent(o.schema)}.${o.name}`;
}

/** `public.<<< (integer, integer)`: what DROP, ALTER and COMMENT ON OPERATOR take. */
function signature(o: OperatorDef): string {
  return `${operatorName(o)} (${o.left ?? 'NONE'}, ${o.right})`;
}

function operatorOptions(o: OperatorDef): string {
  const opts = [`FUNCTION = ${o.function}`];
  if (o.left) opts.push(`LEFTARG = ${o.left}`);
  opts.push(`RIGHTARG = ${o.right}`);
  if (o.commutator) opts.push(`COMMUTATOR = ${o.commutator}`);
  if (o.negator) opts.push(`NEGATOR = ${o.negator}`);
  if (o.restrict) opts.push(`RESTRICT = ${o.restrict}`);
  if (o.join) opts.push(`JOIN = ${o.join}`);
  if (o.hashes) opts.push('HASHES');
  if (o.merges) opts.push('MERGES');
  return opts.join(', ');
}

function createOperatorSql(o: OperatorDef): string[] {
  const out = [`CREATE OPERATOR ${operatorName(o)} (${operatorOptions(o)});`];
  if (o.comment !== undefined) out.push(comment(`OPERATOR ${signature(o)}`, o.comment));
  return out;
}

const FIXED: Array<[field: keyof OperatorDef, label: string]> = [
  ['function', 'function'],
  ['result', 'result type'],
  ['commutator', 'commutator'],
  ['negator', 'negator'],
  ['hashes', 'HASHES'],
  ['merges', 'MERGES'],
];

export function diffOperators(ctx: DiffContext): void {
  const expected = ctx.expected.operators ?? {};
  const actual = ctx.actual.operators ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-operator', key, `Operator ${key} (${operatorOptions(e)}) is missing in the live database.`, createOperatorSql(e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-operator', key, `Operator ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR IF EXISTS ${signature(a)};`, usersOf(ctx.actual, [operatorName(a)], [key])
          // A commutator or negator is a link, not a dependency: either operator drops first.
          .filter((u) => u.kind !== 'operator').flatMap((u) => u.sql), [routineName(a.function)]));
      continue;
    }
    const changed = (f: keyof OperatorDef) => String(e[f] ?? '') !== String(a[f] ?? '');
    const describe = (fields: Array<[keyof OperatorDef, string]>) =>
      fields.filter(([f]) => changed(f)).map(([f, label]) => `${label} ${a[f] ?? 'none'} instead of ${e[f] ?? 'none'}`);
    const fixed = describe(FIXED);
    const estimators = describe([['restrict', 'RESTRICT'], ['join', 'JOIN']]);
    if (fixed.length) {
      const message = `Operator ${key} differs in the live database: ${[...fixed, ...estimators].join(', ')}`;
      const users = usersOf(ctx.actual, [operatorName(a)], [key]);
      if (users.length === 0) {
        problem(ctx, 'operator-definition-mismatch', key, `${message}. It is dropped and created again (nothing uses it).`,
          [`DROP OPERATOR IF EXISTS ${signature(a)};`, ...createOperatorSql(e)]);
      } else {
        problem(ctx, 'operator-definition-mismatch', key,
          `${message}. That cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: ` +
          `drop what uses it, DROP OPERATOR ${signature(a)}; CREATE OPERATOR ${operatorName(e)} (${operatorOptions(e)}); then create those objects again.`);
      }
      continue;
    }
    if (estimators.length) {
      problem(ctx, 'operator-definition-mismatch', key, `Operator ${key} differs in the live database: ${estimators.join(', ')}.`,
        `ALTER OPERATOR ${signature(e)} SET (RESTRICT = ${e.restrict ?? 'NONE'}, JOIN = ${e.join ?? 'NONE'});`);
    }
    diffComment(ctx, key, `operator ${key}`, `OPERATOR ${signature(e)}`, e.comment, a.comment);
  }
}
