/**
 * Runs a built bundle as a real process the way a runner does: INPUT_* variables, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and RUNNER_TEMP in a fresh temporary directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname;

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ActionResult extends ProcessResult {
  outputs: Record<string, string>;
  summary: string;
  dir: string;
  /** Everything the step produced, for leak checks. */
  everything: string;
}

export function runProcess(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd ?? repoRoot, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `preflight <args>` through the bundled CLI. */
export function runCliBundle(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runProcess([join(repoRoot, 'dist/cli/index.js'), ...args], { env: { ...baseEnv(), ...env } });
}

export async function runActionBundle(
  check: string,
  inputs: Record<string, string>,
  opts: { env?: NodeJS.ProcessEnv; event?: unknown } = {},
): Promise<ActionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary.md');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(opts.event ?? {}));
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'acme/app',
    RUNNER_TEMP: dir,
    ...opts.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  // The gate is the root action.yml, which runs dist/gate/index.js; checks run actions/<check>/index.js.
  const entry = check === 'gate' ? join(repoRoot, 'dist/gate/index.js') : join(repoRoot, 'actions', check, 'index.js');
  const result = await runProcess([entry], { env });
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
  const summary = readFileSync(summaryFile, 'utf8');
  const report = outputs.report && existsSync(outputs.report) ? readFileSync(outputs.report, 'utf8') : '';
  return { ...result, outputs, summary, dir, everything: [result.stdout, result.stderr, summary, report, JSON.stringify(outputs)].join('\n') };
}

/** Parses the runner's `name<<DELIMITER ... DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (m) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i]);
      out[m[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const [k, ...v] = lines[i].split('=');
      out[k] = v.join('=');
    }
  }
  return out;
}

/** A runner-like environment without the developer's own database or GitHub variables. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('INPUT_') || k.startsWith('GITHUB_') || k === 'DATABASE_URL') delete env[k];
  return env;
}
