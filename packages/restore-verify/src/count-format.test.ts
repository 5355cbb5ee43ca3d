import fc from 'fast-check';
import { expect, test } from 'vitest';
import { formatCount } from './count-format.ts';

test('formatCount groups digits exactly as toLocaleString("en-US") does', () => {
  for (const n of [0, 7, 206, 7320, 54, 999, 1000, 10485760, -1234567, Number.MAX_SAFE_INTEGER, 1.5, 1e21]) {
    expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  }
  fc.assert(fc.property(fc.maxSafeInteger(), (n) => formatCount(n) === n.toLocaleString('en-US')));
  fc.assert(fc.property(fc.bigInt(), (n) => formatCount(n) === n.toLocaleString('en-US')));
});
