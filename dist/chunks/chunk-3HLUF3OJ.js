import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect
} from "./chunk-OVHM6C4G.js";
import {
  registryDeploy
} from "./chunk-465N3VGT.js";
import {
  restoreVerify
} from "./chunk-FOMB4AQ6.js";
import {
  schemaVerify
} from "./chunk-SAQRTGEB.js";
import {
  secretsLint
} from "./chunk-MEUBEWQM.js";
import {
  ExitCode,
  PartialRunError,
  UsageError,
  commonOptions,
  exitCodeOf,
  labelOf,
  messageOf,
  parseInputs
} from "./chunk-LXHSWUE2.js";

// packages/cli/src/checks.ts
var checks = [schemaVerify, migrateDirect, registryDeploy, restoreVerify, secretsLint];

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
    let selected = selectedChecks(inputs.checks, ctx.source), findings = [], summaries = [], stats = {}, outputs = {}, worst = ExitCode.Passed;
    for (let check of selected) {
      let name = check.name;
      try {
        let result = await ctx.log.group(`preflight ${name}`, async () => {
          let own = parseInputs(check.options, ctx.raw, ctx.source);
          return check.run(own, ctx);
        }), blocking = result.findings.filter((f) => f.severity === "error").length;
        findings.push(...result.findings.map((f) => ({ ...f, message: `[${name}] ${f.message}` }))), summaries.push(`${name}: ${result.summary ?? `${blocking} blocking`}`), Object.assign(outputs, result.outputs), stats[name] = blocking > 0 ? "fail" : "pass";
      } catch (error) {
        worst = Math.max(worst, exitCodeOf(error)), summaries.push(`${name}: error: ${messageOf(error).replace(/\.$/, "")}`), stats[name] = "error";
      }
    }
    if (worst !== ExitCode.Passed) throw new PartialRunError(summaries.join("; "), worst, { findings, stats, outputs });
    return { findings, summary: summaries.join("; "), stats, outputs };
  }
};
function selectedChecks(names, source) {
  let known = checks, label = labelOf("checks", source), Label = `${label.charAt(0).toUpperCase()}${label.slice(1)}`, choose = `choose one or more of ${known.map((c) => c.name).join(", ")}, separated by commas`, unknown = names.filter((name) => !known.some((c) => c.name === name));
  if (unknown.length > 0) {
    let these = unknown.length === 1 ? "which is not a check" : "which are not checks";
    throw new UsageError(`${Label} names ${unknown.join(", ")}, ${these}; ${choose}.`);
  }
  if (names.length === 0) throw new UsageError(`${Label} names no check; ${choose}.`);
  return [...new Set(names)].map((name) => known.find((c) => c.name === name));
}

export {
  checks,
  gate
};
