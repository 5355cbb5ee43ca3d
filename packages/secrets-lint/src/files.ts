/**
 * Which files secrets-lint reads. In a git repository: `git ls-files` (tracked, plus untracked files
 * .gitignore does not exclude), so the check knows which files are committed. Elsewhere: a walk
 * that skips .git and node_modules. Symlinks are never followed (an in-tree target is scanned under
 * its own path; an out-of-tree one is not ours to read). Binary and huge files are skipped and counted.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { excluder } from './glob.ts';
import { listFiles } from './git.ts';

/** Files larger than this are skipped (generated bundles, dumps, media): 5 MiB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface SourceFile {
  /** Path relative to the scanned directory, with forward slashes. */
  path: string;
  tracked: boolean;
}

export interface WalkStats {
  filesSeen: number;
  skippedExcluded: number;
  skippedSymlink: number;
  skippedBinary: number;
  skippedHuge: number;
  skippedMissing: number;
}

export function newStats(): WalkStats {
  return { filesSeen: 0, skippedExcluded: 0, skippedSymlink: 0, skippedBinary: 0, skippedHuge: 0, skippedMissing: 0 };
}

/** Candidate files under `root`, before reading: excluded ones are already left out (symlinks and sizes are checked when read: loadFile). */
export function candidates(root: string, inGit: boolean, excludes: readonly string[], stats: WalkStats): SourceFile[] {
  const excluded = excluder(excludes);
  const listed: SourceFile[] = [];
  if (inGit) {
    const { tracked, untracked } = listFiles(root);
    for (const p of tracked) listed.push({ path: p, tracked: true });
    for (const p of untracked) listed.push({ path: p, tracked: false });
  } else {
    // Outside git nothing says what is committed: every file counts as tracked (the safe side).
    for (const p of walk(root, '')) listed.push({ path: p, tracked: true });
  }
  const out: SourceFile[] = [];
  const seen = new Set<string>();
  for (const f of listed) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    stats.filesSeen++;
    if (excluded(f.path)) {
      stats.skippedExcluded++;
      continue;
    }
    out.push(f);
  }
  return out;
}

function walk(root: string, rel: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      out.push(...walk(root, p));
    } else out.push(p);
  }
  return out;
}

export type Loaded = Buffer | 'missing' | 'symlink' | 'huge' | 'other';

/**
 * A file's bytes, or why it is not read: a symlink (never followed), over MAX_FILE_BYTES, gone
 * (tracked but deleted in the work tree), not a regular file. One lstat, then one read: done in
 * the thread that scans the file, so both cores share the file system calls.
 */
export function loadFile(path: string): Loaded {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'missing';
  }
  if (st.isSymbolicLink()) return 'symlink';
  if (!st.isFile()) return 'other';
  if (st.size > MAX_FILE_BYTES) return 'huge';
  try {
    return readFileSync(path);
  } catch {
    return 'missing';
  }
}

/** Text of a file, or undefined when it is binary (a NUL byte in its first 8 KB). A UTF-8 BOM is dropped. */
export function decodeText(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) return undefined;
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

export function readText(root: string, path: string, stats: WalkStats): string | undefined {
  const text = decodeText(readFileSync(join(root, path)));
  if (text === undefined) stats.skippedBinary++;
  return text;
}

/** The real path of a directory, so symlinked checkouts compare equal. */
export function realDir(dir: string): string {
  return realpathSync(dir);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export { relative };
