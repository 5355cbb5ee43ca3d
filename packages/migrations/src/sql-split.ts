/**
 * A small SQL lexer: finds statement boundaries (`;` outside strings, quoted identifiers,
 * dollar-quoted bodies and comments) and psql meta-command lines. It never decides what SQL means
 * (the server parses every statement); it only tells us where statements start, so an error the
 * server reports without a position can still be pinned to a line, and so statements that must not
 * run inside a transaction block (CREATE INDEX CONCURRENTLY) can be sent one at a time.
 *
 * SQL-standard function bodies (`CREATE FUNCTION ... BEGIN ATOMIC ... END`) contain bare
 * semicolons; they are kept whole with psql's own heuristic (psqlscan.l since PostgreSQL 14): in a
 * statement that starts CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN outside parentheses opens a
 * block, CASE inside a block opens one too, END closes one, and `;` inside a block does not end the
 * statement. Agreeing with psql is the point: a script we split runs the way psql would run it.
 */

export interface SqlStatement {
  /** The statement text, including its terminating `;` when there is one. */
  sql: string;
  /** Offset (JS string index) of the first character that is not whitespace or a comment. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
}

export interface MetaCommandLine {
  /** The command word without the backslash: `restrict`, `connect`, `i`, `.` */
  command: string;
  /** 1-based line. */
  line: number;
  /** Offsets of the line's content (without its newline). */
  start: number;
  end: number;
}

export interface ScanResult {
  statements: SqlStatement[];
  metaCommands: MetaCommandLine[];
}

/**
 * @param options.psqlMeta treat a line that starts with `\` (outside any quoted text) as a psql
 *   meta-command, as psql does; such lines are not part of any statement.
 */
export function scanSql(text: string, options: { psqlMeta?: boolean } = {}): ScanResult {
  const lineAt = lineIndex(text);
  const statements: SqlStatement[] = [];
  const metaCommands: MetaCommandLine[] = [];
  const n = text.length;
  let stmtStart = -1;
  let lineStart = 0;
  let i = 0;
  const block = new AtomicBodyTracker();

  const begin = (at: number) => {
    if (stmtStart < 0) stmtStart = at;
  };
  const finish = (end: number) => {
    if (stmtStart >= 0) statements.push({ sql: text.slice(stmtStart, end), start: stmtStart, end, line: lineAt(stmtStart) });
    stmtStart = -1;
    block.reset();
  };

  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '\n') {
      lineStart = i + 1;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
    } else if (ch === '-' && next === '-') {
      i = indexOrEnd(text, '\n', i);
    } else if (ch === '/' && next === '*') {
      i = skipBlockComment(text, i);
    } else if (ch === '\\' && options.psqlMeta && text.slice(lineStart, i).trim() === '') {
      const end = indexOrEnd(text, '\n', i);
      const command = /^\\(\.|[^\s\\]*)/.exec(text.slice(i, end))?.[1] ?? '';
      metaCommands.push({ command, line: lineAt(i), start: lineStart, end });
      i = end;
    } else if (ch === "'") {
      begin(i);
      const escapes = (text[i - 1] === 'E' || text[i - 1] === 'e') && !isIdentChar(text[i - 2]);
      i = skipQuoted(text, i, "'", escapes);
    } else if (ch === '"') {
      begin(i);
      i = skipQuoted(text, i, '"', false);
    } else if (ch === '$' && !isIdentChar(text[i - 1])) {
      begin(i);
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 128))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        i = close < 0 ? n : close + tag.length;
      } else {
        i++;
      }
    } else if (ch === ';') {
      begin(i);
      if (!block.inside()) finish(i + 1);
      i++;
    } else if (isIdentStart(ch) && !isIdentChar(text[i - 1])) {
      begin(i);
      let end = i + 1;
      while (end < n && isIdentChar(text[end])) end++;
      block.word(text.slice(i, end));
      i = end;
    } else {
      begin(i);
      if (ch === '(') block.paren(1);
      else if (ch === ')') block.paren(-1);
      i++;
    }
  }
  finish(n);
  return { statements, metaCommands };
}

/** Returns a function from a string index to its 1-based line number. */
export function lineIndex(text: string): (index: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * PostgreSQL reports an error `position` as a 1-based count of characters (code points) into the
 * query string; JS indexes count UTF-16 units, which differ after any character outside the BMP.
 */
export function indexOfPosition(text: string, position: number): number {
  let index = 0;
  for (let chars = 1; chars < position && index < text.length; chars++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return Math.min(index, text.length);
}

/** 1-based line of a server error position inside `text`. */
export function lineOfPosition(text: string, position: number): number {
  return lineIndex(text)(indexOfPosition(text, position));
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

function skipBlockComment(text: string, i: number): number {
  // PostgreSQL block comments nest.
  let depth = 0;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return i;
}

function skipQuoted(text: string, i: number, quote: string, backslashEscapes: boolean): number {
  i++;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

/** psql's BEGIN ... END tracking for SQL-standard function bodies (see the header). */
class AtomicBodyTracker {
  private words: string[] = [];
  /** Whether this statement creates a function or procedure; undefined until its first words are read. */
  private routine: boolean | undefined;
  private depth = 0;
  private parens = 0;

  reset(): void {
    this.words = [];
    this.routine = undefined;
    this.depth = 0;
    this.parens = 0;
  }

  inside(): boolean {
    return this.depth > 0;
  }

  paren(delta: number): void {
    if (this.routine !== false) this.parens = Math.max(0, this.parens + delta);
  }

  word(raw: string): void {
    if (this.routine === false) return;
    const word = raw.toLowerCase();
    if (this.routine === undefined) {
      this.words.push(word);
      const [w0, w1, w2, w3] = this.words;
      const isRoutine = (w: string) => w === 'function' || w === 'procedure';
      if (w0 !== 'create') this.routine = false;
      else if (w1 !== undefined && w1 !== 'or') this.routine = isRoutine(w1);
      else if (w2 !== undefined && w2 !== 'replace') this.routine = false;
      else if (w3 !== undefined) this.routine = isRoutine(w3);
      return;
    }
    if (this.parens > 0) return;
    if (word === 'begin') this.depth++;
    else if (word === 'case' && this.depth > 0) this.depth++;
    else if (word === 'end' && this.depth > 0) this.depth--;
  }
}

/** A letter, `_` or any non-ASCII character: where an identifier or keyword can start. */
function isIdentStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdentChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}
