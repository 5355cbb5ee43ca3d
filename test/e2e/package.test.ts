/**
 * The package as a user gets it from npm: `npm pack` of the repository, installed from the tarball
 * into an empty directory with no dev dependencies and no registry, then `npx preflight ...` from
 * there: --version, the top-level help, every check's --help, and real checks against the test
 * PostgreSQL. Needs dist/ (npm test builds it first).
 */
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commonOptions } from '@preflight/core';
import { checks } from '../../packages/cli/src/checks.ts';
import { createDatabase, serverInfo, type TestDatabase } from '../harness/db.ts';
import { repoRoot } from '../harness/run-bundle.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const work = mkdtempSync(join(tmpdir(), 'preflight-package-'));
const app = join(work, 'app');

/**
 * A clean environment: no npm_* variables of the `npm test` that runs us (they would point npm at
 * this repository), a cache of its own (a fresh CI machine has none) and a registry nobody listens
 * on, so any attempt to reach the network fails instead of quietly succeeding.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|INPUT_|GITHUB_)/i.test(k) && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, npm_config_cache: join(work, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npx preflight ...` in the installed directory; `--no` so npx never fetches the unrelated `preflight` package. */
const npx = (...args: string[]) => run('npx', ['--no', '--', 'preflight', ...args], app);

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}
let packed: PackResult;

beforeAll(async () => {
  // --ignore-scripts: dist/ is what npm test just built; a prepack build would race other test files reading it.
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repoRoot);
  expect(pack.code, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as PackResult[])[0];
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  const install = await run('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)], app);
  expect(install.code, install.stderr).toBe(0);
}, 300_000);

describe('the tarball', () => {
  test('holds the CLI bundle and its chunks, and nothing of the sources, tests or benchmarks', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/cli/index.js', 'dist/chunks/libpg-query.wasm']));
    const stray = paths.filter((p) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/cli\/[^/]+\.js|dist\/chunks\/[^/]+\.(js|wasm))$/.test(p));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => /^(test|bench|packages|actions|scripts|examples|docs)\//.test(p))).toEqual([]);
    // A small download: the CLI with pg, the SQL parser's wasm and the Cloud SQL connector.
    expect(packed.size).toBeLessThan(2_000_000);
  });

  test('is named pg-preflight, public, and has no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/pg-preflight/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'pg-preflight', bin: { preflight: 'dist/cli/index.js' }, license: 'MIT' });
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    // The install added exactly one package: nothing came from a registry.
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['pg-preflight']);
  });

  test('the installed bundles import only Node built-ins (and two optional modules loaded inside try)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    // pg-native: only behind pg's `native` getter; supports-color: debug's optional colours, in a try.
    const optional = new Set(['pg-native', 'supports-color']);
    const dir = join(app, 'node_modules/pg-preflight/dist');
    const bare: string[] = [];
    for (const sub of ['cli', 'chunks']) {
      for (const name of readdirSync(join(dir, sub)).filter((n) => n.endsWith('.js'))) {
        const source = readFileSync(join(dir, sub, name), 'utf8');
        // esbuild writes every specifier in double quotes; doc comments inside bundled code use single ones.
        for (const m of source.matchAll(/(?:\bfrom ?|\bimport ?\(|require\(|\bimport )"((?:@[\w.~-]+\/)?[\w.~:-]+(?:\/[\w.~/-]*)?)"/g)) {
          const spec = m[1];
          if (!spec.startsWith('.') && !builtins.has(spec) && !optional.has(spec)) bare.push(`${sub}/${name}: ${spec}`);
        }
      }
    }
    expect(bare).toEqual([]);
  });
});

describe('npx preflight from the installed package', () => {
  test('--version prints the package version, as `npx preflight` and as the README writes it, `npx pg-preflight`', async () => {
    const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
    for (const r of [await npx('--version'), await run('npx', ['--no', '--', 'pg-preflight', '--version'], app)]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  test('--help lists every check, and each check --help lists its options', async () => {
    const top = await npx('--help');
    expect(top.code, top.stderr).toBe(0);
    const listed = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]+) {2,}/gm)].map((m) => m[1]);
    expect(listed).toEqual(expect.arrayContaining([...checks.map((c) => c.name), 'gate']));
    for (const name of listed) {
      const help = await npx(name, '--help');
      expect(help.code, `${name} --help: ${help.stderr}`).toBe(0);
      const own = checks.find((c) => c.name === name)?.options ?? commonOptions;
      for (const option of own) expect(help.stdout, `${name} --help`).toContain(`--${option.name}`);
    }
  }, 300_000);

  describe('real checks against PostgreSQL', () => {
    const migrations = join(repoRoot, 'examples/schema-drift/migrations');
    const first = readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8');
    const second = readFileSync(join(migrations, '0002_add_nit_field_to_invoices.sql'), 'utf8');
    let drifted: TestDatabase;
    beforeAll(async () => {
      drifted = await createDatabase('pkg_drift', first);
    });
    afterAll(() => drifted.drop());

    test('schema-verify --expected-schema blocks a database that drifted (exit 1, the missing column)', async () => {
      const expected = join(work, 'schema.sql');
      writeFileSync(expected, first + second);
      const r = await npx('schema-verify', '--database-url', drifted.url, '--expected-schema', expected, '--shadow-url', serverInfo().url, '--json');
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.status).toBe('fail');
      expect(report.findings.map((f: { rule: string; object: string }) => [f.rule, f.object])).toContainEqual(['missing-column', 'public.invoices.nit']);
    }, 120_000);

    test('migrate-direct --dry-run lints with the bundled SQL parser (its wasm ships in the package)', async () => {
      const dir = join(work, 'migrations');
      mkdirSync(dir);
      writeFileSync(join(dir, '0001_create_invoices.sql'), first);
      writeFileSync(join(dir, '0002_drop_total.sql'), 'ALTER TABLE invoices DROP COLUMN total;\n');
      const empty = await createDatabase('pkg_dry');
      try {
        const r = await npx('migrate-direct', '--database-url', empty.url, '--migrations', dir, '--dry-run', '--environment', 'production', '--json');
        // production: a destructive statement is an error, so the run blocks without touching the database.
        expect(r.code, r.stderr).toBe(1);
        const report = JSON.parse(r.stdout);
        expect(report.findings.map((f: { rule: string; file?: string }) => [f.rule, f.file?.split('/').pop()])).toContainEqual(['drop-column', '0002_drop_total.sql']);
        expect(await empty.sql("SELECT to_regclass('public.invoices') AS t")).toEqual([{ t: null }]);
      } finally {
        await empty.drop();
      }
    }, 120_000);
  });
});
