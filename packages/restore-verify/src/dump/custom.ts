/**
 * Custom-format archives (pg_dump -Fc). After the header and TOC (archive-toc.ts) come the data
 * blocks, in the order pg_dump wrote them (pg_backup_custom.c, _StartData/_WriteData/_EndData and
 * _ReadBuf/_PrintData): a block-type byte (1 = table data, 3 = large objects), the dump id as an
 * int, then chunks, each an int length and that many bytes, ended by a zero length. Large-object
 * blocks hold, per object, an int OID and its chunks, ended by OID 0. With compression the chunks
 * of one block are one zlib stream (compress_io.c). Data is streamed, never held.
 *
 * Offsets in the TOC are set when pg_dump could seek back (a file, not a pipe); one past the end
 * of the file means the file was cut. We read the blocks sequentially anyway, so pipes work too.
 */
import { open } from 'node:fs/promises';
import { displayTable } from '../names.ts';
import { ByteReader, EndOfArchive } from './byte-reader.ts';
import { ArchiveReader, UnsupportedArchive, unsupportedCompression, type ArchiveHeader } from './archive-toc.ts';
import { reportUnseen, tablesFromToc, type DataEntry } from './archive-data.ts';
import { DumpCollector } from './collector.ts';
import type { Inflater } from './inflate.ts';
import { BLK_BLOBS, BLK_DATA, readBlockData, skipChunks, warmInflater } from './data-block.ts';
import type { CopyCounter } from './copy-counter.ts';
import type { DumpSummary } from './types.ts';
import { formatCount } from '../count-format.ts';

export async function readCustomDump(path: string): Promise<DumpSummary> {
  const out = new DumpCollector();
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const archive = new ArchiveReader(new ByteReader(fh, 0, size));
    let data: Map<number, DataEntry>;
    try {
      const header = await archive.readHeader();
      Object.assign(out.header, pickHeader(header));
      data = tablesFromToc(out, await archive.readToc());
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      out.problem('dump-truncated', 'dump', `The archive ends at byte ${size} inside its header or table of contents: the file was cut short and holds no data.`);
      out.complete = false;
      return out.summary('custom');
    }
    if (out.header.compression === 'lz4' || out.header.compression === 'zstd') {
      throw new UnsupportedArchive(unsupportedCompression(out.header.compression, 'its data is'));
    }
    // The inflate worker starts while the offsets are checked and the first block is found.
    if (out.header.compression === 'gzip' && data.size > 0) warmInflater();
    for (const d of data.values()) {
      if (d.entry.offsetFlag === 2 && d.entry.offset! >= size) {
        out.problem('dump-truncated', displayTable(d.table), `The table of contents puts this table's data at byte ${formatCount(d.entry.offset!)}, past the end of the ${formatCount(size)}-byte file: the file was cut short.`);
      }
    }
    await readBlocks(archive, out, data);
    reportUnseen(out, data, 'the archive ends before its data block');
  } finally {
    await fh.close();
  }
  return out.summary('custom');
}

function pickHeader(h: ArchiveHeader) {
  return { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression };
}

async function readBlocks(archive: ArchiveReader, out: DumpCollector, data: Map<number, DataEntry>): Promise<void> {
  // The previous block, possibly still being inflated while this one is read; blocks are always
  // finished (counted, reported) in archive order, and every one is before this function returns.
  let previous: Promise<void> = Promise.resolve();
  try {
    await readEachBlock(archive, out, data, (finish) => (previous = previous.then(finish)), () => previous);
  } finally {
    await previous;
  }
}

async function readEachBlock(archive: ArchiveReader, out: DumpCollector, data: Map<number, DataEntry>, thenFinish: (finish: () => Promise<void>) => void, finished: () => Promise<void>): Promise<void> {
  const r = archive.r;
  const compressed = out.header.compression === 'gzip';
  for (;;) {
    if (await r.atEnd()) return;
    const blockAt = r.position;
    let current: DataEntry | undefined;
    let counter: CopyCounter | undefined;
    let z: Inflater | undefined;
    try {
      const type = await r.byte();
      const id = await archive.int();
      if (type !== BLK_DATA && type !== BLK_BLOBS) {
        await finished();
        out.problem('dump-corrupt', 'dump', `Unknown data block type ${type} at byte ${blockAt}: the archive is damaged from there on.`);
        out.complete = false;
        return;
      }
      if (type === BLK_BLOBS) {
        for (let oid = await archive.int(); oid !== 0; oid = await archive.int()) await skipChunks(archive);
        continue;
      }
      current = data.get(id);
      if (!current || current.seen) {
        await finished();
        out.problem('dump-corrupt', 'dump', `A data block at byte ${blockAt} belongs to dump id ${id}, which the table of contents does not list as table data: the archive is damaged.`);
        out.complete = false;
        return;
      }
      current.seen = true;
      const c = out.newCopyCounter(current.table);
      counter = c;
      const { inflated } = await readBlockData(archive, c, compressed, (dz) => (z = dz));
      const entry = current;
      thenFinish(async () => {
        const err = await inflated;
        if (err) {
          out.problem('dump-corrupt', displayTable(entry.table), `The compressed data of this table (data block at byte ${blockAt}) cannot be inflated (${err.message}).`);
        }
        out.finishCopy(entry.table, c, entry.columns, undefined, `The data block at byte ${blockAt}`);
      });
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      await z?.abandon();
      await finished();
      out.complete = false;
      if (current && counter) {
        out.addRows(current.table, counter.rows, false);
        out.problem('dump-truncated', displayTable(current.table), `The archive ends inside this table's data block (at byte ${blockAt}) after ${formatCount(counter.rows)} rows: the file was cut short.`);
      } else out.problem('dump-truncated', 'dump', `The archive ends inside a data block header at byte ${blockAt}: the file was cut short.`);
      return;
    }
  }
}
