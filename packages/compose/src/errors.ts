import { UsageError } from '@preflight/core';

/**
 * A compose file, an env file or an interpolation that compose itself would refuse. A UsageError
 * (exit 2): the user has to fix the file. The message names the file and line.
 */
export class ComposeSyntaxError extends UsageError {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, line: number | undefined, reason: string, options?: { cause?: unknown }) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, options);
    this.name = 'ComposeSyntaxError';
    this.file = file;
    this.line = line;
  }
}
