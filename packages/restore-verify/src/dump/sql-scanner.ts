/**
 * A streaming scanner for plain SQL dumps (pg_dump -Fp, with or without --inserts,
 * --column-inserts, --rows-per-insert). It walks the bytes once with a small state machine that
 * knows where SQL text is code and where it is data: '...' strings (and E'...' with backslash
 * escapes), "..." identifiers, $tag$...$tag$ bodies, -- and nested /* comments, psql
 * meta-commands (\restrict, \connect) and COPY ... FROM stdin data up to `\.`. Only the start of
 * each statement is kept (to read its table name), so memory does not grow with the dump.
 *
 * Rows: one per COPY data line; for INSERT, one per parenthesised tuple after VALUES at depth 0
 * (a multi-row VALUES list of --rows-per-insert counts each tuple). Tables created by CREATE TABLE
 * count as 0 rows until data shows up, so an INSERT-style dump of an empty table still names it.
 */
import { parseQualifiedName, type TableName } from '../names.ts';
import type { CopyCounter } from './copy-counter.ts';
import type { DumpCollector } from './collector.ts';

const enum S {
  Normal,
  SQuote,
  SQuoteEnd,
  SQuoteEscape,
  DQuote,
  DQuoteEnd,
  DollarOpen,
  DollarBody,
  LineComment,
  BlockComment,
  Dash,
  Slash,
  BlockStar,
  BlockSlash,
  MetaLine,
  CopyPendingNewline,
  CopyData,
}

const HEAD_CAP = 64 * 1024;
const COMMENT_CAP = 300;

const isWordByte = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;
const isTagStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;

const QN = String.raw`((?:"(?:[^"]|"")+"|[^\s."(),;]+)(?:\.(?:"(?:[^"]|"")+"|[^\s."(),;]+))?)`;
const COPY_RE = new RegExp(String.raw`^COPY\s+${QN}\s*(?:\(([^)]*)\))?\s+FROM\s+stdin\b`, 'is');
const INSERT_RE = new RegExp(String.raw`^INSERT\s+INTO\s+${QN}\s*(?:\(([^)]*)\))?`, 'is');
const CREATE_TABLE_RE = new RegExp(String.raw`^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QN}\s*\(`, 'is');
const SET_CONFIG_RE = /set_config\(\s*'search_path'\s*,\s*'([^']*)'/i;
const SET_PATH_RE = /^SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*(.+)$/is;

export class SqlDumpScanner {
  private state = S.Normal;
  private line = 1;
  private head = Buffer.alloc(HEAD_CAP);
  private headLen = 0;
  private stmtLine = 0;
  private depth = 0;
  private word = '';
  private afterValues = false;
  private tuples = 0;
  private isInsert: boolean | undefined;
  private eString = false;
  private prevByte = 0x20;
  private dollarTag: number[] = [];
  private dollarMatch = 0;
  private blockDepth = 0;
  private comment: number[] = [];
  private copy: { table: TableName; columns?: string[]; counter: CopyCounter; line: number } | undefined;
  private footer = false;

  constructor(private readonly out: DumpCollector) {}

  feed(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === S.CopyData) {
        const c = this.copy!;
        const rest = i === 0 ? chunk : chunk.subarray(i);
        const before = c.counter.rows;
        const end = c.counter.feed(rest);
        this.line += c.counter.rows - before;
        if (end === -1) return;
        this.line += 1; // the terminator line
        i += end;
        this.out.finishCopy(c.table, c.counter, c.columns, c.line, `COPY data for this table (line ${c.line})`);
        this.copy = undefined;
        this.state = S.Normal;
        this.resetStatement();
        continue;
      }
      this.step(chunk[i]);
      i++;
    }
  }

  /** End of input: whatever is still open was cut. */
  end(): void {
    if (this.state === S.CopyData && this.copy) {
      const c = this.copy;
      this.out.finishCopy(c.table, c.counter, c.columns, c.line, `COPY data for this table (line ${c.line})`);
      this.copy = undefined;
      this.out.complete = false;
    } else this.endOpenStatement();
    if (!this.footer) {
      this.out.complete = false;
      this.out.problem('dump-truncated', 'dump', 'The dump has no "-- PostgreSQL database dump complete" footer: pg_dump did not finish writing it, or the file was cut short.', this.line);
    }
  }

  private endOpenStatement(): void {
    if (this.state === S.LineComment) this.endComment();
    const open = this.headLen > 0 && this.head.subarray(0, this.headLen).toString('latin1').trim() !== '';
    if (open || (this.state !== S.Normal && this.state !== S.LineComment && this.state !== S.MetaLine && this.state !== S.Dash)) {
      const what = this.isInsert && this.tuples > 0 ? `an INSERT with ${this.tuples} rows so far` : 'a statement';
      this.out.problem('dump-truncated', 'dump', `The dump ends inside ${what} that starts at line ${this.stmtLine || this.line}: the file was cut short.`, this.stmtLine || this.line);
      this.out.complete = false;
    }
  }

  private step(c: number): void {
    if (c === 0x0a) this.line++;
    switch (this.state) {
      case S.Normal:
        return this.normal(c);
      case S.SQuote:
        this.keep(c);
        if (c === 0x27) this.state = S.SQuoteEnd;
        else if (c === 0x5c && this.eString) this.state = S.SQuoteEscape;
        return;
      case S.SQuoteEscape:
        this.keep(c);
        this.state = S.SQuote;
        return;
      case S.SQuoteEnd:
        if (c === 0x27) {
          this.keep(c);
          this.state = S.SQuote;
          return;
        }
        this.state = S.Normal;
        return this.normal(c);
      case S.DQuote:
        this.keep(c);
        if (c === 0x22) this.state = S.DQuoteEnd;
        return;
      case S.DQuoteEnd:
        if (c === 0x22) {
          this.keep(c);
          this.state = S.DQuote;
          return;
        }
        this.state = S.Normal;
        return this.normal(c);
      case S.DollarOpen:
        if (c === 0x24) {
          this.keep(c);
          this.state = S.DollarBody;
          this.dollarMatch = 0;
          return;
        }
        if (this.dollarTag.length === 0 ? isTagStart(c) : isWordByte(c)) {
          this.keep(c);
          this.dollarTag.push(c);
          return;
        }
        // Not a dollar quote after all ($1, or a $ inside a word).
        this.state = S.Normal;
        return this.normal(c);
      case S.DollarBody:
        this.keep(c);
        return this.dollarBody(c);
      case S.LineComment:
        if (c === 0x0a) {
          this.endComment();
          this.state = S.Normal;
        } else if (this.comment.length < COMMENT_CAP) this.comment.push(c);
        return;
      case S.Dash:
        if (c === 0x2d) {
          this.state = S.LineComment;
          this.comment = [];
          return;
        }
        this.keep(0x2d);
        this.state = S.Normal;
        return this.normal(c);
      case S.Slash:
        if (c === 0x2a) {
          this.state = S.BlockComment;
          this.blockDepth = 1;
          return;
        }
        this.keep(0x2f);
        this.state = S.Normal;
        return this.normal(c);
      case S.BlockComment:
        if (c === 0x2a) this.state = S.BlockStar;
        else if (c === 0x2f) this.state = S.BlockSlash;
        return;
      case S.BlockStar:
        if (c === 0x2f) {
          if (--this.blockDepth === 0) {
            this.state = S.Normal;
            this.prevByte = 0x20;
            return;
          }
          this.state = S.BlockComment;
        } else this.state = c === 0x2a ? S.BlockStar : S.BlockComment;
        return;
      case S.BlockSlash:
        if (c === 0x2a) this.blockDepth++;
        this.state = c === 0x2f ? S.BlockSlash : S.BlockComment;
        return;
      case S.MetaLine:
        if (c === 0x0a) {
          this.state = S.Normal;
          this.resetStatement();
        }
        return;
      case S.CopyPendingNewline:
        if (c === 0x0a) this.state = S.CopyData;
        return;
      default:
        return;
    }
  }

  private normal(c: number): void {
    const prev = this.prevByte;
    this.prevByte = c;
    if (this.isInsert !== false && isWordByte(c) && c < 0x80) {
      this.word += String.fromCharCode(c);
    } else if (this.word) {
      this.endWord();
    }
    switch (c) {
      case 0x3b: // ;
        this.keep(c);
        return this.endStatement();
      case 0x27: // '
        this.eString = (prev === 0x45 || prev === 0x65) && this.headLen >= 1 && !isWordByte(this.head[this.headLen - 2] ?? 0x20);
        this.keep(c);
        this.state = S.SQuote;
        return;
      case 0x22:
        this.keep(c);
        this.state = S.DQuote;
        return;
      case 0x24: // $
        if (isWordByte(prev)) {
          this.keep(c);
          return;
        }
        this.keep(c);
        this.dollarTag = [];
        this.state = S.DollarOpen;
        return;
      case 0x2d: // -
        this.state = S.Dash;
        return;
      case 0x2f:
        this.state = S.Slash;
        return;
      case 0x5c: // backslash at the start of a statement: a psql meta-command line
        if (this.headLen === 0 || this.head.subarray(0, this.headLen).toString('latin1').trim() === '') {
          this.state = S.MetaLine;
          return;
        }
        this.keep(c);
        return;
      case 0x28: // (
        if (this.depth === 0 && this.afterValues) this.tuples++;
        this.depth++;
        this.keep(c);
        return;
      case 0x29:
        if (this.depth > 0) this.depth--;
        this.keep(c);
        return;
      default:
        if (this.headLen === 0 && isSpace(c)) return;
        if (this.headLen === 0) this.stmtLine = this.line;
        this.keep(c);
    }
  }

  private endWord(): void {
    const w = this.word;
    this.word = '';
    if (this.isInsert === undefined) {
      this.isInsert = /^insert$/i.test(w);
      return;
    }
    if (this.isInsert && this.depth === 0 && /^values$/i.test(w)) this.afterValues = true;
  }

  private dollarBody(c: number): void {
    // Looking for $tag$; the tag has no $, so on a mismatch a $ can only restart the match.
    const tag = this.dollarTag;
    const m = this.dollarMatch;
    if (m === 0) {
      if (c === 0x24) this.dollarMatch = 1;
      return;
    }
    if (m <= tag.length) {
      if (c === tag[m - 1]) this.dollarMatch = m + 1;
      else this.dollarMatch = c === 0x24 ? 1 : 0;
      return;
    }
    // m === tag.length + 1: expecting the closing $
    if (c === 0x24) {
      this.state = S.Normal;
      this.prevByte = 0x20;
      return;
    }
    this.dollarMatch = 0;
  }

  private keep(c: number): void {
    if (this.headLen === 0) this.stmtLine = this.line;
    if (this.headLen < HEAD_CAP) this.head[this.headLen++] = c;
  }

  private endComment(): void {
    const text = Buffer.from(this.comment).toString('utf8').trim();
    this.comment = [];
    let m: RegExpExecArray | null;
    if ((m = /^Dumped from database version (.+)$/.exec(text))) this.out.header.serverVersion = m[1].trim();
    else if ((m = /^Dumped by pg_dump version (.+)$/.exec(text))) this.out.header.dumpVersion = m[1].trim();
    else if ((m = /^Started on (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*(\S+)?/.exec(text))) {
      const at = parseStartedOn(m[1], m[2]);
      if (at) this.out.header.takenAt = at;
    } else if (/^PostgreSQL database (cluster )?dump complete$/.test(text)) this.footer = true;
    // A comment ends a word, like a space would.
    if (this.word) this.endWord();
    this.prevByte = 0x20;
  }

  private endStatement(): void {
    if (this.word) this.endWord();
    const text = this.head.subarray(0, this.headLen).toString('utf8').trim();
    const first = /^[A-Za-z]+/.exec(text)?.[0].toUpperCase();
    let m: RegExpExecArray | null;
    if (first === 'COPY' && (m = COPY_RE.exec(text))) {
      const table = toTable(m[1], this.out.searchPath);
      if (table) {
        this.copy = { table, columns: columnsOf(m[2]), counter: this.out.newCopyCounter(table), line: this.stmtLine };
        this.state = S.CopyPendingNewline;
        this.resetStatement();
        return;
      }
    } else if (first === 'INSERT' && (m = INSERT_RE.exec(text))) {
      const table = toTable(m[1], this.out.searchPath);
      if (table) {
        this.out.addRows(table, this.tuples, true, this.stmtLine);
        if (this.out.isLedger(table) && this.headLen < HEAD_CAP) this.out.addLedgerRows(table, columnsOf(m[2]), insertTuples(text));
      }
    } else if (first === 'CREATE' && (m = CREATE_TABLE_RE.exec(text))) {
      const table = toTable(m[1], this.out.searchPath);
      if (table) this.out.declareTable(table, this.stmtLine, this.out.isLedger(table) ? createTableColumns(text) : undefined);
    } else if (first === 'SELECT' && (m = SET_CONFIG_RE.exec(text))) {
      this.out.searchPath = splitPath(m[1]);
    } else if (first === 'SET' && (m = SET_PATH_RE.exec(text.replace(/;$/, '')))) {
      this.out.searchPath = splitPath(m[1]);
    }
    this.resetStatement();
  }

  private resetStatement(): void {
    this.headLen = 0;
    this.depth = 0;
    this.word = '';
    this.afterValues = false;
    this.tuples = 0;
    this.isInsert = undefined;
    this.prevByte = 0x20;
  }
}

function toTable(qualified: string, searchPath: string[]): TableName | undefined {
  const parts = parseQualifiedName(qualified);
  if (!parts) return undefined;
  if (parts.length === 2) return { schema: parts[0], name: parts[1] };
  return { schema: searchPath[0] ?? 'public', name: parts[0] };
}

function columnsOf(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  return list.split(',').map((c) => parseQualifiedName(c)?.[0] ?? c.trim());
}

function splitPath(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim().replace(/^'(.*)'$/, '$1'))
    .filter((p) => p !== '' && p !== '"$user"' && p !== 'pg_catalog')
    .map((p) => parseQualifiedName(p)?.[0] ?? p);
}

/** Column names of a small CREATE TABLE (ledger tables), for INSERTs without a column list. */
function createTableColumns(text: string): string[] {
  const body = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  const out: string[] = [];
  let depth = 0;
  let item = '';
  for (const ch of body + ',') {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      const first = /^\s*("(?:[^"]|"")+"|\S+)/.exec(item)?.[1];
      if (first && !/^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)$/i.test(first)) out.push(parseQualifiedName(first)?.[0] ?? first);
      item = '';
    } else item += ch;
  }
  return out;
}

/** The literal values of a small INSERT ... VALUES (...), (...) (ledger rows only). */
function insertTuples(text: string): string[][] {
  const at = /\bVALUES\b/i.exec(text);
  if (!at) return [];
  const rows: string[][] = [];
  let row: string[] | undefined;
  let i = at.index + 6;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '(' && !row) {
      row = [];
      i++;
    } else if (ch === ')' && row) {
      rows.push(row);
      row = undefined;
      i++;
    } else if (row && (ch === "'" || ((ch === 'E' || ch === 'e') && text[i + 1] === "'"))) {
      const escapes = ch !== "'";
      i += escapes ? 2 : 1;
      let v = '';
      while (i < text.length) {
        if (escapes && text[i] === '\\') {
          v += text[i + 1] ?? '';
          i += 2;
        } else if (text[i] === "'" && text[i + 1] === "'") {
          v += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else v += text[i++];
      }
      row.push(v);
    } else if (row && /[^\s,]/.test(ch)) {
      const m = /^[^\s,)]+/.exec(text.slice(i))!;
      row.push(/^null$/i.test(m[0]) ? '' : m[0]);
      i += m[0].length;
    } else i++;
  }
  return rows;
}

/** `-- Started on 2026-12-01 09:52:03 UTC` (pg_dump --verbose); undefined when unreadable. */
function parseStartedOn(when: string, zone: string | undefined): Date | undefined {
  const iso = when.replace(' ', 'T');
  const z = !zone || /^(UTC|GMT)$/i.test(zone) ? 'Z' : /^[+-]\d\d(:?\d\d)?$/.test(zone) ? zone : 'Z';
  const d = new Date(iso + z);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
