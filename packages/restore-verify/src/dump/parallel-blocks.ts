/**
 * Compressed custom-format dumps of many tables, inflated on every core. Each table's data block
 * is its own zlib stream, and a dump written to a file has every block's offset in its TOC, so
 * blocks can be read side by side, each through its own reader and zlib stream (zlib runs on
 * libuv's thread pool, one stream per pool thread; the main thread only counts rows).
 *
 * This is only a faster way to get what the sequential reader (custom.ts readBlocks) would find,
 * never a second opinion. It runs only when the offsets tile the data area exactly (the first
 * block right after the TOC, each block ending where the next begins, the last at the end of the
 * file, every table-data entry with an offset and nothing else with one), and it checks while
 * reading that each block starts with its own type and dump id and ends exactly at its boundary.
 * Per-block results are applied in file order with the sequential reader's own messages. Anything
 * unexpected (a cut file, a damaged length, an offset that lies) abandons the parallel results and
 * the caller reads the archive sequentially from the start of the data: a damaged dump's findings
 * are always the sequential reader's.
 */
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { displayTable } from '../names.ts';
import { ByteReader, EndOfArchive } from './byte-reader.ts';
import { ArchiveFormatError, ArchiveReader, type ArchiveHeader, type TocEntry } from './archive-toc.ts';
import type { DataEntry } from './archive-data.ts';
import type { DumpCollector } from './collector.ts';
import type { CopyCounter } from './copy-counter.ts';
import { BLK_DATA, countBlockData } from './data-block.ts';
import type { Decompressor } from './inflate.ts';

/** Zlib streams in flight: libuv's pool has 4 threads by default, and file reads need one too. */
const MAX_STREAMS = 3;

export interface PlannedBlock {
  data: DataEntry;
  /** The block's first byte (its type) and the byte after its zero-length end chunk. */
  from: number;
  to: number;
}

/**
 * The blocks in file order when the TOC's offsets tile [dataStart, fileSize) and there are at
 * least two of them; undefined otherwise (read sequentially).
 */
export function planParallelBlocks(toc: TocEntry[], data: Map<number, DataEntry>, dataStart: number, fileSize: number): PlannedBlock[] | undefined {
  if (data.size < 2) return undefined;
  const withOffset = toc.filter((e) => e.offsetFlag === 2);
  // Large objects, or data the map does not expect: the sequential reader knows what to do.
  if (withOffset.length !== data.size || withOffset.some((e) => data.get(e.dumpId)?.entry !== e)) return undefined;
  const sorted = [...data.values()].sort((a, b) => a.entry.offset! - b.entry.offset!);
  if (sorted[0].entry.offset !== dataStart) return undefined;
  const blocks: PlannedBlock[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i].entry.offset!;
    const to = i + 1 < sorted.length ? sorted[i + 1].entry.offset! : fileSize;
    if (!(to > from) || to > fileSize) return undefined;
    blocks.push({ data: sorted[i], from, to });
  }
  return blocks;
}

interface BlockResult {
  counter: CopyCounter;
  inflateError: Error | undefined;
}

/**
 * Counts every planned block, several at once; true when all of them checked out and their
 * results are in `out`, false (and `out` untouched) when the caller must read sequentially.
 */
export async function readBlocksInParallel(fh: FileHandle, header: ArchiveHeader, blocks: PlannedBlock[], out: DumpCollector, streams = defaultStreams()): Promise<boolean> {
  // Largest first, so the last block to finish is a small one.
  const queue = [...blocks].sort((a, b) => b.to - b.from - (a.to - a.from));
  const results = new Map<PlannedBlock, BlockResult>();
  let abandoned = false;
  const lane = async () => {
    for (let b = queue.shift(); b && !abandoned; b = queue.shift()) {
      const r = await countBlock(fh, header, b, out);
      if (r) results.set(b, r);
      else abandoned = true;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(streams, blocks.length) }, lane));
  const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) throw failed.reason;
  if (abandoned) return false;
  for (const b of blocks) {
    const { data: d } = b;
    const { counter, inflateError } = results.get(b)!;
    d.seen = true;
    if (inflateError) out.problem('dump-corrupt', displayTable(d.table), `The compressed data of this table (data block at byte ${b.from}) cannot be inflated (${inflateError.message}).`);
    out.finishCopy(d.table, counter, d.columns, undefined, `The data block at byte ${b.from}`);
  }
  return true;
}

function defaultStreams(): number {
  return Math.max(2, Math.min(MAX_STREAMS, availableParallelism() + 1));
}

/** One block, checked against the plan; undefined when it is not what the TOC promised. */
async function countBlock(fh: FileHandle, header: ArchiveHeader, b: PlannedBlock, out: DumpCollector): Promise<BlockResult | undefined> {
  const archive = new ArchiveReader(new ByteReader(fh, b.from, b.to));
  archive.header = header;
  let z: Decompressor | undefined;
  try {
    const type = await archive.r.byte();
    const id = await archive.int();
    if (type !== BLK_DATA || id !== b.data.entry.dumpId) return undefined;
    const counter = out.newCopyCounter(b.data.table);
    const inflateError = await countBlockData(archive, counter, true, (dz) => (z = dz));
    if (!(await archive.r.atEnd())) return undefined;
    return { counter, inflateError };
  } catch (error) {
    if (error instanceof EndOfArchive || error instanceof ArchiveFormatError) {
      (z as Decompressor | undefined)?.destroy();
      return undefined;
    }
    throw error;
  }
}
