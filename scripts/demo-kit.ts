/**
 * What every incident of `npm run demo` is told with: the bundled CLI run as a user runs it, a
 * check on its exit code, and the demo's own styling.
 *
 * Colour only on a terminal, never with NO_COLOR or in CI (CI=true), the conventions most tools
 * follow (https://no-color.org). Anything that takes longer than a second shows that it is still
 * working: on a terminal a ticking status line that is erased when the step ends, elsewhere the
 * time it took, printed once afterwards (a log has no use for a spinner).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli/index.js');

/** NO_COLOR wins, then FORCE_COLOR; CI logs get plain text; otherwise colour only on a terminal. */
export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.CI === 'true' || env.CI === '1') return false;
  return isTTY && env.TERM !== 'dumb';
}

const colour = colourWanted(process.stdout.isTTY === true, process.env);
const ticking = colour && process.stderr.isTTY === true;
const paint = (code: string) => (s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);

export const bold = paint('1');
export const heading = paint('1;36');
export const dim = paint('2');
const green = paint('32');
const red = paint('31');

/** Seconds with one decimal, the way the demo reports how long a step took. */
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs `task`, and if it takes longer than a second, shows that it is working: `label` with a
 * ticking time on a terminal, a "(took N s)" line otherwise. Returns what the task returns.
 */
export async function withProgress<T>(label: string, task: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let shown = false;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const timer = ticking
    ? setInterval(() => {
        const elapsed = performance.now() - started;
        if (elapsed < 1000) return;
        shown = true;
        process.stderr.write(`\r\x1b[2K${dim(`${frames[frame++ % frames.length]} ${label} ${seconds(elapsed)}`)}`);
      }, 100)
    : undefined;
  try {
    return await task();
  } finally {
    if (timer) clearInterval(timer);
    if (shown) process.stderr.write('\r\x1b[2K');
    const elapsed = performance.now() - started;
    if (!ticking && elapsed >= 1000) console.log(dim(`(${label}: took ${seconds(elapsed)})`));
  }
}

export async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Runs `preflight ...` as a user would (in `cwd`, where a tool such as alembic looks for its files) and shows what it printed, then its exit code. Output is
 * collected and printed when the command ends, so the progress line never interleaves with it.
 */
export async function preflight(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<number> {
  // Even a throwaway password is not printed: the demo shows the habit it asks of users.
  const shown = args.map((a) => a.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@'));
  console.log(`\n${bold('$')} preflight ${shown.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const started = performance.now();
  const { status, output } = await withQuietProgress(`preflight ${args[0]}`, () => run(args, env, cwd));
  process.stdout.write(output);
  const took = performance.now() - started;
  const code = status === 0 ? green(`exit code ${status}`) : red(`exit code ${status}`);
  console.log(`(${code}${took >= 1000 ? `, ${seconds(took)}` : ''})`);
  return status;
}

/** withProgress without its "(took N s)" line: preflight() puts the time next to the exit code. */
async function withQuietProgress<T>(label: string, task: () => Promise<T>): Promise<T> {
  return ticking ? withProgress(label, task) : task();
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

export function expectExit(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`demo: ${what} exited ${actual}, expected ${expected}`);
}

/** What an incident is given: a scratch directory of its own and the helpers above. */
export interface DemoKit {
  work: string;
  sql: typeof sql;
  preflight: typeof preflight;
  expectExit: typeof expectExit;
  bold: typeof bold;
}
