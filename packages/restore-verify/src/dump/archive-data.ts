/** What the TOC says about tables and their data, shared by the three archive formats. */
import { displayTable, type TableName } from '../names.ts';
import { copyColumns, type TocEntry } from './archive-toc.ts';
import type { DumpCollector } from './collector.ts';

export interface DataEntry {
  entry: TocEntry;
  table: TableName;
  columns?: string[];
  seen: boolean;
}

/** Declares every TABLE and returns the TABLE DATA entries (by dump id) whose data must follow. */
export function tablesFromToc(out: DumpCollector, toc: TocEntry[]): Map<number, DataEntry> {
  const data = new Map<number, DataEntry>();
  for (const e of toc) {
    const table = { schema: e.namespace, name: e.tag };
    if (e.desc === 'TABLE') out.declareTable(table);
    else if (e.desc === 'TABLE DATA') {
      out.declareTable(table);
      // An entry without a data dumper (or flagged "no data") has nothing to restore by design.
      if (e.hadDumper && e.offsetFlag !== 3) data.set(e.dumpId, { entry: e, table, columns: copyColumns(e.copyStmt), seen: false });
    }
  }
  return data;
}

/** TOC data entries whose data never showed up: the archive was cut, or a member deleted. */
export function reportUnseen(out: DumpCollector, data: Map<number, DataEntry>, why: string): void {
  for (const d of data.values()) {
    if (d.seen) continue;
    out.addRows(d.table, 0, false);
    out.problem('dump-truncated', displayTable(d.table), `The table of contents lists data for this table (dump id ${d.entry.dumpId}) but ${why}.`);
    out.complete = false;
  }
}
