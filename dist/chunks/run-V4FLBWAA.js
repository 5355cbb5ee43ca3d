import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  answerTimeoutOf,
  migrateOne,
  prepareRun,
  refusedBeforeConnecting,
  sessionInputsOf
} from "./chunk-WROBTX4S.js";
import {
  emptyShard,
  fleetShare,
  mapBounded,
  parseTargets,
  shardPrefix,
  shareStats,
  targetsText
} from "./chunk-I72KYDSH.js";
import "./chunk-DTPCLYKG.js";
import "./chunk-SZZ5F22A.js";
import "./chunk-XUUNJEHW.js";
import "./chunk-LJFF4CTR.js";
import {
  ExitCode,
  PartialRunError,
  UsageError,
  errorSection,
  exitCodeOf,
  messageOf,
  prefixedLogger,
  sectionFindings
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/migrate-direct/src/fleet/report.ts
function fleetReport(outcomes, meta) {
  let findings = [], sections = [], worst = ExitCode.Passed, applied = 0, pending = 0;
  for (let { target, result, error, skipped } of outcomes) {
    let name = target.name;
    if (skipped !== void 0) {
      sections.push({ check: name, status: "skipped", summary: skipped });
      continue;
    }
    if (error !== void 0 || !result) {
      worst = Math.max(worst, exitCodeOf(error)), sections.push(errorSection(name, error));
      continue;
    }
    let own = sectionFindings(name, result.findings);
    findings.push(...own);
    let blocking = own.some((f) => f.severity === "error");
    applied += Number(result.outputs?.applied ?? 0), pending += Number(result.outputs?.pending ?? 0);
    let { durationMs: _ms, ...stats2 } = result.stats ?? {};
    sections.push({ check: name, status: blocking ? "fail" : "pass", summary: result.summary ?? "", stats: stats2 });
  }
  let named = (status) => sections.filter((s) => [].concat(status).includes(s.status)).map((s) => s.check), failed = named(["fail", "error"]), passed = named("pass"), notStarted = named("skipped"), n = sections.length, parts = [`${failed.length} of ${n} target${n === 1 ? "" : "s"} failed${failed.length ? `: ${failed.join(", ")}` : ""}`];
  parts.push(meta.dryRun ? `${passed.length} checked, ${pending} pending migration(s) in all (dry run, nothing changed)` : `${passed.length} applied`), notStarted.length && parts.push(`${notStarted.length} skipped after ${meta.maxFailures} failed (max-failures): ${notStarted.join(", ")}`);
  let summary = shardPrefix(meta.shard, n) + parts.join("; "), stats = {
    ...shareStats(meta.shard, n),
    targets: n,
    failed: failed.length,
    succeeded: passed.length,
    "not-started": notStarted.length,
    "migrations-applied": applied,
    "migrations-pending": pending,
    parallel: meta.parallel,
    ...meta.maxFailures !== void 0 ? { "max-failures": meta.maxFailures } : {},
    durationMs: Math.round(performance.now() - meta.started)
  }, outputs = { applied: String(applied), pending: String(pending) };
  if (worst === ExitCode.Passed && notStarted.length && !findings.some((f) => f.severity === "error") && (worst = ExitCode.Blocked), worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, outputs, checks: sections });
  return { findings, summary, stats, outputs, checks: sections };
}

// packages/migrate-direct/src/fleet/run.ts
async function migrateFleet(inputs, ctx) {
  let started = performance.now(), { text, origin } = targetsText(inputs.targets, ctx.source), listed = parseTargets(text, { origin, connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: answerTimeoutOf(inputs) }), { targets, shard } = fleetShare(listed, inputs.shard);
  if (shard && targets.length === 0) return emptyShard(shard);
  let prepared = prepareRun(inputs, ctx);
  try {
    if (prepared.early.length > 0) {
      let refused = refusedBeforeConnecting(prepared, started);
      return { ...refused, summary: `${refused.summary} (none of the ${targets.length} targets was touched)` };
    }
    if (prepared.stamp)
      throw new UsageError(
        `The command only records migrations as applied (${prepared.stamp.what}), which needs a schema verification of every target afterwards; run it per database, or run preflight schema-verify --targets with the same list after it.`
      );
    let max = inputs["max-failures"], parallel = inputs.parallel, failed = 0;
    ctx.log.info(`Migrating ${targets.length} target${targets.length === 1 ? "" : "s"}, ${Math.min(parallel, targets.length)} at a time${max !== void 0 ? `, stopping after ${max} failed` : ""}`);
    let outcomes = await mapBounded(
      targets,
      parallel,
      async (target) => {
        let log = prefixedLogger(ctx.log, target.name);
        try {
          let session = sessionInputsOf(inputs, { target: target.target, where: target.where }), result = await migrateOne(prepared, inputs, { ...ctx, log }, session, performance.now());
          return result.findings.some((f) => f.severity === "error") && failed++, log.info(result.summary ?? "done"), { target, result };
        } catch (error) {
          return failed++, log.warn(`failed: ${messageOf(error)}`), { target, error };
        }
      },
      {
        // Asked before each start: a target not started is never counted as a pass.
        skip: (target) => max !== void 0 && failed >= max ? { target, skipped: `skipped: not started, the rollout stopped after ${max} failed target${max === 1 ? "" : "s"} (max-failures ${max})` } : void 0
      }
    );
    return fleetReport(outcomes, { parallel, maxFailures: max, dryRun: inputs["dry-run"], started, shard });
  } finally {
    prepared.lint?.stop();
  }
}
export {
  migrateFleet
};
