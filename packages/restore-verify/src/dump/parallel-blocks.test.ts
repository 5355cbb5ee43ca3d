/**
 * Custom-format dumps of several tables are inflated several blocks at a time (parallel-blocks.ts).
 * That must only be faster: on real pg_dump output the parallel reader is the one that runs, and on
 * any damaged or lying archive its findings are exactly the sequential reader's.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { fuzz, fuzzTimeout } from '../../../../test/harness/fuzz.ts';
import { displayTable } from '../names.ts';
import { FIXTURE_COUNTS, FIXTURE_SQL, pgDump } from '../testing/fixture.ts';
import { tablesFromToc } from './archive-data.ts';
import { ArchiveReader } from './archive-toc.ts';
import { ByteReader } from './byte-reader.ts';
import { DumpCollector } from './collector.ts';
import { readCustomDump } from './custom.ts';
import { planParallelBlocks, readBlocksInParallel } from './parallel-blocks.ts';
import type { DumpSummary } from './types.ts';

let db: TestDatabase;
let dir: string;
let dump: string;

beforeAll(async () => {
  db = await createDatabase('rv_parallel', FIXTURE_SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-parallel-'));
  dump = pgDump(db.url, 'custom', dir);
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const counts = (s: DumpSummary) => Object.fromEntries(s.tables.map((t) => [displayTable(t), t.rows]));

/** Both readers on one file: their summaries, or the error each threw. */
async function both(path: string) {
  const settle = (p: Promise<DumpSummary>) => p.then((s) => ({ s }), (e: Error) => ({ e: `${e.constructor.name}: ${e.message}` }));
  return { parallel: await settle(readCustomDump(path)), sequential: await settle(readCustomDump(path, { parallel: false })) };
}

test('real pg_dump output: the TOC offsets tile the data, every block is read in parallel, counts as in the database', async () => {
  const fh = await open(dump, 'r');
  try {
    const size = (await fh.stat()).size;
    const archive = new ArchiveReader(new ByteReader(fh, 0, size));
    await archive.readHeader();
    const toc = await archive.readToc();
    const out = new DumpCollector();
    const data = tablesFromToc(out, toc);
    const plan = planParallelBlocks(toc, data, archive.r.position, size);
    expect(plan?.length).toBe(Object.keys(FIXTURE_COUNTS).length);
    expect(await readBlocksInParallel(fh, archive.header, plan!, out, 2)).toBe(true);
    const s = out.summary('custom');
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
    expect(s.ledgers).toEqual([{ schema: 'public', name: 'alembic_version', columns: ['version_num'], rows: [['0042_monthly_kpis']] }]);
  } finally {
    await fh.close();
  }
  const { parallel, sequential } = await both(dump);
  expect(parallel).toEqual(sequential);
});

test('a TOC offset that points at the wrong block: the counts are still right (read sequentially)', async () => {
  const bytes = readFileSync(dump);
  const fh = await open(dump, 'r');
  const archive = new ArchiveReader(new ByteReader(fh, 0, bytes.length));
  await archive.readHeader();
  const toc = await archive.readToc();
  await fh.close();
  // Swap the offsets of the two biggest blocks: each offset is flag 2 and 8 bytes little-endian.
  const withData = toc.filter((e) => e.offsetFlag === 2).sort((a, b) => a.offset! - b.offset!);
  const sizes = withData.map((e, i) => [e, (withData[i + 1]?.offset ?? bytes.length) - e.offset!] as const).sort((a, b) => b[1] - a[1]);
  const [a, b] = [sizes[0][0], sizes[1][0]];
  const encoded = (n: number) => Buffer.concat([Buffer.from([2]), Buffer.from(new BigUint64Array([BigInt(n)]).buffer)]);
  const at = (n: number) => bytes.indexOf(encoded(n));
  const [atA, atB] = [at(a.offset!), at(b.offset!)];
  expect(atA).toBeGreaterThan(0);
  expect(atB).toBeGreaterThan(0);
  encoded(b.offset!).copy(bytes, atA);
  encoded(a.offset!).copy(bytes, atB);
  const path = join(dir, 'swapped.custom');
  writeFileSync(path, bytes);
  const s = await readCustomDump(path);
  expect(s.problems).toEqual([]);
  expect(counts(s)).toEqual(FIXTURE_COUNTS);
});

test('bytes after the last data block are reported as damage, as the sequential reader does', async () => {
  const path = join(dir, 'trailing.custom');
  writeFileSync(path, Buffer.concat([readFileSync(dump), Buffer.from([7, 0, 1, 0, 0, 0])]));
  const { parallel, sequential } = await both(path);
  expect(parallel).toEqual(sequential);
  expect('s' in parallel && parallel.s.problems).toEqual([expect.objectContaining({ rule: 'dump-corrupt', message: expect.stringContaining('Unknown data block type 7') })]);
});

test('fuzz: cut or flipped archives get exactly the sequential reader\'s findings and counts', async () => {
  const original = readFileSync(dump);
  const fuzzDir = mkdtempSync(join(dir, 'fuzz-'));
  let i = 0;
  await fuzz(
    'restore-verify: parallel custom-format reader = sequential',
    fc.asyncProperty(
      fc.integer({ min: 0, max: original.length }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
      async (length, flips) => {
        const bytes = Buffer.from(original.subarray(0, length));
        for (const [at, x] of flips) if (bytes.length > 0) bytes[at % bytes.length] ^= x;
        const path = join(fuzzDir, `f${i++}`);
        writeFileSync(path, bytes);
        try {
          const { parallel, sequential } = await both(path);
          expect(parallel).toEqual(sequential);
        } finally {
          unlinkSync(path);
        }
      },
    ),
    { runs: 60 },
  );
}, fuzzTimeout(120_000));
