/**
 * The Decompressor hands inflated bytes to its consumer later than zlib produces them (so that
 * zlib inflates the next chunk while the consumer scans this one) and keeps two writes in flight.
 * Neither may change what the consumer sees: every byte, in order, and for input that stops
 * mid-stream (a cut archive) everything that was handed to zlib, the same on every run.
 */
import { createHash } from 'node:crypto';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { Decompressor } from './inflate.ts';

/** ~24 MB of COPY-like rows: compresses ~4x, so it spans many stages and output chunks. */
function rows(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 300_000; i++) lines.push(`${i}\t${i % 54}\t2015-01-01\t${(i * 1.5).toFixed(2)}\t${i / 7}\tplain text value ${i} ${'x'.repeat(i % 17)}\n`);
  return Buffer.from(lines.join(''));
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Feeds `compressed` in 4 KB pieces (custom-format chunks); returns what reached the consumer. */
async function feed(compressed: Buffer, stopAt = compressed.length): Promise<{ out: Buffer; error?: Error }> {
  const got: Buffer[] = [];
  // The consumer gets views that may be reused; it copies, as the row counter does in effect.
  const z = new Decompressor('zlib', (chunk) => got.push(Buffer.from(chunk)));
  for (let at = 0; at < stopAt; at += 4096) await z.push(compressed.subarray(at, Math.min(stopAt, at + 4096)));
  if (stopAt < compressed.length) {
    await z.abandon();
    return { out: Buffer.concat(got) };
  }
  const error = await z.end();
  return { out: Buffer.concat(got), error };
}

const data = rows();
const compressed = deflateSync(data);

test('every inflated byte reaches the consumer, in order', async () => {
  const { out, error } = await feed(compressed);
  expect(error).toBeUndefined();
  expect(out.length).toBe(data.length);
  expect(sha(out)).toBe(sha(data));
});

test('input that stops mid-stream: all of it but the last staged 512 KB is inflated, the same on every run', async () => {
  const stopAt = Math.floor(compressed.length * 0.7);
  const runs = [await feed(compressed, stopAt), await feed(compressed, stopAt), await feed(compressed, stopAt)];
  // What zlib makes of the input minus one stage and one piece: a lower bound for what must arrive.
  const atLeast = inflateSync(compressed.subarray(0, stopAt - 512 * 1024 - 4096), { finishFlush: constants.Z_SYNC_FLUSH });
  for (const { out } of runs) {
    expect(out.length).toBeGreaterThanOrEqual(atLeast.length);
    expect(sha(out)).toBe(sha(data.subarray(0, out.length)));
  }
  expect(new Set(runs.map((r) => r.out.length)).size).toBe(1);
});

test('damaged data: zlib\'s error is returned, not thrown, and nothing hangs', async () => {
  const bad = Buffer.from(compressed);
  bad[Math.floor(bad.length / 2)] ^= 0xff;
  const { out, error } = await feed(bad);
  expect(error?.message).toMatch(/invalid|incorrect/);
  expect(out.length).toBeLessThan(data.length);
});
