/**
 * The one choke point for secrets. Every secret the process learns (URL passwords, tokens,
 * `secret: true` inputs, values a check finds) is registered here once, and every byte Preflight
 * writes (logs, errors, JSON, SARIF, summary, annotations, PR comment, fix SQL, command output)
 * passes through `redact`, which masks the registered values in all their forms and anything shaped
 * like a credential (credential-shapes.ts). Listeners let the Actions adapter call core.setSecret
 * without this module knowing about Actions. The writers that use it are in output.ts.
 */
import { maskCredentials, REDACTED } from './credential-shapes.ts';

export { REDACTED, findCredentials, isSecretName, maskCredentials } from './credential-shapes.ts';

const secrets = new Set<string>();
const listeners: Array<(secret: string) => void> = [];
let ordered: string[] | undefined;

/** Values whose forms were added (a value can already be in `secrets` as a form of another). */
const expanded = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact ordinary words ("a", "pg"); they are not worth hiding either.
  if (!value || value.length < 3 || expanded.has(value) || /^\*+$/.test(value)) return;
  expanded.add(value);
  // A percent-encoded password (as found in a URL) and the password itself have each their own
  // base64 and encodings.
  const decoded = safeDecode(value);
  const forms = decoded && decoded !== value ? [...formsOf(value), ...formsOf(decoded)] : formsOf(value);
  for (const form of forms) {
    if (!form || form.length < 3 || secrets.has(form)) continue;
    secrets.add(form);
    ordered = undefined;
    byFirstThree = undefined;
    for (const listener of listeners) listener(form);
  }
}

/**
 * The forms a value shows up in: as is, percent-encoded (by encodeURIComponent and by stricter
 * encoders that also encode !'()*), percent-decoded, and base64 (whole, unpadded, and the part
 * that is the same wherever the value sits inside a longer base64 stream, e.g. a Basic header or
 * a Kubernetes secret). The runner's masker matches exact text, so each form is registered.
 */
function formsOf(value: string): string[] {
  const forms = [value, encodeURIComponent(value), strictEncode(value), safeDecode(value)];
  const b64 = Buffer.from(value).toString('base64');
  forms.push(b64, b64.replace(/=+$/, ''));
  if (value.length >= 6) forms.push(...base64Alignments(value));
  return forms.filter((f): f is string => Boolean(f));
}

function base64Alignments(value: string): string[] {
  const bytes = Buffer.byteLength(value);
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const text = Buffer.from(Buffer.concat([Buffer.alloc(k), Buffer.from(value)])).toString('base64');
    // Characters whose 6 bits come from the value's bytes only.
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes)) / 6);
    const core = text.slice(first, last);
    if (core.length >= 6) out.push(core);
  }
  return out;
}

function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function onSecret(listener: (secret: string) => void): void {
  listeners.push(listener);
  for (const s of secrets) listener(s);
}

/** Masks registered secrets (every form) and credential-shaped text. Every output goes through this. */
export function redact(text: string): string {
  if (!text) return text;
  let out = text;
  if (secrets.size > 0 && holdsRegistered(text)) {
    // Longest first, so a secret that contains another is replaced whole.
    ordered ??= [...secrets].sort((a, b) => b.length - a.length);
    for (const s of ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return maskCredentials(out);
}

/**
 * Whether any registered form occurs in `text`: one pass over the text with a table of the forms'
 * first three characters, instead of one search per form (a scan registers hundreds of values, each
 * in ~10 forms, and a report has hundreds of strings). When none occurs, masking them one by one
 * (longest first) would change nothing, so `redact` skips it; when one does, it masks exactly as before.
 */
function holdsRegistered(text: string): boolean {
  const index = (byFirstThree ??= indexByFirstThree());
  const seen = index.seen;
  for (let i = 0, end = text.length - 3; i <= end; i++) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    if (seen[(c0 * 31 + c1) & 0xffff] === 0) continue;
    const group = index.forms.get(c0 * 4294967296 + c1 * 65536 + text.charCodeAt(i + 2));
    if (group) for (const form of group) if (text.startsWith(form, i)) return true;
  }
  return false;
}

interface FirstThreeIndex {
  /** Hashed first two characters: a cheap filter before the map. */
  seen: Uint8Array;
  forms: Map<number, string[]>;
}
let byFirstThree: FirstThreeIndex | undefined;

function indexByFirstThree(): FirstThreeIndex {
  const seen = new Uint8Array(65536);
  const forms = new Map<number, string[]>();
  // Every form is at least 3 characters long (registerSecret).
  for (const form of secrets) {
    const c0 = form.charCodeAt(0);
    const c1 = form.charCodeAt(1);
    seen[(c0 * 31 + c1) & 0xffff] = 1;
    const key = c0 * 4294967296 + c1 * 65536 + form.charCodeAt(2);
    const group = forms.get(key);
    if (group) group.push(form);
    else forms.set(key, [form]);
  }
  return { seen, forms };
}

/** Redacts every string inside a JSON-like value (keys stay: they are ours). */
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
  expanded.clear();
  ordered = undefined;
  byFirstThree = undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
