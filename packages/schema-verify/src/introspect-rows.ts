/**
 * Row-by-row reading of the catalog statements. introspect.sql.ts writes each statement as one
 * row with one `(SELECT json_agg(...) FROM ...) AS kind` column per object kind. Read as it is, a
 * 20,000-table database arrives as one protocol message of tens of MB: the driver buffers it (in a
 * buffer it doubles while it grows), makes one string per column and JSON.parse makes the tuples,
 * all alive at once and for both databases at the same time (the issue measured 522 MB).
 *
 * `rowsStatement` rewrites such a statement, keeping every fragment's text, into a UNION ALL that
 * returns one small row per object: `(kind, true, element)`. A column that is not of that shape
 * (a scalar such as the server version, NULL::json, a json_agg with DISTINCT or FILTER) becomes
 * one `(kind, false, whole value)` row. `streamRows` sends the statements in one simple-query round
 * trip, as before, and hands each row over as it arrives, so nothing but the model under
 * construction grows with the database.
 *
 * The rewrite scans the SQL text just enough to find the statement's top level: string literals
 * (also E'...'), quoted identifiers, dollar quotes and comments are skipped, parentheses counted.
 */
import pg from 'pg';

/** Calls visit(i, depth) for every character outside literals and comments; visit returns true to stop. */
function scanCode(sql: string, visit: (i: number, depth: number) => boolean | void, from = 0, to = sql.length): void {
  let depth = 0;
  let i = from;
  while (i < to) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? to : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      let nest = 1;
      i += 2;
      while (i < to && nest > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (nest++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') (nest--, (i += 2));
        else i++;
      }
      continue;
    }
    if (ch === "'") {
      // E'...' strings escape with backslashes; standard ones only double the quote.
      const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !/[\w$]/.test(sql[i - 2] ?? '');
      i++;
      while (i < to) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < to && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? to : end + tag[0].length;
        continue;
      }
    }
    if (ch === '(') {
      if (visit(i, depth)) return;
      depth++;
    } else if (ch === ')') {
      depth--;
      if (visit(i, depth)) return;
    } else if (visit(i, depth)) return;
    i++;
  }
}

/** Index of the parenthesis that closes the one at `open`. */
function closing(sql: string, open: number): number {
  let at = -1;
  scanCode(sql, (i, depth) => {
    if (i > open && depth === 0 && sql[i] === ')') {
      at = i;
      return true;
    }
  }, open);
  if (at === -1) throw new Error(`unbalanced parenthesis at ${open}`);
  return at;
}

/** Start indexes of `word` (a keyword, any case) at parenthesis depth 0 of sql[from, to). */
function topLevelWords(sql: string, word: string, from = 0, to = sql.length): number[] {
  const out: number[] = [];
  const re = new RegExp(`^${word}(?![\\w$])`, 'i');
  scanCode(sql, (i, depth) => {
    if (depth === 0 && !/[\w$.]/.test(sql[i - 1] ?? '') && re.test(sql.slice(i, i + word.length + 1))) out.push(i);
  }, from, to);
  return out;
}

/** sql[from, to) split at its depth-0 commas. */
function splitTopLevel(sql: string, from: number, to: number): string[] {
  const cuts = [from - 1];
  scanCode(sql, (i, depth) => {
    if (depth === 0 && sql[i] === ',') cuts.push(i);
  }, from, to);
  cuts.push(to);
  return cuts.slice(1).map((cut, k) => sql.slice(cuts[k] + 1, cut));
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The kind's name from `AS name` / `AS "name"`. */
function columnName(alias: string): string {
  const a = alias.trim();
  return a.startsWith('"') ? a.slice(1, -1).replace(/""/g, '"') : a.toLowerCase();
}

/** Text from the first character that is neither whitespace nor inside a comment. */
function withoutLeadingComments(sql: string): string {
  let start = sql.length;
  scanCode(sql, (i) => {
    if (/\S/.test(sql[i])) {
      start = i;
      return true;
    }
  });
  return sql.slice(start);
}

/** Words that would make `(SELECT json_agg(x) FROM ...)` more than one aggregate over its FROM. */
const NOT_PLAIN = ['GROUP', 'HAVING', 'WINDOW', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'INTERSECT', 'EXCEPT', 'ORDER'];

/**
 * One branch per element for `(SELECT json_agg(element [ORDER BY o]) FROM rest)`, else undefined.
 * The element keeps its text; ORDER BY moves from the aggregate to the branch (UNION ALL appends
 * the branches in order, and each branch keeps its own order).
 */
function elementBranch(kind: string, expr: string): string | undefined {
  const e = withoutLeadingComments(expr).trim();
  if (!e.startsWith('(') || closing(e, 0) !== e.length - 1) return undefined;
  const inner = e.slice(1, -1);
  const head = /^\s*SELECT\s+json_agg\s*\(/i.exec(inner);
  if (!head) return undefined;
  const open = head[0].length - 1;
  const close = closing(inner, open);
  const arg = inner.slice(open + 1, close);
  const rest = inner.slice(close + 1);
  if (!/^\s+FROM\b/i.test(rest) && rest.trim() !== '') return undefined;
  if (NOT_PLAIN.some((w) => topLevelWords(rest, w).length > 0)) return undefined;
  if (/^\s*(DISTINCT|ALL)\b/i.test(arg)) return undefined;
  const orders = topLevelWords(arg, 'ORDER');
  if (orders.length > 1) return undefined;
  const element = orders.length ? arg.slice(0, orders[0]) : arg;
  const orderBy = orders.length ? `\n${arg.slice(orders[0])}` : '';
  // Newlines: `rest` may end in a -- comment.
  return `(SELECT ${literal(kind)}::text, true, to_json(${element})${rest}${orderBy}\n)`;
}

/**
 * Rewrites `[WITH ...] SELECT <expr> AS <kind>, ...` (one row) into a statement returning rows
 * `(kind text, element boolean, value json)`; see the module comment.
 */
export function rowsStatement(statement: string): string {
  let rewritten = rewrites.get(statement);
  if (rewritten === undefined) {
    rewritten = rewrite(statement);
    rewrites.set(statement, rewritten);
  }
  return rewritten;
}

/** The statements differ only by options (schemas, privileges): a handful per run. */
const rewrites = new Map<string, string>();

function rewrite(statement: string): string {
  const selects = topLevelWords(statement, 'SELECT');
  if (selects.length !== 1) throw new Error('rowsStatement: expected one top-level SELECT');
  const listStart = selects[0] + 'SELECT'.length;
  for (const w of ['FROM', 'WHERE', 'GROUP', 'UNION', 'ORDER', 'LIMIT']) {
    if (topLevelWords(statement, w, listStart).length) throw new Error(`rowsStatement: top-level ${w} is not supported`);
  }
  const end = statement.replace(/[\s;]+$/, '').length;
  const branches = splitTopLevel(statement, listStart, end).map((item) => {
    const as = topLevelWords(item, 'AS').at(-1);
    if (as === undefined) throw new Error(`rowsStatement: a column without AS: ${item.trim().slice(0, 80)}`);
    const kind = columnName(item.slice(as + 2));
    const expr = item.slice(0, as);
    return elementBranch(kind, expr) ?? `(SELECT ${literal(kind)}::text, false, to_json(${expr}\n))`;
  });
  return `${statement.slice(0, selects[0])}${branches.join('\nUNION ALL\n')}`;
}

/** What streamRows hands over: an element of kind's array, or (element false) kind's whole value. */
export type RowHandler = (kind: string, element: boolean, value: unknown) => void;

/**
 * Sends `text` (statements separated by semicolons, one simple-query round trip) and calls onRow
 * for every row of three columns as it arrives; rows are not kept. Rows of other shapes (the
 * one-column result of set_config) are skipped.
 */
export function streamRows(client: pg.Client, text: string, onRow: RowHandler): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query({ text, rowMode: 'array' } as pg.QueryConfig);
    let failed: unknown;
    query.on('row', (row: unknown[]) => {
      if (failed !== undefined || row.length !== 3) return;
      try {
        onRow(row[0] as string, row[1] as boolean, row[2]);
      } catch (error) {
        // Reported once the server is done with the statement, so the connection stays usable.
        failed = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed === undefined ? resolve() : reject(failed)));
    void client.query(query);
  });
}
