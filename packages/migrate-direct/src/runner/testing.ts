/** Test helpers: migration directories on disk and the check run in-process the way the CLI runs it. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorOutcome, executeCheck, parseInputs, type CheckContext, type Outcome } from '@preflight/core';
import { migrateDirect } from '../definition.ts';

export function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pf-migrations-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
}

export interface RunResult extends Outcome {
  logs: string[];
  error?: unknown;
}

/** Parses raw inputs exactly as the CLI does (env given explicitly, so the test's env never leaks in). */
export async function runCheck(raw: Record<string, string | boolean | number | undefined>, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const logs: string[] = [];
  const ctx: CheckContext = {
    source: 'cli',
    raw: {},
    log: {
      info: (m) => logs.push(m),
      warn: (m) => logs.push(`warning: ${m}`),
      debug: () => undefined,
      group: async (_n, fn) => fn(),
    },
  };
  const rawInputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) rawInputs[k] = String(v);
  try {
    const inputs = parseInputs(migrateDirect.options, rawInputs, 'cli', env);
    return { ...(await executeCheck(migrateDirect, inputs, ctx)), logs };
  } catch (error) {
    return { ...errorOutcome(migrateDirect.name, error), logs, error };
  }
}

export function rules(result: Outcome): string[] {
  return result.report.findings.map((f) => f.rule);
}
