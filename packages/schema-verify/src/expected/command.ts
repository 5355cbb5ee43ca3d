/**
 * Runs the user's own migrate command against the shadow database, so the expected schema is
 * whatever their real tool produces. The command sees only the shadow (see databaseEnv).
 */
import { CouldNotRunError, UsageError, excerpt, stderrLine } from '@preflight/core';
import { databaseEnv, parseConnection, runCommand } from '@preflight/pg';

export interface MigrateCommandOptions {
  cwd?: string;
  /** Environment variable the tool reads its URL from (default DATABASE_URL). */
  urlEnv?: string;
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Where each output line goes, already redacted (default: stderr, since stdout carries --json). */
  onOutput?: (line: string) => void;
}

export async function runMigrateCommand(command: string, databaseUrl: string, opts: MigrateCommandOptions = {}): Promise<void> {
  const target = parseConnection(databaseUrl, { inputName: 'shadow database URL' });
  const env = databaseEnv(process.env, databaseUrl, target, { urlEnv: opts.urlEnv });
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const result = await runCommand(command, env, {
    cwd: opts.cwd,
    timeoutMs,
    onLine: opts.onOutput ?? stderrLine,
  });
  const shown = excerpt(command, 200);
  const last = result.tail.length ? `its last output lines: ${result.tail.join(' | ')}` : 'it printed nothing.';
  if (result.timedOut) {
    throw new CouldNotRunError(`--migrate-command "${shown}" did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped; ${last}`);
  }
  if (result.code !== 0) {
    const how = result.code === null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    throw new UsageError(`--migrate-command "${shown}" ${how}; ${last}`);
  }
}
