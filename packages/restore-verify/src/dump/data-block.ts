/**
 * One custom-format data block's payload (pg_backup_custom.c, _ReadBuf/_PrintData): chunks, each an
 * int length and that many bytes, ended by a zero length; with compression the chunks of one block
 * are one zlib stream.
 */
import { ArchiveFormatError, type ArchiveReader } from './archive-toc.ts';
import type { CopyCounter } from './copy-counter.ts';
import { Decompressor, type Inflater } from './inflate.ts';
import { inflateThreadAvailable, ThreadDecompressor, warmInflateThread } from './inflate-thread.ts';

/** Block-type bytes: table data, large objects. */
export const BLK_DATA = 1;
export const BLK_BLOBS = 3;

/**
 * Reads the chunks of one data block (after its type and dump id) into the row counter, inflated
 * when the archive is compressed. Resolves once the block has been read (the archive is past it);
 * `inflated` then settles when the counter has every row, with zlib's error for data that cannot
 * be inflated. The caller may read the next block meanwhile: the inflate worker finishes this one
 * instead of waiting for the main thread to stage the next table's first bytes. `started` receives
 * the inflater so a caller can stop it when the archive ends mid-block.
 */
export async function readBlockData(archive: ArchiveReader, counter: CopyCounter, compressed: boolean, started?: (z: Inflater) => void): Promise<{ inflated: Promise<Error | undefined> }> {
  if (!compressed) {
    await eachChunk(archive, (piece) => void counter.feed(piece));
    return { inflated: Promise.resolve(undefined) };
  }
  const feed = (chunk: Buffer) => void counter.feed(chunk);
  const dz: Inflater = useInflateThread() ? new ThreadDecompressor(feed) : new Decompressor('zlib', feed);
  started?.(dz);
  try {
    await eachChunk(archive, (piece) => dz.push(piece));
  } catch (error) {
    // A cut or damaged block: the stream is closed either way (an open one keeps the inflate
    // worker, and so the process, alive). What was handed to zlib still reaches the counter.
    await dz.abandon();
    throw error;
  }
  return { inflated: dz.end() };
}

export async function eachChunk(archive: ArchiveReader, fn: (piece: Buffer) => void | Promise<void>): Promise<void> {
  for (let len = await archive.int(); len !== 0; len = await archive.int()) {
    if (len < 0) throw new ArchiveFormatError(`a data chunk of negative length at byte ${archive.r.position}`);
    await archive.r.pipe(len, fn);
  }
}

export function skipChunks(archive: ArchiveReader): Promise<void> {
  return eachChunk(archive, () => undefined);
}

let threadAvailable: boolean | undefined;
/** The worker-thread inflater when this node has what it needs (checked once), else zlib's stream. */
function useInflateThread(): boolean {
  threadAvailable ??= inflateThreadAvailable();
  return threadAvailable;
}

/** Starts the inflate worker ahead of the first compressed block, when it will be used. */
export function warmInflater(): void {
  if (useInflateThread()) warmInflateThread();
}
