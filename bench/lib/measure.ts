/**
 * Runs a command as a child process and measures wall time and peak RSS. Peak RSS comes from GNU
 * time (`/usr/bin/time -v`, "Maximum resident set size") when it is installed, else from polling
 * /proc/<pid>/status VmHWM (which misses growth in the last polling interval).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  code: number | null;
  signal: string | null;
  seconds: number;
  peakRssMB: number | undefined;
  /** User + system CPU seconds of the command itself (GNU time only; the database server's work is not in it). */
  cpuSeconds: number | undefined;
  rssSource: 'gnu-time' | 'proc-vmhwm' | 'none';
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';

let gnuTimeChecked: boolean | undefined;

/** GNU time, installed with apt-get when missing and we are root (Debian package `time`). */
export function ensureGnuTime(): boolean {
  if (gnuTimeChecked !== undefined) return gnuTimeChecked;
  const works = () => existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');
  if (!works() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error('bench: installing GNU time (apt-get install -y time) for peak RSS figures');
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time'], { stdio: 'ignore' });
  }
  gnuTimeChecked = Boolean(works());
  return gnuTimeChecked;
}

export async function measure(cmd: string, args: string[], options: RunOptions = {}): Promise<Measured> {
  const useTime = ensureGnuTime();
  const tmp = useTime ? mkdtempSync(join(tmpdir(), 'bench-time-')) : undefined;
  const timeFile = tmp ? join(tmp, 'time.txt') : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let hwmKB = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKB = Math.max(hwmKB, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 10);
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        // The child leads its own process group (detached), so this also ends what GNU time runs.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, options.timeoutMs)
    : undefined;
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  });
  const seconds = (performance.now() - start) / 1000;
  if (poll) clearInterval(poll);
  if (timer) clearTimeout(timer);
  let peakRssMB: number | undefined = hwmKB ? hwmKB / 1024 : undefined;
  let exitCode = code;
  let cpuSeconds: number | undefined;
  if (timeFile && existsSync(timeFile)) {
    const text = readFileSync(timeFile, 'utf8');
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    if (m) peakRssMB = Number(m[1]) / 1024;
    const user = /User time \(seconds\): ([\d.]+)/.exec(text);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(text);
    if (user && sys) cpuSeconds = Number(user[1]) + Number(sys[1]);
    // GNU time exits with the command's status; when the command was killed it says so in the file.
    const killed = /Command terminated by signal (\d+)/.exec(text);
    if (killed) exitCode = null;
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  return {
    code: exitCode,
    signal,
    seconds,
    peakRssMB,
    cpuSeconds,
    rssSource: useTime ? 'gnu-time' : hwmKB ? 'proc-vmhwm' : 'none',
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    timedOut,
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median of the values that were measured (a run that failed leaves undefined). */
export function medianOfMeasured(xs: (number | undefined)[]): number | undefined {
  const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  return v.length ? median(v) : undefined;
}

export function fmt(n: number | undefined, digits = 2): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);
}
