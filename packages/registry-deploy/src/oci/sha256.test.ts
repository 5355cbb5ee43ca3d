import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from './sha256.ts';

const reference = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('sha256Hex (manifest digests without loading node:crypto)', () => {
  test('the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  test('equals node:crypto at every length around the block and padding boundaries, and on large inputs', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = randomBytes(length);
      expect(sha256Hex(bytes), `length ${length}`).toBe(reference(bytes));
    }
    for (const length of [1000, 4096, 65_537, 1_048_583]) {
      const bytes = randomBytes(length);
      expect(sha256Hex(bytes), `length ${length}`).toBe(reference(bytes));
    }
    const text = '{"schemaVersion":2,"annotations":{"é":"ü ✓ 漢字"}}';
    expect(sha256Hex(text)).toBe(reference(text));
  });
});
