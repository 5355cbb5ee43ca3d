/** COPY row counting must not depend on where the stream is cut into chunks. */
import fc from 'fast-check';
import { fuzz } from '../../../../test/harness/fuzz.ts';
import { expect, test } from 'vitest';
import { CopyCounter } from './copy-counter.ts';
import { countNewlines, countNewlinesSwar, countableBuffer, scanCopyData, simdCounting } from './newline-count.ts';

const row = fc.stringMatching(/^[a-z0-9\\\t.]{0,12}$/).filter((s) => s !== '\\.');

test.each([false, true])('rows and the terminator, whatever the chunk boundaries (capture: %s)', (capture) => {
  fuzz(
    'restore-verify: COPY counter',
    fc.property(fc.array(row, { maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), fc.string({ maxLength: 10 }), (rows, terminated, cuts, after) => {
      const text = Buffer.from(rows.map((r) => r + '\n').join('') + (terminated ? '\\.\n' + after : ''));
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const c = new CopyCounter(capture);
      let at = 0;
      let end = -1;
      for (const p of [...points, text.length]) {
        if (end !== -1) break;
        const r = c.feed(text.subarray(at, p));
        if (r !== -1) end = at + r;
        at = p;
      }
      expect(c.rows).toBe(rows.length);
      expect(c.terminated).toBe(terminated);
      if (terminated) expect(end).toBe(text.length - Buffer.byteLength(after));
      if (capture) expect(c.captured!.length).toBe(rows.length);
    }),
  );
});

test('the SIMD newline counter is the one in use (Node 20 has WebAssembly SIMD)', () => {
  expect(simdCounting).toBe(true);
});

const naive = (b: Buffer, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) if (b[i] === 10) n++;
  return n;
};

test('countNewlines at every alignment and length, in place and copied, SIMD and SWAR', () => {
  // Lengths around the 16- and 64-byte steps and the 1 MB scratch region the copied path uses.
  const text = Buffer.from('a\nbc\n\n\ndefg\nh\n\\.\n'.repeat(200_000));
  const inPlace = countableBuffer(text.length);
  text.copy(inPlace);
  const sizes = [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 17, text.length - 40];
  for (let from = 0; from < 20; from++) {
    for (const size of sizes) {
      const to = Math.min(text.length, from + size);
      const want = naive(text, from, to);
      expect(countNewlines(text, from, to)).toBe(want);
      expect(countNewlines(inPlace, from, to)).toBe(want);
      expect(countNewlinesSwar(text, from, to)).toBe(want);
    }
  }
});

test('countNewlines on random bytes (every byte value, newlines at the edges of each 16-byte step)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.nat(40), (bytes, from) => {
      const b = Buffer.from(bytes);
      const start = Math.min(from, b.length);
      expect(countNewlines(b, start, b.length)).toBe(naive(b, start, b.length));
    }),
    { numRuns: 500 },
  );
  const edges = Buffer.alloc(4096, 0x41);
  for (let i = 0; i < edges.length; i += 16) edges[i] = edges[i + 15] = 10;
  expect(countNewlines(edges, 0, edges.length)).toBe(512);
});

/** The reference: the first "\n\\.\n" by indexOf, newlines counted one byte at a time. */
function reference(b: Buffer, from: number, to: number) {
  const t = b.subarray(from, to).indexOf('\n\\.\n');
  return { terminator: t === -1 ? -1 : from + t, newlines: naive(b, from, t === -1 ? to : from + t + 1) };
}

test('scanCopyData finds the first terminator at any offset, also across the 1 MB scratch pieces', () => {
  const MB = 1024 * 1024;
  const rows = Buffer.from('1\tit\\.s\t\\N\n\\.x\n.\\\n'.repeat(Math.ceil((2 * MB + 200) / 17)));
  const inPlace = countableBuffer(rows.length);
  const places = [0, 1, 15, 16, 17, 30, 31, 32, 63, 64, 100, MB - 4, MB - 3, MB - 2, MB - 1, MB, MB + 1, 2 * MB - 2, rows.length - 4];
  for (const at of places) {
    const b = Buffer.from(rows);
    b.write('\n\\.\n', at, 'latin1');
    b.write('\n\\.\n', Math.min(rows.length - 4, at + 40), 'latin1'); // a second one: only the first counts
    b.copy(inPlace);
    for (const from of [0, 3]) {
      const want = reference(b, from, b.length);
      expect({ ...scanCopyData(b, from, b.length) }).toEqual(want);
      expect({ ...scanCopyData(inPlace, from, b.length) }).toEqual(want);
    }
  }
  expect({ ...scanCopyData(rows, 0, rows.length) }).toEqual(reference(rows, 0, rows.length));
});

test('scanCopyData on random bytes drawn from the terminator\'s own characters', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(10, 0x5c, 0x2e, 0x41), { maxLength: 400 }), fc.nat(20), (bytes, from) => {
      const b = Buffer.from(bytes);
      const start = Math.min(from, b.length);
      expect({ ...scanCopyData(b, start, b.length) }).toEqual(reference(b, start, b.length));
    }),
    { numRuns: 2000 },
  );
});
