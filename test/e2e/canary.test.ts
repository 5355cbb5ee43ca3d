/**
 * The canary test (issue 7): every check, through the CLI bundle and its action bundle, through
 * every output path (usage errors, connection errors, command failures, dry runs, PR comment,
 * SARIF, GitLab Code Quality, JUnit, --report, --fix-sql, --write-snapshot, --json, GITHUB_OUTPUT, the step summary), with canary secrets
 * planted in URLs, libpq strings, commands, a command's output, a migration and a column default. Every byte is
 * searched for every canary in plain, percent-encoded and base64 forms.
 *
 * New checks add rows to `rows` (see test/harness/canary.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ciReportArgs, ciReportInputs, ciReportsOf, leaksIn, runCanaryRow, type CanaryRow, type RowRun } from '../harness/canary.ts';
import { adminQuery, createDatabase, serverInfo, urlFor, type TestDatabase } from '../harness/db.ts';
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.ts';
import { buildLayout } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, startRegistry, type Registry } from '../harness/registry.ts';

/** Canary secrets; each is planted somewhere below, and none may come out in any form. */
const C = {
  /** The live database's password: '/', '@' and ':' must be percent-encoded in a URL. */
  urlPassword: 'CANARY-url/p@ss:1',
  libpqPassword: 'CANARY-libpq-2',
  /** Printed by the command only (the command text splits it with quotes): masked by shape, never registered. */
  pgpassword: 'CANARY-pgpw-3',
  xToken: 'CANARY-xtok-4',
  bearer: 'CANARY-bearer-5x9',
  outputUrl: 'CANARY-outurl-9',
  /** In the --command / --migrate-command text itself. */
  commandUrl: 'CANARY-cmd-6',
  migrateCommandUrl: 'CANARY-mc-8',
  githubToken: 'ghs_CANARY7token',
  /** In a migration's column default: it reaches the fix SQL, the findings, SARIF and the comment. */
  fixSql: 'CANARY-fix-10',
  /** An invalid value of an input, which the usage error describes. */
  badInput: 'CANARY-input-11',
  /** registry-deploy: the registry password (right and wrong) and a token a deploy command prints. */
  registryPassword: 'CANARY-regpw-12',
  wrongRegistryPassword: 'CANARY-regbad-13',
  deployToken: 'CANARY-deploytok-14',
  /** secrets-lint: planted in a fixture repository's .env, compose file, code, docs and a token, and in --check-env. */
  slEnv: 'CANARY-sl-env-12',
  slCompose: 'CANARY-sl-compose-13-fallback',
  slCode: 'CANARY-sl-code-14',
  slDocs: 'CANARY-sl-docs-15-lmHBx',
  slToken: 'ghp_CANARY16Xq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Z',
  slRuntime: 'CANARY-sl-runtime-17',
  slUrl: 'CANARY-sl-url-18',
} as const;
const canaries = Object.values(C);

const role = 'canary_e2e';
let gh: FakeGitHub;
let live: TestDatabase;
let snapshotDb: TestDatabase;
let liveUrl: string;
let migrations: string;
/** A plain "dump" whose restore prints an ERROR line that quotes a credential-shaped value. */
let leakyDump: string;
const scratch = () => `canary_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let secretsRepo: string;

const unreachable = `postgres://${role}:${encodeURIComponent(C.urlPassword)}@127.0.0.1:1/app`;
const unreachableLibpq = `host=127.0.0.1 port=1 user=${role} password=${C.libpqPassword} dbname=app`;
const shadow = () => serverInfo().url;
const downCommand = `dbmate --url postgres://admin:${C.commandUrl}@db.internal/app down`;
// The canaries printed by the command are split by quotes in the command text, so only the
// output carries them; "$PGPASSWORD" and its base64 are the live password, which was registered.
const noisyCommand = [
  'echo "PGPASSWORD=CANARY-pg""pw-3"',
  'echo "exported X_TOKEN=CANARY-xt""ok-4 for the deploy"',
  `echo "curl -H 'Authorization: Bearer CANARY-be""arer-5x9'"`,
  'echo "connecting to postgres://admin:CANARY-out""url-9@db.internal/app"',
  'echo "$DATABASE_URL"',
  'echo "$PGPASSWORD"',
  'printf %s "$PGPASSWORD" | base64',
].join('; ');
const failingCommand = `${noisyCommand}; exit 1`;
const workingMigrateCommand = `psql "$DATABASE_URL" -qc 'CREATE TABLE notes (id int)' && echo applied with dbmate --url postgres://admin:${C.migrateCommandUrl}@db.internal/app`;
const failingMigrateCommand = `${noisyCommand}; echo dbmate --url postgres://admin:${C.migrateCommandUrl}@db.internal/app up; exit 1`;

const file = (dir: string, name: string) => join(dir, name);
/** A targets file outside the row's directory (it holds the passwords; the row's files are searched). */
function fleetTargets(): string {
  const path = join(tmpdir(), `canary-targets-${process.pid}.txt`);
  writeFileSync(path, `# tenants\nlive=${liveUrl}\nfrom_env=$CANARY_FLEET_URL\ndown=${unreachable}\n`);
  return path;
}
const ghEnv = (env: NodeJS.ProcessEnv) => ({ ...env, GITHUB_TOKEN: C.githubToken });

function postedComment(run: RowRun, check: string): string {
  const posted = run.requests.find((r) => (r.method === 'POST' || r.method === 'PATCH') && r.body?.body?.includes(`<!-- preflight:${check} -->`));
  expect(posted, 'a PR comment was posted').toBeDefined();
  return posted!.body.body as string;
}

function sarifResults(path: string): Array<{ ruleId: string; message: { text: string } }> {
  return JSON.parse(readFileSync(path, 'utf8')).runs[0].results;
}

let reg: Registry;
const regUser = 'canary-robot';
// Printed by the deploy command only, split by quotes in its text: masked by shape.
const noisyDeploy = `echo "docker login -p $REGISTRY_PASSWORD"; echo "curl -H 'Authorization: Bearer CANARY-deploy""tok-14'"; exit 1`;
/** A git repository with every secrets-lint canary planted where a rule reports it. */
function makeSecretsRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canary-secrets-'));
  const files: Record<string, string> = {
    '.env': `SECRET_KEY=${C.slEnv}\nALLOWED_HOSTS=["a.example.org"]\n`,
    'docker-compose.yml': `services:\n  web:\n    environment:\n      JWT_SECRET_KEY: \${JWT_SECRET_KEY:-${C.slCompose}}\n      DATABASE_URL: postgres://app:${C.slUrl}@db/app\n`,
    'app/settings.py': `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "${C.slCode}")\n`,
    'docs/deploy.md': `# Deploy\n\n\`\`\`\nSECRET_KEY=${C.slDocs}\n\`\`\`\n`,
    'scripts/ci.sh': `curl -H "x: ${C.slToken}" https://api.github.com\n`,
    'docs/runtime.md': `pasted: ${C.slRuntime}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'fixture');
  return dir;
}

const secretsLintSaw = (r: RowRun) => {
  const report = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8'));
  const rules = new Set(report.findings.map((f: { rule: string }) => f.rule));
  for (const rule of ['secret-too-short', 'compose-secret-fallback', 'code-secret-fallback', 'docs-secret-literal', 'provider-token', 'url-inline-password', 'env-list-format']) expect(rules).toContain(rule);
  expect(sarifResults(join(r.dir, 'out.sarif')).length).toBe(report.findings.length);
};

const rows: CanaryRow[] = [
  // registry-deploy, CLI
  {
    name: 'wrong registry password: exit 3, with --json, --report and --sarif',
    check: 'registry-deploy',
    env: () => ({ DOCKER_CONFIG: '/nonexistent' }),
    args: (c) => ['--source', `${reg.host}/app:build-1`, '--target', `${reg.host}/app:prod`, '--insecure', '--registry-username', regUser, '--registry-password', C.wrongRegistryPassword, '--json', '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif')],
    code: 3,
    saw: (r) => expect(JSON.parse(r.stdout).summary).toContain('refused the credentials (HTTP 401)'),
  },
  {
    name: 'promoted with a password, then a deploy command that prints it and a token, and fails',
    check: 'registry-deploy',
    env: () => ({ DOCKER_CONFIG: '/nonexistent', REGISTRY_PASSWORD: C.registryPassword }),
    args: (c) => ['--source', `${reg.host}/app:build-1`, '--target', `${reg.host}/app:canary-cli`, '--insecure', '--registry-username', regUser, '--deploy-command', noisyDeploy, '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif')],
    code: 1,
    saw: (r) => expect(r.stderr + r.stdout).toContain('deploy-command-failed'),
  },
  // registry-deploy, action
  {
    name: 'action: promoted with registry-password, outputs and the step summary',
    check: 'registry-deploy',
    env: () => ({ DOCKER_CONFIG: '/nonexistent' }),
    inputs: () => ({ source: `${reg.host}/app:build-1`, target: `${reg.host}/app:canary-action`, insecure: 'true', 'registry-username': regUser, 'registry-password': C.registryPassword, 'deploy-command': noisyDeploy, rollback: 'false' }),
    code: 1,
    saw: (r) => expect(r.stdout).toContain('::add-mask::'),
  },
  {
    name: 'action: usage error (--insecure for a remote registry) next to a password',
    check: 'registry-deploy',
    inputs: () => ({ source: 'ghcr.io/acme/app:1', target: 'ghcr.io/acme/app:prod', insecure: 'true', 'registry-username': regUser, 'registry-password': C.registryPassword }),
    code: 2,
  },
  // schema-verify, CLI
  {
    name: 'usage error: an unquoted libpq string (item 1), with --json',
    check: 'schema-verify',
    args: () => ['--database-url', 'host=127.0.0.1', `password=${C.libpqPassword}`, 'dbname=x', '--migrations', 'db', '--json'],
    code: 2,
    saw: (r) => expect(JSON.parse(r.stdout).summary).toContain('Unexpected argument "password=***"'),
  },
  {
    name: 'usage error: a URL given as a positional argument',
    check: 'schema-verify',
    args: () => [unreachable, '--json'],
    code: 2,
    saw: (r) => expect(JSON.parse(r.stdout).summary).toMatch(/^Unexpected argument "postgres:\/\/canary_e2e:\*\*\*@127\.0\.0\.1:1\/app"/),
  },
  {
    name: 'usage error: an invalid value echoed by the parser',
    check: 'schema-verify',
    args: () => ['--database-url', unreachable, '--expected-url', unreachable, '--connect-timeout', `password=${C.badInput}`],
    code: 2,
    saw: (r) => expect(r.stderr).toContain('--connect-timeout must be a duration'),
  },
  {
    name: 'connection error (URL), with --json, --report and --sarif',
    check: 'schema-verify',
    args: (c) => ['--database-url', unreachable, '--expected-url', unreachable, '--connect-timeout', '2s', '--json', '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif')],
    code: 3,
    saw: (r) => expect(JSON.parse(r.stdout).summary).toContain('127.0.0.1:1'),
  },
  {
    name: 'connection error (libpq string)',
    check: 'schema-verify',
    args: () => ['--database-url', unreachableLibpq, '--expected-url', unreachableLibpq, '--connect-timeout', '2s'],
    code: 3,
  },
  {
    name: '--migrate-command that fails: log group, command output and summary (item 2)',
    check: 'schema-verify',
    args: (c) => ['--database-url', liveUrl, '--migrate-command', failingMigrateCommand, '--shadow-url', shadow(), '--json', '--report', file(c.dir, 'report.json')],
    code: 2,
    saw: (r) => {
      expect(r.stderr).toContain('» Building the expected schema from "');
      expect(r.stderr).toContain('postgres://admin:***@db.internal/app');
      expect(r.stderr).toContain('X_TOKEN=***');
    },
  },
  {
    name: '--migrate-command that works: its text in the summary and the log group (item 2)',
    check: 'schema-verify',
    args: () => ['--database-url', liveUrl, '--migrate-command', workingMigrateCommand, '--shadow-url', shadow(), '--json'],
    code: 1,
    saw: (r) => {
      expect(JSON.parse(r.stdout).summary).toContain('postgres://admin:***@db.internal/app');
      expect(r.stderr).toContain('applied with dbmate');
    },
  },
  {
    name: 'drift: --fix-sql, --report, --sarif and --comment',
    check: 'schema-verify',
    args: (c) => ['--database-url', liveUrl, '--migrations', migrations, '--shadow-url', shadow(), '--fix-sql', file(c.dir, 'fix.sql'), '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif'), '--comment'],
    env: (c) => ghEnv(c.githubEnv),
    code: 1,
    saw: (r) => {
      expect(postedComment(r, 'schema-verify')).toContain('public.notes');
      expect(r.outputs.find((o) => o.where === 'file fix.sql')?.text).toContain('CREATE TABLE');
    },
  },
  {
    name: 'a fleet (--targets): a drifted target, one from $VAR and an unreachable one, with --json, --report, --sarif and --junit',
    check: 'schema-verify',
    args: (c) => ['--targets', fleetTargets(), '--migrations', migrations, '--shadow-url', shadow(), '--connect-timeout', '2s', '--json', '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif'), '--junit', file(c.dir, 'junit.xml')],
    env: () => ({ CANARY_FLEET_URL: liveUrl }),
    code: 3,
    saw: (r) => {
      const report = JSON.parse(r.stdout);
      expect(report.summary).toBe('2 of 3 targets drifted: live, from_env; 1 could not be checked: down');
      expect(report.checks.find((s: { check: string }) => s.check === 'down').summary).toContain('127.0.0.1:1');
    },
  },
  {
    name: '--write-snapshot of a database whose column default is credential-shaped',
    check: 'schema-verify',
    args: (c) => ['--database-url', urlFor(snapshotDb.name, { name: role, password: C.urlPassword }), '--write-snapshot', file(c.dir, 'snapshot.json')],
    code: 0,
    saw: (r) => expect(JSON.parse(readFileSync(file(r.dir, 'snapshot.json'), 'utf8')).model.tables).toHaveProperty(['public.notes']),
  },
  // schema-verify, action
  {
    name: 'action: drift with fix-sql, sarif, the step summary and comment: true',
    check: 'schema-verify',
    inputs: (c) => ({ 'database-url': liveUrl, migrations, 'shadow-url': shadow(), 'fix-sql': file(c.dir, 'fix.sql'), sarif: file(c.dir, 'out.sarif'), comment: 'true', 'github-token': C.githubToken }),
    code: 1,
    saw: (r) => {
      expect(postedComment(r, 'schema-verify')).toContain('public.notes');
      expect(r.outputs.find((o) => o.where === 'runner file summary.md')?.text).toContain('public.notes');
    },
  },
  {
    name: 'action: a fleet given as lines of the targets input, with the step summary and comment: true',
    check: 'schema-verify',
    inputs: () => ({ targets: `live=${liveUrl}\ndown=${unreachable}\n`, migrations, 'shadow-url': shadow(), 'connect-timeout': '2s', comment: 'true', 'github-token': C.githubToken }),
    code: 3,
    saw: (r) => {
      expect(postedComment(r, 'schema-verify')).toContain('#### ❌ live — fail');
      expect(r.outputs.find((o) => o.where === 'runner file summary.md')?.text).toContain('1 of 2 targets drifted: live; 1 could not be checked: down');
    },
  },
  {
    name: 'action: usage error from a bad input next to a libpq password',
    check: 'schema-verify',
    inputs: () => ({ 'database-url': `host=127.0.0.1 password=${C.libpqPassword} dbname=x`, 'connect-timeout': `password=${C.badInput}` }),
    code: 2,
    saw: (r) => expect(r.stdout).toContain('::error::Input connect-timeout must be a duration'),
  },
  {
    name: 'action: connection error',
    check: 'schema-verify',
    inputs: () => ({ 'database-url': unreachable, 'expected-url': unreachable, 'connect-timeout': '2s' }),
    code: 3,
  },
  // migrate-direct, CLI
  {
    name: 'down command in production: PR comment, SARIF, report (item 2)',
    check: 'migrate-direct',
    args: (c) => ['--database-url', unreachable, '--command', downCommand, '--environment', 'production', '--comment', '--sarif', file(c.dir, 'out.sarif'), '--report', file(c.dir, 'report.json')],
    env: (c) => ghEnv(c.githubEnv),
    code: 1,
    saw: (r) => {
      expect(postedComment(r, 'migrate-direct')).toContain('down-migration-refused');
      expect(r.outputs.find((o) => o.where === 'file out.sarif')?.text).toContain('postgres://admin:***@db.internal/app');
    },
  },
  {
    name: 'dry run of a command (item 2)',
    check: 'migrate-direct',
    args: () => ['--database-url', liveUrl, '--command', `dbmate --url postgres://admin:${C.commandUrl}@db.internal/app up`, '--dry-run', '--json'],
    code: 0,
    saw: (r) => expect(r.stderr).toContain('dry run: would run "dbmate --url postgres://admin:***@db.internal/app up"'),
  },
  {
    name: 'dry run of migration files, with --json and --sarif',
    check: 'migrate-direct',
    args: (c) => ['--database-url', liveUrl, '--migrations', migrations, '--dry-run', '--json', '--sarif', file(c.dir, 'out.sarif')],
    code: 0,
    saw: (r) => expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('pending-migration'),
  },
  {
    name: 'a failing command: Running log, its output, command-failed in the report and SARIF (debug logging on)',
    check: 'migrate-direct',
    env: () => ({ PREFLIGHT_DEBUG: '1' }),
    args: (c) => ['--database-url', liveUrl, '--command', failingCommand, '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif')],
    code: 1,
    saw: (r) => {
      expect(r.stderr).toContain('Running: ');
      expect(r.stderr).toContain('Authorization: Bearer ***');
      expect(sarifResults(file(r.dir, 'out.sarif')).map((x) => x.ruleId)).toContain('command-failed');
    },
  },
  {
    name: 'connection error (libpq string), with --json',
    check: 'migrate-direct',
    args: () => ['--database-url', unreachableLibpq, '--migrations', migrations, '--connect-timeout', '2s', '--json'],
    code: 3,
  },
  {
    name: 'usage error: an unquoted libpq string',
    check: 'migrate-direct',
    args: () => ['--database-url', 'host=127.0.0.1', `password=${C.libpqPassword}`, '--migrations', migrations],
    code: 2,
  },
  {
    name: 'a fleet dry run (--targets): a target from $VAR and an unreachable one, with --json, --report and --sarif',
    check: 'migrate-direct',
    args: (c) => ['--targets', fleetTargets(), '--migrations', migrations, '--dry-run', '--connect-timeout', '2s', '--json', '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif')],
    env: () => ({ CANARY_FLEET_URL: liveUrl }),
    code: 3,
    saw: (r) => {
      const report = JSON.parse(r.stdout);
      expect(report.summary).toMatch(/^1 of 3 targets failed: down; 2 checked, \d+ pending migration\(s\) in all \(dry run, nothing changed\)$/);
      expect(report.checks.find((s: { check: string }) => s.check === 'down').summary).toContain('127.0.0.1:1');
    },
  },
  // migrate-direct, action
  {
    name: 'action: down command in production with comment: true and sarif (item 2)',
    check: 'migrate-direct',
    inputs: (c) => ({ 'database-url': unreachable, command: downCommand, environment: 'production', comment: 'true', 'github-token': C.githubToken, sarif: file(c.dir, 'out.sarif') }),
    code: 1,
    saw: (r) => expect(postedComment(r, 'migrate-direct')).toContain('down-migration-refused'),
  },
  {
    name: 'action: a failing command, with annotations, outputs and the step summary',
    check: 'migrate-direct',
    inputs: () => ({ 'database-url': liveUrl, command: failingCommand }),
    code: 1,
    saw: (r) => expect(r.stdout).toContain('Running: '),
  },
  // gate
  // restore-verify
  {
    name: 'connection error (URL), with --json and --report',
    check: 'restore-verify',
    args: (c) => ['--database-url', unreachable, '--min-rows', 'monthly_kpis=1', '--connect-timeout', '2s', '--json', '--report', file(c.dir, 'report.json')],
    code: 3,
    saw: (r) => expect(JSON.parse(r.stdout).summary).toContain('127.0.0.1:1'),
  },
  {
    name: '--write-manifest from a source whose URL has the password',
    check: 'restore-verify',
    args: (c) => ['--source-url', liveUrl, '--write-manifest', file(c.dir, 'manifest.json'), '--report', file(c.dir, 'report.json')],
    code: 0,
    saw: (r) => expect(JSON.parse(readFileSync(file(r.dir, 'manifest.json'), 'utf8')).source).toContain(':***@'),
  },
  {
    name: '--restore whose psql output quotes a credential-shaped value: restore-errors, SARIF, comment',
    check: 'restore-verify',
    args: (c) => ['--dump', leakyDump, '--database-url', urlFor(scratch(), { name: role, password: C.urlPassword }), '--restore', '--create', '--drop-after', '--min-rows', 't=2', '--comment', '--sarif', file(c.dir, 'out.sarif'), '--report', file(c.dir, 'report.json')],
    env: (c) => ghEnv(c.githubEnv),
    code: 1,
    saw: (r) => {
      expect(postedComment(r, 'restore-verify')).toContain('restore-errors');
      expect(sarifResults(file(r.dir, 'out.sarif')).map((x) => x.ruleId)).toContain('restore-errors');
    },
  },
  {
    name: 'action: connection error',
    check: 'restore-verify',
    inputs: () => ({ 'database-url': unreachable, 'min-rows': 'monthly_kpis=1', 'connect-timeout': '2s' }),
    code: 3,
  },
  {
    name: 'action: --restore with restore-errors, the step summary and comment: true',
    check: 'restore-verify',
    inputs: () => ({ dump: leakyDump, 'database-url': urlFor(scratch(), { name: role, password: C.urlPassword }), restore: 'true', create: 'true', 'drop-after': 'true', 'source-url': liveUrl, comment: 'true', 'github-token': C.githubToken }),
    code: 1,
    saw: (r) => {
      expect(postedComment(r, 'restore-verify')).toContain('restore-errors');
      expect(r.outputs.find((o) => o.where === 'runner file summary.md')?.text).toContain('restore-errors');
    },
  },
  {
    name: 'gate CLI: two checks that cannot connect, with --json and --report',
    check: 'gate',
    args: (c) => ['--checks', 'schema-verify,migrate-direct', '--database-url', unreachable, '--migrations', migrations, '--connect-timeout', '2s', '--json', '--report', file(c.dir, 'report.json')],
    code: 3,
  },
  {
    name: 'gate CLI: usage error from a stray libpq word',
    check: 'gate',
    args: () => ['--checks', 'migrate-direct', `password=${C.libpqPassword}`],
    code: 2,
  },
  {
    name: 'gate action: down command in production with comment: true (item 2)',
    check: 'gate',
    inputs: (c) => ({ checks: 'migrate-direct', 'database-url': unreachable, command: downCommand, environment: 'production', comment: 'true', 'github-token': C.githubToken, sarif: file(c.dir, 'out.sarif') }),
    code: 1,
    saw: (r) => expect(postedComment(r, 'gate')).toContain('down-migration-refused'),
  },
  {
    name: 'gate action: a failing --migrate-command through schema-verify',
    check: 'gate',
    inputs: () => ({ checks: 'schema-verify', 'database-url': liveUrl, 'migrate-command': failingMigrateCommand, 'shadow-url': shadow() }),
    code: 2,
  },
  // secrets-lint, CLI and action: every rule's message, SARIF, report, summary, annotations and comment
  {
    name: 'findings in .env, compose, code, docs, a token and --check-env, with --json, --report, --sarif and --comment',
    check: 'secrets-lint',
    args: (c) => ['--path', secretsRepo, '--list-vars', 'ALLOWED_HOSTS', '--check-env', 'SECRET_KEY,PASTED_SECRET', '--json', '--report', file(c.dir, 'report.json'), '--sarif', file(c.dir, 'out.sarif'), '--comment'],
    env: (c) => ghEnv({ ...c.githubEnv, SECRET_KEY: C.slEnv, PASTED_SECRET: C.slRuntime }),
    code: 1,
    saw: (r) => {
      secretsLintSaw(r);
      expect(JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')).findings.map((f: { rule: string }) => f.rule)).toContain('runtime-secret-in-repo');
      expect(postedComment(r, 'secrets-lint')).toContain('compose-secret-fallback');
    },
  },
  {
    name: 'usage error: a --since that is not a ref',
    check: 'secrets-lint',
    args: () => ['--path', secretsRepo, '--since', `password=${C.badInput}`],
    code: 2,
  },
  {
    name: 'action: annotations, step summary, SARIF and the PR comment',
    check: 'secrets-lint',
    inputs: (c) => ({ path: secretsRepo, 'list-vars': 'ALLOWED_HOSTS', 'check-env': 'SECRET_KEY', report: file(c.dir, 'report.json'), sarif: file(c.dir, 'out.sarif'), comment: 'true', 'github-token': C.githubToken }),
    env: (c) => ({ ...c.githubEnv, SECRET_KEY: C.slEnv }),
    code: 1,
    saw: (r) => {
      secretsLintSaw(r);
      expect(r.stdout).toMatch(/^::error title=compose-secret-fallback.*,file=docker-compose\.yml,line=4::docker-compose\.yml:4 web\.environment\.JWT_SECRET_KEY falls back/m);
      expect(postedComment(r, 'secrets-lint')).toContain('provider-token');
      // The annotation title names the object; a rule id with "token" in it must not make the mask eat it.
      expect(r.stdout).toMatch(/^::error title=provider-token · scripts\/ci\.sh/m);
    },
  },
  // --gitlab-report and --junit: every check, CLI and action, findings and errors
  {
    name: 'drift with --gitlab-report and --junit (a credential-shaped default in the findings)',
    check: 'schema-verify',
    args: (c) => ['--database-url', liveUrl, '--migrations', migrations, '--shadow-url', shadow(), ...ciReportArgs(c)],
    code: 1,
    saw: (r) => {
      const { junit } = ciReportsOf(r, 'missing-table');
      expect(junit).toContain('public.notes');
      // The fix carries the credential-shaped default: the path that could leak was taken.
      expect(junit).toContain('X_TOKEN=***');
    },
  },
  {
    name: 'connection error with --gitlab-report and --junit',
    check: 'schema-verify',
    args: (c) => ['--database-url', unreachable, '--expected-url', unreachable, '--connect-timeout', '2s', ...ciReportArgs(c)],
    code: 3,
    saw: (r) => expect(ciReportsOf(r, 'schema-verify').junit).toContain('<error type="could-not-run"'),
  },
  {
    name: 'action: drift with gitlab-report and junit',
    check: 'schema-verify',
    inputs: (c) => ({ 'database-url': liveUrl, migrations, 'shadow-url': shadow(), ...ciReportInputs(c) }),
    code: 1,
    saw: (r) => ciReportsOf(r, 'missing-table'),
  },
  {
    name: 'a failing command whose output holds a token, with --gitlab-report and --junit',
    check: 'migrate-direct',
    args: (c) => ['--database-url', liveUrl, '--command', failingCommand, ...ciReportArgs(c)],
    code: 1,
    saw: (r) => ciReportsOf(r, 'command-failed'),
  },
  {
    name: 'action: down command in production with gitlab-report and junit',
    check: 'migrate-direct',
    inputs: (c) => ({ 'database-url': unreachable, command: downCommand, environment: 'production', ...ciReportInputs(c) }),
    code: 1,
    saw: (r) => ciReportsOf(r, 'down-migration-refused'),
  },
  {
    name: '--restore with restore-errors, with --gitlab-report and --junit',
    check: 'restore-verify',
    args: (c) => ['--dump', leakyDump, '--database-url', urlFor(scratch(), { name: role, password: C.urlPassword }), '--restore', '--create', '--drop-after', '--min-rows', 't=2', ...ciReportArgs(c)],
    code: 1,
    saw: (r) => ciReportsOf(r, 'restore-errors'),
  },
  {
    name: 'action: connection error with gitlab-report and junit',
    check: 'restore-verify',
    inputs: (c) => ({ 'database-url': unreachable, 'min-rows': 'monthly_kpis=1', 'connect-timeout': '2s', ...ciReportInputs(c) }),
    code: 3,
    saw: (r) => ciReportsOf(r, 'restore-verify'),
  },
  {
    name: 'wrong registry password, with --gitlab-report and --junit',
    check: 'registry-deploy',
    env: () => ({ DOCKER_CONFIG: '/nonexistent' }),
    args: (c) => ['--source', `${reg.host}/app:build-1`, '--target', `${reg.host}/app:prod`, '--insecure', '--registry-username', regUser, '--registry-password', C.wrongRegistryPassword, ...ciReportArgs(c)],
    code: 3,
    saw: (r) => ciReportsOf(r, 'registry-deploy'),
  },
  {
    name: 'action: a deploy command that prints the password and a token, with gitlab-report and junit',
    check: 'registry-deploy',
    env: () => ({ DOCKER_CONFIG: '/nonexistent' }),
    inputs: (c) => ({ source: `${reg.host}/app:build-1`, target: `${reg.host}/app:canary-ci`, insecure: 'true', 'registry-username': regUser, 'registry-password': C.registryPassword, 'deploy-command': noisyDeploy, rollback: 'false', ...ciReportInputs(c) }),
    code: 1,
    saw: (r) => ciReportsOf(r, 'deploy-command-failed'),
  },
  {
    name: 'every secret rule, with --gitlab-report and --junit',
    check: 'secrets-lint',
    args: (c) => ['--path', secretsRepo, '--list-vars', 'ALLOWED_HOSTS', '--check-env', 'SECRET_KEY,PASTED_SECRET', ...ciReportArgs(c)],
    env: () => ({ SECRET_KEY: C.slEnv, PASTED_SECRET: C.slRuntime }),
    code: 1,
    saw: (r) => {
      const { gitlab } = ciReportsOf(r, 'provider-token');
      for (const rule of ['compose-secret-fallback', 'code-secret-fallback', 'docs-secret-literal', 'url-inline-password', 'runtime-secret-in-repo']) expect(gitlab.map((i) => i.check_name)).toContain(rule);
    },
  },
  {
    name: 'action: findings with gitlab-report and junit',
    check: 'secrets-lint',
    inputs: (c) => ({ path: secretsRepo, 'check-env': 'SECRET_KEY', ...ciReportInputs(c) }),
    env: () => ({ SECRET_KEY: C.slEnv }),
    code: 1,
    saw: (r) => ciReportsOf(r, 'compose-secret-fallback'),
  },
  {
    name: 'gate action: down command in production with gitlab-report and junit',
    check: 'gate',
    inputs: (c) => ({ checks: 'migrate-direct', 'database-url': unreachable, command: downCommand, environment: 'production', ...ciReportInputs(c) }),
    code: 1,
    saw: (r) => ciReportsOf(r, 'down-migration-refused'),
  },
];

describe('canary: no secret in any output of any check', () => {
  beforeAll(async () => {
    gh = await startFakeGitHub();
    await adminQuery(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await adminQuery(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${C.urlPassword}'`).catch(() => {});
    live = await createDatabase('canary');
    liveUrl = urlFor(live.name, { name: role, password: C.urlPassword });
    snapshotDb = await createDatabase('canary_snap', `CREATE TABLE notes (id int PRIMARY KEY, body text DEFAULT 'X_TOKEN=${C.fixSql}')`);
    secretsRepo = makeSecretsRepo();
    migrations = mkdtempSync(join(tmpdir(), 'canary-migrations-'));
    leakyDump = join(migrations, '..', `canary-dump-${process.pid}.sql`);
    writeFileSync(
      leakyDump,
      `--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.t (id int);\nCOPY public.t (id) FROM stdin;\n1\n2\n\\.\n\nSELECT 'X_TOKEN=${C.fixSql}'::int;\n\n--\n-- PostgreSQL database dump complete\n--\n`,
    );
    writeFileSync(join(migrations, '0001_notes.sql'), `CREATE TABLE notes (id int PRIMARY KEY, body text DEFAULT 'X_TOKEN=${C.fixSql}');\n`);
    if (!haveRegistry) throw new Error('the canary test needs docker-registry and skopeo (node scripts/ensure-system-deps.mjs test)');
    reg = await startRegistry({ basic: { username: regUser, password: C.registryPassword } });
    const layout = mkdtempSync(join(tmpdir(), 'canary-image-'));
    buildLayout(layout, { tag: 'build-1' });
    await skopeoPush(layout, `${reg.host}/app:build-1`, { username: regUser, password: C.registryPassword });
  });
  afterAll(async () => {
    await gh?.close();
    await live?.drop();
    await snapshotDb?.drop();
    if (leakyDump) rmSync(leakyDump, { force: true });
    await reg?.stop();
  });

  test.each(rows.map((r) => [`${r.check} ${r.args ? 'CLI' : 'action'}: ${r.name}`, r] as const))('%s', async (_name, row) => {
    const run = await runCanaryRow(row, gh);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(row.code);
    row.saw?.(run);
    expect(leaksIn(run.outputs, canaries)).toEqual([]);
  });

  test('the harness finds a leak in each form (so a clean run means something)', () => {
    const value = C.urlPassword;
    for (const text of [value, encodeURIComponent(value), Buffer.from(value).toString('base64'), Buffer.from(`Basic x:${value}`).toString('base64')]) {
      expect(leaksIn([{ where: 'stdout', text: `before ${text} after` }], [value])).not.toEqual([]);
    }
    expect(leaksIn([{ where: 'stdout', text: `::add-mask::${value}` }], [value])).toEqual([]);
  });

  test('every check is covered through the CLI and its action', () => {
    const covered = new Set(rows.map((r) => `${r.check}:${r.args ? 'cli' : 'action'}`));
    for (const check of ['schema-verify', 'migrate-direct', 'registry-deploy', 'restore-verify', 'secrets-lint', 'gate']) {
      expect(covered).toContain(`${check}:cli`);
      expect(covered).toContain(`${check}:action`);
    }
  });
});
