import type { CheckSection, Finding } from './report.ts';

/** Exit codes shared by every check, the CLI and the actions (see docs/exit-codes in README). */
export const ExitCode = {
  Passed: 0,
  Blocked: 1,
  Usage: 2,
  CouldNotRun: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Bad input: a flag, a file or a URL the user must change. The message is one sentence that names
 * the input, what was wrong and what to do. Maps to exit 2.
 */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * The check could not look: server unreachable, authentication failed, timeout, a lock held too
 * long. Maps to exit 3, so a pipeline never mistakes "could not look" for "passed".
 */
export class CouldNotRunError extends Error {
  readonly exitCode = ExitCode.CouldNotRun;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CouldNotRunError';
  }
}

/**
 * A run that could not do everything but found things worth keeping: the gate, when one of its
 * checks errored and the others reported. The error report keeps these findings, stats and outputs, and
 * the exit code is the worst one of the parts.
 */
export class PartialRunError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly partial: { findings: Finding[]; stats: Record<string, number | string | boolean>; outputs?: Record<string, string>; checks?: CheckSection[]; check?: string },
  ) {
    super(message);
    this.name = 'PartialRunError';
  }
}

/** Exit code for anything thrown; unknown errors count as "could not run", never as "passed". */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof PartialRunError) return error.exitCode;
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof CouldNotRunError) return ExitCode.CouldNotRun;
  return ExitCode.CouldNotRun;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The section of a target (or check) that could not be looked at: its error, in one line. */
export function errorSection(name: string, error: unknown): CheckSection {
  return { check: name, status: 'error', summary: `error: ${messageOf(error).replace(/\.$/, '')}` };
}
