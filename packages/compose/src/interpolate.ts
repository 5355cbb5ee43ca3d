// Compose's variable syntax, as compose v2 (compose-go's template package) reads it:
// $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+replacement},
// ${VAR+replacement}, and $$ for a literal dollar. The text after an operator may itself hold
// interpolations (${A:-${B:-x}}), matched by counting "${" against "}" as compose-go does.
// A "$" followed by anything else stays a literal "$"; a "${" that is not one of the forms above is
// an error compose reports as "invalid interpolation format", and so do we.
import { ComposeSyntaxError } from './errors.ts';
import { offsetsFrom, type Located } from './located.ts';

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface Interpolation {
  variable: string;
  operator: Operator | null;
  /** The text after the operator as written (for ':-' / '-' the fallback), nested references unexpanded. */
  default?: string;
  /** Position of the "$". */
  at: Located;
}

/** One parsed piece of a template. */
export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; variable: string; operator: Operator | null; arg?: Part[]; argText?: string; at: Located };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const OPERATORS: Operator[] = [':-', ':?', ':+', '-', '?', '+'];
const MAX_NESTING = 64;

/** Where the character at an offset of the template text is in its file. */
export type Locator = (offset: number) => Located;

/**
 * Parses a template; throws ComposeSyntaxError (naming file and line) on a malformed "${".
 * `at` is where the text starts (positions advance through it), or a function from offsets to
 * positions for text whose source differs from its value (quoted or folded YAML scalars).
 */
export function parseTemplate(text: string, at: Located | Locator, depth = 0): Part[] {
  const locate: Locator = typeof at === 'function' ? at : offsetsFrom(at, text);
  // compose-go recurses without a bound; a default nested this deep is a generated file, not a config
  if (depth > MAX_NESTING) throw new ComposeSyntaxError(locate(0).file, locate(0).line, `interpolations are nested more than ${MAX_NESTING} deep.`);
  let lineEnd = -1; // end of the line holding i, found once per line: a "${" never closes on a later line
  const parts: Part[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      literal += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let end = i + 2;
      while (end < text.length && NAME_CHAR.test(text[end])) end++;
      flush();
      parts.push({ kind: 'ref', variable: text.slice(i + 1, end), operator: null, at: locate(i) });
      i = end;
      continue;
    }
    if (next !== '{') {
      literal += '$';
      i++;
      continue;
    }
    if (lineEnd < i) {
      lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = text.length;
    }
    const close = closingBrace(text, i, lineEnd);
    const here = locate(i);
    if (close < 0) throw invalid(here, 'has no closing "}"');
    const body = text.slice(i + 2, close);
    let nameEnd = 0;
    if (body.length === 0 || !NAME_START.test(body[0])) throw invalid(here, 'needs a variable name after "${"');
    while (nameEnd < body.length && NAME_CHAR.test(body[nameEnd])) nameEnd++;
    const variable = body.slice(0, nameEnd);
    const rest = body.slice(nameEnd);
    flush();
    if (rest === '') {
      parts.push({ kind: 'ref', variable, operator: null, at: here });
    } else {
      const operator = OPERATORS.find((op) => rest.startsWith(op));
      if (!operator) throw invalid(here, `has "${rest[0]}" after the variable name where compose expects "}", ":-", "-", ":?", "?", ":+" or "+"`);
      const argText = rest.slice(operator.length);
      const argOffset = i + 2 + nameEnd + operator.length;
      const arg = parseTemplate(argText, (offset) => locate(argOffset + offset), depth + 1);
      parts.push({ kind: 'ref', variable, operator, arg, argText, at: here });
    }
    i = close + 1;
  }
  flush();
  return parts;
}

/**
 * Index of the "}" that closes the "${" at `start`, or -1. compose-go's rule: count every "{"
 * (skipping the character after it) against "}"; when that never balances, its regular expression
 * takes the last "}" of the line. A "${" never closes on a later line.
 */
function closingBrace(text: string, start: number, lineEnd: number): number {
  let open = 0;
  for (let i = start; i < lineEnd; i++) {
    if (text[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (text[i] === '{') {
      open++;
      i++;
    }
  }
  const last = text.lastIndexOf('}', lineEnd - 1);
  return last > start + 1 ? last : -1;
}

// The message never quotes the text: a default after the operator may be a secret.
function invalid(at: Located, why: string): ComposeSyntaxError {
  return new ComposeSyntaxError(at.file, at.line, `invalid interpolation format at column ${at.column}: the "\${" ${why}.`);
}

/** Every interpolation in `text`, nested ones included (after the one that contains them). */
export function interpolations(text: string, at: Located | Locator): Interpolation[] {
  const out: Interpolation[] = [];
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind !== 'ref') continue;
      const item: Interpolation = { variable: part.variable, operator: part.operator, at: part.at };
      if (part.argText !== undefined) item.default = part.argText;
      out.push(item);
      if (part.arg) walk(part.arg);
    }
  };
  walk(parseTemplate(text, at));
  return out;
}

/** What one variable lookup gave during an evaluation, for telling the user where a value came from. */
export interface VariableUse {
  variable: string;
  at: Located;
  /**
   * set: the variable's value was used; unset: it was not set and compose substituted "";
   * fallback: its ':-' / '-' text was used; replacement: its ':+' / '+' text was used;
   * error: ':?' / '?' on a missing variable (compose refuses to run).
   */
  outcome: 'set' | 'unset' | 'fallback' | 'replacement' | 'error';
}

export interface Evaluation {
  value: string;
  uses: VariableUse[];
  /** Compose's message for the first ':?' / '?' that failed; compose would refuse the project. */
  error?: string;
}

/** Substitutes a parsed template the way compose does. `lookup` returns undefined for an unset variable. */
export function evaluate(parts: Part[], lookup: (name: string) => string | undefined): Evaluation {
  const uses: VariableUse[] = [];
  let error: string | undefined;
  const run = (list: Part[]): string => {
    let out = '';
    for (const part of list) {
      if (part.kind === 'text') {
        out += part.text;
        continue;
      }
      const value = lookup(part.variable);
      const isSet = value !== undefined;
      const nonEmpty = isSet && value !== '';
      const use = (outcome: VariableUse['outcome']) => uses.push({ variable: part.variable, at: part.at, outcome });
      switch (part.operator) {
        case null:
          use(isSet ? 'set' : 'unset');
          out += value ?? '';
          break;
        case ':-':
        case '-':
          if (part.operator === ':-' ? nonEmpty : isSet) {
            use('set');
            out += value;
          } else {
            use('fallback');
            out += run(part.arg ?? []);
          }
          break;
        case ':?':
        case '?':
          if (part.operator === ':?' ? nonEmpty : isSet) {
            use('set');
            out += value;
          } else {
            use('error');
            const message = run(part.arg ?? []);
            error ??= `required variable ${part.variable} is missing a value${message ? `: ${message}` : ''}`;
          }
          break;
        case ':+':
        case '+':
          if (part.operator === ':+' ? nonEmpty : isSet) {
            use('replacement');
            out += run(part.arg ?? []);
          } else {
            use('unset');
          }
          break;
      }
    }
    return out;
  };
  const value = run(parts);
  return error === undefined ? { value, uses } : { value, uses, error };
}
