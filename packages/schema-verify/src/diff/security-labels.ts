/**
 * Security labels (SECURITY LABEL FOR provider ON ...): sepgsql's access labels, PostgreSQL
 * Anonymizer's masking rules. A missing masking label exposes the real data to the masked role.
 */
import type { SecurityLabelDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

/** pg_identify_object's type as SECURITY LABEL names it (`table column` → COLUMN). */
function objectWords(l: SecurityLabelDef): string {
  return l.objectType === 'table column' ? 'COLUMN' : l.objectType.toUpperCase();
}

function labelSql(l: SecurityLabelDef, label: string | undefined): string {
  return `SECURITY LABEL FOR ${quoteIdent(l.provider)} ON ${objectWords(l)} ${l.object} IS ${label === undefined ? 'NULL' : quoteLiteral(label)};`;
}

export function diffSecurityLabels(ctx: DiffContext): void {
  const expected = ctx.expected.securityLabels ?? {};
  const actual = ctx.actual.securityLabels ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const l = e ?? a;
    const what = `${l.objectType} ${l.object}`;
    if (e && !a) {
      problem(ctx, 'missing-security-label', l.object, `Security label of provider ${l.provider} on ${what} is missing in the live database.`, labelSql(e, e.label));
    } else if (!e && a) {
      extra(ctx, 'extra-security-label', l.object, `${what[0].toUpperCase()}${what.slice(1)} has a security label of provider ${l.provider} in the live database that the expected schema does not have.`, labelSql(a, undefined));
    } else if (e.label !== a.label) {
      problem(ctx, 'security-label-mismatch', l.object, `Security label of provider ${l.provider} on ${what} is ${quoteLiteral(a.label)} in the live database but ${quoteLiteral(e.label)} in the expected schema.`, labelSql(e, e.label));
    }
  }
}
