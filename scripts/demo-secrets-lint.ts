/**
 * The demo's secrets-lint incident: a compose deployment whose SECRET_KEY silently fell back to a
 * 31-character public default (the app needs 32 and crash-looped), because the deploy merged three
 * -f files and compose never read envs/.env for interpolation; ALLOWED_HOSTS was a JSON array
 * where the app parsed CSV. Fails on it, applies the fix, passes.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoKit } from './demo-kit.ts';

export const secretsLintIncident = {
  title: 'Incident 5a: a 31-character fallback SECRET_KEY and a JSON-array ALLOWED_HOSTS (secrets-lint)',
  story:
    'docker-compose.yml says SECRET_KEY: ${SECRET_KEY:-dev-secret-change-in-production}; the deploy runs -f docker-compose.yml -f docker-compose.production.yml -f docker-compose.registry.yml and compose does not read envs/.env, so the fallback wins.',
  async run(tools: DemoKit): Promise<void> {
    const repo = join(tools.work, 'secrets-demo');
    mkdirSync(join(repo, 'envs'), { recursive: true });
    const compose = (secretKey: string) =>
      ['services:', '  backend:', '    image: app', '    env_file: envs/.env', '    environment:', '      DEBUG: "false"', `      SECRET_KEY: ${secretKey}`, ''].join('\n');
    writeFileSync(join(repo, '.gitignore'), 'envs/.env\n');
    writeFileSync(join(repo, 'docker-compose.yml'), compose('${SECRET_KEY:-dev-secret-change-in-production}'));
    writeFileSync(join(repo, 'docker-compose.production.yml'), 'services:\n  backend:\n    restart: always\n');
    writeFileSync(join(repo, 'docker-compose.registry.yml'), 'services:\n  backend:\n    image: registry.acme.internal/app:1.4.2\n');
    writeFileSync(join(repo, '.env.example'), 'SECRET_KEY=\nALLOWED_HOSTS=\n');
    // The server's env file: not in git, a real key, and the hosts as the guide wrote them.
    const key = randomBytes(32).toString('hex');
    writeFileSync(join(repo, 'envs/.env'), `SECRET_KEY=${key}\nALLOWED_HOSTS=["app.acme.org","api.acme.org"]\n`);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'demo', GIT_AUTHOR_EMAIL: 'demo@localhost', GIT_COMMITTER_NAME: 'demo', GIT_COMMITTER_EMAIL: 'demo@localhost' } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'deploy config');

    const files = ['docker-compose.yml', 'docker-compose.production.yml', 'docker-compose.registry.yml'].flatMap((f) => ['--compose-file', join(repo, f)]);
    const args = ['secrets-lint', '--path', repo, ...files, '--list-vars', 'ALLOWED_HOSTS,CORS_ORIGINS'];
    tools.expectExit(await tools.preflight(args), 1, 'secrets-lint on the incident');

    console.log(tools.bold('The fix: no fallback (${SECRET_KEY:?...}), the env file passed with --env-file, ALLOWED_HOSTS as CSV:'));
    writeFileSync(join(repo, 'docker-compose.yml'), compose('${SECRET_KEY:?SECRET_KEY is required}'));
    writeFileSync(join(repo, 'envs/.env'), `SECRET_KEY=${key}\nALLOWED_HOSTS=app.acme.org,api.acme.org\n`);
    git('commit', '-qam', 'fix: no secret fallback');
    tools.expectExit(await tools.preflight([...args, '--env-file', join(repo, 'envs/.env')]), 0, 'secrets-lint after the fix');
  },
};
