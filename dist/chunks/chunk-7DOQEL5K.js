import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  UsageError,
  commonOptions
} from "./chunk-KNCBXDSL.js";

// packages/restore-verify/src/names.ts
function tableKey(t) {
  return `${t.schema}\0${t.name}`;
}
var PLAIN_IDENT = /^[a-z_][a-z0-9_$]*$/;
function quoteIdentIfNeeded(ident) {
  return PLAIN_IDENT.test(ident) ? ident : `"${ident.replace(/"/g, '""')}"`;
}
function displayTable(t) {
  return `${quoteIdentIfNeeded(t.schema)}.${quoteIdentIfNeeded(t.name)}`;
}
function parseQualifiedName(text) {
  let parts = [], i = 0, s = text.trim();
  for (; i <= s.length; ) {
    if (s[i] === '"') {
      let out = "";
      for (i++; ; ) {
        if (i >= s.length) return;
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            out += '"', i += 2;
            continue;
          }
          i++;
          break;
        }
        out += s[i++];
      }
      if (out === "") return;
      parts.push(out);
    } else {
      let m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(s.slice(i));
      if (!m) return;
      parts.push(m[0].toLowerCase()), i += m[0].length;
    }
    if (i === s.length) break;
    if (s[i] !== ".") return;
    i++;
  }
  return parts.length >= 1 && parts.length <= 2 ? parts : void 0;
}

// packages/restore-verify/src/definition.ts
var restoreVerifyOptions = [
  {
    name: "dump",
    type: "path",
    description: "The dump to verify: a pg_dump file (plain SQL, gzip'd SQL, custom -Fc, tar -Ft) or a -Fd directory; the format is read from the bytes. Streamed once with constant memory."
  },
  {
    name: "database-url",
    type: "string",
    secret: !0,
    env: "DATABASE_URL",
    aliases: ["url"],
    description: 'The restored database to verify: a postgres:// URL or a libpq "host=... dbname=..." string. With restore, the database the dump is restored into.'
  },
  {
    name: "source-url",
    type: "string",
    secret: !0,
    description: "The live source database, counted as the reference (instead of, or as well as, the dump); with write-manifest, the database whose counts are recorded."
  },
  { name: "manifest", type: "path", description: "A manifest written at backup time by write-manifest: the restore is verified against its per-table counts and ledger version (works for physical backups, no dump needed)." },
  { name: "write-manifest", type: "path", description: "Count every table of source-url (and read its migration ledger) and write them as a JSON manifest to this file, for a later --manifest verification." },
  {
    name: "min-rows",
    type: "list",
    description: `TABLE=N thresholds (repeatable): the restored table must have at least N rows. An unqualified name resolves through the dump's search_path (normally public); quote mixed-case or dotted names: '"Mixed Case"=5'.`
  },
  { name: "max-age", type: "duration", description: "Fail when the dump is older than this (e.g. 24h), from the timestamp in its header." },
  { name: "estimate", type: "boolean", default: "false", description: "Read row counts from the statistics (pg_class.reltuples, pg_stat_user_tables) instead of counting: for huge tables; compared with a 10% tolerance." },
  { name: "restore", type: "boolean", default: "false", description: "Restore the dump into database-url first (pg_restore or psql from PATH; the database must be empty, or use create), then verify." },
  { name: "create", type: "boolean", default: "false", description: "With restore: create the database named in database-url first (it must not exist)." },
  { name: "jobs", type: "integer", default: "1", description: "With restore: parallel pg_restore jobs (custom and directory dumps); also how many tables are counted at once (at least 4)." },
  { name: "drop-after", type: "boolean", default: "false", description: "With restore: drop the restored database at the end (scratch databases in nightly restore tests)." },
  { name: "check-schema", type: "boolean", default: "false", description: "After restore, compare the restored schema with the dump's own schema (schema-verify); differences are findings." },
  { name: "statement-timeout", type: "duration", default: "10m", description: "statement_timeout for each count query; a count that times out is a finding, never a pass." },
  { name: "restore-timeout", type: "duration", default: "2h", description: "With restore: stop pg_restore/psql after this long, exit 3." },
  { name: "connect-timeout", type: "duration", default: "10s", description: "How long to wait for a database connection." },
  ...commonOptions
];
function parseMinRows(items, label = "--min-rows") {
  return items.map((item) => {
    let at = item.lastIndexOf("="), name = at > 0 ? item.slice(0, at) : "", count = at > 0 ? item.slice(at + 1).trim() : "", parts = name ? parseQualifiedName(name) : void 0;
    if (!parts || !/^\d+$/.test(count))
      throw new UsageError(`${label} "${item.slice(0, 80)}" is not TABLE=N; write e.g. monthly_kpis=7000 or 'public."Mixed Case"=5'.`);
    return { text: name.trim(), parts, min: Number(count) };
  });
}
function validateCombination(inputs) {
  let has = (v) => v !== void 0 && v.trim() !== "", dump = has(inputs.dump), db = has(inputs["database-url"]), source = has(inputs["source-url"]);
  if (has(inputs["write-manifest"]) && !source) throw new UsageError("--write-manifest records the source database: add --source-url.");
  if (has(inputs.manifest) && !db) throw new UsageError("--manifest verifies a restored database: add --database-url.");
  if (has(inputs.manifest) && has(inputs["write-manifest"])) throw new UsageError("Give either --manifest (verify against one) or --write-manifest (record one), not both.");
  if (!dump && !db && !source)
    throw new UsageError("Nothing to verify: give --dump FILE (the dump), --database-url (the restored database), or --source-url with --write-manifest.");
  if (inputs.restore && (!dump || !db)) throw new UsageError("--restore needs --dump (what to restore) and --database-url (where to restore it).");
  for (let flag of ["create", "drop-after"])
    if (inputs[flag] && !inputs.restore) throw new UsageError(`--${flag} only applies with --restore; add --restore or drop --${flag}.`);
  if (inputs.jobs < 1) throw new UsageError("--jobs must be at least 1.");
  if (inputs["check-schema"] && (!dump || !db)) throw new UsageError("--check-schema compares the restored database with the dump's schema: it needs --dump and --database-url.");
  if (inputs.estimate && !db && !source) throw new UsageError("--estimate reads statistics of a database: add --database-url or --source-url.");
  if (inputs["max-age"] !== void 0 && !dump) throw new UsageError("--max-age reads the dump's own timestamp: add --dump.");
  if (inputs["max-age"] !== void 0 && inputs["max-age"] <= 0) throw new UsageError("--max-age needs a duration longer than 0, e.g. --max-age 24h.");
  parseMinRows(inputs["min-rows"]);
}
var restoreVerify = {
  name: "restore-verify",
  title: "Prove a restore is complete, table by table.",
  description: "Streams the dump (plain, gzip, custom, directory, tar) to count each table's rows, finds truncated or corrupt dumps, and compares the restored database with a reference beyond the dump: the source database, a manifest written at backup time, or row thresholds. Also checks sequences, the migration ledger, the dump's age, and (optionally) restores the dump and verifies its schema.",
  options: restoreVerifyOptions,
  async run(inputs, ctx) {
    validateCombination(inputs);
    let { runRestoreVerify } = await import("./run-5XVAMUO4.js");
    return runRestoreVerify(inputs, ctx);
  }
};

export {
  tableKey,
  displayTable,
  parseQualifiedName,
  parseMinRows,
  validateCombination,
  restoreVerify
};
