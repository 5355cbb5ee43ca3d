/**
 * The dump's format, from its bytes (never its name): `PGDMP` (custom), gzip magic 1f 8b (a
 * gzip'd plain dump), `ustar` at offset 257 (tar), a directory with toc.dat (directory format),
 * otherwise text that looks like SQL. Anything else is exit 2 with one sentence.
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@preflight/core';
import type { DumpFormat } from './types.ts';

export async function detectFormat(path: string, label = '--dump'): Promise<DumpFormat> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${label} ${path} does not exist or cannot be read; give the path of a pg_dump file or -Fd directory.`);
  }
  if (info.isDirectory()) {
    try {
      await stat(join(path, 'toc.dat'));
      return 'directory';
    } catch {
      throw new UsageError(`${label} ${path} is a directory without toc.dat, so it is not a pg_dump -Fd directory; give the dump file or the directory pg_dump -Fd wrote.`);
    }
  }
  const head = Buffer.alloc(512);
  let n = 0;
  const fh = await open(path, 'r').catch(() => {
    throw new UsageError(`${label} ${path} cannot be opened for reading; check the path and its permissions.`);
  });
  try {
    n = (await fh.read(head, 0, 512, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  const bytes = head.subarray(0, n);
  if (n >= 5 && bytes.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (n >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (n >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (looksLikeSql(bytes)) return 'plain';
  if (n === 0) throw new UsageError(`${label} ${path} is empty: a dump holds at least pg_dump's header; check that the backup job wrote it.`);
  throw new UsageError(`${label} ${path} is not a pg_dump file (plain SQL, gzip'd SQL, custom, tar) or -Fd directory; check that it is the dump and not, e.g., a zip or a partial download.`);
}

/** Text without NUL bytes that starts with a comment, a statement keyword or a psql command. */
function looksLikeSql(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return /^(--|\/\*|\\|(SET|SELECT|CREATE|COPY|INSERT|BEGIN|ALTER|DROP|COMMENT|GRANT|REVOKE|START|DO|WITH)\b)/i.test(text);
}
