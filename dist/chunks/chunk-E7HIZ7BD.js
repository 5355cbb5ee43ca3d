import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  parseHealthExpect
} from "./chunk-UD2Q3MCG.js";
import {
  parseReference
} from "./chunk-VCBPSRQV.js";
import {
  UsageError,
  commonOptions
} from "./chunk-KNCBXDSL.js";

// packages/registry-deploy/src/definition.ts
var registryDeployOptions = [
  {
    name: "source",
    type: "string",
    description: "Image to promote: host/repo:tag, host/repo@sha256:..., a Docker Hub name (nginx, user/app), or oci:DIR[:tag] (an OCI image layout directory)."
  },
  {
    name: "target",
    type: "string",
    description: "Where the image is promoted to, as a tag: host/repo:tag or oci:DIR:tag. Its current digest is recorded first (output previous-digest)."
  },
  { name: "registry-username", type: "string", env: "REGISTRY_USERNAME", description: "User name for the registries (both source and target); without it, DOCKER_CONFIG/config.json is read." },
  { name: "registry-password", type: "string", secret: !0, env: "REGISTRY_PASSWORD", description: "Password or token for registry-username (masked in every output)." },
  { name: "insecure", type: "boolean", default: "false", description: "Allow plain HTTP, only for registries on a loopback address (127.0.0.1, ::1, localhost)." },
  { name: "registry-timeout", type: "duration", default: "30s", description: "How long to wait for a registry to connect or answer before giving up with exit 3." },
  { name: "compose-file", type: "path", description: "Compose file whose --service image is pinned to repo:tag@sha256:... (comments, order and quoting kept)." },
  { name: "service", type: "string", description: "With compose-file: the service whose image is pinned." },
  {
    name: "pin",
    type: "list",
    description: "Kubernetes manifests (containers[].image) or kustomization.yaml (images:) whose entries for the target repository are pinned to the digest (repeatable)."
  },
  {
    name: "deploy-command",
    type: "string",
    description: 'Command that deploys the pinned image, e.g. ssh host "docker compose pull && docker compose up -d --force-recreate --no-build"; run with sh -c, output redacted.'
  },
  { name: "deploy-timeout", type: "duration", default: "10m", description: "Stop the deploy command (and every process it started) after this long." },
  { name: "health-url", type: "list", description: "URL that must answer 2xx (and health-expect) after the deploy, retried until health-timeout (repeatable)." },
  {
    name: "health-expect",
    type: "list",
    description: "What each health-url answer must hold besides 2xx: status:200, body:TEXT, or json:.path=value (e.g. json:.db=ok); several are all required (repeatable)."
  },
  { name: "health-timeout", type: "duration", default: "60s", description: "How long the health checks may take to pass after the deploy." },
  { name: "health-command", type: "string", description: "Command that exits 0 when the deployed release is healthy; retried until health-timeout." },
  { name: "rollback", type: "boolean", default: "true", description: "When the deploy command, a health check or the running-digest check fails, move the target tag back to the previous digest, re-pin the files and re-run the deploy command (CLI: --no-rollback to disable)." },
  {
    name: "rollback-to",
    type: "string",
    description: 'Roll back on its own, without promoting: "previous" (the digest the last promotion replaced) or sha256:...; re-pins the files and re-runs the deploy command.'
  },
  {
    name: "running-digest-command",
    type: "string",
    description: "Command that prints what runs after the deploy (e.g. ssh host docker inspect --format '{{index .RepoDigests 0}}' app-web-1): the manifest digest, repo@sha256:... or the config digest must match."
  },
  { name: "database-url", type: "string", secret: !0, env: "DATABASE_URL", description: "With migrations: the live database schema-verify checks before the tag moves; its migration ledger is also compared before the deploy and after a rollback." },
  { name: "migrations", type: "dir", description: "Migrations the image expects; schema-verify must pass against database-url before the tag moves." },
  {
    name: "shadow-url",
    type: "string",
    secret: !0,
    description: "With migrations: server for the temporary database the expected schema is built on; without it a throwaway PostgreSQL is started."
  },
  ...commonOptions
];
function validateCombination(inputs) {
  let rollbackTo = inputs["rollback-to"];
  if (!inputs.target) throw new UsageError("Missing --target: name the tag to promote to, e.g. --target ghcr.io/acme/api:production.");
  let target = parseReference(inputs.target, "--target");
  if (target.kind === "registry" && target.digest) throw new UsageError("--target must be a tag, not a digest: a digest cannot be moved; write host/repo:tag.");
  if (!target.tag) throw new UsageError("--target needs a tag to move, e.g. host/repo:production or oci:DIR:production.");
  if (rollbackTo !== void 0) {
    if (inputs.source) throw new UsageError("Give either --source (promote) or --rollback-to (roll back on its own), not both.");
    if (rollbackTo !== "previous" && !/^sha256:[a-f0-9]{64}$/.test(rollbackTo))
      throw new UsageError(`--rollback-to must be "previous" or sha256: and 64 lowercase hex digits, not "${rollbackTo.slice(0, 80)}".`);
  } else {
    if (!inputs.source) throw new UsageError("Missing --source: name the image to promote, e.g. --source ghcr.io/acme/api:sha-1a2b3c.");
    parseReference(inputs.source, "--source");
  }
  if (inputs["registry-password"] && !inputs["registry-username"]) throw new UsageError("--registry-password needs --registry-username too.");
  if (inputs["compose-file"] && !inputs.service) throw new UsageError("--compose-file needs --service: the service whose image is pinned.");
  if (inputs.service && !inputs["compose-file"]) throw new UsageError("--service only applies with --compose-file.");
  if (inputs["health-expect"].length > 0 && inputs["health-url"].length === 0) throw new UsageError("--health-expect needs --health-url: the endpoint whose answer it checks.");
  for (let expect of inputs["health-expect"]) parseHealthExpect(expect);
  if (inputs.migrations && !inputs["database-url"]) throw new UsageError("--migrations needs --database-url (or DATABASE_URL): the database whose schema is checked before the tag moves.");
  if (inputs["health-timeout"] <= 0) throw new UsageError("--health-timeout needs a duration longer than 0, e.g. 60s.");
}
var registryDeploy = {
  name: "registry-deploy",
  title: "Promote an image by digest, pin files to it, deploy, health-check and roll back.",
  description: "Promotes an image from --source to --target by digest in any OCI registry or OCI layout (blobs mounted or streamed, every platform of an index), records the previous digest, pins compose and Kubernetes files to repo:tag@sha256:..., runs the deploy command, checks health and what runs, and rolls back to the previous digest when the release is unhealthy.",
  options: registryDeployOptions,
  async run(inputs, ctx) {
    validateCombination(inputs);
    let { runRegistryDeploy } = await import("./run-AEX6MPCN.js");
    return runRegistryDeploy(inputs, ctx);
  }
};

export {
  validateCombination,
  registryDeploy
};
