/**
 * Root reads every file whatever its mode, and CI runs as root: a test of what happens when a
 * file cannot be read runs that part in a child process as an unprivileged user instead (the
 * same `postgres`/`nobody` lookup the throwaway servers use).
 */
import { spawnSync } from 'node:child_process';
import { unprivilegedUser } from '@preflight/pg';
import { repoRoot } from './run-bundle.ts';

export { unprivilegedUser };

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `code` (an ES module; it may import .ts files through tsx) as `user` and returns what it
 * printed. The repository must be readable by that user, as a checkout normally is.
 */
export function runModuleAs(user: { uid: number; gid: number }, code: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    uid: user.uid,
    gid: user.gid,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}
