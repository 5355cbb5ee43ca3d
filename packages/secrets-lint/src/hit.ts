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
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** Line text without its line ending (CRLF files too). */
  line(n: number): string {
    const start = this.starts[n - 1] ?? this.text.length;
    const end = n < this.starts.length ? this.starts[n]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
  get count(): number {
    return this.starts.length;
  }
}
