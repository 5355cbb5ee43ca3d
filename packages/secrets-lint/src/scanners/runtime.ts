/**
 * --check-env: the values a deploy really has (in a workflow, `${{ secrets.X }}` through `env:`).
 * Weak values, two variables with one value, and a value that also sits in a tracked file are
 * findings; values are compared by hash and never printed.
 */
import { assess, describeValue, fullHash, shortHash, weakness } from '../value.ts';
import type { Hit, Lines, ScanOptions } from '../hit.ts';

export interface RuntimeSecret {
  name: string;
  value: string | undefined;
}

interface FileText {
  path: string;
  tracked: boolean;
  text: string;
  lines: Lines;
}

/** Values shorter than this are not searched for in files: they would match ordinary text. */
const MIN_SEARCHED = 8;

export function checkRuntime(secrets: readonly RuntimeSecret[], opts: ScanOptions): Hit[] {
  const hits: Hit[] = [];
  const byHash = new Map<string, string[]>();
  for (const s of secrets) {
    if (s.value === undefined) {
      hits.push(runtimeHit('runtime-secret-missing', s.name, '', `${s.name} is not set in the environment (or is empty).`, `Set it from a secret: env: ${s.name}: \${{ secrets.${s.name} }}`));
      continue;
    }
    const a = assess(s.value, opts.minLength);
    const weak = weakness(a);
    const hash = fullHash(s.value);
    byHash.set(hash, [...(byHash.get(hash) ?? []), s.name]);
    if (weak) {
      const what = weak === 'secret-placeholder' ? 'is a placeholder' : weak === 'secret-too-short' ? 'is too short' : 'has low entropy';
      hits.push(runtimeHit('runtime-secret-weak', s.name, hash, `${s.name} in the environment ${what} (${describeValue(a, opts.minLength)}).`, `Set a new secret for ${s.name} (openssl rand -hex 32).`));
    }
  }
  for (const [hash, names] of byHash) {
    if (names.length < 2) continue;
    hits.push(runtimeHit('runtime-secret-shared', names.join('+'), hash, `${names.join(' and ')} hold the same value (sha256 ${hash.slice(0, 8)}).`, 'Give each environment and each use its own secret.'));
  }
  return hits;
}

/** A runtime value found in a tracked file (a production key pasted into a guide). */
export function runtimeInFile(secrets: readonly RuntimeSecret[], f: FileText): Hit[] {
  const hits: Hit[] = [];
  if (!f.tracked) return hits;
  for (const s of secrets) {
    if (s.value === undefined || [...s.value].length < MIN_SEARCHED) continue;
    const at = f.text.indexOf(s.value);
    if (at < 0) continue;
    const line = f.lines.lineOf(at);
    const hash = fullHash(s.value);
    hits.push({
      ...runtimeHit('runtime-secret-in-repo', s.name, hash, `The value of ${s.name} (sha256 ${hash.slice(0, 8)}) appears in the tracked file ${f.path}:${line}.`, `Rotate ${s.name}, then remove it from ${f.path} and from the history.`),
      file: f.path,
      line,
      object: `${f.path}:${line}:${s.name}`,
    });
  }
  return hits;
}

function runtimeHit(rule: string, variable: string, valueHash: string, message: string, fix: string): Hit {
  return { rule, severity: 'error', file: '', line: 0, variable, valueHash, object: `env.${variable}`, message, fix };
}

export { shortHash };
