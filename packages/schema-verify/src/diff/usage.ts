/**
 * Which live objects mention a name: a range type, collation, operator or operator class that has
 * to be re-created can be dropped only when nothing uses it (DROP without CASCADE fails, and
 * CASCADE would drop columns). Definitions are stored as the server prints them with an empty
 * search_path, so every mention of a user object is its schema-qualified name.
 */
import type { SchemaModel } from '../model.ts';

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

/**
 * Kind and key of every live object (other than those in `except`) whose definition mentions one
 * of the SQL names, e.g. `table public.events`, sorted by kind as listed below.
 */
export function usersOf(model: SchemaModel, names: string[], except: string[] = []): string[] {
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
  const out: string[] = [];
  for (const [label, objects] of kinds) {
    for (const [key, def] of Object.entries(objects ?? {})) {
      if (skip.has(key)) continue;
      if (strings(def).some((s) => re.test(s))) out.push(`${label} ${key}`);
    }
  }
  return out;
}

/** `a, b and 3 more`: the users of an object in one sentence. */
export function listUsers(users: string[], max = 5): string {
  return users.length <= max ? users.join(', ') : `${users.slice(0, max).join(', ')} and ${users.length - max} more`;
}
