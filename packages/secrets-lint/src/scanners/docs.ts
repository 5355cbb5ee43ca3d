/**
 * Docs and scripts leak too: literal secret assignments in Markdown code blocks (a deployment guide's
 * `SECRET_KEY: lmHB...`), shell scripts and Makefiles. Placeholders there are notices: a guide is
 * meant to show where a value goes, but a real-looking value is an error.
 */
import { isSecretName } from '@preflight/core';
import { assess, describeValue, fullHash, isReference } from '../value.ts';
import { Lines, type Hit } from '../hit.ts';

// NAME=value, export NAME=value, NAME: value, NAME := value (make), "NAME": "value", - NAME=value (compose list in a guide)
const ASSIGNMENT =
  /^[ \t]*(?:-[ \t]+)?(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?::=|\?=|\+=|=|:(?=[ \t]))[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#;]+)/;

const SECRETISH = /pass|secret|token|key|credential|pwd|auth|_pat/i;

export function isDocsFile(path: string): boolean {
  return /\.(?:md|markdown|mdx|rst|txt|sh|bash|zsh|ksh|ps1)$/i.test(path) || /(?:^|\/)(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(path);
}

const NON_SPACE = /\S/;

/**
 * Whether a line starts with four spaces or a tab and then a non-space (/^(?: {4}|\t)\S/m), found by
 * searching for "\n    " and "\n\t": several times faster than the multiline regex. Text with other
 * line terminators (\r, U+2028, U+2029, where the regex's ^ also matches) goes to the regex.
 */
export function hasIndentedLine(text: string): boolean {
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) return /^(?: {4}|\t)\S/m.test(text);
  for (const lead of ['    ', '\t']) {
    const after = lead.length;
    if (text.startsWith(lead) && after < text.length && NON_SPACE.test(text[after]!)) return true;
    const needle = '\n' + lead;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      const at = i + 1 + after;
      if (at < text.length && NON_SPACE.test(text[at]!)) return true;
    }
  }
  return false;
}

export function scanDocs(file: string, text: string, opts: { minLength: number }, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  const markdown = /\.(?:md|markdown|mdx|rst)$/i.test(file);
  // Cheap tests first: no secret-ish word, or Markdown without a code block, has nothing to find.
  if (markdown && !text.includes('```') && !text.includes('~~~') && !hasIndentedLine(text)) return hits;
  // Every assignment has '=' or ': ' (or ':\t'): without one there is nothing to find, and these
  // searches are far cheaper than the case-insensitive SECRETISH regex over the whole text.
  if (!text.includes('=') && !text.includes(': ') && !text.includes(':\t')) return hits;
  if (!SECRETISH.test(text)) return hits;
  let inBlock = !markdown;
  for (let n = 1; n <= lines.count; n++) {
    const line = lines.line(n);
    if (markdown && /^[ \t]*(?:```|~~~)/.test(line)) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock && !(markdown && /^( {4}|\t)/.test(line))) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const name = m[1]!;
    let value = m[2]!;
    if (!isSecretName(name)) continue;
    if (/^["']/.test(value)) value = value.slice(1, -1);
    if (!value || isReference(value) || /^\$|^`|^\$\(/.test(value) || /\$\{/.test(value)) continue;
    if (/^(?:true|false|yes|no|on|off|required|optional|none|null|\d{1,3})$/i.test(value)) continue;
    // Code, not a value: os.environ["SECRET_KEY"], get_secret("x"), settings.SECRET_KEY; and documented examples (AWS's ...EXAMPLE keys).
    if (/^[A-Za-z_][\w.]*[([]/.test(value) || /^[A-Za-z_]+\.[A-Za-z_][\w.]*$/.test(value) || /EXAMPLE/.test(value)) continue;
    const a = assess(value, opts.minLength);
    const severity = a.placeholder ? 'notice' : 'error';
    hits.push({
      rule: 'docs-secret-literal',
      severity,
      file,
      line: n,
      variable: name,
      valueHash: fullHash(value),
      object: `${file}:${n}:${name}`,
      message: a.placeholder
        ? `${name} shows a placeholder in ${file}:${n} (${describeValue(a, opts.minLength)}); make sure readers replace it.`
        : `${name} has a literal value in ${file}:${n} (${describeValue(a, opts.minLength)}): a real secret in a guide or script is a leaked one.`,
      fix: a.placeholder
        ? `Show how to generate one instead (openssl rand -hex 32) rather than a value to copy into ${name}.`
        : `Rotate it, then replace the value of ${name} with a placeholder or with how to generate one (openssl rand -hex 32).`,
    });
  }
  return hits;
}
