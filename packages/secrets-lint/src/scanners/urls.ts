/** URLs with a password inline (postgres://app:PASSWORD@db/app), in any text file. */
import { isSecretName } from '@preflight/core';
import { assess, describeValue, fullHash } from '../value.ts';
import { Lines, type Hit } from '../hit.ts';

const URL_WITH_PASSWORD =
  /\b(postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|https?)(?:\+[a-z0-9]+)?:\/\/([^\s:/?#@"'`<>]{0,128}):([^\s/?#"'`<>]{1,512})@(?=[A-Za-z0-9[._-])/gi;

/** Passwords that are not literals: ${DB_PASSWORD}, $PASS, {{ .pw }}, %s, <password>, ***. */
function isTemplate(pw: string): boolean {
  return /^\$\{?[A-Za-z_]|^\{\{|^%[sd(]|^<[^>]*>$|^\*+$|^\.\.\.$|^\$\(|^\{[A-Za-z_]+\}$|^:?[A-Za-z_]+\}$/.test(pw) || /\$\{[^}]*\}|\{\{.*\}\}/.test(pw);
}

const WELL_KNOWN_DEFAULTS = new Set(['postgres', 'root', 'guest', 'mysql', 'redis', 'admin', 'rabbitmq', 'mongo', 'example', 'pass', 'pw']);

/** Whether "://" occurs, found through "//": ':' is common in code and YAML, '/' much less, and V8 searches for the first character. */
function hasSchemeSeparator(text: string): boolean {
  for (let i = text.indexOf('//', 1); i >= 0; i = text.indexOf('//', i + 1)) if (text.charCodeAt(i - 1) === 58) return true;
  return false;
}

export function scanUrls(file: string, text: string, opts: { minLength: number; docs: boolean }, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  if (!hasSchemeSeparator(text)) return hits;
  URL_WITH_PASSWORD.lastIndex = 0;
  for (let m = URL_WITH_PASSWORD.exec(text); m; m = URL_WITH_PASSWORD.exec(text)) {
    const scheme = m[1]!.toLowerCase();
    let pw = m[3]!;
    // The password runs to the last '@' before the host.
    if (isTemplate(pw)) continue;
    try {
      pw = decodeURIComponent(pw);
    } catch {
      /* kept as written */
    }
    if (isTemplate(pw)) continue;
    const a = assess(pw, opts.minLength);
    const line = lines.lineOf(m.index);
    // A placeholder, the user name again, or a service's documented default (postgres:postgres, guest:guest in CI service containers).
    const placeholder = a.placeholder || pw === m[2] || WELL_KNOWN_DEFAULTS.has(pw.toLowerCase());
    hits.push({
      rule: 'url-inline-password',
      severity: placeholder ? (opts.docs ? 'notice' : 'warning') : 'error',
      file,
      line,
      variable: `${scheme} URL`,
      valueHash: fullHash(pw),
      object: `${file}:${line}`,
      message: `${scheme}:// URL with an inline password in ${file}:${line} (${describeValue(a, opts.minLength)}).`,
      fix: 'Take the URL (or its password) from an environment variable or secret store; in compose write ${DATABASE_URL:?DATABASE_URL is required}.',
    });
  }
  return hits;
}

export { isSecretName };
