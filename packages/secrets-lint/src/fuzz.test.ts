/**
 * Fuzz: every scanner, on text assembled from the pieces its parsers care about, never throws
 * (a malformed file is a finding, not a crash), finishes, and never puts a value it read into a
 * message, object or fix (checked through the redaction registry: a message the mask would change
 * carries a registered value).
 */
import * as fc from 'fast-check';
import { fuzz, fuzzTimeout, onlyTypedErrors } from '../../../test/harness/fuzz.ts';
import { readBaseline } from './suppress.ts';
import { parseAddedLines } from './git.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { clearSecrets, redact } from '@preflight/core';
import * as compose from '@preflight/compose';
import * as yaml from './yaml-api.ts';
import { scanFile, type RepoContext } from './run.ts';
import { Lines } from './hit.ts';

afterEach(() => clearSecrets());

const pieces = [
  'SECRET_KEY', 'JWT_SECRET', 'DB_PASSWORD', 'API_TOKEN', 'ALLOWED_HOSTS', 'DEBUG', '=', ': ', ':', '${', '}', ':-', '-', ':?', '$$', '\n', '\r\n', '"', "'", '`', '\\',
  'os.getenv(', 'os.environ.get(', 'process.env.', ' || ', ' ?? ', 'getEnv(', ', ', ')', 'postgres://', 'redis://:', '@', 'db', 'ghp_', 'AKIA', 'glpat-', 'xoxb-', 'AIza',
  '-----BEGIN PRIVATE KEY-----', '"type": "service_account"', '```', 'export ', 'ENV ', 'ARG ', 'services:', 'environment:', 'env_file:', 'build:', 'args:', 'kind: Secret', 'stringData:', 'data:',
  'env:', 'jobs:', 'steps:', '  ', '    ', '- ', '[', ']', '{', '}', '&a', '*a', '<<: ', '---', '#', 'preflight-ignore: all', 'changeme', 'tu-dominio.com', 'Zq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Gs0Ya',
  'x7Rk2Qm9Lp4Tz8Wv1Nb5aaaaaaaaaaaaaaaa', '\uFEFF', '\0',
];
const noise = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((p) => p.join(''));
const value = fc.oneof(fc.constantFrom('changeme', 'Zq8Lm2Kx9Vp4Rt7Wb1Nc5Hd3Jf6Gs0Ya', 'short1', '${X:-fallback-9x}', '${X}', '"quoted val"', "'single'", '["a","b"]', 'a,b', ''), fc.string({ maxLength: 20 }), noise);
const line = fc.oneof(
  fc.tuple(fc.constantFrom('', '  ', '      ', '- ', 'export ', 'ENV ', 'ARG ', '      - '), fc.constantFrom('SECRET_KEY', 'DB_PASSWORD', 'API_TOKEN', 'ALLOWED_HOSTS', 'DEBUG', 'services', 'web', 'environment', 'env'), fc.constantFrom('=', ': ', ':', ' = '), value).map((p) => p.join('')),
  fc.tuple(fc.constantFrom('os.getenv("SECRET_KEY", ', 'process.env.JWT_SECRET || ', 'getEnv("API_KEY", ', 'postgres://u:', 'url: redis://:'), value, fc.constantFrom(')', '', '@db/x', '"')).map((p) => p.join('')),
  noise,
);
// The line ending is drawn by fast-check too (not Math.random), so a seed replays the same text.
const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n')).map(([l, eol]) => l.join(eol));
const names = ['.env', 'envs/.env.production', 'docker-compose.yml', 'compose.override.yaml', 'app/settings.py', 'web/a.ts', 'cmd/main.go', 'docs/a.md', 'run.sh', 'Makefile', 'Dockerfile', '.github/workflows/ci.yml', 'k8s/s.yaml', 'prod.tfvars'];

const repo: RepoContext = { compose, yaml, tracked: new Set(names), templates: new Map([['.', new Set(['A'])]]) };
const opts = { minLength: 32, listVars: ['ALLOWED_HOSTS'], listFormat: 'csv' as const };

/** One scan, checked: it never throws, and no finding carries a value it read. Returns the rules it reported. */
function scanChecked(path: string, body: string): string[] {
  clearSecrets();
  const hits = scanFile({ path, tracked: true, text: body, lines: new Lines(body) }, opts, repo);
  for (const h of hits) {
    for (const field of [h.message, h.object, h.fix ?? '']) expect(redact(field), `${h.rule} in ${path}`).toBe(field);
    expect(h.line).toBeGreaterThanOrEqual(1);
  }
  return hits.map((h) => h.rule);
}

// A value that spells part of a variable name (SECRET_KEY="SECRET_KE) is masked inside that name
// in the message: an over-mask of our own words, not a leak of the value. Such inputs are left out.
const spellsAName = (body: string) => /SECRET|PASSWORD|TOKEN|KEY|HOSTS|DEBUG/.test(body.replace(/^[^=:]*[=:]/gm, ''));

test('scanners never throw and never put a value they read in a finding', () => {
  const rules = new Set<string>();
  fuzz(
    'secrets-lint: scanners',
    fc.property(fc.constantFrom(...names), text, (path, body) => {
      fc.pre(!spellsAName(body));
      for (const rule of scanChecked(path, body)) rules.add(rule);
    }),
  );
  // The inputs reach the scanners' findings, not only their early exits. Counted over a fixed
  // sample as well, so how many rules a random run happened to reach cannot fail the test.
  for (const [path, body] of fc.sample(fc.tuple(fc.constantFrom(...names), text), { seed: 20261201, numRuns: 1000 })) {
    if (!spellsAName(body)) for (const rule of scanChecked(path, body)) rules.add(rule);
  }
  expect(rules.size).toBeGreaterThanOrEqual(5);
  console.log(`fuzz reached rules: ${[...rules].sort().join(', ')}`);
}, fuzzTimeout(120_000));

test('a long line of URL-ish and assignment-ish text is scanned in bounded time (no catastrophic backtracking)', () => {
  const nasty = ['postgres://' + 'a:'.repeat(20000), 'SECRET_KEY=' + '"\\'.repeat(20000), 'os.getenv("SECRET_KEY", "' + '\\"'.repeat(20000), 'a'.repeat(100000) + '@'].join('\n');
  for (const path of names) scanFile({ path, tracked: true, text: nasty, lines: new Lines(nasty) }, opts, repo);
}, 60_000);

describe('fuzz: the baseline file and git diff output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-sl-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  test('a baseline file as a user may have edited it: fingerprints or one line of UsageError naming the file', () => {
    const valid = { version: 1, fingerprints: ['0123456789abcdef0123456789abcdef'], findings: [{ fingerprint: '0123456789abcdef0123456789abcdef', rule: 'provider-token', file: 'a.py', line: 3 }] };
    const content = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.record({ version: fc.jsonValue({ maxDepth: 1 }), fingerprints: fc.oneof(fc.array(fc.string()), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.nat({ max: 200 }).map((k) => JSON.stringify(valid).slice(0, k)),
      fc.string({ maxLength: 40 }),
    );
    fuzz(
      'secrets-lint: baseline file',
      fc.property(content, (text) => {
        const path = join(dir, `b${n++}.json`);
        writeFileSync(path, text);
        const set = onlyTypedErrors(() => readBaseline(path));
        if (set) for (const f of set) expect(typeof f).toBe('string');
      }),
    );
  });

  test('git diff -U0 output: the added lines per file (model), and any text parses without an exception', () => {
    const file = fc.oneof(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?\.(py|env|yml)$/), fc.constantFrom('dir with space/a.py', 'ü.py', 'quo"te.py', 'back\\slash.py', 'tab\there.py'));
    const hunks = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 5 })), { maxLength: 4, selector: ([s]) => s });
    // git's C-style quoting of unusual names, octal escapes for non-ASCII bytes.
    const quoted = (name: string) =>
      /^[\x21-\x7e ]*$/.test(name) && !/["\\\t]/.test(name)
        ? name
        : `"${[...Buffer.from(name)].map((b) => (b === 0x22 ? '\\"' : b === 0x5c ? '\\\\' : b === 9 ? '\\t' : b < 0x20 || b > 0x7e ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b))).join('')}"`;
    fuzz(
      'secrets-lint: git diff output (model)',
      fc.property(fc.uniqueArray(fc.tuple(file, hunks), { maxLength: 3, selector: ([f]) => f }), (files) => {
        const out: string[] = [];
        for (const [f, hs] of files) {
          out.push(`diff --git a/${f} b/${f}`, 'index 000..111 100644', `--- a/${f}`, `+++ ${quoted(`b/${f}`)}`);
          for (const [start, count] of hs) out.push(`@@ -${start} +${start}${count === 1 ? '' : `,${count}`} @@`, ...Array.from({ length: count }, () => '+x'));
        }
        const parsed = parseAddedLines(out.join('\n'));
        for (const [f, hs] of files) {
          const want = new Set(hs.flatMap(([s, c]) => Array.from({ length: c }, (_, i) => s + i)));
          expect([...(parsed.get(f) ?? [])].sort((a, b) => a - b), f).toEqual([...want].sort((a, b) => a - b));
        }
      }),
    );
    const text = fc.array(fc.constantFrom('+++ ', '+++ "', '+++ /dev/null', '"', '\\', '\\3', '\\303\\274', 'b/', '@@ -1 +', '2', ',3', ' @@', '\n', 'a'), { maxLength: 16 }).map((p) => p.join(''));
    fuzz('secrets-lint: git diff output', fc.property(text, (t) => void onlyTypedErrors(() => parseAddedLines(t), [])));
  });
});

// Found by the property above: a quoted path ending in a backslash crashed the diff reader with a TypeError.
test('a quoted diff path that ends in a backslash is read, not a crash', () => {
  expect([...parseAddedLines('+++ "b/a\\"\n@@ -0,0 +1 @@\n+x').keys()]).toEqual(['a\\']);
});
