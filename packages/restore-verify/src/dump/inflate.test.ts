/**
 * Both inflaters: the Decompressor hands inflated bytes to its consumer later than zlib produces
 * them (so that zlib inflates the next chunk while the consumer scans this one) and keeps two
 * writes in flight; the ThreadDecompressor (custom-format blocks) inflates on a worker thread with
 * recycled buffers. Neither may change what the consumer sees: every byte, in order, and for input
 * that stops mid-stream (a cut archive) everything that was handed to zlib, the same on every run.
 */
import { createHash } from 'node:crypto';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Decompressor, type Inflater } from './inflate.ts';
import { inflateThreadAvailable, ThreadDecompressor } from './inflate-thread.ts';

/** ~24 MB of COPY-like rows: compresses ~4x, so it spans many stages and output chunks. */
function rows(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 300_000; i++) lines.push(`${i}\t${i % 54}\t2015-01-01\t${(i * 1.5).toFixed(2)}\t${i / 7}\tplain text value ${i} ${'x'.repeat(i % 17)}\n`);
  return Buffer.from(lines.join(''));
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type MakeInflater = (onData: (chunk: Buffer) => void) => Inflater;
const inflaters: [string, MakeInflater][] = [
  ['zlib stream (Decompressor)', (onData) => new Decompressor('zlib', onData)],
  ['worker thread (ThreadDecompressor)', (onData) => new ThreadDecompressor(onData)],
];

/** Feeds `compressed` in 4 KB pieces (custom-format chunks); returns what reached the consumer. */
async function feed(make: MakeInflater, compressed: Buffer, stopAt = compressed.length): Promise<{ out: Buffer; error?: Error }> {
  const got: Buffer[] = [];
  // The consumer gets views that may be reused; it copies, as the row counter does in effect.
  const z = make((chunk) => got.push(Buffer.from(chunk)));
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

describe.each(inflaters)('%s', (_name, make) => {
  test('every inflated byte reaches the consumer, in order', async () => {
    const { out, error } = await feed(make, compressed);
    expect(error).toBeUndefined();
    expect(out.length).toBe(data.length);
    expect(sha(out)).toBe(sha(data));
  });

  test('input that stops mid-stream: all of it but the last staged 512 KB is inflated, the same on every run', async () => {
    const stopAt = Math.floor(compressed.length * 0.7);
    const runs = [await feed(make, compressed, stopAt), await feed(make, compressed, stopAt), await feed(make, compressed, stopAt)];
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
    const { out, error } = await feed(make, bad);
    expect(error?.message).toMatch(/invalid|incorrect/);
    expect(out.length).toBeLessThan(data.length);
  });
});

test('this node has the synchronous zlib call the worker thread needs (else custom dumps fall back to the stream)', () => {
  expect(inflateThreadAvailable()).toBe(true);
});

test('worker thread: two streams read side by side through the one worker each get exactly their own bytes', async () => {
  const other = Buffer.from(data.toString('latin1').split('\n').reverse().join('\n'), 'latin1');
  const inputs = [compressed, deflateSync(other)];
  const got: Buffer[][] = [[], []];
  const zs = inputs.map((_, i) => new ThreadDecompressor((chunk) => got[i].push(Buffer.from(chunk))));
  // Interleaved 4 KB pieces, as two table blocks read at once would be.
  for (let at = 0; at < Math.max(...inputs.map((c) => c.length)); at += 4096) {
    for (let i = 0; i < 2; i++) if (at < inputs[i].length) await zs[i].push(inputs[i].subarray(at, Math.min(inputs[i].length, at + 4096)));
  }
  expect(await Promise.all(zs.map((z) => z.end()))).toEqual([undefined, undefined]);
  expect(sha(Buffer.concat(got[0]))).toBe(sha(data));
  expect(sha(Buffer.concat(got[1]))).toBe(sha(other));
});

test('worker thread: damaged data reaches the consumer exactly as far as with the zlib stream (same counts, same findings)', async () => {
  for (const at of [0.1, 0.5, 0.93]) {
    const bad = Buffer.from(compressed);
    bad[Math.floor(bad.length * at)] ^= 0xff;
    const [stream, thread] = [await feed(inflaters[0][1], bad), await feed(inflaters[1][1], bad)];
    expect(thread.error?.message).toBe(stream.error?.message);
    expect(thread.out.length).toBe(stream.out.length);
    expect(sha(thread.out)).toBe(sha(stream.out));
  }
});

test('worker thread: input that stops mid-stream gives the consumer the same bytes as the zlib stream', async () => {
  for (const at of [0.05, 0.5, 0.99]) {
    const stopAt = Math.floor(compressed.length * at);
    const [stream, thread] = [await feed(inflaters[0][1], compressed, stopAt), await feed(inflaters[1][1], compressed, stopAt)];
    expect(thread.out.length).toBe(stream.out.length);
  }
});

test('worker thread: many tables whose data inflates to nothing (damaged at the first byte, or empty) do not use up its buffers: the next one still reads', { timeout: 60_000 }, async () => {
  const damaged = Buffer.from(compressed.subarray(0, 4096));
  damaged[0] ^= 0xff;
  for (let i = 0; i < 20; i++) {
    const { out, error } = await feed(inflaters[1][1], i % 2 ? damaged : Buffer.alloc(0));
    expect(out.length).toBe(0);
    expect(error).toBeDefined();
  }
  const { out, error } = await feed(inflaters[1][1], compressed);
  expect(error).toBeUndefined();
  expect(sha(out)).toBe(sha(data));
});

test('worker thread: a stream that ends before zlib\'s end of stream is an error, as with the zlib stream', async () => {
  const cut = compressed.subarray(0, compressed.length - 100);
  const [stream, thread] = [await feed(inflaters[0][1], cut), await feed(inflaters[1][1], cut)];
  expect(thread.error?.message).toBe(stream.error?.message);
  expect(thread.error?.message).toMatch(/unexpected end of file/);
  expect(sha(thread.out)).toBe(sha(stream.out));
});
