import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint, where } from './testing.ts';

afterEach(() => clearSecrets());

const strong = 'Zq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Gs0YaPe';

describe('.env files', () => {
  test('a tracked .env: short, placeholder (several languages), low entropy, committed; settings with placeholder domains warn; templates and untracked files pass', async () => {
    const dir = fixtureRepo(
      {
        '.env': [
          '# production',
          'SECRET_KEY=dev-secret-change-in-production',
          'JWT_SECRET_KEY=tu-secret-key-en-produccion-CAMBIAR',
          'DB_PASSWORD=podoskin_password_123',
          'API_TOKEN=Qz8Lm2Kx9Vp4',
          'SESSION_SECRET=abababababababababababababababababab',
          `STRIPE_SECRET=${strong}`,
          'ALLOWED_ORIGINS=https://tu-dominio.com',
          'DEBUG=false',
          'REF_PASSWORD=${OTHER}',
          'EMPTY_TOKEN=',
          '',
        ].join('\n'),
        'envs/.env.production': 'ADMIN_PASSWORD=mudar\nSITE_URL=https://your-domain.com\n',
        '.env.example': 'SECRET_KEY=changeme\nDB_PASSWORD=password\n',
        '.env.sample': 'SECRET_KEY=changeme\n',
        '.gitignore': '.env.local\n',
      },
      { untracked: { '.env.local': 'SECRET_KEY=short\n', 'envs/.env.dev': 'SECRET_KEY=short\n' } },
    );
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`).sort()).toEqual([
      'env-committed-secret error .env:7',
      'env-placeholder-setting warning .env:8',
      'env-placeholder-setting warning envs/.env.production:2',
      'secret-low-entropy error .env:6',
      'secret-placeholder error .env:2',
      'secret-placeholder error .env:3',
      'secret-placeholder error .env:4',
      'secret-placeholder error envs/.env.production:1',
      'secret-too-short error .env:5',
    ]);
    expect(r.report.findings.find((f) => f.line === 5)!.message).toMatch(/^API_TOKEN in \.env:5 is too short \(12 chars, needs 32, sha256 [0-9a-f]{8}\), in a file git tracks\.$/);
    const out = r.stdout + r.stderr;
    for (const v of ['dev-secret-change-in-production', 'tu-secret-key-en-produccion-CAMBIAR', 'podoskin_password_123', 'Qz8Lm2Kx9Vp4', strong]) expect(out).not.toContain(v);
  });

  test('--list-vars: a JSON array where the app parses CSV, and the reverse with --list-format json', async () => {
    const dir = fixtureRepo({ '.env': 'ALLOWED_HOSTS=["app.acme.org","api.acme.org"]\nCORS_ORIGINS=https://app.acme.org,https://api.acme.org\n' });
    const csv = await lint(['--path', dir, '--list-vars', 'ALLOWED_HOSTS,CORS_ORIGINS']);
    expect(where(csv)).toEqual(['env-list-format .env:1']);
    expect(csv.report.findings[0]!.fix).toBe('ALLOWED_HOSTS=app.acme.org,api.acme.org');
    const json = await lint(['--path', dir, '--list-vars', 'ALLOWED_HOSTS,CORS_ORIGINS', '--list-format', 'json']);
    expect(where(json)).toEqual(['env-list-format .env:2']);
    expect(json.report.findings[0]!.message).toContain('is not a JSON array but the app parses json');
    const none = await lint(['--path', dir]);
    expect(none.code).toBe(0);
  });

  test('a malformed env file is a finding naming file and line, not a crash', async () => {
    const dir = fixtureRepo({ '.env': 'GOOD=1\nBAD KEY=Secret-Canary-77\n' });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual(['unparseable-file .env:2']);
    expect(r.stdout + r.stderr).not.toContain('Secret-Canary-77');
  });
});

describe('compose files', () => {
  test('hard-coded secrets and fallbacks in map and list forms and build.args, at the value line; clean variants pass', async () => {
    const compose = [
      'services:', //1
      '  backend:', //2
      '    image: app', //3
      '    environment:', //4
      '      SECRET_KEY: ${SECRET_KEY:-dev-secret-change-in-production}', //5
      `      JWT_SECRET_KEY: ${strong}`, //6
      '      DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}', //7
      '      DEBUG: "false"', //8
      '      API_TOKEN:', //9
      '  worker:', //10
      '    build:', //11
      '      context: .', //12
      '      args:', //13
      '        NPM_TOKEN: abc123-build-token', //14
      '    environment:', //15
      '      - SECRET_KEY=${SECRET_KEY-insecure}', //16
      '      - CELERY_PASSWORD=Zq8Lm2Kx9Vp4Rt7W', //17
      '      - REDIS_PASSWORD', //18
      '', //
    ].join('\n');
    const dir = fixtureRepo({ 'docker-compose.yml': compose, 'docker-compose.override.yaml': 'services:\n  backend:\n    environment:\n      SECRET_KEY: ${SECRET_KEY}\n' });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual([
      'compose-hardcoded-secret docker-compose.yml:14',
      'compose-hardcoded-secret docker-compose.yml:17',
      'compose-hardcoded-secret docker-compose.yml:6',
      'compose-secret-fallback docker-compose.yml:16',
      'compose-secret-fallback docker-compose.yml:5',
    ]);
    const fb = r.report.findings.find((f) => f.line === 5)!;
    expect(fb.object).toBe('docker-compose.yml:backend.environment.SECRET_KEY');
    expect(fb.message).toMatch(/^docker-compose\.yml:5 backend\.environment\.SECRET_KEY falls back to a literal when SECRET_KEY is unset \(31 chars, needs 32, a placeholder, sha256 [0-9a-f]{8}\)/);
    expect(fb.fix).toBe('SECRET_KEY: ${SECRET_KEY:?SECRET_KEY is required}');
    const out = r.stdout + r.stderr;
    for (const v of [strong, 'dev-secret-change-in-production', 'abc123-build-token', 'Zq8Lm2Kx9Vp4Rt7W']) expect(out).not.toContain(v);
  });

  test('multi-document YAML, CRLF and a BOM keep lines; env_file pointing at a tracked file; .env.example missing a required key', async () => {
    const text = '\uFEFFservices:\r\n  a:\r\n    image: registry.acme.org/app:${APP_VERSION:?set it}\r\n---\r\nservices:\r\n  b:\r\n    env_file: envs/.env\r\n    environment:\r\n      URL: ${PUBLIC_URL}\r\n      TOKEN: ${MY_TOKEN:-fallback-token-9}\r\n';
    const dir = fixtureRepo({ 'compose.yaml': text, 'envs/.env': 'DEBUG=1\n', '.env.example': 'MY_TOKEN=\n' });
    const r = await lint(['--path', dir]);
    expect(where(r)).toEqual(['compose-env-file-tracked compose.yaml:7', 'compose-secret-fallback compose.yaml:10', 'env-example-missing-key compose.yaml:3', 'env-example-missing-key compose.yaml:9']);
    expect(r.report.findings.find((f) => f.rule === 'env-example-missing-key')!.severity).toBe('warning');
  });

  test('malformed compose YAML is a finding naming the file and line, never a crash or a value', async () => {
    const dir = fixtureRepo({ 'docker-compose.yml': 'services:\n  web:\n    environment:\n      SECRET_KEY: "Yaml-Canary-55\n   bad: [\n' });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.rule)).toEqual(['unparseable-file']);
    expect(r.report.findings[0]!.file).toBe('docker-compose.yml');
    expect(r.stdout + r.stderr).not.toContain('Yaml-Canary-55');
  });
});
