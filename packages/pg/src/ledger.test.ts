import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminQuery, createDatabase, urlFor } from '../../../test/harness/db.ts';
import { ledgerFindings, ledgerRules, readLedgers, type LedgerState } from './ledger.ts';

async function ledgersOf(setupSql: string): Promise<LedgerState[]> {
  const db = await createDatabase('ledger', setupSql);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await readLedgers(client);
  } finally {
    await client.end();
    await db.drop();
  }
}

describe('readLedgers against PostgreSQL', () => {
  it('finds no ledger in an empty database', async () => {
    expect(await ledgersOf('')).toEqual([]);
  });

  it('reads alembic_version, with several rows as several heads', async () => {
    expect(await ledgersOf(`CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('a1b2c3d4e5f6');`)).toEqual([
      { tool: 'alembic', table: 'public.alembic_version', head: 'a1b2c3d4e5f6', versions: ['a1b2c3d4e5f6'], failed: [], heads: ['a1b2c3d4e5f6'] },
    ]);
    const [two] = await ledgersOf(`CREATE SCHEMA app; CREATE TABLE app.alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO app.alembic_version VALUES ('bbb'), ('aaa');`);
    expect(two).toMatchObject({ table: 'app.alembic_version', head: undefined, heads: ['aaa', 'bbb'] });
    expect(ledgerFindings([two], undefined, 0).findings.map((f) => [f.rule, f.object])).toEqual([['ledger-multiple-heads', 'app.alembic_version']]);
  });

  it('reads flyway_schema_history with failed rows, undo and the schema-creation marker', async () => {
    const [l] = await ledgersOf(`
      CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL,
        type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum int, installed_by varchar(100) NOT NULL,
        installed_on timestamp NOT NULL DEFAULT now(), execution_time int NOT NULL, success boolean NOT NULL);
      INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, installed_by, execution_time, success) VALUES
        (0, '0', '<< Flyway Schema Creation >>', 'SCHEMA', '"public"', 'u', 0, true),
        (1, '1', 'init', 'SQL', 'V1__init.sql', 'u', 1, true),
        (2, '1.10', 'later', 'SQL', 'V1_10__later.sql', 'u', 1, true),
        (3, '1.2', 'mid', 'SQL', 'V1_2__mid.sql', 'u', 1, true),
        (4, '2', 'views', 'SQL', 'V2__views.sql', 'u', 1, false),
        (5, NULL, 'refresh', 'SQL', 'R__refresh.sql', 'u', 1, true),
        (6, '1.10', 'later', 'UNDO_SQL', 'U1_10__later.sql', 'u', 1, true);`);
    expect(l).toEqual({ tool: 'flyway', table: 'public.flyway_schema_history', head: '1.2', versions: ['1', '1.2'], failed: ['2'] });
    const { findings } = ledgerFindings([l], undefined, 0);
    expect(findings).toMatchObject([{ rule: 'ledger-failed', severity: 'error', object: 'public.flyway_schema_history' }]);
  });

  it('reads _prisma_migrations: unfinished rows are failed, rolled-back rows are neither', async () => {
    const [l] = await ledgersOf(`
      CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
        migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
        applied_steps_count int NOT NULL DEFAULT 0);
      INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at) VALUES
        ('1', 'c', now(), '20240101000000_init', NULL, NULL, now() - interval '3 min'),
        ('2', 'c', NULL, '20240201000000_orders', 'Database error: relation exists', now(), now() - interval '2 min'),
        ('3', 'c', NULL, '20240301000000_items', 'Database error: syntax', NULL, now() - interval '1 min');`);
    expect(l).toEqual({ tool: 'prisma', table: 'public._prisma_migrations', head: '20240101000000_init', versions: ['20240101000000_init'], failed: ['20240301000000_items'] });
  });

  it('tells dbmate, golang-migrate and Rails schema_migrations apart, in any schema', async () => {
    const ls = await ledgersOf(`
      CREATE SCHEMA dbm; CREATE TABLE dbm.schema_migrations (version varchar(128) PRIMARY KEY);
      INSERT INTO dbm.schema_migrations VALUES ('20240101000000'), ('9'), ('20231231000000');
      CREATE SCHEMA gm; CREATE TABLE gm.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
      INSERT INTO gm.schema_migrations VALUES (42, true);
      CREATE TABLE public.schema_migrations (version varchar NOT NULL PRIMARY KEY);
      CREATE TABLE public.ar_internal_metadata (key varchar PRIMARY KEY, value varchar);
      INSERT INTO public.schema_migrations VALUES ('20240102000000'), ('20240101000000');`);
    expect(ls).toEqual([
      { tool: 'dbmate', table: 'dbm.schema_migrations', head: '20240101000000', versions: ['9', '20231231000000', '20240101000000'], failed: [] },
      { tool: 'golang-migrate', table: 'gm.schema_migrations', head: '42', versions: ['42'], failed: [], dirty: true },
      { tool: 'rails', table: 'public.schema_migrations', head: '20240102000000', versions: ['20240101000000', '20240102000000'], failed: [] },
    ]);
    const { findings } = ledgerFindings(ls, undefined, 0);
    expect(findings).toMatchObject([{ rule: 'ledger-dirty', severity: 'error', object: 'gm.schema_migrations' }]);
  });

  it('reads django_migrations and Preflight’s own ledger', async () => {
    const ls = await ledgersOf(`
      CREATE TABLE django_migrations (id serial PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied timestamptz NOT NULL DEFAULT now());
      INSERT INTO django_migrations (app, name) VALUES ('auth', '0001_initial'), ('shop', '0010_b'), ('shop', '0002_a');
      CREATE SCHEMA preflight;
      CREATE TABLE preflight.schema_migrations (version text NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO preflight.schema_migrations (version, name, checksum) VALUES ('0002', 'b', 'x'), ('0001', 'a', 'y'), ('', 'views', 'z');`);
    expect(ls).toEqual([
      { tool: 'preflight', table: 'preflight.schema_migrations', head: '0002', versions: ['0001', '0002'], failed: [] },
      { tool: 'django', table: 'public.django_migrations', head: 'shop.0002_a', versions: ['auth.0001_initial', 'shop.0002_a', 'shop.0010_b'], failed: [] },
    ]);
  });

  it('ignores tables with a ledger name but other columns', async () => {
    expect(await ledgersOf(`CREATE TABLE schema_migrations (id int); CREATE TABLE alembic_version (v text);`)).toEqual([]);
  });
});

describe('a ledger the role may not read', () => {
  it('is ledger-unreadable with the GRANTs that fix it, quoted where PostgreSQL needs it', async () => {
    const role = { name: `RO ${process.pid}_${Math.random().toString(36).slice(2, 7)}`, password: 'ro-pass-2' };
    const db = await createDatabase('ledger_ro', `CREATE SCHEMA "Ledgers";
      CREATE TABLE "Ledgers".alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO "Ledgers".alembic_version VALUES ('abc');
      CREATE TABLE public.schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO public.schema_migrations VALUES ('1');`);
    await adminQuery(`CREATE ROLE "${role.name}" LOGIN PASSWORD '${role.password}'`);
    const read = async () => {
      const client = new pg.Client({ connectionString: urlFor(db.name, role) });
      await client.connect();
      try {
        return await readLedgers(client);
      } finally {
        await client.end();
      }
    };
    try {
      // No USAGE on "Ledgers", no SELECT on either table.
      const ledgers = await read();
      expect(ledgers.map((l) => [l.table, l.unreadable?.grant])).toEqual([
        ['Ledgers.alembic_version', `GRANT USAGE ON SCHEMA "Ledgers" TO "${role.name}";\nGRANT SELECT ON "Ledgers".alembic_version TO "${role.name}";`],
        ['public.schema_migrations', `GRANT SELECT ON public.schema_migrations TO "${role.name}";`],
      ]);
      const { findings, summary } = ledgerFindings(ledgers, { tool: 'alembic', head: 'abc' }, 2);
      expect(findings.map((f) => [f.rule, f.object, f.severity])).toEqual([
        ['ledger-unreadable', 'Ledgers.alembic_version', 'error'],
        ['ledger-unreadable', 'public.schema_migrations', 'error'],
      ]);
      expect(summary).toBe(`ledger Ledgers.alembic_version unreadable by role ${role.name}, and 2 objects differ`);

      // The fixes as given are enough for the same role to read both ledgers.
      await db.sql(findings.map((f) => f.fix).join('\n'));
      expect((await read()).map((l) => [l.table, l.head, l.unreadable])).toEqual([
        ['Ledgers.alembic_version', 'abc', undefined],
        ['public.schema_migrations', '1', undefined],
      ]);
    } finally {
      await db.drop();
      await adminQuery(`DROP ROLE IF EXISTS "${role.name}"`);
    }
  });
});

describe('ledgerFindings', () => {
  const alembic = (head: string): LedgerState => ({ tool: 'alembic', table: 'public.alembic_version', head, versions: [head], failed: [], heads: [head] });
  const dbmate = (...versions: string[]): LedgerState => ({ tool: 'dbmate', table: 'public.schema_migrations', head: versions[versions.length - 1], versions, failed: [] });

  it('says "(head)" and how many objects differ when the ledger is at head', () => {
    const r = ledgerFindings([alembic('a1b2c3d4e5f6')], { tool: 'alembic', head: 'a1b2c3d4e5f6' }, 2);
    expect(r).toEqual({ findings: [], summary: 'ledger alembic_version at a1b2c3d4e5f6 (head), but 2 objects differ' });
    expect(ledgerFindings([alembic('a1b2c3d4e5f6')], undefined, 0).summary).toBe('ledger alembic_version at a1b2c3d4e5f6');
    expect(ledgerFindings([alembic('a1b2c3d4e5f6')], undefined, 1).summary).toBe('ledger alembic_version at a1b2c3d4e5f6, and 1 object differs');
  });

  it('reports an alembic head other than the expected one as behind (error)', () => {
    const r = ledgerFindings([alembic('old')], { tool: 'alembic', head: 'new', versions: ['new'] }, 0);
    expect(r.findings).toMatchObject([{ rule: 'ledger-behind', severity: 'error', object: 'public.alembic_version' }]);
    expect(r.summary).toBe('ledger alembic_version at old, behind head new');
  });

  it('compares full version lists: missing is behind (error), unknown is ahead (warning)', () => {
    const behind = ledgerFindings([dbmate('1', '2')], { tool: 'dbmate', head: '3', versions: ['1', '2', '3'] }, 0);
    expect(behind.findings).toMatchObject([{ rule: 'ledger-behind', severity: 'error', message: expect.stringContaining(': 3.') }]);
    const ahead = ledgerFindings([dbmate('0001', '0002', '0003')], { tool: 'sql', head: '2', versions: ['1', '2'] }, 0);
    expect(ahead.findings).toMatchObject([{ rule: 'ledger-ahead', severity: 'warning' }]);
    expect(ahead.summary).toBe('ledger schema_migrations at 0003, ahead of head 2');
    const same = ledgerFindings([dbmate('0001', '0002')], { tool: 'sql', head: '2', versions: ['1', '2'] }, 0);
    expect(same).toEqual({ findings: [], summary: 'ledger schema_migrations at 0002 (head)' });
  });

  it('compares golang-migrate by number, since it keeps only the current version', () => {
    const gm = (v: string): LedgerState => ({ tool: 'golang-migrate', table: 'public.schema_migrations', head: v, versions: [v], failed: [], dirty: false });
    expect(ledgerFindings([gm('2')], { head: '000002', versions: ['000001', '000002'] }, 0).findings).toEqual([]);
    expect(ledgerFindings([gm('1')], { head: '000002', versions: ['000001', '000002'] }, 0).findings[0].rule).toBe('ledger-behind');
    expect(ledgerFindings([gm('10')], { head: '000002', versions: ['000001', '000002'] }, 0).findings[0].rule).toBe('ledger-ahead');
  });

  it('reports a missing ledger (a warning: the diff decides), and several alembic heads in the versions directory', () => {
    const r = ledgerFindings([], { tool: 'alembic', heads: ['x', 'y'], source: 'alembic/versions', head: 'x' }, 3);
    expect(r.findings.map((f) => [f.rule, f.object])).toEqual([
      ['ledger-multiple-heads', 'alembic/versions'],
      ['ledger-missing', 'public.alembic_version'],
    ]);
    expect(r.findings[1].severity).toBe('warning');
    expect(r.summary).toBe('no migration ledger found, expected head x, and 3 objects differ');
    expect(ledgerFindings([], undefined, 0)).toEqual({ findings: [] });
  });

  it('picks the ledger of the expected tool among several', () => {
    const pre: LedgerState = { tool: 'preflight', table: 'preflight.schema_migrations', head: '5', versions: ['5'], failed: [] };
    const r = ledgerFindings([pre, alembic('abc')], { tool: 'alembic', head: 'abc' }, 0);
    expect(r.summary).toBe('ledger alembic_version at abc (head)');
  });

  it('documents every rule it emits', () => {
    expect(ledgerRules.map((r) => r.id)).toEqual(['ledger-missing', 'ledger-behind', 'ledger-ahead', 'ledger-dirty', 'ledger-failed', 'ledger-multiple-heads', 'ledger-unreadable']);
    for (const r of ledgerRules) for (const k of ['title', 'description', 'example', 'fix'] as const) expect(r[k].length).toBeGreaterThan(10);
  });
});
