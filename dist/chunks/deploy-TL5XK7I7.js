import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  applyPins,
  pinnedImage
} from "./chunk-RUCSXNUK.js";
import {
  readLedgerView
} from "./chunk-ITH6I2SA.js";
import "./chunk-5TU5OGOM.js";
import "./chunk-JLYKL5C3.js";
import {
  runCommand
} from "./chunk-I72KYDSH.js";
import "./chunk-DTPCLYKG.js";
import {
  parseHealthExpect,
  unmetExpectation
} from "./chunk-UD2Q3MCG.js";
import {
  formatReference
} from "./chunk-VCBPSRQV.js";
import "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/registry-deploy/src/health.ts
import http from "node:http";
import https from "node:https";
var retryEveryMs = 1e3;
async function checkHealth(plan, log) {
  let deadline = Date.now() + plan.timeoutMs, attempts = 0, failures = [];
  for (let url of plan.urls) {
    let last = "";
    for (; attempts++, last = await probeUrl(url, plan.expects, Math.max(1e3, Math.min(1e4, deadline - Date.now()))), !(last === "" || Date.now() + retryEveryMs > deadline); )
      await sleep(retryEveryMs);
    last ? failures.push(`${url} ${last} (still after ${Math.round(plan.timeoutMs / 1e3)}s)`) : log.info(`${url} is healthy.`);
  }
  if (plan.command) {
    let last = "";
    for (; ; ) {
      attempts++;
      let remaining = Math.max(1e3, deadline - Date.now()), result = await runCommand(plan.command, plan.env, { timeoutMs: remaining, onLine: (line) => log.info(`  ${line}`) });
      if (last = result.code === 0 ? "" : result.timedOut ? "ran out of --health-timeout" : `exited with code ${result.code ?? result.signal}`, last === "" || Date.now() + retryEveryMs > deadline) break;
      await sleep(retryEveryMs);
    }
    last ? failures.push(`the health command ${last}`) : log.info("The health command exited 0.");
  }
  return { ok: failures.length === 0, failures, attempts };
}
function probeUrl(url, expects, timeoutMs) {
  return new Promise((resolve) => {
    let target;
    try {
      target = new URL(url);
    } catch {
      resolve("is not a URL");
      return;
    }
    let req = (target.protocol === "http:" ? http : https).get(target, { timeout: timeoutMs, headers: { "User-Agent": "preflight-registry-deploy", Accept: "application/json, */*" } }, (res) => {
      let chunks = [], size = 0;
      res.on("data", (c) => {
        size += c.length, size <= 1024 * 1024 && chunks.push(c);
      }), res.on("error", () => resolve("closed the connection mid-answer")), res.on("end", () => {
        let status = res.statusCode ?? 0, body = Buffer.concat(chunks).toString("utf8"), exact = expects.find((e) => e.kind === "status"), unmet = expects.map((e) => unmetExpectation(e, status, body)).filter((w) => !!w);
        if (!exact && (status < 200 || status > 299)) return resolve(`answered ${status}${unmet.length ? ` (${unmet.join(", ")})` : ""}`);
        resolve(unmet.length ? `answered ${status}, but ${unmet.join(", ")}` : "");
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout"))), req.on(
      "error",
      (error) => resolve(error.message === "timeout" ? `did not answer within ${Math.round(timeoutMs / 1e3)}s` : error.code === "ECONNREFUSED" ? "refused the connection" : `could not be reached (${error.code ?? "error"})`)
    );
  });
}
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// packages/registry-deploy/src/deploy.ts
async function deployAndVerify(inputs, ctx, plan) {
  let object = formatReference(plan.target), stats = {}, release = plan.release, failures = await rollOut(inputs, ctx, plan, release.digest, stats);
  if (failures.length === 0 && inputs["running-digest-command"]) {
    let running = await runningDigest(inputs, ctx, release);
    running && failures.push(running);
  }
  return failures.length === 0 ? { finalDigest: release.digest, stats } : (plan.findings.push(...failures), inputs["rollback-to"] !== void 0 ? { finalDigest: release.digest, stats, summary: `rolled back to ${release.digest}, but ${failures[0].message}` } : inputs.rollback ? plan.previous ? rollBack(inputs, ctx, plan, plan.previous, stats) : (plan.findings.push({
    rule: "rollback-failed",
    severity: "error",
    object,
    message: `No previous digest for ${object} to roll back to (the tag did not exist before this run); it stays at ${release.digest}.`,
    fix: "Deploy a known good image by hand, or promote one and run with --rollback-to sha256:...."
  }), { finalDigest: release.digest, stats, summary: `${object} is unhealthy and had no previous digest to roll back to` }) : { finalDigest: release.digest, stats, summary: `${object} is at ${release.digest} and unhealthy; not rolled back (--no-rollback)` });
}
async function rollBack(inputs, ctx, plan, previous, stats) {
  let object = formatReference(plan.target), tag = plan.target.tag;
  return ctx.log.group(`Rolling back ${object} to ${previous}`, async () => {
    let manifest = await plan.dst.getManifest(previous);
    if (!manifest)
      return plan.findings.push({ rule: "rollback-failed", severity: "error", object, message: `${plan.dst.name} no longer has the previous manifest ${previous}; ${object} stays at ${plan.release.digest}.` }), { finalDigest: plan.release.digest, stats, summary: `${object} is unhealthy and could not be rolled back` };
    await plan.dst.putManifest(tag, manifest);
    let after = await plan.dst.resolveDigest(tag);
    if (after !== previous)
      return plan.findings.push({ rule: "rollback-failed", severity: "error", object, message: `${object} resolves to ${after ?? "nothing"} after moving it back, not ${previous}.` }), { finalDigest: after ?? plan.release.digest, stats, summary: `${object} could not be moved back` };
    for (let i = plan.findings.length - 1; i >= 0; i--) plan.findings[i].rule === "file-pinned" && plan.findings.splice(i, 1);
    let again = await rollOut(inputs, ctx, plan, previous, {}, { health: !1 });
    if (again.length > 0)
      return plan.findings.push({ rule: "rollback-failed", severity: "error", object, message: `${object} is back at ${previous}, but re-deploying it failed: ${again[0].message}` }), { finalDigest: previous, stats, summary: `${object} moved back to ${previous}; the re-deploy failed` };
    let redeployed = inputs["deploy-command"] ? "; the deploy command ran again and exited 0" : "", repinned = plan.pins.files.length ? "; files re-pinned" : "";
    if (plan.findings.push({
      rule: "rolled-back",
      severity: "notice",
      object,
      message: `${object} is back at ${previous} (the release ${plan.release.digest} failed)${repinned}${redeployed}.`,
      fix: "Fix the release and promote again."
    }), stats.rolledBack = !0, plan.ledgerBefore !== void 0 && inputs["database-url"]) {
      let now = await readLedgerView(inputs["database-url"], ctx.log);
      now !== void 0 && now !== plan.ledgerBefore && plan.findings.push({
        rule: "rollback-schema-moved",
        severity: "warning",
        object,
        message: `The migration ledger moved while ${plan.release.digest} was deployed (before: ${plan.ledgerBefore}; now: ${now}); the image was rolled back to ${previous}, the schema was not.`,
        fix: "Check that the previous image runs on the newer schema, or restore the schema by hand."
      });
    }
    return { finalDigest: previous, stats, summary: `${object} failed its checks and was rolled back to ${previous}` };
  });
}
async function rollOut(inputs, ctx, plan, digest, stats, opts = { health: !0 }) {
  let object = formatReference(plan.target), pinned = pinnedImage(inputs.target, digest);
  plan.pins.files.length && plan.findings.push(...applyPins(plan.pins, pinned, digest));
  let env = { ...process.env, PREFLIGHT_IMAGE: pinned, PREFLIGHT_DIGEST: digest }, command = inputs["deploy-command"];
  if (command) {
    let result = await ctx.log.group(
      `Deploying ${pinned}`,
      () => runCommand(command, env, { timeoutMs: inputs["deploy-timeout"], onLine: (line) => ctx.log.info(line) })
    );
    if (result.code !== 0) {
      let how = result.timedOut ? `ran out of --deploy-timeout (${Math.round(inputs["deploy-timeout"] / 1e3)}s)` : `exited with code ${result.code ?? result.signal}`;
      return [
        {
          rule: "deploy-command-failed",
          severity: "error",
          object,
          message: `The deploy command ${how}${result.tail.length ? `: ${result.tail.slice(-3).join(" / ")}` : ""}.`,
          fix: "Read the command output in the log; fix the command or the host."
        }
      ];
    }
  }
  if (!opts.health || inputs["health-url"].length === 0 && !inputs["health-command"]) return [];
  let health = await ctx.log.group(
    "Checking health",
    () => checkHealth(
      { urls: inputs["health-url"], expects: inputs["health-expect"].map(parseHealthExpect), command: inputs["health-command"], timeoutMs: inputs["health-timeout"], env },
      ctx.log
    )
  );
  return stats.healthAttempts = health.attempts, health.ok ? [] : [
    {
      rule: "health-check-failed",
      severity: "error",
      object,
      message: `${pinned} is unhealthy: ${health.failures.join("; ")}.`,
      fix: inputs.rollback ? "Read the app logs; the release was rolled back to the previous digest when there was one." : "Read the app logs; roll back with --rollback-to previous."
    }
  ];
}
async function runningDigest(inputs, ctx, release) {
  let lines = [], result = await runCommand(inputs["running-digest-command"], process.env, {
    timeoutMs: inputs["deploy-timeout"],
    onLine: (line) => ctx.log.info(line),
    onStdout: (line) => lines.push(line)
  }), printed = lines.join(`
`), known = [...release.manifestDigests, ...release.configDigests];
  if (result.code === 0 && known.some((d) => printed.includes(d))) {
    ctx.log.info(`What runs is the promoted image (${known.find((d) => printed.includes(d))}).`);
    return;
  }
  let seen = /sha256:[a-f0-9]{64}/.exec(printed)?.[0];
  return {
    rule: "running-digest-mismatch",
    severity: "error",
    object: "running-digest-command",
    message: result.code !== 0 ? `The running-digest command exited with code ${result.code ?? result.signal}, so what runs is unknown.` : `The running image is ${seen ?? `"${printed.trim().slice(0, 80)}"`}, not the promoted ${release.digest} (nor its platform manifests or config digests): the deploy kept the old image.`,
    fix: "Deploy with docker compose pull && docker compose up -d --force-recreate --no-build (a restart keeps the old image)."
  };
}
export {
  deployAndVerify
};
