/**
 * A directory where the next write fails for lack of space, for "disk full" tests of the real
 * bundles. Two ways, best first:
 *
 * - `tmpfs`: as root (CI runs as root), a 64 KiB tmpfs mounted on a fresh directory. `fill()`
 *   then writes a filler file until the file system answers ENOSPC, so the next write of a
 *   report or fix file fails exactly as on a full runner disk.
 * - `fsize`: anywhere else, the bundle runs under `sh -c 'ulimit -f N; exec node ...'`
 *   (RLIMIT_FSIZE, N = 0): any write to a regular file fails with EFBIG (node ignores SIGXFSZ), in any
 *   directory.
 *
 * `availableModes()` says which work here; a test skips with the reason printed only when none does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessResult } from './run-bundle.ts';

export type DiskFullMode = 'tmpfs' | 'fsize';

export interface FullDisk {
  mode: DiskFullMode;
  /** Where the test puts the files the check must (fail to) write. */
  dir: string;
  /** Use up the rest of the space (tmpfs); a no-op under fsize, where the limit is per process. */
  fill(): void;
  /** Runs `node <args>` so that its writes hit the full disk. */
  run(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ProcessResult>;
  cleanup(): void;
}

let tmpfsWorks: boolean | undefined;

function canMountTmpfs(): boolean {
  if (tmpfsWorks !== undefined) return tmpfsWorks;
  tmpfsWorks = false;
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'pf-tmpfs-probe-'));
  try {
    tmpfsWorks = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (tmpfsWorks) spawnSync('umount', [probe]);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return tmpfsWorks;
}

function canLimitFileSize(): boolean {
  // node must survive the limit (it ignores SIGXFSZ) and see EFBIG.
  const r = spawnSync('sh', ['-c', `ulimit -f 0 && exec "${process.execPath}" -e "try { require('fs').writeFileSync(process.argv[1], Buffer.alloc(4096)); } catch (e) { process.stdout.write(e.code); }" "${join(tmpdir(), `pf-fsize-probe-${process.pid}`)}"`], { encoding: 'utf8' });
  rmSync(join(tmpdir(), `pf-fsize-probe-${process.pid}`), { force: true });
  return r.status === 0 && r.stdout === 'EFBIG';
}

/** The ways to fill a disk that work on this machine, best first, and why the others do not. */
export function availableModes(): { modes: DiskFullMode[]; reasons: string[] } {
  const modes: DiskFullMode[] = [];
  const reasons: string[] = [];
  if (canMountTmpfs()) modes.push('tmpfs');
  else reasons.push(process.getuid?.() === 0 ? 'mount -t tmpfs failed (no CAP_SYS_ADMIN?)' : 'not root, so no tmpfs mount');
  if (canLimitFileSize()) modes.push('fsize');
  else reasons.push('ulimit -f does not make node see EFBIG here');
  return { modes, reasons };
}

function runNode(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command, 'sh', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export function fullDisk(mode: DiskFullMode): FullDisk {
  const dir = mkdtempSync(join(tmpdir(), `pf-diskfull-${mode}-`));
  if (mode === 'tmpfs') {
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`mount tmpfs on ${dir} failed: ${m.stderr}`);
    return {
      mode,
      dir,
      fill() {
        const fd = openSync(join(dir, '.filler'), 'w');
        const block = Buffer.alloc(1024, 120);
        try {
          for (;;) writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        } finally {
          closeSync(fd);
        }
        // Whatever is left below one block goes too, so even a tiny write fails.
        const fd2 = openSync(join(dir, '.filler2'), 'w');
        try {
          for (;;) writeSync(fd2, Buffer.alloc(1, 120));
        } catch {
          // ENOSPC: full.
        } finally {
          closeSync(fd2);
        }
      },
      run: (args, env, cwd) => runNode(`exec "${process.execPath}" "$@"`, args, env, cwd),
      cleanup() {
        spawnSync('umount', [dir]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return {
    mode,
    dir,
    fill() {},
    // 0 blocks: the first byte written to any regular file fails (pipes, so stdout and stderr, are not limited).
    run: (args, env, cwd) => runNode(`ulimit -f 0 && exec "${process.execPath}" "$@"`, args, env, cwd),
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `old` written to `path` before the disk fills up, so a test can check it survives. */
export function plantOldFile(path: string, old: string): void {
  writeFileSync(path, old);
}
