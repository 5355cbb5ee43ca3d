/**
 * Secret fallbacks in code: a missing secret silently becomes the literal in the source.
 * Python os.getenv / os.environ.get / environ.get / config(..., default=) / pydantic settings
 * defaults; JS/TS process.env.X || "..." and ?? "..."; Go getenv-with-default helpers and cmp.Or.
 */
import { isSecretName } from '@preflight/core';
import { assess, describeValue, fullHash, isReference } from '../value.ts';
import { Lines, type Hit } from '../hit.ts';

const STR = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\x60((?:[^\x60\\$]|\\.)*)\x60)`;

interface Shape {
  langs: RegExp;
  pattern: RegExp;
  /**
   * Substrings one of which every match of `pattern` contains: a substring search is many times
   * faster than a regex pass, and most files hold none. Chosen so the search can skip fast (a rare
   * first character: V8 looks for the first character, then compares): "v(" rather than "env(".
   */
  maybe: (text: string) => boolean;
  how: string;
  fix: (name: string) => string;
}

const PY_FIX = (n: string) => `Read it without a default and fail at start-up when it is missing: os.environ["${n}"].`;
const JS_FIX = (n: string) => `Fail at start-up when it is missing: const v = process.env.${n}; if (!v) throw new Error("${n} is required").`;
const GO_FIX = (n: string) => `Fail at start-up when it is missing: v, ok := os.LookupEnv("${n}"); if !ok { log.Fatal("${n} is required") }.`;

const any = (...needles: string[]) => (text: string) => needles.some((n) => text.includes(n));

const PY = /\.py$/;
const JS = /\.(?:[cm]?[jt]sx?)$/;
const GO = /\.go$/;

const SHAPES: readonly Shape[] = [
  // os.getenv("X", "d"), os.environ.get("X", "d"), environ.get, env("X", default="d"), config("X", default="d"), env.str("X", "d")
  {
    langs: PY,
    pattern: new RegExp(String.raw`\b(?:os\.getenv|(?:os\.)?environ\.get|getenv|env(?:\.str)?|config)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*(?:default\s*=\s*)?${STR}`, 'g'),
    // getenv( and env( contain "v(", env.str( "v.str(", config( "g(".
    maybe: any('v(', 'v.str(', 'viron.get', 'g('),
    how: 'falls back to a literal',
    fix: PY_FIX,
  },
  // process.env.X || "d", process.env.X ?? "d", process.env["X"] || "d"
  {
    langs: JS,
    // process.env. or process.env[: "v." or "v[" first (a rare first character), then the whole name.
    maybe: (text) => (text.includes('v.') || text.includes('v[')) && text.includes('process.env'),
    pattern: new RegExp(String.raw`\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\])\s*(?:\|\||\?\?)\s*${STR}`, 'g'),
    how: 'falls back to a literal',
    fix: JS_FIX,
  },
  // Deno / Bun style too: Deno.env.get("X") ?? "d"
  {
    langs: JS,
    maybe: any('Deno.env.get('),
    pattern: new RegExp(String.raw`\bDeno\.env\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)\s*(?:\|\||\?\?)\s*${STR}`, 'g'),
    how: 'falls back to a literal',
    fix: JS_FIX,
  },
  // getEnv("X", "d"), GetEnvDefault("X", "d"), envOr("X", "d"), and cmp.Or(os.Getenv("X"), "d")
  {
    langs: GO,
    maybe: any('env', 'Env', 'ENV'),
    pattern: new RegExp(String.raw`\b[A-Za-z_.]*(?:[Ee]nv|ENV)[A-Za-z]*\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*,\s*${STR}\s*\)`, 'g'),
    how: 'falls back to a literal (getenv-with-default helper)',
    fix: GO_FIX,
  },
  {
    langs: GO,
    maybe: any('cmp.Or('),
    pattern: new RegExp(String.raw`\bcmp\.Or\(\s*os\.Getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)\s*,\s*${STR}`, 'g'),
    how: 'falls back to a literal (cmp.Or)',
    fix: GO_FIX,
  },
];

// pydantic BaseSettings field with a literal default: `secret_key: str = "..."`, `jwt_secret: SecretStr = SecretStr("...")`, `Field("...")`, `Field(default="...")`.
const PYDANTIC_FIELD = new RegExp(
  String.raw`^([ \t]+)([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*[A-Za-z_][\w\[\]., |]*?=[ \t]*(?:SecretStr\(\s*|Field\(\s*(?:default\s*=\s*)?)?${STR}`,
  'gm',
);

export function scanCode(file: string, text: string, opts: { minLength: number }, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  for (const shape of SHAPES) {
    if (!shape.langs.test(file) || !shape.maybe(text)) continue;
    shape.pattern.lastIndex = 0;
    for (let m = shape.pattern.exec(text); m; m = shape.pattern.exec(text)) {
      const groups = m.slice(1);
      const name = groups[0] ?? groups[1];
      const strings = shape.langs === JS && m[0].startsWith('process') ? groups.slice(2) : groups.slice(1);
      const value = unescape(strings.find((s) => s !== undefined) ?? '');
      if (!name || !isSecretName(name) || !value || isReference(value)) continue;
      hits.push(fallbackHit(file, lines.lineOf(m.index), name, value, shape.how, shape.fix(name), opts.minLength));
    }
  }
  if (PY.test(file) && text.includes('BaseSettings')) {
    PYDANTIC_FIELD.lastIndex = 0;
    for (let m = PYDANTIC_FIELD.exec(text); m; m = PYDANTIC_FIELD.exec(text)) {
      const name = m[2]!;
      const value = unescape(m[3] ?? m[4] ?? m[5] ?? '');
      if (!isSecretName(name) || !value || isReference(value)) continue;
      hits.push(
        fallbackHit(file, lines.lineOf(m.index + m[1]!.length), name, value, 'has a literal default in a pydantic settings class', `Declare it without a default (${name}: SecretStr) so a missing ${name.toUpperCase()} fails at start-up.`, opts.minLength),
      );
    }
  }
  return hits;
}

function fallbackHit(file: string, line: number, name: string, value: string, how: string, fix: string, minLength: number): Hit {
  const a = assess(value, minLength);
  return {
    rule: 'code-secret-fallback',
    severity: 'error',
    file,
    line,
    variable: name,
    valueHash: fullHash(value),
    object: `${file}:${line}:${name}`,
    message: `${name} ${how} in ${file}:${line} (${describeValue(a, minLength)}): a missing secret silently becomes this public one.`,
    fix,
  };
}

function unescape(s: string): string {
  return s.replace(/\\(["'\\`])/g, '$1');
}
