// Oracle: Debian's docker-compose 1.29 (`docker-compose -f a -f b --env-file X config`, offline, no
// engine) computes the effective environment of generated and hand-written projects; ours must
// match. Installed by scripts/ensure-system-deps.mjs (optional): without it these tests skip, saying so.
// Only what v1 and v2 agree on is generated. Left out, v1/v2 differences:
// - nested defaults (${A:-${B}}): v1 leaves the inner one literal, v2 expands it (interpolate.test.ts);
// - ':+' / '+': v2 only;
// - ${VAR} inside env_file values: v1 (python-dotenv) looks only at the file and the shell, v2
//   also at the interpolation .env file (effective.test.ts);
// - env_file long form (path/required): v2 only; multi-document files: v2 only;
// - v1's .env reader is python-dotenv, whose quoting and comment rules differ at the edges, so the
//   generated env files use plain values (envfile.test.ts covers compose-go's syntax).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { effectiveConfig, pinImage } from './index.ts';

const available = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (!available) console.log('oracle.test.ts skipped: docker-compose (Debian package docker-compose) is not installed; run node scripts/ensure-system-deps.mjs test as root.');

const root = mkdtempSync(join(tmpdir(), 'compose-oracle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Project {
  files: Record<string, string>;
  composeFiles: string[];
  envFile?: string;
  shell: Record<string, string>;
}

function write(name: string, project: Project): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(project.files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** docker-compose v1's effective environment per service; null = not set. */
function oracle(dir: string, project: Project): { ok: true; services: Record<string, Record<string, string | null>> } | { ok: false; stderr: string } {
  const args = [...project.composeFiles.flatMap((f) => ['-f', join(dir, f)]), ...(project.envFile ? ['--env-file', join(dir, project.envFile)] : []), 'config'];
  const result = spawnSync('docker-compose', args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root, ...project.shell }, timeout: 60_000 });
  if (result.status !== 0) return { ok: false, stderr: result.stderr };
  const config = parse(result.stdout) as { services: Record<string, { environment?: Record<string, string | null> }> };
  // `config` prints a file compose could read again, so every "$" in a value comes out as "$$"
  const unescape = (env: Record<string, string | null>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? null : v.replace(/\$\$/g, '$')]));
  return { ok: true, services: Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, unescape(s.environment ?? {})])) };
}

function ours(dir: string, project: Project): Record<string, Record<string, string | null>> {
  const result = effectiveConfig({
    files: project.composeFiles.map((f) => join(dir, f)),
    envFiles: project.envFile ? [join(dir, project.envFile)] : undefined,
    env: project.shell,
  });
  return Object.fromEntries(Object.entries(result.services).map(([name, s]) => [name, Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, v.value ?? null]))]));
}

// A small seeded generator (mulberry32): the same projects every run, so a failure reproduces.
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  return { pick, chance };
}

const VARIABLES = ['PF_A', 'PF_B', 'PF_C', 'PF_D'] as const;
const VALUES = ['alpha', 'b-2', '', 'with space', 'x=y', 'long-secret-value-0123456789'] as const;
const KEYS = ['K1', 'K2', 'K3', 'K4', 'K5'] as const;

function generate(seed: number): Project {
  const { pick, chance } = generator(seed);
  const files: Record<string, string> = {};
  const shell: Record<string, string> = {};
  for (const v of VARIABLES) if (chance(0.4)) shell[v] = pick(VALUES);
  const dotenv = (count: number) => VARIABLES.filter(() => chance(count)).map((v) => `${v}=${pick(VALUES.filter((x) => !x.includes(' ')))}`).join('\n') + '\n';
  if (chance(0.6)) files['.env'] = dotenv(0.6);
  let envFile: string | undefined;
  if (chance(0.3)) {
    envFile = 'envs/custom.env';
    files[envFile] = dotenv(0.7);
  }
  files['a.env'] = KEYS.filter(() => chance(0.5)).map((k) => `${k}=from-a-${k}`).join('\n') + '\nPF_A=a-file\n';
  files['b.env'] = KEYS.filter(() => chance(0.5)).map((k) => `${k}=from-b-${k}`).join('\n') + '\n';
  const value = (): string | undefined => {
    const v = pick(VARIABLES);
    return pick([`lit-${pick(KEYS)}`, `\${${v}}`, `$${v}`, `\${${v}:-fb-${v}}`, `\${${v}-fb-${v}}`, `pre-\${${v}:-d}-post`, `$${v}/$$literal`, undefined]);
  };
  const composeFiles = ['docker-compose.yml', ...(chance(0.7) ? ['override.yml'] : []), ...(chance(0.4) ? ['third.yml'] : [])];
  for (const [index, file] of composeFiles.entries()) {
    const lines = ['services:'];
    for (const service of ['s1', 's2']) {
      if (index > 0 && service === 's2' && chance(0.3)) continue;
      lines.push(`  ${service}:`);
      if (index === 0) lines.push('    image: busybox');
      if (chance(0.4)) lines.push(`    env_file: [${[...(chance(0.7) ? ['a.env'] : []), 'b.env'].join(', ')}]`);
      if (chance(0.8)) {
        lines.push('    environment:');
        const list = chance(0.5);
        const used = new Set<string>();
        for (let n = 0; n < 4; n++) {
          const v = value();
          const key = v === undefined ? pick(VARIABLES) : pick(KEYS);
          if (used.has(key)) continue;
          used.add(key);
          if (list) lines.push(v === undefined ? `      - ${key}` : `      - "${key}=${v}"`);
          else lines.push(v === undefined ? `      ${key}:` : `      ${key}: "${v}"`);
        }
      }
    }
    files[file] = lines.join('\n') + '\n';
  }
  return { files, composeFiles, envFile, shell };
}

const handWritten: Record<string, Project> = {
  // the incident's shape: env_file has SECRET_KEY, environment's fallback wins
  incident: {
    files: {
      'docker-compose.yml': 'services:\n  backend:\n    image: app\n    env_file:\n      - envs/.env\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-dev-secret-change-in-production}\n      FROM_ENV_FILE:\n',
      'docker-compose.production.yml': 'services:\n  backend:\n    environment:\n      - DEBUG=${DEBUG:-false}\n',
      'docker-compose.registry.yml': 'services:\n  backend:\n    image: registry.example.org/app:0.1.3\n',
      'envs/.env': 'SECRET_KEY=the-real-secret-read-by-nobody-0123456789\nFROM_ENV_FILE=x\n',
    },
    composeFiles: ['docker-compose.yml', 'docker-compose.production.yml', 'docker-compose.registry.yml'],
    shell: {},
  },
  'incident fixed with --env-file': {
    files: {
      'docker-compose.yml': 'services:\n  backend:\n    image: app\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-dev-secret-change-in-production}\n',
      'envs/.env': 'export SECRET_KEY=the-real-secret-read-by-compose-0123456789 # comment\n',
    },
    composeFiles: ['docker-compose.yml'],
    envFile: 'envs/.env',
    shell: {},
  },
  'override in a subdirectory': {
    files: {
      'docker-compose.yml': 'services:\n  a:\n    image: x\n    environment:\n      - A=base\n      - B=base\n',
      'deploy/override.yml': 'services:\n  a:\n    env_file: app.env\n    environment:\n      B: override\n',
      'app.env': 'WHERE=project-dir\nB=env-file\n',
      'deploy/app.env': 'WHERE=override-dir\n',
    },
    composeFiles: ['docker-compose.yml', 'deploy/override.yml'],
    shell: {},
  },
  'anchors and merge keys': {
    files: {
      'docker-compose.yml': 'x-env: &env\n  A: ${PF_A:-anchored}\n  B: b\nservices:\n  a:\n    image: x\n    environment:\n      <<: *env\n      B: own\n  c:\n    image: x\n    environment: *env\n',
    },
    composeFiles: ['docker-compose.yml'],
    shell: { PF_A: '' },
  },
  'CRLF and BOM': {
    files: {
      'docker-compose.yml': '\uFEFFservices:\r\n  a:\r\n    image: x\r\n    env_file: a.env\r\n    environment:\r\n      - A=${PF_A-unset}\r\n',
      'a.env': '\uFEFFC=1\r\nD=two words\r\n',
      '.env': 'PF_A=\r\n',
    },
    composeFiles: ['docker-compose.yml'],
    shell: {},
  },
};

describe.skipIf(!available)('effectiveConfig agrees with docker-compose 1.29 config', () => {
  it.each(Object.keys(handWritten))('hand-written: %s', (name) => {
    const project = handWritten[name];
    const dir = write(`hand-${name.replace(/\W+/g, '-')}`, project);
    const expected = oracle(dir, project);
    expect(expected.ok, !expected.ok ? expected.stderr : '').toBe(true);
    if (expected.ok) expect(ours(dir, project)).toEqual(expected.services);
  });

  it('generated projects (seeds 1-20)', () => {
    let compared = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const project = generate(seed);
      const dir = write(`gen-${seed}`, project);
      const expected = oracle(dir, project);
      expect(expected.ok, `seed ${seed}: ${!expected.ok ? expected.stderr : ''}`).toBe(true);
      if (!expected.ok) continue;
      expect({ seed, env: ours(dir, project) }).toEqual({ seed, env: expected.services });
      compared++;
    }
    expect(compared).toBe(20);
  }, 300_000); // one docker-compose process per project, ~1.5 s each on a loaded machine

  it('a missing required variable: docker-compose refuses, we report the error at its line', () => {
    const project: Project = { files: { 'docker-compose.yml': 'services:\n  a:\n    image: x\n    environment:\n      SECRET_KEY: ${SECRET_KEY:?SECRET_KEY is required}\n' }, composeFiles: ['docker-compose.yml'], shell: {} };
    const dir = write('required', project);
    const expected = oracle(dir, project);
    expect(expected.ok).toBe(false);
    if (!expected.ok) expect(expected.stderr).toContain('SECRET_KEY is required');
    const value = effectiveConfig({ files: [join(dir, 'docker-compose.yml')], root: dir }).services.a.environment.SECRET_KEY;
    expect(value).toMatchObject({ value: undefined, origin: { kind: 'unset', error: 'required variable SECRET_KEY is missing a value: SECRET_KEY is required', at: { file: 'docker-compose.yml', line: 5, column: 19 } } });
  });

  it('a pinned file: docker-compose reads the pinned image for that service and the old ones for the others', () => {
    const ref = 'registry.example.org/app/backend:0.1.4@sha256:' + 'b'.repeat(64);
    const text = 'services:\n  backend: # api\n    image: "registry.example.org/app/backend:0.1.3"\n  frontend:\n    image: registry.example.org/app/frontend:0.1.3 # keep\n';
    const project: Project = { files: { 'docker-compose.yml': pinImage(text, 'backend', ref) }, composeFiles: ['docker-compose.yml'], shell: {} };
    const dir = write('pinned', project);
    const result = spawnSync('docker-compose', ['-f', join(dir, 'docker-compose.yml'), 'config'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root } });
    expect(result.status, result.stderr).toBe(0);
    const services = (parse(result.stdout) as { services: Record<string, { image: string }> }).services;
    expect(services.backend.image).toBe(ref);
    expect(services.frontend.image).toBe('registry.example.org/app/frontend:0.1.3');
  });
});
