import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint, where } from './testing.ts';

afterEach(() => clearSecrets());

describe('Dockerfiles, workflows, Kubernetes Secrets, tfvars', () => {
  test('each at its file and line; references and ${{ secrets.X }} pass', async () => {
    const dir = fixtureRepo({
      Dockerfile: ['FROM python:3.12', 'ARG PIP_TOKEN=Docker-Canary-1x9', 'ARG VERSION=1.0', 'ENV JWT_SECRET=Docker-Canary-2y8 DEBUG=0', 'ENV API_KEY ${API_KEY}', 'ENV SESSION_SECRET legacy-form-canary-3', ''].join('\n'),
      '.github/workflows/deploy.yml': [
        'on: push',
        'env:',
        '  API_TOKEN: Wf-Canary-4-literal',
        '  REGION: eu',
        'jobs:',
        '  deploy:',
        '    runs-on: ubuntu-latest',
        '    env:',
        '      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}',
        '    steps:',
        '      - run: ./deploy.sh',
        '        env:',
        '          SECRET_KEY: "Wf-Canary-5-literal"',
        '',
      ].join('\n'),
      'k8s/secret.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: app-secrets',
        'stringData:',
        '  DB_PASSWORD: K8s-Canary-6-plain',
        'data:',
        `  API_KEY: ${Buffer.from('K8s-Canary-7-b64').toString('base64')}`,
        '---',
        'kind: ConfigMap',
        'data:',
        '  A: b',
        '',
      ].join('\n'),
      'infra/prod.tfvars': 'region = "eu-west-1"\ndb_password = "Tf-Canary-8-value"\napi_token = var.x\n',
    });
    const r = await lint(['--path', dir]);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual([
      'dockerfile-secret-literal Dockerfile:2',
      'dockerfile-secret-literal Dockerfile:4',
      'dockerfile-secret-literal Dockerfile:6',
      'infra/prod.tfvars:2'.replace(/^/, 'tfvars-secret-literal '),
      'k8s-secret-committed k8s/secret.yaml:6',
      'k8s-secret-committed k8s/secret.yaml:8',
      'workflow-literal-secret .github/workflows/deploy.yml:13',
      'workflow-literal-secret .github/workflows/deploy.yml:3',
    ].sort());
    const out = r.stdout + r.stderr;
    for (const n of [1, 2, 4, 5, 6, 7, 8]) expect(out).not.toMatch(new RegExp(`Canary-${n}`));
    expect(out).not.toContain(Buffer.from('K8s-Canary-7-b64').toString('base64'));
    expect(out).not.toContain('legacy-form-canary-3');
  });

  test('a malformed workflow is a finding naming the file', async () => {
    const dir = fixtureRepo({ '.github/workflows/ci.yml': 'on: push\njobs:\n  a: [\n' });
    const r = await lint(['--path', dir]);
    expect(r.report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['unparseable-file .github/workflows/ci.yml']);
  });
});
