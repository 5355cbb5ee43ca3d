/**
 * What a secret value is like, without ever keeping it in a message: its length, a short hash,
 * whether it is a placeholder, and how random it looks. Every value is registered for redaction
 * the moment it is described, so whatever goes wrong later can never print it.
 */
import { createHash } from 'node:crypto';
import { registerSecret } from '@preflight/core';

/** First 8 hex digits of the value's sha256: enough to tell two values apart, never to read one. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

export function fullHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Documented placeholder words are public: registering them would mask words such as "secret"
 * or "password" in every rule ID and message. Everything else a check reads as a secret value
 * is registered.
 */
const PUBLIC_WORDS = new Set([
  'changeme', 'change_me', 'change-me', 'password', 'passwd', 'secret', 'secretkey', 'secret_key', 'example', 'placeholder',
  'default', 'dummy', 'sample', 'todo', 'none', 'null', 'true', 'false', 'admin', 'root', 'test', 'postgres', 'mysql', 'redis',
  'cambiar', 'mudar', 'remplacer', 'aendern', 'xxx',
]);

let sink: string[] | undefined;

/** In a worker thread: collect the values instead, for the main thread to register (a worker prints nothing). */
export function collectRegisteredValues(into: string[]): void {
  sink = into;
}

/**
 * secrets-lint never prints a value it found; registering one only guards against the value turning
 * up in other text. A short or all-digit value would instead mask pieces of ordinary output ("tok" in
 * "provider-token", a line number), so those are left unregistered.
 */
const MIN_REGISTERED_LENGTH = 6;

export function registerValue(value: string): void {
  if (PUBLIC_WORDS.has(value.toLowerCase())) return;
  if (value.length < MIN_REGISTERED_LENGTH || /^\d+$/.test(value)) return;
  if (sink) sink.push(value);
  else registerSecret(value);
}

/** Shannon entropy in bits per character. */
export function entropyPerChar(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...value].length;
  let bits = 0;
  for (const k of counts.values()) {
    const p = k / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// Words in placeholders people actually commit, in the languages deployment guides are written in:
// "change", "replace", "your-", and Spanish (cambiar, tu-, su-), Portuguese (mudar, alterar, seu-,
// sua-), French (remplacer, changer, votre-), German (aendern/ändern, ersetzen, dein-, ihr-).
const PLACEHOLDER_PARTS =
  /change[-_ ]?(?:me|this|it)|changeme|cambia|cambiar|mudar|alterar|troque|remplac|changer|modifier|aendern|ändern|andern|ersetzen|replace[-_ ]?(?:me|this|with)?|placeholder|dummy|example|insecure|not[-_ ]?(?:a[-_ ]?)?secret|dev[-_]?secret|secret[-_]?key[-_]?here|your[-_ ]|^your|^(?:tu|su|seu|sua|votre|ton|dein|ihr|mein|my)[-_]|fixme|todo|xxxx|<[^>]*>|produccion|producción|produção|producao|in[-_]production|for[-_]production|en[-_]prod/i;

const PLACEHOLDER_EXACT =
  /^(?:change_?me|password\d*|passwd|pass|secret\d*|secret[-_]?key|my[-_]?secret|super[-_]?secret|s3cr3t|p@ssw0rd|test|testing|default|admin|root|qwerty|letmein|123456\d*|12345678\d*|abc123|none|null|dummy|sample|example|token|key|api[-_]?key|x+|\*+|\.\.\.+)$/i;

// <project>_password_123, admin-secret-1, app_pass2024: a project name, a secret word and digits.
const NAME_WORD_DIGITS = /^[a-z][a-z0-9]*[-_.]?(?:password|passwd|pass|pwd|secret|key|token|clave|contrase[nñ]a|senha|mot[-_]?de[-_]?passe|passwort|geheim)[-_.]?\d*$/i;

/** A value someone meant to replace: "changeme", "dev-secret-change-in-production", "tu-secret-key-en-produccion-CAMBIAR". */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return false;
  return PLACEHOLDER_EXACT.test(v) || NAME_WORD_DIGITS.test(v) || PLACEHOLDER_PARTS.test(v) || /^(.)\1+$/.test(v);
}

/** Too regular to be random: few distinct characters, or low entropy per character. */
export function isLowEntropy(value: string): boolean {
  const n = [...value].length;
  if (n < 8) return true;
  const distinct = new Set(value).size;
  return distinct < Math.min(8, n / 2) || entropyPerChar(value) < 3;
}

/** A value that is a reference, not a literal: ${X}, $X, {{ x }}, %(x)s, <X>. Not a finding on its own. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return /^\$\{[^}]*\}$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^%\(.*\)s$/.test(v) || /^\$\(.*\)$/.test(v);
}

export interface Assessment {
  length: number;
  hash: string;
  placeholder: boolean;
  short: boolean;
  lowEntropy: boolean;
}

/** Registers the value, then says what is wrong with it. */
export function assess(value: string, minLength: number): Assessment {
  registerValue(value);
  const length = [...value].length;
  return { length, hash: shortHash(value), placeholder: isPlaceholder(value), short: length < minLength, lowEntropy: isLowEntropy(value) };
}

/** "31 chars, needs 32; a placeholder; sha256 1a2b3c4d": the facts a finding shows instead of the value. */
export function describeValue(a: Assessment, minLength: number): string {
  const parts = [a.short ? `${a.length} chars, needs ${minLength}` : `${a.length} chars`];
  if (a.placeholder) parts.push('a placeholder');
  else if (a.lowEntropy) parts.push('low entropy');
  parts.push(`sha256 ${a.hash}`);
  return parts.join(', ');
}

/** The weakness rule of a value, most telling first, or undefined when it is strong. */
export function weakness(a: Assessment): 'secret-placeholder' | 'secret-too-short' | 'secret-low-entropy' | undefined {
  if (a.placeholder) return 'secret-placeholder';
  if (a.short) return 'secret-too-short';
  if (a.lowEntropy) return 'secret-low-entropy';
  return undefined;
}
