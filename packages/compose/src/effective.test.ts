import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOrigin, effectiveConfig } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'compose-effective-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// The incident: three -f files, SECRET_KEY set in envs/.env (an env_file of the service), but the
// compose file's environment: interpolates ${SECRET_KEY:-...} from the project's .env, which does not exist.
const incident = {
  'docker-compose.yml': `services:
  backend:
    image: app/backend:0.1.3
    env_file:
      - envs/.env
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
      SECRET_KEY: \${SECRET_KEY:-dev-secret-change-in-production}
      DEBUG: "false"
`,
  'docker-compose.production.yml': `services:
  backend:
    environment:
      - DEBUG=\${DEBUG:-false}
      - ALLOWED_HOSTS=["app.example.org"]
`,
  'docker-compose.registry.yml': `services:
  backend:
    image: registry.example.org/app/backend:0.1.3
`,
  'envs/.env': 'SECRET_KEY=a-real-secret-that-is-long-enough-1234567890\nDB_PASSWORD=pw-from-envs\n',
};
const incidentFiles = ['docker-compose.yml', 'docker-compose.production.yml', 'docker-compose.registry.yml'];

describe('effectiveConfig', () => {
  it('finds the fallback that won in the incident, at its file and line, and the env_file line it hid', () => {
    const dir = project(incident);
    const result = effectiveConfig({ files: incidentFiles.map((f) => join(dir, f)), root: dir });
    expect(result.projectDir).toBe(dir);
    expect(result.interpolationFile).toBeUndefined();
    const env = result.services.backend.environment;
    expect(env.SECRET_KEY).toEqual({
      value: 'dev-secret-change-in-production',
      origin: { kind: 'fallback', at: { file: 'docker-compose.yml', line: 8, column: 19 }, variable: 'SECRET_KEY' },
      overrides: [{ file: 'envs/.env', line: 1, column: 12 }],
    });
    expect(env.SECRET_KEY.value).toHaveLength(31);
    // ${DB_PASSWORD} is not in the interpolation environment either: compose substitutes ""
    expect(env.DATABASE_URL).toMatchObject({ value: 'postgres://app:@db/app', origin: { kind: 'unset', variable: 'DB_PASSWORD', at: { line: 7, column: 36 } } });
    // the later file's list form overrides the first file's map form, variable by variable
    expect(env.DEBUG).toMatchObject({ value: 'false', origin: { kind: 'fallback', at: { file: 'docker-compose.production.yml', line: 4 } }, overrides: [{ file: 'docker-compose.yml', line: 9 }] });
    expect(env.ALLOWED_HOSTS).toMatchObject({ value: '["app.example.org"]', origin: { kind: 'literal', at: { file: 'docker-compose.production.yml', line: 5, column: 23 } } });
    expect(result.services.backend.envFiles).toEqual([{ path: 'envs/.env', required: true, exists: true, at: { file: 'docker-compose.yml', line: 5, column: 9 } }]);
  });

  it('says in one sentence, without the value, why the fallback won', () => {
    const dir = project(incident);
    const result = effectiveConfig({ files: incidentFiles.map((f) => join(dir, f)), root: dir });
    const sentence = describeOrigin(result, 'backend', 'SECRET_KEY');
    expect(sentence).toBe(
      `service backend gets SECRET_KEY from the fallback in docker-compose.yml:8 because the shell does not set SECRET_KEY and there is no interpolation file (compose reads ${dir}/.env, or --env-file); envs/.env:1 sets it, but an env_file only feeds the container's environment, environment: overrides it, and envs/.env is not the interpolation file`,
    );
    expect(sentence).not.toContain('dev-secret');
    expect(describeOrigin(result, 'backend', 'DATABASE_URL')).toBe('service backend gets DATABASE_URL with ${DB_PASSWORD} in docker-compose.yml:7 not set: compose substitutes ""');
    const fixed = effectiveConfig({ files: incidentFiles.map((f) => join(dir, f)), envFiles: [join(dir, 'envs/.env')], root: dir });
    expect(describeOrigin(fixed, 'backend', 'SECRET_KEY')).toBe('service backend gets SECRET_KEY from ${SECRET_KEY} in docker-compose.yml:8, set in the interpolation file envs/.env');
  });

  it('interpolates from the --env-file when given, and says so', () => {
    const dir = project(incident);
    const result = effectiveConfig({ files: incidentFiles.map((f) => join(dir, f)), envFiles: [join(dir, 'envs/.env')], root: dir });
    expect(result.interpolationFile).toBe('envs/.env');
    expect(result.services.backend.environment.SECRET_KEY).toMatchObject({
      value: 'a-real-secret-that-is-long-enough-1234567890',
      origin: { kind: 'interpolated', variable: 'SECRET_KEY', interpolationFile: 'envs/.env', at: { file: 'docker-compose.yml', line: 8 }, valueAt: { file: 'envs/.env', line: 1, column: 12 } },
    });
    expect(result.services.backend.environment.DATABASE_URL.value).toBe('postgres://app:pw-from-envs@db/app');
  });

  it('reads <projectDir>/.env for interpolation, with the shell over it, and names the fallback interpolation file', () => {
    const dir = project({ ...incident, '.env': 'SECRET_KEY=\nDB_PASSWORD=from-dotenv\n' });
    const result = effectiveConfig({ files: incidentFiles.map((f) => join(dir, f)), env: { DB_PASSWORD: 'from-shell' }, root: dir });
    expect(result.interpolationFile).toBe('.env');
    // SECRET_KEY= is empty: ':-' still falls back
    expect(result.services.backend.environment.SECRET_KEY.origin).toMatchObject({ kind: 'fallback', interpolationFile: '.env' });
    expect(result.services.backend.environment.DATABASE_URL).toMatchObject({ value: 'postgres://app:from-shell@db/app', origin: { kind: 'interpolated', variable: 'DB_PASSWORD' } });
    expect(result.services.backend.environment.DATABASE_URL.origin.interpolationFile).toBeUndefined();
  });

  it('applies env_file entries in order under environment, pass-through from the shell, and reports missing files', () => {
    const dir = project({
      'compose.yaml': `services:
  api:
    env_file: [a.env, b.env, missing.env]
    environment:
      - FROM_SHELL
      - NOT_ANYWHERE
      - FROM_DOTENV
      - REQUIRED=\${REQ:?set REQ first}
`,
      'a.env': 'A=1\nB=from-a\nREF=${A}-x\n',
      'b.env': 'B=from-b\nSHELL_ONLY\n',
      '.env': 'FROM_DOTENV=dotenv-value\n',
    });
    const result = effectiveConfig({ files: [join(dir, 'compose.yaml')], env: { FROM_SHELL: 'sh', SHELL_ONLY: 'so' }, root: dir });
    const env = result.services.api.environment;
    expect(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.value]))).toEqual({
      A: '1',
      B: 'from-b',
      REF: '1-x',
      SHELL_ONLY: 'so',
      FROM_SHELL: 'sh',
      NOT_ANYWHERE: undefined,
      FROM_DOTENV: 'dotenv-value',
      REQUIRED: undefined,
    });
    expect(env.B).toMatchObject({ origin: { kind: 'env_file', at: { file: 'b.env', line: 1, column: 3 } }, overrides: [{ file: 'a.env', line: 2 }] });
    expect(env.FROM_SHELL.origin).toMatchObject({ kind: 'shell', variable: 'FROM_SHELL', at: { file: 'compose.yaml', line: 5 } });
    expect(env.FROM_DOTENV.origin).toMatchObject({ kind: 'interpolated', interpolationFile: '.env', valueAt: { file: '.env', line: 1, column: 13 } });
    expect(env.NOT_ANYWHERE.origin).toMatchObject({ kind: 'unset', at: { line: 6 } });
    expect(env.REQUIRED.origin).toMatchObject({ kind: 'unset', variable: 'REQ', error: 'required variable REQ is missing a value: set REQ first', at: { line: 8, column: 18 } });
    expect(result.services.api.envFiles.map((f) => [f.path, f.exists])).toEqual([
      ['a.env', true],
      ['b.env', true],
      ['missing.env', false],
    ]);
  });

  it('expands ${VAR} in env_files as compose v2 does: project environment first, then the service, then the files', () => {
    const dir = project({
      'compose.yaml': 'services:\n  api:\n    env_file: [a.env, b.env]\n    environment:\n      OWN: own-value\n',
      'a.env': 'A=from-a\nKEEP=kept\n',
      // A is also in the shell: compose-go asks the project environment before the file's own values
      'b.env': 'REF=${A}\nOWN_REF=${OWN}\nKEEP\n',
      '.env': 'DOTENV_REF=${SHELL_ONLY:-none}\n',
    });
    const result = effectiveConfig({ files: [join(dir, 'compose.yaml')], env: { A: 'from-shell', SHELL_ONLY: 'sh' }, root: dir });
    const values = Object.fromEntries(Object.entries(result.services.api.environment).map(([k, v]) => [k, v.value]));
    // a bare KEEP that nothing provides does not unset what a.env set
    expect(values).toEqual({ A: 'from-a', KEEP: 'kept', REF: 'from-shell', OWN_REF: 'own-value', OWN: 'own-value' });
  });

  it('resolves env_file paths of an override file against the project directory, as compose does', () => {
    const dir = project({
      'docker-compose.yml': 'services:\n  a:\n    image: x\n',
      'deploy/override.yml': 'services:\n  a:\n    env_file: app.env\n',
      'app.env': 'WHERE=project-dir\n',
      'deploy/app.env': 'WHERE=override-dir\n',
    });
    const result = effectiveConfig({ files: [join(dir, 'docker-compose.yml'), join(dir, 'deploy/override.yml')], root: dir });
    expect(result.services.a.environment.WHERE).toMatchObject({ value: 'project-dir', origin: { kind: 'env_file', at: { file: 'app.env' } } });
  });

  it('refuses a missing compose file or --env-file with exit 2 and the name', () => {
    const dir = project({ 'docker-compose.yml': 'services: {}\n' });
    expect(() => effectiveConfig({ files: [join(dir, 'nope.yml')] })).toThrow(/nope\.yml does not exist/);
    expect(() => effectiveConfig({ files: [join(dir, 'docker-compose.yml')], envFiles: [join(dir, 'envs/.env')] })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
