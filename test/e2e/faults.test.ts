/**
 * Fault injection: the bundled CLI talks to a real PostgreSQL and a real registry through a
 * loopback proxy (test/harness/fault-proxy.ts) that stalls, resets or cuts the connection at a
 * chosen point. Each check must exit 3 within its timeout with one clear sentence, leave nothing
 * half-done (no half-applied migration, no lock held, no moved tag, no half-written file), and a
 * re-run without the fault must succeed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { adminQuery, createDatabase, databasesPerTest, serverInfo, withTestClient, type TestDatabase } from '../harness/db.ts';
import { startFaultProxy, type Fault, type FaultAction, type FaultProxy } from '../harness/fault-proxy.ts';
import { runCliBundle, type ProcessResult } from '../harness/run-bundle.ts';
import { advisoryLockKey } from '../../packages/migrate-direct/src/runner/lock.ts';
import { FIXTURE_SQL, pgDump } from '../../packages/restore-verify/src/testing/fixture.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';

const work = mkdtempSync(join(tmpdir(), 'preflight-faults-'));
const database = databasesPerTest('fault');

let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A proxy in front of the test cluster, and `url` rewritten to go through it. */
async function throughProxy(url: string, fault: Fault): Promise<{ proxy: FaultProxy; url: string }> {
  const s = serverInfo();
  proxy = await startFaultProxy({ host: s.host, port: s.port }, fault);
  return { proxy, url: url.replace(`@${s.host}:${s.port}/`, `@${proxy.address}/`) };
}

function reportOf(r: ProcessResult): { status: string; summary: string; findings: Array<{ rule: string; severity: string; object: string }> } {
  return JSON.parse(r.stdout);
}

/** What every faulted run must look like: exit 3, an error report with one clear sentence, no stack trace. */
function expectCouldNotRun(r: ProcessResult, boundMs: number): void {
  expect(r.code, r.stderr).toBe(3);
  expect(r.ms).toBeLessThan(boundMs);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const report = reportOf(r);
  expect(report.status).toBe('error');
  expect(report.summary).not.toMatch(/undefined|\[object /);
}

/** Files a test hands to a check, with content from an earlier run that must survive a failed one. */
function previousFiles(dir: string, names: string[]): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const name of names) {
    files[name] = join(dir, name);
    writeFileSync(files[name], `previous ${name}\n`);
  }
  return files;
}

/** Each file still holds the earlier content, and no temporary sibling was left behind. */
function expectUntouched(dir: string, files: Record<string, string>): void {
  for (const [name, path] of Object.entries(files)) expect(readFileSync(path, 'utf8'), name).toBe(`previous ${name}\n`);
  expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
}

const faults: FaultAction[] = ['cut', 'reset', 'stall'];

describe('schema-verify, mid-introspection', () => {
  const schema = `CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric(12,2));`;
  const snapshot = join(work, 'expected.json');
  // The first of the two catalog statements (introspect.sql.ts): the fault lands before it reaches the server.
  const catalogQuery = 'JOIN pg_attribute a ON a.attrelid = r.oid';

  test.each(faults)('%s while the catalog query is sent: exit 3, no file written, a re-run passes', async (action) => {
    const db = await database(schema);
    const made = await runCliBundle(['schema-verify', '--database-url', db.url, '--write-snapshot', snapshot, '--json']);
    expect(made.code, made.stderr).toBe(0);

    const { url } = await throughProxy(db.url, { trigger: { pattern: catalogQuery }, action });
    const dir = join(work, `sv-${action}`);
    const files = previousFiles(dir, ['fix.sql', 'snapshot.json']);
    const args = ['schema-verify', '--database-url', url, '--expected-snapshot', snapshot, '--connect-timeout', '2s', '--query-timeout', '2s', '--json'];
    const r = await runCliBundle([...args, '--fix-sql', files['fix.sql'], '--write-snapshot', files['snapshot.json']]);
    expect(proxy!.hasFired()).toBe(true);
    expectCouldNotRun(r, 2_000 + 10_000);
    expect(reportOf(r).summary).toMatch(/^Reading the database catalog failed: /);
    if (action === 'stall') expect(reportOf(r).summary).toMatch(/no answer from postgres:\/\/[^ ]*:\*\*\*@[^ ]+ for 2 s while a query ran/);
    expectUntouched(dir, files);

    const again = await runCliBundle([...args, '--fix-sql', files['fix.sql']]);
    expect(again.code, again.stderr).toBe(0);
    expect(reportOf(again).summary).toMatch(/^schema matches/);
  });

  // The CLI writes --report and --sarif also for an error run; here the point is only that it is
  // a whole document (written then renamed), never the first half of one.
  test('a SARIF file from a faulted run is whole: the error report, never half a document', async () => {
    const db = await database(schema);
    const { url } = await throughProxy(db.url, { trigger: { pattern: catalogQuery }, action: 'reset' });
    const sarif = join(work, 'sv.sarif');
    writeFileSync(sarif, 'previous sarif\n');
    const r = await runCliBundle(['schema-verify', '--database-url', url, '--write-snapshot', join(work, 'sv-unused.json'), '--sarif', sarif, '--json']);
    expectCouldNotRun(r, 12_000);
    const document = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(document.version).toBe('2.1.0');
    expect(document.runs[0].results).toEqual([]);
    // ...and says it did not look, so code scanning does not close open alerts as fixed.
    expect(document.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(document.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/\S/);
    expect(existsSync(join(work, 'sv-unused.json'))).toBe(false);
  });
});

describe('migrate-direct, mid-migration', () => {
  const dir = join(work, 'migrations');
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0001_customers.sql'), 'CREATE TABLE customers (id bigint PRIMARY KEY);\n');
    writeFileSync(join(dir, '0002_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));\nCREATE INDEX orders_customer_id ON orders (customer_id);\n');
    writeFileSync(join(dir, '0003_invoices.sql'), 'CREATE TABLE invoices (id bigint PRIMARY KEY);\n');
  });

  async function applied(db: TestDatabase): Promise<string[]> {
    return (await db.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((r) => r.version);
  }
  async function tables(db: TestDatabase): Promise<string[]> {
    return (await db.sql("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY relname")).map((r) => r.relname);
  }
  /** A second session can take the migration lock: the faulted run left none behind. */
  async function lockIsFree(db: TestDatabase): Promise<boolean> {
    const key = advisoryLockKey(db.name).toString();
    // The server notices a vanished client on its next read; give it a moment.
    for (let i = 0; i < 50; i++) {
      const free = await withTestClient(db.url, async (c) => {
        const got = (await c.query('SELECT pg_try_advisory_lock($1::bigint) AS got', [key])).rows[0].got as boolean;
        if (got) await c.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        return got;
      });
      if (free) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  test.each(faults)('%s while migration 2 of 3 is sent: exit 3, migration 1 applied and recorded, 2 absent, lock free, a re-run finishes', async (action) => {
    const db = await database();
    const { url } = await throughProxy(db.url, { trigger: { pattern: 'CREATE TABLE orders' }, action });
    const args = ['migrate-direct', '--migrations', dir, '--connect-timeout', '2s', '--statement-timeout', '1s', '--json'];
    const r = await runCliBundle([...args, '--database-url', url]);
    expect(proxy!.hasFired()).toBe(true);
    // A stall is given up after (2 statements + 1) × statement-timeout + connect-timeout = 5 s of silence.
    expectCouldNotRun(r, 5_000 + 10_000);
    expect(reportOf(r).summary).toMatch(/^The connection was lost while applying \S*0002_orders\.sql \(.+\); the server rolls back its transaction and run again to continue\.$/);
    if (action === 'stall') expect(reportOf(r).summary).toMatch(/no answer from .* for 5 s while a query ran/);
    // A stalled link leaves the server's session alive until its TCP keepalive gives up; the
    // proxy drops it as that would, and then nothing of the run may remain.
    proxy!.dropStalled();
    expect(await applied(db)).toEqual(['0001']);
    expect(await tables(db)).not.toContain('orders');
    expect(await lockIsFree(db)).toBe(true);

    const again = await runCliBundle([...args, '--database-url', url]);
    expect(again.code, again.stderr).toBe(0);
    expect(await applied(db)).toEqual(['0001', '0002', '0003']);
    expect(await tables(db)).toEqual(expect.arrayContaining(['customers', 'orders', 'invoices']));
  });

  test('no fault: a migration whose statements together run longer than statement-timeout plus connect-timeout is not taken for a stall', async () => {
    // The server answers a message of several statements only once all of them ran.
    const slow = join(work, 'slow-migrations');
    mkdirSync(slow, { recursive: true });
    writeFileSync(join(slow, '0001_slow.sql'), 'SELECT pg_sleep(1.8);\nSELECT pg_sleep(1.8);\nCREATE TABLE slow_done (id int);\n');
    const db = await database();
    const r = await runCliBundle(['migrate-direct', '--database-url', db.url, '--migrations', slow, '--statement-timeout', '2s', '--connect-timeout', '1s', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(await tables(db)).toContain('slow_done');
  });

  test('stall of the command\'s own connection: --command-timeout stops it, exit 3, nothing applied, lock free', async () => {
    const db = await database();
    const { url } = await throughProxy(db.url, { trigger: { pattern: 'CREATE TABLE orders' }, action: 'stall' });
    const command = `psql -X -v ON_ERROR_STOP=1 -c 'CREATE TABLE orders (id bigint PRIMARY KEY)'`;
    const r = await runCliBundle(['migrate-direct', '--database-url', url, '--command', command, '--command-timeout', '3s', '--connect-timeout', '2s', '--json']);
    expect(proxy!.hasFired()).toBe(true);
    expectCouldNotRun(r, 3_000 + 10_000);
    proxy!.dropStalled();
    expect(await tables(db)).not.toContain('orders');
    expect(await lockIsFree(db)).toBe(true);
  });
});

describe('restore-verify, mid-count', () => {
  let source: TestDatabase;
  let dump: string;
  beforeAll(async () => {
    source = await createDatabase('fault_src', FIXTURE_SQL);
    dump = pgDump(source.url, 'plain', join(work, 'dump'));
  });
  afterAll(() => source.drop());

  // The first exact count on any of the counting connections.
  const countQuery = 'SELECT count(*) AS n FROM ONLY';

  test.each(faults)('%s during a count of the source for --write-manifest: exit 3, no manifest written, a re-run writes it whole', async (action) => {
    const { url } = await throughProxy(source.url, { trigger: { pattern: countQuery }, action });
    const dir = join(work, `rv-${action}`);
    const files = previousFiles(dir, ['manifest.json']);
    const args = ['restore-verify', '--dump', dump, '--source-url', url, '--write-manifest', files['manifest.json'], '--connect-timeout', '2s', '--statement-timeout', '2s', '--json'];
    const r = await runCliBundle(args);
    expect(proxy!.hasFired()).toBe(true);
    expectCouldNotRun(r, 2_000 + 2_000 + 10_000);
    expect(reportOf(r).summary).toMatch(/^Counting the rows of .+ in the source database failed: /);
    expectUntouched(dir, files);

    const again = await runCliBundle(args);
    expect(again.code, again.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(files['manifest.json'], 'utf8'));
    expect(Object.fromEntries(manifest.tables.map((t: { schema: string; name: string; rows: number }) => [`${t.schema}.${t.name}`, t.rows]))).toMatchObject({ 'public.monthly_kpis': 7320, 'public.instituciones': 54 });
  });

  test('cut mid-COPY of --restore --create --drop-after: exit 3, the scratch database dropped, a re-run passes', async () => {
    const scratch = `fault_scratch_${process.pid}`;
    const { url } = await throughProxy(source.url.replace(`/${source.name}`, `/${scratch}`), { trigger: { pattern: 'COPY public.monthly_kpis', after: 200 }, action: 'cut' });
    const args = ['restore-verify', '--dump', dump, '--restore', '--create', '--drop-after', '--database-url', url, '--min-rows', 'monthly_kpis=7320', '--connect-timeout', '2s', '--json'];
    const r = await runCliBundle(args);
    expect(proxy!.hasFired()).toBe(true);
    expectCouldNotRun(r, 20_000);
    expect(reportOf(r).summary).toMatch(/connection .*lost|closed the connection/i);
    expect(await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [scratch])).toEqual([]);
    const again = await runCliBundle(args);
    expect(again.code, again.stderr).toBe(0);
    expect(await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [scratch])).toEqual([]);
  });

  test('reset during a count of the restored database: exit 3, not a count-failed finding; a re-run passes', async () => {
    const { url } = await throughProxy(source.url, { trigger: { pattern: countQuery }, action: 'reset' });
    const args = ['restore-verify', '--dump', dump, '--database-url', url, '--min-rows', 'monthly_kpis=7320', '--connect-timeout', '2s', '--statement-timeout', '2s', '--json'];
    const r = await runCliBundle(args);
    expectCouldNotRun(r, 14_000);
    expect(reportOf(r).findings.map((f) => f.rule)).not.toContain('count-failed');
    const again = await runCliBundle(args);
    expect(again.code, again.stderr).toBe(0);
  });
});

describe.skipIf(!haveRegistry)('registry-deploy, mid-blob upload to another registry', () => {
  let source: Registry;
  let target: Registry;
  let old: BuiltImage;
  let next: BuiltImage;
  const dockerConfig = join(work, 'docker-config');
  const digestOf = async (ref: string) => sha256(await skopeoRaw(ref));
  beforeAll(async () => {
    mkdirSync(dockerConfig, { recursive: true });
    [source, target] = await Promise.all([startRegistry(), startRegistry()]);
    old = buildLayout(join(work, 'old'), { tag: 'build-1', revision: 'aaaa1111' });
    next = buildLayout(join(work, 'next'), { tag: 'build-2', revision: 'bbbb2222' });
    await skopeoPush(join(work, 'next'), `${source.host}/team/app:build-2`);
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  // The blob upload streams in 1 KiB PATCH chunks; the fault lands inside the first chunk's body.
  const patch = { pattern: 'PATCH /v2/mirror/', after: 700 };

  test.each(['reset', 'stall'] as const)('%s while a blob PATCH streams: exit 3 within registry-timeout, the tag not moved, a re-run moves it', async (action) => {
    // A repository of its own: blobs another test uploaded would not be uploaded again.
    const repo = `mirror/${action}`;
    await skopeoPush(join(work, 'old'), `${target.host}/${repo}:live`);
    proxy = await startFaultProxy({ host: '127.0.0.1', port: target.port }, { trigger: patch, action });
    const args = ['registry-deploy', '--source', `${source.host}/team/app:build-2`, '--target', `${proxy.address}/${repo}:live`, '--insecure', '--registry-timeout', '2s', '--json'];
    const env = { PREFLIGHT_UPLOAD_CHUNK_BYTES: '1024', DOCKER_CONFIG: dockerConfig };
    const r = await runCliBundle(args, env);
    expect(proxy.hasFired()).toBe(true);
    expectCouldNotRun(r, 2_000 + 10_000);
    expect(reportOf(r).summary).toMatch(new RegExp(`^Could not reach registry ${proxy.address} at ${proxy.address} \\(${action === 'stall' ? 'no answer within 2s' : 'the connection was closed'}\\)`));
    // skopeo, straight at the registry: the tag still names the old image
    expect(await digestOf(`${target.host}/${repo}:live`)).toBe(old.digest);

    proxy.dropStalled();
    const again = await runCliBundle(args, env);
    expect(again.code, again.stderr).toBe(0);
    expect(await digestOf(`${target.host}/${repo}:live`)).toBe(next.digest);
  });

  test('cut while the manifest is PUT: the tag absent before stays absent, a re-run creates it', async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: target.port }, { trigger: { pattern: 'PUT /v2/mirror/fresh/manifests/' }, action: 'cut' });
    const args = ['registry-deploy', '--source', `${source.host}/team/app:build-2`, '--target', `${proxy.address}/mirror/fresh:live`, '--insecure', '--registry-timeout', '2s', '--json'];
    const env = { DOCKER_CONFIG: dockerConfig };
    const r = await runCliBundle(args, env);
    expect(proxy.hasFired()).toBe(true);
    expectCouldNotRun(r, 12_000);
    await expect(skopeoRaw(`${target.host}/mirror/fresh:live`)).rejects.toThrow(/manifest unknown|not found/i);
    const again = await runCliBundle(args, env);
    expect(again.code, again.stderr).toBe(0);
    expect(await digestOf(`${target.host}/mirror/fresh:live`)).toBe(next.digest);
  });
});
