/**
 * The writers every output goes through. A check never writes anything itself: it logs through
 * its Logger and returns a report; the adapters (runCli, runAction) hand those only to the
 * writers here, the file writers in render/write-file.ts and the PR comment, which all mask with
 * `redact` at the last moment. So a check added later cannot forget to redact.
 */
import { redact, redactDeep } from './redact.ts';

export type Write = (text: string) => void;

/** A text sink that masks every chunk before the raw writer sees it. */
export function maskedWriter(write: Write): Write {
  return (text) => write(redact(text));
}

/** JSON on a sink: string values masked before serialising (masking the text could break it). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(redactDeep(value), null, 2)}\n`;
}

/** stderr for the few lines written outside a check's logger (a cleanup failure after the error). */
export const stderrLine: Write = (text) => {
  process.stderr.write(`${redact(text)}\n`);
};

/**
 * User text shortened for a message: masked first, then cut, because a cut can split a password
 * so that neither the registered value nor its shape is still recognisable.
 */
export function excerpt(text: string, max = 120): string {
  const safe = redact(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
