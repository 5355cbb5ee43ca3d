/**
 * COPY text format's escaping is what makes counting newlines exact: a newline, carriage return,
 * tab or backslash inside a value is written as \n, \r, \t, \\ (so a data line that is exactly
 * `\.` can only be the terminator, and "\n\\.\n" in the raw bytes only its line). Checked against
 * real pg_dump output of values built to look like terminators, in a table big enough (~9 MB of
 * COPY data) to span many read buffers and inflate chunks, followed by a table that must still be
 * found; and the plain reader's buffer edges cutting the terminator line at every offset.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { displayTable } from '../names.ts';
import { pgDump, type FixtureDumpKind } from '../testing/fixture.ts';
import { readDump } from './read-dump.ts';
import type { DumpSummary } from './types.ts';

const ROWS = 150_000;
const SQL = `
CREATE TABLE public.edges (note text, id integer, blob text);
INSERT INTO public.edges
SELECT CASE i % 9 WHEN 0 THEN NULL WHEN 1 THEN E'\\n\\\\.\\n' WHEN 2 THEN E'\\\\.' WHEN 3 THEN E'line\\r\\nnext'
                  WHEN 4 THEN E'\\\\' WHEN 5 THEN E'.\\n\\\\.' WHEN 6 THEN E'tab\\there' WHEN 7 THEN '' ELSE 'x' || i END,
       i,
       CASE WHEN i % 1000 = 0 THEN repeat(E'\\\\.\\n', 700) ELSE NULL END
  FROM generate_series(1, ${ROWS}) i;
CREATE TABLE public.after_edges (id integer);
INSERT INTO public.after_edges SELECT generate_series(1, 7);
`;

let db: TestDatabase;
let dir: string;
const counts = (s: DumpSummary) => Object.fromEntries(s.tables.map((t) => [displayTable(t), t.rows]));

beforeAll(async () => {
  db = await createDatabase('rv_edges', SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-edges-'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.each(['plain', 'gzip', 'custom', 'custom-none', 'directory', 'tar'] as FixtureDumpKind[])(
  '%s: values that look like terminators, over many buffers, count exactly',
  async (kind) => {
    const s = await readDump(pgDump(db.url, kind, join(dir, kind)));
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual({ 'public.edges': ROWS, 'public.after_edges': 7 });
    expect(s.complete).toBe(true);
  },
  240_000,
);

test('a plain dump whose terminator line is cut by the read buffer edge at every offset', async () => {
  const CHUNK = 2 * 1024 * 1024; // plain.ts reads in 2 MB buffers
  const head = '--\n-- PostgreSQL database dump\n--\n\nCOPY public.a (id, note) FROM stdin;\n';
  const tail = '\n\nCOPY public.b (id) FROM stdin;\n1\n2\n\\.\n\n--\n-- PostgreSQL database dump complete\n--\n';
  for (let shift = -5; shift <= 5; shift++) {
    // rows of 32 bytes, then one short row so "\n\\.\n" starts `shift` bytes before the edge
    const row = '1\tsome text \\\\. with \\n escaped\n';
    expect(row.length).toBe(32);
    const before = CHUNK + shift - head.length;
    const rows = Math.floor(before / 32) - 1;
    const pad = before - rows * 32 - 1; // the padding row's text, then its '\n' ends at the edge - shift
    const body = row.repeat(rows) + 'p'.repeat(pad);
    const text = head + body + '\n\\.' + tail;
    expect(text.indexOf('\n\\.\n')).toBe(CHUNK + shift - 1);
    const path = join(dir, `edge${shift}.sql`);
    writeFileSync(path, text);
    const s = await readDump(path);
    expect(s.problems).toEqual([]);
    expect(counts(s)).toEqual({ 'public.a': rows + 1, 'public.b': 2 });
  }
});
