/**
 * Both cores: a full scan of a large tree is split between the main thread and worker threads
 * (os.availableParallelism() - 1 of them, at most 3), each running the same per-file pipeline on
 * its share. A worker returns findings and the values it registered for redaction, which the main
 * thread registers before anything is printed. Workers run only from the bundle (dist/); from
 * TypeScript sources (tests) the scan stays on one thread.
 */
import { availableParallelism } from 'node:os';

import { Worker } from 'node:worker_threads';
import { registerValue } from './value.ts';
import { addTotals, emptyTotals, type FileRef, type ScanTotals } from './scan.ts';
import type { ScanOptions } from './hit.ts';
import type { RuntimeSecret } from './scanners/runtime.ts';

/** Fewer files than this are not worth a thread's start-up (~30 ms). */
export const PARALLEL_MIN_FILES = 400;

export interface WorkerJob {
  secretsLintWorker: true;
  root: string;
  refs: FileRef[];
  opts: ScanOptions;
  tracked: string[];
  templates: Array<[string, string[]]>;
  needCompose: boolean;
  needYaml: boolean;
  runtime: RuntimeSecret[];
}

export interface WorkerResult {
  totals: ScanTotals;
  values: string[];
}

export function workerCount(files: number, moduleUrl: string): number {
  if (files < PARALLEL_MIN_FILES || moduleUrl.endsWith('.ts') || process.env.PREFLIGHT_SECRETS_LINT_THREADS === '1') return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Splits refs round-robin (big and small files mix) between `workers` threads and `local`. */
export async function scanInParallel(
  moduleUrl: string,
  job: Omit<WorkerJob, 'refs'>,
  refs: readonly FileRef[],
  workers: number,
  local: (refs: FileRef[]) => ScanTotals,
): Promise<ScanTotals> {
  const shares: FileRef[][] = Array.from({ length: workers + 1 }, () => []);
  refs.forEach((r, i) => shares[i % shares.length]!.push(r));
  const running = shares.slice(1).map(
    (share) =>
      new Promise<WorkerResult>((resolve, reject) => {
        const w = new Worker(new URL(moduleUrl), { workerData: { ...job, refs: share } satisfies WorkerJob });
        w.once('message', (m: WorkerResult) => resolve(m));
        w.once('error', reject);
        w.once('exit', (code) => {
          if (code !== 0) reject(new Error(`secrets-lint worker exited with code ${code}`));
        });
      }),
  );
  const totals = local(shares[0]!);
  for (const result of await Promise.all(running)) {
    for (const v of result.values) registerValue(v);
    addTotals(totals, result.totals);
  }
  return totals ?? emptyTotals();
}

