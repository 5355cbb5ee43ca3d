/** What a scanner reports: a finding that knows its value only by hash. */
import type { Severity } from '@preflight/core';

export interface Hit {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  /** The variable (or token kind) the value belongs to. */
  variable: string;
  /** sha256 of the value: the baseline fingerprint and runtime comparisons use it; never the value. */
  valueHash: string;
  object: string;
  message: string;
  fix?: string;
}

export interface ScanOptions {
  minLength: number;
  listVars: readonly string[];
  listFormat: 'csv' | 'json';
}

/** Offsets of line starts, for turning a match index into a 1-based line number. */
export class Lines {
  // Found on first use: most files have no finding and are never asked for a line.
  private found: number[] | undefined;
  constructor(readonly text: string) {}
  private get starts(): number[] {
    if (this.found) return this.found;
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.found = starts);
  }
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** Line text without its line ending (CRLF files too). */
  line(n: number): string {
    const starts = this.starts;
    const start = starts[n - 1] ?? this.text.length;
    const end = n < starts.length ? starts[n]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
  get count(): number {
    return this.starts.length;
  }
}
