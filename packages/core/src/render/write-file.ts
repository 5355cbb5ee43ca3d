import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.ts';

/**
 * Writes through a temporary file and a rename, so a user's file is either the old one or the
 * complete new one, never half-written.
 */
export function writeFileAtomic(path: string, content: string, inputName: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot write ${inputName} file ${path} (${code}); choose a writable path.`);
  }
}
