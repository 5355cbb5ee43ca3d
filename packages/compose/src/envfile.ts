// Compose's .env syntax, as compose v2 reads it (compose-go's dotenv parser): blank lines and
// "#" comment lines skipped, an optional "export " prefix, "KEY=value" or "KEY: value", a bare
// "KEY" that takes its value from the environment, unquoted values cut at " #" and trimmed,
// single quotes literal, double quotes with shell escapes (\n, \t, \\, \", \$, octal \0NNN) that
// may span lines. CRLF line breaks and a UTF-8 BOM are accepted.
// Messages never quote a value: env files hold secrets.
import { ComposeSyntaxError } from './errors.ts';
import { Positions, stripBom, type Located } from './located.ts';

export interface EnvFileEntry {
  name: string;
  /**
   * The value after quotes and escapes, "$" references as written ("\$" in double quotes reads as
   * "$$", compose's own escape). When `interpolated` is true compose expands them.
   */
  value: string;
  /** Position of the value (its opening quote when quoted); of the name for a bare `KEY`. */
  at: Located;
  quoted: boolean;
  /** Unquoted and double-quoted values have their ${VAR} references expanded by compose; single-quoted do not. */
  interpolated: boolean;
  /** A bare `KEY` line: the value comes from the environment compose runs in. */
  inherited?: true;
}

const INLINE_SPACE = new Set(['\t', '\v', '\f', '\r', ' ', '\u0085', '\u00A0']);
const KEY_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function parseEnvFile(file: string, input: string): EnvFileEntry[] {
  const { text: withoutBom } = stripBom(input);
  // compose-go replaces CRLF with LF first; positions stay the same because a CR before LF counts
  // as part of the line break.
  const text = withoutBom.replace(/\r\n/g, '\n');
  const positions = new Positions(file, text);
  const entries: EnvFileEntry[] = [];
  let i = 0;
  const fail = (offset: number, reason: string): never => {
    const at = positions.at(offset);
    throw new ComposeSyntaxError(file, at.line, `${reason} (column ${at.column}).`);
  };

  while (i < text.length) {
    // start of a statement: skip blanks, line breaks and comment lines
    const ch = text[i];
    if (ch === '\n' || INLINE_SPACE.has(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const exported = /^export[\t\v\f\r \u0085\u00A0]+/.exec(text.slice(i, i + 64));
    if (exported) i += exported[0].length;

    const keyStart = i;
    let keyEnd = -1;
    let separator: '=' | ':' | '\n' | '' = '';
    for (; i <= text.length; i++) {
      const c = text[i];
      if (c === undefined || c === '\n' || c === '=' || c === ':') {
        separator = c ?? '';
        keyEnd = i;
        break;
      }
      if (INLINE_SPACE.has(c)) continue;
      if (KEY_PUNCTUATION.has(c) || LETTER_OR_DIGIT.test(c)) {
        // a space inside a name ("MY KEY=") is a typo compose would carry on with; refuse it
        if (i > keyStart && INLINE_SPACE.has(text[i - 1])) fail(i - 1, 'unexpected space in a variable name');
        continue;
      }
      fail(i, `unexpected character ${JSON.stringify(c)} in a variable name`);
    }
    const name = text.slice(keyStart, keyEnd).replace(/[\t\v\f\r \u0085\u00A0]+$/u, '');
    if (name === '') fail(keyStart, 'a line starts with a separator but no variable name');

    if (separator === '\n' || separator === '') {
      entries.push({ name, value: '', at: positions.at(keyStart), quoted: false, interpolated: false, inherited: true });
      i = keyEnd;
      continue;
    }
    i = keyEnd + 1;
    while (i < text.length && INLINE_SPACE.has(text[i])) i++;
    const valueStart = i;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const { value, end } = readQuoted(text, i, quote) ?? fail(valueStart, `the value of ${name} opens a quote that is never closed`);
      entries.push({ name, value, at: positions.at(valueStart), quoted: true, interpolated: quote === '"' });
      i = end; // compose-go reads whatever follows the closing quote as the next statement
      continue;
    }
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = text.length;
    let value = text.slice(i, lineEnd);
    const comment = value.indexOf(' #');
    if (comment >= 0) value = value.slice(0, comment);
    value = value.replace(/\s+$/u, '');
    entries.push({ name, value, at: positions.at(valueStart), quoted: false, interpolated: true });
    i = lineEnd;
  }
  return entries;
}

/** Reads a quoted value starting at the quote; undefined when it is never closed. */
function readQuoted(text: string, start: number, quote: '"' | "'"): { value: string; end: number } | undefined {
  let chars = '';
  let escaped = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c !== quote) {
      if (!escaped && c === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += '\\';
      }
      chars += c;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += c;
      continue;
    }
    return { value: quote === '"' ? expandEscapes(chars) : chars, end: i + 1 };
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', c: '\\c', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/** compose-go's expandEscapes: only these sequences; any other backslash stays as written. */
function expandEscapes(text: string): string {
  return text.replace(/\\(?:([abcfnrtv$"\\])|0([0-7]{0,3}))/g, (match, simple: string | undefined, octal: string | undefined) => {
    if (simple !== undefined) return SIMPLE_ESCAPES[simple];
    // Go's UnquoteChar needs exactly three octal digits after the rewrite of "\0" to "\"
    if (octal !== undefined && octal.length === 3) {
      const code = parseInt(octal, 8);
      return code <= 0xff ? String.fromCharCode(code) : match;
    }
    return match;
  });
}
