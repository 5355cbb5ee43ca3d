/**
 * Streams compressed bytes through zlib into a consumer with backpressure, and never hangs on a
 * damaged stream: an error ends every pending wait. Used for custom-format data blocks (a zlib
 * stream cut into length-prefixed chunks, compress_io.c) and gzip'd data files (-Fd).
 */
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

export class Decompressor {
  private readonly z: Inflate | Gunzip;
  private error: Error | undefined;
  private ended: Promise<void>;

  constructor(kind: 'zlib' | 'gzip', onData: (chunk: Buffer) => void) {
    this.z = kind === 'zlib' ? createInflate({ chunkSize: 256 * 1024 }) : createGunzip({ chunkSize: 256 * 1024 });
    this.z.on('data', onData);
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

  async write(piece: Buffer): Promise<void> {
    if (this.error) return;
    // The piece may be a view into a reused buffer: zlib keeps a reference until it consumes it.
    const ok = this.z.write(Buffer.from(piece));
    if (!ok) await Promise.race([new Promise((r) => this.z.once('drain', r)), this.ended]);
  }

  /** Ends the stream; returns the zlib error, if any (a missing end of stream is Z_BUF_ERROR). */
  async end(): Promise<Error | undefined> {
    if (!this.error) this.z.end();
    await this.ended;
    return this.error;
  }

  destroy(): void {
    this.z.destroy();
  }
}
