/**
 * Every rule ID secrets-lint emits, with what docs/rules.md needs. A test checks that the scanners
 * never emit an ID missing here. `severity` is the default; docs-secret-literal and
 * url-inline-password drop to notice/warning for placeholders.
 */
import type { RuleDoc, Severity } from '@preflight/core';

const rule = (id: string, title: string, severity: Severity, description: string, example: string, fix: string): RuleDoc =>
  ({ id, title, severity, description, example, fix });

export const secretsRules: readonly RuleDoc[] = [
  rule('compose-hardcoded-secret', 'Secret literal in a compose file', 'error', 'A secret-named variable in `environment` (map or list form) or `build.args` has a literal value: it is committed, and every environment shares it.',
    'docker-compose.yml:14 web.environment.JWT_SECRET_KEY is a literal (48 chars, sha256 1a2b3c4d).', 'JWT_SECRET_KEY: ${JWT_SECRET_KEY:?JWT_SECRET_KEY is required}'),
  rule('compose-secret-fallback', 'Secret with a fallback', 'error', 'A secret-named variable is interpolated with a default (`${X:-default}` or `${X-default}`): a missing secret silently becomes the public default.',
    'docker-compose.yml:12 backend.environment.SECRET_KEY falls back to a literal (31 chars, needs 32; a placeholder).', 'SECRET_KEY: ${SECRET_KEY:?SECRET_KEY is required}'),
  rule('compose-env-file-tracked', 'env_file is committed', 'error', '`env_file` points at a file git tracks: the secrets in it are in the repository.',
    'docker-compose.yml:9 backend.env_file envs/.env is tracked by git.', 'git rm --cached envs/.env, add it to .gitignore, and create it on the server from a secret store.'),
  rule('compose-effective-secret', 'Effective secret is weak or missing', 'error', 'With `compose-file`/`env-file`: the value the container would really get (after interpolation, fallbacks, env_file and overrides) is short, a placeholder, low in entropy, a fallback, or unset.',
    'service backend gets SECRET_KEY from the fallback in docker-compose.yml:12 (31 chars, needs 32) because envs/.env is not the interpolation file.', 'Pass the env file with --env-file (docker compose --env-file envs/.env ...) and remove the fallback.'),
  rule('unparseable-file', 'File unreadable', 'error', 'A compose file, env file, workflow or Kubernetes manifest could not be parsed, so nothing in it could be checked. The message names the file and line, never a value.', 'docker-compose.yml:3: is not valid YAML at column 5 (BAD_INDENT): nothing in it was checked.', 'Fix the syntax (docker compose config shows the same error).'),
  rule('env-committed-secret', 'Secret in a committed .env', 'error', 'A tracked `.env` file (not `.env.example`, `.env.sample` or `.env.template`) holds a value for a secret-named variable.',
    '.env:3 DB_PASSWORD is committed (40 chars, sha256 1a2b3c4d).', 'git rm --cached .env, rotate the secret, keep only .env.example with empty values in git.'),
  rule('secret-placeholder', 'Placeholder secret', 'error', 'A secret-named value is a placeholder (changeme, dev-secret-..., your-..., password, <project>_password_123, tu-secret-key-en-produccion-CAMBIAR, mudar, remplacer, aendern).',
    '.env:2 JWT_SECRET_KEY is a placeholder (36 chars, sha256 1a2b3c4d).', 'Generate a real one: openssl rand -hex 32, and keep it out of git.'),
  rule('secret-too-short', 'Secret too short', 'error', 'A secret-named value is shorter than `min-length` (default 32): the app that needs 32 characters crash-loops, or the secret is guessable.',
    '.env:4 SECRET_KEY is 31 chars, needs 32 (sha256 1a2b3c4d).', 'openssl rand -hex 32'),
  rule('secret-low-entropy', 'Secret with low entropy', 'error', 'A secret-named value is long enough but too regular to be random (few distinct characters, under 3 bits per character).',
    '.env:5 SESSION_SECRET has low entropy (40 chars, sha256 1a2b3c4d).', 'openssl rand -base64 48'),
  rule('env-placeholder-setting', 'Placeholder setting', 'warning', 'A value that is not a secret but breaks production as written: https://tu-dominio.com, your-domain.com, example.com.',
    '.env:7 ALLOWED_ORIGINS holds a placeholder domain (tu-dominio.com).', 'Put the real domain of the deployment.'),
  rule('env-list-format', 'List in the wrong format', 'error', 'A variable of `list-vars` is written as a JSON array where the app parses CSV (`list-format: csv`), or the other way round.',
    '.env:8 ALLOWED_HOSTS is a JSON array but the app parses csv.', 'ALLOWED_HOSTS=app.example.org,api.example.org'),
  rule('env-example-missing-key', 'Key missing from .env.example', 'warning', 'A compose file needs a variable with no default that `.env.example` does not list, so a new deployment does not know to set it.',
    'docker-compose.yml:12 needs SECRET_KEY (no default) but .env.example does not list it.', 'Add SECRET_KEY= to .env.example.'),
  rule('code-secret-fallback', 'Secret fallback in code', 'error', 'Code reads a secret-named variable with a literal default: os.getenv("SECRET_KEY", "..."), os.environ.get, pydantic settings defaults, process.env.X || "...", ?? "...", a Go getenv-with-default helper.',
    'app/settings.py:12 SECRET_KEY falls back to a literal (31 chars, needs 32, a placeholder).', 'os.environ["SECRET_KEY"] (fails at start-up when missing)'),
  rule('url-inline-password', 'URL with an inline password', 'error', 'A postgres/mysql/redis/amqp/mongodb/http URL carries its password inline. Placeholders are warnings (notices in docs).',
    'config/prod.yml:3 postgres:// URL with an inline password (24 chars, sha256 1a2b3c4d).', 'Read the URL from a secret: DATABASE_URL=${DATABASE_URL:?DATABASE_URL is required}'),
  rule('provider-token', 'Provider token', 'error', 'A token of a known provider: AWS access key ID or secret key, GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-), Slack (xox?-), Stripe live keys, Google API keys. Documented example values (AKIAIOSFODNN7EXAMPLE) are not findings.',
    'scripts/deploy.sh:4 GitHub token committed (40 chars, sha256 1a2b3c4d).', 'Revoke it at the provider, then read it from a CI secret.'),
  rule('private-key', 'Private key', 'error', 'A PEM private key block, or a Google service-account JSON key.', 'keys/sa.json:5 Google service-account key committed.', 'Delete the key at the provider and remove it from history.'),
  rule('docs-secret-literal', 'Secret literal in docs or scripts', 'error', 'A Markdown code block, shell script or Makefile assigns a literal to a secret-named variable. Placeholders are notices.',
    'docs/deploy.md:40 SECRET_KEY has a literal value (50 chars, sha256 1a2b3c4d).', 'Rotate it; show how to generate one instead (openssl rand -hex 32).'),
  rule('dockerfile-secret-literal', 'Secret literal in a Dockerfile', 'error', '`ARG` or `ENV` gives a secret-named variable a literal value: it is baked into the image layers and history.',
    'Dockerfile:7 ENV JWT_SECRET has a literal value (20 chars, sha256 1a2b3c4d).', 'Pass it at run time, or use RUN --mount=type=secret for build-time secrets.'),
  rule('workflow-literal-secret', 'Workflow env literal', 'error', 'A workflow (`.github/workflows/*.yml`) sets a secret-named variable in `env:` to a literal instead of `${{ secrets.X }}`.',
    '.github/workflows/deploy.yml:18 env.API_TOKEN is a literal (40 chars, sha256 1a2b3c4d).', 'API_TOKEN: ${{ secrets.API_TOKEN }}'),
  rule('k8s-secret-committed', 'Kubernetes Secret committed', 'error', 'A Kubernetes `Secret` manifest with `stringData`/`data` values is committed (base64 is not encryption).',
    'k8s/secret.yaml:8 Secret app-secrets key DB_PASSWORD is committed (16 chars, sha256 1a2b3c4d).', 'Use Sealed Secrets, SOPS or External Secrets; remove the manifest from history.'),
  rule('tfvars-secret-literal', 'Secret literal in tfvars', 'error', 'A `*.tfvars` file assigns a literal to a secret-named variable.',
    'prod.tfvars:3 db_password has a literal value (18 chars, sha256 1a2b3c4d).', 'Pass it as TF_VAR_db_password from a secret store, and mark the variable sensitive.'),
  rule('runtime-secret-missing', 'Runtime secret missing', 'error', 'A variable named in `check-env` is not set (or empty) in the environment.',
    'SECRET_KEY is not set in the environment.', 'env: SECRET_KEY: ${{ secrets.SECRET_KEY }}'),
  rule('runtime-secret-weak', 'Runtime secret weak', 'error', 'A `check-env` value is shorter than `min-length`, a placeholder, or low in entropy: the check that stops the crash-loop deploy.',
    'SECRET_KEY in the environment is 31 chars, needs 32 (sha256 1a2b3c4d).', 'Set a new secret: openssl rand -hex 32'),
  rule('runtime-secret-in-repo', 'Runtime secret found in the repository', 'error', 'The value of a `check-env` variable appears in a tracked file (docs included): a production key pasted into a guide. Compared by hash, never printed.',
    'The value of SECRET_KEY (sha256 1a2b3c4d) appears in docs/deploy.md:40.', 'Rotate the secret and remove it from the file and its history.'),
  rule('runtime-secret-shared', 'Runtime secrets share one value', 'error', 'Two `check-env` variables hold the same value (the same password for development and production).',
    'DEV_DB_PASSWORD and PROD_DB_PASSWORD hold the same value (sha256 1a2b3c4d).', 'Give each environment its own secret.'),
];

export const ruleIds = new Set(secretsRules.map((r) => r.id));
