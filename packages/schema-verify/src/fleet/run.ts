/**
 * schema-verify over a fleet (`--targets`): the expected schema is built once, then every target
 * is read and compared with it, `--parallel` at a time. A target that cannot be reached is an
 * error section of its own and the others still run; the report has one section per target (the
 * gate's `checks` shape, with the target's name in `check`) and the exit code is the worst one:
 * 3 (or 2) when a target could not be looked at, else 1 when one drifted, else 0.
 */
import { ExitCode, PartialRunError, errorSection, exitCodeOf, messageOf, prefixedLogger, sectionFindings, writeJsonFileAtomic, type CheckContext, type CheckResult, type CheckSection, type Finding } from '@preflight/core';
import { connectClient, mapBounded, parseTargets, targetsText, type FleetTarget } from '@preflight/pg';
import type { SchemaVerifyInputs } from '../definition.ts';
import { checkReadable, checkSchemasExist, compareSides, loadExpected, readLive } from '../run.ts';
import { toSnapshot } from '../snapshot.ts';
import { emptyShard, fleetShare, shardPrefix, shareStats, type FleetShare } from '@preflight/pg';

export interface Outcome {
  target: FleetTarget;
  result?: CheckResult;
  error?: unknown;
}

export async function verifyFleet(inputs: SchemaVerifyInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = Date.now();
  const { text, origin } = targetsText(inputs.targets!, ctx.source);
  // Every line is read (and every password registered) before anything connects.
  const listed = parseTargets(text, { origin, connectTimeoutMs: inputs['connect-timeout'], answerTimeoutMs: inputs['query-timeout'] });
  checkReadable(inputs, ctx);
  const { targets, shard } = fleetShare(listed, inputs.shard);
  if (shard && targets.length === 0) return emptyShard(shard);
  const options = { schemas: inputs.schemas.length ? inputs.schemas : undefined, ignorePrivileges: inputs['ignore-privileges'] };

  // Built once for the whole fleet: this is the work a loop of single runs would repeat.
  const expected = (await loadExpected(inputs, ctx, options))!;
  if (expected.findings) {
    return { findings: expected.findings, summary: 'the migrate command created nothing in the shadow database', stats: { expected: expected.label, targets: targets.length, durationMs: Date.now() - started } };
  }
  if (inputs['write-snapshot']) {
    writeJsonFileAtomic(inputs['write-snapshot'], JSON.parse(toSnapshot(expected.model, { ledger: expected.ledger })), 'write-snapshot');
    ctx.log.info(`snapshot of ${expected.label} written to ${inputs['write-snapshot']}`);
  }

  const parallel = inputs.parallel;
  ctx.log.info(`Comparing ${targets.length} target${targets.length === 1 ? '' : 's'} with ${expected.label}, ${Math.min(parallel, targets.length)} at a time`);
  const outcomes = await mapBounded(targets, parallel, async (target): Promise<Outcome> => {
    const log = prefixedLogger(ctx.log, target.name);
    const connect = () =>
      connectClient(target.target, {
        applicationName: 'preflight schema-verify',
        ...(target.target.kind === 'cloud-sql-instance' ? { cloudSql: { instance: target.target.cloudSqlInstance! } } : {}),
      });
    try {
      const begun = Date.now();
      // One connection per target: the targets themselves keep the cores busy.
      const actual = await readLive(inputs, options, target.target.display, connect, false);
      checkSchemasExist(inputs.schemas, [expected.model, actual.model], ctx);
      const result = await compareSides(inputs, { ...ctx, log }, expected, actual, connect, begun);
      log.info(result.summary ?? '');
      return { target, result };
    } catch (error) {
      log.warn(`could not be checked: ${messageOf(error)}`);
      return { target, error };
    }
  });
  return fleetReport(outcomes, { expected: expected.label, parallel, started, shard });
}

/** One section per target, the findings of each tagged with its name, and the fleet's summary. */
export function fleetReport(outcomes: readonly Outcome[], meta: { expected: string; parallel: number; started: number; shard?: FleetShare<unknown>['shard']; noun?: string }): CheckResult {
  const findings: Finding[] = [];
  const sections: CheckSection[] = [];
  let worst: ExitCode = ExitCode.Passed;
  for (const { target, result, error } of outcomes) {
    const name = target.name;
    if (error !== undefined || !result) {
      worst = Math.max(worst, exitCodeOf(error)) as ExitCode;
      sections.push(errorSection(name, error));
      continue;
    }
    const own = sectionFindings(name, result.findings);
    findings.push(...own);
    const status = own.some((f) => f.severity === 'error') ? 'fail' : 'pass';
    const { expected: _label, durationMs: _ms, ...stats } = result.stats ?? {};
    sections.push({ check: name, status, summary: result.summary ?? '', stats });
  }
  const drifted = sections.filter((s) => s.status === 'fail').map((s) => s.check);
  const unchecked = sections.filter((s) => s.status === 'error').map((s) => s.check);
  const n = sections.length;
  const noun = meta.noun ?? 'target';
  const parts = [`${drifted.length} of ${n} ${noun}${n === 1 ? '' : 's'} drifted${drifted.length ? `: ${drifted.join(', ')}` : ''}`];
  if (unchecked.length) parts.push(`${unchecked.length} could not be checked: ${unchecked.join(', ')}`);
  const summary = shardPrefix(meta.shard, n) + parts.join('; ');
  const stats = { ...shareStats(meta.shard, n), expected: meta.expected, targets: n, drifted: drifted.length, 'could-not-check': unchecked.length, parallel: meta.parallel, durationMs: Date.now() - meta.started };
  // Never a pass without looking: one target not looked at makes the whole run an error, and the
  // report still holds what every other target showed.
  if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, checks: sections });
  return { findings, summary, stats, checks: sections };
}

