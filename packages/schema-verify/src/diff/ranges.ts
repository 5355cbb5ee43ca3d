/**
 * Range types (CREATE TYPE ... AS RANGE) and the multirange type PostgreSQL 14+ makes with each.
 * No property of a range type can be altered: a changed one is dropped and created again when
 * nothing uses it, and otherwise the finding gives the steps to do by hand.
 */
import type { RangeTypeDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { creationGrants, diffComment, diffPrivileges, newObjectBaseline } from './privileges.ts';
import { comment, qname, quoteIdent } from './sql.ts';
import { dropWithNotes, listUsers, routineName, usersOf } from './usage.ts';

/** The multirange name PostgreSQL picks: the first `range` in the name becomes `multirange`, else `_multirange` is appended. */
function defaultMultirange(r: RangeTypeDef): string {
  const name = r.name.includes('range') ? r.name.replace('range', 'multirange') : `${r.name}_multirange`;
  return qname(r.schema, name);
}

function rangeOptions(r: RangeTypeDef): string {
  const opts = [`SUBTYPE = ${r.subtype}`];
  if (r.subtypeOpClass) opts.push(`SUBTYPE_OPCLASS = ${r.subtypeOpClass}`);
  if (r.collation) opts.push(`COLLATION = ${r.collation}`);
  if (r.canonical) opts.push(`CANONICAL = ${r.canonical}`);
  if (r.subtypeDiff) opts.push(`SUBTYPE_DIFF = ${r.subtypeDiff}`);
  if (r.multirange && r.multirange !== defaultMultirange(r)) opts.push(`MULTIRANGE_TYPE_NAME = ${r.multirange}`);
  return opts.join(', ');
}

function createRangeSql(ctx: DiffContext, key: string, r: RangeTypeDef): string[] {
  const name = qname(r.schema, r.name);
  const out = [`CREATE TYPE ${name} AS RANGE (${rangeOptions(r)});`];
  if (r.comment !== undefined) out.push(comment(`TYPE ${name}`, r.comment));
  out.push(...creationGrants({ object: key, label: '', on: `TYPE ${name}` }, r.privileges, newObjectBaseline(ctx, r.schema, 'T')));
  return out;
}

const PROPERTIES: Array<[field: keyof RangeTypeDef, label: string]> = [
  ['subtype', 'subtype'],
  ['subtypeOpClass', 'subtype operator class'],
  ['collation', 'collation'],
  ['canonical', 'canonical function'],
  ['subtypeDiff', 'subtype_diff function'],
  ['multirange', 'multirange type'],
];

export function diffRangeTypes(ctx: DiffContext): void {
  const expected = ctx.expected.rangeTypes ?? {};
  const actual = ctx.actual.rangeTypes ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-range-type', key, `Range type ${key} (of ${e.subtype}) is missing in the live database.`, createRangeSql(ctx, key, e));
      continue;
    }
    const name = qname((e ?? a).schema, (e ?? a).name);
    if (!e && a) {
      // Before the functions it calls and the class it sorts with; functions that take it are dropped first anyway.
      extra(ctx, 'extra-range-type', key, `Range type ${key} (of ${a.subtype}) exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP TYPE IF EXISTS ${name};`, [], [routineName(a.subtypeDiff), routineName(a.canonical), a.subtypeOpClass ?? '']));
      continue;
    }
    const what = PROPERTIES
      // PostgreSQL 13 has no multirange types: a version's own defaults are not drift.
      .filter(([f]) => !(f === 'multirange' && (e.multirange === undefined || a.multirange === undefined)))
      .filter(([f]) => (e[f] ?? '') !== (a[f] ?? ''))
      .map(([f, label]) => `${label} ${a[f] ?? 'none'} instead of ${e[f] ?? 'none'}`);
    if (what.length) {
      const users = usersOf(ctx.actual, [name, ...(a.multirange ? [a.multirange] : [])], [key]);
      const message = `Range type ${key} differs in the live database: ${what.join(', ')}`;
      if (users.length === 0) {
        problem(ctx, 'range-type-definition-mismatch', key, `${message}. A range type cannot be altered, so it is dropped and created again (nothing uses it).`,
          [`DROP TYPE IF EXISTS ${name};`, ...createRangeSql(ctx, key, e)]);
      } else {
        const tmp = qname(e.schema, `${e.name}_old`);
        problem(ctx, 'range-type-definition-mismatch', key,
          `${message}. A range type cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: ` +
          `ALTER TYPE ${name} RENAME TO ${quoteIdent(`${e.name}_old`)}; CREATE TYPE ${name} AS RANGE (${rangeOptions(e)}); ` +
          `move each column with ALTER TABLE ... ALTER COLUMN ... TYPE ${name} USING col::text::${name}; re-create the functions, types and views that use it; then DROP TYPE ${tmp}.`);
      }
      continue;
    }
    diffComment(ctx, key, `range type ${key}`, `TYPE ${name}`, e.comment, a.comment);
    diffPrivileges(ctx, { object: key, label: `type ${key}`, on: `TYPE ${name}` }, e.privileges, a.privileges);
  }
}
