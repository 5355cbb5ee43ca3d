/**
 * The gate: one step that runs the selected checks in one process, in the order given, and
 * blocks when any of them does. Its inputs are every check's inputs (same names, same meaning);
 * each check re-parses the raw inputs with its own definitions, so an input means exactly what it
 * means on that check's own action.
 */
import {
  commonOptions,
  defineCheck,
  exitCodeOf,
  labelOf,
  ExitCode,
  messageOf,
  parseInputs,
  PartialRunError,
  UsageError,
  type CheckDefinition,
  type Finding,
  type InputSource,
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
    const selected = selectedChecks((inputs as Record<string, unknown>).checks as string[], ctx.source);
    const findings: Finding[] = [];
    const summaries: string[] = [];
    const stats: Record<string, string> = {};
    const outputs: Record<string, string> = {};
    let worst: ExitCode = ExitCode.Passed;
    for (const check of selected) {
      const name = check.name;
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
        worst = Math.max(worst, exitCodeOf(error)) as ExitCode;
        summaries.push(`${name}: error: ${messageOf(error).replace(/\.$/, '')}`);
        stats[name] = 'error';
      }
    }
    // The error report keeps what the other checks found, so one run shows everything.
    if (worst !== ExitCode.Passed) throw new PartialRunError(summaries.join('; '), worst, { findings, stats, outputs });
    return { findings, summary: summaries.join('; '), stats, outputs };
  },
});

/**
 * The checks named in --checks, each once, in the order given. Running nothing is never a pass:
 * an empty list, or any name that is not a check, is a usage error that lists the valid names.
 */
function selectedChecks(names: string[], source: InputSource): CheckDefinition<readonly OptionDef[]>[] {
  const known = checks as readonly CheckDefinition<readonly OptionDef[]>[];
  const label = labelOf('checks', source);
  const Label = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const choose = `choose one or more of ${known.map((c) => c.name).join(', ')}, separated by commas`;
  const unknown = names.filter((name) => !known.some((c) => c.name === name));
  if (unknown.length > 0) {
    const these = unknown.length === 1 ? 'which is not a check' : 'which are not checks';
    throw new UsageError(`${Label} names ${unknown.join(', ')}, ${these}; ${choose}.`);
  }
  if (names.length === 0) throw new UsageError(`${Label} names no check; ${choose}.`);
  return [...new Set(names)].map((name) => known.find((c) => c.name === name)!);
}
