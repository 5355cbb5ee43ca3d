/**
 * Lints migration files while the run waits on the network. Which files are pending is known only
 * once the lock is held and the ledger re-read, but linting a file depends on nothing else, so the
 * files are linted ahead, newest first (a deploy's pending files are usually the newest), one file
 * per turn of the event loop: each login and query answer is handled as soon as it arrives, and the
 * parser runs in the time the run would otherwise spend waiting. `forPending` then returns the
 * findings of exactly the pending files, in their order, linting any not done yet, and stops the
 * work ahead: a file that is not pending is never reported.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Finding } from '@preflight/core';
import type { Migration } from '@preflight/migrations';

export interface LintAhead {
  /** The lint findings of `pending`, file by file in that order; ends the work ahead. */
  forPending(pending: readonly Migration[]): Promise<Finding[]>;
  /** Ends the work ahead (the run stopped before planning). */
  stop(): void;
}

export function lintAhead(files: readonly Migration[], lintOne: (m: Migration) => Promise<Finding[]>): LintAhead {
  const done = new Map<Migration, Promise<Finding[]>>();
  const lint = (m: Migration) => {
    let p = done.get(m);
    if (!p) {
      p = lintOne(m);
      done.set(m, p);
    }
    return p;
  };
  let stopped = false;
  // At most the file being linted when the plan arrives finishes after it.
  void (async () => {
    for (let i = files.length - 1; i >= 0 && !stopped; i--) {
      // A failure (the parser did not load) surfaces in forPending, if the file is pending.
      await lint(files[i]).catch(() => undefined);
      await nextTurn();
    }
  })();
  return {
    async forPending(pending) {
      stopped = true;
      const out: Finding[] = [];
      for (const m of pending) out.push(...(await lint(m)));
      return out;
    },
    stop() {
      stopped = true;
    },
  };
}
