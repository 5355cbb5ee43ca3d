/**
 * The manifest: per-table counts and the ledger version of the source at backup time, written by
 * --write-manifest and read by --manifest. It is how a physical backup (pgBackRest, a volume
 * snapshot) gets verified: there is no dump to count, so the counts are taken when the backup is.
 */
import { readFile } from 'node:fs/promises';
import { UsageError, writeUnmaskedFileAtomic } from '@preflight/core';
import type { TableName } from './names.ts';
import type { LedgerVersions } from './ledger.ts';

export const MANIFEST_FORMAT = 'preflight-restore-manifest/1';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** ISO time the counts were taken. */
  takenAt: string;
  /** The source, as its redacted display string. */
  source: string;
  estimated: boolean;
  tables: Array<TableName & { rows: number }>;
  ledgers: LedgerVersions[];
}

export async function writeManifest(path: string, m: Manifest): Promise<void> {
  // Written whole, then renamed: a reader never sees half a manifest, a full disk leaves the old one.
  // Not masked (as before): table names and counts; the source is already its redacted display string.
  writeUnmaskedFileAtomic(path, JSON.stringify(m, null, 2) + '\n', 'write-manifest');
}

export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`--manifest ${path} cannot be read; give the file written by --write-manifest.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`--manifest ${path} is not JSON; give the file written by --write-manifest.`);
  }
  // JSON that is not an object (null, a number, a list) is no manifest either: the same sentence, not a TypeError.
  const m = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Partial<Manifest>;
  const tablesOk =
    Array.isArray(m.tables) &&
    m.tables.every((t) => t && typeof t.schema === 'string' && typeof t.name === 'string' && Number.isInteger(t.rows) && t.rows >= 0);
  if (m.format !== MANIFEST_FORMAT || !tablesOk || typeof m.takenAt !== 'string') {
    throw new UsageError(`--manifest ${path} is not a restore-verify manifest (format ${MANIFEST_FORMAT} with tables of schema, name and rows); write one with --write-manifest.`);
  }
  return { ...m, ledgers: Array.isArray(m.ledgers) ? m.ledgers : [], estimated: m.estimated === true } as Manifest;
}
