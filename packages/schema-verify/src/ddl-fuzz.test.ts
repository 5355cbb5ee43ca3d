/**
 * DDL fuzz: random sequences of DDL on a copy of a real schema (pagila), on either side, then
 * diff → fix script through `psql -v ON_ERROR_STOP=1` → diff again, which must be empty.
 *
 * DDL_FUZZ_RUNS sets the number of cases (200 in `npm test`; a case is up to two databases, two
 * comparisons and a psql run, 1-2 s on an idle 2-core machine, so not the parsers' FUZZ_RUNS);
 * DDL_FUZZ_SEED replays a failure, whose seed fast-check prints (default: one fixed seed; `random` explores),
 * DDL_FUZZ_PATH its one failing case; DDL_FUZZ_PROFILE=1 prints the seconds per phase, DDL_FUZZ_SKIPPED=1
 * each step the server refused. bench/ddl-fuzz.ts
 * runs 10,000 cases across several workers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminQuery, fixturesDir, urlFor } from '../../../test/harness/db.ts';
import { BASE_KINDS_SQL, FUZZ_ROLES, KIND_WARNINGS, kindStep, kindStepSql, type KindStep } from './ddl-fuzz-kinds.ts';
import { runSchemaVerify } from './testing.ts';

const runs = Number(process.env.DDL_FUZZ_RUNS ?? 200);
// npm test replays one fixed sample, so a green main stays green; DDL_FUZZ_SEED=random (or any
// number) explores, as the long runs do.
const seedSetting = process.env.DDL_FUZZ_SEED ?? '20261201';
const seed = seedSetting === 'random' ? undefined : Number(seedSetting);
// DDL_FUZZ_PATH replays one failing case of a seed (fast-check prints both), without the others.
const path = process.env.DDL_FUZZ_PATH;
const base = `fz_base_${process.pid}`;
const pristine = `${base}_ro`;
const dir = mkdtempSync(join(tmpdir(), 'pf-ddl-fuzz-'));

/** psql as the user runs the fix; the warnings a publication's re-creation prints are not failures. */
function psql(url: string, sql: string): { ok: boolean; stderr: string } {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], { input: sql, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: KIND_WARNINGS.reduce((text, warning) => text.replace(warning, ''), r.stderr) };
}

beforeAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${base}`);
  await adminQuery(`CREATE DATABASE ${base}`);
  for (const role of FUZZ_ROLES) await adminQuery(`DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  const pagila = readFileSync(`${fixturesDir}pagila.sql`, 'utf8').split('\n').filter((l) => !/^\\(un)?restrict\b/.test(l)).join('\n');
  const r = psql(urlFor(base), pagila);
  if (!r.ok) throw new Error(`loading pagila failed: ${r.stderr}`);
  const kinds = psql(urlFor(base), BASE_KINDS_SQL);
  if (!kinds.ok || kinds.stderr) throw new Error(`adding the other kinds to pagila failed: ${kinds.stderr}`);
  // The unchanged side of a case that mutates the live database is only read: one copy serves
  // every such case (a template copy is most of a case's cost).
  await adminQuery(`CREATE DATABASE ${pristine} TEMPLATE ${base}`);
}, 120_000);

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
  await adminQuery(`DROP DATABASE IF EXISTS ${pristine} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = ['actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'inventory', 'language', 'rental', 'staff', 'store'];

type Step =
  | { kind: 'addColumn'; table: number; type: number; withDefault: boolean; notNull: boolean }
  | { kind: 'dropColumn' | 'alterType' | 'toggleDefault' | 'toggleNotNull' | 'index' | 'check' | 'comment' | 'grant' | 'columnGrant'; table: number; column: number; flag: boolean }
  | { kind: 'view' | 'rls' | 'dropTable' | 'enumColumn' | 'domainColumn'; table: number; flag: boolean }
  | { kind: 'function' | 'compositeType' | 'dropView' | 'enumLabel' | 'dropIndex'; n: number; flag: boolean }
  | KindStep;

const table = fc.nat(TABLES.length - 1);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('addColumn' as const), table, type: fc.nat(5), withDefault: fc.boolean(), notNull: fc.boolean() }),
  fc.record({
    kind: fc.constantFrom('dropColumn', 'alterType', 'toggleDefault', 'toggleNotNull', 'index', 'check', 'comment', 'grant', 'columnGrant') as fc.Arbitrary<'dropColumn'>,
    table, column: fc.nat(20), flag: fc.boolean(),
  }),
  fc.record({ kind: fc.constantFrom('view', 'rls', 'dropTable', 'enumColumn', 'domainColumn') as fc.Arbitrary<'view'>, table, flag: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('function', 'compositeType', 'dropView', 'enumLabel', 'dropIndex') as fc.Arbitrary<'function'>, n: fc.nat(50), flag: fc.boolean() }),
  // Every other kind schema-verify models (ddl-fuzz-kinds.ts), drawn as often as the four groups above together.
  { arbitrary: kindStep(TABLES.length), weight: 4 },
);

const TYPES = ['integer', 'text', 'numeric(10,2)', 'boolean', 'timestamptz', 'varchar(40)'];
const DEFAULTS = ['0', "''", '0', 'false', 'now()', "'x'"];

/** Turns a step into SQL against the database's current catalog (or none when it does not apply). */
async function stepSql(client: pg.Client, s: Step, i: number): Promise<string | undefined> {
  const t = 'table' in s ? `public.${TABLES[s.table]}` : '';
  const columns = async () =>
    (await client.query(`SELECT attname, format_type(atttypid, atttypmod) AS type, attnotnull, atthasdef FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [t])).rows;
  const exists = async (rel: string) => (await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [rel])).rows[0].ok as boolean;
  if ('table' in s && !(await exists(t))) return undefined;
  if ('n' in s && 'table' in s) return kindStepSql(client, s, t, i);
  switch (s.kind) {
    case 'addColumn':
      return `ALTER TABLE ${t} ADD COLUMN fz_c${i} ${TYPES[s.type]}${s.withDefault || s.notNull ? ` DEFAULT ${DEFAULTS[s.type]}` : ''}${s.notNull ? ' NOT NULL' : ''}`;
    case 'enumColumn':
      return `CREATE TYPE public.fz_e${i} AS ENUM ('a', 'b'${s.flag ? ", 'c'" : ''}); ALTER TABLE ${t} ADD COLUMN fz_e${i} public.fz_e${i}${s.flag ? " DEFAULT 'b'" : ''}`;
    case 'domainColumn':
      return `CREATE DOMAIN public.fz_d${i} AS ${s.flag ? 'integer' : 'text'} CHECK (VALUE IS NOT NULL); ALTER TABLE ${t} ADD COLUMN fz_d${i} public.fz_d${i}`;
    case 'view':
      return `CREATE VIEW public.fz_v${i} AS SELECT * FROM ${t}${s.flag ? ' WHERE true' : ''}`;
    case 'rls':
      return `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY; CREATE POLICY fz_p${i} ON ${t} USING (${s.flag ? 'true' : 'current_user IS NOT NULL'})`;
    case 'dropTable':
      return `DROP TABLE ${t} CASCADE`;
    case 'function':
      return s.flag
        ? `CREATE FUNCTION public.fz_f${i}(x integer) RETURNS integer LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT x + ${s.n}; END`
        : `CREATE FUNCTION public.fz_f${i}(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + ${s.n} $$`;
    case 'compositeType':
      return `CREATE TYPE public.fz_t${i} AS (a integer, b ${s.flag ? 'public.mpaa_rating' : 'text'})`;
    case 'enumLabel':
      return `ALTER TYPE public.mpaa_rating ADD VALUE 'FZ${s.n}' ${s.flag ? "BEFORE 'PG'" : ''}`;
    case 'dropView': {
      const views = (await client.query("SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'v' ORDER BY 1")).rows;
      return views.length ? `DROP VIEW ${views[s.n % views.length].name} CASCADE` : undefined;
    }
    case 'dropIndex': {
      const idx = (await client.query("SELECT i.indexrelid::regclass::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid) AND NOT i.indisprimary AND NOT c.relispartition ORDER BY 1")).rows;
      return idx.length ? `DROP INDEX ${idx[s.n % idx.length].name}` : undefined;
    }
  }
  const cols = await columns();
  if (!cols.length) return undefined;
  const c = cols[s.column % cols.length];
  const col = `"${c.attname}"`;
  switch (s.kind) {
    case 'dropColumn':
      return `ALTER TABLE ${t} DROP COLUMN ${col} CASCADE`;
    case 'alterType':
      if (c.type === 'integer' || c.type === 'smallint') return `ALTER TABLE ${t} ALTER COLUMN ${col} TYPE bigint`;
      if (/^character varying/.test(c.type)) return `ALTER TABLE ${t} ALTER COLUMN ${col} TYPE text`;
      return undefined;
    case 'toggleDefault':
      return c.atthasdef ? `ALTER TABLE ${t} ALTER COLUMN ${col} DROP DEFAULT` : c.type === 'text' ? `ALTER TABLE ${t} ALTER COLUMN ${col} SET DEFAULT 'fz'` : undefined;
    case 'toggleNotNull':
      return `ALTER TABLE ${t} ALTER COLUMN ${col} ${c.attnotnull ? 'DROP' : 'SET'} NOT NULL`;
    case 'index':
      return `CREATE ${s.flag ? 'UNIQUE ' : ''}INDEX fz_i${i} ON ${t} (${col})`;
    case 'check':
      return `ALTER TABLE ${t} ADD CONSTRAINT fz_k${i} CHECK (${col} IS NOT NULL)${s.flag ? ' NOT VALID' : ''}`;
    case 'comment':
      return s.flag ? `COMMENT ON TABLE ${t} IS 'fz ${i}'` : `COMMENT ON COLUMN ${t}.${col} IS 'fz ${i}'`;
    case 'grant':
      return s.flag ? `GRANT SELECT ON ${t} TO fz_reader` : `REVOKE ALL ON ${t} FROM PUBLIC`;
    case 'columnGrant':
      return `GRANT ${s.flag ? 'SELECT' : 'UPDATE'} (${col}) ON ${t} TO fz_reader`;
  }
}

/** Applies each step that the server accepts; a step it refuses (a dependency, a type) is skipped. */
async function mutate(url: string, steps: Step[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('BEGIN');
    for (const [i, s] of steps.entries()) {
      const sql = await stepSql(client, s, i);
      if (!sql) continue;
      await client.query('SAVEPOINT step');
      try {
        await client.query(sql);
        await client.query('RELEASE SAVEPOINT step');
        applied.push(sql);
      } catch (e) {
        // DDL_FUZZ_SKIPPED=1 prints each refused step, to see that new steps are mostly valid SQL.
        if (process.env.DDL_FUZZ_SKIPPED) console.log(`skipped: ${sql}\n  ${(e as Error).message}`);
        await client.query('ROLLBACK TO SAVEPOINT step');
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return applied;
}

let counter = 0;

/** DDL_FUZZ_PROFILE=1: seconds spent per phase of a case, printed at the end (the bench's per-case cost). */
const phases = new Map<string, number>();
async function timed<T>(phase: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    phases.set(phase, (phases.get(phase) ?? 0) + (performance.now() - t0) / 1000);
  }
}
/** How often each rule was found on a first run: DDL_FUZZ_PROFILE shows which kinds the steps reach. */
const reached = new Map<string, number>();
afterAll(() => {
  if (!process.env.DDL_FUZZ_PROFILE) return;
  console.log(`ddl-fuzz phases (s, ${runs} cases): ${[...phases].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  console.log(`ddl-fuzz rules found: ${[...reached].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

test(`random DDL on either side of pagila: the fix script applies and a re-run is empty (${runs} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), fc.boolean(), async (steps, onLive) => {
      const copy = `fz_${process.pid}_${++counter}`;
      const other = `fz_${process.pid}_${counter}_x`;
      await timed('create', () => adminQuery(`CREATE DATABASE ${copy} TEMPLATE ${base}`));
      // The fix runs on the live side, so an unchanged live side must be a copy of its own.
      if (!onLive) await timed('create', () => adminQuery(`CREATE DATABASE ${other} TEMPLATE ${base}`));
      try {
        const applied = await timed('mutate', () => mutate(urlFor(copy), steps));
        const [live, expected] = onLive ? [copy, pristine] : [other, copy];
        const fix = join(dir, `${copy}.sql`);
        const raw = { 'database-url': urlFor(live), 'expected-url': urlFor(expected), strict: 'true', 'fix-sql': fix };
        const first = await timed('verify', () => runSchemaVerify(raw));
        const context = `${onLive ? 'live' : 'expected'} side:\n${applied.join(';\n')}`;
        expect(first.exitCode === 0 || first.exitCode === 1, `${context}\n${first.logs.join('\n')}`).toBe(true);
        // A warning (storage parameters) passes the run but is drift all the same: it must be fixed too.
        for (const f of first.report.findings) reached.set(f.rule, (reached.get(f.rule) ?? 0) + 1);
        const drift = first.report.findings.filter((f) => f.severity !== 'notice');
        if (!drift.length) return;
        // Where no safe automatic fix exists the finding says so and carries none: the documented outcome.
        const manual = new Set(drift.filter((f) => !f.fix && /by hand/.test(f.message)).map((f) => `${f.rule} ${f.object}`));
        const script = drift.some((f) => f.fix) ? readFileSync(fix, 'utf8') : '';
        if (script) {
          const r = await timed('psql', () => psql(urlFor(live), script));
          expect(r.stderr, `${context}\n--- fix.sql\n${script}`).toBe('');
        }
        const again = await timed('re-verify', () => runSchemaVerify({ ...raw, 'fix-sql': undefined }));
        const left = again.report.findings.filter((f) => f.severity !== 'notice' && !manual.has(`${f.rule} ${f.object}`)).map((f) => `${f.rule} ${f.object}: ${f.message}`);
        expect(left, `${context}\n--- fix.sql\n${script}`).toEqual([]);
      } finally {
        await timed('drop', () => adminQuery(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`));
        if (!onLive) await timed('drop', () => adminQuery(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`));
      }
    }),
    { numRuns: runs, seed, path, endOnFailure: true },
  );
}, 60_000 + runs * 15_000);
