/**
 * The gate: one step that runs the selected checks in one process, in the order given, and
 * blocks when any of them does. Its inputs are every check's inputs (same names, same meaning);
 * each check re-parses the raw inputs with its own definitions, so an input means exactly what it
 * means on that check's own action.
 */
import {
  commonOptions,
  CouldNotRunError,
  defineCheck,
  exitCodeOf,
  labelOf,
  ExitCode,
  messageOf,
  parseInputs,
  UsageError,
  type CheckDefinition,
  type Finding,
  type OptionDef,
} from '@preflight/core';
import { checks } from './checks.ts';

const gateOwn = [
  {
    name: 'checks',
    type: 'list',
    default: 'schema-verify',
    description: `Checks to run, in order: ${checks.map((c) => c.name).join(', ')}.`,
  },
] as const satisfies readonly OptionDef[];

/** Every check's options once (the first definition of a shared name wins), common options last. */
function unionOptions(): OptionDef[] {
  const seen = new Set<string>(gateOwn.map((o) => o.name));
  const common = new Set<string>(commonOptions.map((o) => o.name));
  const out: OptionDef[] = [...gateOwn];
  for (const check of checks as readonly CheckDefinition<readonly OptionDef[]>[]) {
    for (const def of check.options) {
      if (seen.has(def.name) || common.has(def.name)) continue;
      seen.add(def.name);
      // Required-ness belongs to the check that is selected, not to the gate.
      out.push({ ...def, required: false });
    }
  }
  return [...out, ...commonOptions];
}

export const gateOptions = unionOptions();

export const gate = defineCheck({
  name: 'gate',
  title: 'Run the selected Preflight checks in one step; block when any of them blocks.',
  description: 'Runs the checks named in --checks, in order, with the same inputs as their own actions, and reports their findings together.',
  options: gateOptions,
  async run(inputs, ctx) {
    const selected = (inputs as Record<string, unknown>).checks as string[];
    const unknown = selected.filter((name) => !checks.some((c) => c.name === name));
    if (unknown.length > 0) {
      const label = labelOf('checks', ctx.source);
      throw new UsageError(`${label.charAt(0).toUpperCase()}${label.slice(1)} names ${unknown.join(', ')}, which is not a check; choose from ${checks.map((c) => c.name).join(', ')}.`);
    }
    const findings: Finding[] = [];
    const summaries: string[] = [];
    const stats: Record<string, string> = {};
    const outputs: Record<string, string> = {};
    let failure: unknown;
    for (const name of selected) {
      const check = checks.find((c) => c.name === name)! as CheckDefinition<readonly OptionDef[]>;
      try {
        const result = await ctx.log.group(`preflight ${name}`, async () => {
          const own = parseInputs(check.options, ctx.raw, ctx.source);
          return check.run(own, ctx);
        });
        const blocking = result.findings.filter((f) => f.severity === 'error').length;
        findings.push(...result.findings.map((f) => ({ ...f, message: `[${name}] ${f.message}` })));
        summaries.push(`${name}: ${result.summary ?? `${blocking} blocking`}`);
        Object.assign(outputs, result.outputs);
        stats[name] = blocking > 0 ? 'fail' : 'pass';
      } catch (error) {
        // Keep going: the other checks' findings are worth having; the gate still cannot pass.
        failure ??= error;
        summaries.push(`${name}: error: ${messageOf(error)}`);
        stats[name] = 'error';
      }
    }
    if (failure) {
      const message = summaries.join('; ');
      throw exitCodeOf(failure) === ExitCode.Usage ? new UsageError(message) : new CouldNotRunError(message);
    }
    return { findings, summary: summaries.join('; '), stats, outputs };
  },
});
