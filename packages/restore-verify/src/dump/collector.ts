/** Gathers what every reader finds, so all five formats report the same shape. */
import { ledgerTableNames } from '@preflight/pg';
import { displayTable, tableKey, type TableName } from '../names.ts';
import { CopyCounter } from './copy-counter.ts';
import type { DumpFormat, DumpHeader, DumpProblem, DumpSummary, DumpTable, LedgerRows } from './types.ts';
import { formatCount } from '../count-format.ts';

const LEDGERS = new Set<string>(ledgerTableNames);

export class DumpCollector {
  private readonly tables = new Map<string, DumpTable>();
  private readonly ledgerColumns = new Map<string, string[]>();
  readonly problems: DumpProblem[] = [];
  readonly ledgers: LedgerRows[] = [];
  header: DumpHeader = {};
  searchPath: string[] = [];
  complete = true;

  /** A table the dump creates: it exists after restore even when the dump has no rows for it. */
  declareTable(t: TableName, line?: number, columns?: string[]): void {
    const key = tableKey(t);
    if (!this.tables.has(key)) this.tables.set(key, { schema: t.schema, name: t.name, rows: 0, complete: true, line });
    if (columns && LEDGERS.has(t.name)) this.ledgerColumns.set(key, columns);
  }

  addRows(t: TableName, rows: number, complete: boolean, line?: number): void {
    this.declareTable(t, line);
    const entry = this.tables.get(tableKey(t))!;
    entry.rows += rows;
    entry.complete &&= complete;
    if (line !== undefined && entry.line === undefined) entry.line = line;
  }

  isLedger(t: TableName): boolean {
    return LEDGERS.has(t.name);
  }

  newCopyCounter(t: TableName): CopyCounter {
    return new CopyCounter(this.isLedger(t));
  }

  /** Records a finished (or cut) COPY stream; a cut one is a dump-truncated problem. */
  finishCopy(t: TableName, counter: CopyCounter, columns: string[] | undefined, line: number | undefined, where: string): void {
    this.addRows(t, counter.rows, counter.terminated, line);
    if (!counter.terminated) {
      this.problem('dump-truncated', displayTable(t), `${where} ends after ${formatCount(counter.rows)} rows without its \\. terminator: the data was cut short.`, line);
    }
    if (counter.captured) this.addLedgerRows(t, columns, counter.captured);
  }

  addLedgerRows(t: TableName, columns: string[] | undefined, rows: string[][]): void {
    const cols = columns ?? this.ledgerColumns.get(tableKey(t)) ?? [];
    const existing = this.ledgers.find((l) => l.schema === t.schema && l.name === t.name);
    if (existing) existing.rows.push(...rows);
    else this.ledgers.push({ schema: t.schema, name: t.name, columns: cols, rows: [...rows] });
  }

  problem(rule: DumpProblem['rule'], object: string, message: string, line?: number): void {
    // One finding per object and rule is enough; a fuzzed dump could otherwise produce thousands.
    if (this.problems.some((p) => p.rule === rule && p.object === object)) return;
    if (this.problems.length >= 100) return;
    this.problems.push({ rule, object, message, ...(line !== undefined ? { line } : {}) });
  }

  summary(format: DumpFormat): DumpSummary {
    return {
      format,
      header: this.header,
      tables: [...this.tables.values()],
      problems: this.problems,
      searchPath: this.searchPath,
      ledgers: this.ledgers,
      complete: this.complete,
    };
  }
}
