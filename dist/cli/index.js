#!/usr/bin/env node
import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  ExitCode,
  VERSION,
  commonOptions,
  errorOutcome,
  executeCheck,
  exitCodeOf,
  jsonText,
  maskedWriter,
  messageOf,
  parseArgs,
  parseInputs,
  postComment,
  registerArgvSecrets,
  registerCredentialsIn,
  renderHelp,
  renderText,
  reportFiles,
  withShard
} from "../chunks/chunk-D74R7RMM.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/check-loaders.ts
var checkLoaders = {
  "schema-verify": async () => (await import("../chunks/definition-ODLI4YBQ.js")).schemaVerify,
  "migrate-direct": async () => (await import("../chunks/definition-VP52OYZI.js")).migrateDirect,
  "registry-deploy": async () => (await import("../chunks/definition-D2TZKDGL.js")).registryDeploy,
  "restore-verify": async () => (await import("../chunks/definition-Y5BWA7I6.js")).restoreVerify,
  "secrets-lint": async () => (await import("../chunks/definition-SJP77ZKJ.js")).secretsLint
};

// packages/cli/src/run-cli.ts
var defaultIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR
};
async function runCli(argv, checks, rawIO = defaultIO) {
  registerCredentialsIn(argv);
  let io = { ...rawIO, stdout: maskedWriter(rawIO.stdout), stderr: maskedWriter(rawIO.stderr), json: (v) => rawIO.stdout(jsonText(v)) }, [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help")
    return io.stdout(usage(checks)), command ? ExitCode.Passed : ExitCode.Usage;
  if (command === "--version" || command === "-v")
    return io.stdout(`${VERSION}
`), ExitCode.Passed;
  let check = checks.find((c) => c.name === command);
  if (!check)
    return io.stderr(`preflight: unknown check "${command}"; choose one of ${checks.map((c) => c.name).join(", ")} (preflight --help).
`), ExitCode.Usage;
  registerArgvSecrets(rest, check.options);
  let log = {
    info: (m) => io.stderr(m + `
`),
    warn: (m) => io.stderr(`warning: ${m}
`),
    debug: (m) => process.env.PREFLIGHT_DEBUG ? io.stderr(m + `
`) : void 0,
    group: async (name, fn) => (io.stderr(`\xBB ${name}
`), fn())
  }, json = rest.includes("--json"), outcome, inputs = {};
  try {
    let args = parseArgs(rest, check.options, check.name, check.positional);
    if (args.help)
      return io.stdout(renderHelp(check.name, check.description, check.options, check.positional)), ExitCode.Passed;
    inputs = parseInputs(check.options, args.raw, "cli"), json = inputs.json === !0, outcome = await executeCheck(check, inputs, { log, source: "cli", raw: args.raw });
  } catch (error) {
    outcome = errorOutcome(check.name, error);
  }
  outcome = withShard(outcome, inputs);
  let { report } = outcome, exitCode = outcome.exitCode;
  report.status === "error" && io.stderr(`preflight ${check.name}: ${report.summary}
`), json ? io.json(report) : (report.status !== "error" || report.findings.length > 0 || report.checks?.length) && io.stdout(renderText(report, io.color));
  for (let [name, write] of reportFiles)
    if (typeof inputs[name] == "string")
      try {
        write(inputs[name], report);
      } catch (error) {
        io.stderr(`preflight ${check.name}: ${messageOf(error)}
`), exitCode = Math.max(exitCode, exitCodeOf(error));
      }
  return inputs.comment === !0 && await postComment(report, inputs["github-token"], log), exitCode;
}
function usage(checks) {
  let width = Math.max(...checks.map((c) => c.name.length)) + 2;
  return [
    "Usage: preflight <check> [options]",
    "",
    "Checks:",
    ...checks.map((c) => `  ${c.name.padEnd(width)}${c.title}`),
    "",
    `Common options: ${commonOptions.map((o) => `--${o.name}`).join(", ")}; preflight <check> --help lists the rest.`,
    "Exit codes: 0 passed, 1 blocking findings, 2 usage or configuration error, 3 could not run.",
    ""
  ].join(`
`);
}

// packages/cli/src/main.ts
var only = Object.hasOwn(checkLoaders, process.argv[2] ?? "") ? await checkLoaders[process.argv[2]]() : void 0, known = only ? [only] : await import("../chunks/all-checks-KCJEXGTZ.js").then((m) => m.allChecks);
process.exitCode = await runCli(process.argv.slice(2), known);
