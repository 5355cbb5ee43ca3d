/** One entry for every format: detect from the bytes, then stream the dump once. */
import { UsageError } from '@preflight/core';
import { ArchiveFormatError, UnsupportedArchive } from './archive-toc.ts';
import { readCustomDump } from './custom.ts';
import { detectFormat } from './detect.ts';
import { readDirectoryDump } from './directory.ts';
import { readPlainDump } from './plain.ts';
import { readTarDump } from './tar.ts';
import type { DumpFormat, DumpSummary } from './types.ts';

export async function readDump(path: string, label = '--dump'): Promise<DumpSummary> {
  const format = await detectFormat(path, label);
  try {
    return await readAs(format, path);
  } catch (error) {
    if (error instanceof UnsupportedArchive) throw new UsageError(`${label} ${path} is a pg_dump archive, but ${error.message}.`);
    if (error instanceof ArchiveFormatError) {
      // Starts like a dump but its layout breaks further on: damaged, reported as a finding.
      return {
        format,
        header: {},
        tables: [],
        problems: [{ rule: 'dump-corrupt', object: 'dump', message: `The archive's layout is damaged (${error.message}): its tables and rows cannot be read.` }],
        searchPath: [],
        ledgers: [],
        complete: false,
      };
    }
    throw error;
  }
}

function readAs(format: DumpFormat, path: string): Promise<DumpSummary> {
  switch (format) {
    case 'plain':
      return readPlainDump(path, false);
    case 'gzip':
      return readPlainDump(path, true);
    case 'custom':
      return readCustomDump(path);
    case 'directory':
      return readDirectoryDump(path);
    case 'tar':
      return readTarDump(path);
  }
}
