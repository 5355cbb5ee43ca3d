/**
 * The gate composing the five checks the way a release needs them (issue 12): release order
 * whatever the input order, nothing that changes something after a check that did not pass,
 * one combined summary and PR comment with a section per check, per-check outputs, and the
 * inputs whose names mean different things to two checks. Real PostgreSQL, a real registry
 * (CNCF distribution) with skopeo as the witness, the bundles run as processes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '@preflight/pg';
import { createDatabase, serverInfo } from '../harness/db.ts';
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.ts';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';

const migrations = join(repoRoot, 'examples/schema-drift/migrations');
const digestOf = async (ref: string) => sha256(await skopeoRaw(ref));
const shortSecret = 'JWT_SECRET=tooShort1\n';

let work: string;
function dirWith(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The `#### ` section headings of a rendered gate summary or comment, in order. */
function sections(markdown: string): string[] {
  return [...markdown.matchAll(/^#### \S+ ([a-z-]+) — ([a-z]+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'preflight-gate-release-'));
});

describe.skipIf(!haveRegistry)('a release in one step', () => {
  let reg: Registry;
  let build1: BuiltImage;
  let build2: BuiltImage;
  beforeAll(async () => {
    process.env.DOCKER_CONFIG = join(work, 'docker-config');
    reg = await startRegistry();
    build1 = buildLayout(join(work, 'build-1'), { tag: 'build-1', revision: 'aaaa1111' });
    build2 = buildLayout(join(work, 'build-2'), { tag: 'build-2', revision: 'bbbb2222' });
    await skopeoPush(join(work, 'build-1'), `${reg.host}/team/app:build-1`);
    await skopeoPush(join(work, 'build-2'), `${reg.host}/team/app:build-2`);
  });
  afterAll(async () => {
    await reg?.stop();
  });

  test('checks given in any order run in release order; one section, one status output and prefixed outputs per check', async () => {
    const db = await createDatabase('gate_release');
    const clean = dirWith('clean', { 'README.md': 'nothing secret here\n' });
    const r = await runActionBundle('gate', {
      checks: 'registry-deploy,schema-verify,migrate-direct,secrets-lint',
      path: clean,
      'database-url': db.url,
      migrations,
      'shadow-url': serverInfo().url,
      source: `${reg.host}/team/app:build-1`,
      target: `${reg.host}/team/app:release-a`,
      insecure: 'true',
    });
    expect(r.code, r.stdout).toBe(0);
    const order = ['secrets-lint', 'migrate-direct', 'schema-verify', 'registry-deploy'];
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
    expect(report.checks.map((c: { check: string; status: string }) => `${c.check}: ${c.status}`)).toEqual(order.map((c) => `${c}: pass`));
    expect(sections(r.summary)).toEqual(order.map((c) => `${c}: pass`));
    expect(r.outputs.status).toBe('pass');
    for (const c of order) expect(r.outputs[`${c}-status`]).toBe('pass');
    expect(r.outputs['migrate-direct-applied']).toBe('2');
    expect(r.outputs.applied).toBe('2'); // the unprefixed outputs keep working
    expect(r.outputs['registry-deploy-digest']).toBe(build1.digest);
    expect(r.outputs.digest).toBe(build1.digest);
    expect(await digestOf(`${reg.host}/team/app:release-a`)).toBe(build1.digest);
    await db.drop();
  }, 180_000);

  test('a failed migration never goes on to the deploy: registry-deploy is skipped, the tag does not move, schema-verify still runs', async () => {
    const db = await createDatabase('gate_failed_migration', 'CREATE TABLE plans (id bigint PRIMARY KEY)');
    await skopeoPush(join(work, 'build-1'), `${reg.host}/team/app:production`);
    const r = await runActionBundle('gate', {
      checks: 'registry-deploy,schema-verify,migrate-direct',
      'database-url': db.url,
      'expected-url': db.url,
      command: 'echo "migration 0042 failed" >&2; exit 1',
      source: `${reg.host}/team/app:build-2`,
      target: `${reg.host}/team/app:production`,
      insecure: 'true',
    });
    expect(r.code, r.stdout).toBe(1);
    expect(await digestOf(`${reg.host}/team/app:production`)).toBe(build1.digest);
    expect(r.outputs.status).toBe('fail');
    expect(r.outputs['migrate-direct-status']).toBe('fail');
    expect(r.outputs['schema-verify-status']).toBe('pass');
    expect(r.outputs['registry-deploy-status']).toBe('skipped');
    expect(r.outputs.digest ?? '').toBe('');
    expect(sections(r.summary)).toEqual(['migrate-direct: fail', 'schema-verify: pass', 'registry-deploy: skipped']);
    expect(r.summary).toMatch(/registry-deploy — skipped\n\nskipped: migrate-direct did not pass/);
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
    expect(report.summary).toMatch(/registry-deploy: skipped: .*migrate-direct did not pass/);
    expect(report.stats['registry-deploy']).toBe('skipped');
    expect(report.findings.map((f: { check: string; rule: string }) => `${f.check} ${f.rule}`)).toContain('migrate-direct command-failed');
    await db.drop();
  }, 180_000);

  test('check-scoped compose-file: secrets-lint reads its own files, registry-deploy pins its own', async () => {
    const scanned = dirWith('scoped-compose', { 'compose.yml': 'services:\n  web:\n    image: nginx\n    environment:\n      LOG_LEVEL: info\n' });
    // Outside the scanned tree, and with a literal secret: secrets-lint would block if it read this file.
    const deploy = dirWith('deploy', { 'compose.yml': `services:\n  web:\n    image: ${reg.host}/team/app:build-1\n    environment:\n      SECRET_KEY: short\n` });
    const r = await runActionBundle('gate', {
      checks: 'registry-deploy,secrets-lint',
      path: scanned,
      'secrets-lint-compose-file': join(scanned, 'compose.yml'),
      'registry-deploy-compose-file': join(deploy, 'compose.yml'),
      service: 'web',
      source: `${reg.host}/team/app:build-2`,
      target: `${reg.host}/team/app:release-b`,
      insecure: 'true',
    });
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(join(deploy, 'compose.yml'), 'utf8')).toContain(`image: ${reg.host}/team/app:release-b@${build2.digest}`);
    expect(r.outputs['secrets-lint-status']).toBe('pass');
  }, 180_000);
});

describe('inputs that mean different things to two checks', () => {
  test.each([
    ['baseline', 'migrate-direct,secrets-lint', ['migrate-direct-baseline', 'secrets-lint-baseline']],
    ['compose-file', 'secrets-lint,registry-deploy', ['secrets-lint-compose-file', 'registry-deploy-compose-file']],
  ])('plain %s with both checks selected is exit 2 naming the scoped inputs; nothing runs', async (name, checks, scoped) => {
    const db = await createDatabase('gate_collision');
    const r = await runActionBundle('gate', { checks, [name]: 'x', 'database-url': db.url, migrations, source: 'oci:/nowhere:a', target: 'oci:/nowhere:b' });
    expect(r.code).toBe(2);
    const error = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(error).toHaveLength(1);
    for (const s of scoped) expect(error[0]).toContain(s);
    expect(await db.sql("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
    await db.drop();
  });

  test('secrets-lint-baseline and migrate-direct-baseline each reach their own check', async () => {
    const repo = dirWith('legacy', { '.env': shortSecret });
    const fingerprints = join(work, 'secrets-baseline.json');
    const written = await runCliBundle(['secrets-lint', '--path', repo, '--write-baseline', fingerprints]);
    expect(written.code).toBe(1);
    // The database already has 0001 (made by hand before Preflight): baseline records it, 0002 runs.
    const db = await createDatabase('gate_baselines', readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8'));
    const r = await runActionBundle('gate', {
      checks: 'migrate-direct,secrets-lint',
      path: repo,
      'secrets-lint-baseline': fingerprints,
      'database-url': db.url,
      migrations,
      'migrate-direct-baseline': '0001',
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['secrets-lint-status']).toBe('pass');
    expect(r.outputs['migrate-direct-applied']).toBe('1');
    expect(await db.sql("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_invoices_nit'")).toEqual([{ n: 1 }]);
    await db.drop();
  });

  test('the CLI takes the scoped flags too, and the plain name with only one of the checks', async () => {
    const repo = dirWith('legacy-cli', { '.env': shortSecret });
    const fingerprints = join(work, 'secrets-baseline-cli.json');
    expect((await runCliBundle(['secrets-lint', '--path', repo, '--write-baseline', fingerprints])).code).toBe(1);
    const plain = await runCliBundle(['gate', '--checks', 'secrets-lint', '--path', repo, '--baseline', fingerprints, '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    const both = await runCliBundle(['gate', '--checks', 'secrets-lint,migrate-direct', '--path', repo, '--secrets-lint-baseline', fingerprints,
      '--database-url', (await createDatabase('gate_cli_scoped')).url, '--migrations', migrations, '--dry-run', '--json']);
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout).checks.map((c: { check: string }) => c.check)).toEqual(['secrets-lint', 'migrate-direct']);
    // A mistake in a scoped input is reported under the name the user gave.
    const missing = await runCliBundle(['gate', '--checks', 'secrets-lint', '--path', repo, '--secrets-lint-baseline', join(work, 'nope.json'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).summary).toMatch(/^secrets-lint: error: --secrets-lint-baseline \S*nope\.json does not exist; write one with --write-baseline /);
  });
});

test('restore-verify runs on its own: combined with another check it is exit 2 and nothing runs', async () => {
  const db = await createDatabase('gate_restore_alone');
  const r = await runCliBundle(['gate', '--checks', 'restore-verify,migrate-direct', '--database-url', db.url, '--migrations', migrations, '--min-rows', 'invoices=1']);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/restore-verify runs on its own/);
  expect(await db.sql("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
  await db.drop();
});

test('worst exit code wins, and every finding in JSON and SARIF says which check found it', async () => {
  const repo = dirWith('leaky', { '.env': shortSecret });
  const db = await createDatabase('gate_worst');
  const deadShadow = `postgres://nobody:x@127.0.0.1:${await freePort()}/postgres`;
  const sarif = join(work, 'gate.sarif');
  const r = await runCliBundle(['gate', '--checks', 'schema-verify,secrets-lint', '--path', repo, '--database-url', db.url, '--migrations', migrations,
    '--shadow-url', deadShadow, '--connect-timeout', '5s', '--json', '--sarif', sarif]);
  expect(r.code).toBe(3);
  const report = JSON.parse(r.stdout);
  expect(report.status).toBe('error');
  expect(report.checks.map((c: { check: string; status: string }) => `${c.check}: ${c.status}`)).toEqual(['secrets-lint: fail', 'schema-verify: error']);
  expect(report.findings.map((f: { check: string; rule: string }) => `${f.check} ${f.rule}`)).toContain('secrets-lint secret-too-short');
  expect(report.findings.every((f: { check?: string }) => f.check === 'secrets-lint')).toBe(true);
  const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results;
  expect(results.map((x: { ruleId: string; properties?: { check?: string } }) => `${x.properties?.check} ${x.ruleId}`)).toContain('secrets-lint secret-too-short');
  // The text report has a section per check too.
  const text = await runCliBundle(['gate', '--checks', 'schema-verify,secrets-lint', '--path', repo, '--database-url', db.url, '--migrations', migrations,
    '--shadow-url', deadShadow, '--connect-timeout', '5s']);
  expect(text.code).toBe(3);
  expect(text.stdout).toMatch(/^secrets-lint: FAIL[\s\S]*secret-too-short[\s\S]*^schema-verify: ERROR/m);
  await db.drop();
});

describe('one sticky PR comment for the gate', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh?.close();
  });

  test('a section per check, edited in place on the next run', async () => {
    const repo = dirWith('comment-repo', { '.env': shortSecret, 'README.md': 'the app\n' });
    const db = await createDatabase('gate_comment');
    const inputs = { checks: 'schema-verify,secrets-lint', path: repo, 'database-url': db.url, 'expected-url': db.url, comment: 'true', 'github-token': 'ghs_fake' };
    const opts = { env: { GITHUB_API_URL: gh.url }, event: { pull_request: { number: 31 } } };
    const first = await runActionBundle('gate', inputs, opts);
    expect(first.code, first.stdout).toBe(1);
    rmSync(join(repo, '.env')); // the fix: the secret leaves the repository
    const second = await runActionBundle('gate', inputs, opts);
    expect(second.code, second.stdout).toBe(0);
    const comments = gh.comments.filter((c) => c.issue === 31);
    expect(comments).toHaveLength(1);
    expect(gh.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
    expect(comments[0].body).toContain('<!-- preflight:gate -->');
    expect(sections(comments[0].body)).toEqual(['secrets-lint: pass', 'schema-verify: pass']);
    const firstBody = gh.requests.find((q) => q.method === 'POST')!.body.body as string;
    expect(sections(firstBody)).toEqual(['secrets-lint: fail', 'schema-verify: pass']);
    expect(firstBody).toContain('secret-too-short');
    await db.drop();
  });
});

test('wrong inputs of a later check stop an earlier one that changes something: the migration is skipped, read-only checks still run', async () => {
  const db = await createDatabase('gate_later_invalid');
  const repo = dirWith('later-invalid', { 'README.md': 'fine\n' });
  // registry-deploy: `service` without `compose-file` is its own usage error, found before migrate-direct runs.
  const r = await runActionBundle('gate', {
    checks: 'migrate-direct,registry-deploy,secrets-lint',
    path: repo,
    'database-url': db.url,
    migrations,
    source: 'oci:/nowhere:a',
    target: 'oci:/nowhere:b',
    service: 'web',
  });
  expect(r.code).toBe(2);
  expect(r.outputs.status).toBe('error');
  expect(r.outputs['registry-deploy-status']).toBe('error');
  expect(r.outputs['migrate-direct-status']).toBe('skipped');
  expect(r.outputs['secrets-lint-status']).toBe('pass');
  expect(sections(r.summary)).toEqual(['secrets-lint: pass', 'migrate-direct: skipped', 'registry-deploy: error']);
  expect(r.summary).toMatch(/registry-deploy — error\n\nerror: `service` only applies with `compose-file`/);
  expect(await db.sql("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
  await db.drop();
});
