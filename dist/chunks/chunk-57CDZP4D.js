import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  diffSchemas,
  fixScript,
  introspect,
  qname,
  quoteRole,
  readSnapshot,
  settleRewrites,
  toSnapshot
} from "./chunk-V63QWCG6.js";
import {
  alembicHeads,
  connectClient,
  databaseEnv,
  esm_default,
  ledgerFindings,
  ledgerTableNames,
  lineOfPosition,
  readLedgers,
  readMigrationsDir,
  runCommand,
  scanSql,
  startPostgres,
  targetForDatabase,
  withClient
} from "./chunk-I72KYDSH.js";
import {
  parseConnection
} from "./chunk-DTPCLYKG.js";
import {
  expectedSources
} from "./chunk-XUUNJEHW.js";
import {
  emptyModel,
  qualifiedKey
} from "./chunk-LJFF4CTR.js";
import {
  CouldNotRunError,
  UsageError,
  excerpt,
  labelOf,
  redact,
  stderrLine,
  writeFileAtomic,
  writeJsonFileAtomic
} from "./chunk-KNCBXDSL.js";

// packages/schema-verify/src/run.ts
import { accessSync, constants, existsSync, readFileSync as readFileSync2 } from "node:fs";
import { basename } from "node:path";

// packages/schema-verify/src/rls.ts
function tenantTables(model, markerColumns) {
  if (markerColumns.length === 0) return [];
  let markers = new Set(markerColumns), tables = [];
  for (let [key, def] of Object.entries(model.tables)) {
    if (def.partitionOf) continue;
    let columns = def.columns.filter((c) => markers.has(c.name)).map((c) => c.name);
    columns.length > 0 && tables.push({ key, def, columns });
  }
  return tables;
}
function rlsFindings(model, markerColumns) {
  let findings = [];
  for (let { key, def: table, columns } of tenantTables(model, markerColumns)) {
    let name = qname(table.schema, table.name), marker = columns.join(", ");
    table.rowSecurity ? Object.keys(table.policies).length === 0 && findings.push({
      rule: "rls-no-policy",
      severity: "error",
      object: key,
      message: `Table ${key} has row-level security enabled but no policy, so it does not isolate tenants by ${marker}.`,
      fix: `CREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table.columns, columns[0])});`
    }) : findings.push({
      rule: "rls-not-enabled",
      severity: "error",
      object: key,
      message: `Table ${key} has ${marker} but row-level security is not enabled, so tenants can read each other's rows.`,
      fix: `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table.columns, columns[0])});`
    });
  }
  return findings;
}
function typeOf(columns, name) {
  return columns.find((c) => c.name === name)?.type ?? "text";
}

// packages/schema-verify/src/app-role.ts
var roleQuery = `
SELECT r.rolsuper, r.rolbypassrls,
  (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, o.rolname)), '[]'::json)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_roles o ON o.oid = c.relowner
    WHERE c.relkind IN ('r', 'p')
      -- MEMBER, not only USAGE: a member without INHERIT can still SET ROLE to the owner.
      AND pg_has_role(r.oid, c.relowner, 'MEMBER')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%') AS owned
FROM pg_roles r WHERE r.rolname = $1`;
async function readAppRole(client, role) {
  let row = (await client.query(roleQuery, [role])).rows[0];
  if (!row) return { role, exists: !1, superuser: !1, bypassRls: !1, owned: /* @__PURE__ */ new Map() };
  let owned = new Map(row.owned.map(([schema, name, owner]) => [qualifiedKey(schema, name), { owner }]));
  return { role, exists: !0, superuser: row.rolsuper, bypassRls: row.rolbypassrls, owned };
}
function appRoleFindings(model, markerColumns, facts) {
  let tables = tenantTables(model, markerColumns);
  if (tables.length === 0) return [];
  let { role } = facts, names = listed(tables.map((t) => t.key));
  if (!facts.exists)
    return [{
      rule: "app-role-missing",
      severity: "error",
      object: role,
      message: `Role ${role} (--app-role) does not exist in the live database, so whether ${names} isolate tenants for the app cannot be checked.`,
      fix: `Name the role the application connects as (SELECT current_user; from the app), or create it: CREATE ROLE ${quoteRole(role)} LOGIN;`
    }];
  let findings = [];
  if (facts.superuser || facts.bypassRls) {
    let what = facts.superuser ? "a superuser" : "BYPASSRLS";
    if (findings.push({
      rule: "rls-bypassed-by-role",
      severity: "error",
      object: role,
      message: `Role ${role} (--app-role) is ${what}, so no row-level security policy applies to it: it reads every tenant's rows of ${names}.`,
      fix: `ALTER ROLE ${quoteRole(role)} ${facts.superuser ? "NOSUPERUSER" : "NOBYPASSRLS"};
-- and run migrations, if they need it, as a separate role.`
    }), facts.superuser) return findings;
  }
  for (let table of tables) {
    let owned = facts.owned.get(table.key);
    if (!owned || table.def.forceRowSecurity) continue;
    let name = qname(table.def.schema, table.def.name), how = owned.owner === role ? `${role} owns ${table.key}` : `${role} is a member of ${owned.owner}, which owns ${table.key}`;
    findings.push({
      rule: "rls-owner-not-forced",
      severity: "error",
      object: table.key,
      message: `Row-level security on ${table.key} does not apply to the app: ${how}, and policies skip the table's owner unless it is forced.`,
      fix: `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;
-- or give the table to a separate migration role: ALTER TABLE ${name} OWNER TO migrator;`
    });
  }
  return findings;
}
function listed(keys) {
  return keys.length <= 3 ? keys.join(", ") : `${keys.slice(0, 3).join(", ")} and ${keys.length - 3} more tenant tables`;
}

// packages/schema-verify/src/expected/load-sql.ts
import { readFileSync } from "node:fs";

// packages/schema-verify/src/expected/run-sql.ts
var CountingQuery = class extends esm_default.Query {
  completed = 0;
  handleCommandComplete(msg, connection) {
    this.completed++, esm_default.Query.prototype.handleCommandComplete.call(this, msg, connection);
  }
};
async function runSqlText(client, text, statements) {
  let query = new CountingQuery(text);
  try {
    await new Promise((resolve, reject) => {
      query.on("end", () => resolve()), query.on("error", reject), client.query(query);
    });
    return;
  } catch (error) {
    let e = error;
    if (!e.severity || !e.code || /^(08|57|53|58|XX)/.test(e.code))
      throw new CouldNotRunError(`The database connection failed while loading SQL: ${redact(String(e.message ?? error))}`, { cause: error });
    let line;
    if (e.position && Number(e.position) > 0)
      line = lineOfPosition(text, Number(e.position));
    else {
      let stmts = statements ?? scanSql(text).statements;
      line = stmts[Math.min(query.completed, stmts.length - 1)]?.line ?? 1;
    }
    let hint = e.hint ? ` (hint: ${e.hint})` : "";
    return { line, message: redact(`${e.message}${hint}`), code: e.code, cause: error };
  }
}

// packages/schema-verify/src/expected/load-sql.ts
var unsupportedMeta = /* @__PURE__ */ new Set(["i", "ir", "include", "include_relative", "copy", "gexec", "gset", "g", "if", "elif", "else", "endif", "."]), copyFromStdin = /^COPY\b[\s\S]*?\bFROM\s+(STDIN|PSTDIN)\b/i;
async function loadSqlFile(client, file, opts = {}) {
  let text;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    let code = error.code, why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? "error"})`;
    throw new UsageError(`Schema file ${file} ${why}; check the path (relative to the working directory) and its permissions.`, { cause: error });
  }
  await loadSqlText(client, text, file, opts);
}
var missingRole = /^role "(.+)" does not exist/;
async function loadSqlText(client, text, file, opts = {}) {
  let { statements, metaCommands } = scanSql(text, { psqlMeta: !0 }), problems = [];
  for (let meta of metaCommands)
    unsupportedMeta.has(meta.command) && problems.push({ line: meta.line, message: `the psql command \\${meta.command} is not supported; inline the SQL it would run (schema-only, no data) so the file loads without psql.` });
  let copy = statements.find((stmt) => copyFromStdin.test(stmt.sql));
  if (copy && problems.push({ line: copy.line, message: "COPY ... FROM stdin data blocks are not supported; use a schema-only dump (pg_dump --schema-only) or remove the data." }), problems.length) {
    let first = problems.sort((a, b) => a.line - b.line)[0];
    throw new UsageError(`${file}:${first.line}: ${first.message}`);
  }
  let sent = text;
  for (let meta of [...metaCommands].reverse()) sent = sent.slice(0, meta.start) + sent.slice(meta.end);
  if (statements.length === 0) return;
  let created = /* @__PURE__ */ new Set();
  for (; ; ) {
    let failure = await runSqlText(client, sent, metaCommands.length ? void 0 : statements);
    if (!failure) break;
    let role = missingRole.exec(failure.message)?.[1];
    if (role && opts.createMissingRoles && !created.has(role) && created.size < 100) {
      created.add(role), await client.query(`CREATE ROLE "${role.replace(/"/g, '""')}" NOLOGIN`);
      continue;
    }
    let hint = role && !opts.createMissingRoles ? " (create the role on the --shadow-url server, or leave --shadow-url out so a throwaway server with the roles the file needs is used)" : "";
    throw new UsageError(`${file}:${failure.line}: ${failure.message}${hint}; fix the file so it loads into an empty database.`, { cause: failure.cause });
  }
  await client.query("RESET ALL");
}

// packages/schema-verify/src/expected/migrations.ts
var ledgerDdl = `CREATE SCHEMA IF NOT EXISTS preflight;
CREATE TABLE IF NOT EXISTS preflight.schema_migrations (
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
async function applyMigrations(client, migrations) {
  await client.query(ledgerDdl);
  let record = (m) => client.query("INSERT INTO preflight.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [m.version, m.name, m.checksum]);
  for (let m of migrations) {
    if (m.noTransaction) {
      for (let stmt of scanSql(m.upSql).statements) {
        let failure2 = await runSqlText(client, stmt.sql);
        if (failure2) throw migrationError(m, { ...failure2, line: stmt.line + failure2.line - 1 });
      }
      await record(m);
      continue;
    }
    await client.query("BEGIN");
    let failure = m.upSql.trim() ? await runSqlText(client, m.upSql) : void 0;
    if (failure)
      throw await client.query("ROLLBACK").catch(() => {
      }), migrationError(m, failure);
    await record(m), await client.query("COMMIT");
  }
  let versions = migrations.filter((m) => m.version !== "").map((m) => m.version);
  return { head: versions[versions.length - 1] ?? "", versions };
}
function migrationError(m, failure) {
  let line = m.upStartLine + failure.line - 1;
  return new UsageError(`${m.file}:${line}: ${failure.message}; fix the migration so it applies on top of the ones before it in an empty database.`, { cause: failure.cause });
}

// packages/schema-verify/src/expected/command.ts
async function runMigrateCommand(command, databaseUrl, opts = {}) {
  let target = parseConnection(databaseUrl, { inputName: "shadow database URL" }), env = databaseEnv(process.env, target, { urlEnv: opts.urlEnv }), timeoutMs = opts.timeoutMs ?? 10 * 6e4, result = await runCommand(command, env, {
    cwd: opts.cwd,
    timeoutMs,
    onLine: opts.onOutput ?? stderrLine
  }), shown = excerpt(command, 200), last = result.tail.length ? `its last output lines: ${result.tail.join(" | ")}` : "it printed nothing.";
  if (result.timedOut)
    throw new CouldNotRunError(`--migrate-command "${shown}" did not finish within ${Math.round(timeoutMs / 1e3)} s and was stopped; ${last}`);
  if (result.code !== 0) {
    let how = result.code === null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    throw new UsageError(`--migrate-command "${shown}" ${how}; ${last}`);
  }
}
var expectedSourceRules = [
  {
    id: "migrate-command-created-nothing",
    title: "The migrate command created nothing in the shadow database",
    severity: "error",
    description: "The migrate command exited 0, but the shadow database it was given has no table, view, sequence, type or function in the compared schemas. Comparing with that empty schema would pass without having looked, so nothing is compared. Usually the tool connected somewhere else: it ignores the URL in DATABASE_URL (alembic with a hard-coded sqlalchemy.url in alembic.ini), or it found no migrations.",
    example: '--migrate-command "alembic upgrade head" exited 0 but left the shadow database empty.',
    fix: 'Make the tool read its URL from DATABASE_URL (or the variable named by url-env): in alembic env.py, config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"]); run it in the directory that holds its migrations.'
  }
];
async function createdNothing(client, command, opts = {}) {
  let schemas = opts.schemas && opts.schemas.length > 0 ? [...opts.schemas] : null;
  if ((await client.query(
    `WITH user_ns AS (
       SELECT oid FROM pg_catalog.pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'preflight')
          AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
          AND ($1::text[] IS NULL OR nspname = ANY($1::text[]))
     ), ext_member AS (
       SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
     )
     SELECT ((SELECT count(*) FROM pg_catalog.pg_class c
               WHERE c.relnamespace IN (SELECT oid FROM user_ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
                 AND c.relname <> ALL($2::text[])
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid))
           + (SELECT count(*) FROM pg_catalog.pg_type t
               WHERE t.typnamespace IN (SELECT oid FROM user_ns) AND t.typtype IN ('e', 'd', 'r', 'm')
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid))
           + (SELECT count(*) FROM pg_catalog.pg_proc p
               WHERE p.pronamespace IN (SELECT oid FROM user_ns)
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid))
           + (SELECT count(*) FROM pg_catalog.pg_extension x WHERE x.extname <> 'plpgsql'))::int AS n`,
    [schemas, [...ledgerTableNames]]
  )).rows[0].n > 0) return;
  let urlEnv = opts.urlEnv ?? "DATABASE_URL", where = schemas ? `in schema${schemas.length === 1 ? "" : "s"} ${schemas.join(", ")}` : "in any schema", rule = expectedSourceRules[0];
  return {
    rule: rule.id,
    severity: "error",
    object: "migrate-command",
    message: redact(
      `--migrate-command "${command}" exited 0, but the shadow database it was given in ${urlEnv} is still empty (no table, view, sequence, type or function ${where}), so there is no expected schema to compare with; the command most likely migrated another database because it ignores ${urlEnv} (a hard-coded sqlalchemy.url in alembic.ini, a URL built in env.py or in the tool's own config file), or it found no migrations in its working directory ${process.cwd()}.`
    ),
    fix: rule.fix.replace("DATABASE_URL", urlEnv)
  };
}

// packages/schema-verify/src/expected/shadow.ts
import { randomBytes } from "node:crypto";
var shadowPrefix = "preflight_shadow_";
async function withShadowDatabase(shadowUrl, fn, opts = {}) {
  let given = shadowUrl === void 0 ? void 0 : parseConnection(shadowUrl, { inputName: "shadow-url", connectTimeoutMs: opts.connectTimeoutMs }), server;
  given || (server = await startPostgres());
  let maintenance = given ?? parseConnection(server.url("postgres"), { inputName: "shadow-url" }), name = `${shadowPrefix}${randomBytes(6).toString("hex")}`, shadow = targetForDatabase(maintenance, name, maintenance.scheme?.includes("+") ? {} : { scheme: opts.urlScheme }), created = !1, cleaning, cleanup = () => cleaning ??= (async () => {
    try {
      created && !server && await dropDatabase(maintenance, name);
    } finally {
      await server?.stop();
    }
  })(), unregister = onInterrupt(cleanup), client, failed = !1;
  try {
    return await createDatabase(maintenance, name), created = !0, client = await connectClient(shadow.target, { applicationName: "preflight shadow" }), await fn({ url: shadow.url, client });
  } catch (error) {
    throw failed = !0, error;
  } finally {
    await client?.end().catch(() => {
    }), unregister();
    try {
      await cleanup();
    } catch (error) {
      let message = `Could not drop the shadow database ${name}: ${redact(error.message)}; drop it by hand.`;
      if (!failed) throw new CouldNotRunError(message, { cause: error });
      stderrLine(message);
    }
  }
}
async function createDatabase(maintenance, name) {
  await withAdmin(maintenance, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      throw error.code === "42501" ? new UsageError(`The --shadow-url user may not create databases (${redact(error.message)}); grant it CREATEDB or use another server.`, { cause: error }) : new CouldNotRunError(`Could not create the shadow database: ${redact(error.message)}.`, { cause: error });
    }
  });
}
async function dropDatabase(maintenance, name) {
  await withAdmin(maintenance, async (admin) => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (error) {
      if (error.code !== "42601") throw error;
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]), await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
    }
  });
}
function withAdmin(maintenance, fn) {
  return withClient(maintenance, fn, { applicationName: "preflight shadow" });
}
var pending = /* @__PURE__ */ new Set(), interrupted = !1;
function onInterrupt(cleanup) {
  return pending.size === 0 && (process.on("SIGINT", handleSignal), process.on("SIGTERM", handleSignal)), pending.add(cleanup), () => {
    pending.delete(cleanup), pending.size === 0 && (process.off("SIGINT", handleSignal), process.off("SIGTERM", handleSignal));
  };
}
function handleSignal(signal) {
  let code = signal === "SIGTERM" ? 143 : 130;
  interrupted && process.exit(code), interrupted = !0;
  let all = [...pending].map((c) => c().catch(() => {
  })), deadline = setTimeout(() => process.exit(code), 15e3);
  Promise.all(all).then(() => {
    clearTimeout(deadline), process.exit(code);
  });
}
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

// packages/schema-verify/src/run.ts
var ledgerIgnores = [...ledgerTableNames.flatMap((t) => [`*.${t}`, `*.${t}.*`, `*.${t}_*`]), "preflight", "preflight.*"];
async function verifySchema(inputs, ctx) {
  let started = Date.now(), timeout = inputs["connect-timeout"], options = { schemas: inputs.schemas.length ? inputs.schemas : void 0, ignorePrivileges: inputs["ignore-privileges"] }, answerTimeoutMs = inputs["query-timeout"], live = inputs["database-url"] ? parseConnection(inputs["database-url"], { inputName: "database-url", connectTimeoutMs: timeout, answerTimeoutMs }) : void 0;
  checkReadable(inputs, ctx);
  let settled = await Promise.allSettled([
    loadExpected(inputs, ctx, options, live?.scheme),
    live ? ctx.log.group(
      `Introspecting ${live.display}`,
      () => (
        // Alone on the machine (snapshot, or no expected side), the live side reads on two
        // connections at once; next to another introspection the two cores are already busy.
        readLive(inputs, options, live.display, () => connectClient(live, { applicationName: "preflight schema-verify" }), inputs["expected-snapshot"] !== void 0 || !hasExpectedSource(inputs))
      )
    ) : void 0
  ]), failures = settled.flatMap((r) => r.status === "rejected" ? [r.reason] : []);
  if (failures.length > 0) throw failures.find((e) => e instanceof UsageError) ?? failures[0];
  let [expected, actual] = settled.map((r) => r.value);
  if (expected?.findings)
    return { findings: expected.findings, summary: "the migrate command created nothing in the shadow database", stats: { expected: expected.label, durationMs: Date.now() - started } };
  if (checkSchemasExist(inputs.schemas, [expected?.model, actual?.model], ctx), inputs["write-snapshot"]) {
    let side = expected ?? actual;
    writeJsonFileAtomic(inputs["write-snapshot"], JSON.parse(toSnapshot(side.model, { ledger: side.ledger })), "write-snapshot"), ctx.log.info(`snapshot of ${side.label} written to ${inputs["write-snapshot"]}`);
  }
  return !expected || !actual ? { findings: [], summary: `snapshot of ${(expected ?? actual).label} written to ${inputs["write-snapshot"]}`, stats: { durationMs: Date.now() - started } } : compareSides(inputs, ctx, expected, actual, () => connectClient(live, { applicationName: "preflight schema-verify" }), started);
}
async function compareSides(inputs, ctx, expected, actual, connectLive, started) {
  let rewrites = await settleRewrites(connectLive, expected.model, actual.model);
  rewrites.settled > 0 && ctx.log.info(`${rewrites.settled} definition${rewrites.settled === 1 ? "" : "s"} differ${rewrites.settled === 1 ? "s" : ""} only as the server rewrites ${rewrites.settled === 1 ? "it" : "them"} (same text after a round trip through the server); not drift`), rewrites.error && ctx.log.warn(`Could not re-read ${rewrites.candidates} differing definition${rewrites.candidates === 1 ? "" : "s"} through the live server (${rewrites.error}); ${rewrites.candidates === 1 ? "it is" : "they are"} compared as text, which may report a dump-and-restore rewrite as drift (grant the role TEMPORARY on the database, or connect to the primary, to re-read ${rewrites.candidates === 1 ? "it" : "them"}).`);
  let drift = diffSchemas(rewrites.model, actual.model, {
    strict: inputs.strict,
    ignorePrivileges: inputs["ignore-privileges"],
    ignore: [...ledgerIgnores, ...inputs.ignore]
  }), rls = rlsFindings(actual.model, inputs["require-rls-for"]);
  actual.appRole && rls.push(...appRoleFindings(actual.model, inputs["require-rls-for"], actual.appRole));
  let ledger = ledgerFindings(actual.ledgers ?? [], expected.ledger, drift.length), findings = [...drift, ...rls, ...ledger.findings];
  inputs["fix-sql"] && (writeFileAtomic(inputs["fix-sql"], fixScript(drift), "fix-sql"), ctx.log.info(`fix script with ${drift.filter((f) => f.fix).length} statements written to ${inputs["fix-sql"]}`));
  let differ = `${drift.length} object${drift.length === 1 ? "" : "s"} differ${drift.length === 1 ? "s" : ""}`, summary = ledger.summary ?? (drift.length === 0 ? `schema matches ${expected.label}` : `${differ} from ${expected.label}`);
  return {
    findings,
    summary,
    stats: {
      expected: expected.label,
      tables: Object.keys(actual.model.tables).length,
      drift: drift.length,
      durationMs: Date.now() - started
    }
  };
}
async function readLive(inputs, options, label, connect, twoConnections) {
  let client = await connect();
  try {
    let model = await introspect(client, { ...options, connect: twoConnections ? connect : void 0 }), appRole = inputs["app-role"] !== void 0 ? await readAppRole(client, inputs["app-role"]) : void 0;
    return { model, ledgers: await readLedgers(client), appRole, label };
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function withConnected(target, fn) {
  let client = await connectClient(target, { applicationName: "preflight schema-verify" });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function loadExpected(inputs, ctx, options, liveScheme) {
  let snapshotFile = inputs["expected-snapshot"];
  if (snapshotFile) {
    let snapshot = readSnapshot(readFileSync2(snapshotFile, "utf8"), snapshotFile);
    return { model: snapshot.model, ledger: snapshot.ledger, label: `snapshot ${snapshotFile}` };
  }
  if (inputs["expected-url"]) {
    let target = parseConnection(inputs["expected-url"], { inputName: "expected-url", connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: inputs["query-timeout"] });
    return ctx.log.group(
      `Introspecting the reference database ${target.display}`,
      () => withConnected(target, async (client) => {
        let ledger = (await readLedgers(client)).find((l) => !l.unreadable);
        return { model: await introspect(client, options), ledger, label: target.display };
      })
    );
  }
  let schemaFile = inputs["expected-schema"], dir = inputs.migrations, command = inputs["migrate-command"];
  if (!schemaFile && !dir && !command) return;
  let read = dir ? readMigrationsDir(dir, inputs["migrations-format"], {
    optionLabel: labelOf("migrations", ctx.source),
    alembicHint: ctx.source === "cli" ? "--migrate-command 'alembic upgrade head'" : "input migrate-command: alembic upgrade head"
  }) : void 0, label = schemaFile ?? (dir ? `migrations in ${dir}` : `"${command}"`);
  return ctx.log.group(
    `Building the expected schema from ${label} on a shadow database`,
    () => withShadowDatabase(inputs["shadow-url"], async ({ url, client }) => {
      let ledger;
      if (schemaFile && await loadSqlFile(client, schemaFile, { createMissingRoles: !inputs["shadow-url"] }), read) {
        let last = read.migrations.filter((m) => m.version !== "").at(-1), stem = last && read.format !== "prisma" ? basename(last.file).replace(/(\.up)?\.sql$/, "") : void 0;
        ledger = { tool: read.format, ...await applyMigrations(client, read.migrations), headAliases: stem ? [stem] : [] };
      }
      if (command) {
        await runMigrateCommand(command, url, { urlEnv: inputs["url-env"], onOutput: (line) => ctx.log.info(line) });
        let nothing = await createdNothing(client, command, { urlEnv: inputs["url-env"], schemas: inputs.schemas });
        if (nothing) return { model: emptyModel(), label, findings: [nothing] };
        ledger = (await readLedgers(client)).find((l) => !l.unreadable), /\balembic\b/.test(command) && existsSync("alembic/versions") && (ledger = { ...ledger, heads: alembicHeads("alembic/versions").heads, source: "alembic/versions" });
      }
      return { model: await introspect(client, options), ledger, label };
    }, { connectTimeoutMs: inputs["connect-timeout"], urlScheme: liveScheme?.includes("+") ? liveScheme : void 0 })
  );
}
function checkSchemasExist(schemas, models, ctx) {
  let known = new Set(models.flatMap((m) => m ? Object.values(m.schemas).map((s) => s.name) : [])), missing = schemas.filter((s) => !known.has(s));
  if (missing.length > 0)
    throw new UsageError(
      `${capitalize(labelOf("schemas", ctx.source))} names ${missing.join(", ")}, which exist${missing.length === 1 ? "s" : ""} in neither database; check the spelling (schemas found: ${[...known].sort().join(", ") || "none"}).`
    );
}
function hasExpectedSource(inputs) {
  return expectedSources.some((k) => inputs[k] !== void 0);
}
function checkReadable(inputs, ctx) {
  let schemaFile = inputs["expected-schema"];
  if (schemaFile?.endsWith(".prisma"))
    throw new UsageError(
      `${capitalize(labelOf("expected-schema", ctx.source))} is a Prisma data model (${schemaFile}), not SQL; render it first with \`npx prisma migrate diff --from-empty --to-schema-datamodel ${schemaFile} --script > schema.sql\` and pass schema.sql.`
    );
  for (let name of ["expected-schema", "expected-snapshot", "migrations"]) {
    let path = inputs[name];
    if (path)
      try {
        accessSync(path, constants.R_OK);
      } catch {
        throw new UsageError(`${capitalize(labelOf(name, ctx.source))} points to ${path}, which does not exist or cannot be read; check the path (relative paths start at ${process.cwd()}).`);
      }
  }
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export {
  readAppRole,
  verifySchema,
  compareSides,
  readLive,
  loadExpected,
  checkSchemasExist,
  checkReadable
};
