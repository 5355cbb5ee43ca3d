/**
 * Re-creating a type that cannot be changed in place: an enum that loses or reorders labels, a
 * domain on another base type. The fix builds the expected type under a temporary name, moves
 * every live column that uses it (and arrays of it) across with an explicit cast, drops the old
 * type and renames the new one, all in one DO block: the steps only make sense together, and a
 * failure half-way (a row holding a label that no longer exists) rolls all of them back.
 *
 * It is automatic only when table columns are the type's only users. A function signature, a
 * composite attribute or another domain on the type would have to be re-created around it, so
 * then the finding gives the steps instead of a fix.
 */
import type { ColumnDef, TypeDef } from '../model.ts';
import { compareText, escapeRegExp } from '../model.ts';
import type { DiffContext } from './context.ts';
import { qname, quoteIdent } from './sql.ts';
import { dependentViewRecreation } from './views.ts';

/** The dollar-quote tag of the block; fix-order recognises it and runs the swap before columns are added. */
export const TYPE_SWAP_TAG = '$preflight_type_swap$';

export interface TypeSwap {
  fix?: string[];
  /** One sentence for the finding: what the fix does, or why there is none and what to do. */
  note: string;
}

interface ColumnUse {
  tableKey: string;
  /** The table as SQL. */
  table: string;
  column: ColumnDef;
  array: boolean;
}

export function typeSwap(ctx: DiffContext, key: string, e: TypeDef, createType: (t: TypeDef) => string[]): TypeSwap {
  const name = qname(e.schema, e.name);
  const word = e.kind === 'domain' ? 'DOMAIN' : 'TYPE';
  const blockers = otherUsers(ctx, name, key);
  if (blockers.length) {
    return {
      note: `it is also used by ${blockers.join(', ')}, so re-create it by hand: create the expected type under a new name, move those objects and every column to it (ALTER TABLE ... ALTER COLUMN ... TYPE ... USING), drop ${name}, then rename the new type`,
    };
  }
  const temp = `${e.name}__preflight_new`;
  const tempName = qname(e.schema, temp);
  const uses = columnUses(ctx, name);
  // Enum values go through text; a domain's values through its new base type.
  const via = e.kind === 'enum' ? 'text' : e.baseType!;
  const body: string[] = createType({ ...e, name: temp });
  for (const u of uses) {
    const alter = `ALTER TABLE ${u.table} ALTER COLUMN ${quoteIdent(u.column.name)}`;
    const suffix = u.array ? '[]' : '';
    if (u.column.default !== undefined) body.push(`${alter} DROP DEFAULT;`);
    body.push(`${alter} TYPE ${tempName}${suffix} USING ${quoteIdent(u.column.name)}::${via}${suffix}::${tempName}${suffix};`);
  }
  body.push(`DROP ${word} ${name};`, `ALTER ${word} ${tempName} RENAME TO ${quoteIdent(e.name)};`);
  for (const u of uses) {
    const want = expectedDefault(ctx, u) ?? u.column.default;
    if (want !== undefined) body.push(`ALTER TABLE ${u.table} ALTER COLUMN ${quoteIdent(u.column.name)} SET DEFAULT ${want};`);
  }
  // Views that read a moved column block ALTER COLUMN TYPE: dropped before, re-created after.
  const views = [...new Set(uses.map((u) => u.tableKey))].flatMap((table) => dependentViewRecreation(ctx, table));
  const block = [`DO ${TYPE_SWAP_TAG}`, 'BEGIN', ...body.map((s) => `  ${s.replace(/\n/g, '\n  ')}`), 'END', `${TYPE_SWAP_TAG};`].join('\n');
  const moved = uses.length ? `moves ${uses.length} column(s) to it (rows holding a value the new type lacks make it fail, and it then changes nothing)` : 'no column uses it';
  return { fix: [...views.filter((s) => s.startsWith('DROP ')), block, ...views.filter((s) => !s.startsWith('DROP '))], note: `the fix re-creates it and ${moved}` };
}

function columnUses(ctx: DiffContext, name: string): ColumnUse[] {
  const out: ColumnUse[] = [];
  for (const tableKey of Object.keys(ctx.actual.tables).sort(compareText)) {
    const t = ctx.actual.tables[tableKey];
    for (const column of t.columns) {
      // A partition's inherited column follows its parent's ALTER.
      if (column.inherited) continue;
      if (column.type === name || column.type === `${name}[]`) {
        out.push({ tableKey, table: qname(t.schema, t.name), column, array: column.type !== name });
      }
    }
  }
  return out;
}

function expectedDefault(ctx: DiffContext, use: ColumnUse): string | undefined {
  return ctx.expected.tables[use.tableKey]?.columns.find((c) => c.name === use.column.name)?.default;
}

/**
 * Live objects other than table columns whose definition names the type. One the expected schema
 * does not have is left out: the same fix drops it first (drops come before the swap), so it is
 * gone by the time the type is re-created, and the script still converges in one pass.
 */
function otherUsers(ctx: DiffContext, name: string, key: string): string[] {
  const mentions = (text: string | undefined) => text !== undefined && new RegExp(`(^|[^\\w$."])${escapeRegExp(name)}($|[^\\w$"])`).test(text);
  const out: string[] = [];
  for (const [k, f] of Object.entries(ctx.actual.functions)) {
    if (ctx.expected.functions[k] && (mentions(f.argTypes) || mentions(f.result))) out.push(`${f.kind} ${k}`);
  }
  for (const [k, t] of Object.entries(ctx.actual.types)) {
    if (k === key || !ctx.expected.types[k]) continue;
    if (mentions(t.baseType) || (t.attributes ?? []).some((a) => mentions(a.type))) out.push(`type ${k}`);
  }
  for (const [k, t] of Object.entries(ctx.actual.tables)) {
    const kept = ctx.expected.tables[k];
    if (kept && t.columns.some((c) => c.generated !== undefined && mentions(c.generated) && kept.columns.some((e) => e.name === c.name))) out.push(`a generated column of ${k}`);
  }
  return out.sort(compareText);
}
