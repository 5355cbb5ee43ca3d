/**
 * Operator families (CREATE OPERATOR FAMILY) and their loose members, the operators and support
 * functions added with ALTER OPERATOR FAMILY ... ADD (cross-type comparisons, typically). Members
 * of the family's classes belong to the classes (diff/operator-classes.ts).
 */
import { compareText, type OperatorFamilyDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, qname } from './sql.ts';
import { classUsers, memberNames } from './operator-classes.ts';
import { dropWithNotes } from './usage.ts';

function target(f: OperatorFamilyDef): string {
  return `${qname(f.schema, f.name)} USING ${f.method}`;
}

function addMembersSql(f: OperatorFamilyDef, identities: string[]): string[] {
  return identities.length ? [`ALTER OPERATOR FAMILY ${target(f)} ADD ${identities.map((m) => f.members[m]).join(', ')};`] : [];
}

function createFamilySql(f: OperatorFamilyDef): string[] {
  const out = [`CREATE OPERATOR FAMILY ${target(f)};`, ...addMembersSql(f, Object.keys(f.members).sort(compareText))];
  if (f.comment !== undefined) out.push(comment(`OPERATOR FAMILY ${target(f)}`, f.comment));
  return out;
}

/** What uses the family's classes (their indexes) must be dropped before the family, which drops the classes. */
function familyUsers(ctx: DiffContext, f: OperatorFamilyDef): string[] {
  const name = qname(f.schema, f.name);
  return Object.entries(ctx.actual.operatorClasses ?? {})
    .filter(([, c]) => c.family === name && c.method === f.method)
    .flatMap(([k, c]) => classUsers(ctx.actual, k, c).flatMap((u) => u.sql));
}

export function diffOperatorFamilies(ctx: DiffContext): void {
  const expected = ctx.expected.operatorFamilies ?? {};
  const actual = ctx.actual.operatorFamilies ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-operator-family', key, `Operator family ${key} is missing in the live database.`, createFamilySql(e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-operator-family', key, `Operator family ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR FAMILY IF EXISTS ${target(a)};`, familyUsers(ctx, a), memberNames(a.members)));
      continue;
    }
    const identities = sortedKeys(e.members, a.members);
    const removed = identities.filter((m) => a.members[m] !== undefined && e.members[m] !== a.members[m]);
    const added = identities.filter((m) => e.members[m] !== undefined && e.members[m] !== a.members[m]);
    if (removed.length || added.length) {
      const what = identities.filter((m) => e.members[m] !== a.members[m]).map((m) =>
        a.members[m] === undefined ? `${e.members[m]} missing` : e.members[m] === undefined ? `extra ${a.members[m]}` : `${a.members[m]} instead of ${e.members[m]}`);
      const fix = [
        ...(removed.length ? [`ALTER OPERATOR FAMILY ${target(a)} DROP ${removed.join(', ')};`] : []),
        ...addMembersSql(e, added),
      ];
      problem(ctx, 'operator-family-definition-mismatch', key, `Operator family ${key} differs in the live database: ${what.join('; ')}.`, fix);
    }
    diffComment(ctx, key, `operator family ${key}`, `OPERATOR FAMILY ${target(e)}`, e.comment, a.comment);
  }
}
