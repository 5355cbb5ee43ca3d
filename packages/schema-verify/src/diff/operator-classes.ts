/**
 * Operator classes (CREATE OPERATOR CLASS): how an index method compares a type. A class cannot
 * be altered; a changed one is dropped and created again when no index, constraint or range type
 * can be using it, and otherwise the finding gives the steps to do by hand.
 */
import { compareText, type OperatorClassDef, type SchemaModel } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, keyToSql, qname } from './sql.ts';
import { dropWithNotes, listUsers, routineName, usersOf, type User } from './usage.ts';

function target(c: OperatorClassDef): string {
  return `${qname(c.schema, c.name)} USING ${c.method}`;
}

function classBody(c: OperatorClassDef): string {
  const items = Object.keys(c.members).sort(compareText).map((m) => c.members[m]);
  if (c.storage) items.push(`STORAGE ${c.storage}`);
  return `${c.default ? 'DEFAULT ' : ''}FOR TYPE ${c.type} USING ${c.method} FAMILY ${c.family} AS ${items.join(', ')}`;
}

function createClassSql(c: OperatorClassDef): string[] {
  const out = [`CREATE OPERATOR CLASS ${qname(c.schema, c.name)} ${classBody(c)};`];
  if (c.comment !== undefined) out.push(comment(`OPERATOR CLASS ${target(c)}`, c.comment));
  return out;
}

/**
 * Live objects that may use the class. Index definitions name a class only when it is not the
 * default, so a default class counts as used wherever a column of its type exists (a primary key
 * or unique constraint on it uses the default btree class without saying so).
 */
export function classUsers(model: SchemaModel, key: string, c: OperatorClassDef): User[] {
  const users = usersOf(model, [qname(c.schema, c.name)], [key]);
  if (c.default) {
    for (const [k, t] of Object.entries(model.tables)) if (t.columns.some((col) => col.type === c.type)) users.push({ label: `table ${k}`, kind: 'table', sql: [keyToSql(k)] });
    for (const [k, r] of Object.entries(model.rangeTypes ?? {})) if (r.subtype === c.type) users.push({ label: `range type ${k}`, kind: 'range type', sql: [keyToSql(k)] });
  }
  return users.filter((u, i) => users.findIndex((x) => x.label === u.label) === i);
}

/** The functions and operators a class or family member names: `FUNCTION 1 (a, b) public.f(a,b)`, `OPERATOR 1 public.<<<(a, b)`. */
export function memberNames(members: Record<string, string>): string[] {
  return Object.values(members).map((m) => {
    const fn = /^FUNCTION \d+ \([^)]*\) (.*)$/.exec(m);
    return fn ? routineName(fn[1]) : m.replace(/^OPERATOR \d+ /, '').replace(/\(.*$/, '');
  });
}

export function diffOperatorClasses(ctx: DiffContext): void {
  const expected = ctx.expected.operatorClasses ?? {};
  const actual = ctx.actual.operatorClasses ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-operator-class', key, `Operator class ${key} (${classBody(e)}) is missing in the live database.`, createClassSql(e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-operator-class', key, `Operator class ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR CLASS IF EXISTS ${target(a)};`, classUsers(ctx.actual, key, a).flatMap((u) => u.sql), [...memberNames(a.members), a.family]));
      continue;
    }
    if (classBody(e) !== classBody(a)) {
      const message = `Operator class ${key} is (${classBody(a)}) in the live database but (${classBody(e)}) in the expected schema`;
      const users = classUsers(ctx.actual, key, a);
      if (users.length === 0) {
        problem(ctx, 'operator-class-definition-mismatch', key, `${message}. An operator class cannot be altered, so it is dropped and created again (nothing uses it).`,
          [`DROP OPERATOR CLASS IF EXISTS ${target(a)};`, ...createClassSql(e)]);
      } else {
        problem(ctx, 'operator-class-definition-mismatch', key,
          `${message}. An operator class cannot be altered and ${listUsers(users)} may use it, so there is no safe automatic fix; do it by hand: ` +
          `drop the indexes and constraints that use it, DROP OPERATOR CLASS ${target(a)}; CREATE OPERATOR CLASS ${qname(e.schema, e.name)} ${classBody(e)}; then create them again.`);
      }
      continue;
    }
    diffComment(ctx, key, `operator class ${key}`, `OPERATOR CLASS ${target(e)}`, e.comment, a.comment);
  }
}
