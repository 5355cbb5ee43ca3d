import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect,
  validateCombination as validateCombination2
} from "../chunks/chunk-SZZ5F22A.js";
import {
  registryDeploy,
  validateCombination as validateCombination3
} from "../chunks/chunk-E7HIZ7BD.js";
import "../chunks/chunk-UD2Q3MCG.js";
import "../chunks/chunk-VCBPSRQV.js";
import {
  restoreVerify,
  validateCombination as validateCombination4
} from "../chunks/chunk-7DOQEL5K.js";
import {
  schemaVerify,
  validateCombination
} from "../chunks/chunk-XUUNJEHW.js";
import "../chunks/chunk-LJFF4CTR.js";
import {
  secretsLint,
  validateCombination as validateCombination5
} from "../chunks/chunk-C7V4X74I.js";
import {
  runAction
} from "../chunks/chunk-E5Z32AQG.js";
import {
  ExitCode,
  PartialRunError,
  UsageError,
  commonOptions,
  defaultSummary,
  exitCodeOf,
  labelOf,
  messageOf,
  parseInputs,
  sectionFindings
} from "../chunks/chunk-KNCBXDSL.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/checks.ts
var checks = [schemaVerify, migrateDirect, registryDeploy, restoreVerify, secretsLint];
var inputValidators = {
  "schema-verify": (inputs) => validateCombination(inputs),
  "migrate-direct": (inputs) => validateCombination2(inputs),
  "registry-deploy": (inputs) => validateCombination3(inputs),
  "restore-verify": (inputs) => validateCombination4(inputs),
  "secrets-lint": (inputs, source) => validateCombination5(inputs, source)
};

// packages/cli/src/gate-inputs.ts
var allChecks = checks, collidingInputs = {
  baseline: {
    "migrate-direct": "a migration version to record as applied",
    "secrets-lint": "a file of accepted finding fingerprints"
  },
  "compose-file": {
    "secrets-lint": "the compose files whose effective environment is checked",
    "registry-deploy": "the compose file whose image is pinned"
  }
};
function scopedName(check, input) {
  return `${check}-${input}`;
}
var gateOwn = [
  {
    name: "checks",
    type: "list",
    default: "schema-verify",
    description: "Checks to run: any of secrets-lint, migrate-direct, schema-verify, registry-deploy (always run in this order, whatever order they are given in), or restore-verify on its own."
  }
];
function unionOptions() {
  let common = new Set(commonOptions.map((o) => o.name)), byName = /* @__PURE__ */ new Map();
  for (let check of allChecks)
    for (let def of check.options) {
      if (common.has(def.name)) continue;
      let entry = byName.get(def.name) ?? { def, owners: [] };
      entry.owners.push({ check: check.name, def }), byName.set(def.name, entry);
    }
  let out = [...gateOwn];
  for (let [name, { def, owners }] of byName)
    if (out.push(mergedOption(name, def, owners)), collidingInputs[name])
      for (let owner of owners)
        out.push({ ...owner.def, name: scopedName(owner.check, name), aliases: void 0, env: void 0, required: !1, description: `${owner.check} only, in the gate: ${owner.def.description}` });
  return [...out, ...commonOptions];
}
function mergedOption(name, first, owners) {
  let defaults = new Set(owners.map((o) => o.def.default)), secret = owners.some((o) => o.def.secret), merged = { ...first, required: !1, ...secret ? { secret: !0 } : {} }, meanings = collidingInputs[name];
  if (meanings) {
    let scoped = owners.map((o) => scopedName(o.check, name)).join(" or "), each = owners.map((o) => `${o.check}: ${meanings[o.check]}`).join("; ");
    return { ...merged, default: void 0, description: `${each}. With both checks selected, give ${scoped} instead.` };
  }
  if (defaults.size > 1) {
    let each = owners.map((o) => `${o.def.default ?? "none"} (${o.check})`).join(", ");
    return { ...merged, default: void 0, description: `${first.description.replace(/\.$/, "")}. Default: ${each}.` };
  }
  return merged;
}
var gateOptions = unionOptions();
function given(value) {
  return value === void 0 ? !1 : (Array.isArray(value) ? value : [value]).some((v) => v.trim() !== "");
}
function assertNoAmbiguousInput(raw, selected, source) {
  for (let [name, meanings] of Object.entries(collidingInputs)) {
    let readers = Object.keys(meanings).filter((c) => selected.includes(c)), scopedGiven = readers.filter((c) => given(raw[scopedName(c, name)])), label = labelOf(name, source), Label = label.charAt(0).toUpperCase() + label.slice(1);
    if (given(raw[name]) && readers.length > 1) {
      let each = readers.map((c) => `${meanings[c]} to ${c}`).join(" and "), scoped = readers.map((c) => labelOf(scopedName(c, name), source).replace(/^input /, "")).join(" and/or ");
      throw new UsageError(`${Label} means ${each}, and both checks are selected; give ${scoped} instead.`);
    }
    if (given(raw[name]) && scopedGiven.length > 0) {
      let scoped = labelOf(scopedName(scopedGiven[0], name), source).replace(/^input /, "");
      throw new UsageError(`${Label} and ${scoped} are both given; give only one of them.`);
    }
  }
}
function rawInputsFor(check, raw) {
  let own = { ...raw };
  for (let [name, meanings] of Object.entries(collidingInputs)) {
    if (!(check in meanings)) continue;
    let scoped = raw[scopedName(check, name)];
    given(scoped) && (own[name] = scoped);
  }
  return own;
}
function inScopedWords(check, text, raw) {
  let out = text;
  for (let [name, meanings] of Object.entries(collidingInputs)) {
    let scoped = scopedName(check, name);
    !(check in meanings) || !given(raw[scoped]) || (out = out.replace(new RegExp(`(^|[\\s("'\`,])(--|input )${name}(?![a-z0-9-])`, "g"), `$1$2${scoped}`));
  }
  return out;
}

// packages/cli/src/gate.ts
var releaseOrder = ["secrets-lint", "migrate-direct", "schema-verify", "registry-deploy"], onItsOwn = "restore-verify";
function whatItChanges(check, inputs) {
  if (check === "migrate-direct" && inputs["dry-run"] !== !0) return "the database";
  if (check === "registry-deploy") return "the target tag";
}
var gate = {
  name: "gate",
  title: "Run the selected Preflight checks in one step; block when any of them blocks.",
  description: "Runs the checks named in --checks in release order (secrets-lint, migrate-direct, schema-verify, registry-deploy; restore-verify on its own) with the same inputs as their own actions, skips a check that would change something after one that did not pass, and reports their findings together.",
  options: gateOptions,
  async run(inputs, ctx) {
    let selected = selectedChecks(inputs.checks, ctx.source), names = selected.map((c) => c.name);
    assertNoAmbiguousInput(ctx.raw, names, ctx.source);
    let planned = selected.map((check) => planOf(check, ctx.raw, ctx.source)), invalid = planned.filter((p) => p.inputError !== void 0).map((p) => p.check.name), findings = [], sections = [], stats = {}, outputs = {}, notPassed = [], worst = ExitCode.Passed, record = (section, own = [], ownOutputs = {}) => {
      let name = section.check;
      sections.push(section), stats[name] = section.status, findings.push(...sectionFindings(name, own)), Object.assign(outputs, ownOutputs);
      for (let [k, v] of Object.entries(ownOutputs)) outputs[`${name}-${k}`] = v;
      outputs[`${name}-status`] = section.status, outputs[`${name}-findings`] = String(own.filter((f) => f.severity === "error").length), section.status !== "pass" && notPassed.push(name);
    };
    for (let { check, inputs: own, inputError } of planned) {
      let name = check.name, changes = inputError === void 0 ? whatItChanges(name, own) : void 0, blockers = [
        ...notPassed.length > 0 ? [`${notPassed.join(", ")} did not pass`] : [],
        ...invalid.filter((n) => n !== name && !notPassed.includes(n)).map((n) => `the inputs of ${n} are wrong`)
      ];
      if (changes && blockers.length > 0) {
        let summary2 = `skipped: ${blockers.join(", and ")}, and ${name} would change ${changes}: it runs only when every check before it passed and every check's inputs are right`;
        ctx.log.warn(`${name} ${summary2}.`), record({ check: name, status: "skipped", summary: summary2 });
        continue;
      }
      try {
        if (inputError !== void 0) throw inputError;
        let result = await ctx.log.group(`preflight ${name}`, () => check.run(own, ctx)), status = result.findings.some((f) => f.severity === "error") ? "fail" : "pass", section = { check: name, status, summary: result.summary ?? defaultSummary(result.findings), ...result.stats ? { stats: result.stats } : {}, ...result.tables?.length ? { tables: result.tables } : {} };
        record(section, result.findings, result.outputs);
      } catch (error) {
        worst = Math.max(worst, exitCodeOf(error));
        let partial = error instanceof PartialRunError ? error.partial : void 0;
        record({ check: name, status: "error", summary: `error: ${inScopedWords(name, messageOf(error), ctx.raw).replace(/\.$/, "")}` }, partial?.findings, partial?.outputs);
      }
    }
    let summary = sections.map((s) => `${s.check}: ${s.summary}`).join("; ");
    if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, outputs, checks: sections });
    return { findings, summary, stats, outputs, checks: sections };
  }
};
function planOf(check, raw, source) {
  try {
    let inputs = parseInputs(check.options, rawInputsFor(check.name, raw), source);
    return inputValidators[check.name]?.(inputs, source), { check, inputs };
  } catch (error) {
    return { check, inputs: {}, inputError: error };
  }
}
function selectedChecks(names, source) {
  let known = checks, label = labelOf("checks", source), Label = `${label.charAt(0).toUpperCase()}${label.slice(1)}`, choose = `choose one or more of ${known.map((c) => c.name).join(", ")}, separated by commas`, unknown = names.filter((name) => !known.some((c) => c.name === name));
  if (unknown.length > 0) {
    let these = unknown.length === 1 ? "which is not a check" : "which are not checks";
    throw new UsageError(`${Label} names ${unknown.join(", ")}, ${these}; ${choose}.`);
  }
  if (names.length === 0) throw new UsageError(`${Label} names no check; ${choose}.`);
  let unique = [...new Set(names)];
  if (unique.includes(onItsOwn) && unique.length > 1) {
    let others = unique.filter((n) => n !== onItsOwn).join(", ");
    throw new UsageError(
      `${Label} combines ${onItsOwn} with ${others}, but ${onItsOwn} runs on its own (it checks a backup before a release or a restore after one): give it a gate step or a preflight ${onItsOwn} run of its own.`
    );
  }
  let rank = (name) => releaseOrder.indexOf(name);
  return unique.sort((a, b) => rank(a) - rank(b)).map((name) => known.find((c) => c.name === name));
}

// packages/cli/src/gate-action.ts
await runAction(gate);
