import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  require_dist
} from "./chunk-JLYKL5C3.js";
import {
  UsageError
} from "./chunk-KNCBXDSL.js";
import {
  __toESM
} from "./chunk-NRNS3NRG.js";

// packages/compose/src/errors.ts
var ComposeSyntaxError = class extends UsageError {
  file;
  line;
  constructor(file, line, reason, options) {
    super(`${file}${line === void 0 ? "" : `:${line}`}: ${reason}`, options), this.name = "ComposeSyntaxError", this.file = file, this.line = line;
  }
};

// packages/compose/src/located.ts
function stripBom(text) {
  return text.startsWith("\uFEFF") ? { text: text.slice(1), dropped: 1 } : { text, dropped: 0 };
}
var Positions = class {
  constructor(file, text) {
    this.file = file;
    for (let i = 0; i < text.length; i++) text.charCodeAt(i) === 10 && this.lineStarts.push(i + 1);
  }
  file;
  lineStarts = [0];
  at(offset) {
    let lo = 0, hi = this.lineStarts.length - 1;
    for (; lo < hi; ) {
      let mid = lo + hi + 1 >> 1;
      this.lineStarts[mid] <= offset ? lo = mid : hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
};
function offsetsFrom(start, text) {
  let positions;
  return (offset) => {
    positions ??= new Positions(start.file, text);
    let inner = positions.at(offset);
    return inner.line === 1 ? { file: start.file, line: start.line, column: start.column + offset } : { file: start.file, line: start.line + inner.line - 1, column: inner.column };
  };
}

// packages/compose/src/interpolate.ts
var NAME_START = /[A-Za-z_]/, NAME_CHAR = /[A-Za-z0-9_]/, OPERATORS = [":-", ":?", ":+", "-", "?", "+"], MAX_NESTING = 64;
function parseTemplate(text, at, depth = 0) {
  let locate = typeof at == "function" ? at : offsetsFrom(at, text);
  if (depth > MAX_NESTING) throw new ComposeSyntaxError(locate(0).file, locate(0).line, `interpolations are nested more than ${MAX_NESTING} deep.`);
  let lineEnd = -1, parts = [], literal = "", flush = () => {
    literal && parts.push({ kind: "text", text: literal }), literal = "";
  }, i = 0;
  for (; i < text.length; ) {
    let ch = text[i];
    if (ch !== "$") {
      literal += ch, i++;
      continue;
    }
    let next = text[i + 1];
    if (next === "$") {
      literal += "$", i += 2;
      continue;
    }
    if (next !== void 0 && NAME_START.test(next)) {
      let end = i + 2;
      for (; end < text.length && NAME_CHAR.test(text[end]); ) end++;
      flush(), parts.push({ kind: "ref", variable: text.slice(i + 1, end), operator: null, at: locate(i) }), i = end;
      continue;
    }
    if (next !== "{") {
      literal += "$", i++;
      continue;
    }
    lineEnd < i && (lineEnd = text.indexOf(`
`, i), lineEnd < 0 && (lineEnd = text.length));
    let close = closingBrace(text, i, lineEnd), here = locate(i);
    if (close < 0) throw invalid(here, 'has no closing "}"');
    let body = text.slice(i + 2, close), nameEnd = 0;
    if (body.length === 0 || !NAME_START.test(body[0])) throw invalid(here, 'needs a variable name after "${"');
    for (; nameEnd < body.length && NAME_CHAR.test(body[nameEnd]); ) nameEnd++;
    let variable = body.slice(0, nameEnd), rest = body.slice(nameEnd);
    if (flush(), rest === "")
      parts.push({ kind: "ref", variable, operator: null, at: here });
    else {
      let operator = OPERATORS.find((op) => rest.startsWith(op));
      if (!operator) throw invalid(here, `has "${rest[0]}" after the variable name where compose expects "}", ":-", "-", ":?", "?", ":+" or "+"`);
      let argText = rest.slice(operator.length), argOffset = i + 2 + nameEnd + operator.length, arg = parseTemplate(argText, (offset) => locate(argOffset + offset), depth + 1);
      parts.push({ kind: "ref", variable, operator, arg, argText, at: here });
    }
    i = close + 1;
  }
  return flush(), parts;
}
function closingBrace(text, start, lineEnd) {
  let open = 0;
  for (let i = start; i < lineEnd; i++) {
    if (text[i] === "}" && (open--, open === 0))
      return i;
    text[i] === "{" && (open++, i++);
  }
  let last = text.lastIndexOf("}", lineEnd - 1);
  return last > start + 1 ? last : -1;
}
function invalid(at, why) {
  return new ComposeSyntaxError(at.file, at.line, `invalid interpolation format at column ${at.column}: the "\${" ${why}.`);
}
function interpolations(text, at) {
  let out = [], walk = (parts) => {
    for (let part of parts) {
      if (part.kind !== "ref") continue;
      let item = { variable: part.variable, operator: part.operator, at: part.at };
      part.argText !== void 0 && (item.default = part.argText), out.push(item), part.arg && walk(part.arg);
    }
  };
  return walk(parseTemplate(text, at)), out;
}
function evaluate(parts, lookup) {
  let uses = [], error, run = (list) => {
    let out = "";
    for (let part of list) {
      if (part.kind === "text") {
        out += part.text;
        continue;
      }
      let value2 = lookup(part.variable), isSet = value2 !== void 0, nonEmpty = isSet && value2 !== "", use = (outcome) => uses.push({ variable: part.variable, at: part.at, outcome });
      switch (part.operator) {
        case null:
          use(isSet ? "set" : "unset"), out += value2 ?? "";
          break;
        case ":-":
        case "-":
          (part.operator === ":-" ? nonEmpty : isSet) ? (use("set"), out += value2) : (use("fallback"), out += run(part.arg ?? []));
          break;
        case ":?":
        case "?":
          if (part.operator === ":?" ? nonEmpty : isSet)
            use("set"), out += value2;
          else {
            use("error");
            let message = run(part.arg ?? []);
            error ??= `required variable ${part.variable} is missing a value${message ? `: ${message}` : ""}`;
          }
          break;
        case ":+":
        case "+":
          (part.operator === ":+" ? nonEmpty : isSet) ? (use("replacement"), out += run(part.arg ?? [])) : use("unset");
          break;
      }
    }
    return out;
  }, value = run(parts);
  return error === void 0 ? { value, uses } : { value, uses, error };
}

// packages/compose/src/envfile.ts
var INLINE_SPACE = /* @__PURE__ */ new Set(["	", "\v", "\f", "\r", " ", "\x85", "\xA0"]), KEY_PUNCTUATION = /* @__PURE__ */ new Set(["_", ".", "-", "[", "]"]), LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
function parseEnvFile(file, input) {
  let { text: withoutBom } = stripBom(input), text = withoutBom.replace(/\r\n/g, `
`), positions = new Positions(file, text), entries = [], i = 0, fail = (offset, reason) => {
    let at = positions.at(offset);
    throw new ComposeSyntaxError(file, at.line, `${reason} (column ${at.column}).`);
  };
  for (; i < text.length; ) {
    let ch = text[i];
    if (ch === `
` || INLINE_SPACE.has(ch)) {
      i++;
      continue;
    }
    if (ch === "#") {
      for (; i < text.length && text[i] !== `
`; ) i++;
      continue;
    }
    let exported = /^export[\t\v\f\r \u0085\u00A0]+/.exec(text.slice(i, i + 64));
    exported && (i += exported[0].length);
    let keyStart = i, keyEnd = -1, separator = "";
    for (; i <= text.length; i++) {
      let c = text[i];
      if (c === void 0 || c === `
` || c === "=" || c === ":") {
        separator = c ?? "", keyEnd = i;
        break;
      }
      if (!INLINE_SPACE.has(c)) {
        if (KEY_PUNCTUATION.has(c) || LETTER_OR_DIGIT.test(c)) {
          i > keyStart && INLINE_SPACE.has(text[i - 1]) && fail(i - 1, "unexpected space in a variable name");
          continue;
        }
        fail(i, `unexpected character ${JSON.stringify(c)} in a variable name`);
      }
    }
    let name = text.slice(keyStart, keyEnd).replace(/[\t\v\f\r \u0085\u00A0]+$/u, "");
    if (name === "" && fail(keyStart, "a line starts with a separator but no variable name"), separator === `
` || separator === "") {
      entries.push({ name, value: "", at: positions.at(keyStart), quoted: !1, interpolated: !1, inherited: !0 }), i = keyEnd;
      continue;
    }
    for (i = keyEnd + 1; i < text.length && INLINE_SPACE.has(text[i]); ) i++;
    let valueStart = i, quote = text[i];
    if (quote === '"' || quote === "'") {
      let { value: value2, end } = readQuoted(text, i, quote) ?? fail(valueStart, `the value of ${name} opens a quote that is never closed`);
      entries.push({ name, value: value2, at: positions.at(valueStart), quoted: !0, interpolated: quote === '"' }), i = end;
      continue;
    }
    let lineEnd = text.indexOf(`
`, i);
    lineEnd < 0 && (lineEnd = text.length);
    let value = text.slice(i, lineEnd), comment = value.indexOf(" #");
    comment >= 0 && (value = value.slice(0, comment)), value = value.replace(/\s+$/u, ""), entries.push({ name, value, at: positions.at(valueStart), quoted: !1, interpolated: !0 }), i = lineEnd;
  }
  return entries;
}
function readQuoted(text, start, quote) {
  let chars = "", escaped = !1;
  for (let i = start + 1; i < text.length; i++) {
    let c = text[i];
    if (c !== quote) {
      if (!escaped && c === "\\") {
        escaped = !0;
        continue;
      }
      escaped && (escaped = !1, chars += "\\"), chars += c;
      continue;
    }
    if (escaped) {
      escaped = !1, chars += c;
      continue;
    }
    return { value: quote === '"' ? expandEscapes(chars) : chars, end: i + 1 };
  }
}
var SIMPLE_ESCAPES = { a: "\x07", b: "\b", c: "\\c", f: "\f", n: `
`, r: "\r", t: "	", v: "\v", '"': '"', "\\": "\\", $: "$$" };
function expandEscapes(text) {
  return text.replace(/\\(?:([abcfnrtv$"\\])|0([0-7]{0,3}))/g, (match, simple, octal) => {
    if (simple !== void 0) return SIMPLE_ESCAPES[simple];
    if (octal !== void 0 && octal.length === 3) {
      let code = parseInt(octal, 8);
      return code <= 255 ? String.fromCharCode(code) : match;
    }
    return match;
  });
}

// packages/compose/src/parse.ts
var import_yaml = __toESM(require_dist(), 1);
function parseComposeFile(file, text) {
  let documents = parseComposeDocuments(file, text), services = [...new Set(documents.flatMap((d) => d.services))];
  return {
    file,
    services,
    env: documents.flatMap((d) => d.env),
    envFiles: documents.flatMap((d) => d.envFiles),
    images: documents.flatMap((d) => d.images),
    interpolations: documents.flatMap((d) => d.interpolations)
  };
}
function parseComposeDocuments(file, input) {
  let { text } = stripBom(input), positions = new Positions(file, text), documents;
  try {
    let parsed = (0, import_yaml.parseAllDocuments)(text, { prettyErrors: !1, uniqueKeys: !0, merge: !1, strict: !0 });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    throw new ComposeSyntaxError(file, void 0, "could not be read as YAML.", { cause: error });
  }
  try {
    return documents.map((doc) => new DocumentReader(file, text, positions, doc).read());
  } catch (error) {
    throw error instanceof RangeError ? new ComposeSyntaxError(file, void 0, "is nested too deeply to be a compose file.", { cause: error }) : error;
  }
}
var MAX_MERGED_ENTRIES = 2e4, DocumentReader = class {
  constructor(file, text, positions, doc) {
    this.file = file;
    this.text = text;
    this.positions = positions;
    this.doc = doc;
    this.model = { file, services: [], env: [], envFiles: [], images: [], interpolations: [], templates: /* @__PURE__ */ new Map(), declared: [] };
  }
  file;
  text;
  positions;
  doc;
  model;
  merged = 0;
  aliases = /* @__PURE__ */ new Map();
  read() {
    let error = this.doc.errors[0];
    if (error) {
      let at = this.positions.at(error.pos[0]);
      throw new ComposeSyntaxError(this.file, at.line, `is not valid YAML at column ${at.column} (${error.code}).`);
    }
    (0, import_yaml.visit)(this.doc, {
      Scalar: (key, node) => {
        key !== "key" && typeof node.value == "string" && node.value.includes("$") && this.model.interpolations.push(...interpolations(node.value, this.locator(node, 0)));
      }
    });
    let root = this.deref(this.doc.contents);
    if (root === null) return this.model;
    (0, import_yaml.isMap)(root) || this.fail(root, "the top level must be a mapping (services:, volumes:, ...)");
    let services = this.entries(root).find((e) => e.key === "services");
    if (!services) return this.model;
    let servicesNode = this.deref(services.value);
    if (servicesNode === null) return this.model;
    (0, import_yaml.isMap)(servicesNode) || this.fail(servicesNode, '"services" must be a mapping of service names');
    for (let service of this.entries(servicesNode)) this.readService(service);
    return this.model;
  }
  readService({ key: service, value }) {
    this.model.services.push(service);
    let node = this.deref(value), declared = { service, environment: !1, envFile: !1 };
    if (this.model.declared.push(declared), node !== null) {
      (0, import_yaml.isMap)(node) || this.fail(node, `service "${service}" must be a mapping`);
      for (let entry of this.entries(node))
        if (entry.key === "environment")
          declared.environment = !0, this.readEnvironment(service, entry, "environment");
        else if (entry.key === "env_file")
          declared.envFile = !0, this.readEnvFiles(service, entry);
        else if (entry.key === "image") {
          let image = this.deref(entry.value);
          if (image === null) continue;
          let value2 = this.scalarText(image, `service "${service}": image`);
          value2 !== void 0 && this.model.images.push({ service, image: value2, at: this.pos(image) });
        } else if (entry.key === "build") {
          let build = this.deref(entry.value);
          if (build === null || (0, import_yaml.isScalar)(build)) continue;
          (0, import_yaml.isMap)(build) || this.fail(build, `service "${service}": build must be a path or a mapping`);
          let args = this.entries(build).find((e) => e.key === "args");
          args && this.readEnvironment(service, args, "build.args");
        }
    }
  }
  readEnvironment(service, entry, source) {
    let node = this.deref(entry.value);
    if (node === null) return;
    let what = `service "${service}": ${source}`;
    if ((0, import_yaml.isMap)(node)) {
      for (let item of this.entries(node)) {
        let valueNode = this.deref(item.value);
        if (valueNode === null || (0, import_yaml.isScalar)(valueNode) && valueNode.value === null) {
          this.addEnv({ service, name: item.key, raw: void 0, source, at: this.pos(item.keyNode), interpolations: [] }, void 0);
          continue;
        }
        let raw = this.scalarText(valueNode, `${what}.${item.key}`);
        this.addEnv({ service, name: item.key, raw, source, at: this.pos(valueNode), interpolations: [] }, this.locator(valueNode, 0));
      }
      return;
    }
    (0, import_yaml.isSeq)(node) || this.fail(node, `${what} must be a mapping or a list of NAME=value`);
    for (let itemNode of node.items) {
      let item = this.deref(itemNode);
      if (item === null) continue;
      let text = this.scalarText(item, what);
      if (text === void 0) continue;
      let eq = text.indexOf("=");
      if (eq < 0) {
        this.addEnv({ service, name: text, raw: void 0, source, at: this.pos(item), interpolations: [] }, void 0);
        continue;
      }
      let locate = this.locator(item, eq + 1);
      this.addEnv({ service, name: text.slice(0, eq), raw: text.slice(eq + 1), source, at: locate(0), interpolations: [] }, locate);
    }
  }
  addEnv(entry, locate) {
    if (entry.raw !== void 0 && locate) {
      let parts = parseTemplate(entry.raw, locate);
      entry.interpolations = interpolations(entry.raw, locate), this.model.templates.set(entry, parts);
    }
    this.model.env.push(entry);
  }
  readEnvFiles(service, entry) {
    let node = this.deref(entry.value);
    if (node === null) return;
    let what = `service "${service}": env_file`, items = (0, import_yaml.isSeq)(node) ? node.items : [node];
    for (let itemNode of items) {
      let item = this.deref(itemNode);
      if (item === null) continue;
      let pathNode = item, required = !0;
      if ((0, import_yaml.isMap)(item)) {
        let fields = this.entries(item), path2 = fields.find((f) => f.key === "path"), req = fields.find((f) => f.key === "required"), pathValue = path2 && this.deref(path2.value);
        pathValue || this.fail(item, `${what}: an entry in the long form needs "path"`), pathNode = pathValue;
        let reqValue = req && this.deref(req.value);
        reqValue && ((!(0, import_yaml.isScalar)(reqValue) || typeof reqValue.value != "boolean") && this.fail(reqValue, `${what}: "required" must be true or false`), required = reqValue.value);
      }
      let path = this.scalarText(pathNode, what);
      if (path === void 0) continue;
      let ref = { service, path, required, at: this.pos(pathNode) };
      this.model.templates.set(ref, parseTemplate(path, this.locator(pathNode, 0))), this.model.envFiles.push(ref);
    }
  }
  /** A mapping's entries with merge keys applied: own keys win, then earlier merged maps over later ones. */
  entries(map, seen = /* @__PURE__ */ new Set()) {
    seen.has(map) && this.fail(map, "merges a mapping into itself"), seen.add(map);
    let own = [], merged = [];
    for (let pair of map.items) {
      let keyNode = this.deref(pair.key);
      (keyNode === null || !(0, import_yaml.isScalar)(keyNode) || keyNode.value === null || typeof keyNode.value == "object") && this.fail(pair.key ?? map, "has a key that is not a plain string");
      let key = String(keyNode.value), value = pair.value ?? null;
      if (key === "<<" && keyNode.type === "PLAIN") {
        let target = this.deref(value), sources = target !== null && (0, import_yaml.isSeq)(target) ? target.items.map((n) => this.deref(n)) : [target];
        for (let source of sources) {
          (source === null || !(0, import_yaml.isMap)(source)) && this.fail(source ?? keyNode, "merges (<<) something that is not a mapping");
          let more = this.entries(source, new Set(seen));
          this.merged += more.length + 1, this.merged > MAX_MERGED_ENTRIES && this.fail(keyNode, `merges (<<) more than ${MAX_MERGED_ENTRIES} entries in all (an alias bomb?)`), merged.push(...more);
        }
        continue;
      }
      own.push({ key, keyNode, value });
    }
    let out = [...own], have = new Set(own.map((e) => e.key));
    for (let entry of merged)
      have.has(entry.key) || (have.add(entry.key), out.push(entry));
    return out;
  }
  /** The node an alias points to; null for a missing or null value (`key:` / `key: null`). */
  deref(node, depth = 0) {
    if (node == null || (0, import_yaml.isScalar)(node) && node.value === null) return null;
    if ((0, import_yaml.isAlias)(node)) {
      let target = this.aliases.get(node);
      return this.aliases.has(node) || this.aliases.set(node, target = node.resolve(this.doc)), target || this.fail(node, `uses the alias *${node.source} before (or without) its anchor`), depth > 64 && this.fail(node, "has aliases that refer to each other without end"), this.deref(target, depth + 1);
    }
    return node;
  }
  /** A scalar as text: strings as they are, numbers and booleans as written; undefined for null. */
  scalarText(node, what) {
    (0, import_yaml.isScalar)(node) || this.fail(node, `${what} must be a string, a number or a boolean`);
    let scalar = node;
    if (scalar.value !== null)
      return typeof scalar.value == "string" ? scalar.value : scalar.source ?? String(scalar.value);
  }
  pos(node) {
    return this.positions.at(node.range?.[0] ?? 0);
  }
  /**
   * Positions of the characters of a scalar's value from `skip` on. Exact for plain and simply
   * quoted one-line scalars; for escaped, folded or block scalars the value's text is looked up in
   * the source, else the scalar's start is used.
   */
  locator(scalar, skip) {
    let [start, end] = scalar.range ?? [0, 0], source = this.text.slice(start, end), value = typeof scalar.value == "string" ? scalar.value : scalar.source ?? String(scalar.value), quote = scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE" ? 1 : 0;
    return source.slice(quote, source.length - quote) === value ? (offset) => this.positions.at(start + quote + skip + offset) : (offset) => {
      let probe = value.slice(skip + offset, skip + offset + 24).split(`
`)[0], found = probe ? source.indexOf(probe) : -1;
      return this.positions.at(found >= 0 ? start + found : start);
    };
  }
  fail(node, reason) {
    let at = node?.range ? this.positions.at(node.range[0]) : void 0;
    throw new ComposeSyntaxError(this.file, at?.line, `${reason}.`);
  }
};

// packages/compose/src/effective.ts
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
function effectiveConfig(opts) {
  if (opts.files.length === 0) throw new UsageError("effectiveConfig needs at least one compose file.");
  let files = opts.files.map((f) => resolve(f));
  for (let [i, file] of files.entries())
    if (!isFile(file)) throw new UsageError(`The compose file ${opts.files[i]} does not exist or is not a file.`);
  let projectDir = resolve(opts.projectDir ?? dirname(files[0])), shell = opts.env ?? {}, root = resolve(opts.root ?? process.cwd()), explicit = opts.envFiles?.map((f) => resolve(f));
  for (let [i, file] of (explicit ?? []).entries())
    if (!isFile(file)) throw new UsageError(`The env file ${opts.envFiles[i]} given with --env-file does not exist or is not a file.`);
  let defaultEnvFile = resolve(projectDir, ".env"), interpolationFiles = explicit ?? (isFile(defaultEnvFile) ? [defaultEnvFile] : []), dotenv = /* @__PURE__ */ new Map(), dotenvValues = /* @__PURE__ */ new Map();
  for (let file of interpolationFiles)
    for (let entry of readEnvFile(file, (name) => shell[name], dotenvValues, root)) dotenv.set(entry.name, { value: entry.value, file: entry.file, at: entry.at });
  let projectEnv = (name) => {
    let fromShell = shell[name];
    return fromShell !== void 0 ? { value: fromShell } : dotenv.get(name);
  }, last = interpolationFiles.at(-1), interpolationFile = last === void 0 ? void 0 : displayPath(last, root), services = /* @__PURE__ */ new Map();
  for (let file of files) {
    let shown = displayPath(file, root);
    for (let doc of parseComposeDocuments(shown, readFileSync(file, "utf8"))) {
      for (let name of doc.services) services.has(name) || services.set(name, { environment: /* @__PURE__ */ new Map(), envFiles: [] });
      for (let entry of doc.env) {
        if (entry.source !== "environment") continue;
        let state = services.get(entry.service), previous = state.environment.get(entry.name), overrides = previous ? [...previous.overrides, previous.entry.at] : [];
        state.environment.delete(entry.name), state.environment.set(entry.name, { entry, parts: doc.templates.get(entry), overrides });
      }
      for (let ref of doc.envFiles) {
        let state = services.get(ref.service), parts = doc.templates.get(ref), path = parts ? evaluate(parts, (n) => projectEnv(n)?.value).value : ref.path;
        state.envFiles.push({ ...ref, path });
      }
    }
  }
  let result = { projectDir, interpolationFile, services: {} };
  for (let [name, state] of services) {
    let own = /* @__PURE__ */ new Map();
    for (let [variable, { entry, parts, overrides }] of state.environment) {
      let value = entry.raw === void 0 || !parts ? passThrough(variable, entry.at, projectEnv) : interpolated(entry, evaluate(parts, (n) => projectEnv(n)?.value), projectEnv, interpolationFile);
      overrides.length && (value.overrides = [...overrides]), own.set(variable, value);
    }
    let values = /* @__PURE__ */ new Map();
    for (let [k, v] of own) v.value !== void 0 && values.set(k, v.value);
    let first = (n) => projectEnv(n)?.value ?? own.get(n)?.value, fromFiles = /* @__PURE__ */ new Map(), envFiles = [];
    for (let ref of state.envFiles) {
      let path = isAbsolute(ref.path) ? ref.path : resolve(projectDir, ref.path), exists = isFile(path);
      if (envFiles.push({ path: displayPath(path, root), required: ref.required, exists, at: ref.at }), !!exists)
        for (let entry of readEnvFile(path, first, values, root)) {
          let previous = fromFiles.get(entry.name), value = entry.inherited ? passThrough(entry.name, entry.at, projectEnv) : { value: entry.value, origin: { kind: "env_file", at: entry.at } };
          previous && (value.overrides = [...previous.overrides ?? [], previous.origin.at]), fromFiles.delete(entry.name), fromFiles.set(entry.name, value);
        }
    }
    let environment = {};
    for (let [k, v] of fromFiles) environment[k] = v;
    for (let [k, v] of own) {
      let hidden = environment[k];
      hidden && (v.overrides = [...hidden.overrides ?? [], hidden.origin.at, ...v.overrides ?? []]), delete environment[k], environment[k] = v;
    }
    result.services[name] = { environment, envFiles };
  }
  return result;
}
function interpolated(entry, evaluation, projectEnv, interpolationFile) {
  let { value, uses, error } = evaluation;
  if (error !== void 0) {
    let failed = uses.find((u) => u.outcome === "error");
    return { value: void 0, origin: { kind: "unset", at: failed.at, variable: failed.variable, error } };
  }
  let fallback = uses.find((u) => u.outcome === "fallback");
  if (fallback) {
    let origin = { kind: "fallback", at: fallback.at, variable: fallback.variable };
    return interpolationFile && (origin.interpolationFile = interpolationFile), { value, origin };
  }
  let set = uses.find((u) => u.outcome === "set" || u.outcome === "replacement");
  if (set) {
    let origin = { kind: "interpolated", at: set.at, variable: set.variable }, found = projectEnv(set.variable);
    return found?.file && (origin.interpolationFile = found.file), found?.file && found.at && (origin.valueAt = found.at), { value, origin };
  }
  let unset = uses.find((u) => u.outcome === "unset");
  return unset ? { value, origin: { kind: "unset", at: unset.at, variable: unset.variable } } : { value, origin: { kind: "literal", at: entry.at } };
}
function passThrough(variable, at, projectEnv) {
  let found = projectEnv(variable);
  return found ? found.file ? { value: found.value, origin: { kind: "interpolated", at, variable, interpolationFile: found.file, ...found.at ? { valueAt: found.at } : {} } } : { value: found.value, origin: { kind: "shell", at, variable } } : { value: void 0, origin: { kind: "unset", at, variable } };
}
function readEnvFile(file, first, values, root) {
  let shown = displayPath(file, root), out = [], lookup = (n) => first(n) ?? values.get(n);
  for (let entry of parseEnvFile(shown, readFileSync(file, "utf8"))) {
    let value = entry.inherited ? first(entry.name) : entry.interpolated ? evaluate(parseTemplate(entry.value, entry.at), lookup).value : entry.value;
    value !== void 0 && (values.set(entry.name, value), out.push(entry.inherited ? { name: entry.name, value, file: shown, at: entry.at, inherited: !0 } : { name: entry.name, value, file: shown, at: entry.at }));
  }
  return out;
}
function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}
function displayPath(file, root) {
  let rel = relative(root, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

// packages/compose/src/pin.ts
var import_yaml2 = __toESM(require_dist(), 1);
var PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$/;
function pinImage(text, service, imageRef, file = "compose file") {
  if (!imageRef || /[\s\u0000-\u001f\u007f]/.test(imageRef)) throw new UsageError(`The image reference to pin into ${file} must be one word without spaces or control characters.`);
  parseComposeFile(file, text);
  let { text: body, dropped } = stripBom(text), docs = (0, import_yaml2.parseAllDocuments)(body, { prettyErrors: !1, uniqueKeys: !0, merge: !1 }), edits = [], insertAt, found = !1;
  for (let doc of Array.isArray(docs) ? docs : []) {
    let root = doc.contents;
    if (!(0, import_yaml2.isMap)(root)) continue;
    let services = pairOf(root, "services")?.value;
    if (!(0, import_yaml2.isMap)(services)) continue;
    let pair = pairOf(services, service);
    if (!pair) continue;
    found = !0;
    let node = pair.value;
    if ((0, import_yaml2.isAlias)(node)) throw new UsageError(`Service "${service}" in ${file} is an alias of an anchor shared with other services; pinning its image there would change them too. Give the service its own mapping.`);
    if (!(0, import_yaml2.isMap)(node)) continue;
    let image = pairOf(node, "image");
    if (!image) {
      insertAt ??= { map: node };
      continue;
    }
    let value = image.value;
    if ((0, import_yaml2.isAlias)(value)) throw new UsageError(`The image of service "${service}" in ${file} is an alias (*${value.source}); pinning it would change every service that uses the anchor. Write the image on the service.`);
    if (!(0, import_yaml2.isScalar)(value) || !value.range) throw new UsageError(`The image of service "${service}" in ${file} is not a plain string.`);
    edits.push({ start: value.range[0], end: value.range[1], text: formatLike(value, imageRef, file, service) });
  }
  if (!found) throw new UsageError(`${file} has no service "${service}" under services: (check --service).`);
  if (edits.length === 0) {
    if (!insertAt) throw new UsageError(`Service "${service}" in ${file} has no mapping to add an image to.`);
    edits.push(insertion(body, insertAt.map, imageRef, file, service));
  }
  let out = body;
  for (let edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  let result = text.slice(0, dropped) + out, pinned = parseComposeFile(file, result).images.filter((i) => i.service === service);
  if (pinned.length === 0 || pinned.some((i) => i.image !== imageRef))
    throw new ComposeSyntaxError(file, void 0, `pinning the image of service "${service}" did not give the expected file; it was left unchanged.`);
  return result;
}
function pairOf(map, key) {
  return map.items.find((p) => (0, import_yaml2.isScalar)(p.key) && String(p.key.value) === key);
}
function formatLike(old, ref, file, service) {
  switch (old.type) {
    case "QUOTE_SINGLE":
      return `'${ref.replace(/'/g, "''")}'`;
    case "QUOTE_DOUBLE":
      return JSON.stringify(ref);
    case "PLAIN":
      return PLAIN_SAFE.test(ref) ? ref : JSON.stringify(ref);
    default:
      throw new UsageError(`The image of service "${service}" in ${file} is written as a block scalar; write it on one line to pin it.`);
  }
}
function insertion(body, map, ref, file, service) {
  let first = map.items[0]?.key;
  if (map.flow || !first?.range) throw new UsageError(`Service "${service}" in ${file} is written in flow style ({...}) without an image; add image: to it by hand once.`);
  let keyStart = first.range[0], lineStart = body.lastIndexOf(`
`, keyStart - 1) + 1, indent = body.slice(lineStart, keyStart);
  if (!/^[ ]*$/.test(indent)) throw new UsageError(`Service "${service}" in ${file} has its first key on the line of something else; add image: to it by hand once.`);
  let eol = body.includes(`\r
`) ? `\r
` : `
`, value = PLAIN_SAFE.test(ref) ? ref : JSON.stringify(ref);
  return { start: lineStart, end: lineStart, text: `${indent}image: ${value}${eol}` };
}

// packages/compose/src/explain.ts
var where = (at) => `${at.file}:${at.line}`;
function describeOrigin(project, service, variable) {
  let value = project.services[service]?.environment[variable];
  if (!value) return `service ${service} does not set ${variable}`;
  let { origin } = value, subject = `service ${service} gets ${variable}`;
  switch (origin.kind) {
    case "literal":
      return `${subject} from a literal in ${where(origin.at)}`;
    case "env_file":
      return `${subject} from its env_file ${where(origin.at)}`;
    case "shell":
      return `${subject} from the shell environment (passed through in ${where(origin.at)})`;
    case "interpolated":
      return `${subject} from \${${origin.variable}} in ${where(origin.at)}, ${origin.interpolationFile ? `set in the interpolation file ${origin.interpolationFile}` : "set in the shell environment"}`;
    case "unset":
      return origin.error ? `${subject} from nothing: compose refuses to start (${origin.error}, ${where(origin.at)})` : value.value !== void 0 ? `${subject} with \${${origin.variable}} in ${where(origin.at)} not set: compose substitutes ""` : `${subject} from nothing: ${where(origin.at)} passes it through but neither the shell nor the interpolation file sets it`;
    case "fallback": {
      let lacking = origin.interpolationFile ? `neither the shell nor the interpolation file ${origin.interpolationFile} sets ${origin.variable}` : `the shell does not set ${origin.variable} and there is no interpolation file (compose reads ${project.projectDir}/.env, or --env-file)`, envFiles = new Set(project.services[service].envFiles.map((f) => f.path)), hidden = (value.overrides ?? []).filter((at) => envFiles.has(at.file)), because = hidden.length ? `; ${hidden.map(where).join(", ")} sets it, but an env_file only feeds the container's environment, environment: overrides it, and ${[...new Set(hidden.map((h) => h.file))].join(", ")} is not the interpolation file` : "";
      return `${subject} from the fallback in ${where(origin.at)} because ${lacking}${because}`;
    }
  }
}

export {
  ComposeSyntaxError,
  interpolations,
  parseEnvFile,
  parseComposeFile,
  effectiveConfig,
  pinImage,
  describeOrigin
};
