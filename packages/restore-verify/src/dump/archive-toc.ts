/**
 * pg_dump's archive header and table of contents, shared by the custom (-Fc), directory (-Fd,
 * toc.dat) and tar (-Ft, toc.dat member) formats. The layout follows PostgreSQL's
 * src/bin/pg_dump/pg_backup_archiver.c: WriteHead/ReadHead, WriteToc/ReadToc, WriteInt/ReadInt,
 * WriteStr/ReadStr, WriteOffset/ReadOffset, and the per-format WriteExtraToc in
 * pg_backup_custom.c (a data offset), pg_backup_directory.c and pg_backup_tar.c (a file name).
 * Checked byte for byte against pg_dump 15's output (archive version 1.14).
 *
 * ReadInt: one sign byte, then intSize bytes little-endian. ReadStr: an int length (-1 is NULL),
 * then the bytes. ReadOffset: a flag byte (1 not set, 2 set, 3 no data), then offSize bytes.
 */
import type { ByteReader } from './byte-reader.ts';
import type { DumpHeader } from './types.ts';

export const ARCHIVE_FORMAT = { custom: 1, files: 2, tar: 3, null: 4, directory: 5 } as const;

export interface ArchiveHeader extends DumpHeader {
  version: number; // vmaj*10000 + vmin*100 + vrev
  intSize: number;
  offSize: number;
  format: number;
}

export interface TocEntry {
  dumpId: number;
  hadDumper: boolean;
  tag: string;
  desc: string;
  namespace: string;
  copyStmt: string;
  /** custom: where the data block starts; flag 2 = set, 1 = not set (written to a pipe), 3 = no data. */
  offsetFlag?: number;
  offset?: number;
  /** directory and tar: the data file's name (e.g. 3371.dat). */
  fileName?: string;
}

/** A layout the reader cannot follow: not a truncation, a different or damaged file. */
export class ArchiveFormatError extends Error {}

const v = (maj: number, min: number, rev = 0) => maj * 10000 + min * 100 + rev;
export const K_VERS_1_14 = v(1, 14);
const K_VERS_1_15 = v(1, 15);
const K_VERS_1_16 = v(1, 16);
/** Newest layout this reader knows (pg_dump 17 writes 1.16). */
const NEWEST = K_VERS_1_16;

export class ArchiveReader {
  header!: ArchiveHeader;
  constructor(readonly r: ByteReader) {}

  async int(): Promise<number> {
    const sign = await this.r.byte();
    const bytes = await this.r.bytes(this.header.intSize);
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return sign ? -value : value;
  }

  async str(): Promise<string | undefined> {
    const len = await this.int();
    if (len < 0) return undefined;
    if (len > 64 * 1024 * 1024) throw new ArchiveFormatError(`a string of ${len} bytes in the table of contents`);
    return (await this.r.bytes(len)).toString('utf8');
  }

  async offset(): Promise<{ flag: number; value: number }> {
    const flag = await this.r.byte();
    const bytes = await this.r.bytes(this.header.offSize);
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return { flag, value };
  }

  /** ReadHead. */
  async readHeader(): Promise<ArchiveHeader> {
    const magic = (await this.r.bytes(5)).toString('latin1');
    if (magic !== 'PGDMP') throw new ArchiveFormatError('the file does not start with PGDMP');
    const [maj, min, rev] = [await this.r.byte(), await this.r.byte(), await this.r.byte()];
    const version = v(maj, min, rev);
    const intSize = await this.r.byte();
    const offSize = await this.r.byte();
    const format = await this.r.byte();
    if (maj !== 1 || version < v(1, 10)) throw new ArchiveFormatError(`archive version ${maj}.${min} is older than pg_dump 9.0's 1.10; restore it with a pg_restore of its time`);
    if (version > NEWEST + 99) throw new UnsupportedArchive(`archive version ${maj}.${min} is newer than this reader knows (up to 1.16, pg_dump 17)`);
    if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) throw new ArchiveFormatError(`impossible integer sizes (${intSize}, ${offSize}) in the header`);
    this.header = { version, intSize, offSize, format, archiveVersion: `${maj}.${min}` };
    if (version >= K_VERS_1_15) {
      // pg_dump 16+: one byte, the pg_compress_algorithm (0 none, 1 gzip, 2 lz4, 3 zstd).
      const algo = await this.r.byte();
      this.header.compression = (['none', 'gzip', 'lz4', 'zstd'] as const)[algo];
      if (!this.header.compression) throw new ArchiveFormatError(`unknown compression algorithm ${algo}`);
    } else {
      // pg_dump <= 15: the zlib level as an int; -1 is Z_DEFAULT_COMPRESSION, 0 none.
      const level = await this.int();
      this.header.compression = level === 0 ? 'none' : 'gzip';
    }
    const tm = [];
    for (let i = 0; i < 7; i++) tm.push(await this.int());
    const [sec, minute, hour, mday, mon, year] = tm;
    // struct tm in the dumping machine's local time; read as UTC (CI runners and servers mostly are).
    const at = new Date(Date.UTC(1900 + year, mon, mday, hour, minute, sec));
    if (!Number.isNaN(at.getTime())) this.header.takenAt = at;
    this.header.dbname = await this.str();
    this.header.serverVersion = await this.str();
    this.header.dumpVersion = await this.str();
    return this.header;
  }

  /** ReadToc, with the format's extra TOC data (ReadExtraToc). */
  async readToc(): Promise<TocEntry[]> {
    const count = await this.int();
    if (count < 0 || count > 10_000_000) throw new ArchiveFormatError(`a table of contents with ${count} entries`);
    const out: TocEntry[] = [];
    const vers = this.header.version;
    for (let i = 0; i < count; i++) {
      const dumpId = await this.int();
      const hadDumper = (await this.int()) !== 0;
      await this.str(); // catalog tableoid
      await this.str(); // oid
      const tag = (await this.str()) ?? '';
      const desc = (await this.str()) ?? '';
      await this.int(); // section
      await this.str(); // defn
      await this.str(); // dropStmt
      const copyStmt = (await this.str()) ?? '';
      const namespace = (await this.str()) ?? '';
      await this.str(); // tablespace
      if (vers >= K_VERS_1_14) await this.str(); // tableam
      if (vers >= K_VERS_1_16) await this.int(); // relkind (pg_dump 17)
      await this.str(); // owner
      await this.str(); // "true"/"false": with OIDs (always false since PostgreSQL 12)
      for (let d = 0; d < 1_000_000; d++) if ((await this.str()) === undefined) break; // dependencies, NULL-terminated
      const entry: TocEntry = { dumpId, hadDumper, tag, desc, namespace, copyStmt };
      if (this.header.format === ARCHIVE_FORMAT.custom) {
        const o = await this.offset();
        entry.offsetFlag = o.flag;
        entry.offset = o.value;
      } else {
        entry.fileName = await this.str();
      }
      out.push(entry);
    }
    return out;
  }
}

/** A valid archive this reader does not handle (lz4/zstd data, a future version): exit 2, clearly. */
export class UnsupportedArchive extends Error {}

/**
 * pg_dump 16+ can compress with lz4 or zstd; Node 20 has neither (zstd arrives in Node 22.15), so
 * such data cannot be counted here. The rest of the sentence (after "... is a pg_dump archive,
 * but") names the compression and both ways forward.
 */
export function unsupportedCompression(algorithm: 'lz4' | 'zstd', subject: string): string {
  return `${subject} ${algorithm}-compressed (pg_dump -Z ${algorithm}), which restore-verify cannot decompress; dump with -Z gzip or -Z none for it to count the rows, or verify the restored database without the dump (--database-url with --manifest or --min-rows)`;
}

/** Columns from the TOC's copyStmt: `COPY public.t (a, "B") FROM stdin;`. */
export function copyColumns(copyStmt: string): string[] | undefined {
  const m = /\(([^)]*)\)\s+FROM\s+stdin/i.exec(copyStmt);
  return m ? m[1].split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"')) : undefined;
}
