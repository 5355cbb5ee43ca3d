import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CouldNotRunError, UsageError } from '../errors.ts';
import { redact, redactDeep } from '../redact.ts';

/**
 * A text file for the user (fix SQL, ...): masked, then written through a temporary file and a
 * rename, so a user's file is either the old one or the complete new one, never half-written.
 */
export function writeFileAtomic(path: string, content: string, inputName: string): void {
  writeRawAtomic(path, redact(content), inputName);
}

/**
 * A JSON document (report, SARIF, GitLab Code Quality, snapshot): every string value is masked before it is
 * serialised, since masking the serialised text could eat a closing quote.
 */
export function writeJsonFileAtomic(path: string, value: unknown, inputName: string): void {
  writeDocumentAtomic(path, value, (masked) => `${JSON.stringify(masked, null, 2)}\n`, inputName);
}

/**
 * Any structured document (JUnit XML, ...): the same rule as JSON. Every string value is masked
 * first, then `serialize` adds only structure and escaping, so a mask can never cut into the markup.
 */
export function writeDocumentAtomic<T>(path: string, value: T, serialize: (masked: T) => string, inputName: string): void {
  writeRawAtomic(path, serialize(redactDeep(value)), inputName);
}

/**
 * A file written as is, not through the mask: the user's own file that a check edits (a pinned
 * compose file, where masking would corrupt a credential-shaped value), or a file of Preflight's own
 * that holds no value it read (a secrets-lint baseline of hashes, a restore-verify manifest of
 * counts). Same guarantees as writeFileAtomic: old or complete new content, no temporary file left.
 */
export function writeUnmaskedFileAtomic(path: string, content: string, inputName: string): void {
  writeRawAtomic(path, content, inputName);
}

/** Errors that mean "the machine is out of room", not "the path is wrong": exit 3, not 2. */
const OUT_OF_SPACE: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file size limit of this process',
};

function writeRawAtomic(path: string, content: string, inputName: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    // A write that ran out of space leaves a partial temporary file: remove it, the old file stays.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temporary file could not be removed either (read-only directory): nothing more to do.
    }
    throw writeError(error, path, inputName);
  }
}

/** One sentence for a failed write of `path`: disk full is "could not run" (3), anything else a path to change (2). */
export function writeError(error: unknown, path: string, inputName: string): Error {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const why = OUT_OF_SPACE[code];
  if (why) return new CouldNotRunError(redact(`Could not write ${inputName} file ${path}: ${code} (${why}); the file was not changed, free some space and run again.`));
  return new UsageError(redact(`Cannot write ${inputName} file ${path} (${code}); choose a writable path.`));
}
