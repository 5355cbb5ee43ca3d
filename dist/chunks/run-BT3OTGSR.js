import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive
} from "./chunk-3W5VLXO3.js";
import {
  toSnapshot
} from "./chunk-AUPRNTWK.js";
import {
  connectClient
} from "./chunk-NLXVMNST.js";
import {
  parseConnection
} from "./chunk-LTTFQOXF.js";
import "./chunk-N5PM3ADJ.js";
import {
  ExitCode,
  PartialRunError,
  UsageError,
  exitCodeOf,
  labelOf,
  messageOf,
  redact,
  registerSecret,
  writeJsonFileAtomic
} from "./chunk-JPD34EOW.js";
import "./chunk-NRNS3NRG.js";

// packages/schema-verify/src/fleet/pool.ts
async function mapBounded(items, limit, fn) {
  let results = new Array(items.length), next = 0, worker = async () => {
    for (; next < items.length; ) {
      let i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  return await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker)), results;
}

// packages/schema-verify/src/fleet/targets.ts
import { readFileSync } from "node:fs";
var NAMED = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)=(.*)$/s, TARGET_START = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|\$|[a-z0-9][a-z0-9.-]*:[a-z0-9-]+:)/i;
function targetsText(value, source) {
  let label = labelOf("targets", source);
  if (!!/[\r\n]/.test(value.trim()) || looksLikeTarget(value.trim())) return { text: value, origin: label };
  let path = value.trim();
  try {
    return { text: readFileSync(path, "utf8"), origin: path };
  } catch {
    throw new UsageError(
      redact(`${capitalize(label)} points to ${path}, which does not exist or cannot be read; give a file with one target a line (a URL, a Cloud SQL instance name, or name=url), or the targets themselves on separate lines (relative paths start at ${process.cwd()}).`)
    );
  }
}
function looksLikeTarget(line) {
  return TARGET_START.test(line) || NAMED.test(line) || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line);
}
function parseTargets(text, opts) {
  let env = opts.env ?? process.env, resolved = text.split(/\r?\n/).map((raw, i) => {
    let line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let where = `${opts.origin}:${i + 1}`;
    return { where, ...resolveEnv(line, where, env) };
  });
  for (let r of resolved) if (r) for (let v of r.values) registerSecret(v);
  let targets = [];
  for (let r of resolved)
    if (r) {
      if (r.error) throw r.error;
      targets.push(targetOf(r.text, r.where, opts));
    }
  if (targets.length === 0)
    throw new UsageError(`${capitalize(opts.origin)} lists no target (only blank lines or # comments); add one database a line (a URL, a Cloud SQL instance name, or name=url): checking none is never a pass.`);
  let seen = /* @__PURE__ */ new Map();
  for (let t of targets) {
    let first = seen.get(t.name);
    if (first)
      throw new UsageError(redact(`${t.where}: the target name ${t.name} is used already at ${first}; name each target (tenant_a=postgres://...) so the report can tell them apart.`));
    seen.set(t.name, t.where);
  }
  return targets;
}
function targetOf(line, where, opts) {
  let named = NAMED.exec(line), [given, text] = named && TARGET_START.test(named[2].trim()) ? [named[1], named[2].trim()] : [void 0, line];
  if (given !== void 0 && text === "") throw new UsageError(`${where}: ${given}= has nothing after the =; give its URL, e.g. ${given}=postgres://user:password@host/dbname.`);
  let target;
  try {
    target = parseConnection(text, { ...opts, inputName: where });
  } catch (error) {
    throw new UsageError(redact(messageOf(error).replace(/^Input /, "")));
  }
  target.kind === "cloud-sql-instance" && (target = instanceCredentials(target, opts.env ?? process.env));
  let name = given ?? target.database ?? target.cloudSqlInstance ?? target.user;
  if (!name) throw new UsageError(`${where}: the target names no database; add one to the URL (postgres://user:password@host/dbname) or name the line (tenant_a=postgres://...).`);
  return { name, target, where };
}
function instanceCredentials(target, env) {
  registerSecret(env.PGPASSWORD);
  let user = env.PGUSER || void 0, database = env.PGDATABASE || user || "postgres";
  return { ...target, user, database, config: { ...target.config, user, database, password: env.PGPASSWORD || void 0 } };
}
function resolveEnv(line, where, env) {
  let values = [], error;
  return { text: line.replace(/\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|\{[^}]*\}?)/g, (match, braced, bare) => {
    if (match === "$$") return "$";
    let name = braced ?? bare;
    if (!name)
      return error ??= new UsageError(`${where}: \${...} holds no environment variable name; write \${TENANT_URL} or $TENANT_URL (and $$ for a literal $).`), "";
    let value = env[name];
    return value === void 0 || value === "" ? (error ??= new UsageError(`${where}: the environment variable ${name} is not set (or empty); set it to the target's URL, or remove the line.`), "") : (values.push(value), value);
  }), values, error };
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// packages/schema-verify/src/fleet/run.ts
async function verifyFleet(inputs, ctx) {
  let started = Date.now(), { text, origin } = targetsText(inputs.targets, ctx.source), targets = parseTargets(text, { origin, connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: inputs["query-timeout"] });
  checkReadable(inputs, ctx);
  let options = { schemas: inputs.schemas.length ? inputs.schemas : void 0, ignorePrivileges: inputs["ignore-privileges"] }, expected = await loadExpected(inputs, ctx, options);
  if (expected.findings)
    return { findings: expected.findings, summary: "the migrate command created nothing in the shadow database", stats: { expected: expected.label, targets: targets.length, durationMs: Date.now() - started } };
  inputs["write-snapshot"] && (writeJsonFileAtomic(inputs["write-snapshot"], JSON.parse(toSnapshot(expected.model, { ledger: expected.ledger })), "write-snapshot"), ctx.log.info(`snapshot of ${expected.label} written to ${inputs["write-snapshot"]}`));
  let parallel = inputs.parallel;
  ctx.log.info(`Comparing ${targets.length} target${targets.length === 1 ? "" : "s"} with ${expected.label}, ${Math.min(parallel, targets.length)} at a time`);
  let outcomes = await mapBounded(targets, parallel, async (target) => {
    let log = prefixed(ctx.log, target.name), connect = () => connectClient(target.target, {
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
  return fleetReport(outcomes, { expected: expected.label, parallel, started });
}
function fleetReport(outcomes, meta) {
  let findings = [], sections = [], worst = ExitCode.Passed;
  for (let { target, result, error } of outcomes) {
    let name = target.name;
    if (error !== void 0 || !result) {
      worst = Math.max(worst, exitCodeOf(error)), sections.push({ check: name, status: "error", summary: `error: ${messageOf(error).replace(/\.$/, "")}` });
      continue;
    }
    let own = result.findings.map((f) => ({ ...f, check: name, message: `[${name}] ${f.message}` }));
    findings.push(...own);
    let status = own.some((f) => f.severity === "error") ? "fail" : "pass", { expected: _label, durationMs: _ms, ...stats2 } = result.stats ?? {};
    sections.push({ check: name, status, summary: result.summary ?? "", stats: stats2 });
  }
  let drifted = sections.filter((s) => s.status === "fail").map((s) => s.check), unchecked = sections.filter((s) => s.status === "error").map((s) => s.check), n = sections.length, parts = [`${drifted.length} of ${n} target${n === 1 ? "" : "s"} drifted${drifted.length ? `: ${drifted.join(", ")}` : ""}`];
  unchecked.length && parts.push(`${unchecked.length} could not be checked: ${unchecked.join(", ")}`);
  let summary = parts.join("; "), stats = { expected: meta.expected, targets: n, drifted: drifted.length, "could-not-check": unchecked.length, parallel: meta.parallel, durationMs: Date.now() - meta.started };
  if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, checks: sections });
  return { findings, summary, stats, checks: sections };
}
function prefixed(log, name) {
  return {
    info: (m) => log.info(`${name}: ${m}`),
    warn: (m) => log.warn(`${name}: ${m}`),
    debug: (m) => log.debug(`${name}: ${m}`),
    group: (_title, fn) => fn()
  };
}
export {
  fleetReport,
  verifyFleet
};
