/**
 * The one way our tests run a fast-check property.
 *
 *   FUZZ_RUNS=10000  cases per property (default: DEFAULT_RUNS in `npm test`, 10,000 in `npm run bench -- --only fuzz`)
 *   FUZZ_SEED=…  FUZZ_PATH=…  replay one failure exactly (the failure message prints the line to paste)
 *   FUZZ_STATS=file  append one JSON line per property ({ parser, file, runs, ms }) for bench/fuzz.ts
 *
 * A failure names the parser, keeps fast-check's own report (counterexample, seed, path, shrunk
 * steps) and adds the replay command, so a red CI run can be reproduced on a laptop.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { UsageError } from '@preflight/core';

/** Cases per property in `npm test`: enough to catch the easy edges on every push, cheap on 2 cores. */
export const DEFAULT_RUNS = 300;

/** A single small input taking longer than this is reported as a hang (a generous bound, not a timing test). */
export const HANG_LIMIT_MS = 5_000;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}.`);
  return n;
}

/**
 * Cases to run: FUZZ_RUNS when set, else `defaultRuns` (a property whose single case is expensive,
 * such as one that writes and reads a dump file, may ask for fewer in `npm test`; the long run still
 * runs FUZZ_RUNS of it).
 */
export function fuzzRuns(defaultRuns = DEFAULT_RUNS): number {
  return envInt('FUZZ_RUNS') ?? defaultRuns;
}

function testFile(): string {
  const path = expect.getState().testPath;
  return path ? relative(process.cwd(), path) : '<test file>';
}

export function replayCommand(details: { seed: number; counterexamplePath: string | null; numRuns: number }, file: string): string {
  const path = details.counterexamplePath ? ` FUZZ_PATH=${details.counterexamplePath}` : '';
  return `FUZZ_SEED=${details.seed}${path} FUZZ_RUNS=${details.numRuns} npx vitest run ${file}`;
}

function finish<Ts>(parser: string, file: string, details: fc.RunDetails<Ts>, started: number): void {
  const statsFile = process.env.FUZZ_STATS;
  if (statsFile) {
    const line = { parser, file, runs: details.numRuns, skipped: details.numSkips, ms: Math.round(performance.now() - started), failed: details.failed };
    appendFileSync(statsFile, `${JSON.stringify(line)}\n`);
  }
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? 'Property failed.';
  throw new Error(`fuzz ${parser}: ${report}\n\nReplay: ${replayCommand(details, file)}`, { cause: details.errorInstance });
}

type Options = { runs?: number };

/**
 * Runs `property` FUZZ_RUNS times (see fuzzRuns); throws a report with the seed, path and replay
 * command on failure. `parser` names what is fuzzed, as in the docs/architecture.md inventory.
 */
export function fuzz<Ts>(parser: string, property: fc.IAsyncProperty<Ts>, options?: Options): Promise<void>;
export function fuzz<Ts>(parser: string, property: fc.IProperty<Ts>, options?: Options): void;
export function fuzz<Ts>(parser: string, property: fc.IRawProperty<Ts>, options: Options = {}): void | Promise<void> {
  const params: fc.Parameters<Ts> = { numRuns: fuzzRuns(options.runs) };
  const seed = envInt('FUZZ_SEED');
  if (seed !== undefined) params.seed = seed;
  if (process.env.FUZZ_PATH) params.path = process.env.FUZZ_PATH;
  const file = testFile();
  const started = performance.now();
  const result = fc.check(property, params);
  if (result instanceof Promise) return result.then((details) => finish(parser, file, details, started));
  finish(parser, file, result, started);
}

type ErrorClass = abstract new (...args: never[]) => Error;

function checkThrown(error: unknown, allowed: ErrorClass[]): void {
  if (!allowed.some((type) => error instanceof type)) throw error;
  const message = (error as Error).message;
  // One sentence a user can act on: no stack, no multi-line dump, no object printed as text.
  expect(message.trim(), `${(error as Error).name} message`).not.toBe('');
  expect(message, `${(error as Error).name} message is one line`).not.toMatch(/[\r\n]/);
  expect(message).not.toMatch(/\[object Object\]|\bundefined\b|\bNaN\b|^\s*at /);
  expect(message.length, `${(error as Error).name} message length`).toBeLessThanOrEqual(600);
}

function checkDuration(started: number): void {
  const ms = performance.now() - started;
  if (ms > HANG_LIMIT_MS) throw new Error(`one small input took ${Math.round(ms)} ms (limit ${HANG_LIMIT_MS} ms): a hang or a super-linear parse.`);
}

/**
 * Calls `parse`: it may return anything or throw one of `allowed` (default UsageError, exit 2) with
 * a one-line message; anything else (TypeError, RangeError, a stack overflow) fails the property,
 * as does one input taking longer than HANG_LIMIT_MS.
 */
export function onlyTypedErrors<T>(parse: () => T, allowed: ErrorClass[] = [UsageError]): T | undefined {
  const started = performance.now();
  try {
    return parse();
  } catch (error) {
    checkThrown(error, allowed);
    return undefined;
  } finally {
    checkDuration(started);
  }
}

export async function onlyTypedErrorsAsync<T>(parse: () => Promise<T>, allowed: ErrorClass[] = [UsageError]): Promise<T | undefined> {
  const started = performance.now();
  try {
    return await parse();
  } catch (error) {
    checkThrown(error, allowed);
    return undefined;
  } finally {
    checkDuration(started);
  }
}

/**
 * A test's own timeout for a fuzz test: `defaultMs` in `npm test`; with FUZZ_RUNS set (the long
 * run) the cases, not the clock, bound the test.
 */
export function fuzzTimeout(defaultMs: number): number {
  return process.env.FUZZ_RUNS ? 3_600_000 : defaultMs;
}

/**
 * `doc` with the value at a path chosen by `choices` (one index per level, modulo the keys there)
 * replaced by `value`: the way to make a document that is valid except in one place.
 */
export function mutateAt(doc: unknown, choices: number[], value: unknown): unknown {
  if (choices.length === 0 || !doc || typeof doc !== 'object') return value;
  const keys = Object.keys(doc as object);
  if (keys.length === 0) return value;
  const key = keys[choices[0] % keys.length];
  const copy: any = Array.isArray(doc) ? [...doc] : { ...(doc as object) };
  copy[key] = mutateAt(copy[key], choices.slice(1), value);
  return copy;
}
