import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint, where } from './testing.ts';

afterEach(() => clearSecrets());

// Token shapes are assembled at run time so this file holds none a scanner of ours would flag.
const j = (...parts: string[]) => parts.join('');
const T = {
  awsId: j('AKIA', 'Q3EGRTYUZXCVB7NM'),
  awsSecret: j('kX9mQ2vL7pR4tY8wZ1nB', 'cH3jF6gD0sA2eU4iO7yT'),
  gh: j('ghp_', 'R8kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Ypa1QeU'),
  ghFine: j('github_pat_', '11ABCDEFG0123456789abc', '_', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA9z8y7x6w5v4u3t2s1r0qPONMLK'),
  gitlab: j('glpat-', 'x7Rk2Qm9Lp4Tz8Wv1Nb5'),
  slack: j('xoxb-', '2048-8899-', 'Qm4nRt7LpZ2x'),
  stripe: j('sk_live_', '51Hq8Zt2Lm9Kp4Rx7Vb1Nc5'),
  google: j('AIza', 'SyD4r8Kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp'),
  pemBody: j('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'Vj3k9Lm2Qx8'),
};

describe('provider tokens', () => {
  test('each provider shape at its file and line; documented examples are not findings', async () => {
    const dir = fixtureRepo({
      'config/aws.ini': `[default]\naws_access_key_id = ${T.awsId}\naws_secret_access_key = ${T.awsSecret}\n`,
      'docs/aws.ini': `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`,
      'src/tokens.txt': [T.gh, T.ghFine, T.gitlab, T.slack, T.stripe, T.google].map((t) => `value ${t}`).join('\n') + '\n',
      'keys/id_rsa': `-----BEGIN RSA PRIVATE KEY-----\n${T.pemBody}\nabc\n-----END RSA PRIVATE KEY-----\n`,
      'keys/sa.json': `{\n  "type": "service_account",\n  "project_id": "p",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${T.pemBody}\\n-----END PRIVATE KEY-----\\n"\n}\n`,
      'docs/pem.md': 'Paste your key:\n\n    -----BEGIN PRIVATE KEY-----\n    ...\n',
    });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual([
      'private-key keys/id_rsa:1',
      'private-key keys/sa.json:4',
      'provider-token config/aws.ini:2',
      'provider-token config/aws.ini:3',
      ...[1, 2, 3, 4, 5, 6].map((n) => `provider-token src/tokens.txt:${n}`),
    ]);
    const sa = r.report.findings.find((f) => f.file === 'keys/sa.json')!;
    expect(sa.message).toContain('Google service-account key committed in keys/sa.json:4');
    const out = r.stdout + r.stderr;
    for (const v of Object.values(T)) expect(out).not.toContain(v);
  });
});

describe('code fallbacks', () => {
  test('Python, pydantic, JS/TS and Go fallbacks at file and line; reads without a default pass', async () => {
    const dir = fixtureRepo({
      'app/settings.py': [
        'import os',
        'SECRET_KEY = os.getenv("SECRET_KEY", "dev-secret-change-in-production")',
        "JWT = os.environ.get('JWT_SECRET_KEY', 'x8Kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Ypa')",
        'DEBUG = os.getenv("DEBUG", "false")',
        'DB = os.environ["DB_PASSWORD"]',
        'EMPTY = os.getenv("API_TOKEN", "")',
        '',
      ].join('\n'),
      'app/config.py': [
        'from pydantic_settings import BaseSettings',
        '',
        'class Settings(BaseSettings):',
        '    app_name: str = "shop"',
        '    secret_key: str = "changeme"',
        '    db_password: SecretStr',
        '',
      ].join('\n'),
      'web/server.ts': [
        'const port = process.env.PORT || "3000";',
        'const jwt = process.env.JWT_SECRET || "supersecret";',
        'const key = process.env["API_KEY"] ?? \'k\';',
        'const ok = process.env.SESSION_SECRET;',
        '',
      ].join('\n'),
      'cmd/main.go': [
        'package main',
        '',
        'func main() {',
        '\tkey := getEnv("SECRET_KEY", "podoskin_password_123")',
        '\tport := getEnv("PORT", "8080")',
        '\tdb := cmp.Or(os.Getenv("DB_PASSWORD"), "postgres")',
        '}',
        '',
      ].join('\n'),
    });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual([
      'code-secret-fallback app/config.py:5',
      'code-secret-fallback app/settings.py:2',
      'code-secret-fallback app/settings.py:3',
      'code-secret-fallback cmd/main.go:4',
      'code-secret-fallback cmd/main.go:6',
      'code-secret-fallback web/server.ts:2',
      'code-secret-fallback web/server.ts:3',
    ]);
    const sk = r.report.findings.find((f) => f.file === 'app/settings.py' && f.line === 2)!;
    expect(sk.message).toMatch(/^SECRET_KEY falls back to a literal in app\/settings\.py:2 \(31 chars, needs 32, a placeholder, sha256 [0-9a-f]{8}\)/);
    expect(sk.fix).toBe('Read it without a default and fail at start-up when it is missing: os.environ["SECRET_KEY"].');
    expect(r.stdout + r.stderr).not.toContain('dev-secret-change-in-production');
    expect(r.stdout + r.stderr).not.toContain('x8Kq2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Ypa');
    expect(r.stdout + r.stderr).not.toContain('podoskin_password_123');
  });

  test('URLs with an inline password anywhere; templates pass, placeholders are warnings', async () => {
    const dir = fixtureRepo({
      'config/prod.yml': 'db: postgres://app:Xk29fLq8Zr4Tm1Wv@db.internal:5432/app\ncache: redis://:R3dis-Pw-9x@cache:6379/0\n',
      'config/tmpl.yml': 'db: postgres://app:${DB_PASSWORD}@db/app\nother: https://user:%s@host/\n',
      'config/dev.yml': 'db: postgresql://app:password@localhost/app\n',
      '.github/workflows/ci.yml': 'env:\n  DATABASE_URL: postgres://postgres:postgres@localhost:5432/postgres\n  MQ: amqp://app:app@rabbit/\n',
      'src/mq.py': 'URL = "amqp://guest:G7kLp2Xq9w@rabbit:5672/"\nM = "mongodb+srv://u:Mg9xLq2Zp@cluster0.mongodb.net/x"\n',
    });
    const r = await lint(['--path', dir]);
    expect(where(r)).toEqual([
      'url-inline-password .github/workflows/ci.yml:2',
      'url-inline-password .github/workflows/ci.yml:3',
      'url-inline-password config/dev.yml:1',
      'url-inline-password config/prod.yml:1',
      'url-inline-password config/prod.yml:2',
      'url-inline-password src/mq.py:1',
      'url-inline-password src/mq.py:2',
    ]);
    expect(r.report.findings.find((f) => f.file === 'config/dev.yml')!.severity).toBe('warning');
    // A service container's documented default, or the user name again: a warning, not a blocker.
    expect(r.report.findings.filter((f) => f.file === '.github/workflows/ci.yml').map((f) => f.severity)).toEqual(['warning', 'warning']);
    for (const v of ['Xk29fLq8Zr4Tm1Wv', 'R3dis-Pw-9x', 'G7kLp2Xq9w', 'Mg9xLq2Zp']) expect(r.stdout + r.stderr).not.toContain(v);
  });
});

describe('docs and scripts', () => {
  test('literal secret assignments in Markdown code blocks, shell scripts and Makefiles; placeholders are notices; prose passes', async () => {
    const dir = fixtureRepo({
      'docs/deploy.md': [
        '# Deploy',
        '',
        'Set SECRET_KEY=lmHB7x2Qp9Zr4Tk1Wv8Nc3Jf6Gs0Ypa outside a code block is prose.',
        '',
        '```yaml',
        'environment:',
        '  SECRET_KEY: lmHB7x2Qp9Zr4Tk1Wv8Nc3Jf6Gs0Ypa5Ld',
        '  JWT_SECRET_KEY: tu-secret-key-en-produccion-CAMBIAR',
        '  DEBUG: "false"',
        '```',
        '',
      ].join('\n'),
      'scripts/run.sh': '#!/bin/sh\nexport DB_PASSWORD="Qz8Lm2Kx9Vp4"\nexport API_TOKEN="$API_TOKEN"\nSECRET_KEY = os.environ["SECRET_KEY"]\nAPI_KEY=settings.API_KEY\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      Makefile: 'ADMIN_PASSWORD := Hg7Kd2Lq9Zx\nall:\n\techo ok\n',
    });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`).sort()).toEqual([
      'docs-secret-literal error Makefile:1',
      'docs-secret-literal error docs/deploy.md:7',
      'docs-secret-literal error scripts/run.sh:2',
      'docs-secret-literal notice docs/deploy.md:8',
    ]);
  });
});

describe('short values found in a repository', () => {
  test('a short found value does not mask pieces of the report (rule ids, words, line numbers)', async () => {
    const dir = fixtureRepo({
      '.env': 'API_TOKEN=tok\nSECRET_KEY=12\n',
      'src/tokens.txt': `value ${T.gh}\n`,
    });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    const rules = r.report.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('provider-token');
    expect(r.stdout).not.toContain('***');
    expect(r.report.findings.find((f: { rule: string }) => f.rule === 'provider-token')?.message).toMatch(/GitHub token/);
  });
});
