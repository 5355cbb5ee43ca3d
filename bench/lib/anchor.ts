/**
 * The anchor tools live in bench/anchor with their own package.json and lock file, installed apart
 * from the project's dependencies (never touching the root package-lock.json or node_modules).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const benchDir = new URL('..', import.meta.url).pathname;
export const repoRoot = join(benchDir, '..');
export const anchorDir = join(benchDir, 'anchor');
export const cliPath = join(repoRoot, 'dist/cli/index.js');

/** The benches run the bundled CLI, as a user would: build it first when a checkout has none. */
export function ensureCliBuilt(): void {
  if (existsSync(cliPath)) return;
  console.error('bench: dist/cli/index.js missing, building (node scripts/build.mjs --if-missing)');
  spawnSync(process.execPath, ['scripts/build.mjs', '--if-missing'], { cwd: repoRoot, stdio: 'inherit' });
}

/** Path of @pgkit/migra's CLI script (run it with `node`), installing the anchor when missing. */
export function ensureMigra(): string {
  const script = join(anchorDir, 'node_modules/@pgkit/migra/dist/command.js');
  if (existsSync(script)) return script;
  const lock = existsSync(join(anchorDir, 'package-lock.json'));
  console.error(`bench: installing the anchor (@pgkit/migra) into ${anchorDir}/node_modules`);
  // --no-workspaces keeps npm from walking up to the root workspace and its lock file.
  const r = spawnSync('npm', [lock ? 'ci' : 'install', '--prefix', anchorDir, '--no-workspaces', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: anchorDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(script)) throw new Error(`could not install @pgkit/migra into ${anchorDir} (npm exit ${r.status})`);
  return script;
}

export function migraVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(anchorDir, 'node_modules/@pgkit/migra/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
