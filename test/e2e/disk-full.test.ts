/**
 * Disk full while writing a report or a fix file, with the real CLI bundle: exit 3 (could not run),
 * one sentence naming the file and the error code, and the file as it was (old content intact, no
 * temporary file left beside it).
 *
 * The full disk is a 64 KiB tmpfs filled to the last byte when running as root (CI), else an
 * RLIMIT_FSIZE of 0 blocks on the bundle's process (test/harness/disk-full.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../harness/db.ts';
import { availableModes, fullDisk, type DiskFullMode } from '../harness/disk-full.ts';
import { buildLayout } from '../harness/oci-image.ts';
import { repoRoot, runActionBundle } from '../harness/run-bundle.ts';

const cli = join(repoRoot, 'dist/cli/index.js');
const { modes, reasons } = availableModes();
if (modes.length === 0) console.log(`disk-full tests skipped: ${reasons.join('; ')}`);
else if (modes.length === 1) console.log(`disk-full tests run with ${modes[0]} only: ${reasons.join('; ')}`);

const OLD = '{"old": "content the failed write must leave alone"}\n';

let live: TestDatabase;
let expected: TestDatabase;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pf-diskfull-work-'));
  // A repository with something to report, outside the full disk (it is read, not written).
  const repo = join(work, 'repo');
  buildLayout(join(work, 'build'), { tag: 'v1', revision: 'abc123' });
  mkdirSync(repo);
  writeFileSync(join(repo, 'settings.py'), 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "dev-secret-change-in-production")\n');
  live = await createDatabase('diskfull_live', 'CREATE TABLE invoices (id int PRIMARY KEY); INSERT INTO invoices SELECT generate_series(1, 20);');
  expected = await createDatabase('diskfull_expected', 'CREATE TABLE invoices (id int PRIMARY KEY, nit text NOT NULL); CREATE TABLE monthly_kpis (id int);');
}, 120_000);

afterAll(async () => {
  await live?.drop();
  await expected?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Case {
  name: string;
  /** The file the check writes, inside the full directory. */
  file: string;
  args: (target: string) => string[];
  /** The user's own file that the check rewrites (registry-deploy pins the compose file). */
  old?: string;
}

const cases: Case[] = [
  { name: 'secrets-lint --report', file: 'report.json', args: (f) => ['secrets-lint', '--path', join(work, 'repo'), '--report', f] },
  { name: 'secrets-lint --sarif', file: 'out.sarif', args: (f) => ['secrets-lint', '--path', join(work, 'repo'), '--sarif', f] },
  { name: 'secrets-lint --write-baseline', file: 'baseline.json', args: (f) => ['secrets-lint', '--path', join(work, 'repo'), '--write-baseline', f] },
  { name: 'schema-verify --fix-sql', file: 'fix.sql', args: (f) => ['schema-verify', '--database-url', live.url, '--expected-url', expected.url, '--fix-sql', f] },
  { name: 'schema-verify --write-snapshot', file: 'snapshot.json', args: (f) => ['schema-verify', '--database-url', live.url, '--write-snapshot', f] },
  { name: 'restore-verify --write-manifest', file: 'manifest.json', args: (f) => ['restore-verify', '--source-url', live.url, '--write-manifest', f] },
  {
    name: 'registry-deploy pinning the compose file',
    file: 'docker-compose.yml',
    old: 'services:\n  web:\n    image: registry.example/app:0.1.3\n',
    args: (f) => ['registry-deploy', '--source', `oci:${join(work, 'build')}:v1`, '--target', `oci:${join(work, `release-${Math.random().toString(36).slice(2)}`)}:production`, '--compose-file', f, '--service', 'web'],
  },
];

function runCase(mode: DiskFullMode, c: Case) {
  return async () => {
    const disk = fullDisk(mode);
    try {
      const target = join(disk.dir, c.file);
      const old = c.old ?? OLD;
      writeFileSync(target, old);
      disk.fill();
      const before = readdirSync(disk.dir).sort();
      const r = await disk.run([cli, ...c.args(target)], { ...process.env, NO_COLOR: '1', CI: 'true' });
      const code = mode === 'tmpfs' ? 'ENOSPC' : 'EFBIG';
      expect(r.code, r.stderr).toBe(3);
      // One sentence on one line: the file, the code, and that nothing was changed.
      const line = r.stderr.split('\n').find((l) => l.includes(target));
      expect(line, r.stderr).toBeDefined();
      expect(line).toContain(code);
      expect(line).toMatch(/\(no space left on the device\)|\(file size limit of this process\)/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      // The old content is intact and no temporary file is left beside it.
      expect(readFileSync(target, 'utf8')).toBe(old);
      expect(readdirSync(disk.dir).sort()).toEqual(before);
    } finally {
      disk.cleanup();
    }
  };
}

describe.skipIf(modes.length === 0)(`disk full (${modes[0] ?? 'no way to fill a disk here'})`, () => {
  for (const c of cases) test(c.name, runCase(modes[0]!, c), 120_000);
});

// The fallback is exercised too where the primary way works, so both stay honest. (Not registry-deploy:
// under a per-process limit its OCI layout target, written first, fails before the compose file.)
describe.skipIf(modes.length < 2)(`disk full (${modes[1] ?? 'no second way'})`, () => {
  for (const c of cases.filter((x) => ['secrets-lint --report', 'secrets-lint --write-baseline', 'schema-verify --fix-sql', 'restore-verify --write-manifest'].includes(x.name))) {
    test(c.name, runCase(modes[1]!, c), 120_000);
  }
});

// The action writes its report to RUNNER_TEMP or to `report`: the same exit 3 and one warning line.
describe.skipIf(!modes.includes('tmpfs'))('disk full in an action step (tmpfs)', () => {
  test('secrets-lint action with `report` on a full disk: exit 3, a warning naming the file, old file intact', async () => {
    const disk = fullDisk('tmpfs');
    try {
      const target = join(disk.dir, 'report.json');
      writeFileSync(target, OLD);
      disk.fill();
      const before = readdirSync(disk.dir).sort();
      const r = await runActionBundle('secrets-lint', { path: join(work, 'repo'), report: target });
      expect(r.code, r.stdout).toBe(3);
      expect(r.stdout).toMatch(new RegExp(`^::warning::Could not write report file ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ENOSPC \\(no space left on the device\\); the file was not changed`, 'm'));
      expect(readFileSync(target, 'utf8')).toBe(OLD);
      expect(readdirSync(disk.dir).sort()).toEqual(before);
    } finally {
      disk.cleanup();
    }
  }, 120_000);
});
