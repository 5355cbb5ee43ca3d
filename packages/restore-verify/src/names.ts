/**
 * Table names exactly as PostgreSQL knows them. A table is keyed by its raw schema and name (no
 * case folding: `"Mixed Case"` and `mixed case` are different tables) and shown the way psql would
 * quote it: `public.monthly_kpis`, `public."Mixed Case"`, `"odd.schema"."dotted.name"`.
 */
export interface TableName {
  schema: string;
  name: string;
}

export function tableKey(t: TableName): string {
  return `${t.schema}\u0000${t.name}`;
}

const PLAIN_IDENT = /^[a-z_][a-z0-9_$]*$/;

export function quoteIdentIfNeeded(ident: string): string {
  return PLAIN_IDENT.test(ident) ? ident : `"${ident.replace(/"/g, '""')}"`;
}

export function displayTable(t: TableName): string {
  return `${quoteIdentIfNeeded(t.schema)}.${quoteIdentIfNeeded(t.name)}`;
}

/**
 * Splits `schema.table`, `"Mixed Case"`, `"odd.schema"."dotted.name"` into identifiers the way the
 * server's parser does: unquoted parts fold to lower case, quoted parts are exact ("" is a quote).
 * Returns undefined when the text is not one or two identifiers.
 */
export function parseQualifiedName(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i <= s.length) {
    if (s[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= s.length) return undefined;
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += s[i++];
      }
      if (out === '') return undefined;
      parts.push(out);
    } else {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(s.slice(i));
      if (!m) return undefined;
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    if (i === s.length) break;
    if (s[i] !== '.') return undefined;
    i++;
  }
  return parts.length >= 1 && parts.length <= 2 ? parts : undefined;
}
