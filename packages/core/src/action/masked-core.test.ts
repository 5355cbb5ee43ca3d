import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { clearSecrets, registerSecret } from '../redact.ts';
import { out } from './masked-core.ts';

afterEach(() => clearSecrets());

/** What the step prints on stdout (workflow commands included) while fn runs. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let text = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

test('annotations, log lines, groups and the failure message reach the runner masked', async () => {
  registerSecret('Registered-Canary-1');
  const printed = await stdoutOf(async () => {
    out.error('deploy said X_TOKEN=Shape-Canary-2', { title: 'command: postgres://u:Title-Canary-3@h/db', file: 'db/migrations/1.sql', startLine: 3 });
    out.warning('Registered-Canary-1 in a warning');
    out.notice('Authorization: Bearer Notice-Canary-4x');
    out.info('PGPASSWORD=Info-Canary-5 psql');
    await out.group('Running: sh -c "PGPASSWORD=Group-Canary-6 x"', async () => undefined);
    out.setFailed('preflight: postgres://u:Failed-Canary-7@h/db');
  });
  process.exitCode = undefined;
  expect(printed).toContain('::error title=command%3A postgres%3A//u%3A***@h/db,file=db/migrations/1.sql,line=3::deploy said X_TOKEN=***');
  expect(printed).not.toMatch(/Canary/);
});

test('outputs and the step summary are masked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'masked-core-'));
  const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY };
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  try {
    out.setOutput('summary', 'migrated with postgres://u:Output-Canary-8@h/db');
    await out.summary('| X_TOKEN=Summary-Canary-9 |');
    expect(readFileSync(process.env.GITHUB_OUTPUT, 'utf8')).toContain('postgres://u:***@h/db');
    expect(readFileSync(process.env.GITHUB_OUTPUT, 'utf8') + readFileSync(process.env.GITHUB_STEP_SUMMARY, 'utf8')).not.toMatch(/Canary/);
  } finally {
    Object.assign(process.env, saved);
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  }
});
