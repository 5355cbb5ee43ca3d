/**
 * Schema before image: registry-deploy runs schema-verify against the live database before it
 * moves the tag, and refuses while the database is behind the image's migrations.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, serverInfo, type TestDatabase } from '../harness/db.ts';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { deploy } from '../harness/registry-cli.ts';

let work: string;
let image: BuiltImage;
let db: TestDatabase;
let migrations: string;

describe('registry-deploy: schema before image', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'preflight-rd-schema-'));
    image = buildLayout(join(work, 'build'), { tag: '1.4.0', revision: '1a2b3c4d5e6f7a8b' });
    migrations = join(work, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '0001_invoices.sql'), 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL);\n');
    writeFileSync(join(migrations, '0002_add_nit.sql'), 'ALTER TABLE invoices ADD COLUMN nit text;\nCREATE INDEX idx_invoices_nit ON invoices (nit);\n');
    // The live database ran only the first migration (the old container migrated before the pull).
    db = await createDatabase('rdschema', 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL);');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const promote = () =>
    deploy(['--source', `oci:${join(work, 'build')}`, '--target', `oci:${join(work, 'release')}:production`, '--database-url', db.url, '--migrations', migrations, '--shadow-url', serverInfo().url]);

  test('a database behind the image: exit 1, schema-behind naming the revision, the tag not moved', async () => {
    const r = await promote();
    expect(r.code, r.stderr).toBe(1);
    const behind = r.report.findings.find((f: { rule: string }) => f.rule === 'schema-behind');
    expect(behind.message).toMatch(/^Refusing to promote oci:.*build@sha256:[a-f0-9]{64} \(built from 1a2b3c4d5e6f, org\.opencontainers\.image\.revision\): the live database is not what its migrations define/);
    expect(r.report.findings.map((f: { rule: string }) => f.rule)).toContain('missing-column');
    expect(r.report.stats.revision).toBe('1a2b3c4d5e6f7a8b');
    // nothing was written to the target
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(work, 'release', 'index.json'))).toBe(false);
  });

  test('after migrating, the same promotion goes through', async () => {
    await db.sql('ALTER TABLE invoices ADD COLUMN nit text; CREATE INDEX idx_invoices_nit ON invoices (nit);');
    const r = await promote();
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.stats.digest).toBe(image.digest);
  });

  test('a rolled-back release that moved the ledger: rollback-schema-moved with both versions, nothing restored', async () => {
    await db.sql("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('0002_add_nit');");
    const bad = buildLayout(join(work, 'bad'), { tag: '1.5.0', revision: 'ffff0000' });
    const r = await deploy([
      '--source', `oci:${join(work, 'bad')}`, '--target', `oci:${join(work, 'release')}:production`, '--database-url', db.url,
      // the release migrates as it starts, then crash-loops
      '--deploy-command', `psql "${db.url}" -qc "UPDATE alembic_version SET version_num = '0003_drop_nit'"`,
      '--health-command', 'false', '--health-timeout', '1s',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report.stats.digest).toBe(image.digest);
    const moved = r.report.findings.find((f: { rule: string }) => f.rule === 'rollback-schema-moved');
    expect(moved.severity).toBe('warning');
    expect(moved.message).toBe(
      `The migration ledger moved while ${bad.digest} was deployed (before: public.alembic_version at 0002_add_nit; now: public.alembic_version at 0003_drop_nit); the image was rolled back to ${image.digest}, the schema was not.`,
    );
    expect(await db.sql('SELECT version_num FROM alembic_version')).toEqual([{ version_num: '0003_drop_nit' }]);
  });
});
