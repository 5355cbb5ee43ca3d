/** Test helpers: fixture repositories built with real git, and the CLI run in-process through the mask. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../cli/src/run-cli.ts';
import { secretsLint } from './definition.ts';

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

/** A git repository with these files committed (and `untracked` written but not added). */
export function fixtureRepo(files: Record<string, string | Buffer>, opts: { untracked?: Record<string, string>; noGit?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-lint-'));
  if (!opts.noGit) git(dir, 'init', '-q', '-b', 'main');
  write(dir, files);
  if (!opts.noGit && Object.keys(files).length) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'fixture');
  } else if (!opts.noGit) git(dir, 'commit', '-q', '--allow-empty', '-m', 'empty');
  if (opts.untracked) write(dir, opts.untracked);
  return dir;
}

export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export interface LintRun {
  code: number;
  stdout: string;
  stderr: string;
  report: { status: string; summary: string; findings: Array<{ rule: string; severity: string; object: string; message: string; file?: string; line?: number; fix?: string }>; stats: Record<string, number> };
}

export async function lint(args: string[], env: Record<string, string> = {}): Promise<LintRun> {
  let stdout = '';
  let stderr = '';
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const code = await runCli(['secrets-lint', ...args, '--json'], [secretsLint], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
    return { code, stdout, stderr, report: JSON.parse(stdout) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** "rule file:line" of each finding, sorted: what most assertions compare. */
export function where(run: LintRun): string[] {
  return run.report.findings.map((f) => `${f.rule} ${f.file ?? ''}:${f.line ?? ''}`).sort();
}
