/** --command against the real PostgreSQL of the test run: timeouts, stamp guards, and lint of what the tool would run. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasesPerTest, serverInfo, type TestDatabase } from '../../../../test/harness/db.ts';
import { rules, runCheck, writeFiles } from './testing.ts';
import { commandFailedFinding, downCommandFinding } from './command.ts';

const db = databasesPerTest('mdc');

describe('--command-timeout', () => {
  test('--statement-timeout is for statements: a command that runs longer than it is not killed', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, command: `sleep 3 && psql -Atc 'show statement_timeout'`, 'statement-timeout': '1s' });
    expect(r.exitCode, r.logs.join('\n')).toBe(0);
    // ...and still reaches the tool's own sessions.
    expect(r.logs).toContain('1s');
  });

  test('--command-timeout stops the whole command with exit 3 and says so', async () => {
    const d = await db();
    const marker = join(mkdtempSync(join(tmpdir(), 'pf-cmd-')), 'finished');
    const started = Date.now();
    const r = await runCheck({ 'database-url': d.url, command: `sleep 30 && touch ${marker}`, 'command-timeout': '1s' });
    expect(r.exitCode).toBe(3);
    expect(r.report.summary).toMatch(/did not finish within 1 s \(--command-timeout\) and was stopped/);
    expect(existsSync(marker)).toBe(false);
    // A generous bound on the hang: the 30 s sleep was not waited for.
    expect(Date.now() - started).toBeLessThan(25_000);
    // The lock was released: the next run goes through.
    expect((await runCheck({ 'database-url': d.url, command: 'true', 'lock-wait': '2s' })).exitCode).toBe(0);
  });
});

/**
 * A stand-in for the user's alembic (not a database client: it talks to the real server through
 * psql) with two revisions, a1 then b2, whose upgrade SQL is in $FAKE_ALEMBIC_DIR. It records each
 * call, prints SQL the way `alembic upgrade X:head --sql` does, and stamps or upgrades for real.
 */
const fakeAlembic = `#!/bin/sh
d="$FAKE_ALEMBIC_DIR"
echo "$*" >> "$d/calls"
case " $* " in
  *" --sql "*)
    if [ -f "$d/offline-fails" ]; then echo "FAILED: env.py cannot run in offline mode" >&2; exit 1; fi
    echo "BEGIN;"
    case " $* " in
      *" a1:head "*) ;;
      *) echo "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"
         echo; echo "-- Running upgrade  -> a1"; echo; cat "$d/a1.sql"
         echo "INSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING alembic_version.version_num;"; echo ;;
    esac
    echo "-- Running upgrade a1 -> b2"; echo; cat "$d/b2.sql"
    echo "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = 'a1';"; echo; echo "COMMIT;" ;;
  *" stamp "*)
    psql -qX -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) PRIMARY KEY); DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('b2')" ;;
  *" upgrade "*)
    v=$(psql -qXAt -c "SELECT version_num FROM alembic_version" 2>/dev/null)
    { echo "BEGIN; CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) PRIMARY KEY);"
      [ -z "$v" ] && cat "$d/a1.sql"
      [ "$v" != b2 ] && cat "$d/b2.sql"
      echo "DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('b2'); COMMIT;"; } | psql -qX -v ON_ERROR_STOP=1 ;;
esac
`;

const savedPath = process.env.PATH;
beforeAll(() => {
  const bin = mkdtempSync(join(tmpdir(), 'pf-bin-'));
  writeFiles(bin, { alembic: fakeAlembic });
  chmodSync(join(bin, 'alembic'), 0o755);
  process.env.PATH = `${bin}:${savedPath}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  delete process.env.FAKE_ALEMBIC_DIR;
});

/** A fresh fake-alembic project: the revisions' SQL, and the record of calls. */
function alembicProject(a1: string, b2: string): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pf-alembic-'));
  writeFiles(dir, { 'a1.sql': a1, 'b2.sql': b2 });
  process.env.FAKE_ALEMBIC_DIR = dir;
  return { dir, calls: () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []) };
}

async function alembicVersion(d: TestDatabase): Promise<string | null> {
  const [{ t }] = await d.sql("SELECT to_regclass('public.alembic_version') IS NOT NULL AS t");
  return t ? ((await d.sql('SELECT version_num FROM alembic_version'))[0]?.version_num ?? null) : null;
}

const invoices = { a1: 'CREATE TABLE invoices (id int PRIMARY KEY);\n', b2: 'ALTER TABLE invoices ADD COLUMN nit text;\n' };

describe('stamping without running', () => {
  test.each([
    'cd {dir} && alembic stamp head',
    'poetry run alembic stamp head',
    `sh -c 'cd {dir} && alembic stamp head'`,
    'npx prisma migrate resolve --applied 20240101_init',
    'migrate -path db/migrations -database "$DATABASE_URL" force 3',
    'flyway baseline',
    'flyway -url=jdbc:postgresql://localhost/app repair',
  ])('production refuses "%s" before running anything', async (template) => {
    const d = await db();
    const project = alembicProject(invoices.a1, invoices.b2);
    const marker = join(project.dir, 'ran');
    const r = await runCheck({ 'database-url': d.url, command: `touch ${marker} && ${template.replaceAll('{dir}', project.dir)}`, environment: 'production' });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(['stamp-without-running']);
    expect(r.report.findings[0].severity).toBe('error');
    expect(r.report.findings[0].message).toMatch(/without running them .* --allow-stamp/);
    expect(existsSync(marker)).toBe(false);
    expect(project.calls()).toEqual([]);
  });

  test('a URL in a refused stamp command is masked in the message and the fix', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, command: 'migrate -path db -database postgres://admin:CANARY9stamp@db.internal/app force 3', environment: 'production' });
    expect(rules(r)).toEqual(['stamp-without-running']);
    expect(r.report.findings[0].fix).toMatch(/goto 3/);
    expect(JSON.stringify(r.report) + r.logs.join('\n')).not.toContain('CANARY9stamp');
  });

  test('--allow-stamp lets it run in production, and schema-verify runs after it unasked: a missing column is found', async () => {
    // The database never got b2's column; stamping claims it did.
    const d = await db(invoices.a1);
    const project = alembicProject(invoices.a1, invoices.b2);
    const r = await runCheck({ 'database-url': d.url, command: 'alembic stamp head', environment: 'production', 'allow-stamp': true, 'shadow-url': serverInfo().url });
    expect(await alembicVersion(d)).toBe('b2');
    expect(r.report.findings.find((f) => f.rule === 'stamp-without-running')?.severity).toBe('warning');
    expect(r.report.findings.find((f) => f.rule === 'missing-column')?.object).toMatch(/invoices.*nit/);
    expect(r.exitCode).toBe(1);
    // The expected schema came from the real upgrade on the shadow, not from stamping it too.
    expect(project.calls()).toEqual(['stamp head', 'upgrade head']);
  });

  test('outside production a stamp warns, runs, and is verified', async () => {
    const d = await db(invoices.a1 + invoices.b2);
    const project = alembicProject(invoices.a1, invoices.b2);
    const r = await runCheck({ 'database-url': d.url, command: 'alembic stamp head', 'shadow-url': serverInfo().url });
    expect(r.exitCode, JSON.stringify(r.report.findings)).toBe(0);
    expect(rules(r)).toEqual(['stamp-without-running']);
    expect(r.report.findings[0].severity).toBe('warning');
    expect(r.report.summary).toMatch(/schema-verify/);
    expect(await alembicVersion(d)).toBe('b2');
    expect(project.calls()).toEqual(['stamp head', 'upgrade head']);
  });
});

describe('lint of what the command would run', () => {
  const versions = {
    'alembic/versions/a1_base.py': 'revision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n',
    'alembic/versions/b2_drop_legacy.py': 'from alembic import op\n\nrevision: str = "b2"\ndown_revision = "a1"\n\n\ndef upgrade() -> None:\n    op.drop_column("invoices", "legacy")\n',
  };
  const atA1 = "CREATE TABLE invoices (id int PRIMARY KEY, legacy text); CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('a1');";
  const dropLegacy = 'ALTER TABLE invoices DROP COLUMN legacy;\n';

  /** Runs the check from inside the alembic project, as a workflow step does. */
  async function inProject<T>(dir: string, fn: () => Promise<T>): Promise<T> {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      return await fn();
    } finally {
      process.chdir(cwd);
    }
  }

  async function hasLegacy(d: TestDatabase): Promise<boolean> {
    return (await d.sql("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'invoices' AND column_name = 'legacy'"))[0].n === 1;
  }

  test('alembic: upgrade <current>:head --sql is linted before the command runs; in production a DROP COLUMN blocks it', async () => {
    const d = await db(atA1);
    const project = alembicProject('CREATE TABLE invoices (id int PRIMARY KEY, legacy text);\n', dropLegacy);
    writeFiles(project.dir, versions);
    const r = await inProject(project.dir, () => runCheck({ 'database-url': d.url, command: 'alembic upgrade head', environment: 'production' }));
    expect(r.exitCode).toBe(1);
    const drop = r.report.findings.find((f) => f.rule === 'drop-column');
    expect(drop).toMatchObject({ severity: 'error', file: 'alembic/versions/b2_drop_legacy.py', line: 7 });
    expect(drop?.message).toMatch(/alembic revision b2/);
    // Only the offline render ran, from the revision the database is at.
    expect(project.calls()).toEqual(['upgrade a1:head --sql']);
    expect(await hasLegacy(d)).toBe(true);
    expect(await alembicVersion(d)).toBe('a1');
  });

  test('outside production the findings are warnings and the command runs', async () => {
    const d = await db(atA1);
    const project = alembicProject('CREATE TABLE invoices (id int PRIMARY KEY, legacy text);\n', dropLegacy);
    writeFiles(project.dir, versions);
    const r = await inProject(project.dir, () => runCheck({ 'database-url': d.url, command: 'cd . && alembic upgrade head' }));
    expect(r.exitCode, JSON.stringify(r.report.findings)).toBe(0);
    expect(rules(r)).toEqual(['drop-column']);
    expect(r.report.findings[0].severity).toBe('warning');
    expect(project.calls()).toEqual(['upgrade a1:head --sql', 'upgrade head']);
    expect(await hasLegacy(d)).toBe(false);
    expect(await alembicVersion(d)).toBe('b2');
  });

  test('a database without alembic_version is linted from the first revision; --dry-run lints and changes nothing', async () => {
    const d = await db();
    const project = alembicProject('CREATE TABLE invoices (id int PRIMARY KEY, legacy text);\n', dropLegacy);
    const r = await runCheck({ 'database-url': d.url, command: 'alembic upgrade head', 'dry-run': true });
    expect(r.exitCode).toBe(0);
    // Not mapped to a file (no alembic/versions here), but still reported.
    expect(r.report.findings.find((f) => f.rule === 'drop-column')?.message).toMatch(/alembic revision b2/);
    expect(project.calls()).toEqual(['upgrade head --sql']);
    expect(await alembicVersion(d)).toBeNull();
  });

  test('when alembic cannot print its SQL, the report says lint was skipped and why, and the command still runs', async () => {
    const d = await db(atA1);
    const project = alembicProject('', 'ALTER TABLE invoices ADD COLUMN nit text;\n');
    writeFiles(project.dir, { 'offline-fails': '' });
    const r = await runCheck({ 'database-url': d.url, command: 'alembic upgrade head' });
    expect(r.exitCode).toBe(0);
    expect(rules(r)).toEqual(['lint-skipped']);
    expect(r.report.findings[0]).toMatchObject({ severity: 'notice' });
    expect(r.report.findings[0].message).toMatch(/env\.py cannot run in offline mode/);
    expect(project.calls()).toEqual(['upgrade a1:head --sql', 'upgrade head']);
  });

  test.each([
    ['another tool', 'true', /only alembic/],
    ['alembic followed by other programs', 'alembic upgrade head && echo seeded', /also runs echo/],
  ])('%s: lint-skipped says why', async (_name, command, why) => {
    const d = await db();
    const project = alembicProject('CREATE TABLE invoices (id int PRIMARY KEY);\n', 'ALTER TABLE invoices ADD COLUMN nit text;\n');
    const r = await runCheck({ 'database-url': d.url, command });
    expect(r.exitCode).toBe(0);
    expect(rules(r)).toEqual(['lint-skipped']);
    expect(r.report.findings[0].message).toMatch(why);
    expect(project.calls().filter((c) => c.includes('--sql'))).toEqual([]);
  });
});

// The real tool, where the machine has it (pip install alembic); the fake above stands in otherwise.
const realAlembic = spawnSync('sh', ['-c', 'command -v alembic'], { encoding: 'utf8', env: { PATH: savedPath } }).stdout.trim();
if (!realAlembic) console.log('Skipping the real-alembic lint test: alembic is not on PATH (pip install alembic to run it).');

test.skipIf(!realAlembic)('real alembic: its offline SQL is linted in a dry run, findings at the revision file', async () => {
  const d = await db();
  const dir = mkdtempSync(join(tmpdir(), 'pf-real-alembic-'));
  const init = spawnSync(realAlembic, ['init', 'alembic'], { cwd: dir, encoding: 'utf8' });
  expect(init.status, init.stderr).toBe(0);
  const ini = join(dir, 'alembic.ini');
  // Offline mode needs only the dialect, never a connection.
  writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, 'sqlalchemy.url = postgresql://offline@localhost/offline'));
  writeFiles(dir, {
    'alembic/versions/a1_base.py': 'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("invoices", sa.Column("id", sa.Integer, primary_key=True), sa.Column("legacy", sa.Text))\n',
    'alembic/versions/b2_drop_legacy.py': 'from alembic import op\n\nrevision = "b2"\ndown_revision = "a1"\n\n\ndef upgrade():\n    op.drop_column("invoices", "legacy")\n',
  });
  const path = process.env.PATH;
  const cwd = process.cwd();
  process.env.PATH = savedPath;
  process.chdir(dir);
  try {
    const r = await runCheck({ 'database-url': d.url, command: 'alembic upgrade head', 'dry-run': true, environment: 'production' });
    expect(r.exitCode).toBe(1);
    expect(r.report.findings.find((f) => f.rule === 'drop-column')).toMatchObject({ severity: 'error', file: 'alembic/versions/b2_drop_legacy.py', line: 7 });
    expect(await alembicVersion(d)).toBeNull();
  } finally {
    process.env.PATH = path;
    process.chdir(cwd);
  }
});

// issue 7 item 2: command text is user text; a URL in it carries a password nobody registered.
describe('command text in findings never carries the password', () => {
  const pw = 'Cmd-PW-31337';
  test('down-migration-refused', () => {
    const f = downCommandFinding(`dbmate --url postgres://admin:${pw}@db.internal/app down`, 'production', false)!;
    expect(f.rule).toBe('down-migration-refused');
    expect(f.message).toContain('postgres://admin:***@db.internal/app');
    expect(f.message).not.toContain(pw);
  });

  test('a long command is masked before it is shortened, so no part of the password survives the cut', () => {
    for (let pad = 90; pad < 130; pad++) {
      const command = `${'x'.repeat(pad)} --url postgres://admin:${pw}@db.internal/app down`;
      const f = downCommandFinding(command, 'production', false)!;
      expect(f.message).not.toMatch(/Cmd-|PW-|31337/);
      const failed = commandFailedFinding(command, { code: 1, signal: null, timedOut: false, tail: [] });
      expect(failed.message).not.toMatch(/Cmd-|PW-|31337/);
    }
  });
});
