/** The root action (the gate) as a process: selected checks run in order in one step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createDatabase, serverInfo } from '../harness/db.ts';
import { repoRoot, runActionBundle } from '../harness/run-bundle.ts';

test('migrate then verify in one step: passes, and the database has the schema', async () => {
  const db = await createDatabase('gate_ok');
  const r = await runActionBundle('gate', {
    checks: 'migrate-direct,schema-verify',
    'database-url': db.url,
    migrations: join(repoRoot, 'examples/schema-drift/migrations'),
    'shadow-url': serverInfo().url,
  });
  expect(r.code).toBe(0);
  expect(r.outputs.status).toBe('pass');
  expect(r.outputs.applied).toBe('2'); // migrate-direct's own outputs come through the gate
  expect(JSON.parse(readFileSync(r.outputs.report, 'utf8')).summary).toMatch(/^migrate-direct: applied 2 .*; schema-verify: .*\(head\)$/);
  expect(await db.sql("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_invoices_nit'")).toEqual([{ n: 1 }]);
  await db.drop();
});

test('a blocking check blocks the gate; findings say which check found them', async () => {
  const db = await createDatabase('gate_drift', 'CREATE TABLE invoices (id bigserial PRIMARY KEY)');
  const r = await runActionBundle('gate', {
    checks: 'schema-verify',
    'database-url': db.url,
    migrations: join(repoRoot, 'examples/schema-drift/migrations'),
    'shadow-url': serverInfo().url,
  });
  expect(r.code).toBe(1);
  expect(r.outputs.status).toBe('fail');
  const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
  expect(report.check).toBe('gate');
  expect(report.findings.some((f: { message: string }) => f.message.startsWith('[schema-verify] '))).toBe(true);
  await db.drop();
});

test('an unknown check name is a usage error', async () => {
  const r = await runActionBundle('gate', { checks: 'schema-verify,secrets-lnt' });
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('::error::Input checks names secrets-lnt, which is not a check');
});
