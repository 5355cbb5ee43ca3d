/**
 * Collations as objects (CREATE COLLATION); the collation a column uses is compared with the
 * column. A collation cannot be altered (only its version refreshed): a changed one is re-created
 * when nothing uses it, and otherwise the finding gives the steps to do by hand.
 */
import type { CollationDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, qname, quoteLiteral } from './sql.ts';
import { listUsers, usersOf } from './usage.ts';

function collationOptions(c: CollationDef): string {
  const opts = [`provider = ${c.provider}`];
  if (c.provider === 'libc') {
    opts.push(`lc_collate = ${quoteLiteral(c.lcCollate ?? '')}`, `lc_ctype = ${quoteLiteral(c.lcCtype ?? '')}`);
  } else {
    opts.push(`locale = ${quoteLiteral(c.locale ?? '')}`);
  }
  if (c.rules !== undefined) opts.push(`rules = ${quoteLiteral(c.rules)}`);
  if (!c.deterministic) opts.push('deterministic = false');
  return opts.join(', ');
}

function createCollationSql(c: CollationDef): string[] {
  const name = qname(c.schema, c.name);
  const out = [`CREATE COLLATION ${name} (${collationOptions(c)});`];
  if (c.comment !== undefined) out.push(comment(`COLLATION ${name}`, c.comment));
  return out;
}

export function diffCollations(ctx: DiffContext): void {
  const expected = ctx.expected.collations ?? {};
  const actual = ctx.actual.collations ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-collation', key, `Collation ${key} (${collationOptions(e)}) is missing in the live database.`, createCollationSql(e));
      continue;
    }
    const name = qname((e ?? a).schema, (e ?? a).name);
    if (!e && a) {
      extra(ctx, 'extra-collation', key, `Collation ${key} (${collationOptions(a)}) exists in the live database but not in the expected schema.`, `DROP COLLATION IF EXISTS ${name};`);
      continue;
    }
    if (collationOptions(e) !== collationOptions(a)) {
      const message = `Collation ${key} is (${collationOptions(a)}) in the live database but (${collationOptions(e)}) in the expected schema`;
      const users = usersOf(ctx.actual, [name]);
      if (users.length === 0) {
        problem(ctx, 'collation-definition-mismatch', key, `${message}. A collation cannot be altered, so it is dropped and created again (nothing uses it).`,
          [`DROP COLLATION IF EXISTS ${name};`, ...createCollationSql(e)]);
      } else {
        problem(ctx, 'collation-definition-mismatch', key,
          `${message}. A collation cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: ` +
          `CREATE COLLATION under a new name with (${collationOptions(e)}), move each column with ALTER TABLE ... ALTER COLUMN ... TYPE ... COLLATE <new name>, ` +
          `re-create the indexes, constraints and views that use it, then DROP COLLATION ${name} and rename the new one with ALTER COLLATION ... RENAME TO. ` +
          'Unique indexes may start to reject rows that the old collation kept apart.');
      }
      continue;
    }
    diffComment(ctx, key, `collation ${key}`, `COLLATION ${name}`, e.comment, a.comment);
  }
}
