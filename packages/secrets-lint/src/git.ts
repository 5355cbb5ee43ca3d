/** The few git questions secrets-lint asks, through git itself (no library): what is tracked, what a commit or branch adds. */
import { spawnSync } from 'node:child_process';
import { CouldNotRunError, UsageError } from '@preflight/core';

function git(cwd: string, args: string[], maxBuffer = 512 * 1024 * 1024): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new CouldNotRunError('git is not installed or not on PATH; secrets-lint needs it to know which files are tracked.');
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The top of the work tree that holds `dir`, or undefined outside a git repository. */
export function gitTopLevel(dir: string): string | undefined {
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  return r.ok ? r.stdout.trim() : undefined;
}

/** Where `dir` sits in its work tree ("services/api/"), so findings name files from the repository root as annotations need. */
export function gitPrefix(dir: string): string {
  const r = git(dir, ['rev-parse', '--show-prefix']);
  return r.ok ? r.stdout.trim() : '';
}

/** Files under `dir` (relative to it): tracked ones, and untracked ones .gitignore does not exclude. */
export function listFiles(dir: string): { tracked: string[]; untracked: string[] } {
  const tracked = git(dir, ['ls-files', '-z', '--cached', '--', '.']);
  const untracked = git(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.']);
  if (!tracked.ok || !untracked.ok) throw new CouldNotRunError(`git ls-files failed in ${dir}: ${(tracked.stderr || untracked.stderr).trim().split('\n')[0]}`);
  return { tracked: split(tracked.stdout), untracked: split(untracked.stdout) };
}

function split(text: string): string[] {
  return [...new Set(text.split('\0').filter(Boolean))];
}

/** Lines each file gains, as added line numbers of the new side: the index (`staged`) or the work tree against `base`. */
export function addedLines(dir: string, mode: { staged: true } | { since: string }): Map<string, Set<number>> {
  let args: string[];
  if ('staged' in mode) args = ['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--diff-filter=ACMR', '--relative', '--', '.'];
  else {
    const base = git(dir, ['merge-base', mode.since, 'HEAD']);
    if (!base.ok) throw new UsageError(`--since ${mode.since} is not a commit this repository knows (git merge-base failed); fetch it first, e.g. git fetch origin main (actions/checkout needs fetch-depth: 0).`);
    args = ['diff', base.stdout.trim(), '-U0', '--no-color', '--no-ext-diff', '--diff-filter=ACMR', '--relative', '--', '.'];
  }
  const r = git(dir, args);
  if (!r.ok) throw new CouldNotRunError(`git diff failed in ${dir}: ${r.stderr.trim().split('\n')[0]}`);
  return parseAddedLines(r.stdout);
}

/** Parses `git diff -U0` output into file → added line numbers. */
export function parseAddedLines(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4);
      if (path === '/dev/null') current = undefined;
      else {
        const name = unquote(path).replace(/^b\//, '');
        current = out.get(name) ?? new Set();
        out.set(name, current);
      }
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  return out;
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  // git quotes unusual names C-style; octal escapes are UTF-8 bytes.
  const bytes: number[] = [];
  const s = path.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      const oct = /^[0-7]{3}/.exec(s.slice(i + 1));
      if (oct) {
        bytes.push(parseInt(oct[0], 8));
        i += 3;
        continue;
      }
      const esc: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };
      // A backslash at the very end (never written by git, but text is text) stays a backslash.
      bytes.push(...Buffer.from(i + 1 < s.length ? (esc[s[i + 1]!] ?? s[i + 1]!) : '\\'));
      i++;
      continue;
    }
    bytes.push(...Buffer.from(s[i]!));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The staged content of a file (what the commit will hold). */
export function stagedContent(dir: string, path: string): Buffer | undefined {
  const r = spawnSync('git', ['show', `:./${path}`], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}
