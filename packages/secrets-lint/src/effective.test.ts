import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint } from './testing.ts';

afterEach(() => clearSecrets());

const strong = 'Zq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Gs0YaPe';

/** The incident: three -f files, env_file: envs/.env that compose does not use for interpolation, a 31-char fallback. */
function incidentRepo() {
  return fixtureRepo(
    {
      '.gitignore': 'envs/.env\n',
      'docker-compose.yml': [
        'services:',
        '  backend:',
        '    image: app',
        '    env_file: envs/.env',
        '    environment:',
        '      DEBUG: "false"',
        '      ALLOWED_HOSTS: ${ALLOWED_HOSTS:-localhost}',
        '',
        '',
        '',
        '',
        '      SECRET_KEY: ${SECRET_KEY:-dev-secret-change-in-production}',
        '',
      ].join('\n'),
      'docker-compose.production.yml': 'services:\n  backend:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
      'docker-compose.registry.yml': 'services:\n  backend:\n    image: registry.example.org/app:1.0\n',
    },
    { untracked: { 'envs/.env': `SECRET_KEY=${strong}\nALLOWED_HOSTS=["app.acme.org"]\nDB_PASSWORD=short-pw\n` } },
  );
}

const files = (dir: string) => ['docker-compose.yml', 'docker-compose.production.yml', 'docker-compose.registry.yml'].flatMap((f) => ['--compose-file', join(dir, f)]);

describe('--compose-file / --env-file: what the container really gets', () => {
  test('without --env-file the 31-char fallback wins, and the message says why', async () => {
    const dir = incidentRepo();
    const r = await lint(['--path', dir, ...files(dir), '--list-vars', 'ALLOWED_HOSTS']);
    expect(r.code).toBe(1);
    const eff = r.report.findings.filter((f) => f.rule === 'compose-effective-secret');
    expect(eff.map((f) => `${f.object} ${f.file}:${f.line}`).sort()).toEqual([
      'service.backend.environment.DB_PASSWORD docker-compose.production.yml:4',
      'service.backend.environment.SECRET_KEY docker-compose.yml:12',
    ]);
    const sk = eff.find((f) => f.object.endsWith('SECRET_KEY'))!;
    expect(sk.message).toMatch(/^service backend gets SECRET_KEY from the fallback in docker-compose\.yml:12 \(31 chars, needs 32, a placeholder, sha256 [0-9a-f]{8}\) because envs\/\.env is not the interpolation file/);
    expect(r.report.findings.find((f) => f.object.endsWith('DB_PASSWORD'))!.message).toContain('gets no DB_PASSWORD');
    expect(r.stdout + r.stderr).not.toContain(strong);
  });

  test('with --env-file envs/.env the real values are checked: a short password, a JSON-array ALLOWED_HOSTS', async () => {
    const dir = incidentRepo();
    const r = await lint(['--path', dir, ...files(dir), '--env-file', join(dir, 'envs/.env'), '--list-vars', 'ALLOWED_HOSTS']);
    const eff = r.report.findings.filter((f) => f.object.startsWith('service.'));
    expect(eff.map((f) => `${f.rule} ${f.object} ${f.file}:${f.line}`).sort()).toEqual([
      'compose-effective-secret service.backend.environment.DB_PASSWORD envs/.env:3',
      'env-list-format service.backend.environment.ALLOWED_HOSTS envs/.env:2',
    ]);
    expect(eff.find((f) => f.rule === 'env-list-format')!.message).toBe('service backend gets ALLOWED_HOSTS from envs/.env:2 as a JSON array but the app parses csv.');
    expect(r.stdout + r.stderr).not.toContain('short-pw');
  });

  test('a missing --compose-file is exit 2 naming it; --env-file alone is exit 2', async () => {
    const dir = incidentRepo();
    const r = await lint(['--path', dir, '--compose-file', join(dir, 'nope.yml')]);
    expect(r.code).toBe(2);
    expect(r.report.summary).toContain('nope.yml does not exist');
    const alone = await lint(['--path', dir, '--env-file', join(dir, 'envs/.env')]);
    expect(alone.code).toBe(2);
  });
});
