import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  UsageError
} from "./chunk-KNCBXDSL.js";

// packages/registry-deploy/src/reference.ts
var component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*", pathPattern = new RegExp(`^${component}(?:/${component})*$`), tagPattern = /^[\w][\w.-]{0,127}$/, digestPattern = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/, hostPattern = /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/, dockerHub = "docker.io";
function parseReference(text, input) {
  let value = text.trim(), bad = (why) => new UsageError(
    `${input} "${shown(value)}" is not an image reference (${why}); write host/repo:tag, host/repo@sha256:<64 hex>, a Docker Hub name such as nginx or user/app, or oci:DIR[:tag].`
  );
  if (value === "") throw bad("it is empty");
  if (value.startsWith("oci:")) return parseLayout(value.slice(4), bad);
  let rest = value, digest, at = rest.indexOf("@");
  if (at >= 0 && (digest = rest.slice(at + 1), rest = rest.slice(0, at), !digestPattern.test(digest)))
    throw bad("the part after @ must be sha256: and 64 lowercase hex digits");
  let tag, lastSlash = rest.lastIndexOf("/"), colon = rest.indexOf(":", lastSlash + 1);
  if (colon >= 0 && (tag = rest.slice(colon + 1), rest = rest.slice(0, colon), !tagPattern.test(tag)))
    throw bad("a tag is letters, digits, _, . and -, at most 128, not starting with . or -");
  let host = dockerHub, repository = rest, slash = rest.indexOf("/");
  if (slash >= 0) {
    let first = rest.slice(0, slash);
    if ((first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("[")) && (host = first, repository = rest.slice(slash + 1), !hostPattern.test(host)))
      throw bad(`"${shown(host)}" is not a registry host`);
  }
  if ((host === "index.docker.io" || host === "registry-1.docker.io") && (host = dockerHub), !pathPattern.test(repository))
    throw bad(/[A-Z]/.test(repository) ? "repository names are lowercase" : "a repository is lowercase letters and digits separated by /, ., _ or -");
  if (host === dockerHub && !repository.includes("/") && (repository = `library/${repository}`), repository.length > 255) throw bad("the repository name is longer than 255 characters");
  return { kind: "registry", host, repository, tag, digest };
}
function parseLayout(rest, bad) {
  let colon = rest.indexOf(":"), dir = colon >= 0 ? rest.slice(0, colon) : rest, tag = colon >= 0 ? rest.slice(colon + 1) : void 0;
  if (dir === "") throw bad("oci: needs a directory, e.g. oci:./images/app:1.2.0");
  if (tag !== void 0 && !/^[\w][\w.\-/+@]{0,254}$/.test(tag)) throw bad("the tag after the directory must be letters, digits, _, ., -, /, + or @");
  return { kind: "oci", dir, tag };
}
function repositoryName(ref) {
  return ref.kind === "oci" ? `oci:${ref.dir}` : `${ref.host}/${ref.repository}`;
}
function formatReference(ref) {
  return ref.kind === "oci" ? `oci:${ref.dir}${ref.tag ? `:${ref.tag}` : ""}` : `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}
function apiHost(host) {
  return host === dockerHub ? "registry-1.docker.io" : host;
}
function shown(text) {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export {
  dockerHub,
  parseReference,
  repositoryName,
  formatReference,
  apiHost
};
