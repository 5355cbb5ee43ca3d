/**
 * OPTIONS (...) of wrappers, servers, user mappings, foreign tables and their columns. A secret
 * option (a user mapping's password) is held only as a fingerprint (introspect-kinds.ts), so the
 * fix can drop it but never write it: adding or changing one is left to the user, and every
 * message names the option without its value.
 */
import { isFingerprint } from '../introspect-kinds.ts';
import { compareText, type FdwOptions } from '../model.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

function parse(list: FdwOptions | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of list ?? []) {
    const secret = /^(\S+) (<secret sha256:[0-9a-f]{12}>)$/.exec(entry);
    if (secret) {
      out.set(secret[1], secret[2]);
      continue;
    }
    const at = entry.indexOf('=');
    out.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? '' : entry.slice(at + 1));
  }
  return out;
}

export interface OptionsDelta {
  /** `OPTIONS (ADD a 'x', SET b 'y', DROP c)`, or '' when nothing the fix may write differs. */
  clause: string;
  /** Words for a message: `host 'db1' instead of 'db2'`, `password (a secret) differs`. */
  changes: string[];
  /** Secret options the expected schema has with another (or no) value live: to be set by hand. */
  secrets: string[];
}

const shown = (v: string) => (isFingerprint(v) ? '(a secret)' : quoteLiteral(v));

/** What turns the live options into the expected ones. */
export function optionsDelta(expected: FdwOptions | undefined, actual: FdwOptions | undefined): OptionsDelta {
  const want = parse(expected);
  const have = parse(actual);
  const actions: string[] = [];
  const changes: string[] = [];
  const secrets: string[] = [];
  for (const name of [...new Set([...want.keys(), ...have.keys()])].sort(compareText)) {
    const w = want.get(name);
    const h = have.get(name);
    if (w === h) continue;
    if (w === undefined) {
      actions.push(`DROP ${quoteIdent(name)}`);
      changes.push(`${name} ${shown(h!)} is set`);
    } else if (isFingerprint(w)) {
      secrets.push(name);
      changes.push(h === undefined ? `${name} (a secret) is not set` : `${name} (a secret) has another value`);
    } else {
      actions.push(`${h === undefined ? 'ADD' : 'SET'} ${quoteIdent(name)} ${quoteLiteral(w)}`);
      changes.push(h === undefined ? `${name} is not set (expected ${shown(w)})` : `${name} is ${shown(h)} instead of ${shown(w)}`);
    }
  }
  return { clause: actions.length ? `OPTIONS (${actions.join(', ')})` : '', changes, secrets };
}

/** ` OPTIONS (a 'x', b 'y')` for a CREATE statement (or ''): every non-secret option, and the names of the secrets left out. */
export function createOptions(list: FdwOptions | undefined): { clause: string; secrets: string[] } {
  const parts: string[] = [];
  const secrets: string[] = [];
  for (const [name, value] of [...parse(list)].sort((a, b) => compareText(a[0], b[0]))) {
    if (isFingerprint(value)) secrets.push(name);
    else parts.push(`${quoteIdent(name)} ${quoteLiteral(value)}`);
  }
  return { clause: parts.length ? ` OPTIONS (${parts.join(', ')})` : '', secrets };
}
