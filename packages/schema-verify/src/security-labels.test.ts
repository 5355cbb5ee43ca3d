/**
 * Security labels on the model: a label provider (sepgsql, PostgreSQL Anonymizer) has to be loaded
 * to create one, and the test server loads none, so the diff and its fix are checked on models
 * here; introspecting the (empty) pg_seclabel is covered by foreign-secrets.test.ts.
 */
import { expect, test } from 'vitest';
import { diffSchemas } from './diff/index.ts';
import { fixScript } from './fix-order.ts';
import { emptyModel, type SchemaModel, type SecurityLabelDef } from './model.ts';

function withLabels(...labels: SecurityLabelDef[]): SchemaModel {
  const m = emptyModel(150000);
  for (const l of labels) m.securityLabels![`${l.provider}|${l.objectType}|${l.object}`] = l;
  return m;
}

const email = (label: string): SecurityLabelDef => ({ provider: 'anon', objectType: 'table column', object: 'public.users.email', label });

test('a missing, an extra and a changed security label, each with its SECURITY LABEL fix', () => {
  const expected = withLabels(email("MASKED WITH FUNCTION anon.fake_email()"), { provider: 'anon', objectType: 'table', object: 'public.users', label: 'x' });
  const actual = withLabels(email('MASKED WITH VALUE NULL'), { provider: 'selinux', objectType: 'function', object: 'public.f(integer)', label: "it's" });
  const findings = diffSchemas(expected, actual);
  expect(findings.map((f) => [f.rule, f.severity, f.object, f.fix])).toEqual([
    ['security-label-mismatch', 'error', 'public.users.email', "SECURITY LABEL FOR anon ON COLUMN public.users.email IS 'MASKED WITH FUNCTION anon.fake_email()';"],
    ['missing-security-label', 'error', 'public.users', "SECURITY LABEL FOR anon ON TABLE public.users IS 'x';"],
    ['extra-security-label', 'warning', 'public.f(integer)', 'SECURITY LABEL FOR selinux ON FUNCTION public.f(integer) IS NULL;'],
  ]);
  expect(findings[0].message).toBe("Security label of provider anon on table column public.users.email is 'MASKED WITH VALUE NULL' in the live database but 'MASKED WITH FUNCTION anon.fake_email()' in the expected schema.");
  expect(diffSchemas(expected, expected)).toEqual([]);
});

test('labels are set after the objects and their comments exist', () => {
  const script = fixScript([
    { rule: 'missing-security-label', severity: 'error', object: 'public.users', message: '', fix: "SECURITY LABEL FOR anon ON TABLE public.users IS 'x';" },
    { rule: 'comment-mismatch', severity: 'error', object: 'public.users', message: '', fix: "COMMENT ON TABLE public.users IS 'u';" },
    { rule: 'missing-table', severity: 'error', object: 'public.users', message: '', fix: 'CREATE TABLE public.users (id integer);' },
  ]);
  const order = ['CREATE TABLE', 'COMMENT ON', 'SECURITY LABEL'].map((s) => script.indexOf(s));
  expect(order.every((at) => at > 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});
