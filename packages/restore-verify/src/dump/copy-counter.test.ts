/** COPY row counting must not depend on where the stream is cut into chunks. */
import fc from 'fast-check';
import { fuzz } from '../../../../test/harness/fuzz.ts';
import { expect, test } from 'vitest';
import { CopyCounter, countNewlines } from './copy-counter.ts';

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

test('countNewlines at every alignment', () => {
  const buf = Buffer.from('a\nbc\n\n\ndefg\nh\n'.repeat(7));
  for (let from = 0; from < 9; from++) for (let to = from; to <= buf.length; to += 3) {
    expect(countNewlines(buf, from, to)).toBe([...buf.subarray(from, to)].filter((b) => b === 10).length);
  }
});
