/**
 * Every secret the process learns (URL passwords, tokens, values a check finds) is registered here
 * once; every output path (logs, errors, JSON, summary, PR comment, fix SQL) passes through
 * `redact`. Listeners let the Actions adapter call core.setSecret without this module knowing
 * about Actions.
 */
const secrets = new Set<string>();
const listeners: Array<(secret: string) => void> = [];

export const REDACTED = '***';

export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact ordinary words ("a", "pg"); they are not worth hiding either.
  if (!value || value.length < 3 || secrets.has(value)) return;
  // URL-encoded and percent-decoded forms show up in connection strings and error messages; the
  // runner must mask each form too (core.setSecret matches exact text).
  const forms = new Set([value, encodeURIComponent(value), safeDecode(value)]);
  for (const form of forms) {
    if (!form || form.length < 3 || secrets.has(form)) continue;
    secrets.add(form);
    for (const listener of listeners) listener(form);
  }
}

export function onSecret(listener: (secret: string) => void): void {
  listeners.push(listener);
  for (const s of secrets) listener(s);
}

export function redact(text: string): string {
  if (secrets.size === 0 || !text) return text;
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
