/**
 * --min-rows TABLE=N thresholds. A qualified or quoted name is exact; an unqualified one resolves
 * through the dump's search_path the way the server would (pg_dump sets an empty search_path and
 * qualifies everything, so that is normally just public). A name that resolves to no table is an
 * error too: a threshold nobody could check is not met.
 */
import type { Finding } from '@preflight/core';
import type { CountSide } from './compare.ts';
import type { MinRows } from './definition.ts';
import { displayTable, tableKey } from './names.ts';
import { formatCount } from './count-format.ts';

export function checkMinRows(thresholds: MinRows[], side: CountSide, searchPath: string[]): Finding[] {
  const out: Finding[] = [];
  const path = searchPath.length > 0 ? searchPath : ['public'];
  for (const t of thresholds) {
    const candidates = t.parts.length === 2 ? [{ schema: t.parts[0], name: t.parts[1] }] : path.map((schema) => ({ schema, name: t.parts[0] }));
    const hit = candidates.find((c) => side.tables.has(tableKey(c)));
    const object = displayTable(hit ?? candidates[0]);
    const given = `--min-rows ${t.text}=${t.min}`;
    if (!hit) {
      out.push({ rule: 'min-rows', severity: 'error', object, message: `${object}: no such table in ${side.label} (searched ${path.join(', ')}), at least ${formatCount(t.min)} rows expected (${given}).` });
      continue;
    }
    const count = side.tables.get(tableKey(hit))!.count;
    if ('error' in count) {
      out.push({ rule: 'count-failed', severity: 'error', object, message: `${object}: the count in ${side.label} could not be read (${count.error}), so ${given} is not met.` });
    } else if (count.rows < t.min) {
      out.push({ rule: 'min-rows', severity: 'error', object, message: `${object}: ${formatCount(count.rows)} rows${count.estimated ? ' (estimated)' : ''} in ${side.label}, at least ${formatCount(t.min)} expected (${given}).` });
    }
  }
  return out;
}
