import { afterEach, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { fixtureRepo, lint } from './testing.ts';

afterEach(() => clearSecrets());

// The fixed variant of every shape the other tests report: nothing is found, and the run still looked.
test('a clean repository passes: required variables, secrets from the environment, templates with empty values', async () => {
  const dir = fixtureRepo(
    {
      '.gitignore': '.env\n',
      '.env.example': 'SECRET_KEY=\nJWT_SECRET_KEY=\nDB_PASSWORD=\nALLOWED_HOSTS=\n',
      'docker-compose.yml': [
        'services:',
        '  backend:',
        '    image: app',
        '    env_file: .env',
        '    environment:',
        '      SECRET_KEY: ${SECRET_KEY:?SECRET_KEY is required}',
        '      JWT_SECRET_KEY: ${JWT_SECRET_KEY:?JWT_SECRET_KEY is required}',
        '      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app',
        '      ALLOWED_HOSTS: ${ALLOWED_HOSTS:-app.acme.org,api.acme.org}',
        '      - REDIS_PASSWORD',
        '',
      ].join('\n').replace('      - REDIS_PASSWORD\n', '      REDIS_PASSWORD:\n'),
      'app/settings.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nDEBUG = os.getenv("DEBUG", "false")\n',
      'web/config.ts': 'const jwt = process.env.JWT_SECRET_KEY;\nif (!jwt) throw new Error("JWT_SECRET_KEY is required");\nconst port = process.env.PORT ?? "3000";\n',
      'docs/deploy.md': '# Deploy\n\n```sh\nexport SECRET_KEY="$(openssl rand -hex 32)"\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n```\n',
      Dockerfile: 'FROM node:20\nARG NPM_TOKEN\nENV NODE_ENV=production\n',
      '.github/workflows/deploy.yml': 'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    env:\n      API_TOKEN: ${{ secrets.API_TOKEN }}\n    steps:\n      - run: ./deploy.sh\n',
      'infra/prod.tfvars': 'region = "eu-west-1"\n',
    },
    { untracked: { '.env': 'SECRET_KEY=short\n' } },
  );
  const r = await lint(['--path', dir, '--list-vars', 'ALLOWED_HOSTS']);
  expect(r.report.findings).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.report.stats.filesScanned).toBe(9);
});
