/**
 * migrate-direct over a fleet (`--targets`): the migration files are read and linted once, then
 * every target is migrated on its own direct session under its own migration lock (the same
 * per-database advisory lock a single run takes), `--parallel` at a time. A target that cannot be
 * reached or fails is its own section and the others still run; with `--max-failures K`, once K
 * targets failed no new target starts (those running finish, so none is left mid-migration) and
 * the rest are reported as skipped.
 */
import { UsageError, messageOf, prefixedLogger, type CheckContext, type CheckResult } from '@preflight/core';
import { emptyShard, fleetShare, mapBounded, parseTargets, targetsText } from '@preflight/pg';
import type { MigrateDirectInputs } from '../definition.ts';
import { answerTimeoutOf, migrateOne, prepareRun, refusedBeforeConnecting, sessionInputsOf } from '../run.ts';
import { fleetReport, type Outcome } from './report.ts';

export async function migrateFleet(inputs: MigrateDirectInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const { text, origin } = targetsText(inputs.targets!, ctx.source);
  // Every line is read (and every password registered) before anything connects.
  const listed = parseTargets(text, { origin, connectTimeoutMs: inputs['connect-timeout'], answerTimeoutMs: answerTimeoutOf(inputs) });
  const { targets, shard } = fleetShare(listed, inputs.shard);
  if (shard && targets.length === 0) return emptyShard(shard);
  const prepared = prepareRun(inputs, ctx);
  try {
    if (prepared.early.length > 0) {
      const refused = refusedBeforeConnecting(prepared, started);
      return { ...refused, summary: `${refused.summary} (none of the ${targets.length} targets was touched)` };
    }
    if (prepared.stamp) {
      throw new UsageError(
        `The command only records migrations as applied (${prepared.stamp.what}), which needs a schema verification of every target afterwards; run it per database, or run preflight schema-verify --targets with the same list after it.`,
      );
    }
    const max = inputs['max-failures'];
    const parallel = inputs.parallel;
    let failed = 0;
    ctx.log.info(`Migrating ${targets.length} target${targets.length === 1 ? '' : 's'}, ${Math.min(parallel, targets.length)} at a time${max !== undefined ? `, stopping after ${max} failed` : ''}`);
    const outcomes = await mapBounded(
      targets,
      parallel,
      async (target): Promise<Outcome> => {
        const log = prefixedLogger(ctx.log, target.name);
        try {
          const session = sessionInputsOf(inputs, { target: target.target, where: target.where });
          const result = await migrateOne(prepared, inputs, { ...ctx, log }, session, performance.now());
          if (result.findings.some((f) => f.severity === 'error')) failed++;
          log.info(result.summary ?? 'done');
          return { target, result };
        } catch (error) {
          failed++;
          log.warn(`failed: ${messageOf(error)}`);
          return { target, error };
        }
      },
      {
        // Asked before each start: a target not started is never counted as a pass.
        skip: (target) => (max !== undefined && failed >= max ? { target, skipped: `skipped: not started, the rollout stopped after ${max} failed target${max === 1 ? '' : 's'} (max-failures ${max})` } : undefined),
      },
    );
    return fleetReport(outcomes, { parallel, maxFailures: max, dryRun: inputs['dry-run'], started, shard });
  } finally {
    prepared.lint?.stop();
  }
}

