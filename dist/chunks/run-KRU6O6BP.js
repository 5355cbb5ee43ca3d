import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  excluder
} from "./chunk-ULFFFEQ6.js";
import {
  CouldNotRunError,
  UsageError,
  defaultSummary,
  isSecretName,
  parseShard,
  registerSecret,
  shardStats,
  shardSummary,
  takeShard,
  writeUnmaskedFileAtomic
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/secrets-lint/src/run.ts
import { existsSync as existsSync3, readFileSync as readFileSync4, statSync } from "node:fs";
import { isAbsolute, join as join2, posix as posix2, resolve, sep as sep2 } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

// packages/secrets-lint/src/files.ts
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from "node:fs";
import { isAscii } from "node:buffer";
import { join, relative, sep } from "node:path";

// packages/secrets-lint/src/git.ts
import { spawnSync } from "node:child_process";
function git(cwd, args, maxBuffer = 512 * 1024 * 1024) {
  let r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } });
  if (r.error && r.error.code === "ENOENT") throw new CouldNotRunError("git is not installed or not on PATH; secrets-lint needs it to know which files are tracked.");
  return { ok: r.status === 0, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
function gitTopLevel(dir) {
  let r = git(dir, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.stdout.trim() : void 0;
}
function gitPrefix(dir) {
  let r = git(dir, ["rev-parse", "--show-prefix"]);
  return r.ok ? r.stdout.trim() : "";
}
function listFiles(dir) {
  let tracked = git(dir, ["ls-files", "-z", "--cached", "--", "."]), untracked = git(dir, ["ls-files", "-z", "--others", "--exclude-standard", "--", "."]);
  if (!tracked.ok || !untracked.ok) throw new CouldNotRunError(`git ls-files failed in ${dir}: ${(tracked.stderr || untracked.stderr).trim().split(`
`)[0]}`);
  return { tracked: split(tracked.stdout), untracked: split(untracked.stdout) };
}
function split(text) {
  return [...new Set(text.split("\0").filter(Boolean))];
}
function addedLines(dir, mode) {
  let args;
  if ("staged" in mode) args = ["diff", "--cached", "-U0", "--no-color", "--no-ext-diff", "--diff-filter=ACMR", "--relative", "--", "."];
  else {
    let base = git(dir, ["merge-base", mode.since, "HEAD"]);
    if (!base.ok) throw new UsageError(`--since ${mode.since} is not a commit this repository knows (git merge-base failed); fetch it first, e.g. git fetch origin main (actions/checkout needs fetch-depth: 0).`);
    args = ["diff", base.stdout.trim(), "-U0", "--no-color", "--no-ext-diff", "--diff-filter=ACMR", "--relative", "--", "."];
  }
  let r = git(dir, args);
  if (!r.ok) throw new CouldNotRunError(`git diff failed in ${dir}: ${r.stderr.trim().split(`
`)[0]}`);
  return parseAddedLines(r.stdout);
}
function parseAddedLines(diff) {
  let out = /* @__PURE__ */ new Map(), current;
  for (let line of diff.split(`
`)) {
    if (line.startsWith("+++ ")) {
      let path = line.slice(4);
      if (path === "/dev/null") current = void 0;
      else {
        let name = unquote(path).replace(/^b\//, "");
        current = out.get(name) ?? /* @__PURE__ */ new Set(), out.set(name, current);
      }
      continue;
    }
    let hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      let start = Number(hunk[1]), count = hunk[2] === void 0 ? 1 : Number(hunk[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  return out;
}
function unquote(path) {
  if (!path.startsWith('"')) return path;
  let bytes = [], s = path.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") {
      let oct = /^[0-7]{3}/.exec(s.slice(i + 1));
      if (oct) {
        bytes.push(parseInt(oct[0], 8)), i += 3;
        continue;
      }
      let esc = { n: `
`, t: "	", '"': '"', "\\": "\\" };
      bytes.push(...Buffer.from(i + 1 < s.length ? esc[s[i + 1]] ?? s[i + 1] : "\\")), i++;
      continue;
    }
    bytes.push(...Buffer.from(s[i]));
  }
  return Buffer.from(bytes).toString("utf8");
}
function stagedContent(dir, path) {
  let r = spawnSync("git", ["show", `:./${path}`], { cwd: dir, maxBuffer: 67108864 });
  return r.status === 0 ? r.stdout : void 0;
}

// packages/secrets-lint/src/files.ts
var MAX_FILE_BYTES = 5 * 1024 * 1024;
function newStats() {
  return { filesSeen: 0, skippedExcluded: 0, skippedSymlink: 0, skippedBinary: 0, skippedHuge: 0, skippedMissing: 0 };
}
function candidates(root, inGit, excludes, stats, listing, onListed) {
  let excluded = excluder(excludes), listed = [];
  if (inGit) {
    let { tracked, untracked } = listing ?? listFiles(root);
    for (let p of tracked) listed.push({ path: p, tracked: !0 });
    for (let p of untracked) listed.push({ path: p, tracked: !1 });
    onListed?.(listed.length);
  } else
    walk(root, "", listed, onListed);
  let out = [], seen = /* @__PURE__ */ new Set();
  for (let f of listed)
    if (!seen.has(f.path)) {
      if (seen.add(f.path), stats.filesSeen++, excluded(f.path)) {
        stats.skippedExcluded++;
        continue;
      }
      out.push(f);
    }
  return out;
}
var byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
function walk(root, rel, out, onListed) {
  let entries;
  try {
    entries = readdirSync(rel ? join(root, rel) : root, { withFileTypes: !0 });
  } catch {
    return;
  }
  for (let e of entries.sort(byName)) {
    let p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === ".git" || e.name === "node_modules") continue;
      walk(root, p, out, onListed);
    } else out.push({ path: p, tracked: !0 });
  }
  onListed?.(out.length);
}
var NOFOLLOW = constants.O_NOFOLLOW, OPEN_FLAGS = constants.O_RDONLY | (NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0), FIRST_READ = 256 * 1024, scratch;
function loadFile(path) {
  if (NOFOLLOW === void 0) return loadFileAfterLstat(path);
  let fd;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    let code = e.code;
    return code === "ELOOP" || code === "EMLINK" ? "symlink" : code === "ENXIO" ? "other" : "missing";
  }
  try {
    let buf = scratch ??= Buffer.allocUnsafe(FIRST_READ), n;
    try {
      n = readSync(fd, buf, 0, FIRST_READ, 0);
    } catch {
      return "other";
    }
    if (n > 0 && n < FIRST_READ) return buf.subarray(0, n);
    let st = fstatSync(fd);
    return st.isFile() ? n === 0 ? buf.subarray(0, 0) : st.size > MAX_FILE_BYTES ? "huge" : readRest(fd, buf, st.size) : "other";
  } finally {
    closeSync(fd);
  }
}
function readRest(fd, first, size) {
  let out = Buffer.allocUnsafe(Math.min(Math.max(size, FIRST_READ) + 1, MAX_FILE_BYTES + 1));
  first.copy(out, 0, 0, FIRST_READ);
  let have = FIRST_READ;
  for (; have < out.length; ) {
    let n = readSync(fd, out, have, out.length - have, have);
    if (n === 0) break;
    have += n;
  }
  return out.subarray(0, have);
}
function loadFileAfterLstat(path) {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return "missing";
  }
  if (st.isSymbolicLink()) return "symlink";
  if (!st.isFile()) return "other";
  if (st.size > MAX_FILE_BYTES) return "huge";
  try {
    return readFileSync(path);
  } catch {
    return "missing";
  }
}
function decodeText(buf) {
  let nul = buf.indexOf(0);
  if (nul >= 0 && nul < 8192) return;
  let text = isAscii(buf) ? buf.toString("latin1") : buf.toString("utf8");
  return text.charCodeAt(0) === 65279 && (text = text.slice(1)), text;
}

// packages/secrets-lint/src/classify.ts
var basename = (p) => p.slice(p.lastIndexOf("/") + 1);
function isEnvFile(path) {
  let b = basename(path);
  return /^\.env(?:\..+)?$/.test(b) || /\.env$/.test(b) ? !isEnvTemplate(path) : !1;
}
function isEnvTemplate(path) {
  return /(?:^|[._-])(?:example|sample|template|dist|tpl)(?:$|\.)/i.test(basename(path).replace(/^\.env/, ""));
}
function needsParser(path) {
  let k = classify(path);
  return k.yaml || k.env;
}
function isComposeFile(path) {
  return /compose[^/]*\.ya?ml$/i.test(basename(path));
}
var byExtension = /* @__PURE__ */ new Map(), NOT_BY_EXTENSION = /^(?:ya?ml|env|dockerfile|tfvars|json)$/i, MAX_CACHED_EXTENSIONS = 256;
function classify(path) {
  let b = basename(path), dot = b.lastIndexOf(".");
  if (dot <= 0 || b.startsWith(".env") || b.startsWith("Dockerfile") || b.startsWith("Containerfile")) return classifyName(path, b);
  let ext = b.slice(dot + 1), known = byExtension.get(ext);
  if (known) return known;
  let kinds = Object.freeze(classifyName(path, b));
  return !NOT_BY_EXTENSION.test(ext) && byExtension.size < MAX_CACHED_EXTENSIONS && byExtension.set(ext, kinds), kinds;
}
function classifyName(path, b) {
  let yaml = /\.ya?ml$/i.test(b);
  return {
    code: /\.(?:py|[cm]?[jt]sx?|go)$/.test(b),
    docs: /\.(?:md|markdown|mdx|rst|txt|sh|bash|zsh|ksh|ps1)$/i.test(b) || /^(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(b),
    env: isEnvFile(path),
    compose: yaml && isComposeFile(path),
    dockerfile: /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.[Dd]ockerfile$/.test(b),
    workflow: yaml && /(?:^|\/)\.github\/workflows\//.test(path),
    yaml,
    tfvars: /\.tfvars(?:\.json)?$/.test(b)
  };
}

// packages/secrets-lint/src/suppress.ts
import { existsSync, readFileSync as readFileSync2 } from "node:fs";
import { createHash } from "node:crypto";
function fingerprint(hit) {
  return createHash("sha256").update([hit.rule, hit.file, hit.variable, hit.valueHash].join("\0")).digest("hex").slice(0, 32);
}
var IGNORE = /preflight-ignore:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/i;
function ignoredInline(lines, line, rule2) {
  if (!lines) return !1;
  for (let n of [line, line - 1]) {
    if (n < 1) continue;
    let m = IGNORE.exec(lines.line(n));
    if (m && m[1].split(",").map((s) => s.trim().toLowerCase()).some((r) => r === rule2 || r === "all")) return !0;
  }
  return !1;
}
function readBaseline(path) {
  if (!existsSync(path)) throw new UsageError(`--baseline ${path} does not exist; write one with --write-baseline ${path}.`);
  let data;
  try {
    data = JSON.parse(readFileSync2(path, "utf8"));
  } catch {
    throw new UsageError(`--baseline ${path} is not valid JSON; write it with --write-baseline (a {"fingerprints": [...]} object).`);
  }
  let list = data?.fingerprints;
  if (!Array.isArray(list) || !list.every((f) => typeof f == "string"))
    throw new UsageError(`--baseline ${path} has no "fingerprints" list of strings; write it with --write-baseline.`);
  return new Set(list);
}
function writeBaseline(path, hits) {
  let entries = hits.map((h) => ({ fingerprint: fingerprint(h), rule: h.rule, file: h.file, line: h.line })), unique = [...new Set(entries.map((e) => e.fingerprint))].sort();
  writeUnmaskedFileAtomic(path, JSON.stringify({ version: 1, fingerprints: unique, findings: entries }, null, 2) + `
`, "write-baseline");
}

// packages/secrets-lint/src/value.ts
import { createHash as createHash2 } from "node:crypto";
function shortHash(value) {
  return createHash2("sha256").update(value).digest("hex").slice(0, 8);
}
function fullHash(value) {
  return createHash2("sha256").update(value).digest("hex");
}
var PUBLIC_WORDS = /* @__PURE__ */ new Set([
  "changeme",
  "change_me",
  "change-me",
  "password",
  "passwd",
  "secret",
  "secretkey",
  "secret_key",
  "example",
  "placeholder",
  "default",
  "dummy",
  "sample",
  "todo",
  "none",
  "null",
  "true",
  "false",
  "admin",
  "root",
  "test",
  "postgres",
  "mysql",
  "redis",
  "cambiar",
  "mudar",
  "remplacer",
  "aendern",
  "xxx"
]), sink;
function collectRegisteredValues(into) {
  sink = into;
}
var MIN_REGISTERED_LENGTH = 6;
function registerValue(value) {
  PUBLIC_WORDS.has(value.toLowerCase()) || value.length < MIN_REGISTERED_LENGTH || /^\d+$/.test(value) || (sink ? sink.push(value) : registerSecret(value));
}
function entropyPerChar(value) {
  if (!value) return 0;
  let counts = /* @__PURE__ */ new Map();
  for (let c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let n = [...value].length, bits = 0;
  for (let k of counts.values()) {
    let p = k / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}
var PLACEHOLDER_PARTS = /change[-_ ]?(?:me|this|it)|changeme|cambia|cambiar|mudar|alterar|troque|remplac|changer|modifier|aendern|ändern|andern|ersetzen|replace[-_ ]?(?:me|this|with)?|placeholder|dummy|example|insecure|not[-_ ]?(?:a[-_ ]?)?secret|dev[-_]?secret|secret[-_]?key[-_]?here|your[-_ ]|^your|^(?:tu|su|seu|sua|votre|ton|dein|ihr|mein|my)[-_]|fixme|todo|xxxx|<[^>]*>|produccion|producción|produção|producao|in[-_]production|for[-_]production|en[-_]prod/i, PLACEHOLDER_EXACT = /^(?:change_?me|password\d*|passwd|pass|secret\d*|secret[-_]?key|my[-_]?secret|super[-_]?secret|s3cr3t|p@ssw0rd|test|testing|default|admin|root|qwerty|letmein|123456\d*|12345678\d*|abc123|none|null|dummy|sample|example|token|key|api[-_]?key|x+|\*+|\.\.\.+)$/i, NAME_WORD_DIGITS = /^[a-z][a-z0-9]*[-_.]?(?:password|passwd|pass|pwd|secret|key|token|clave|contrase[nñ]a|senha|mot[-_]?de[-_]?passe|passwort|geheim)[-_.]?\d*$/i;
function isPlaceholder(value) {
  let v = value.trim();
  return v ? PLACEHOLDER_EXACT.test(v) || NAME_WORD_DIGITS.test(v) || PLACEHOLDER_PARTS.test(v) || /^(.)\1+$/.test(v) : !1;
}
function isLowEntropy(value) {
  let n = [...value].length;
  return n < 8 ? !0 : new Set(value).size < Math.min(8, n / 2) || entropyPerChar(value) < 3;
}
function isReference(value) {
  let v = value.trim();
  return /^\$\{[^}]*\}$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^%\(.*\)s$/.test(v) || /^\$\(.*\)$/.test(v);
}
function assess(value, minLength) {
  registerValue(value);
  let length = [...value].length;
  return { length, hash: shortHash(value), placeholder: isPlaceholder(value), short: length < minLength, lowEntropy: isLowEntropy(value) };
}
function describeValue(a, minLength) {
  let parts = [a.short ? `${a.length} chars, needs ${minLength}` : `${a.length} chars`];
  return a.placeholder ? parts.push("a placeholder") : a.lowEntropy && parts.push("low entropy"), parts.push(`sha256 ${a.hash}`), parts.join(", ");
}
function weakness(a) {
  if (a.placeholder) return "secret-placeholder";
  if (a.short) return "secret-too-short";
  if (a.lowEntropy) return "secret-low-entropy";
}

// packages/secrets-lint/src/scanners/runtime.ts
var MIN_SEARCHED = 8;
function checkRuntime(secrets, opts) {
  let hits = [], byHash = /* @__PURE__ */ new Map();
  for (let s of secrets) {
    if (s.value === void 0) {
      hits.push(runtimeHit("runtime-secret-missing", s.name, "", `${s.name} is not set in the environment (or is empty).`, `Set it from a secret: env: ${s.name}: \${{ secrets.${s.name} }}`));
      continue;
    }
    let a = assess(s.value, opts.minLength), weak = weakness(a), hash = fullHash(s.value);
    if (byHash.set(hash, [...byHash.get(hash) ?? [], s.name]), weak) {
      let what = weak === "secret-placeholder" ? "is a placeholder" : weak === "secret-too-short" ? "is too short" : "has low entropy";
      hits.push(runtimeHit("runtime-secret-weak", s.name, hash, `${s.name} in the environment ${what} (${describeValue(a, opts.minLength)}).`, `Set a new secret for ${s.name} (openssl rand -hex 32).`));
    }
  }
  for (let [hash, names] of byHash)
    names.length < 2 || hits.push(runtimeHit("runtime-secret-shared", names.join("+"), hash, `${names.join(" and ")} hold the same value (sha256 ${hash.slice(0, 8)}).`, "Give each environment and each use its own secret."));
  return hits;
}
function runtimeInFile(secrets, f) {
  let hits = [];
  if (!f.tracked) return hits;
  for (let s of secrets) {
    if (s.value === void 0 || [...s.value].length < MIN_SEARCHED) continue;
    let at = f.text.indexOf(s.value);
    if (at < 0) continue;
    let line = f.lines.lineOf(at), hash = fullHash(s.value);
    hits.push({
      ...runtimeHit("runtime-secret-in-repo", s.name, hash, `The value of ${s.name} (sha256 ${hash.slice(0, 8)}) appears in the tracked file ${f.path}:${line}.`, `Rotate ${s.name}, then remove it from ${f.path} and from the history.`),
      file: f.path,
      line,
      object: `${f.path}:${line}:${s.name}`
    });
  }
  return hits;
}
function runtimeHit(rule2, variable, valueHash, message, fix) {
  return { rule: rule2, severity: "error", file: "", line: 0, variable, valueHash, object: `env.${variable}`, message, fix };
}

// packages/secrets-lint/src/rules.ts
var rule = (id, title, severity, description, example, fix) => ({ id, title, severity, description, example, fix }), secretsRules = [
  rule(
    "compose-hardcoded-secret",
    "Secret literal in a compose file",
    "error",
    "A secret-named variable in `environment` (map or list form) or `build.args` has a literal value: it is committed, and every environment shares it.",
    "docker-compose.yml:14 web.environment.JWT_SECRET_KEY is a literal (48 chars, sha256 1a2b3c4d).",
    "JWT_SECRET_KEY: ${JWT_SECRET_KEY:?JWT_SECRET_KEY is required}"
  ),
  rule(
    "compose-secret-fallback",
    "Secret with a fallback",
    "error",
    "A secret-named variable is interpolated with a default (`${X:-default}` or `${X-default}`): a missing secret silently becomes the public default.",
    "docker-compose.yml:12 backend.environment.SECRET_KEY falls back to a literal (31 chars, needs 32; a placeholder).",
    "SECRET_KEY: ${SECRET_KEY:?SECRET_KEY is required}"
  ),
  rule(
    "compose-env-file-tracked",
    "env_file is committed",
    "error",
    "`env_file` points at a file git tracks: the secrets in it are in the repository.",
    "docker-compose.yml:9 backend.env_file envs/.env is tracked by git.",
    "git rm --cached envs/.env, add it to .gitignore, and create it on the server from a secret store."
  ),
  rule(
    "compose-effective-secret",
    "Effective secret is weak or missing",
    "error",
    "With `compose-file`/`env-file`: the value the container would really get (after interpolation, fallbacks, env_file and overrides) is short, a placeholder, low in entropy, a fallback, or unset.",
    "service backend gets SECRET_KEY from the fallback in docker-compose.yml:12 (31 chars, needs 32) because envs/.env is not the interpolation file.",
    "Pass the env file with --env-file (docker compose --env-file envs/.env ...) and remove the fallback."
  ),
  rule("unparseable-file", "File unreadable", "error", "A compose file, env file, workflow or Kubernetes manifest could not be parsed, so nothing in it could be checked. The message names the file and line, never a value.", "docker-compose.yml:3: is not valid YAML at column 5 (BAD_INDENT): nothing in it was checked.", "Fix the syntax (docker compose config shows the same error)."),
  rule(
    "env-committed-secret",
    "Secret in a committed .env",
    "error",
    "A tracked `.env` file (not `.env.example`, `.env.sample` or `.env.template`) holds a value for a secret-named variable.",
    ".env:3 DB_PASSWORD is committed (40 chars, sha256 1a2b3c4d).",
    "git rm --cached .env, rotate the secret, keep only .env.example with empty values in git."
  ),
  rule(
    "secret-placeholder",
    "Placeholder secret",
    "error",
    "A secret-named value is a placeholder (changeme, dev-secret-..., your-..., password, <project>_password_123, tu-secret-key-en-produccion-CAMBIAR, mudar, remplacer, aendern).",
    ".env:2 JWT_SECRET_KEY is a placeholder (36 chars, sha256 1a2b3c4d).",
    "Generate a real one: openssl rand -hex 32, and keep it out of git."
  ),
  rule(
    "secret-too-short",
    "Secret too short",
    "error",
    "A secret-named value is shorter than `min-length` (default 32): the app that needs 32 characters crash-loops, or the secret is guessable.",
    ".env:4 SECRET_KEY is 31 chars, needs 32 (sha256 1a2b3c4d).",
    "openssl rand -hex 32"
  ),
  rule(
    "secret-low-entropy",
    "Secret with low entropy",
    "error",
    "A secret-named value is long enough but too regular to be random (few distinct characters, under 3 bits per character).",
    ".env:5 SESSION_SECRET has low entropy (40 chars, sha256 1a2b3c4d).",
    "openssl rand -base64 48"
  ),
  rule(
    "env-placeholder-setting",
    "Placeholder setting",
    "warning",
    "A value that is not a secret but breaks production as written: https://tu-dominio.com, your-domain.com, example.com.",
    ".env:7 ALLOWED_ORIGINS holds a placeholder domain (tu-dominio.com).",
    "Put the real domain of the deployment."
  ),
  rule(
    "env-list-format",
    "List in the wrong format",
    "error",
    "A variable of `list-vars` is written as a JSON array where the app parses CSV (`list-format: csv`), or the other way round.",
    ".env:8 ALLOWED_HOSTS is a JSON array but the app parses csv.",
    "ALLOWED_HOSTS=app.example.org,api.example.org"
  ),
  rule(
    "env-example-missing-key",
    "Key missing from .env.example",
    "warning",
    "A compose file needs a variable with no default that `.env.example` does not list, so a new deployment does not know to set it.",
    "docker-compose.yml:12 needs SECRET_KEY (no default) but .env.example does not list it.",
    "Add SECRET_KEY= to .env.example."
  ),
  rule(
    "code-secret-fallback",
    "Secret fallback in code",
    "error",
    'Code reads a secret-named variable with a literal default: os.getenv("SECRET_KEY", "..."), os.environ.get, pydantic settings defaults, process.env.X || "...", ?? "...", a Go getenv-with-default helper.',
    "app/settings.py:12 SECRET_KEY falls back to a literal (31 chars, needs 32, a placeholder).",
    'os.environ["SECRET_KEY"] (fails at start-up when missing)'
  ),
  rule(
    "url-inline-password",
    "URL with an inline password",
    "error",
    "A postgres/mysql/redis/amqp/mongodb/http URL carries its password inline. Placeholders are warnings (notices in docs).",
    "config/prod.yml:3 postgres:// URL with an inline password (24 chars, sha256 1a2b3c4d).",
    "Read the URL from a secret: DATABASE_URL=${DATABASE_URL:?DATABASE_URL is required}"
  ),
  rule(
    "provider-token",
    "Provider token",
    "error",
    "A token of a known provider: AWS access key ID or secret key, GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-), Slack (xox?-), Stripe live keys, Google API keys. Documented example values (AKIAIOSFODNN7EXAMPLE) are not findings.",
    "scripts/deploy.sh:4 GitHub token committed (40 chars, sha256 1a2b3c4d).",
    "Revoke it at the provider, then read it from a CI secret."
  ),
  rule("private-key", "Private key", "error", "A PEM private key block, or a Google service-account JSON key.", "keys/sa.json:5 Google service-account key committed.", "Delete the key at the provider and remove it from history."),
  rule(
    "docs-secret-literal",
    "Secret literal in docs or scripts",
    "error",
    "A Markdown code block, shell script or Makefile assigns a literal to a secret-named variable. Placeholders are notices.",
    "docs/deploy.md:40 SECRET_KEY has a literal value (50 chars, sha256 1a2b3c4d).",
    "Rotate it; show how to generate one instead (openssl rand -hex 32)."
  ),
  rule(
    "dockerfile-secret-literal",
    "Secret literal in a Dockerfile",
    "error",
    "`ARG` or `ENV` gives a secret-named variable a literal value: it is baked into the image layers and history.",
    "Dockerfile:7 ENV JWT_SECRET has a literal value (20 chars, sha256 1a2b3c4d).",
    "Pass it at run time, or use RUN --mount=type=secret for build-time secrets."
  ),
  rule(
    "workflow-literal-secret",
    "Workflow env literal",
    "error",
    "A workflow (`.github/workflows/*.yml`) sets a secret-named variable in `env:` to a literal instead of `${{ secrets.X }}`.",
    ".github/workflows/deploy.yml:18 env.API_TOKEN is a literal (40 chars, sha256 1a2b3c4d).",
    "API_TOKEN: ${{ secrets.API_TOKEN }}"
  ),
  rule(
    "k8s-secret-committed",
    "Kubernetes Secret committed",
    "error",
    "A Kubernetes `Secret` manifest with `stringData`/`data` values is committed (base64 is not encryption).",
    "k8s/secret.yaml:8 Secret app-secrets key DB_PASSWORD is committed (16 chars, sha256 1a2b3c4d).",
    "Use Sealed Secrets, SOPS or External Secrets; remove the manifest from history."
  ),
  rule(
    "tfvars-secret-literal",
    "Secret literal in tfvars",
    "error",
    "A `*.tfvars` file assigns a literal to a secret-named variable.",
    "prod.tfvars:3 db_password has a literal value (18 chars, sha256 1a2b3c4d).",
    "Pass it as TF_VAR_db_password from a secret store, and mark the variable sensitive."
  ),
  rule(
    "runtime-secret-missing",
    "Runtime secret missing",
    "error",
    "A variable named in `check-env` is not set (or empty) in the environment.",
    "SECRET_KEY is not set in the environment.",
    "env: SECRET_KEY: ${{ secrets.SECRET_KEY }}"
  ),
  rule(
    "runtime-secret-weak",
    "Runtime secret weak",
    "error",
    "A `check-env` value is shorter than `min-length`, a placeholder, or low in entropy: the check that stops the crash-loop deploy.",
    "SECRET_KEY in the environment is 31 chars, needs 32 (sha256 1a2b3c4d).",
    "Set a new secret: openssl rand -hex 32"
  ),
  rule(
    "runtime-secret-in-repo",
    "Runtime secret found in the repository",
    "error",
    "The value of a `check-env` variable appears in a tracked file (docs included): a production key pasted into a guide. Compared by hash, never printed.",
    "The value of SECRET_KEY (sha256 1a2b3c4d) appears in docs/deploy.md:40.",
    "Rotate the secret and remove it from the file and its history."
  ),
  rule(
    "runtime-secret-shared",
    "Runtime secrets share one value",
    "error",
    "Two `check-env` variables hold the same value (the same password for development and production).",
    "DEV_DB_PASSWORD and PROD_DB_PASSWORD hold the same value (sha256 1a2b3c4d).",
    "Give each environment its own secret."
  )
], ruleIds = new Set(secretsRules.map((r) => r.id));

// packages/secrets-lint/src/scanners/env.ts
var PLACEHOLDER_DOMAIN = /\b(?:(?:tu|su|mi|seu|meu|votre|ihre|your|my)[-_]?(?:dominio|domínio|domaine|domain|site|app)|example|yourcompany|your-company|changeme)\.(?:com|org|net|io|es|com\.br|fr|de|local)\b|\b(?:tu|your|seu|votre)[-_](?:dominio|domain|domaine)\b/i;
function parseEnvSafely(api, file, text) {
  try {
    return { entries: api.parseEnvFile(file, text) };
  } catch (error) {
    if (error instanceof api.ComposeSyntaxError) return { error: unparseable(error.file, error.line ?? 1, error.message) };
    throw error;
  }
}
function unparseable(file, line, message) {
  return {
    rule: "unparseable-file",
    severity: "error",
    file,
    line,
    variable: "",
    valueHash: "",
    object: file,
    message: `${message.replace(/\.$/, "")}: nothing in it was checked.`,
    fix: "Fix the syntax (docker compose config reports the same error)."
  };
}
function scanEnvFile(api, file, text, opts) {
  let parsed = parseEnvSafely(api, file, text);
  if ("error" in parsed) return [parsed.error];
  let hits = [];
  for (let e of parsed.entries) {
    if (e.inherited) continue;
    let line = e.at.line, object = `${file}:${e.name}`;
    if (isSecretName(e.name)) {
      if (!e.value || e.interpolated && /\$\{?[A-Za-z_]/.test(e.value)) continue;
      let a = assess(e.value, opts.minLength), weak = weakness(a), what = weak === "secret-placeholder" ? "is a placeholder" : weak === "secret-too-short" ? "is too short" : weak === "secret-low-entropy" ? "has low entropy" : "is committed";
      hits.push({
        rule: weak ?? "env-committed-secret",
        severity: "error",
        file,
        line,
        variable: e.name,
        valueHash: fullHash(e.value),
        object,
        message: `${e.name} in ${file}:${line} ${what} (${describeValue(a, opts.minLength)})${weak ? ", in a file git tracks" : ""}.`,
        fix: `Generate a real secret (openssl rand -hex 32), keep it out of git (git rm --cached ${file}; list ${file} in .gitignore), and commit only .env.example with ${e.name}= empty.`
      });
      continue;
    }
    if (opts.listVars.includes(e.name)) {
      let hit = listFormatHit(file, line, e.name, e.value, opts.listFormat);
      hit && hits.push(hit);
    }
    let domain = PLACEHOLDER_DOMAIN.exec(e.value);
    domain && hits.push({
      rule: "env-placeholder-setting",
      severity: "warning",
      file,
      line,
      variable: e.name,
      valueHash: fullHash(e.value),
      object,
      message: `${e.name} in ${file}:${line} holds a placeholder domain (${domain[0]}): production requests will be refused or sent there.`,
      fix: `Put the deployment's real domain in ${e.name}.`
    });
  }
  return hits;
}
function listFormatHit(file, line, name, value, format) {
  let v = value.trim();
  if (!v) return;
  let json = v.startsWith("[");
  if (format === "csv" && !json) return;
  if (format === "json" && json)
    try {
      JSON.parse(v);
      return;
    } catch {
    }
  let items = json ? safeItems(v) : v.split(",").map((s) => s.trim()), fixValue = format === "csv" ? items.join(",") : JSON.stringify(items);
  return {
    rule: "env-list-format",
    severity: "error",
    file,
    line,
    variable: name,
    valueHash: fullHash(value),
    object: `${file}:${name}`,
    message: format === "csv" ? `${name} in ${file}:${line} is a JSON array but the app parses csv (list-format: csv).` : `${name} in ${file}:${line} is not a JSON array but the app parses json (list-format: json).`,
    fix: `${name}=${fixValue}`
  };
}
function safeItems(v) {
  try {
    let parsed = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
  }
  return v.replace(/^\[|\]$/g, "").split(",").map((s) => s.trim().replace(/^["']|["']$/g, ""));
}

// packages/secrets-lint/src/scanners/effective.ts
import { existsSync as existsSync2, readFileSync as readFileSync3 } from "node:fs";
function checkEffective(api, input, opts) {
  let project = api.effectiveConfig({ files: input.files, envFiles: input.envFiles.length ? input.envFiles : void 0, env: input.env, root: input.root }), hits = [];
  for (let [service, { environment, envFiles }] of Object.entries(project.services))
    for (let [name, raw] of Object.entries(environment)) {
      let at = raw.origin.valueAt, v = at ? { ...raw, origin: { ...raw.origin, at } } : raw;
      if (opts.listVars.includes(name) && v.value !== void 0) {
        let hit2 = listFormatHit(v.origin.at.file, v.origin.at.line, name, v.value, opts.listFormat), shape = opts.listFormat === "csv" ? "as a JSON array but the app parses csv" : "not as a JSON array but the app parses json";
        hit2 && hits.push({ ...hit2, object: `service.${service}.environment.${name}`, message: `service ${service} gets ${name} ${origin(v)} ${shape}.` });
      }
      if (!isSecretName(name)) continue;
      let hit = secretHit(service, name, v, project, envFiles.filter((f) => f.exists).map((f) => f.path), input.root, opts);
      hit && hits.push(hit);
    }
  return hits;
}
function origin(v) {
  let at = `${v.origin.at.file}:${v.origin.at.line}`;
  switch (v.origin.kind) {
    case "fallback":
      return `from the fallback in ${at}`;
    case "env_file":
      return `from the env_file ${at}`;
    case "interpolated":
      return v.origin.interpolationFile ? `from ${at}` : `from the shell (interpolated at ${at})`;
    case "shell":
      return `from the shell (${at})`;
    case "literal":
      return `from the literal in ${at}`;
    default:
      return `at ${at}`;
  }
}
function secretHit(service, name, v, project, serviceEnvFiles, root, opts) {
  let object = `service.${service}.environment.${name}`, base = { rule: "compose-effective-secret", severity: "error", file: v.origin.at.file, line: v.origin.at.line, variable: `${service}.${name}` };
  if (v.value === void 0 || v.value === "") {
    let why = v.origin.error ? `docker compose would refuse to start: ${v.origin.variable ?? name} is required and not set` : v.value === "" ? `${v.origin.variable ?? name} is unset, so compose puts an empty string` : "nothing sets it";
    return {
      ...base,
      valueHash: "",
      object,
      message: `service ${service} gets no ${name} (${why}; interpolation file: ${project.interpolationFile ?? "none"}).`,
      fix: `Provide ${v.origin.variable ?? name} to compose: --env-file FILE (docker compose --env-file FILE), or the deploy's environment.`
    };
  }
  let a = assess(v.value, opts.minLength), weak = weakness(a);
  if (v.origin.kind === "fallback") {
    let variable = v.origin.variable ?? name, definedIn = serviceEnvFiles.find((f) => definesVariable(root, f, variable)), because = definedIn ? `because ${definedIn} is not the interpolation file (env_file: feeds the container, not \${...})` : project.interpolationFile ? `because ${project.interpolationFile} does not set ${variable}` : "because no interpolation file was read (no --env-file, no .env next to the first compose file)";
    return {
      ...base,
      valueHash: fullHash(v.value),
      object,
      message: `service ${service} gets ${name} from the fallback in ${v.origin.at.file}:${v.origin.at.line} (${describeValue(a, opts.minLength)}) ${because}.`,
      fix: `${name}: \${${variable}:?${variable} is required}, and pass ${definedIn ?? "the env file"} with --env-file.`
    };
  }
  if (!weak) return;
  let what = weak === "secret-placeholder" ? "a placeholder" : weak === "secret-too-short" ? "a value too short" : "a low-entropy value";
  return {
    ...base,
    valueHash: fullHash(v.value),
    object,
    message: `service ${service} gets ${what} for ${name} ${origin(v)} (${describeValue(a, opts.minLength)}).`,
    fix: `Set a real ${name} (openssl rand -hex 32) where it comes from.`
  };
}
function definesVariable(root, path, variable) {
  let full = path.startsWith("/") ? path : `${root}/${path}`;
  return existsSync2(full) ? new RegExp(`^\\s*(?:export\\s+)?${variable}\\s*[=:]`, "m").test(readFileSync3(full, "utf8")) : !1;
}

// packages/secrets-lint/src/hit.ts
var Lines = class {
  constructor(text) {
    this.text = text;
  }
  text;
  // Found on first use: most files have no finding and are never asked for a line.
  found;
  get starts() {
    if (this.found) return this.found;
    let starts = [0], text = this.text;
    for (let i = text.indexOf(`
`); i >= 0; i = text.indexOf(`
`, i + 1)) starts.push(i + 1);
    return this.found = starts;
  }
  lineOf(offset) {
    let starts = this.starts, lo = 0, hi = starts.length - 1;
    for (; lo < hi; ) {
      let mid = lo + hi + 1 >> 1;
      starts[mid] <= offset ? lo = mid : hi = mid - 1;
    }
    return lo + 1;
  }
  /** Line text without its line ending (CRLF files too). */
  line(n) {
    let starts = this.starts, start = starts[n - 1] ?? this.text.length, end = n < starts.length ? starts[n] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
  get count() {
    return this.starts.length;
  }
};

// packages/secrets-lint/src/scanners/tokens.ts
var any = (...needles) => (text) => needles.some((n) => text.includes(n)), after = (lead, ...tails) => (text) => {
  for (let i = text.indexOf(lead); i >= 0; i = text.indexOf(lead, i + 1))
    for (let t of tails) if (text.startsWith(t, i + lead.length)) return !0;
  return !1;
}, ROTATE = "Revoke the token at the provider, then read it from a secret store or CI secret instead of the file.", TOKEN_SHAPES = [
  { kind: "AWS access key ID", pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g, fix: "Deactivate the key in IAM and use a role or a CI secret.", maybe: after("A", "KIA", "SIA", "BIA", "CCA") },
  {
    kind: "AWS secret access key",
    pattern: /aws[A-Za-z0-9_.-]{0,20}secret[A-Za-z0-9_.-]{0,20}["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    fix: "Deactivate the key in IAM and use a role or a CI secret.",
    // 'w' is rarer than 'a' in code, and the search stops at every candidate first character.
    maybe: (text) => text.includes("ws") && (text.includes("aws") || text.includes("Aws")) || text.includes("WS") && text.includes("AWS")
  },
  { kind: "GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, fix: ROTATE, maybe: after("gh", "p_", "o_", "u_", "s_", "r_") },
  { kind: "GitHub fine-grained token", pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{40,255})\b/g, fix: ROTATE, maybe: any("github_pat_") },
  { kind: "GitLab token", pattern: /\b(gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,})\b/g, fix: ROTATE, maybe: after("gl", "pat-", "dt-", "rt-", "ptt-") },
  { kind: "Slack token", pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,250})\b/g, fix: ROTATE, maybe: any("xox") },
  { kind: "Stripe live key", pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,250})\b/g, fix: "Roll the key in the Stripe dashboard and read it from a secret store.", maybe: any("k_live_") },
  { kind: "Google API key", pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, fix: "Delete or restrict the key in the Google Cloud console and read it from a secret store.", maybe: any("AIza") }
];
function isDocumentedExample(value) {
  return /EXAMPLE/i.test(value) || value === "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" || /^(.)\1+$/.test(value.replace(/^[a-z]+[-_]/i, ""));
}
var PEM = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----((?:\\n|\\r|\s)*)([A-Za-z0-9+/=]{40,})/g;
function scanTokens(file, text, lines = new Lines(text)) {
  let hits = [];
  for (let shape of TOKEN_SHAPES)
    if (shape.maybe(text)) {
      shape.pattern.lastIndex = 0;
      for (let m = shape.pattern.exec(text); m; m = shape.pattern.exec(text)) {
        let value = m[1];
        if (isDocumentedExample(value)) continue;
        registerValue(value);
        let line = lines.lineOf(m.index + m[0].indexOf(value));
        hits.push({
          rule: "provider-token",
          severity: "error",
          file,
          line,
          variable: shape.kind,
          valueHash: fullHash(value),
          object: `${file}:${line}`,
          message: `${shape.kind} committed in ${file}:${line} (${[...value].length} chars, sha256 ${shortHash(value)}).`,
          fix: shape.fix
        });
      }
    }
  return hits.push(...scanPrivateKeys(file, text, lines)), hits;
}
function scanPrivateKeys(file, text, lines) {
  let hits = [];
  if (!text.includes("PRIVATE KEY")) return hits;
  let serviceAccount = /"type"\s*:\s*"service_account"/.test(text);
  PEM.lastIndex = 0;
  for (let m = PEM.exec(text); m; m = PEM.exec(text)) {
    let body = m[3];
    if (isDocumentedExample(body)) continue;
    registerValue(body);
    let end = text.indexOf("-----END", m.index);
    if (end > 0) for (let part of text.slice(m.index, end).split(/\\n|\r?\n/)) part.length >= 8 && !part.startsWith("-----") && registerValue(part.replace(/^\s*"?|"?,?\s*$/g, ""));
    let line = lines.lineOf(m.index), kind = serviceAccount ? "Google service-account key" : `PEM ${m[1].toLowerCase()}`;
    hits.push({
      rule: "private-key",
      severity: "error",
      file,
      line,
      variable: kind,
      valueHash: fullHash(body),
      object: `${file}:${line}`,
      message: `${kind} committed in ${file}:${line} (sha256 ${shortHash(body)}).`,
      fix: serviceAccount ? "Delete the key in IAM (service accounts \u2192 keys), use workload identity federation or a CI secret, and remove the file from history." : "Replace the key pair, keep the private key in a secret store, and remove it from history (git filter-repo)."
    });
  }
  return hits;
}

// packages/secrets-lint/src/scanners/urls.ts
var URL_WITH_PASSWORD = /\b(postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|https?)(?:\+[a-z0-9]+)?:\/\/([^\s:/?#@"'`<>]{0,128}):([^\s/?#"'`<>]{1,512})@(?=[A-Za-z0-9[._-])/gi;
function isTemplate(pw) {
  return /^\$\{?[A-Za-z_]|^\{\{|^%[sd(]|^<[^>]*>$|^\*+$|^\.\.\.$|^\$\(|^\{[A-Za-z_]+\}$|^:?[A-Za-z_]+\}$/.test(pw) || /\$\{[^}]*\}|\{\{.*\}\}/.test(pw);
}
var WELL_KNOWN_DEFAULTS = /* @__PURE__ */ new Set(["postgres", "root", "guest", "mysql", "redis", "admin", "rabbitmq", "mongo", "example", "pass", "pw"]);
function hasSchemeSeparator(text) {
  for (let i = text.indexOf("//", 1); i >= 0; i = text.indexOf("//", i + 1)) if (text.charCodeAt(i - 1) === 58) return !0;
  return !1;
}
function scanUrls(file, text, opts, lines = new Lines(text)) {
  let hits = [];
  if (!hasSchemeSeparator(text)) return hits;
  URL_WITH_PASSWORD.lastIndex = 0;
  for (let m = URL_WITH_PASSWORD.exec(text); m; m = URL_WITH_PASSWORD.exec(text)) {
    let scheme = m[1].toLowerCase(), pw = m[3];
    if (isTemplate(pw)) continue;
    try {
      pw = decodeURIComponent(pw);
    } catch {
    }
    if (isTemplate(pw)) continue;
    let a = assess(pw, opts.minLength), line = lines.lineOf(m.index), placeholder = a.placeholder || pw === m[2] || WELL_KNOWN_DEFAULTS.has(pw.toLowerCase());
    hits.push({
      rule: "url-inline-password",
      severity: placeholder ? opts.docs ? "notice" : "warning" : "error",
      file,
      line,
      variable: `${scheme} URL`,
      valueHash: fullHash(pw),
      object: `${file}:${line}`,
      message: `${scheme}:// URL with an inline password in ${file}:${line} (${describeValue(a, opts.minLength)}).`,
      fix: "Take the URL (or its password) from an environment variable or secret store; in compose write ${DATABASE_URL:?DATABASE_URL is required}."
    });
  }
  return hits;
}

// packages/secrets-lint/src/scanners/code.ts
var STR = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\x60((?:[^\x60\\$]|\\.)*)\x60)`, PY_FIX = (n) => `Read it without a default and fail at start-up when it is missing: os.environ["${n}"].`, JS_FIX = (n) => `Fail at start-up when it is missing: const v = process.env.${n}; if (!v) throw new Error("${n} is required").`, GO_FIX = (n) => `Fail at start-up when it is missing: v, ok := os.LookupEnv("${n}"); if !ok { log.Fatal("${n} is required") }.`, any2 = (...needles) => (text) => needles.some((n) => text.includes(n)), PY = /\.py$/, JS = /\.(?:[cm]?[jt]sx?)$/, GO = /\.go$/, SHAPES = [
  // os.getenv("X", "d"), os.environ.get("X", "d"), environ.get, env("X", default="d"), config("X", default="d"), env.str("X", "d")
  {
    langs: PY,
    pattern: new RegExp(String.raw`\b(?:os\.getenv|(?:os\.)?environ\.get|getenv|env(?:\.str)?|config)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*(?:default\s*=\s*)?${STR}`, "g"),
    // getenv( and env( contain "v(", env.str( "v.str(", config( "g(".
    maybe: any2("v(", "v.str(", "viron.get", "g("),
    how: "falls back to a literal",
    fix: PY_FIX
  },
  // process.env.X || "d", process.env.X ?? "d", process.env["X"] || "d"
  {
    langs: JS,
    // process.env. or process.env[: "v." or "v[" first (a rare first character), then the whole name.
    maybe: (text) => (text.includes("v.") || text.includes("v[")) && text.includes("process.env"),
    pattern: new RegExp(String.raw`\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\])\s*(?:\|\||\?\?)\s*${STR}`, "g"),
    how: "falls back to a literal",
    fix: JS_FIX
  },
  // Deno / Bun style too: Deno.env.get("X") ?? "d"
  {
    langs: JS,
    maybe: any2("Deno.env.get("),
    pattern: new RegExp(String.raw`\bDeno\.env\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)\s*(?:\|\||\?\?)\s*${STR}`, "g"),
    how: "falls back to a literal",
    fix: JS_FIX
  },
  // getEnv("X", "d"), GetEnvDefault("X", "d"), envOr("X", "d"), and cmp.Or(os.Getenv("X"), "d")
  {
    langs: GO,
    maybe: any2("env", "Env", "ENV"),
    pattern: new RegExp(String.raw`\b[A-Za-z_.]*(?:[Ee]nv|ENV)[A-Za-z]*\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*,\s*${STR}\s*\)`, "g"),
    how: "falls back to a literal (getenv-with-default helper)",
    fix: GO_FIX
  },
  {
    langs: GO,
    maybe: any2("cmp.Or("),
    pattern: new RegExp(String.raw`\bcmp\.Or\(\s*os\.Getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)\s*,\s*${STR}`, "g"),
    how: "falls back to a literal (cmp.Or)",
    fix: GO_FIX
  }
], PYDANTIC_FIELD = new RegExp(
  String.raw`^([ \t]+)([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*[A-Za-z_][\w\[\]., |]*?=[ \t]*(?:SecretStr\(\s*|Field\(\s*(?:default\s*=\s*)?)?${STR}`,
  "gm"
);
function scanCode(file, text, opts, lines = new Lines(text)) {
  let hits = [];
  for (let shape of SHAPES)
    if (!(!shape.langs.test(file) || !shape.maybe(text))) {
      shape.pattern.lastIndex = 0;
      for (let m = shape.pattern.exec(text); m; m = shape.pattern.exec(text)) {
        let groups = m.slice(1), name = groups[0] ?? groups[1], strings = shape.langs === JS && m[0].startsWith("process") ? groups.slice(2) : groups.slice(1), value = unescape(strings.find((s) => s !== void 0) ?? "");
        !name || !isSecretName(name) || !value || isReference(value) || hits.push(fallbackHit(file, lines.lineOf(m.index), name, value, shape.how, shape.fix(name), opts.minLength));
      }
    }
  if (PY.test(file) && text.includes("BaseSettings")) {
    PYDANTIC_FIELD.lastIndex = 0;
    for (let m = PYDANTIC_FIELD.exec(text); m; m = PYDANTIC_FIELD.exec(text)) {
      let name = m[2], value = unescape(m[3] ?? m[4] ?? m[5] ?? "");
      !isSecretName(name) || !value || isReference(value) || hits.push(
        fallbackHit(file, lines.lineOf(m.index + m[1].length), name, value, "has a literal default in a pydantic settings class", `Declare it without a default (${name}: SecretStr) so a missing ${name.toUpperCase()} fails at start-up.`, opts.minLength)
      );
    }
  }
  return hits;
}
function fallbackHit(file, line, name, value, how, fix, minLength) {
  let a = assess(value, minLength);
  return {
    rule: "code-secret-fallback",
    severity: "error",
    file,
    line,
    variable: name,
    valueHash: fullHash(value),
    object: `${file}:${line}:${name}`,
    message: `${name} ${how} in ${file}:${line} (${describeValue(a, minLength)}): a missing secret silently becomes this public one.`,
    fix
  };
}
function unescape(s) {
  return s.replace(/\\(["'\\`])/g, "$1");
}

// packages/secrets-lint/src/scanners/docs.ts
var ASSIGNMENT = /^[ \t]*(?:-[ \t]+)?(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?::=|\?=|\+=|=|:(?=[ \t]))[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#;]+)/, SECRETISH = /pass|secret|token|key|credential|pwd|auth|_pat/i;
var NON_SPACE = /\S/;
function hasIndentedLine(text) {
  if (text.includes("\r") || text.includes("\u2028") || text.includes("\u2029")) return /^(?: {4}|\t)\S/m.test(text);
  for (let lead of ["    ", "	"]) {
    let after2 = lead.length;
    if (text.startsWith(lead) && after2 < text.length && NON_SPACE.test(text[after2])) return !0;
    let needle = `
` + lead;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      let at = i + 1 + after2;
      if (at < text.length && NON_SPACE.test(text[at])) return !0;
    }
  }
  return !1;
}
function scanDocs(file, text, opts, lines = new Lines(text)) {
  let hits = [], markdown = /\.(?:md|markdown|mdx|rst)$/i.test(file);
  if (markdown && !text.includes("```") && !text.includes("~~~") && !hasIndentedLine(text) || !text.includes("=") && !text.includes(": ") && !text.includes(":	") || !SECRETISH.test(text)) return hits;
  let inBlock = !markdown;
  for (let n = 1; n <= lines.count; n++) {
    let line = lines.line(n);
    if (markdown && /^[ \t]*(?:```|~~~)/.test(line)) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock && !(markdown && /^( {4}|\t)/.test(line))) continue;
    let m = ASSIGNMENT.exec(line);
    if (!m) continue;
    let name = m[1], value = m[2];
    if (!isSecretName(name) || (/^["']/.test(value) && (value = value.slice(1, -1)), !value || isReference(value) || /^\$|^`|^\$\(/.test(value) || /\$\{/.test(value)) || /^(?:true|false|yes|no|on|off|required|optional|none|null|\d{1,3})$/i.test(value) || /^[A-Za-z_][\w.]*[([]/.test(value) || /^[A-Za-z_]+\.[A-Za-z_][\w.]*$/.test(value) || /EXAMPLE/.test(value)) continue;
    let a = assess(value, opts.minLength), severity = a.placeholder ? "notice" : "error";
    hits.push({
      rule: "docs-secret-literal",
      severity,
      file,
      line: n,
      variable: name,
      valueHash: fullHash(value),
      object: `${file}:${n}:${name}`,
      message: a.placeholder ? `${name} shows a placeholder in ${file}:${n} (${describeValue(a, opts.minLength)}); make sure readers replace it.` : `${name} has a literal value in ${file}:${n} (${describeValue(a, opts.minLength)}): a real secret in a guide or script is a leaked one.`,
      fix: a.placeholder ? `Show how to generate one instead (openssl rand -hex 32) rather than a value to copy into ${name}.` : `Rotate it, then replace the value of ${name} with a placeholder or with how to generate one (openssl rand -hex 32).`
    });
  }
  return hits;
}

// packages/secrets-lint/src/scanners/compose.ts
import { posix } from "node:path";
function parseComposeSafely(api, file, text) {
  try {
    return { model: api.parseComposeFile(file, text) };
  } catch (error) {
    if (error instanceof api.ComposeSyntaxError) return { error: unparseable(error.file, error.line ?? 1, error.message) };
    throw error;
  }
}
function scanCompose(api, file, text, opts, ctx) {
  let parsed = parseComposeSafely(api, file, text);
  if ("error" in parsed) return [parsed.error];
  let { model } = parsed, hits = [], dir = posix.dirname(file), template = ctx.templates.get(dir) ?? ctx.templates.get("."), reportedMissing = /* @__PURE__ */ new Set();
  for (let e of model.env) {
    let object = `${file}:${e.service}.${e.source}.${e.name}`, where = `${file}:${e.at.line} ${e.service}.${e.source}.${e.name}`;
    if (e.raw !== void 0 && opts.listVars.includes(e.name) && e.interpolations.length === 0) {
      let hit = listFormatHit(file, e.at.line, e.name, e.raw, opts.listFormat);
      hit && hits.push({ ...hit, object, message: hit.message.replace(`${e.name} in ${file}:${e.at.line}`, where) });
    }
    if (!(!isSecretName(e.name) || e.raw === void 0)) {
      if (e.interpolations.length === 0) {
        if (e.raw === "") continue;
        let a = assess(e.raw, opts.minLength);
        hits.push({
          rule: "compose-hardcoded-secret",
          severity: "error",
          file,
          line: e.at.line,
          variable: e.name,
          valueHash: fullHash(e.raw),
          object,
          message: `${where} is a literal (${describeValue(a, opts.minLength)}): committed, and shared by every environment.`,
          fix: `${e.name}: \${${e.name}:?${e.name} is required}`
        });
        continue;
      }
      for (let i of e.interpolations) {
        if (i.operator !== ":-" && i.operator !== "-" || !i.default || i.default.includes("$")) continue;
        let a = assess(i.default, opts.minLength);
        hits.push({
          rule: "compose-secret-fallback",
          severity: "error",
          file,
          line: i.at.line,
          variable: e.name,
          valueHash: fullHash(i.default),
          object,
          message: `${where} falls back to a literal when ${i.variable} is unset (${describeValue(a, opts.minLength)}): a missing secret silently becomes this public one.`,
          fix: `${e.name}: \${${i.variable}:?${i.variable} is required}`
        });
      }
    }
  }
  for (let i of template ? model.interpolations : [])
    i.operator !== null && i.operator !== ":?" && i.operator !== "?" || template.has(i.variable) || reportedMissing.has(i.variable) || (reportedMissing.add(i.variable), hits.push({
      rule: "env-example-missing-key",
      severity: "warning",
      file,
      line: i.at.line,
      variable: i.variable,
      valueHash: "",
      object: `${file}:${i.variable}`,
      message: `${file}:${i.at.line} needs ${i.variable} (no default) but the .env.example next to it does not list it.`,
      fix: `Add ${i.variable}= to .env.example.`
    }));
  for (let ref of model.envFiles) {
    if (/\$/.test(ref.path)) continue;
    let target = posix.normalize(posix.join(dir, ref.path));
    ctx.tracked.has(target) && hits.push({
      rule: "compose-env-file-tracked",
      severity: "error",
      file,
      line: ref.at.line,
      variable: ref.path,
      valueHash: "",
      object: `${file}:${ref.service}.env_file`,
      message: `${file}:${ref.at.line} ${ref.service}.env_file ${target} is tracked by git: the secrets in it are in the repository.`,
      fix: `git rm --cached ${target}, list it in .gitignore, and create it on the server from a secret store.`
    });
  }
  return hits;
}

// packages/secrets-lint/src/scanners/infra.ts
function literalHit(rule2, file, line, name, value, what, fix, opts, object = `${file}:${name}`) {
  let a = assess(value, opts.minLength);
  return { rule: rule2, severity: "error", file, line, variable: name, valueHash: fullHash(value), object, message: `${what} (${describeValue(a, opts.minLength)}).`, fix };
}
var unquote2 = (v) => /^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v, isTemplated = (v) => !v || isReference(v) || /\$\{|\$[A-Za-z_]|\{\{|\$\(/.test(v);
function scanDockerfile(file, text, opts, lines = new Lines(text)) {
  let hits = [];
  for (let n = 1; n <= lines.count; n++) {
    let m = /^\s*(ARG|ENV)\s+(.+?)\s*\\?$/i.exec(lines.line(n));
    if (!m) continue;
    let kw = m[1].toUpperCase(), body = m[2], pairs = [];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(body))
      for (let p of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) pairs.push([p[1], unquote2(p[2])]);
    else {
      let legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(body);
      legacy && kw === "ENV" && pairs.push([legacy[1], unquote2(legacy[2])]);
    }
    for (let [name, value] of pairs)
      !isSecretName(name) || isTemplated(value) || hits.push(
        literalHit(
          "dockerfile-secret-literal",
          file,
          n,
          name,
          value,
          `${file}:${n} ${kw} ${name} has a literal value, baked into every image layer and its history`,
          kw === "ARG" ? `Use a build secret: RUN --mount=type=secret,id=${name.toLowerCase()} (docker build --secret id=${name.toLowerCase()},env=${name}).` : `Drop the ENV and pass ${name} at run time from a secret store.`,
          opts
        )
      );
  }
  return hits;
}
function scanTfvars(file, text, opts, lines = new Lines(text)) {
  let hits = [], json = file.endsWith(".json");
  for (let n = 1; n <= lines.count; n++) {
    let m = json ? /^\s*"([A-Za-z_][A-Za-z0-9_-]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(lines.line(n)) : /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(lines.line(n));
    if (!m || !isSecretName(m[1]) || isTemplated(m[2])) continue;
    let name = m[1];
    hits.push(literalHit("tfvars-secret-literal", file, n, name, m[2], `${file}:${n} ${name} has a literal value`, `Pass it as TF_VAR_${name} from a secret store, mark the variable sensitive = true, and remove it from ${file}.`, opts));
  }
  return hits;
}
function yamlDocs(ctx) {
  let counter = new ctx.yaml.LineCounter(), text = ctx.text, docs = ctx.yaml.parseAllDocuments(text, { lineCounter: counter, prettyErrors: !1 }), list = Array.isArray(docs) ? docs : [];
  for (let d of list) {
    let e = d.errors[0];
    if (e) return { error: unparseable(ctx.file, counter.linePos(e.pos[0]).line, `${ctx.file}:${counter.linePos(e.pos[0]).line}: is not valid YAML (${e.code})`) };
  }
  return { docs: list, counter };
}
function scanWorkflow(yaml, file, text, opts) {
  let parsed = yamlDocs({ yaml, file, text });
  if ("error" in parsed) return [parsed.error];
  let hits = [], { isMap, isSeq, isScalar } = yaml, envMaps = [];
  for (let doc of parsed.docs) {
    let root = doc.contents;
    if (!isMap(root)) continue;
    envMaps.push({ node: root.get("env", !0), path: "env" });
    let jobs = root.get("jobs", !0);
    if (isMap(jobs))
      for (let job of jobs.items) {
        let id = String(job.key?.value ?? "");
        if (!isMap(job.value)) continue;
        envMaps.push({ node: job.value.get("env", !0), path: `jobs.${id}.env` });
        let container = job.value.get("container", !0);
        isMap(container) && envMaps.push({ node: container.get("env", !0), path: `jobs.${id}.container.env` });
        let steps = job.value.get("steps", !0);
        isSeq(steps) && steps.items.forEach((step, i) => {
          isMap(step) && envMaps.push({ node: step.get("env", !0), path: `jobs.${id}.steps[${i}].env` });
        });
      }
  }
  for (let { node, path } of envMaps)
    if (isMap(node))
      for (let pair of node.items) {
        let name = String(pair.key?.value ?? ""), v = pair.value;
        if (!isSecretName(name) || !isScalar(v) || v.value === null || typeof v.value == "boolean") continue;
        let value = String(v.value);
        if (!value || /\$\{\{/.test(value) || isTemplated(value)) continue;
        let line = parsed.counter.linePos(v.range?.[0] ?? 0).line;
        hits.push(literalHit("workflow-literal-secret", file, line, name, value, `${file}:${line} ${path}.${name} is a literal instead of \${{ secrets.${name} }}`, `${name}: \${{ secrets.${name} }}`, opts, `${file}:${path}.${name}`));
      }
  return hits;
}
function scanKubernetesSecret(yaml, file, text, opts) {
  if (!text.includes("Secret") || !/^kind:\s*["']?Secret["']?\s*$/m.test(text)) return [];
  let parsed = yamlDocs({ yaml, file, text });
  if ("error" in parsed) return [parsed.error];
  let hits = [], { isMap, isScalar } = yaml;
  for (let doc of parsed.docs) {
    let root = doc.contents;
    if (!isMap(root) || String(root.get("kind")) !== "Secret") continue;
    let metadata = root.get("metadata", !0), secretName = isMap(metadata) ? String(metadata.get("name") ?? "") : "";
    for (let field of ["stringData", "data"]) {
      let node = root.get(field, !0);
      if (isMap(node))
        for (let pair of node.items) {
          let key = String(pair.key?.value ?? ""), v = pair.value;
          if (!isScalar(v) || v.value === null) continue;
          let value = String(v.value);
          if (!value || isTemplated(value)) continue;
          field === "data" && (registerValue(value), value = Buffer.from(value, "base64").toString("utf8"));
          let line = parsed.counter.linePos(v.range?.[0] ?? 0).line;
          hits.push(
            literalHit(
              "k8s-secret-committed",
              file,
              line,
              key,
              value,
              `${file}:${line} Secret ${secretName} ${field}.${key} is committed${field === "data" ? " (base64 is not encryption)" : ""}`,
              "Use Sealed Secrets, SOPS or External Secrets, rotate the value, and remove the manifest from history.",
              opts,
              `${file}:Secret/${secretName}.${field}.${key}`
            )
          );
        }
    }
  }
  return hits;
}

// packages/secrets-lint/src/scan.ts
function scanFile(f, opts, repo) {
  let kinds = classify(f.path), hits = [];
  return kinds.env && f.tracked && repo.compose && hits.push(...scanEnvFile(repo.compose, f.path, f.text, opts)), kinds.compose && repo.compose && hits.push(...scanCompose(repo.compose, f.path, f.text, opts, repo)), hits.push(...scanTokens(f.path, f.text, f.lines)), hits.push(...scanUrls(f.path, f.text, { minLength: opts.minLength, docs: kinds.docs }, f.lines)), kinds.dockerfile && hits.push(...scanDockerfile(f.path, f.text, opts, f.lines)), kinds.tfvars && hits.push(...scanTfvars(f.path, f.text, opts, f.lines)), kinds.workflow && repo.yaml ? hits.push(...scanWorkflow(repo.yaml, f.path, f.text, opts)) : kinds.yaml && !kinds.compose && repo.yaml && hits.push(...scanKubernetesSecret(repo.yaml, f.path, f.text, opts)), kinds.code && hits.push(...scanCode(f.path, f.text, opts, f.lines)), kinds.docs && hits.push(...scanDocs(f.path, f.text, opts, f.lines)), hits;
}
function emptyTotals() {
  return { hits: [], scanned: 0, bytes: 0, skippedBinary: 0, skippedHuge: 0, skippedSymlink: 0, skippedMissing: 0, suppressedInline: 0 };
}
function addTotals(into, more) {
  into.hits.push(...more.hits), into.scanned += more.scanned, into.bytes += more.bytes, into.skippedBinary += more.skippedBinary, into.skippedHuge += more.skippedHuge, into.skippedSymlink += more.skippedSymlink, into.skippedMissing += more.skippedMissing, into.suppressedInline += more.suppressedInline;
}
function scanFiles(refs, load, opts, repo, runtime, keep = () => !0) {
  let totals = emptyTotals();
  for (let ref of refs) {
    let buf = load(ref);
    if (buf === void 0 || buf === "missing" || buf === "other") {
      buf === "missing" && totals.skippedMissing++;
      continue;
    }
    if (buf === "symlink") {
      totals.skippedSymlink++;
      continue;
    }
    if (buf === "huge" || buf.length > MAX_FILE_BYTES) {
      totals.skippedHuge++;
      continue;
    }
    let text = decodeText(buf);
    if (text === void 0) {
      totals.skippedBinary++;
      continue;
    }
    totals.scanned++, totals.bytes += buf.length;
    let f = { ...ref, text, lines: new Lines(text) }, found = scanFile(f, opts, repo);
    runtime.length && found.push(...runtimeInFile(runtime, f));
    for (let h of dedupe(found))
      keep(h) && (ignoredInline(f.lines, h.line, h.rule) ? totals.suppressedInline++ : totals.hits.push(h));
  }
  return totals;
}
var isProvider = (rule2) => rule2 === "provider-token" || rule2 === "private-key";
function dedupe(hits) {
  let key = (h) => `${h.file}\0${h.line}\0${h.valueHash}`, provided = new Set(hits.filter((h) => isProvider(h.rule)).map(key));
  return provided.size === 0 ? hits : hits.filter((h) => h.rule.startsWith("runtime-") || isProvider(h.rule) || !provided.has(key(h)));
}

// packages/secrets-lint/src/parallel.ts
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
var PARALLEL_MIN_FILES = 400, BATCH = 32;
function workerCount(files, moduleUrl) {
  return files < PARALLEL_MIN_FILES || moduleUrl.endsWith(".ts") || process.env.PREFLIGHT_SECRETS_LINT_THREADS === "1" ? 0 : Math.max(0, Math.min(3, availableParallelism() - 1));
}
function claimBatches(next, total, scan) {
  let out = [];
  for (let at = Atomics.add(next, 0, BATCH); at < total; at = Atomics.add(next, 0, BATCH)) out.push({ at, totals: scan(at, Math.min(total, at + BATCH)) });
  return out;
}
var ScanThreads = class {
  constructor(moduleUrl) {
    this.moduleUrl = moduleUrl;
  }
  moduleUrl;
  workers = [];
  /** Starts the workers (once) when `files` is enough to pay for them. */
  startFor(files) {
    if (this.workers.length) return;
    let n = workerCount(files, this.moduleUrl);
    for (let i = 0; i < n; i++) {
      let worker = new Worker(new URL(this.moduleUrl), { workerData: { secretsLintWorker: !0 } });
      worker.unref();
      let result = new Promise((resolve2, reject) => {
        worker.once("message", (m) => resolve2(m)), worker.once("error", reject), worker.once("exit", (code) => reject(new Error(`secrets-lint worker exited with code ${code} before returning its findings`)));
      });
      result.catch(() => {
      }), this.workers.push({ worker, result });
    }
  }
  get count() {
    return this.workers.length;
  }
  /**
   * Scans `shared` on every started thread (the main thread's part through `local`), after the main
   * thread alone has scanned `mainOnly` (the files that need the YAML parsers, so workers never load
   * them). Findings come back in the order of `order`, the whole list, as one thread would report them.
   */
  async scan(job, order, mainOnly, shared, local) {
    let next = new SharedArrayBuffer(4);
    if (this.workers.length) {
      let full = { ...job, paths: shared.map((r) => r.path), tracked: Uint8Array.from(shared, (r) => r.tracked ? 1 : 0), next };
      for (let { worker } of this.workers)
        worker.ref(), worker.postMessage(full);
    }
    let totals = mainOnly(), batches = claimBatches(new Int32Array(next), shared.length, (from, to) => local(shared, from, to));
    for (let { result } of this.workers) {
      let r = await result;
      for (let v of r.values) registerValue(v);
      batches.push(...r.batches);
    }
    batches.sort((a, b) => a.at - b.at);
    for (let b of batches) addTotals(totals, b.totals);
    let at = new Map(order.map((r, i) => [r.path, i]));
    return totals.hits.sort((a, b) => (at.get(a.file) ?? -1) - (at.get(b.file) ?? -1)), totals;
  }
  /** Ends workers that were started but not given a job (a scan that turned out small, or failed). */
  async stop() {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
};

// packages/secrets-lint/src/shard.ts
function shareFiles(refs, shardText, repoPrefix) {
  if (shardText === void 0) return { refs: [...refs] };
  let shard = parseShard(shardText);
  return { refs: takeShard(refs, (r) => repoPrefix + r.path, shard), shard: { shard, total: refs.length } };
}
function ownsRepoWideChecks(share) {
  return !share.shard || share.shard.shard.index === 1;
}
function shareSummary(share, summary, findings) {
  return share.shard ? `${shardSummary(share.shard.shard, share.refs.length, share.shard.total, "file")}; ${summary ?? defaultSummary(findings)}` : summary;
}
function shareStats(share) {
  return share.shard ? shardStats(share.refs.length, share.shard.total) : {};
}

// packages/secrets-lint/src/run.ts
function resolveRoot(inputs, ctx) {
  let given = inputs.path?.trim(), cwd = process.cwd(), root = given ? isAbsolute(given) ? given : resolve(cwd, given) : gitTopLevel(cwd) ?? cwd, label = ctx.source === "cli" ? "--path" : "input path";
  if (!existsSync3(root) || !statSync(root).isDirectory()) throw new UsageError(`${label} ${given} is not a directory; give the repository (or a folder of it) to scan.`);
  return { root, inGit: gitTopLevel(root) !== void 0 };
}
async function lintSecrets(inputs, ctx) {
  let { root, inGit } = resolveRoot(inputs, ctx), opts = { minLength: inputs["min-length"], listVars: inputs["list-vars"], listFormat: inputs["list-format"] }, walk2 = newStats(), runtime = readRuntime(inputs["check-env"]);
  if (inputs["env-file"].length && !inputs["compose-file"].length)
    throw new UsageError(`${ctx.source === "cli" ? "--env-file" : "input env-file"} only means something with the compose files of the deployment; add --compose-file (repeatable, in -f order).`);
  let diffMode = inputs.staged ? { staged: !0 } : inputs.since ? { since: inputs.since } : void 0, added, refs, under = inDir(root), load = (ref) => loadFile(under + ref.path), listing = inGit ? listFiles(root) : void 0, trackedList = listing?.tracked, threads = new ScanThreads(import.meta.url);
  if (diffMode) {
    if (!inGit) throw new UsageError(`${inputs.staged ? "--staged" : "--since"} needs a git repository, and ${root} is not in one.`);
    added = addedLines(root, diffMode);
    let tracked = new Set(trackedList), { excluder: excluder2 } = await import("./glob-XK2FUIHM.js"), excluded = excluder2(inputs.exclude);
    refs = [...added].filter(([path, lines]) => lines.size > 0 && !excluded(path)).map(([path]) => ({ path, tracked: inputs.staged ? !0 : tracked.has(path) })), inputs.staged && (load = (ref) => stagedContent(root, ref.path));
  } else
    refs = candidates(root, inGit, inputs.exclude, walk2, listing, (count) => threads.startFor(count));
  let repoPrefix = inGit ? gitPrefix(root) : "", share = shareFiles(refs, inputs.shard, repoPrefix), listedRefs = refs;
  refs = share.refs;
  let inChange = (h) => !added || !h.file || (added.get(h.file)?.has(h.line) ?? !1), totals, repo;
  try {
    if (repo = await repoContext(root, trackedList ?? listedRefs.map((r) => r.path), refs), threads.count > 0) {
      let mainOnly = refs.filter((r) => needsParser(r.path)), shared = refs.filter((r) => !needsParser(r.path)), job = { root, opts, runtime };
      mainOnly.length * 4 > refs.length && ([mainOnly, shared] = [[], refs], job.parsers = { compose: !!repo.compose, yaml: !!repo.yaml, tracked: [...repo.tracked], templates: [...repo.templates].map(([d, n]) => [d, [...n]]) }), totals = await threads.scan(
        job,
        refs,
        () => scanFiles(mainOnly, load, opts, repo, runtime),
        shared,
        (all, from, to) => scanFiles(all.slice(from, to), load, opts, repo, runtime)
      );
    } else totals = scanFiles(refs, load, opts, repo, runtime, inChange);
  } finally {
    await threads.stop();
  }
  let workers = threads.count;
  if (!diffMode && totals.scanned === 0 && !(share.shard && share.shard.total > 0))
    throw new UsageError(`No file to scan under ${root}${inputs.exclude.length ? " after --exclude" : ""}: nothing was checked; point --path at the repository.`);
  let hits = totals.hits, repoWide = ownsRepoWideChecks(share);
  if (repoWide && hits.push(...checkRuntime(runtime, opts)), inputs["compose-file"].length && repoWide) {
    let api = repo.compose ?? await import("./src-XJY4DYQN.js"), env = Object.fromEntries(runtime.filter((r) => r.value !== void 0).map((r) => [r.name, r.value])), cwd = process.cwd();
    hits.push(...checkEffective(api, { files: inputs["compose-file"].map((f) => resolve(cwd, f)), envFiles: inputs["env-file"].map((f) => resolve(cwd, f)), root, env }, opts).filter(inChange));
  }
  let baseline = inputs.baseline ? readBaseline(inputs.baseline) : void 0, kept = [], baselined = 0;
  for (let h of hits) {
    if (!ruleIds.has(h.rule)) throw new Error(`secrets-lint emitted an undocumented rule ${h.rule}`);
    if (baseline?.has(fingerprint(h))) {
      baselined++;
      continue;
    }
    kept.push(h);
  }
  inputs["write-baseline"] && writeBaseline(inputs["write-baseline"], kept);
  let prefix = repoPrefix, findings = kept.map((h) => ({
    rule: h.rule,
    severity: h.severity,
    object: h.object,
    message: h.message,
    ...h.file ? { file: isAbsolute(h.file) ? h.file : prefix + h.file, line: h.line } : {},
    ...h.fix ? { fix: h.fix } : {}
  })), ownSummary = diffMode && totals.scanned === 0 ? `${inputs.staged ? "the staged change" : `the change since ${inputs.since}`} adds no lines to scan (deletions only): nothing new can hold a secret` : void 0, summary = shareSummary(share, ownSummary, findings);
  return ctx.log.debug(`secrets-lint scanned ${totals.scanned} files (${totals.bytes} bytes) under ${root} on ${workers + 1} thread(s)`), {
    findings,
    ...summary ? { summary } : {},
    stats: {
      ...shareStats(share),
      filesScanned: totals.scanned,
      bytesScanned: totals.bytes,
      threads: workers + 1,
      skippedExcluded: walk2.skippedExcluded,
      skippedSymlink: totals.skippedSymlink,
      skippedBinary: totals.skippedBinary,
      skippedHuge: totals.skippedHuge,
      suppressedInline: totals.suppressedInline,
      suppressedBaseline: baselined,
      ...inputs["check-env"].length ? { runtimeChecked: runtime.length } : {}
    }
  };
}
async function repoContext(root, tracked, refs) {
  let needCompose = !1, needYaml = !1;
  for (let r of refs) {
    let k = classify(r.path);
    if (needCompose ||= k.compose || k.env, needYaml ||= k.yaml && !k.compose, needCompose && needYaml) break;
  }
  let compose = needCompose ? await import("./src-XJY4DYQN.js") : void 0, yaml = needYaml ? await import("./yaml-api-R7RH554M.js") : void 0, templates = /* @__PURE__ */ new Map();
  if (compose) {
    let maybeTemplates = /* @__PURE__ */ new Set();
    for (let path of tracked) path.includes(".env.") && maybeTemplates.add(path);
    for (let r of refs) r.path.includes(".env.") && maybeTemplates.add(r.path);
    for (let path of maybeTemplates) {
      let base = path.slice(path.lastIndexOf("/") + 1);
      if (!/^\.env\./.test(base) || !isEnvTemplate(path)) continue;
      let text = readIfSmall(join2(root, path));
      if (!text) continue;
      let parsed = parseEnvSafely(compose, path, text.toString("utf8"));
      if ("error" in parsed) continue;
      let dir = posix2.dirname(path), names = templates.get(dir) ?? /* @__PURE__ */ new Set();
      for (let e of parsed.entries) names.add(e.name);
      templates.set(dir, names);
    }
  }
  return { compose, yaml, tracked: new Set(tracked), templates };
}
function inDir(root) {
  return root.endsWith(sep2) ? root : root + sep2;
}
function readIfSmall(path) {
  try {
    return readFileSync4(path);
  } catch {
    return;
  }
}
function readRuntime(names) {
  return names.map((name) => {
    let value = process.env[name];
    return value && registerValue(value), { name, value: value === void 0 || value === "" ? void 0 : value };
  });
}
!isMainThread && workerData?.secretsLintWorker && parentPort.once("message", async (job) => {
  let values = [];
  collectRegisteredValues(values);
  let p = job.parsers, repo = {
    compose: p?.compose ? await import("./src-XJY4DYQN.js") : void 0,
    yaml: p?.yaml ? await import("./yaml-api-R7RH554M.js") : void 0,
    tracked: new Set(p?.tracked),
    templates: new Map(p?.templates.map(([d, n]) => [d, new Set(n)]))
  }, refs = job.paths.map((path, i) => ({ path, tracked: job.tracked[i] === 1 })), under = inDir(job.root), batches = claimBatches(
    new Int32Array(job.next),
    refs.length,
    (from, to) => scanFiles(refs.slice(from, to), (r) => loadFile(under + r.path), job.opts, repo, job.runtime)
  );
  parentPort.postMessage({ batches, values });
});
export {
  lintSecrets,
  scanFile
};
