/**
 * The cheap substring tests that run before each scanner's regexes (speed) must never hide a match:
 * each shape alone in a file is still found, and the indented-line test agrees with the regex it replaces.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearSecrets } from '@preflight/core';
import { scanCode } from './scanners/code.ts';
import { hasIndentedLine, scanDocs } from './scanners/docs.ts';
import { scanTokens } from './scanners/tokens.ts';

afterEach(() => clearSecrets());

const opts = { minLength: 32 };
const lines = (file: string, text: string) => scanCode(file, text, opts).map((h) => `${h.variable}:${h.line}`);

describe('code fallbacks, each shape the only one in its file', () => {
  test.each([
    ['Python config()', 'a.py', 'x = 1\nSECRET_KEY = config("SECRET_KEY", default="k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp")\n', 'SECRET_KEY:2'],
    ['Python env.str()', 'a.py', 'JWT_SECRET = env.str("JWT_SECRET", "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp")\n', 'JWT_SECRET:1'],
    ['Python environ.get without os.', 'a.py', 'from os import environ\nK = environ.get("API_TOKEN", "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp")\n', 'API_TOKEN:2'],
    ['Python getenv()', 'a.py', 'from os import getenv\nK = getenv("DB_PASSWORD", "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp")\n', 'DB_PASSWORD:2'],
    ['JS process.env.X ||', 'a.js', 'const k = process.env.SESSION_SECRET || "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp";\n', 'SESSION_SECRET:1'],
    ['TS process.env["X"] ??', 'a.ts', "const k = process.env['API_KEY'] ?? 'k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp';\n", 'API_KEY:1'],
    ['Deno.env.get ??', 'a.ts', 'const k = Deno.env.get("JWT_SECRET") ?? "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp";\n', 'JWT_SECRET:1'],
    ['Go cmp.Or', 'a.go', 'k := cmp.Or(os.Getenv("DB_PASSWORD"), "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp")\n', 'DB_PASSWORD:1'],
    ['pydantic default', 'a.py', 'class S(BaseSettings):\n    secret_key: str = "k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp"\n', 'secret_key:2'],
  ])('%s', (_what, file, text, expected) => {
    expect(lines(file, text)).toEqual([expected]);
  });
});

test('provider tokens alone in a file are found (Stripe restricted and secret keys, AWS secret keys in any case)', () => {
  const body = 'k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3J';
  const found = (text: string) => scanTokens('a.txt', text).map((h) => `${h.variable}:${h.line}`);
  expect(found(`x\nk = "rk_live_${body}"\n`)).toEqual(['Stripe live key:2']);
  expect(found(`k = "sk_live_${body}"\n`)).toEqual(['Stripe live key:1']);
  const awsSecret = 'k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp1aB2cD3eF';
  expect(found(`aws_secret_access_key = ${awsSecret}\n`)).toEqual(['AWS secret access key:1']);
  expect(found(`AWS_SECRET_ACCESS_KEY=${awsSecret}\n`)).toEqual(['AWS secret access key:1']);
  expect(found(`Aws.secret: ${awsSecret}\n`)).toEqual(['AWS secret access key:1']);
});

test('the indented-line test agrees with /^(?: {4}|\\t)\\S/m on every generated text', () => {
  const regex = /^(?: {4}|\t)\S/m;
  const alphabet = [' ', ' ', ' ', '\t', '\n', '\n', '\r', 'a', '`', '\u2028', '\u00a0', '\ufeff'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let indented = 0;
  for (let i = 0; i < 50_000; i++) {
    let s = '';
    for (let n = Math.floor(rnd() * 14); n > 0; n--) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const want = regex.test(s);
    if (want) indented++;
    expect(hasIndentedLine(s), JSON.stringify(s)).toBe(want);
  }
  // The generator reaches both answers.
  expect(indented).toBeGreaterThan(1000);
});

test('literal assignments in scripts and text are found in each form: =, := and ": " or ":<tab>"', () => {
  const v = 'k8Qz2Lm9Zt4Xw7Vb1Nc5Hd3Jf6Gs0Yp';
  const found = (file: string, text: string) => scanDocs(file, text, opts).map((h) => `${h.variable}:${h.line}`);
  expect(found('run.sh', `#!/bin/sh\nexport DB_PASSWORD=${v}\n`)).toEqual(['DB_PASSWORD:2']);
  expect(found('Makefile', `API_TOKEN := ${v}\n`)).toEqual(['API_TOKEN:1']);
  expect(found('notes.txt', `SECRET_KEY: ${v}\n`)).toEqual(['SECRET_KEY:1']);
  expect(found('notes.txt', `x\nJWT_SECRET:\t${v}\n`)).toEqual(['JWT_SECRET:2']);
});
