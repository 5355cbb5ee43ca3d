/**
 * Suppression: an inline `preflight-ignore: <rule>[, <rule>]` comment on the finding's line or the
 * line above, and a baseline file of accepted fingerprints. A fingerprint is built from the rule, the
 * file, the variable and the value's hash, not the line, so a finding stays accepted when lines move.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { UsageError, writeUnmaskedFileAtomic } from '@preflight/core';
import type { Hit } from './hit.ts';
import type { Lines } from './hit.ts';

export function fingerprint(hit: Pick<Hit, 'rule' | 'file' | 'variable' | 'valueHash'>): string {
  return createHash('sha256').update([hit.rule, hit.file, hit.variable, hit.valueHash].join('\0')).digest('hex').slice(0, 32);
}

const IGNORE = /preflight-ignore:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/i;

/** Whether `line` (1-based) or the line above carries preflight-ignore for `rule` (or `all`). */
export function ignoredInline(lines: Lines | undefined, line: number, rule: string): boolean {
  if (!lines) return false;
  for (const n of [line, line - 1]) {
    if (n < 1) continue;
    const m = IGNORE.exec(lines.line(n));
    if (m && m[1]!.split(',').map((s) => s.trim().toLowerCase()).some((r) => r === rule || r === 'all')) return true;
  }
  return false;
}

export function readBaseline(path: string): Set<string> {
  if (!existsSync(path)) throw new UsageError(`--baseline ${path} does not exist; write one with --write-baseline ${path}.`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`--baseline ${path} is not valid JSON; write it with --write-baseline (a {"fingerprints": [...]} object).`);
  }
  const list = (data as { fingerprints?: unknown })?.fingerprints;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) {
    throw new UsageError(`--baseline ${path} has no "fingerprints" list of strings; write it with --write-baseline.`);
  }
  return new Set(list as string[]);
}

export function writeBaseline(path: string, hits: readonly Hit[]): void {
  // Only fingerprints and locations: the file is committed, so it holds no value and no hash a value could be checked against.
  const entries = hits.map((h) => ({ fingerprint: fingerprint(h), rule: h.rule, file: h.file, line: h.line }));
  const unique = [...new Set(entries.map((e) => e.fingerprint))].sort();
  // Not masked (as before): hashes and locations only. Atomic: a full disk leaves the old baseline.
  writeUnmaskedFileAtomic(path, JSON.stringify({ version: 1, fingerprints: unique, findings: entries }, null, 2) + '\n', 'write-baseline');
}
