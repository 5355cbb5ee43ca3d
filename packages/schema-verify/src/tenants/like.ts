/**
 * `--schemas-like`: a SQL LIKE pattern over schema names, as PostgreSQL reads it (case-sensitive,
 * `%` any run of characters, `_` any one character, `\` escapes the next one). The server does
 * the matching during introspection; this module checks the pattern before anything connects and
 * answers "would it match this name" for the checks that need it up front.
 */
import { UsageError } from '@preflight/core';
import { escapeRegExp } from '../model.ts';

/** One sentence for a pattern PostgreSQL would refuse or that cannot name a tenant schema; undefined when fine. */
export function likePatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return "is empty; give a SQL LIKE pattern that matches the tenant schemas, e.g. 'tenant\\_%'";
  // PostgreSQL: "LIKE pattern must not end with escape character".
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) return `ends with a lone \\ (the LIKE escape character); write \\\\ for a backslash in a name, or drop it`;
  if (pattern.length > 200) return 'is longer than 200 characters; schema names have at most 63';
  return undefined;
}

export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]);
    else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`, 's');
}

export function assertLikePattern(pattern: string, label: string): void {
  const problem = likePatternProblem(pattern);
  if (problem) throw new UsageError(`${label} ${problem}.`);
}
