/**
 * Streams compressed bytes through zlib into a consumer with backpressure, and never hangs on a
 * damaged stream: an error ends every pending wait. Used for custom-format data blocks (a zlib
 * stream cut into length-prefixed chunks, compress_io.c) and gzip'd data files (-Fd) and dumps.
 *
 * Inflating is where a compressed dump's time goes, and zlib does it on libuv's thread pool; the
 * consumer (the row counter or SQL scanner) runs on the main thread. Node's zlib stream emits an
 * output chunk and only then asks the pool for the next one, so a consumer called from 'data'
 * would keep the pool idle while it scans. Output chunks are therefore queued and consumed from a
 * setImmediate: the pool inflates chunk N+1 while the main thread scans chunk N. The queue is
 * bounded (the stream is paused past QUEUE_LIMIT), so memory stays flat.
 */
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

/** Compressed bytes handed to zlib per write (each write is a trip to its thread pool). */
const STAGE = 512 * 1024;
/** Inflated bytes per output chunk (each one is also a trip to the pool). */
const OUTPUT_CHUNK = 256 * 1024;
/**
 * Writes handed to zlib before waiting for the oldest: with two, the next input is already queued
 * when zlib finishes one, instead of zlib idling while the main thread parses the next 512 KB.
 */
const WRITES_IN_FLIGHT = 2;
/** Inflated bytes waiting for the consumer before zlib is paused. */
const QUEUE_LIMIT = 4 * OUTPUT_CHUNK;

/**
 * Stage buffers zlib is done with, shared by every Decompressor of the process: a dump of many
 * tables would otherwise leave each table's stage buffers behind for the garbage collector, which
 * frees old buffers late (peak memory, not speed).
 */
const stagePool: Buffer[] = [];
const POOLED_STAGES = 12;
const takeStage = (): Buffer => stagePool.pop() ?? Buffer.allocUnsafe(STAGE);
const returnStage = (b: Buffer): void => void (stagePool.length < POOLED_STAGES && stagePool.push(b));

/** What a data reader needs of an inflater (this one, or inflate-thread.ts's ThreadDecompressor). */
export interface Inflater {
  push(piece: Buffer): void | Promise<void>;
  end(): Promise<Error | undefined>;
  abandon(): Promise<void>;
}

export class Decompressor implements Inflater {
  private readonly z: Inflate | Gunzip;
  private error: Error | undefined;
  private ended: Promise<void>;
  private queue: Buffer[] = [];
  private queued = 0;
  private scheduled = false;
  private paused = false;

  constructor(
    kind: 'zlib' | 'gzip',
    private readonly onData: (chunk: Buffer) => void,
  ) {
    this.z = kind === 'zlib' ? createInflate({ chunkSize: OUTPUT_CHUNK }) : createGunzip({ chunkSize: OUTPUT_CHUNK });
    this.z.on('data', (chunk: Buffer) => this.enqueue(chunk));
    this.ended = new Promise<void>((resolve) => {
      this.z.once('end', resolve);
      this.z.once('error', (e) => {
        this.error = e;
        resolve();
      });
    });
  }

  get failed(): Error | undefined {
    return this.error;
  }

  private enqueue(chunk: Buffer): void {
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (this.queued > QUEUE_LIMIT && !this.paused) {
      this.paused = true;
      this.z.pause();
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.settle();
      });
    }
  }

  /**
   * Hands every queued chunk to the consumer now. Called before anyone reads the consumer's state
   * (end, destroy), so what was inflated is always counted, as when it was consumed at once.
   */
  settle(): void {
    // Index loop, then one reset: shift() on a long queue would be quadratic.
    const q = this.queue;
    this.queue = [];
    this.queued = 0;
    for (let i = 0; i < q.length; i++) this.onData(q[i]);
    if (this.paused) {
      this.paused = false;
      this.z.resume();
    }
  }

  /**
   * Buffers small pieces (custom-format chunks are ~4 KB of compressed data each) and hands zlib
   * one large buffer at a time: each write is a trip to zlib's thread pool.
   */
  push(piece: Buffer): void | Promise<void> {
    if (this.staged + piece.length > this.stage.length) {
      const flushing = this.flushStage();
      return piece.length >= this.stage.length ? flushing.then(() => this.write(piece)) : flushing.then(() => void this.stagePiece(piece));
    }
    this.stagePiece(piece);
  }

  private stage: Buffer = takeStage();
  private staged = 0;
  /** Completion of each write zlib has not finished, oldest first. */
  private writes: Promise<void>[] = [];

  private stagePiece(piece: Buffer): void {
    piece.copy(this.stage, this.staged);
    this.staged += piece.length;
  }

  private async flushStage(): Promise<void> {
    if (this.staged === 0) return;
    // zlib takes the staged buffer itself (no copy); staging continues in a fresh one.
    const full = this.stage;
    this.stage = takeStage();
    const data = full.subarray(0, this.staged);
    this.staged = 0;
    await this.give(data, full);
  }

  async write(piece: Buffer): Promise<void> {
    // The piece may be a view into a reused buffer: zlib keeps a reference until it consumes it.
    await this.give(Buffer.from(piece));
  }

  /** Hands zlib a buffer it may keep until that write completes (then `reuse` is recycled). */
  private async give(owned: Buffer, reuse?: Buffer): Promise<void> {
    if (this.error) return;
    this.writes.push(
      new Promise<void>((resolve) =>
        this.z.write(owned, () => {
          if (reuse) returnStage(reuse);
          resolve();
        }),
      ),
    );
    if (this.writes.length >= WRITES_IN_FLIGHT) await Promise.race([this.writes.shift(), this.ended]);
  }

  /** Ends the stream; returns the zlib error, if any (a missing end of stream is Z_BUF_ERROR). */
  async end(): Promise<Error | undefined> {
    await this.flushStage();
    if (!this.error) this.z.end();
    await this.ended;
    this.settle();
    returnStage(this.stage);
    return this.error;
  }

  /**
   * The input stops here (the archive ends mid-block): what was handed to zlib is inflated and
   * reaches the consumer, the bytes still staged do not, and zlib is stopped. Waiting for the
   * writes in flight keeps the rows counted in a cut file the same from run to run.
   */
  async abandon(): Promise<void> {
    for (const w of this.writes.splice(0)) await Promise.race([w, this.ended]);
    this.settle();
    this.z.destroy();
  }
}
