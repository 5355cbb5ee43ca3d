import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  connectClient,
  connectionUrl,
  databaseEnv,
  quoteIdent,
  runCommand
} from "./chunk-I72KYDSH.js";
import {
  parseConnection
} from "./chunk-DTPCLYKG.js";
import {
  CouldNotRunError,
  UsageError,
  redact
} from "./chunk-KNCBXDSL.js";

// packages/restore-verify/src/restore.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
var run = promisify(execFile), LOST_CONNECTION = /server closed the connection unexpectedly|connection to server was lost|could not send data to server|could not receive data from server|SSL SYSCALL error|no connection to the server/i, ERROR_LINE = /(^|\s)(ERROR|FATAL|PANIC):|^pg_restore: error:|errors ignored on restore|^gzip: |^psql: error:/;
function toolFor(dump) {
  return dump.format === "plain" || dump.format === "gzip" ? "psql" : "pg_restore";
}
function onDatabase(target, database) {
  return parseConnection(connectionUrl(target, { database }), { inputName: "database-url", connectTimeoutMs: target.config.connectionTimeoutMillis });
}
async function restoreDump(path, dump, target, inputs, ctx, onTargetReady = () => {
}) {
  let tool = toolFor(dump);
  return await checkTool(tool, dump), inputs.create ? await createDatabase(target) : await assertEmpty(target), onTargetReady(), (await loadDump(path, dump, target, { jobs: inputs.jobs, timeoutMs: inputs["restore-timeout"], ctx })).findings;
}
async function loadDump(path, dump, target, opts) {
  let tool = toolFor(dump), env = { ...databaseEnv(process.env, target), PREFLIGHT_DUMP: path }, parallel = opts.jobs > 1 && (dump.format === "custom" || dump.format === "directory") ? ` --jobs=${opts.jobs}` : "", command = tool === "pg_restore" ? `pg_restore --no-owner${opts.schemaOnly ? " --schema-only" : ""}${parallel} -d "$DATABASE_URL" "$PREFLIGHT_DUMP"` : dump.format === "gzip" ? 'gzip -dc -- "$PREFLIGHT_DUMP" | psql -X -q -v ON_ERROR_STOP=0 -d "$DATABASE_URL" -f -' : 'psql -X -q -v ON_ERROR_STOP=0 -d "$DATABASE_URL" -f "$PREFLIGHT_DUMP"', errors = [], errorCount = 0, lost, result = await runCommand(command, env, {
    timeoutMs: opts.timeoutMs,
    tailLines: 5,
    onLine: (line) => {
      LOST_CONNECTION.test(line) && (lost ??= line), ERROR_LINE.test(line) && (errorCount++, errors.length < 10 && errors.push(line), opts.ctx.log.warn(line));
    },
    onStdout: () => {
    }
  });
  if (result.timedOut) throw new CouldNotRunError(`${tool} did not finish within --restore-timeout (${Math.round(opts.timeoutMs / 6e4)} min); it was stopped, so the restore is incomplete.`);
  if (result.code === 127) throw new CouldNotRunError(`${tool} was not found on PATH; install the PostgreSQL client tools (e.g. apt-get install postgresql-client-15) and try again.`);
  if (lost !== void 0) throw new CouldNotRunError(redact(`${tool} lost its connection to ${target.display} (${lost.trim()}), so the restore is incomplete; run again.`));
  let findings = [];
  if (errorCount > 0 || result.code !== 0) {
    let shown = errors.length ? errors : result.tail;
    findings.push({
      rule: "restore-errors",
      severity: "error",
      object: target.display,
      message: redact(`${tool} ${result.code === 0 ? "exited 0 but printed" : `exited ${result.code ?? result.signal} with`} ${errorCount} error line${errorCount === 1 ? "" : "s"}${shown.length ? `; first: ${shown[0]}` : ""}`),
      fix: shown.slice(0, 10).join(`
`)
    });
  }
  return { findings, errors };
}
async function checkTool(tool, dump) {
  let out;
  try {
    out = (await run(tool, ["--version"], { timeout: 3e4 })).stdout;
  } catch (error) {
    throw error.code === "ENOENT" ? new CouldNotRunError(`${tool} was not found on PATH; install the PostgreSQL client tools of the dump's version or newer (e.g. apt-get install postgresql-client-15) and try again.`) : new CouldNotRunError(`${tool} --version failed (${redact(error.message)}); check the PostgreSQL client installation.`);
  }
  let have = /(\d+)(?:\.(\d+))?/.exec(out.replace(/^[^\d]*/, "")), want = /^(\d+)/.exec(dump.header.dumpVersion ?? "");
  if (have && want && Number(have[1]) < Number(want[1]))
    throw new CouldNotRunError(`${tool} ${have[0]} is older than the pg_dump ${want[1]} that wrote the dump${dump.header.archiveVersion ? ` (archive ${dump.header.archiveVersion})` : ""} and may not read it; install postgresql-client-${want[1]} or newer and put it first on PATH.`);
}
async function createDatabase(target) {
  let name = target.database;
  if (!name) throw new UsageError("--create needs a database name in --database-url (postgres://.../NAME).");
  let admin = await connectClient(onDatabase(target, "postgres"), { applicationName: "preflight restore-verify" });
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    throw error.code === "42P04" ? new UsageError(`--create: database "${name}" already exists; choose a new name in --database-url, or drop --create to restore into it when it is empty.`) : new CouldNotRunError(`CREATE DATABASE "${name}" failed: ${redact(error.message)}.`);
  } finally {
    await admin.end().catch(() => {
    });
  }
}
async function assertEmpty(target) {
  let client = await connectClient(target, { applicationName: "preflight restore-verify" });
  try {
    let { rows } = await client.query(
      `SELECT count(*) AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`
    ), n = Number(rows[0].n);
    if (n > 0) throw new UsageError(`--restore: database ${target.display} is not empty (${n} relations); restore into an empty database, or add --create with a new database name.`);
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function dropDatabase(target, ctx) {
  if (!target.database) return;
  let admin = await connectClient(onDatabase(target, "postgres"), { applicationName: "preflight restore-verify" });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(target.database)} WITH (FORCE)`), ctx.log.info(`Dropped database ${target.database} (--drop-after).`);
  } finally {
    await admin.end().catch(() => {
    });
  }
}
function shadowName() {
  return `preflight_shadow_${randomBytes(5).toString("hex")}`;
}

export {
  toolFor,
  onDatabase,
  restoreDump,
  loadDump,
  dropDatabase,
  shadowName
};
