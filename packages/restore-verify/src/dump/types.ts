/** What reading a dump yields, whatever its format: per-table row counts and what went wrong. */
import type { TableName } from '../names.ts';

export type DumpFormat = 'plain' | 'gzip' | 'custom' | 'directory' | 'tar';

export interface DumpTable extends TableName {
  /** Data rows counted (COPY lines, or INSERT tuples). */
  rows: number;
  /** False when the data ended before its terminator (`\.`, the end of a data block): rows is a lower bound. */
  complete: boolean;
  /** 1-based line of the COPY/INSERT in a plain dump, for annotations. */
  line?: number;
}

export type DumpProblemRule = 'dump-truncated' | 'dump-corrupt';

export interface DumpProblem {
  rule: DumpProblemRule;
  /** The table the problem is about, or the dump file. */
  object: string;
  message: string;
  line?: number;
}

export interface DumpHeader {
  /** Database the dump was taken from (custom/directory/tar header). */
  dbname?: string;
  serverVersion?: string;
  dumpVersion?: string;
  /** When the dump was taken: custom header timestamp, or plain `-- Started on` (pg_dump --verbose). */
  takenAt?: Date;
  /** Archive format version, e.g. 1.14 (pg_dump 12-15). */
  archiveVersion?: string;
  compression?: 'none' | 'gzip' | 'lz4' | 'zstd';
}

/** Rows of a migration-ledger table (alembic_version, ...), kept so the restore can be compared. */
export interface LedgerRows extends TableName {
  columns: string[];
  rows: string[][];
}

export interface DumpSummary {
  format: DumpFormat;
  header: DumpHeader;
  tables: DumpTable[];
  problems: DumpProblem[];
  /** search_path the dump sets; empty for pg_dump output (it sets '' and qualifies every name). */
  searchPath: string[];
  ledgers: LedgerRows[];
  /** False when a plain dump lacks pg_dump's completion footer (or an archive its end). */
  complete: boolean;
}
