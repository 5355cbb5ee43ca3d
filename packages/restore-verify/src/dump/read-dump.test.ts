/**
 * The dump readers against real pg_dump 15 output of a real database, in every format: the same
 * counts everywhere, truncation and damage as findings, never a crash or a hang.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { fuzz, fuzzTimeout } from '../../../../test/harness/fuzz.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UsageError } from '@preflight/core';
import { createDatabase, fixturesDir, type TestDatabase } from '../../../../test/harness/db.ts';
import { execFileSync } from 'node:child_process';
import { displayTable } from '../names.ts';
import { ALL_KINDS, FIXTURE_COUNTS, FIXTURE_SQL, pgDump, type FixtureDumpKind } from '../testing/fixture.ts';
import { readDump } from './read-dump.ts';
import type { DumpSummary } from './types.ts';
import { ArchiveReader } from './archive-toc.ts';
import { ByteReader } from './byte-reader.ts';
import { open } from 'node:fs/promises';

let db: TestDatabase;
let dir: string;
const dumps = {} as Record<FixtureDumpKind, string>;

beforeAll(async () => {
  db = await createDatabase('rv_read', FIXTURE_SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-read-'));
  for (const kind of ALL_KINDS) dumps[kind] = pgDump(db.url, kind, dir);
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const counts = (s: DumpSummary) => Object.fromEntries(s.tables.map((t) => [displayTable(t), t.rows]));

/** A copy of a dump file cut to `bytes`, in its own directory. */
function cutCopy(path: string, bytes: number): string {
  const out = join(mkdtempSync(join(dir, 'cut-')), path.split('/').pop()!);
  writeFileSync(out, readFileSync(path).subarray(0, bytes));
  return out;
}

describe('every format gives the same counts', () => {
  test.each(ALL_KINDS)('%s', async (kind) => {
    const s = await readDump(dumps[kind]);
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
    expect(s.complete).toBe(true);
    expect(s.ledgers).toEqual([{ schema: 'public', name: 'alembic_version', columns: ['version_num'], rows: [['0042_monthly_kpis']] }]);
  });

  test('formats are detected from the bytes, not the name', async () => {
    const renamed = join(dir, 'looks-like.sql');
    cpSync(dumps.custom, renamed);
    const gz = join(dir, 'no-extension');
    cpSync(dumps.gzip, gz);
    const tar = join(dir, 'backup.bin');
    cpSync(dumps.tar, tar);
    expect((await readDump(renamed)).format).toBe('custom');
    expect((await readDump(gz)).format).toBe('gzip');
    expect((await readDump(tar)).format).toBe('tar');
    expect((await readDump(dumps.directory)).format).toBe('directory');
  });

  test('the custom header names the database, versions and when the dump was taken', async () => {
    const s = await readDump(dumps.custom);
    expect(s.header.dbname).toBe(db.name);
    expect(s.header.archiveVersion).toBe('1.14');
    expect(s.header.dumpVersion).toMatch(/^15\./);
    expect(Math.abs(s.header.takenAt!.getTime() - Date.now())).toBeLessThan(24 * 3600_000);
  });
});

describe('a file that is no dump is exit 2 with one sentence', () => {
  test.each([
    ['a zip file', Buffer.from('504b0304140000000800', 'hex')],
    ['random bytes', Buffer.from([0, 1, 2, 3, 250, 251, 0, 9])],
    ['an empty file', Buffer.alloc(0)],
    ['a JSON file', Buffer.from('{"not": "sql"}\n')],
  ])('%s', async (_name, bytes) => {
    const path = join(dir, `not-a-dump-${Math.random()}`);
    writeFileSync(path, bytes);
    const error = await readDump(path).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^--dump .+(is not a pg_dump file|is empty).*\.$/);
    expect(error.message.split('. ').length).toBe(1);
  });

  test('a directory without toc.dat', async () => {
    const error = await readDump(mkdtempSync(join(dir, 'empty-'))).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('is a directory without toc.dat');
  });
});

describe('truncation and damage are findings', () => {
  const kpis = 'public.monthly_kpis';

  test('plain: cut in the middle of the monthly_kpis COPY block', async () => {
    const text = readFileSync(dumps.plain, 'utf8');
    const start = text.indexOf('COPY public.monthly_kpis');
    const lines = text.slice(start).split('\n');
    const cut = cutCopy(dumps.plain, Buffer.byteLength(text.slice(0, start) + lines.slice(0, 207).join('\n') + '\n'));
    const s = await readDump(cut);
    const p = s.problems.find((x) => x.object === kpis);
    expect(p?.rule).toBe('dump-truncated');
    expect(p?.message).toContain('ends after 206 rows without its \\. terminator');
    expect(p?.line).toBe(text.slice(0, start).split('\n').length);
    expect(s.tables.find((t) => t.name === 'monthly_kpis')).toMatchObject({ rows: 206, complete: false });
    expect(s.problems.some((x) => x.message.includes('footer'))).toBe(true);
  });

  test('plain: a complete COPY but no completion footer', async () => {
    const text = readFileSync(dumps.plain, 'utf8');
    const cut = cutCopy(dumps.plain, Buffer.byteLength(text.slice(0, text.indexOf('-- PostgreSQL database dump complete') - 4)));
    const s = await readDump(cut);
    expect(s.problems).toEqual([expect.objectContaining({ rule: 'dump-truncated', object: 'dump', message: expect.stringContaining('no "-- PostgreSQL database dump complete" footer') })]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
  });

  test('gzip: cut mid-stream (no trailer)', async () => {
    const cut = cutCopy(dumps.gzip, Math.floor(statSync(dumps.gzip).size * 0.6));
    const s = await readDump(cut);
    expect(s.problems.map((p) => p.rule)).toContain('dump-truncated');
    expect(s.problems.some((p) => p.message.includes('gzip stream ends before its trailer'))).toBe(true);
    expect(s.complete).toBe(false);
  });

  test('gzip: only the 8-byte trailer missing', async () => {
    const cut = cutCopy(dumps.gzip, statSync(dumps.gzip).size - 8);
    const s = await readDump(cut);
    expect(s.problems.some((p) => p.rule === 'dump-truncated' && p.message.includes('trailer'))).toBe(true);
  });

  test('gzip: a flipped byte in the middle is dump-corrupt or truncated, never a pass', async () => {
    const bytes = readFileSync(dumps.gzip);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const path = join(dir, 'flipped.sql.gz');
    writeFileSync(path, bytes);
    const s = await readDump(path);
    expect(s.problems.length).toBeGreaterThan(0);
  });

  test.each(['custom', 'custom-none'] as const)('%s: cut in the middle of the monthly_kpis data block', async (kind) => {
    const size = statSync(dumps[kind]).size;
    // monthly_kpis is by far the biggest block, so the middle of the file is inside it.
    const cut = cutCopy(dumps[kind], Math.floor(size * 0.5));
    const s = await readDump(cut);
    const p = s.problems.find((x) => x.object === kpis);
    expect(p?.rule).toBe('dump-truncated');
    const t = s.tables.find((x) => x.name === 'monthly_kpis')!;
    expect(t.complete).toBe(false);
    expect(t.rows).toBeLessThan(7320);
  });

  test('custom: cut just after the TOC, every data block is reported (offsets past the end of the file)', async () => {
    const fh = await open(dumps['custom-none'], 'r');
    const archive = new ArchiveReader(new ByteReader(fh, 0, statSync(dumps['custom-none']).size));
    await archive.readHeader();
    await archive.readToc();
    const dataStart = archive.r.position;
    await fh.close();
    const s = await readDump(cutCopy(dumps['custom-none'], dataStart));
    expect(s.tables.filter((t) => t.complete).map(displayTable)).toEqual([]);
    for (const table of Object.keys(FIXTURE_COUNTS)) {
      expect(s.problems.find((x) => x.object === table)).toMatchObject({ rule: 'dump-truncated', message: expect.stringMatching(/past the end of the [\d,]+-byte file/) });
    }
  });

  test('custom: a data block damaged after it started (a negative chunk length) is a finding, and the process still exits by itself', { timeout: 120_000 }, async () => {
    const fh = await open(dumps.custom, 'r');
    const archive = new ArchiveReader(new ByteReader(fh, 0, statSync(dumps.custom).size));
    await archive.readHeader();
    await archive.readToc();
    const dataStart = archive.r.position;
    await fh.close();
    const bytes = readFileSync(dumps.custom);
    // The first block: type byte, dump id (sign byte + 4), then its first chunk length's sign byte.
    bytes[dataStart + 1 + 5] = 1;
    const damaged = join(mkdtempSync(join(dir, 'negchunk-')), 'dump.custom');
    writeFileSync(damaged, bytes);
    // In a process of its own: a zlib stream left open would keep the inflate worker, and with it
    // the process, alive after the report (the CLI hung there).
    const script = join(dir, 'read-one.mts');
    writeFileSync(script, `import { readDump } from ${JSON.stringify(new URL('./read-dump.ts', import.meta.url).pathname)};\nconsole.log(JSON.stringify((await readDump(process.argv[2])).problems));\n`);
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, damaged], { encoding: 'utf8', timeout: 100_000 });
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ rule: 'dump-corrupt', message: expect.stringMatching(/negative length/) })]);
  });

  test('custom: two damaged blocks (zlib errors) are reported in archive order, the other tables counted, while blocks are read ahead of their inflating', async () => {
    const fh = await open(dumps.custom, 'r');
    const archive = new ArchiveReader(new ByteReader(fh, 0, statSync(dumps.custom).size));
    await archive.readHeader();
    const toc = await archive.readToc();
    // Each data block: its table and the file position of the middle of its first chunk.
    const blocks: { table: string; at: number }[] = [];
    while (!(await archive.r.atEnd())) {
      await archive.r.byte();
      const id = await archive.int();
      const e = toc.find((t) => t.dumpId === id)!;
      let first: number | undefined;
      for (let len = await archive.int(); len !== 0; len = await archive.int()) {
        first ??= archive.r.position + Math.floor(len / 2);
        await archive.r.pipe(len, () => undefined);
      }
      if (first !== undefined) blocks.push({ table: `${e.namespace}.${e.tag}`, at: first });
    }
    await fh.close();
    const damagedTables = blocks.filter((b) => FIXTURE_COUNTS[b.table as keyof typeof FIXTURE_COUNTS] > 0).slice(0, 2);
    expect(damagedTables.length).toBe(2);
    const bytes = readFileSync(dumps.custom);
    for (const b of damagedTables) for (let i = 0; i < 8; i++) bytes[b.at + i] ^= 0x5a;
    const damaged = join(mkdtempSync(join(dir, 'twobad-')), 'dump.custom');
    writeFileSync(damaged, bytes);
    const s = await readDump(damaged);
    const corrupt = s.problems.filter((p) => p.rule === 'dump-corrupt');
    expect(corrupt.map((p) => p.object)).toEqual(damagedTables.map((b) => b.table));
    for (const p of corrupt) expect(p.message).toMatch(/cannot be inflated/);
    const others = Object.entries(FIXTURE_COUNTS).filter(([t]) => !damagedTables.some((b) => b.table === t));
    expect(others.map(([t]) => [t, counts(s)[t]])).toEqual(others);
  });

  test('custom: cut inside the TOC', async () => {
    const s = await readDump(cutCopy(dumps.custom, 300));
    expect(s.problems).toEqual([expect.objectContaining({ rule: 'dump-truncated', message: expect.stringContaining('inside its header or table of contents') })]);
  });

  test('tar: cut in the middle of the monthly_kpis member', async () => {
    const s = await readDump(cutCopy(dumps.tar, Math.floor(statSync(dumps.tar).size * 0.5)));
    expect(s.problems.find((x) => x.object === kpis)?.rule).toBe('dump-truncated');
  });

  test('directory: a data file deleted, another cut mid-gzip', async () => {
    const copy = join(mkdtempSync(join(dir, 'dircopy-')), 'd');
    cpSync(dumps.directory, copy, { recursive: true });
    const files = readdirSync(copy).filter((f) => f.endsWith('.dat.gz')).sort((a, b) => statSync(join(copy, b)).size - statSync(join(copy, a)).size);
    // the biggest file is monthly_kpis; the second biggest instituciones
    truncateSync(join(copy, files[0]), Math.floor(statSync(join(copy, files[0])).size / 2));
    unlinkSync(join(copy, files[1]));
    const s = await readDump(copy);
    expect(s.problems.find((x) => x.object === kpis)?.rule).toBe('dump-truncated');
    expect(s.problems.find((x) => x.object === 'public.instituciones')?.message).toContain('its data file is missing');
  });

  test('a COPY cut inside a gzip member that itself is complete', async () => {
    const text = gunzipSync(readFileSync(dumps.gzip)).toString('utf8');
    // The data itself holds "\\." (an escaped backslash before a dot): only the line "\." ends the block.
    const cut = text.slice(0, text.indexOf('\n\\.\n', text.indexOf('COPY public.monthly_kpis')) + 1);
    const path = join(dir, 'cut-inside.sql.gz');
    writeFileSync(path, gzipSync(cut));
    const s = await readDump(path);
    expect(s.problems.find((x) => x.object === kpis)?.message).toContain('ends after 7,320 rows without its \\. terminator');
  });
});

describe('fuzz: random truncation and byte flips of real dumps', () => {
  const kinds = ['plain', 'gzip', 'custom', 'custom-none', 'tar', 'rows-per-insert'] as const;
  test.each(kinds)('%s: findings or exit 2, never an exception or a hang', async (kind) => {
    const original = readFileSync(dumps[kind]);
    const fuzzDir = mkdtempSync(join(dir, 'fuzz-'));
    let i = 0;
    await fuzz(
      `restore-verify: dump reader (${kind})`,
      fc.asyncProperty(
        fc.integer({ min: 0, max: original.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        async (length, flips) => {
          const bytes = Buffer.from(original.subarray(0, length));
          for (const [at, x] of flips) if (bytes.length > 0) bytes[at % bytes.length] ^= x;
          const path = join(fuzzDir, `f${i++}`);
          writeFileSync(path, bytes);
          try {
            const s = await readDump(path);
            // Anything changed must not read as a clean, complete dump with the original counts.
            if (length < original.length && s.problems.length === 0) {
              expect(s.complete && JSON.stringify(counts(s)) === JSON.stringify(FIXTURE_COUNTS)).toBe(false);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
          } finally {
            unlinkSync(path);
          }
        },
      ),
      { runs: 60 },
    );
  }, fuzzTimeout(120_000));
});

describe('a real-world schema (pagila, test/fixtures/schemas) with generated rows', () => {
  let pagila: TestDatabase;
  let pagilaDir: string;
  const expected: Record<string, number> = {};

  beforeAll(async () => {
    pagila = await createDatabase('rv_pagila');
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', join(fixturesDir, 'pagila.sql'), '-d', pagila.url], { stdio: 'pipe' });
    await pagila.sql(readFileSync(new URL('../testing/generate-rows.sql', import.meta.url), 'utf8'));
    for (const r of await pagila.sql(`SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'`)) {
      const [{ n }] = await pagila.sql(`SELECT count(*)::int AS n FROM ONLY public.${JSON.stringify(r.t)}`);
      expected[displayTable({ schema: r.s, name: r.t })] = n;
    }
    pagilaDir = mkdtempSync(join(tmpdir(), 'rv-pagila-'));
  }, 120_000);

  afterAll(async () => {
    await pagila?.drop();
    if (pagilaDir) rmSync(pagilaDir, { recursive: true, force: true });
  });

  test.each(['plain', 'gzip', 'custom', 'directory', 'tar', 'rows-per-insert', 'column-inserts'] as const)('%s: the counts are the database\'s, partitions each on their own', async (kind) => {
    const s = await readDump(pgDump(pagila.url, kind, join(pagilaDir, kind)));
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(expected);
    expect(expected['public.payment']).toBe(0); // the partitioned parent holds no rows itself
    expect(expected['public.payment_p2022_01']).toBeGreaterThan(0);
  });
});

test('a TOC entry bigger than the read buffer (a 3 MB function body) is read, not taken for a truncation', async () => {
  const big = await createDatabase('rv_bigtoc', `CREATE FUNCTION public.big() RETURNS text LANGUAGE sql AS $$ SELECT '${'x'.repeat(3 * 1024 * 1024)}' $$; CREATE TABLE public.t (id int); INSERT INTO public.t VALUES (1), (2);`);
  const bigDir = mkdtempSync(join(tmpdir(), 'rv-bigtoc-'));
  try {
    for (const kind of ['custom', 'tar', 'directory'] as const) {
      const s = await readDump(pgDump(big.url, kind, join(bigDir, kind)));
      expect(s.problems).toEqual([]);
      expect(counts(s)).toEqual({ 'public.t': 2 });
    }
  } finally {
    await big.drop();
    rmSync(bigDir, { recursive: true, force: true });
  }
});

test('fuzz: a directory dump with its toc.dat or a data file cut or flipped: findings or exit 2', async () => {
  const base = join(mkdtempSync(join(dir, 'dirfuzz-')), 'd');
  cpSync(dumps.directory, base, { recursive: true });
  const files = ['toc.dat', ...readdirSync(base).filter((f) => f.endsWith('.gz'))];
  const originals = Object.fromEntries(files.map((f) => [f, readFileSync(join(base, f))]));
  await fuzz(
    'restore-verify: dump reader (directory)',
    fc.asyncProperty(fc.constantFrom(...files), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }), async (file, keep, flips) => {
      const original = originals[file];
      const bytes = Buffer.from(original.subarray(0, Math.floor(original.length * keep)));
      for (const [at, x] of flips) if (bytes.length > 0) bytes[at % bytes.length] ^= x;
      writeFileSync(join(base, file), bytes);
      try {
        const s = await readDump(base);
        if (!bytes.equals(original)) expect(s.problems.length > 0 || JSON.stringify(counts(s)) !== JSON.stringify(FIXTURE_COUNTS) || file === 'toc.dat').toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
      } finally {
        writeFileSync(join(base, file), original);
      }
    }),
    { runs: 80 },
  );
}, fuzzTimeout(120_000));
