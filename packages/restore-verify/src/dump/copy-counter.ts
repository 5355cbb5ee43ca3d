/**
 * Counts the rows of one COPY ... FROM stdin data stream in text format: one row per line, up to the
 * `\.` terminator line. In COPY text format a backslash in the data is always escaped (`\\`), so a
 * line that is exactly `\.` can only be the terminator. pg_dump writes it in every format (plain,
 * and the data members of custom, directory and tar archives), so a stream that ends without it was
 * cut short. Memory is constant: only the first bytes of a line that spans two chunks are kept,
 * except for the small ledger tables whose rows are captured (capture: true).
 */
import { scanCopyData } from './newline-count.ts';

const NL = 0x0a;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const CR = 0x0d;
/** Ledger rows are short; longer lines are cut (a version string never is this long). */
const MAX_CAPTURED_LINE = 64 * 1024;
const MAX_CAPTURED_ROWS = 100_000;

const TERMINATOR_LINE = Buffer.from('\\.\n');

export class CopyCounter {
  rows = 0;
  terminated = false;
  /** Bytes of the current, unfinished line seen in earlier chunks. */
  private carryLen = 0;
  private carryHead: number[] = [];
  private carryText: Buffer[] = [];
  readonly captured: string[][] | undefined;

  constructor(capture = false) {
    this.captured = capture ? [] : undefined;
  }

  /**
   * Feeds data; returns the offset just after the terminator line when it is in this chunk (the
   * caller resumes SQL there), or -1 when the whole chunk was data. Data after the terminator is
   * not counted (archives pad with blank lines).
   */
  feed(chunk: Buffer): number {
    if (this.terminated) return 0;
    return this.captured ? this.feedLines(chunk) : this.feedFast(chunk);
  }

  /**
   * The hot path (every table but the ledgers): one pass counts the newlines and finds
   * "\n\\.\n" sixteen bytes at a time (newline-count.ts); the terminator's two other places are
   * checked here: the chunk's start, and split across the previous chunk.
   */
  private feedFast(chunk: Buffer): number {
    const len = chunk.length;
    if (len === 0) return -1;
    // The current line so far is "\\" or "\\." (carried): does this chunk complete "\\.\n"?
    if (this.carryLen > 0 && this.carryLen <= 2 && this.carryHead[0] === BACKSLASH && (this.carryLen === 1 || this.carryHead[1] === DOT)) {
      const need = TERMINATOR_LINE.subarray(this.carryLen);
      if (len >= need.length && chunk.compare(need, 0, need.length, 0, need.length) === 0) return this.terminate(need.length);
    }
    if (this.carryLen === 0 && len >= 3 && chunk[0] === BACKSLASH && chunk[1] === DOT && chunk[2] === NL) return this.terminate(3);
    const scan = scanCopyData(chunk, 0, len);
    this.rows += scan.newlines;
    if (scan.terminator !== -1) return this.terminate(scan.terminator + 4);
    const last = chunk.lastIndexOf(NL);
    if (last === -1) this.carry(chunk, 0, len);
    else {
      this.resetCarry();
      if (last + 1 < len) this.carry(chunk, last + 1, len);
    }
    return -1;
  }

  private terminate(after: number): number {
    this.terminated = true;
    this.resetCarry();
    return after;
  }

  /** Line by line, keeping each row's text (ledger tables: their versions are compared). */
  private feedLines(chunk: Buffer): number {
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      const nl = chunk.indexOf(NL, pos);
      if (nl === -1) {
        this.carry(chunk, pos, len);
        return -1;
      }
      if (this.isTerminator(chunk, pos, nl)) {
        this.terminated = true;
        this.resetCarry();
        return nl + 1;
      }
      if (this.captured) this.capture(chunk, pos, nl);
      this.rows++;
      this.resetCarry();
      pos = nl + 1;
    }
    return -1;
  }

  /** True when the stream ended in the middle of a line (a row without its newline). */
  get partialLine(): boolean {
    return this.carryLen > 0;
  }

  private isTerminator(chunk: Buffer, start: number, nl: number): boolean {
    if (this.carryLen === 0) {
      const n = nl - start;
      return (n === 2 || (n === 3 && chunk[start + 2] === CR)) && chunk[start] === BACKSLASH && chunk[start + 1] === DOT;
    }
    const total = this.carryLen + (nl - start);
    if (total !== 2 && total !== 3) return false;
    const bytes = [...this.carryHead, ...chunk.subarray(start, nl)];
    return bytes[0] === BACKSLASH && bytes[1] === DOT && (total === 2 || bytes[2] === CR);
  }

  private carry(chunk: Buffer, start: number, end: number): void {
    for (let i = start; i < end && this.carryHead.length < 3; i++) this.carryHead.push(chunk[i]);
    if (this.captured && this.carryLen < MAX_CAPTURED_LINE) this.carryText.push(Buffer.from(chunk.subarray(start, Math.min(end, start + MAX_CAPTURED_LINE))));
    this.carryLen += end - start;
  }

  private resetCarry(): void {
    if (this.carryLen === 0) return;
    this.carryLen = 0;
    this.carryHead = [];
    this.carryText = [];
  }

  private capture(chunk: Buffer, start: number, nl: number): void {
    if (this.captured!.length >= MAX_CAPTURED_ROWS) return;
    const line = Buffer.concat([...this.carryText, chunk.subarray(start, Math.min(nl, start + MAX_CAPTURED_LINE))]).toString('utf8');
    this.captured!.push(line.replace(/\r$/, '').split('\t').map(unescapeCopyField));
  }
}

/** COPY text escapes: \N is NULL (kept as the empty string here), \t, \n, \\ and friends. */
function unescapeCopyField(field: string): string {
  if (field === '\\N') return '';
  return field.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c);
}
