/**
 * Plain SQL dumps, as written or gzip'd (`pg_dump -Fp -Z`, `pg_dump | gzip`): streamed through the
 * SQL scanner in chunks; memory stays constant whatever the size. A gzip stream that ends before its
 * trailer is dump-truncated, a damaged one (bad header, CRC, invalid codes) dump-corrupt.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DumpCollector } from './collector.ts';
import { SqlDumpScanner } from './sql-scanner.ts';
import type { DumpSummary } from './types.ts';

const CHUNK = 1024 * 1024;

export async function readPlainDump(path: string, gzip: boolean): Promise<DumpSummary> {
  const out = new DumpCollector();
  const scanner = new SqlDumpScanner(out);
  if (!gzip) {
    // One buffer, reused: the scanner copies what it keeps, so memory is flat for any size
    // (a stream would allocate a new chunk per read and leave them to the garbage collector).
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        scanner.feed(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
    scanner.end();
    return out.summary('plain');
  }
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const source: Readable = gzip ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (gzip) file.on('error', (e) => source.destroy(e));
  try {
    for await (const chunk of source) scanner.feed(chunk as Buffer);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!gzip || !code?.startsWith('Z_')) throw error;
    // The file-level cause first; the scanner's own findings then name the table that was cut.
    if (code === 'Z_BUF_ERROR') out.problem('dump-truncated', 'dump', 'The gzip stream ends before its trailer: the file was cut short (an interrupted upload or copy).');
    else out.problem('dump-corrupt', 'dump', `The gzip stream is damaged (${(error as Error).message}): the data after that point cannot be read.`);
    scanner.end();
    out.complete = false;
    return out.summary('gzip');
  } finally {
    file.destroy();
  }
  scanner.end();
  return out.summary(gzip ? 'gzip' : 'plain');
}
