/**
 * Plain SQL dumps, as written or gzip'd (`pg_dump -Fp -Z`, `pg_dump | gzip`): streamed through the
 * SQL scanner in chunks; memory stays constant whatever the size. A gzip stream that ends before its
 * trailer is dump-truncated, a damaged one (bad header, CRC, invalid codes) dump-corrupt.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { DumpCollector } from './collector.ts';
import { SqlDumpScanner } from './sql-scanner.ts';
import type { DumpSummary } from './types.ts';
import { countableBuffer } from './newline-count.ts';
import { Decompressor } from './inflate.ts';

/** gzip'd dumps: compressed bytes per read. */
const GZIP_READ = 512 * 1024;
/** Plain dumps: this many read buffers of this size, each with a read in flight while one is scanned. */
const PLAIN_CHUNK = 2 * 1024 * 1024;
const PLAIN_BUFFERS = 4;

export async function readPlainDump(path: string, gzip: boolean): Promise<DumpSummary> {
  const out = new DumpCollector();
  const scanner = new SqlDumpScanner(out);
  if (!gzip) {
    await readInTurns(path, (chunk) => scanner.feed(chunk));
    scanner.end();
    return out.summary('plain');
  }
  // gzip: the file through one reused buffer into zlib (Decompressor stages and copies what it
  // hands over), the inflated chunks straight into the scanner.
  const z = new Decompressor('gzip', (chunk) => scanner.feed(chunk));
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(GZIP_READ);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, GZIP_READ, null);
      if (bytesRead === 0 || z.failed) break;
      await z.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  const error = await z.end();
  if (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('Z_')) throw error;
    // The file-level cause first; the scanner's own findings then name the table that was cut.
    if (code === 'Z_BUF_ERROR') out.problem('dump-truncated', 'dump', 'The gzip stream ends before its trailer: the file was cut short (an interrupted upload or copy).');
    else out.problem('dump-corrupt', 'dump', `The gzip stream is damaged (${error.message}): the data after that point cannot be read.`);
    out.complete = false;
  }
  scanner.end();
  return out.summary('gzip');
}

/** Read buffers are reused by the next plain dump of this process (they cannot be freed). */
const spare: Buffer[] = [];

/**
 * Reads a file through a few reused buffers with several reads in flight (libuv's thread pool
 * copies from the page cache on the other core while this one scans), handing chunks to fn in
 * file order. Memory is flat for any size; the buffers sit where the newline counter reads them
 * without a copy. fn must be done with a chunk when it returns (the scanner copies what it keeps).
 */
async function readInTurns(path: string, fn: (chunk: Buffer) => void): Promise<void> {
  const fh = await open(path, 'r');
  const buffers = Array.from({ length: PLAIN_BUFFERS }, () => spare.pop() ?? countableBuffer(PLAIN_CHUNK));
  const reads: Array<Promise<number>> = [];
  try {
    const size = (await fh.stat()).size;
    let position = 0;
    const issue = (k: number) => {
      const at = position;
      const want = Math.min(PLAIN_CHUNK, size - at);
      position += want;
      reads[k] = want > 0 ? fill(fh, buffers[k], want, at) : Promise.resolve(0);
    };
    for (let k = 0; k < PLAIN_BUFFERS; k++) issue(k);
    for (let k = 0; ; k = (k + 1) % PLAIN_BUFFERS) {
      const got = await reads[k];
      if (got === 0) break;
      fn(got === PLAIN_CHUNK ? buffers[k] : buffers[k].subarray(0, got));
      if (got < PLAIN_CHUNK) break; // the end of the file (or it shrank while we read)
      issue(k);
    }
  } finally {
    await Promise.allSettled(reads); // reads in flight still write into the buffers
    await fh.close();
    spare.push(...buffers);
  }
}

/** Reads want bytes at `at` into buf, across short reads; fewer only where the file ends. */
async function fill(fh: FileHandle, buf: Buffer, want: number, at: number): Promise<number> {
  let got = 0;
  while (got < want) {
    const { bytesRead } = await fh.read(buf, got, want - got, at + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
