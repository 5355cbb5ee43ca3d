/**
 * What a health answer must hold besides a 2xx status: a small syntax, so a check can point at an
 * endpoint that touches the database and tell "the process is up" from "the app works".
 *
 *   status:200          the exact status (instead of any 2xx); status:204 for an empty answer
 *   body:TEXT           the body contains TEXT
 *   json:.path=value    the body is JSON and the field at .path (dots, [n] for array items) has
 *                       this value as JSON writes it: ok, true, 3, null
 *   json:.path          the field exists and is not null/false
 */
import { UsageError } from '@preflight/core';

export type HealthExpect =
  | { kind: 'status'; status: number; text: string }
  | { kind: 'body'; contains: string; text: string }
  | { kind: 'json'; path: Array<string | number>; value?: string; text: string };

export function parseHealthExpect(text: string): HealthExpect {
  const bad = (why: string) =>
    new UsageError(`--health-expect ${JSON.stringify(text.slice(0, 80))} ${why}; write status:200, body:TEXT or json:.path=value (e.g. json:.db=ok).`);
  const colon = text.indexOf(':');
  const kind = colon >= 0 ? text.slice(0, colon) : '';
  const rest = colon >= 0 ? text.slice(colon + 1) : '';
  if (kind === 'status') {
    if (!/^[1-5]\d\d$/.test(rest)) throw bad('needs a three-digit HTTP status');
    return { kind: 'status', status: Number(rest), text };
  }
  if (kind === 'body') {
    if (rest === '') throw bad('needs the text the body must contain');
    return { kind: 'body', contains: rest, text };
  }
  if (kind === 'json') {
    const eq = rest.indexOf('=');
    const pathText = eq >= 0 ? rest.slice(0, eq) : rest;
    const path = parseJsonPath(pathText);
    if (!path) throw bad('needs a field path such as .db or .checks[0].status');
    return { kind: 'json', path, value: eq >= 0 ? rest.slice(eq + 1) : undefined, text };
  }
  throw bad('starts with neither status:, body: nor json:');
}

function parseJsonPath(text: string): Array<string | number> | undefined {
  if (!text.startsWith('.') && !text.startsWith('[')) return undefined;
  const out: Array<string | number> = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    out.push(m[1] !== undefined ? m[1] : Number(m[2]));
    end = re.lastIndex;
  }
  return end === text.length && out.length > 0 ? out : undefined;
}

/** Why the answer does not meet the expectation, or undefined when it does. */
export function unmetExpectation(expect: HealthExpect, status: number, body: string): string | undefined {
  switch (expect.kind) {
    case 'status':
      return status === expect.status ? undefined : `status ${status}, expected ${expect.status}`;
    case 'body':
      return body.includes(expect.contains) ? undefined : `the body does not contain "${expect.contains}"`;
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return 'the body is not JSON';
      }
      const where = expect.text.slice(5).split('=')[0];
      for (const key of expect.path) {
        if (value === null || typeof value !== 'object' || !(key in (value as object))) return `the JSON has no ${where}`;
        value = (value as Record<string | number, unknown>)[key];
      }
      if (expect.value === undefined) return value === null || value === false ? `${where} is ${JSON.stringify(value)}` : undefined;
      const actual = typeof value === 'string' ? value : JSON.stringify(value);
      return actual === expect.value ? undefined : `${where} is ${JSON.stringify(value)?.slice(0, 80)}, expected ${expect.value}`;
    }
  }
}
