import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  UsageError,
  commonOptions,
  labelOf,
  parseShard
} from "./chunk-KNCBXDSL.js";

// packages/secrets-lint/src/definition.ts
var secretsLintOptions = [
  { name: "path", type: "string", description: "Directory to scan (default: the root of the git repository, else the current directory)." },
  { name: "exclude", type: "list", description: "Glob of paths (relative to --path) to leave out, e.g. vendor/** or **/*.min.js (repeatable)." },
  {
    name: "compose-file",
    type: "list",
    description: "Compose file of the deployment, merged in the order given as docker compose -f does (repeatable); its effective environment is checked."
  },
  {
    name: "env-file",
    type: "list",
    description: "Env file the deployment passes to docker compose --env-file (repeatable); without it compose reads .env next to the first compose file."
  },
  { name: "min-length", type: "integer", default: "32", description: "Shortest acceptable value for a secret-named variable." },
  {
    name: "list-format",
    type: "enum",
    values: ["csv", "json"],
    default: "csv",
    description: 'How the application parses the variables in --list-vars: csv (a,b) or json (["a","b"]); a value in the other format is an error.'
  },
  { name: "list-vars", type: "list", description: "Variables holding lists, e.g. ALLOWED_HOSTS,CORS_ORIGINS, checked against --list-format." },
  {
    name: "check-env",
    type: "list",
    description: "Environment variables to validate at runtime (e.g. SECRET_KEY,JWT_SECRET from ${{ secrets.X }}): length, placeholders, entropy, shared values, and values that appear in tracked files."
  },
  { name: "staged", type: "boolean", default: "false", description: "Scan only the lines `git diff --cached` adds (a pre-commit hook)." },
  { name: "since", type: "string", description: "Scan only the lines added since this git ref, e.g. origin/main (a pull request)." },
  { name: "baseline", type: "path", description: "JSON file of accepted finding fingerprints (written by --write-baseline): findings in it are left out." },
  {
    name: "shard",
    type: "string",
    description: "Scan only share I of N of the files (e.g. 2/4, one job of a workflow matrix), chosen by a hash of each repository-relative path; --check-env and --compose-file run in shard 1. Join the shards' JSON reports with preflight merge-reports."
  },
  { name: "write-baseline", type: "path", description: "Write the fingerprints of every finding of this run to this file, to adopt the check on a legacy repository." },
  ...commonOptions
];
function validateCombination(inputs, source) {
  if (inputs.staged && inputs.since)
    throw new UsageError(`Give either ${labelOf("staged", source)} (what the commit adds) or ${labelOf("since", source)} (what a branch adds), not both.`);
  if (inputs.shard !== void 0 && parseShard(inputs.shard, source), inputs["min-length"] < 1) throw new UsageError(`${cap(labelOf("min-length", source))} must be at least 1.`);
  if (inputs.since !== void 0 && !/^[A-Za-z0-9_./~^@{}-]+$/.test(inputs.since))
    throw new UsageError(`${cap(labelOf("since", source))} "${inputs.since.slice(0, 60)}" is not a git ref; give a branch, tag or commit such as origin/main.`);
  for (let name of [...inputs["check-env"], ...inputs["list-vars"]])
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new UsageError(`"${name.slice(0, 40)}" is not an environment variable name; use letters, digits and underscores, e.g. SECRET_KEY.`);
}
function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
var secretsLint = {
  name: "secrets-lint",
  title: "Find short, placeholder, fallback and hard-coded secrets, at file and line, without printing them.",
  description: "Scans compose files, .env files, code, docs, Dockerfiles, workflows, Kubernetes manifests and tfvars for secrets that are short, placeholders, fallbacks or committed literals, and validates runtime secrets; findings show location, length and a short hash, never the value.",
  options: secretsLintOptions,
  async run(inputs, ctx) {
    validateCombination(inputs, ctx.source);
    let { lintSecrets } = await import("./run-KRU6O6BP.js");
    return lintSecrets(inputs, ctx);
  }
};

export {
  validateCombination,
  secretsLint
};
