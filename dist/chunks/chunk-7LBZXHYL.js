import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive
} from "./chunk-57CDZP4D.js";
import {
  toSnapshot
} from "./chunk-V63QWCG6.js";
import {
  connectClient,
  emptyShard,
  fleetShare,
  mapBounded,
  parseTargets,
  shardPrefix,
  shareStats,
  targetsText
} from "./chunk-I72KYDSH.js";
import {
  ExitCode,
  PartialRunError,
  errorSection,
  exitCodeOf,
  messageOf,
  prefixedLogger,
  sectionFindings,
  writeJsonFileAtomic
} from "./chunk-KNCBXDSL.js";

// packages/schema-verify/src/fleet/run.ts
async function verifyFleet(inputs, ctx) {
  let started = Date.now(), { text, origin } = targetsText(inputs.targets, ctx.source), listed = parseTargets(text, { origin, connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: inputs["query-timeout"] });
  checkReadable(inputs, ctx);
  let { targets, shard } = fleetShare(listed, inputs.shard);
  if (shard && targets.length === 0) return emptyShard(shard);
  let options = { schemas: inputs.schemas.length ? inputs.schemas : void 0, ignorePrivileges: inputs["ignore-privileges"] }, expected = await loadExpected(inputs, ctx, options);
  if (expected.findings)
    return { findings: expected.findings, summary: "the migrate command created nothing in the shadow database", stats: { expected: expected.label, targets: targets.length, durationMs: Date.now() - started } };
  inputs["write-snapshot"] && (writeJsonFileAtomic(inputs["write-snapshot"], JSON.parse(toSnapshot(expected.model, { ledger: expected.ledger })), "write-snapshot"), ctx.log.info(`snapshot of ${expected.label} written to ${inputs["write-snapshot"]}`));
  let parallel = inputs.parallel;
  ctx.log.info(`Comparing ${targets.length} target${targets.length === 1 ? "" : "s"} with ${expected.label}, ${Math.min(parallel, targets.length)} at a time`);
  let outcomes = await mapBounded(targets, parallel, async (target) => {
    let log = prefixedLogger(ctx.log, target.name), connect = () => connectClient(target.target, {
      applicationName: "preflight schema-verify",
      ...target.target.kind === "cloud-sql-instance" ? { cloudSql: { instance: target.target.cloudSqlInstance } } : {}
    });
    try {
      let begun = Date.now(), actual = await readLive(inputs, options, target.target.display, connect, !1);
      checkSchemasExist(inputs.schemas, [expected.model, actual.model], ctx);
      let result = await compareSides(inputs, { ...ctx, log }, expected, actual, connect, begun);
      return log.info(result.summary ?? ""), { target, result };
    } catch (error) {
      return log.warn(`could not be checked: ${messageOf(error)}`), { target, error };
    }
  });
  return fleetReport(outcomes, { expected: expected.label, parallel, started, shard });
}
function fleetReport(outcomes, meta) {
  let findings = [], sections = [], worst = ExitCode.Passed;
  for (let { target, result, error } of outcomes) {
    let name = target.name;
    if (error !== void 0 || !result) {
      worst = Math.max(worst, exitCodeOf(error)), sections.push(errorSection(name, error));
      continue;
    }
    let own = sectionFindings(name, result.findings);
    findings.push(...own);
    let status = own.some((f) => f.severity === "error") ? "fail" : "pass", { expected: _label, durationMs: _ms, ...stats2 } = result.stats ?? {};
    sections.push({ check: name, status, summary: result.summary ?? "", stats: stats2 });
  }
  let drifted = sections.filter((s) => s.status === "fail").map((s) => s.check), unchecked = sections.filter((s) => s.status === "error").map((s) => s.check), n = sections.length, noun = meta.noun ?? "target", parts = [`${drifted.length} of ${n} ${noun}${n === 1 ? "" : "s"} drifted${drifted.length ? `: ${drifted.join(", ")}` : ""}`];
  unchecked.length && parts.push(`${unchecked.length} could not be checked: ${unchecked.join(", ")}`);
  let summary = shardPrefix(meta.shard, n) + parts.join("; "), stats = { ...shareStats(meta.shard, n), expected: meta.expected, targets: n, drifted: drifted.length, "could-not-check": unchecked.length, parallel: meta.parallel, durationMs: Date.now() - meta.started };
  if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, checks: sections });
  return { findings, summary, stats, checks: sections };
}

export {
  verifyFleet,
  fleetReport
};
