/** Test helper: schema-verify run in-process the way the CLI runs it (parsed inputs, exit code, report). */
import { errorOutcome, executeCheck, parseInputs, type CheckContext, type Outcome } from '@preflight/core';
import { schemaVerify } from './definition.ts';

export interface RunResult extends Outcome {
  logs: string[];
  error?: unknown;
}

/** Raw inputs as the CLI would get them; env is explicit, so the test's own environment never leaks in. */
export async function runSchemaVerify(raw: Record<string, string | undefined>, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const logs: string[] = [];
  const ctx: CheckContext = {
    source: 'cli',
    raw: {},
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(`warning: ${m}`), debug: () => undefined, group: async (_n, fn) => fn() },
  };
  const rawInputs = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Record<string, string>;
  try {
    const inputs = parseInputs(schemaVerify.options, rawInputs, 'cli', env);
    return { ...(await executeCheck(schemaVerify, inputs, ctx)), logs };
  } catch (error) {
    return { ...errorOutcome(schemaVerify.name, error), logs, error };
  }
}
