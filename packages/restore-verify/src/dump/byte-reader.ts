/**
 * Reads a region of a file through one fixed buffer: constant memory for any archive size. The
 * archive readers use it for pg_dump's binary layout (header, TOC, data blocks).
 */
import type { FileHandle } from 'node:fs/promises';

const BUFFER = 1024 * 1024;

/** The file ended where the layout says more bytes follow. */
export class EndOfArchive extends Error {
  constructor(readonly at: number) {
    super(`unexpected end of file at byte ${at}`);
  }
}

export class ByteReader {
  private buf = Buffer.alloc(BUFFER);
  private start = 0;
  private end = 0;
  /** Absolute file position of buf[0]. */
  private base: number;

  constructor(
    private readonly fh: FileHandle,
    from: number,
    readonly limit: number,
  ) {
    this.base = from;
  }

  get position(): number {
    return this.base + this.start;
  }

  /** Ensures n bytes are buffered (n <= buffer size); false at the end of the region. */
  private async fill(n: number): Promise<boolean> {
    if (this.end - this.start >= n) return true;
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    while (this.end < n) {
      const want = Math.min(this.buf.length - this.end, this.limit - (this.base + this.end));
      if (want <= 0) return false;
      const { bytesRead } = await this.fh.read(this.buf, this.end, want, this.base + this.end);
      if (bytesRead === 0) return false;
      this.end += bytesRead;
    }
    return true;
  }

  /** At the end of the region (no byte left). */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  async byte(): Promise<number> {
    if (!(await this.fill(1))) throw new EndOfArchive(this.position);
    return this.buf[this.start++];
  }

  async bytes(n: number): Promise<Buffer> {
    if (n > this.buf.length) {
      // A TOC string longer than the buffer (a huge function body or view): read it in pieces.
      const out = Buffer.alloc(n);
      let at = 0;
      await this.pipe(n, (piece) => {
        piece.copy(out, at);
        at += piece.length;
      });
      return out;
    }
    if (!(await this.fill(n))) throw new EndOfArchive(this.limit);
    const out = Buffer.from(this.buf.subarray(this.start, this.start + n));
    this.start += n;
    return out;
  }

  /**
   * Streams the next n bytes to fn in buffer-sized pieces (views into the buffer, valid only during
   * the call). Throws EndOfArchive, after passing what there was, when the region is shorter.
   */
  async pipe(n: number, fn: (piece: Buffer) => void | Promise<void>): Promise<void> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill(1))) throw new EndOfArchive(this.position);
      const take = Math.min(left, this.end - this.start);
      const piece = this.buf.subarray(this.start, this.start + take);
      this.start += take;
      left -= take;
      await fn(piece);
    }
  }
}
