/**
 * Server processes and temporary directories we start (throwaway PostgreSQL, test PgBouncer) are
 * registered here and removed when the process exits, even when the caller crashed: no orphan
 * server, no password file or data directory left on disk.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export const runningChildren = new Set<ChildProcess>();
export const temporaryDirs = new Set<string>();
let installed = false;

export function cleanUpOnExit(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const child of runningChildren) child.kill('SIGKILL');
    for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
  });
  // A signal ends node without 'exit'; turn it into an exit so the handler above runs. Only when
  // nobody else (vitest, a shadow database's cleanup) already decided what the signal does.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(130));
  }
}
