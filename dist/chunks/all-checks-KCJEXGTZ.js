import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checks,
  gate
} from "./chunk-RFQCPU2M.js";
import "./chunk-55RUPMLE.js";
import "./chunk-ZO42EFI3.js";
import "./chunk-LAUZMQHD.js";
import "./chunk-E7FIF6L7.js";
import "./chunk-Z6LJ23PI.js";
import "./chunk-5XZRH7X5.js";
import "./chunk-LJFF4CTR.js";
import "./chunk-FOKXNEX3.js";
import {
  CouldNotRunError,
  PartialRunError,
  UsageError,
  VERSION,
  commonOptions,
  defaultSummary,
  messageOf,
  parseShard,
  redact,
  renderMarkdown,
  sortFindings
} from "./chunk-D74R7RMM.js";
import "./chunk-NRNS3NRG.js";

// packages/cli/src/merge-reports/definition.ts
import { appendFileSync } from "node:fs";

// packages/cli/src/merge-reports/merge.ts
function mergeShardReports(reports) {
  if (reports.length === 0)
    throw new UsageError("preflight merge-reports needs the JSON reports to join: preflight merge-reports shard-1.json shard-2.json ... (merging none is never a pass).");
  let check = oneCheck(reports), ordered = checkShards(reports);
  checkCounts(ordered);
  let findings = ordered.flatMap((r) => r.report.findings), checks2 = [], owner = /* @__PURE__ */ new Map();
  for (let r of ordered)
    for (let section of r.report.checks ?? []) {
      let first = owner.get(section.check);
      if (first)
        throw new UsageError(`${section.check} is in both ${first} and ${r.path}: the shards did not read the same list (or one report is given twice); re-run the shards from one targets list.`);
      owner.set(section.check, r.path), checks2.push(section);
    }
  checks2.sort((a, b) => a.check.localeCompare(b.check));
  let exitCode = Math.max(...ordered.map((r) => r.exitCode));
  return {
    check,
    findings,
    checks: checks2,
    tables: ordered.flatMap((r) => r.report.tables ?? []),
    stats: mergedStats(ordered),
    summary: mergedSummary(check, ordered, checks2, findings),
    exitCode
  };
}
function oneCheck(reports) {
  let first = reports[0], other = reports.find((r) => r.report.check !== first.report.check);
  if (other)
    throw new UsageError(
      `${first.path} is a ${first.report.check} report and ${other.path} a ${other.report.check} one; merge the shards of each check in a preflight merge-reports run of its own.`
    );
  return first.report.check;
}
function checkShards(reports) {
  let sharded = reports.filter((r) => r.shard);
  if (sharded.length === 0) {
    let paths = reports.map((r) => r.path), twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice) throw new UsageError(`Report ${twice} is given twice; give each report once.`);
    return [...reports];
  }
  let plain = reports.find((r) => !r.shard);
  if (plain)
    throw new UsageError(
      `${sharded[0].path} is shard ${sharded[0].report.shard} but ${plain.path} names no shard (${plain.report.status === "error" ? `its run failed before it read --shard: ${plain.report.summary.slice(0, 120)}` : "an unsharded run"}); merge only the reports of one sharded run, and re-run a shard that failed.`
    );
  let count = sharded[0].shard.count, otherN = sharded.find((r) => r.shard.count !== count);
  if (otherN) throw new UsageError(`${sharded[0].path} is shard ${sharded[0].report.shard} and ${otherN.path} shard ${otherN.report.shard}: shards of different N are not one run; merge the reports of one matrix.`);
  let byIndex = /* @__PURE__ */ new Map();
  for (let r of sharded) {
    let seen = byIndex.get(r.shard.index);
    if (seen) throw new UsageError(`Shard ${r.report.shard} is given twice (${seen.path} and ${r.path}); give each shard's report once.`);
    byIndex.set(r.shard.index, r);
  }
  let missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    let list = missing.map((i) => `${i}/${count}`).join(", ");
    throw new UsageError(
      `Shard${missing.length === 1 ? "" : "s"} ${list} ${missing.length === 1 ? "is" : "are"} missing: no report given is ${missing.length === 1 ? "it" : "one of them"}, so part of the list was not looked at; give every shard's report (did a matrix job fail before uploading its report?).`
    );
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i));
}
function checkCounts(reports) {
  let counted = reports.filter((r) => typeof r.report.stats["in-shard"] == "number" && typeof r.report.stats["in-all-shards"] == "number");
  if (counted.length === 0) return;
  let total = counted[0].report.stats["in-all-shards"], other = counted.find((r) => r.report.stats["in-all-shards"] !== total);
  if (other)
    throw new UsageError(`${counted[0].path} counts ${total} in the whole list and ${other.path} ${other.report.stats["in-all-shards"]}: the shards did not read the same list; re-run them from one list (one commit).`);
  if (counted.length < reports.length) return;
  let sum = counted.reduce((n, r) => n + r.report.stats["in-shard"], 0);
  if (sum !== total) throw new UsageError(`The shards hold ${sum} items between them but the list has ${total}: they did not split one list; re-run them from one list.`);
}
function mergedStats(reports) {
  let out = {}, dropped = /* @__PURE__ */ new Set(["in-shard"]);
  for (let { report } of reports)
    for (let [key, value] of Object.entries(report.stats)) {
      if (dropped.has(key)) continue;
      let before = out[key];
      before === void 0 ? out[key] = value : typeof value == "number" && typeof before == "number" ? out[key] = key === "in-all-shards" || /duration|Ms$|^parallel$|^threads$/i.test(key) ? Math.max(before, value) : before + value : before !== value && (delete out[key], dropped.add(key));
    }
  let shard = reports[0].shard;
  return { ...out, reports: reports.length, ...shard ? { shards: shard.count } : {} };
}
function mergedSummary(check, reports, sections, findings) {
  let parts = [];
  if (sections.length > 0) {
    let verb = check === "schema-verify" ? "drifted" : "failed", failed = sections.filter((s) => s.status === "fail").map((s) => s.check), unchecked = sections.filter((s) => s.status === "error").map((s) => s.check), n = sections.length;
    parts.push(`${failed.length} of ${n} target${n === 1 ? "" : "s"} ${verb}${failed.length ? `: ${failed.join(", ")}` : ""}`), unchecked.length && parts.push(`${unchecked.length} could not be checked: ${unchecked.join(", ")}`);
  } else
    parts.push(defaultSummary(findings));
  for (let r of reports)
    r.report.status === "error" && !(r.report.checks ?? []).some((s) => s.status === "error") && parts.push(`${r.shard ? `shard ${r.report.shard}` : r.path} could not run: ${r.report.summary.replace(/\.$/, "")}`);
  let shard = reports[0].shard, from = shard ? `${shard.count} shard${shard.count === 1 ? "" : "s"}` : `${reports.length} report${reports.length === 1 ? "" : "s"}`;
  return `${parts.join("; ")} (merged from ${from})`;
}

// packages/cli/src/merge-reports/read.ts
import { readFileSync } from "node:fs";
var statuses = /* @__PURE__ */ new Set(["pass", "fail", "error"]), sectionStatuses = /* @__PURE__ */ new Set(["pass", "fail", "error", "skipped"]), severities = /* @__PURE__ */ new Set(["error", "warning", "notice"]);
function readShardReport(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    let why = error.code === "ENOENT" ? "does not exist" : error.code === "EISDIR" ? "is a directory" : "cannot be read";
    throw new UsageError(
      `Report ${path} ${why}; give the JSON reports the shards wrote (--report FILE), e.g. preflight merge-reports reports/*.json (a shard whose job failed before writing one has to be re-run).`
    );
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    let hint = text.trim() === "" ? "it is empty" : "it is not complete JSON (cut short, or not a report)";
    throw new UsageError(`Report ${path} cannot be merged: ${hint}; give the file preflight wrote with --report, whole.`);
  }
  let problem = shapeProblem(value);
  if (problem) throw new UsageError(`Report ${path} is not a preflight JSON report: ${problem}; give the file preflight wrote with --report.`);
  let report = value, exitCode = report.exitCode ?? (report.status === "pass" ? 0 : report.status === "fail" ? 1 : 3);
  if (!(report.status === "pass" ? [0] : report.status === "fail" ? [1] : [2, 3]).includes(exitCode)) throw new UsageError(`Report ${path} says status ${report.status} with exit code ${exitCode}, which do not go together; give the file preflight wrote with --report, unchanged.`);
  let shard;
  if (report.shard !== void 0)
    try {
      shard = parseShard(report.shard);
    } catch {
      throw new UsageError(`Report ${path} names shard ${JSON.stringify(report.shard.slice(0, 20))}, which is not I/N; give the file preflight wrote with --report, unchanged.`);
    }
  return { path, report, exitCode, shard };
}
function shapeProblem(value) {
  if (!isObject(value)) return "it is not a JSON object";
  let r = value;
  if (typeof r.check != "string" || r.check === "") return 'it has no "check"';
  if (typeof r.status != "string" || !statuses.has(r.status)) return '"status" is not pass, fail or error';
  if (typeof r.summary != "string") return 'it has no "summary"';
  if (r.exitCode !== void 0 && !(Number.isInteger(r.exitCode) && r.exitCode >= 0 && r.exitCode <= 3)) return '"exitCode" is not 0, 1, 2 or 3';
  if (r.shard !== void 0 && typeof r.shard != "string") return '"shard" is not a string such as "2/4"';
  if (!isObject(r.stats)) return '"stats" is not an object';
  if (!Array.isArray(r.findings)) return '"findings" is not a list';
  for (let [i, f] of r.findings.entries())
    if (!isObject(f) || typeof f.rule != "string" || typeof f.object != "string" || typeof f.message != "string" || typeof f.severity != "string" || !severities.has(f.severity))
      return `finding ${i + 1} lacks a rule, severity, object or message`;
  let blocking = r.findings.some((f) => f.severity === "error");
  if (r.status === "pass" && blocking) return "it says pass but holds blocking findings";
  if (r.status === "fail" && !blocking) return "it says fail but holds no blocking finding";
  if (r.checks !== void 0) {
    if (!Array.isArray(r.checks)) return '"checks" is not a list';
    for (let [i, s] of r.checks.entries())
      if (!isObject(s) || typeof s.check != "string" || typeof s.summary != "string" || typeof s.status != "string" || !sectionStatuses.has(s.status)) return `section ${i + 1} of "checks" lacks a check, status or summary`;
  }
  if (r.tables !== void 0 && !Array.isArray(r.tables)) return '"tables" is not a list';
}
function isObject(v) {
  return typeof v == "object" && v !== null && !Array.isArray(v);
}

// packages/cli/src/merge-reports/definition.ts
var mergeReportsOptions = [
  {
    name: "reports",
    type: "list",
    description: "The JSON reports to join (each shard's --report file); on the command line, the bare arguments: preflight merge-reports reports/*.json."
  },
  {
    name: "step-summary",
    type: "path",
    description: `Append the merged report as markdown to this file; in a workflow step give "$GITHUB_STEP_SUMMARY" for the job's step summary.`
  },
  ...commonOptions
], mergeReports = {
  name: "merge-reports",
  title: "Join the JSON reports of the shards of one run (--shard I/N) into one report and the worst exit code.",
  description: "Reads the JSON reports the shards of one run wrote (--shard I/N in a workflow matrix), checks that every shard is there exactly once, and writes one report, one summary and one PR comment, exiting with the worst exit code of the shards.",
  options: mergeReportsOptions,
  positional: "reports",
  async run(inputs, ctx) {
    let merged = mergeShardReports(inputs.reports.map(readShardReport));
    ctx.log.info(`merged ${merged.stats.reports} ${merged.check} report${merged.stats.reports === 1 ? "" : "s"}: ${merged.summary}`), inputs["step-summary"] && appendStepSummary(inputs["step-summary"], merged);
    let result = { findings: merged.findings, summary: merged.summary, stats: merged.stats, checks: merged.checks, tables: merged.tables, check: merged.check };
    if (merged.exitCode >= 2) throw new PartialRunError(merged.summary, merged.exitCode, result);
    return result;
  }
};
function appendStepSummary(path, merged) {
  let status = merged.exitCode >= 2 ? "error" : merged.exitCode === 1 ? "fail" : "pass", report = { check: merged.check, version: VERSION, status, exitCode: merged.exitCode, summary: merged.summary, findings: sortFindings(merged.findings), stats: merged.stats, ...merged.checks.length ? { checks: merged.checks } : {}, ...merged.tables.length ? { tables: merged.tables } : {} };
  try {
    appendFileSync(path, redact(renderMarkdown(report)));
  } catch (error) {
    let code = error.code;
    throw code === "ENOSPC" || code === "EDQUOT" ? new CouldNotRunError(`The step summary ${path} could not be written: ${messageOf(error)}.`) : new UsageError(`--step-summary ${path} cannot be written (${code ?? messageOf(error)}); give a file in a directory that exists, e.g. "$GITHUB_STEP_SUMMARY".`);
  }
}

// packages/cli/src/all-checks.ts
var allChecks = [...checks, gate, mergeReports];
export {
  allChecks
};
