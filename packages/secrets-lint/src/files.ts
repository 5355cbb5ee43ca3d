/**
 * Which files secrets-lint reads. In a git repository: `git ls-files` (tracked, plus untracked files
 * .gitignore does not exclude), so the check knows which files are committed. Elsewhere: a walk
 * that skips .git and node_modules. Symlinks are never followed (an in-tree target is scanned under
 * its own path; an out-of-tree one is not ours to read). Binary and huge files are skipped and counted.
 */
import { type Dirent, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { isAscii } from 'node:buffer';
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

/**
 * Candidate files under `root`, before reading: excluded ones are already left out (symlinks and
 * sizes are checked when read: loadFile). `listing` is git's, when the caller already has it.
 * `onListed` hears the number of files listed so far, so worker threads can start while the walk goes on.
 */
export function candidates(
  root: string,
  inGit: boolean,
  excludes: readonly string[],
  stats: WalkStats,
  listing?: { tracked: readonly string[]; untracked: readonly string[] },
  onListed?: (count: number) => void,
): SourceFile[] {
  const excluded = excluder(excludes);
  const listed: SourceFile[] = [];
  if (inGit) {
    const { tracked, untracked } = listing ?? listFiles(root);
    for (const p of tracked) listed.push({ path: p, tracked: true });
    for (const p of untracked) listed.push({ path: p, tracked: false });
    onListed?.(listed.length);
  } else {
    // Outside git nothing says what is committed: every file counts as tracked (the safe side).
    walk(root, '', listed, onListed);
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

// Code-unit order: the same on every machine, and no ICU collator to load (≈6 ms of start-up).
const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function walk(root: string, rel: string, out: SourceFile[], onListed?: (count: number) => void): void {
  let entries;
  try {
    entries = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort(byName)) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      walk(root, p, out, onListed);
    } else out.push({ path: p, tracked: true });
  }
  onListed?.(out.length);
}

export type Loaded = Buffer | 'missing' | 'symlink' | 'huge' | 'other';

// Opening with O_NOFOLLOW refuses a symlink itself (ELOOP), so no lstat is needed first; O_NONBLOCK
// keeps a FIFO from blocking the open. Not on Windows: there the lstat path below is used.
const NOFOLLOW = constants.O_NOFOLLOW;
const OPEN_FLAGS = constants.O_RDONLY | (NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
/** Most source files fit in one read of this size: open, read, close, nothing else. */
const FIRST_READ = 256 * 1024;
let scratch: Buffer | undefined;

/**
 * A file's bytes, or why it is not read: a symlink (never followed), over MAX_FILE_BYTES, gone
 * (tracked but deleted in the work tree), not a regular file. Done in the thread that scans the
 * file, so both cores share the file system calls. Three calls for a file up to FIRST_READ bytes
 * (open, read, close); fstat only for a longer or empty one. The returned Buffer of a small file is
 * a view of one reused buffer: it is valid until the next loadFile call in this thread.
 */
export function loadFile(path: string): Loaded {
  if (NOFOLLOW === undefined) return loadFileAfterLstat(path);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return 'symlink';
    // A socket cannot be opened (ENXIO); a file deleted since it was listed: ENOENT.
    return code === 'ENXIO' ? 'other' : 'missing';
  }
  try {
    const buf = (scratch ??= Buffer.allocUnsafe(FIRST_READ));
    let n: number;
    try {
      n = readSync(fd, buf, 0, FIRST_READ, 0);
    } catch {
      // A directory (a submodule's path), an empty FIFO.
      return 'other';
    }
    // A regular file's read is short only at its end; an empty result may be a FIFO or a device.
    if (n > 0 && n < FIRST_READ) return buf.subarray(0, n);
    const st = fstatSync(fd);
    if (!st.isFile()) return 'other';
    if (n === 0) return buf.subarray(0, 0);
    if (st.size > MAX_FILE_BYTES) return 'huge';
    return readRest(fd, buf, st.size);
  } finally {
    closeSync(fd);
  }
}

/** The whole of a file longer than the first read: the first bytes, then the rest up to MAX_FILE_BYTES + 1. */
function readRest(fd: number, first: Buffer, size: number): Buffer {
  const out = Buffer.allocUnsafe(Math.min(Math.max(size, FIRST_READ) + 1, MAX_FILE_BYTES + 1));
  first.copy(out, 0, 0, FIRST_READ);
  let have = FIRST_READ;
  while (have < out.length) {
    const n = readSync(fd, out, have, out.length - have, have);
    if (n === 0) break;
    have += n;
  }
  // Grown past the limit since fstat: as huge as if it had been that size.
  return out.subarray(0, have);
}

function loadFileAfterLstat(path: string): Loaded {
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
  const nul = buf.indexOf(0);
  if (nul >= 0 && nul < 8192) return undefined;
  // Most source files are ASCII, where latin1 decodes the same text without UTF-8's checks.
  let text = isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8');
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
