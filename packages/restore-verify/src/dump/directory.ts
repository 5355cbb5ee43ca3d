/**
 * Directory-format dumps (pg_dump -Fd, pg_backup_directory.c): toc.dat holds the header and TOC
 * (each data entry names its file, e.g. 3371.dat), and each table's COPY data is in that file,
 * gzip'd as 3371.dat.gz when the dump is compressed. A missing file or a file cut before its `\.`
 * or its gzip trailer is dump-truncated.
 */
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { displayTable } from '../names.ts';
import { ByteReader, EndOfArchive } from './byte-reader.ts';
import { ArchiveReader, UnsupportedArchive, unsupportedCompression } from './archive-toc.ts';
import { reportUnseen, tablesFromToc, type DataEntry } from './archive-data.ts';
import { DumpCollector } from './collector.ts';
import { Decompressor } from './inflate.ts';
import type { DumpSummary } from './types.ts';

export async function readDirectoryDump(dir: string): Promise<DumpSummary> {
  const out = new DumpCollector();
  const fh = await open(join(dir, 'toc.dat'), 'r');
  let data: Map<number, DataEntry>;
  try {
    const archive = new ArchiveReader(new ByteReader(fh, 0, (await fh.stat()).size));
    try {
      const h = await archive.readHeader();
      Object.assign(out.header, { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression });
      data = tablesFromToc(out, await archive.readToc());
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      out.problem('dump-truncated', 'dump', 'toc.dat ends inside its header or table of contents: the directory dump was not completely written or copied.');
      out.complete = false;
      return out.summary('directory');
    }
  } finally {
    await fh.close();
  }
  if (out.header.compression === 'lz4' || out.header.compression === 'zstd') {
    throw new UnsupportedArchive(unsupportedCompression(out.header.compression, 'its data files are'));
  }
  for (const d of data.values()) {
    const name = d.entry.fileName ?? `${d.entry.dumpId}.dat`;
    const plainPath = join(dir, name);
    const gzPath = `${plainPath}.gz`;
    const path = existsSync(plainPath) ? plainPath : existsSync(gzPath) ? gzPath : undefined;
    if (!path) continue; // reported by reportUnseen
    d.seen = true;
    await countFile(out, d, path, path.endsWith('.gz'));
  }
  reportUnseen(out, data, 'its data file is missing from the directory');
  return out.summary('directory');
}

async function countFile(out: DumpCollector, d: DataEntry, path: string, gzip: boolean): Promise<void> {
  const counter = out.newCopyCounter(d.table);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const name = path.split('/').pop()!;
  if (!gzip) {
    for await (const chunk of file) counter.feed(chunk as Buffer);
    out.finishCopy(d.table, counter, d.columns, undefined, `Data file ${name}`);
    return;
  }
  const z = new Decompressor('gzip', (chunk) => void counter.feed(chunk));
  try {
    for await (const chunk of file) await z.write(chunk as Buffer);
  } finally {
    file.destroy();
  }
  const err = await z.end();
  if (err) {
    out.complete = false;
    const truncated = (err as { code?: string }).code === 'Z_BUF_ERROR';
    out.problem(truncated ? 'dump-truncated' : 'dump-corrupt', displayTable(d.table), truncated ? `Data file ${name} ends before its gzip trailer: the file was cut short.` : `Data file ${name} is damaged (${err.message}).`);
  }
  out.finishCopy(d.table, counter, d.columns, undefined, `Data file ${name}`);
}
