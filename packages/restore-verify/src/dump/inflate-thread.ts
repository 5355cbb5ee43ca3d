/**
 * Inflates zlib streams on a worker thread, so that inflating (most of a compressed dump's time)
 * never waits for the main thread, which meanwhile parses the archive and counts rows.
 *
 * Why not node's zlib stream (inflate.ts): it inflates on libuv's thread pool, but every 256 KB of
 * output is a round trip through the main thread's event loop before the pool gets the next piece
 * of work, so while the main thread parses or counts, zlib waits. Here the worker drives one zlib
 * handle synchronously (zlib's own writeSync, what inflateSync runs on) without ever yielding to
 * anyone but for buffers: it stops only when all its output buffers are with the main thread.
 *
 * Memory is bounded and recycled: compressed input travels in STAGE-sized buffers (at most
 * INPUT_IN_FLIGHT per stream), inflated output in OUTPUT-sized buffers (OUTPUT_BUFFERS per
 * worker, plus one per open stream); both are transferred (not copied) and handed back after use, so no buffer is left for
 * the garbage collector (node's zlib stream allocates a fresh output buffer per 256 KB).
 *
 * The worker's source is a string (eval: true) so it needs no file of its own next to the bundle.
 */
import { Worker } from 'node:worker_threads';
import { createInflate } from 'node:zlib';

/** Compressed bytes per message to the worker. */
const STAGE = 512 * 1024;
/** Stages of one stream held by the worker at once: it has the next when it finishes one. */
const INPUT_IN_FLIGHT = 3;
/** Inflated bytes per output buffer, and how many the worker owns (bounds memory and lead). */
const OUTPUT = 1024 * 1024;
const OUTPUT_BUFFERS = 4;
/** Output per zlib call: inflate.ts's OUTPUT_CHUNK (see step() in the worker). */
const CALL_OUTPUT = 256 * 1024;

type ToWorker =
  | { type: 'data'; id: number; buf: ArrayBuffer; len: number }
  | { type: 'end'; id: number }
  | { type: 'abandon'; id: number }
  | { type: 'free'; buf: ArrayBuffer };
type FromWorker =
  | { type: 'out'; id: number; buf: ArrayBuffer; len: number }
  | { type: 'consumed'; id: number; buf: ArrayBuffer }
  | { type: 'done'; id: number; error?: string };

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Z_NO_FLUSH, Z_FINISH } = zlib.constants;
const OUTPUT = ${OUTPUT}, OUTPUT_BUFFERS = ${OUTPUT_BUFFERS}, CALL_OUTPUT = ${CALL_OUTPUT};
const free = [];
let made = 0;
const streams = new Map();
// Each open stream may hold one partly filled buffer while it waits for input: one more per stream,
// so streams read side by side can never all wait for a buffer another one holds.
const takeOutput = () => free.pop() || (made < OUTPUT_BUFFERS + streams.size ? (made++, Buffer.allocUnsafe(OUTPUT)) : undefined);
const empty = Buffer.alloc(0);

function stream(id) {
  let s = streams.get(id);
  if (!s) {
    const z = zlib.createInflate();
    // errors reach us through z.destroyed / z.errored, checked after each call
    z.on('error', () => {});
    s = { id, z, jobs: [], out: undefined, outLen: 0, error: undefined };
    streams.set(id, s);
  }
  return s;
}

function post(s) {
  if (!s.out) return;
  if (s.outLen === 0) {
    // nothing in it: back to the pool, never left with a finished stream
    free.push(s.out);
    s.out = undefined;
    return;
  }
  const buf = s.out.buffer;
  parentPort.postMessage({ type: 'out', id: s.id, buf, len: s.outLen }, [buf]);
  s.out = undefined;
  s.outLen = 0;
}

/** One zlib call into the stream's output buffer; false when no output buffer is free. */
function step(s, flush, input, job) {
  if (!s.out) { s.out = takeOutput(); s.outLen = 0; if (!s.out) return false; }
  // At most up to the next CALL_OUTPUT boundary per call, as node's zlib stream calls zlib: on
  // damaged data both then drop the same bytes (the failing call's), so counts are the same.
  const room = CALL_OUTPUT - (s.outLen % CALL_OUTPUT);
  s.z._handle.writeSync(flush, input, job.at, job.len - job.at, s.out, s.outLen, room);
  if (s.z.destroyed) {
    // zlib failed (damaged data, or Z_FINISH before the end of the stream): the write state is not
    // updated then, and what this call wrote is dropped, as node's zlib stream drops it.
    s.error = (s.z.errored && s.z.errored.message) || 'zlib error';
    job.done = true;
    return true;
  }
  const [availOut, availIn] = s.z._writeState;
  s.outLen += room - availOut;
  job.at = job.len - availIn;
  if (availOut > 0) job.done = true;
  else if (s.outLen === OUTPUT) post(s);
  return true;
}

/** Runs a stream's queued jobs until done or out of output buffers (then a 'free' resumes it). */
function work(s) {
  while (s.jobs.length) {
    const job = s.jobs[0];
    if (s.error) job.done = true;
    while (!job.done) if (!step(s, job.kind === 'end' ? Z_FINISH : Z_NO_FLUSH, job.input || empty, job)) return false;
    s.jobs.shift();
    if (job.kind === 'data') parentPort.postMessage({ type: 'consumed', id: s.id, buf: job.input.buffer }, [job.input.buffer]);
    else {
      post(s);
      streams.delete(s.id);
      s.z.close();
      parentPort.postMessage({ type: 'done', id: s.id, error: s.error });
    }
  }
  return true;
}

function pump() {
  for (const s of streams.values()) work(s);
}

parentPort.on('message', (m) => {
  if (m.type === 'free') free.push(Buffer.from(m.buf));
  else if (m.type === 'data') stream(m.id).jobs.push({ kind: 'data', input: Buffer.from(m.buf, 0, m.len), at: 0, len: m.len, done: false });
  else stream(m.id).jobs.push({ kind: m.type, at: 0, len: 0, done: m.type === 'abandon' });
  pump();
});
`;

/** True when this node's zlib handle has the synchronous call the worker relies on. */
export function inflateThreadAvailable(): boolean {
  const z = createInflate() as unknown as { _handle?: { writeSync?: unknown }; _writeState?: unknown; close(): void };
  const ok = typeof z._handle?.writeSync === 'function' && z._writeState instanceof Uint32Array;
  z.close();
  return ok;
}

interface StreamSink {
  onData(chunk: Buffer): void;
  inputReturned(buf: ArrayBuffer): void;
  finished(error: string | undefined): void;
}

/** The one inflate worker of the process, started on first use; unref'd while no stream is open. */
class InflateWorker {
  private worker: Worker | undefined;
  private sinks = new Map<number, StreamSink>();
  private nextId = 1;
  private crashed: Error | undefined;

  open(sink: StreamSink): number {
    if (this.crashed) throw this.crashed;
    const w = this.start();
    const id = this.nextId++;
    this.sinks.set(id, sink);
    if (this.sinks.size === 1) w.ref();
    return id;
  }

  send(m: ToWorker, transfer?: ArrayBuffer[]): void {
    this.start().postMessage(m, transfer);
  }

  /** Starts the worker ahead of its first stream (its start-up then overlaps reading the TOC). */
  start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: FromWorker) => this.receive(m));
    w.on('error', (e) => this.crash(e));
    w.on('exit', () => this.crash(new Error('the inflate worker exited')));
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker): void {
    const sink = this.sinks.get(m.id);
    if (m.type === 'out') {
      try {
        sink?.onData(Buffer.from(m.buf, 0, m.len));
      } finally {
        this.send({ type: 'free', buf: m.buf }, [m.buf]);
      }
    } else if (m.type === 'consumed') sink?.inputReturned(m.buf);
    else {
      this.sinks.delete(m.id);
      if (this.sinks.size === 0) this.worker?.unref();
      sink?.finished(m.error);
    }
  }

  private crash(e: Error): void {
    this.crashed ??= e;
    this.worker = undefined;
    const sinks = [...this.sinks.values()];
    this.sinks.clear();
    for (const s of sinks) s.finished(`the inflate worker failed (${e.message})`);
  }
}

const shared = new InflateWorker();

/**
 * Stage buffers back from the worker, shared by every stream of the process: a dump of many tables
 * would otherwise leave each table's stages (2 MB) to the garbage collector, which frees them late.
 */
const stagePool: ArrayBuffer[] = [];
const POOLED_STAGES = INPUT_IN_FLIGHT + 2;
const takeStage = (): Buffer => {
  const pooled = stagePool.pop();
  return pooled ? Buffer.from(pooled) : Buffer.allocUnsafe(STAGE);
};
const returnStage = (buf: ArrayBuffer): void => void (stagePool.length < POOLED_STAGES && stagePool.push(buf));

/** Starts the worker now (a compressed archive is coming); harmless if it is never used. */
export function warmInflateThread(): void {
  shared.start();
}

/** Same surface as inflate.ts's Decompressor (push, end, abandon), for zlib streams. */
export class ThreadDecompressor {
  private readonly id: number;
  private stage: Buffer = takeStage();
  private staged = 0;
  private inFlight = 0;
  private waiting: (() => void) | undefined;
  private error: Error | undefined;
  private done: Promise<void>;
  private resolveDone!: () => void;
  private finished = false;
  private released = false;

  constructor(private readonly onData: (chunk: Buffer) => void) {
    this.done = new Promise<void>((resolve) => (this.resolveDone = resolve));
    this.id = shared.open({
      onData: (chunk) => this.onData(chunk),
      inputReturned: (buf) => {
        this.inFlight--;
        returnStage(buf);
        this.wake();
      },
      finished: (error) => {
        if (error) this.error = new Error(error);
        this.finished = true;
        this.wake();
        this.resolveDone();
      },
    });
  }

  get failed(): Error | undefined {
    return this.error;
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /**
   * Copies a piece (a view into a reused read buffer) into the stage, sending the stage first when
   * the piece does not fit: the same stages as inflate.ts's Decompressor, so zlib is called on the
   * same input boundaries (see CALL_OUTPUT).
   */
  push(piece: Buffer): void | Promise<void> {
    if (this.staged + piece.length <= STAGE) {
      piece.copy(this.stage, this.staged);
      this.staged += piece.length;
      return;
    }
    return this.pushAfterSend(piece);
  }

  private async pushAfterSend(piece: Buffer): Promise<void> {
    await this.send();
    if (piece.length < STAGE) {
      piece.copy(this.stage, 0);
      this.staged = piece.length;
      return;
    }
    // A piece as big as a stage goes on its own (as the Decompressor writes it directly).
    for (let at = 0; at < piece.length; at += STAGE) {
      const n = Math.min(STAGE, piece.length - at);
      piece.copy(this.stage, 0, at, at + n);
      this.staged = n;
      await this.send();
    }
  }

  /** Hands the stage to the worker, first waiting while INPUT_IN_FLIGHT stages are with it. */
  private async send(): Promise<void> {
    if (this.staged === 0) return;
    while (this.inFlight >= INPUT_IN_FLIGHT && !this.finished) await new Promise<void>((resolve) => (this.waiting = resolve));
    if (this.finished) {
      // The worker already gave up on this stream (zlib error): the rest of its input is moot.
      this.staged = 0;
      return;
    }
    const buf = this.stage.buffer as ArrayBuffer;
    shared.send({ type: 'data', id: this.id, buf, len: this.staged }, [buf]);
    this.inFlight++;
    this.stage = takeStage();
    this.staged = 0;
  }

  /** Ends the stream; returns the zlib error, if any (a missing end of stream is Z_BUF_ERROR). */
  async end(): Promise<Error | undefined> {
    await this.send();
    if (!this.finished) shared.send({ type: 'end', id: this.id });
    await this.done;
    this.release();
    return this.error;
  }

  /**
   * The input stops here (the archive ends mid-block): what was handed to the worker is inflated
   * and reaches the consumer, the bytes still staged do not (as in inflate.ts's Decompressor).
   */
  async abandon(): Promise<void> {
    if (!this.finished) shared.send({ type: 'abandon', id: this.id });
    await this.done;
    this.release();
  }

  /** The stream is over: its stage goes back to the pool for the next table's. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    returnStage(this.stage.buffer as ArrayBuffer);
    this.stage = Buffer.alloc(0);
    this.staged = 0;
  }
}
