/**
 * Fuzz: restore-verify's small parsers. Table names round-trip through the way they are shown,
 * --min-rows items parse or fail with one line, and a manifest file as a user may have edited or
 * truncated it reads as a manifest or fails with one line naming the file. (The dump readers and
 * the COPY counter are fuzzed in dump/read-dump.test.ts and dump/copy-counter.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { fuzz, mutateAt as mutate, onlyTypedErrors, onlyTypedErrorsAsync } from '../../../test/harness/fuzz.ts';
import { displayTable, parseQualifiedName } from './names.ts';
import { parseMinRows } from './definition.ts';
import { MANIFEST_FORMAT, readManifest, writeManifest, type Manifest } from './manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-rv-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ident = fc.string({ unit: fc.constantFrom('a', 'Z', '_', '1', '$', '.', '"', ' ', '=', 'é', '-'), minLength: 1, maxLength: 8 });

test('table names: parseQualifiedName(displayTable(t)) gives back the schema and the name', () => {
  fuzz(
    'restore-verify: table names (round trip)',
    fc.property(ident, ident, (schema, name) => {
      expect(parseQualifiedName(displayTable({ schema, name }))).toEqual([schema, name]);
    }),
  );
});

test('--min-rows items: TABLE=N or one line of UsageError', () => {
  const item = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.tuple(ident, fc.constantFrom('=', '==', ''), fc.oneof(fc.nat().map(String), fc.string({ maxLength: 4 }))).map((p) => p.join('')),
    fc.tuple(ident, ident, fc.nat()).map(([s, n, k]) => `${displayTable({ schema: s, name: n })}=${k}`),
  );
  fuzz(
    'restore-verify: --min-rows',
    fc.property(item, (text) => {
      const out = onlyTypedErrors(() => parseMinRows([text]));
      if (out) expect(Number.isSafeInteger(out[0].min)).toBe(true);
    }),
  );
});

const valid: Manifest = {
  format: MANIFEST_FORMAT,
  takenAt: '2026-12-01T10:00:00.000Z',
  source: 'postgres://app:***@db/prod',
  estimated: false,
  tables: [{ schema: 'public', name: 'monthly_kpis', rows: 7320 }, { schema: 'public', name: 'Mixed Case', rows: 0 }],
  ledgers: [],
};


test('manifest files: a manifest or one line of UsageError naming the file; write → read round trip', async () => {
  const text = JSON.stringify(valid, null, 2);
  const input = fc.oneof(
    fc.tuple(fc.array(fc.nat(), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })).map(([path, value]) => JSON.stringify(mutate(valid, path, value))),
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.string({ maxLength: 40 }),
  );
  let i = 0;
  await fuzz(
    'restore-verify: manifest file',
    fc.asyncProperty(input, async (content) => {
      const path = join(dir, `m${i++}.json`);
      writeFileSync(path, content);
      const m = await onlyTypedErrorsAsync(() => readManifest(path));
      if (m) for (const t of m.tables) expect(Number.isInteger(t.rows)).toBe(true);
    }),
  );
  await fuzz(
    'restore-verify: manifest file (round trip)',
    fc.asyncProperty(fc.array(fc.record({ schema: ident, name: ident, rows: fc.nat() }), { maxLength: 5 }), async (tables) => {
      const path = join(dir, `w${i++}.json`);
      const m = { ...valid, tables };
      await writeManifest(path, m);
      expect(await readManifest(path)).toEqual(m);
    }),
  );
});

// Found by the property above: a manifest file holding `null` (or a number) crashed with a TypeError.
test('a manifest file of JSON null is refused with the manifest sentence', async () => {
  const path = join(dir, 'null.json');
  writeFileSync(path, 'null');
  await expect(readManifest(path)).rejects.toThrow(/is not a restore-verify manifest/);
});
