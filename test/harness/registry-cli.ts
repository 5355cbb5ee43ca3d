/** Runs `preflight registry-deploy ... --json` in this process and returns the exit code, output and report. */
import { clearSecrets } from '@preflight/core';
import { checks } from '../../packages/cli/src/checks.ts';
import { runCli } from '../../packages/cli/src/run-cli.ts';

export async function deploy(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['registry-deploy', ...argv, '--json'], checks, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  clearSecrets();
  let report: any;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = undefined;
  }
  return { code, stdout, stderr, report };
}
