import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect
} from "./chunk-S3QSP6A5.js";
import {
  schemaVerify
} from "./chunk-YRSAI2GZ.js";
import {
  CouldNotRunError,
  ExitCode,
  UsageError,
  commonOptions,
  exitCodeOf,
  labelOf,
  messageOf,
  parseInputs
} from "./chunk-ZFIKRZFB.js";

// packages/cli/src/checks.ts
var checks = [schemaVerify, migrateDirect];

// packages/cli/src/gate.ts
var gateOwn = [
  {
    name: "checks",
    type: "list",
    default: "schema-verify",
    description: `Checks to run, in order: ${checks.map((c) => c.name).join(", ")}.`
  }
];
function unionOptions() {
  let seen = new Set(gateOwn.map((o) => o.name)), common = new Set(commonOptions.map((o) => o.name)), out = [...gateOwn];
  for (let check of checks)
    for (let def of check.options)
      seen.has(def.name) || common.has(def.name) || (seen.add(def.name), out.push({ ...def, required: !1 }));
  return [...out, ...commonOptions];
}
var gateOptions = unionOptions(), gate = {
  name: "gate",
  title: "Run the selected Preflight checks in one step; block when any of them blocks.",
  description: "Runs the checks named in --checks, in order, with the same inputs as their own actions, and reports their findings together.",
  options: gateOptions,
  async run(inputs, ctx) {
    let selected = inputs.checks, unknown = selected.filter((name) => !checks.some((c) => c.name === name));
    if (unknown.length > 0) {
      let label = labelOf("checks", ctx.source);
      throw new UsageError(`${label.charAt(0).toUpperCase()}${label.slice(1)} names ${unknown.join(", ")}, which is not a check; choose from ${checks.map((c) => c.name).join(", ")}.`);
    }
    let findings = [], summaries = [], stats = {}, outputs = {}, failure;
    for (let name of selected) {
      let check = checks.find((c) => c.name === name);
      try {
        let result = await ctx.log.group(`preflight ${name}`, async () => {
          let own = parseInputs(check.options, ctx.raw, ctx.source);
          return check.run(own, ctx);
        }), blocking = result.findings.filter((f) => f.severity === "error").length;
        findings.push(...result.findings.map((f) => ({ ...f, message: `[${name}] ${f.message}` }))), summaries.push(`${name}: ${result.summary ?? `${blocking} blocking`}`), Object.assign(outputs, result.outputs), stats[name] = blocking > 0 ? "fail" : "pass";
      } catch (error) {
        failure ??= error, summaries.push(`${name}: error: ${messageOf(error)}`), stats[name] = "error";
      }
    }
    if (failure) {
      let message = summaries.join("; ");
      throw exitCodeOf(failure) === ExitCode.Usage ? new UsageError(message) : new CouldNotRunError(message);
    }
    return { findings, summary: summaries.join("; "), stats, outputs };
  }
};

export {
  checks,
  gate
};
