/**
 * Positions in the migration file. libpg-query reports statement locations as UTF-8 byte offsets
 * (what the C parser sees) but error cursors as 0-based code-point offsets, so both are mapped
 * here instead of treating either as a JS string index (which would drift on the first emoji or
 * accented identifier).
 */

export interface SourceText {
  sql: string;
  bytes: Buffer;
  /** Byte offsets of every '\n'. */
  newlines: number[];
}

export function sourceText(sql: string): SourceText {
  const bytes = Buffer.from(sql, 'utf8');
  const newlines: number[] = [];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) newlines.push(i);
  return { sql, bytes, newlines };
}

/** 0-based line of a byte offset: how many newlines come before it. */
export function lineOfByte(src: SourceText, offset: number): number {
  let lo = 0;
  let hi = src.newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (src.newlines[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 0-based line of a code-point offset (libpg-query's error cursor). */
export function lineOfCodePoint(sql: string, cursor: number): number {
  let line = 0;
  let i = 0;
  for (const ch of sql) {
    if (i++ >= cursor) break;
    if (ch === '\n') line++;
  }
  return line;
}

/**
 * Moves a statement start past whitespace and comments. PostgreSQL 18's parser already starts a
 * statement at its first token, but older parsers start it right after the previous `;`, and a
 * finding must point at the statement, not at the comment above it.
 */
export function skipTrivia(bytes: Buffer, offset: number, end: number): number {
  let i = offset;
  while (i < end) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) {
      i++;
    } else if (c === 0x2d && bytes[i + 1] === 0x2d) {
      while (i < end && bytes[i] !== 0x0a) i++;
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) (depth++, (i += 2));
        else if (bytes[i] === 0x2a && bytes[i + 1] === 0x2f) (depth--, (i += 2));
        else i++;
      }
    } else {
      break;
    }
  }
  return i;
}
