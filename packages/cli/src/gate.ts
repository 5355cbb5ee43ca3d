/**
 * The gate: one step that runs the selected checks in one process, in the order a release needs
 * them, and blocks when any of them does. A check that changes something (migrate-direct's
 * migrations, registry-deploy's tag) runs only when every check before it passed; read-only
 * checks always run, so one run shows everything. Inputs: see gate-inputs.ts.
 */
import {
  defineCheck,
  defaultSummary,
  exitCodeOf,
  labelOf,
  ExitCode,
  messageOf,
  parseInputs,
  PartialRunError,
  sectionFindings,
  UsageError,
  type CheckDefinition,
  type CheckSection,
  type CheckStatus,
  type Finding,
  type InputSource,
  type Inputs,
  type OptionDef,
  type RawInputs,
} from '@preflight/core';
import { checks, extraOutputs, inputValidators } from './checks.ts';
import { assertNoAmbiguousInput, gateOptions, inScopedWords, rawInputsFor } from './gate-inputs.ts';

export { gateOptions } from './gate-inputs.ts';

type AnyCheck = CheckDefinition<readonly OptionDef[]>;

/** The order a release needs: no secret ships, the schema is migrated, then verified, then deployed. */
export const releaseOrder = ['secrets-lint', 'migrate-direct', 'schema-verify', 'registry-deploy'] as const;

/** restore-verify checks a backup (before a release) or a restore (after one): it has no place inside one. */
const onItsOwn = 'restore-verify';

/** What a check would change if it ran; undefined for a check that only reads. */
function whatItChanges(check: string, inputs: Record<string, unknown>): string | undefined {
  if (check === 'migrate-direct' && inputs['dry-run'] !== true) return 'the database';
  if (check === 'registry-deploy') return 'the target tag';
  return undefined;
}

export const gate = defineCheck({
  name: 'gate',
  title: 'Run the selected Preflight checks in one step; block when any of them blocks.',
  description:
    'Runs the checks named in --checks in release order (secrets-lint, migrate-direct, schema-verify, registry-deploy; restore-verify on its own) with the same inputs as their own actions, skips a check that would change something after one that did not pass, and reports their findings together.',
  options: gateOptions,
  async run(inputs, ctx) {
    const selected = selectedChecks((inputs as Record<string, unknown>).checks as string[], ctx.source);
    const names = selected.map((c) => c.name);
    assertNoAmbiguousInput(ctx.raw, names, ctx.source);
    // Every check's inputs are read before any check runs: a mistake in registry-deploy's is found
    // before migrate-direct changes the database.
    const planned = selected.map((check) => planOf(check, ctx.raw, ctx.source));
    const invalid = planned.filter((p) => p.inputError !== undefined).map((p) => p.check.name);
    const findings: Finding[] = [];
    const sections: CheckSection[] = [];
    const stats: Record<string, string> = {};
    const outputs: Record<string, string> = {};
    const notPassed: string[] = [];
    let worst: ExitCode = ExitCode.Passed;
    const record = (section: CheckSection, own: Finding[] = [], ownOutputs: Record<string, string> = {}) => {
      const name = section.check;
      sections.push(section);
      stats[name] = section.status;
      findings.push(...sectionFindings(name, own));
      // Unprefixed as on the check's own action (public), and prefixed so two checks never clash.
      Object.assign(outputs, ownOutputs);
      for (const [k, v] of Object.entries(ownOutputs)) outputs[`${name}-${k}`] = v;
      outputs[`${name}-status`] = section.status;
      outputs[`${name}-findings`] = String(own.filter((f) => f.severity === 'error').length);
      if (section.status !== 'pass') notPassed.push(name);
    };
    for (const { check, inputs: own, inputError } of planned) {
      const name = check.name;
      const changes = inputError === undefined ? whatItChanges(name, own) : undefined;
      const blockers = [
        ...(notPassed.length > 0 ? [`${notPassed.join(', ')} did not pass`] : []),
        ...invalid.filter((n) => n !== name && !notPassed.includes(n)).map((n) => `the inputs of ${n} are wrong`),
      ];
      if (changes && blockers.length > 0) {
        const summary = `skipped: ${blockers.join(', and ')}, and ${name} would change ${changes}: it runs only when every check before it passed and every check's inputs are right`;
        ctx.log.warn(`${name} ${summary}.`);
        record({ check: name, status: 'skipped', summary });
        continue;
      }
      try {
        if (inputError !== undefined) throw inputError;
        const result = await ctx.log.group(`preflight ${name}`, () => check.run(own as Inputs<readonly OptionDef[]>, ctx));
        const status: CheckStatus = result.findings.some((f) => f.severity === 'error') ? 'fail' : 'pass';
        const section: CheckSection = { check: name, status, summary: result.summary ?? defaultSummary(result.findings), ...(result.stats ? { stats: result.stats } : {}), ...(result.tables?.length ? { tables: result.tables } : {}) };
        record(section, result.findings, result.outputs);
      } catch (error) {
        // Keep going where it is safe: the other checks' findings are worth having; the gate still cannot pass.
        worst = Math.max(worst, exitCodeOf(error)) as ExitCode;
        const partial = error instanceof PartialRunError ? error.partial : undefined;
        record({ check: name, status: 'error', summary: `error: ${inScopedWords(name, messageOf(error), ctx.raw).replace(/\.$/, '')}` }, partial?.findings, partial?.outputs);
      }
    }
    const summary = sections.map((s) => `${s.check}: ${s.summary}`).join('; ');
    // The error report keeps what the other checks found, so one run shows everything.
    if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, outputs, checks: sections });
    return { findings, summary, stats, outputs, checks: sections };
  },
});

interface Plan {
  check: AnyCheck;
  inputs: Record<string, unknown>;
  /** The check's inputs are wrong (a bad value or combination): it errors with exit 2 when its turn comes. */
  inputError?: unknown;
}

function planOf(check: AnyCheck, raw: RawInputs, source: InputSource): Plan {
  try {
    const inputs = parseInputs(check.options, rawInputsFor(check.name, raw), source) as Record<string, unknown>;
    inputValidators[check.name]?.(inputs, source);
    return { check, inputs };
  } catch (error) {
    return { check, inputs: {}, inputError: error };
  }
}

/**
 * The checks named in --checks, each once, in release order. Running nothing is never a pass:
 * an empty list, or any name that is not a check, is a usage error that lists the valid names;
 * restore-verify with any other check is one too.
 */
function selectedChecks(names: string[], source: InputSource): AnyCheck[] {
  const known = checks as readonly AnyCheck[];
  const label = labelOf('checks', source);
  const Label = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const choose = `choose one or more of ${known.map((c) => c.name).join(', ')}, separated by commas`;
  const unknown = names.filter((name) => !known.some((c) => c.name === name));
  if (unknown.length > 0) {
    const these = unknown.length === 1 ? 'which is not a check' : 'which are not checks';
    throw new UsageError(`${Label} names ${unknown.join(', ')}, ${these}; ${choose}.`);
  }
  if (names.length === 0) throw new UsageError(`${Label} names no check; ${choose}.`);
  const unique = [...new Set(names)];
  if (unique.includes(onItsOwn) && unique.length > 1) {
    const others = unique.filter((n) => n !== onItsOwn).join(', ');
    throw new UsageError(
      `${Label} combines ${onItsOwn} with ${others}, but ${onItsOwn} runs on its own (it checks a backup before a release or a restore after one): give it a gate step or a preflight ${onItsOwn} run of its own.`,
    );
  }
  const rank = (name: string) => (releaseOrder as readonly string[]).indexOf(name);
  return unique.sort((a, b) => rank(a) - rank(b)).map((name) => known.find((c) => c.name === name)!);
}

const mayBeSkipped = new Set(['migrate-direct', 'registry-deploy']);

/** The gate's outputs in action.yml: the checks' own (unprefixed, as before), then `<check>-...` for each. */
export function gateOutputs(): { name: string; description: string }[] {
  const unprefixed = Object.values(extraOutputs).flat();
  const perCheck = [...releaseOrder, onItsOwn].flatMap((check) => [
    {
      name: `${check}-status`,
      description: mayBeSkipped.has(check)
        ? `${check}: pass, fail, error, or skipped (not run: it changes something and a check before it did not pass); empty when not selected.`
        : `${check}: pass, fail or error; empty when not selected.`,
    },
    { name: `${check}-findings`, description: `${check}: number of blocking findings.` },
    ...(extraOutputs[check] ?? []).map((o) => ({ name: `${check}-${o.name}`, description: `${check}: ${o.description}` })),
  ]);
  return [...unprefixed, ...perCheck];
}
