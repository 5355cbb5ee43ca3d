/**
 * A user mapping's password is a secret: schema-verify detects that it differs, but the value never
 * reaches the report, the logs, the fix script or a snapshot (the model holds a fingerprint), and
 * the value itself is registered so any stray copy is masked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { REDACTED, redact } from '@preflight/core';
import { adminQuery, createDatabase, withTestClient, type TestDatabase } from '../../../test/harness/db.ts';
import { introspect } from './introspect.ts';
import { runSchemaVerify } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-fdw-secret-'));
const created: TestDatabase[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const mapping = (password: string) => `CREATE FOREIGN DATA WRAPPER w; CREATE SERVER films FOREIGN DATA WRAPPER w OPTIONS (host 'films.internal');
  CREATE USER MAPPING FOR fdw_secret_user SERVER films OPTIONS (user 'reader', password '${password}');`;

async function database(sql: string): Promise<TestDatabase> {
  const db = await createDatabase('fsec');
  created.push(db);
  await db.sql(sql);
  return db;
}

test('a changed user mapping password is reported without its value anywhere', async () => {
  await adminQuery('DO $$ BEGIN CREATE ROLE fdw_secret_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
  const live = await database(mapping('Live-Pw-7f3a9c'));
  const expected = await database(mapping('Expected-Pw-2b8d4e'));
  const fix = join(dir, 'fix.sql');
  const snapshot = join(dir, 'expected.json');
  const r = await runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url, 'fix-sql': fix, 'write-snapshot': snapshot });
  expect(r.report.findings.map((f) => `${f.rule} ${f.object}`)).toEqual(['user-mapping-secret-mismatch films.fdw_secret_user']);
  expect(r.exitCode).toBe(1);
  const finding = r.report.findings[0];
  expect(finding.fix).toBeUndefined();
  expect(finding.message).toContain("ALTER USER MAPPING FOR fdw_secret_user SERVER films OPTIONS (SET password '...')");
  const everything = [JSON.stringify(r.report), ...r.logs, readFileSync(snapshot, 'utf8')].join('\n');
  for (const pw of ['Live-Pw-7f3a9c', 'Expected-Pw-2b8d4e']) {
    expect(everything).not.toContain(pw);
    expect(redact(`password is ${pw}`)).toBe(`password is ${REDACTED}`);
  }
  // The snapshot keeps the fingerprint, so a later run against it still sees the difference.
  expect(readFileSync(snapshot, 'utf8')).toMatch(/"password <secret sha256:[0-9a-f]{12}>"/);
  const again = await runSchemaVerify({ 'database-url': live.url, 'expected-snapshot': snapshot });
  expect(again.report.findings.map((f) => f.rule)).toEqual(['user-mapping-secret-mismatch']);
});

test('a password the expected schema lacks is dropped by the fix; one it has is left to the user', async () => {
  const live = await database(mapping('Only-Live-Pw-91c2'));
  const expected = await database(`CREATE FOREIGN DATA WRAPPER w; CREATE SERVER films FOREIGN DATA WRAPPER w OPTIONS (host 'films.internal');
    CREATE USER MAPPING FOR fdw_secret_user SERVER films OPTIONS (user 'reader');`);
  const r = await runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url });
  expect(r.report.findings.map((f) => `${f.rule}: ${f.fix}`)).toEqual([
    'user-mapping-mismatch: ALTER USER MAPPING FOR fdw_secret_user SERVER films OPTIONS (DROP password);',
  ]);
  expect(JSON.stringify(r.report)).not.toContain('Only-Live-Pw-91c2');
});

test('the model of a database holds fingerprints, and no security labels without a label provider', async () => {
  const db = await database(mapping('Model-Pw-55e0aa'));
  const model = await withTestClient(db.url, (client) => introspect(client));
  expect(model.userMappings).toEqual({
    'films.fdw_secret_user': { user: 'fdw_secret_user', server: 'films', options: [expect.stringMatching(/^password <secret sha256:[0-9a-f]{12}>$/), 'user=reader'] },
  });
  expect(JSON.stringify(model)).not.toContain('Model-Pw-55e0aa');
  // No label provider is loaded on this server, so SECURITY LABEL cannot run: only the empty case is real here.
  expect(model.securityLabels).toEqual({});
});
