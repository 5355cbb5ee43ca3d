/**
 * The canary test's machinery, shared by every check (secrets-lint and registry-deploy add rows):
 * a row runs a check through the CLI bundle or an action bundle with canary secrets planted in
 * its inputs, its command's output or its files, and every byte the run produced (stdout,
 * stderr, files it wrote, GITHUB_OUTPUT, the step summary, the bodies sent to the fake GitHub) is
 * searched for each canary in every form a leak could take.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeGitHub } from './fake-github.ts';
import { runActionBundle, runCliBundle } from './run-bundle.ts';

/**
 * The forms a canary can leak in: as is, percent-encoded (encodeURIComponent and the stricter
 * RFC 3986 form), escaped as a workflow command escapes '%', and base64, whole or as the part that
 * is the same at any position inside a longer base64 text, and XML-escaped (the JUnit file).
 * Computed here, not taken from the code under test.
 */
export function leakForms(value: string): Array<{ form: string; text: string }> {
  const strict = [...value].map((c) => (/[A-Za-z0-9_.~-]/.test(c) ? c : encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`))).join('');
  const forms = [
    { form: 'plain', text: value },
    { form: 'percent-encoded', text: encodeURIComponent(value) },
    { form: 'strictly percent-encoded', text: strict },
    { form: 'percent-encoded in a workflow command', text: encodeURIComponent(value).replace(/%/g, '%25') },
    { form: 'base64', text: Buffer.from(value).toString('base64').replace(/=+$/, '') },
    // The JUnit file escapes markup characters, so a secret holding one would not match as is.
    { form: 'XML-escaped', text: value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;') },
  ];
  for (let shift = 1; shift < 3; shift++) {
    const text = Buffer.from('\0'.repeat(shift) + value).toString('base64');
    const from = Math.ceil((8 * shift) / 6);
    const to = Math.floor((8 * (shift + Buffer.byteLength(value))) / 6);
    forms.push({ form: `base64 at offset ${shift}`, text: text.slice(from, to) });
  }
  return forms.filter((f, i) => f.text.length >= 6 && forms.findIndex((g) => g.text === f.text) === i);
}

export interface Output {
  /** Where the bytes came from: "stdout", "file report.json", "GitHub POST body", ... */
  where: string;
  text: string;
}

/** `::add-mask::` lines are how a step asks the runner to mask a value; the runner never shows them. */
function shown(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Every leak of every canary: "CANARY-x (base64) in stderr". Empty when the run was clean. */
export function leaksIn(outputs: readonly Output[], canaries: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const out of outputs) {
    const text = shown(out.text);
    for (const canary of canaries) {
      for (const { form, text: needle } of leakForms(canary)) {
        if (text.includes(needle)) leaks.push(`${canary} (${form}) in ${out.where}: …${excerptAround(text, needle)}…`);
      }
    }
  }
  return leaks;
}

function excerptAround(text: string, needle: string): string {
  const at = text.indexOf(needle);
  return text.slice(Math.max(0, at - 60), at + needle.length + 20).replace(/\n/g, '⏎');
}

/** Every file under `dir`, recursively, as outputs. */
export function filesUnder(dir: string, label = 'file'): Output[] {
  const out: Output[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, `${label} ${name}/`));
    else out.push({ where: `${label} ${name}`, text: readFileSync(path, 'utf8') });
  }
  return out;
}

export interface RowContext {
  /** A fresh directory for the row's files (--report, --sarif, --fix-sql point here). */
  dir: string;
  github: FakeGitHub;
  /** GITHUB_* variables that make `--comment` / `comment: true` post to the fake GitHub. */
  githubEnv: NodeJS.ProcessEnv;
}

export interface CanaryRow {
  name: string;
  check: string;
  /** The CLI bundle with these arguments (after the check name) ... */
  args?: (ctx: RowContext) => string[];
  /** ... or the action bundle with these inputs. */
  inputs?: (ctx: RowContext) => Record<string, string>;
  env?: (ctx: RowContext) => NodeJS.ProcessEnv;
  /** The exit code the output path gives: a row that never reaches its path proves nothing. */
  code: number;
  /** Proof that the path was taken (the comment was posted, the log line printed, the file written). */
  saw?: (run: RowRun) => void;
}

export interface RowRun {
  /** The row's own directory (where its --report, --sarif and --fix-sql went). */
  dir: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every output, labelled, including files written and requests sent to GitHub. */
  outputs: Output[];
  /** Requests the fake GitHub received during this row. */
  requests: FakeGitHub['requests'];
}

export async function runCanaryRow(row: CanaryRow, github: FakeGitHub): Promise<RowRun> {
  const dir = mkdtempSync(join(tmpdir(), `canary-${row.check}-`));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7 } }));
  const githubEnv = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/app', GITHUB_EVENT_PATH: eventPath };
  const ctx: RowContext = { dir, github, githubEnv };
  const seen = github.requests.length;
  const env = row.env?.(ctx) ?? {};
  let result: { code: number | null; stdout: string; stderr: string };
  const outputs: Output[] = [];
  if (row.args) {
    result = await runCliBundle([row.check, ...row.args(ctx)], env);
  } else {
    const r = await runActionBundle(row.check, row.inputs!(ctx), { env: { GITHUB_API_URL: github.url, ...env }, event: { pull_request: { number: 7 } } });
    result = r;
    // RUNNER_TEMP: GITHUB_OUTPUT, the step summary and the default report file live there.
    outputs.push(...filesUnder(r.dir, 'runner file'));
  }
  const requests = github.requests.slice(seen);
  outputs.unshift({ where: 'stdout', text: result.stdout }, { where: 'stderr', text: result.stderr });
  outputs.push(...filesUnder(dir));
  outputs.push(...requests.map((r) => ({ where: `GitHub ${r.method} ${r.path}`, text: `${r.path}\n${JSON.stringify(r.body ?? '')}\n${typeof r.body === 'object' ? (r.body?.body ?? '') : ''}` })));
  return { dir, code: result.code, stdout: result.stdout, stderr: result.stderr, outputs, requests };
}

/** The GitLab Code Quality and JUnit files of a row, in its own directory (scanned like every other file there). */
export const ciReportFiles = { gitlab: 'gl-code-quality.json', junit: 'junit.xml' } as const;

export function ciReportArgs(ctx: RowContext): string[] {
  return ['--gitlab-report', join(ctx.dir, ciReportFiles.gitlab), '--junit', join(ctx.dir, ciReportFiles.junit)];
}

export function ciReportInputs(ctx: RowContext): Record<string, string> {
  return { 'gitlab-report': join(ctx.dir, ciReportFiles.gitlab), junit: join(ctx.dir, ciReportFiles.junit) };
}

/**
 * Proof that both files were written and are what a CI reads: a Code Quality array whose issues
 * name `rule` (when given), and a JUnit file xmllint parses. Returns the two texts.
 */
export function ciReportsOf(run: RowRun, rule?: string): { gitlab: Array<{ check_name: string }>; junit: string } {
  const gitlab = JSON.parse(readFileSync(join(run.dir, ciReportFiles.gitlab), 'utf8')) as Array<{ check_name: string }>;
  const junitPath = join(run.dir, ciReportFiles.junit);
  const lint = spawnSync('xmllint', ['--noout', junitPath], { encoding: 'utf8' });
  if (lint.status !== 0) throw new Error(`${junitPath} is not well-formed XML: ${lint.stderr}`);
  const junit = readFileSync(junitPath, 'utf8');
  if (rule && !gitlab.some((i) => i.check_name === rule)) throw new Error(`no ${rule} issue in the Code Quality report`);
  // A finding's case is `<check>.<rule>`; a check that could not run is the case `<check>`.
  if (rule && !junit.includes(`.${rule}"`) && !junit.includes(`classname="${rule}"`)) throw new Error(`no ${rule} test case in the JUnit file`);
  return { gitlab, junit };
}
