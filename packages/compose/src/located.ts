/** A position in a file, 1-based line and column (columns count UTF-16 code units, as editors and SARIF do). */
export interface Located {
  file: string;
  line: number;
  column: number;
}

const BOM = '\uFEFF';

/** Text without its UTF-8 byte-order mark, and how many characters were dropped (0 or 1). */
export function stripBom(text: string): { text: string; dropped: number } {
  return text.startsWith(BOM) ? { text: text.slice(1), dropped: 1 } : { text, dropped: 0 };
}

/**
 * Offsets → positions for one text. A CR before LF is part of the line break (CRLF files report
 * the same columns as LF files).
 */
export class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly file: string,
    text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  at(offset: number): Located {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}

/** Positions of offsets into `text`, when `text` itself starts at `start` (line breaks inside it count). */
export function offsetsFrom(start: Located, text: string): (offset: number) => Located {
  let positions: Positions | undefined;
  return (offset) => {
    positions ??= new Positions(start.file, text);
    const inner = positions.at(offset);
    return inner.line === 1
      ? { file: start.file, line: start.line, column: start.column + offset }
      : { file: start.file, line: start.line + inner.line - 1, column: inner.column };
  };
}
