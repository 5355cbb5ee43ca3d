/**
 * Which live objects mention a name: a range type, collation, operator or operator class that has
 * to be re-created can be dropped only when nothing uses it (DROP without CASCADE fails, and
 * CASCADE would drop columns). Definitions are stored as the server prints them with an empty
 * search_path, so every mention of a user object is its schema-qualified name.
 */
import type { SchemaModel } from '../model.ts';
import { DROP_AFTER, DROP_BEFORE } from '../fix-order.ts';
import { keyToSql, quoteIdent } from './sql.ts';

const OPERATOR_CHARS = String.raw`+\-*/<>=~!@#%^&|\`?`;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** A regex for SQL names as whole names: `public.r` does not match `public.r2` or `public.r_multirange`. */
function mentionPattern(names: string[]): RegExp {
  const alternatives = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?<![\\w$."])(?:${alternatives})(?![\\w$"${OPERATOR_CHARS}])`);
}

export interface User {
  /** `table public.events`: for messages. */
  label: string;
  /** The names the DROP statements that remove it use (an index goes with its table), for ordering notes. */
  sql: string[];
  kind: string;
}

/** The SQL name of a model key: functions without their arguments, classes without USING. */
function sqlNamesOf(kind: string, key: string, def: unknown): string[] {
  if (kind === 'operator') {
    const o = def as { schema: string; name: string };
    return [`${quoteIdent(o.schema)}.${o.name}`];
  }
  if (kind === 'cast') return [];
  if (kind === 'index') return [keyToSql(key), keyToSql((def as { table: string }).table)];
  const bare = kind === 'function' ? key.slice(0, key.indexOf('(')) : kind.startsWith('operator ') ? key.slice(0, key.indexOf(' USING ')) : key;
  return [keyToSql(bare)];
}

/**
 * Every live object (other than those in `except`) whose definition mentions one of the SQL names,
 * in the order of the kinds below.
 */
export function usersOf(model: SchemaModel, names: string[], except: string[] = []): User[] {
  const re = mentionPattern(names);
  const skip = new Set(except);
  const kinds: Array<[label: string, objects: Record<string, unknown> | undefined]> = [
    ['table', model.tables],
    ['view', model.views],
    ['index', model.indexes],
    ['type', model.types],
    ['range type', model.rangeTypes],
    ['function', model.functions],
    ['cast', model.casts],
    ['operator', model.operators],
    ['operator class', model.operatorClasses],
    ['operator family', model.operatorFamilies],
    ['statistics', model.statistics],
  ];
  const out: User[] = [];
  for (const [kind, objects] of kinds) {
    for (const [key, def] of Object.entries(objects ?? {})) {
      if (skip.has(key)) continue;
      if (strings(def).some((s) => re.test(s))) out.push({ label: `${kind} ${key}`, kind, sql: sqlNamesOf(kind, key, def) });
    }
  }
  return out;
}

/**
 * A DROP with the notes fix-order reads: drop it after the objects that use it (`after`) and
 * before the objects it uses (`before`), where the order of the kinds alone would be wrong.
 */
export function dropWithNotes(drop: string, after: string[], before: string[]): string {
  const uniq = (names: string[]) => [...new Set(names.filter(Boolean))];
  const lines: string[] = [];
  if (uniq(after).length) lines.push(`${DROP_AFTER}${uniq(after).join(', ')}`);
  if (uniq(before).length) lines.push(`${DROP_BEFORE}${uniq(before).join(', ')}`);
  return [...lines, drop].join('\n');
}

/** `public.f(integer)` or `f(integer)` (regprocedure, regproc) → `public.f`: the name a DROP FUNCTION uses. */
export function routineName(ref: string | undefined): string {
  return (ref ?? '').replace(/\(.*$/, '');
}

/** `a, b and 3 more`: the users of an object in one sentence. */
export function listUsers(users: User[], max = 5): string {
  const labels = users.map((u) => u.label);
  return labels.length <= max ? labels.join(', ') : `${labels.slice(0, max).join(', ')} and ${labels.length - max} more`;
}
