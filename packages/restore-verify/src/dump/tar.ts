/**
 * Tar-format dumps (pg_dump -Ft, pg_backup_tar.c): a ustar archive whose members are toc.dat
 * (header and TOC, data entries naming their member, e.g. 3371.dat), one NNNN.dat per table with
 * its COPY data, and restore.sql. Members are read in place (offset and size from each 512-byte
 * header), so nothing is buffered. A member whose declared size runs past the end of the file, or
 * a TOC data entry without its member, is dump-truncated.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { displayTable } from '../names.ts';
import { ByteReader, EndOfArchive } from './byte-reader.ts';
import { ArchiveReader } from './archive-toc.ts';
import { reportUnseen, tablesFromToc, type DataEntry } from './archive-data.ts';
import { DumpCollector } from './collector.ts';
import type { DumpSummary } from './types.ts';
import { formatCount } from '../count-format.ts';

interface Member {
  name: string;
  offset: number;
  size: number;
}

export async function readTarDump(path: string): Promise<DumpSummary> {
  const out = new DumpCollector();
  const fh = await open(path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    let data: Map<number, DataEntry> | undefined;
    const byName = new Map<string, DataEntry>();
    for await (const m of members(fh, fileSize, out)) {
      const cut = m.offset + m.size > fileSize;
      if (m.name === 'toc.dat') {
        const archive = new ArchiveReader(new ByteReader(fh, m.offset, Math.min(fileSize, m.offset + m.size)));
        try {
          const h = await archive.readHeader();
          Object.assign(out.header, { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression });
          data = tablesFromToc(out, await archive.readToc());
          for (const d of data.values()) byName.set(d.entry.fileName ?? `${d.entry.dumpId}.dat`, d);
        } catch (error) {
          if (!(error instanceof EndOfArchive)) throw error;
          out.problem('dump-truncated', 'dump', 'The tar archive ends inside toc.dat: the file was cut short and holds no data.');
          out.complete = false;
          return out.summary('tar');
        }
        continue;
      }
      const d = byName.get(m.name);
      if (!d || d.seen) continue;
      d.seen = true;
      const counter = out.newCopyCounter(d.table);
      const reader = new ByteReader(fh, m.offset, Math.min(fileSize, m.offset + m.size));
      try {
        await reader.pipe(m.size, (piece) => void counter.feed(piece));
      } catch (error) {
        if (!(error instanceof EndOfArchive)) throw error;
      }
      if (cut) {
        out.complete = false;
        out.addRows(d.table, counter.rows, false);
        out.problem('dump-truncated', displayTable(d.table), `The tar archive ends inside member ${m.name} after ${formatCount(counter.rows)} rows: the file was cut short.`);
        if (counter.captured) out.addLedgerRows(d.table, d.columns, counter.captured);
      } else out.finishCopy(d.table, counter, d.columns, undefined, `Tar member ${m.name}`);
    }
    if (!data) {
      out.problem('dump-truncated', 'dump', 'The tar archive has no toc.dat member: it is not a complete pg_dump -Ft archive.');
      out.complete = false;
      return out.summary('tar');
    }
    reportUnseen(out, data, 'the tar archive has no member with it');
  } finally {
    await fh.close();
  }
  return out.summary('tar');
}

/** ustar headers: name at 0 (100 bytes), size in octal at 124 (12 bytes), type at 156. */
async function* members(fh: FileHandle, fileSize: number, out: DumpCollector): AsyncGenerator<Member> {
  const header = Buffer.alloc(512);
  let at = 0;
  while (at + 512 <= fileSize) {
    await fh.read(header, 0, 512, at);
    if (header.every((b) => b === 0)) return; // end-of-archive blocks
    const name = cString(header.subarray(0, 100));
    const sizeText = cString(header.subarray(124, 136)).trim();
    const size = /^[0-7]+$/.test(sizeText) ? parseInt(sizeText, 8) : NaN;
    if (!Number.isFinite(size) || !verifyChecksum(header)) {
      out.problem('dump-corrupt', 'dump', `The tar header at byte ${at} is damaged (bad size or checksum): the archive cannot be read from there on.`);
      out.complete = false;
      return;
    }
    const type = String.fromCharCode(header[156] || 0x30);
    if (type === '0') yield { name, offset: at + 512, size };
    at += 512 + Math.ceil(size / 512) * 512;
  }
  if (at < fileSize || at > fileSize) {
    // A partial header or a member cut short; the member itself was reported when yielded.
    out.complete = false;
  }
}

function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul === -1 ? b.length : nul).toString('utf8');
}

function verifyChecksum(h: Buffer): boolean {
  const stored = parseInt(cString(h.subarray(148, 156)).trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === stored;
}
