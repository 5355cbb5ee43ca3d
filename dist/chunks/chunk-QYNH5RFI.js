import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  UsageError
} from "./chunk-TLNJN7T6.js";

// packages/migrations/src/files.ts
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// packages/migrations/src/version.ts
var chunk = /(\d+)|(\D+)/g;
function compareVersions(a, b) {
  let ca = a.match(chunk) ?? [], cb = b.match(chunk) ?? [], n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    let x = ca[i], y = cb[i], xd = /^\d/.test(x), yd = /^\d/.test(y);
    if (xd && yd) {
      let c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (x !== y)
      return xd !== yd ? xd ? -1 : 1 : x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}
function normalizeVersion(version) {
  return version.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ""));
}
function compareDigits(x, y) {
  let a = x.replace(/^0+/, ""), b = y.replace(/^0+/, "");
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

// packages/migrations/src/files.ts
var migrationFormats = ["sql", "dbmate", "golang-migrate", "flyway"], sqlName = /^(\d+)(?:[_-](.*))?\.sql$/, dbmateName = /^(\d+)_(.*)\.sql$/, golangName = /^(\d+)_(.*)\.(up|down)\.sql$/, flywayVersioned = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql(\.conf)?$/, flywayRepeatable = /^R__(.*)\.sql(\.conf)?$/;
function parseMigrationFileName(format, fileName, dir = ".") {
  if (fileName.startsWith(".")) return;
  let where = join(dir, fileName);
  switch (format) {
    case "sql": {
      if (!fileName.endsWith(".sql")) return;
      let m = sqlName.exec(fileName);
      if (!m) throw badName(where, "sql", "<version>_<name>.sql, e.g. 0001_create_users.sql");
      return { kind: "single", version: m[1], name: m[2] ?? "" };
    }
    case "dbmate": {
      if (!fileName.endsWith(".sql")) return;
      let m = dbmateName.exec(fileName);
      if (!m) throw badName(where, "dbmate", "<version>_<name>.sql, e.g. 20240101120000_create_users.sql");
      return { kind: "single", version: m[1], name: m[2] };
    }
    case "golang-migrate": {
      if (!fileName.endsWith(".sql")) return;
      let m = golangName.exec(fileName);
      if (!m) throw badName(where, "golang-migrate", "<version>_<name>.up.sql and <version>_<name>.down.sql");
      return { kind: m[3], version: m[1], name: m[2] };
    }
    case "flyway": {
      if (!fileName.endsWith(".sql") && !fileName.endsWith(".sql.conf")) return;
      let r = flywayRepeatable.exec(fileName);
      if (r) return { kind: r[2] ? "config" : "repeatable", version: "", name: flywayDescription(r[1]) };
      let m = flywayVersioned.exec(fileName);
      if (!m) throw badName(where, "flyway", "V<version>__<description>.sql (e.g. V1_1__init.sql), U<version>__<description>.sql or R__<description>.sql");
      let version = m[2].replace(/_/g, ".");
      return m[4] ? { kind: "config", version, name: flywayDescription(m[3]) } : { kind: m[1] === "V" ? "up" : "down", version, name: flywayDescription(m[3]) };
    }
    default:
      throw unknownFormat(format);
  }
}
function readMigrations(dir, format) {
  if (!migrationFormats.includes(format)) throw unknownFormat(format);
  let files = listFiles(dir, format === "flyway");
  switch (format) {
    case "sql":
      return sortMigrations(readSingles(dir, files, format));
    case "dbmate":
      return sortMigrations(readSingles(dir, files, format));
    case "golang-migrate":
      return sortMigrations(readPairs(dir, files, format));
    case "flyway":
      return sortMigrations(readPairs(dir, files, format));
  }
}
function readSingles(dir, files, format) {
  let out = [];
  for (let rel of files) {
    let parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    let file = join(dir, rel), { text, checksum } = readText(file);
    if (format === "sql") {
      let noTransaction = /^--\s*preflight:no-transaction\s*$/.test(text.split(`
`, 1)[0].replace(/\r$/, ""));
      out.push({ version: parsed.version, name: parsed.name, file, upSql: text, upStartLine: 1, noTransaction, checksum });
    } else
      out.push({ version: parsed.version, name: parsed.name, file, checksum, ...dbmateSections(file, text) });
  }
  return rejectDuplicates(out, dir), out;
}
function readPairs(dir, files, format) {
  let ups = /* @__PURE__ */ new Map(), downs = /* @__PURE__ */ new Map(), noTx = /* @__PURE__ */ new Set(), repeatables = [];
  for (let rel of files) {
    let parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    let file = join(dir, rel), key = parsed.kind === "repeatable" || parsed.kind === "config" && parsed.version === "" ? `R:${parsed.name}` : normalizeVersion(parsed.version);
    if (parsed.kind === "config") {
      /^\s*executeInTransaction\s*=\s*false\s*$/m.test(readText(file).text) && noTx.add(key);
      continue;
    }
    let { text, checksum } = readText(file);
    if (parsed.kind === "down") {
      if (downs.has(key)) throw duplicate(dir, parsed.version, [downs.get(key).file, file]);
      downs.set(key, { file, sql: text });
      continue;
    }
    let migration = { version: parsed.version, name: parsed.name, file, upSql: text, upStartLine: 1, noTransaction: !1, checksum };
    if (parsed.kind === "repeatable") {
      if (repeatables.some((r) => r.name === parsed.name)) throw duplicate(dir, `R__${parsed.name}`, [repeatables.find((r) => r.name === parsed.name).file, file]);
      repeatables.push(migration);
      continue;
    }
    let existing = ups.get(key);
    if (existing) throw duplicate(dir, parsed.version, [existing.file, file]);
    ups.set(key, migration);
  }
  for (let [key, down] of downs) {
    let up = ups.get(key);
    if (!up) {
      let what = format === "flyway" ? `a V${down.file.match(/U([\d._]+)__/)?.[1] ?? ""}__ file` : "a matching .up.sql file";
      throw new UsageError(`Migration ${down.file} is an undo/down migration without ${what}; add the up migration or remove the file.`);
    }
    up.downSql = down.sql;
  }
  for (let [key, m] of ups) noTx.has(key) && (m.noTransaction = !0);
  for (let r of repeatables) noTx.has(`R:${r.name}`) && (r.noTransaction = !0);
  return [...ups.values(), ...repeatables];
}
function dbmateSections(file, text) {
  let lines = text.split(`
`), up, down;
  if (lines.forEach((raw, i) => {
    let m = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/.exec(raw.replace(/\r$/, ""));
    m && (m[1] === "up" && !up && (up = { line: i, options: m[2] ?? "" }), m[1] === "down" && down === void 0 && (down = i));
  }), !up) throw new UsageError(`Migration ${file} has no "-- migrate:up" line; dbmate needs one before the up SQL, so add it (and "-- migrate:down" before the rollback SQL).`);
  let section = (from) => {
    let to = down !== void 0 && down > from ? down : lines.length, until = up.line > from && up.line < to ? up.line : to;
    return lines.slice(from + 1, until).join(`
`);
  };
  return {
    upSql: section(up.line),
    upStartLine: up.line + 2,
    downSql: down === void 0 ? void 0 : section(down),
    noTransaction: /(^|\s)transaction:false(\s|$)/.test(up.options)
  };
}
function sortMigrations(migrations) {
  return migrations.sort((a, b) => a.version === "" != (b.version === "") ? a.version === "" ? 1 : -1 : compareVersions(a.version, b.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
function rejectDuplicates(migrations, dir) {
  let seen = /* @__PURE__ */ new Map();
  for (let m of migrations) {
    let key = normalizeVersion(m.version), other = seen.get(key);
    if (other) throw duplicate(dir, m.version, [other.file, m.file]);
    seen.set(key, m);
  }
}
function listFiles(dir, recursive) {
  let entries;
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`Migrations directory ${dir} is not a directory; point it at the folder that holds the migration files.`);
    entries = readdirSync(dir, { withFileTypes: !0, recursive });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    let code = error.code, why = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "error"})`;
    throw new UsageError(`Migrations directory ${dir} ${why}; check the path (it is relative to the working directory) and its permissions.`, { cause: error });
  }
  return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => relative(dir, join(e.parentPath ?? e.path ?? dir, e.name))).filter((rel) => !rel.split(/[\\/]/).some((part) => part.startsWith("."))).sort();
}
function readText(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`Migration file ${file} cannot be read (${error.code ?? "error"}); check its permissions.`, { cause: error });
  }
  let checksum = createHash("sha256").update(bytes).digest("hex");
  return { text: bytes.toString("utf8").replace(/^\uFEFF/, ""), checksum };
}
function baseName(rel) {
  return rel.split(/[\\/]/).pop();
}
function flywayDescription(raw) {
  return raw.replace(/_/g, " ");
}
function badName(file, format, expected) {
  return new UsageError(`Migration file ${file} does not follow the ${format} naming scheme; rename it to ${expected}.`);
}
function duplicate(dir, version, files) {
  return new UsageError(`Migrations directory ${dir} has two migrations with version ${version} (${files.join(" and ")}); give one of them a new version.`);
}
function unknownFormat(format) {
  return new UsageError(`Unknown migrations format "${format}"; use one of ${migrationFormats.join(", ")}.`);
}

// packages/migrations/src/alembic.ts
import { readdirSync as readdirSync2, readFileSync as readFileSync2, statSync as statSync2 } from "node:fs";
import { join as join2 } from "node:path";
var revisionLine = /^revision\s*(?::[^=\n]*)?=\s*(['"])([^'"\n]+)\1/m, downLine = /^down_revision\s*(?::[^=\n]*)?=\s*(\(|\[)?/m;
function parseAlembicRevision(source, file) {
  let rev = revisionLine.exec(source);
  if (!rev) return;
  let down = downLine.exec(source), downRevisions = [];
  if (down) {
    let from = down.index + down[0].length, close = down[1] === "(" ? ")" : down[1] === "[" ? "]" : `
`, end = source.indexOf(close, from);
    downRevisions = [...source.slice(from, end < 0 ? source.length : end).replace(/#.*$/gm, "").matchAll(/(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
  }
  return { revision: rev[2], downRevisions, file };
}
function alembicHeads(versionsDir) {
  let names;
  try {
    if (!statSync2(versionsDir).isDirectory()) throw new Error("not a directory");
    names = readdirSync2(versionsDir).filter((f) => f.endsWith(".py") && f !== "__init__.py").sort();
  } catch (error) {
    throw new UsageError(`Alembic versions directory ${versionsDir} cannot be read (${error.code ?? "not a directory"}); point it at alembic/versions (the folder with the revision files).`, { cause: error });
  }
  let revisions = /* @__PURE__ */ new Map();
  for (let name of names) {
    let file = join2(versionsDir, name), source;
    try {
      source = readFileSync2(file, "utf8");
    } catch (error) {
      throw new UsageError(`Alembic revision file ${file} cannot be read (${error.code ?? "error"}); check its permissions.`, { cause: error });
    }
    let parsed = parseAlembicRevision(source, file);
    if (!parsed) continue;
    let other = revisions.get(parsed.revision);
    if (other) throw new UsageError(`Alembic revision ${parsed.revision} is declared twice (${other.file} and ${file}); give one of them a new revision id.`);
    revisions.set(parsed.revision, parsed);
  }
  let pointedTo = /* @__PURE__ */ new Set();
  for (let r of revisions.values()) for (let d of r.downRevisions) pointedTo.add(d);
  return { heads: [...revisions.keys()].filter((r) => !pointedTo.has(r)).sort(), revisions: revisions.size };
}

// packages/migrations/src/sql-split.ts
function scanSql(text, options = {}) {
  let lineAt = lineIndex(text), statements = [], metaCommands = [], n = text.length, stmtStart = -1, lineStart = 0, i = 0, begin = (at) => {
    stmtStart < 0 && (stmtStart = at);
  }, finish = (end) => {
    stmtStart >= 0 && statements.push({ sql: text.slice(stmtStart, end), start: stmtStart, end, line: lineAt(stmtStart) }), stmtStart = -1;
  };
  for (; i < n; ) {
    let ch = text[i], next = text[i + 1];
    if (ch === `
`)
      lineStart = i + 1, i++;
    else if (ch === " " || ch === "	" || ch === "\r" || ch === "\f" || ch === "\v")
      i++;
    else if (ch === "-" && next === "-")
      i = indexOrEnd(text, `
`, i);
    else if (ch === "/" && next === "*")
      i = skipBlockComment(text, i);
    else if (ch === "\\" && options.psqlMeta && text.slice(lineStart, i).trim() === "") {
      let end = indexOrEnd(text, `
`, i), command = /^\\(\.|[^\s\\]*)/.exec(text.slice(i, end))?.[1] ?? "";
      metaCommands.push({ command, line: lineAt(i), start: lineStart, end }), i = end;
    } else if (ch === "'") {
      begin(i);
      let escapes = (text[i - 1] === "E" || text[i - 1] === "e") && !isIdentChar(text[i - 2]);
      i = skipQuoted(text, i, "'", escapes);
    } else if (ch === '"')
      begin(i), i = skipQuoted(text, i, '"', !1);
    else if (ch === "$" && !isIdentChar(text[i - 1])) {
      begin(i);
      let tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 128))?.[0];
      if (tag) {
        let close = text.indexOf(tag, i + tag.length);
        i = close < 0 ? n : close + tag.length;
      } else
        i++;
    } else ch === ";" ? (begin(i), finish(i + 1), i++) : (begin(i), i++);
  }
  return finish(n), { statements, metaCommands };
}
function lineIndex(text) {
  let starts = [0];
  for (let i = text.indexOf(`
`); i >= 0; i = text.indexOf(`
`, i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0, hi = starts.length - 1;
    for (; lo < hi; ) {
      let mid = lo + hi + 1 >> 1;
      starts[mid] <= index ? lo = mid : hi = mid - 1;
    }
    return lo + 1;
  };
}
function indexOfPosition(text, position) {
  let index = 0;
  for (let chars = 1; chars < position && index < text.length; chars++) {
    let code = text.charCodeAt(index);
    index += code >= 55296 && code <= 56319 ? 2 : 1;
  }
  return Math.min(index, text.length);
}
function lineOfPosition(text, position) {
  return lineIndex(text)(indexOfPosition(text, position));
}
function indexOrEnd(text, needle, from) {
  let at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}
function skipBlockComment(text, i) {
  let depth = 0;
  for (; i < text.length; )
    if (text[i] === "/" && text[i + 1] === "*")
      depth++, i += 2;
    else if (text[i] === "*" && text[i + 1] === "/") {
      if (depth--, i += 2, depth === 0) return i;
    } else
      i++;
  return i;
}
function skipQuoted(text, i, quote, backslashEscapes) {
  for (i++; i < text.length; ) {
    let ch = text[i];
    if (backslashEscapes && ch === "\\")
      i += 2;
    else if (ch === quote)
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    else
      i++;
  }
  return i;
}
function isIdentChar(ch) {
  return ch !== void 0 && /[\w$\u0080-\uffff]/.test(ch);
}

export {
  compareVersions,
  normalizeVersion,
  readMigrations,
  alembicHeads,
  scanSql,
  lineIndex,
  indexOfPosition,
  lineOfPosition
};
