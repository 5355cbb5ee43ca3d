import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.ts';
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

function writeRawAtomic(path: string, content: string, inputName: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(redact(`Cannot write ${inputName} file ${path} (${code}); choose a writable path.`));
  }
}
