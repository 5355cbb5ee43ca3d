// The fuzz helper itself: a failure tells how to replay it, and the replay finds the same case.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { UsageError } from '@preflight/core';
import { fuzz, fuzzRuns, onlyTypedErrors } from './fuzz.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['FUZZ_RUNS', 'FUZZ_SEED', 'FUZZ_PATH']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function failure(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the property to fail');
}

describe('fuzz()', () => {
  test('a failure names the parser, keeps the seed and counterexample, and prints the replay command', () => {
    delete process.env.FUZZ_SEED;
    const error = failure(() => fuzz('demo parser', fc.property(fc.nat(), (n) => n < 50)));
    expect(error.message).toMatch(/^fuzz demo parser: /);
    expect(error.message).toMatch(/seed: -?\d+, path: /);
    expect(error.message).toMatch(/Counterexample: \[50\]/);
    expect(error.message).toMatch(/Replay: FUZZ_SEED=-?\d+ FUZZ_PATH=[\d:]+ FUZZ_RUNS=\d+ npx vitest run test\/harness\/fuzz\.test\.ts$/m);
  });

  test('the printed FUZZ_SEED and FUZZ_PATH replay the same counterexample', () => {
    delete process.env.FUZZ_SEED;
    const seen: string[] = [];
    const prop = () => fc.property(fc.string(), (s) => !s.includes('}'));
    const first = failure(() => fuzz('demo', prop()));
    const replay = /Replay: (FUZZ_SEED=(\S+)) (FUZZ_PATH=(\S+)) (FUZZ_RUNS=(\S+))/.exec(first.message);
    expect(replay).not.toBeNull();
    process.env.FUZZ_SEED = replay![2];
    process.env.FUZZ_PATH = replay![4];
    process.env.FUZZ_RUNS = replay![6];
    const second = failure(() => fuzz('demo', prop()));
    for (const e of [first, second]) seen.push(/Counterexample: (.*)/.exec(e.message)![1]);
    expect(seen[1]).toBe(seen[0]);
  });

  test('FUZZ_RUNS sets the number of cases; a bad value is refused', () => {
    process.env.FUZZ_RUNS = '7';
    let n = 0;
    fuzz('count', fc.property(fc.nat(), () => void n++));
    expect(n).toBe(7);
    expect(fuzzRuns(50)).toBe(7);
    delete process.env.FUZZ_RUNS;
    expect(fuzzRuns(50)).toBe(50);
    process.env.FUZZ_RUNS = 'lots';
    expect(() => fuzzRuns()).toThrow(/FUZZ_RUNS must be an integer/);
  });
});

describe('onlyTypedErrors()', () => {
  test('returns the value, or undefined for a one-line UsageError', () => {
    expect(onlyTypedErrors(() => 5)).toBe(5);
    expect(
      onlyTypedErrors(() => {
        throw new UsageError('--x must be a number.');
      }),
    ).toBeUndefined();
  });

  test('any other error, or a multi-line message, fails', () => {
    expect(() =>
      onlyTypedErrors(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      }),
    ).toThrow(TypeError);
    expect(() =>
      onlyTypedErrors(() => {
        throw new UsageError('bad input\n    at parse (x.ts:1:1)');
      }),
    ).toThrow(/one line/);
  });
});
