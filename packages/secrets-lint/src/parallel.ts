/**
 * Both cores: a full scan of a large tree is shared between the main thread and worker threads
 * (os.availableParallelism() - 1 of them, at most 3). The workers start as soon as the listing shows
 * enough files, so their start-up overlaps the rest of the listing. The files are not split up front:
 * every thread claims the next batch of the one list through a shared counter, so a thread that
 * started late or gets less of a busy CPU simply scans fewer batches. Findings are put back in list
 * order, so any number of threads reports exactly what one thread reports, in the same order. A
 * worker returns its findings and the values it registered for redaction, which the main thread
 * registers before anything is printed. Workers run only from the bundle (dist/); from TypeScript
 * sources (tests) the scan stays on one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { registerValue } from './value.ts';
import { addTotals, type FileRef, type ScanTotals } from './scan.ts';
import type { ScanOptions } from './hit.ts';
import type { RuntimeSecret } from './scanners/runtime.ts';

/** Fewer files than this are not worth a thread's start-up (~30 ms). */
export const PARALLEL_MIN_FILES = 400;

/** Files a thread claims at a time: small enough to even out the threads, large enough that claiming costs nothing. */
const BATCH = 32;

/** What a worker is told once the listing is done. */
export interface WorkerJob {
  root: string;
  paths: string[];
  /** 1 where paths[i] is tracked. */
  tracked: Uint8Array;
  /** Int32Array over a SharedArrayBuffer: [0] is the next unclaimed file. */
  next: SharedArrayBuffer;
  opts: ScanOptions;
  runtime: RuntimeSecret[];
  /** When the shared files include compose, YAML or .env files: the parsers to load and the repository context they need. */
  parsers?: { compose: boolean; yaml: boolean; tracked: string[]; templates: Array<[string, string[]]> };
}

export interface BatchResult {
  /** Index of the batch's first file in the list. */
  at: number;
  totals: ScanTotals;
}

export interface WorkerResult {
  batches: BatchResult[];
  values: string[];
}

export function workerCount(files: number, moduleUrl: string): number {
  if (files < PARALLEL_MIN_FILES || moduleUrl.endsWith('.ts') || process.env.PREFLIGHT_SECRETS_LINT_THREADS === '1') return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Every thread, the main one included, runs this over the shared list until no batch is left. */
export function claimBatches(next: Int32Array, total: number, scan: (from: number, to: number) => ScanTotals): BatchResult[] {
  const out: BatchResult[] = [];
  for (let at = Atomics.add(next, 0, BATCH); at < total; at = Atomics.add(next, 0, BATCH)) out.push({ at, totals: scan(at, Math.min(total, at + BATCH)) });
  return out;
}

export class ScanThreads {
  private readonly workers: Array<{ worker: Worker; result: Promise<WorkerResult> }> = [];

  constructor(private readonly moduleUrl: string) {}

  /** Starts the workers (once) when `files` is enough to pay for them. */
  startFor(files: number): void {
    if (this.workers.length) return;
    const n = workerCount(files, this.moduleUrl);
    for (let i = 0; i < n; i++) {
      const worker = new Worker(new URL(this.moduleUrl), { workerData: { secretsLintWorker: true } });
      // Until it has a job, a worker must not keep the process alive (a run that fails before scanning).
      worker.unref();
      const result = new Promise<WorkerResult>((resolve, reject) => {
        worker.once('message', (m: WorkerResult) => resolve(m));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`secrets-lint worker exited with code ${code} before returning its findings`)));
      });
      // Awaited in scan(); a worker that is never used must not become an unhandled rejection.
      result.catch(() => undefined);
      this.workers.push({ worker, result });
    }
  }

  get count(): number {
    return this.workers.length;
  }

  /**
   * Scans `shared` on every started thread (the main thread's part through `local`), after the main
   * thread alone has scanned `mainOnly` (the files that need the YAML parsers, so workers never load
   * them). Findings come back in the order of `order`, the whole list, as one thread would report them.
   */
  async scan(
    job: Omit<WorkerJob, 'paths' | 'tracked' | 'next'>,
    order: readonly FileRef[],
    mainOnly: () => ScanTotals,
    shared: readonly FileRef[],
    local: (refs: readonly FileRef[], from: number, to: number) => ScanTotals,
  ): Promise<ScanTotals> {
    const next = new SharedArrayBuffer(4);
    if (this.workers.length) {
      const full: WorkerJob = { ...job, paths: shared.map((r) => r.path), tracked: Uint8Array.from(shared, (r) => (r.tracked ? 1 : 0)), next };
      for (const { worker } of this.workers) {
        worker.ref();
        worker.postMessage(full);
      }
    }
    const totals = mainOnly();
    const batches = claimBatches(new Int32Array(next), shared.length, (from, to) => local(shared, from, to));
    for (const { result } of this.workers) {
      const r = await result;
      for (const v of r.values) registerValue(v);
      batches.push(...r.batches);
    }
    batches.sort((a, b) => a.at - b.at);
    for (const b of batches) addTotals(totals, b.totals);
    // Back in list order (a stable sort keeps each file's own order).
    const at = new Map(order.map((r, i) => [r.path, i]));
    totals.hits.sort((a, b) => (at.get(a.file) ?? -1) - (at.get(b.file) ?? -1));
    return totals;
  }

  /** Ends workers that were started but not given a job (a scan that turned out small, or failed). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
