import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  alembicHeads,
  compareVersions,
  connectClient,
  connectionUrl,
  databaseEnv,
  detectPoolerFromTarget,
  esm_default,
  indexOfPosition,
  lineIndex,
  normalizeVersion,
  parseAlembicRevision,
  probeTransactionPooler,
  readLedgers,
  readMigrationsDir,
  runCommand,
  scanSql,
  supabaseDirectUrl,
  withAnswerTimeout
} from "./chunk-I72KYDSH.js";
import {
  parseConnection,
  redactUrl
} from "./chunk-DTPCLYKG.js";
import {
  verifyPassThrough
} from "./chunk-SZZ5F22A.js";
import {
  CouldNotRunError,
  UsageError,
  excerpt,
  labelOf
} from "./chunk-KNCBXDSL.js";

// packages/migrate-direct/src/runner/command.ts
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
var downPatterns = [
  /\bdowngrade\b/i,
  /\brollback\b/i,
  /\bmigrate:(down|undo|rollback|reset)/i,
  /\bdb:(drop|reset|schema:load)\b/i,
  /\bmigrate\s+reset\b/i,
  /(^|\s)down(\s|$)/i
];
function downCommandFinding(command, environment, allowDestructive) {
  if (!isProduction(environment) || allowDestructive) return;
  let hit = downPatterns.find((p) => p.test(command));
  if (hit)
    return {
      rule: "down-migration-refused",
      severity: "error",
      object: "command",
      message: `The command "${excerpt(command)}" rolls migrations back (matched ${hit.source}), which drops schema and data in ${environment}; roll forward with a new migration instead, or pass --allow-destructive if this rollback is intended.`
    };
}
function isProduction(environment) {
  return (environment ?? "").trim().toLowerCase() === "production";
}
function alembicHeadsFinding(command, cwd) {
  if (!/\balembic\b/.test(command)) return;
  let versionsDir = alembicVersionsDir(cwd);
  if (!versionsDir) return;
  let { heads } = alembicHeads(versionsDir);
  if (!(heads.length <= 1))
    return {
      rule: "multiple-heads",
      severity: "error",
      object: versionsDir,
      message: `Alembic has ${heads.length} head revisions (${heads.join(", ")}) in ${versionsDir}, so "alembic upgrade head" would fail; merge them with "alembic merge ${heads.join(" ")} -m merge_heads" and commit the result.`,
      fix: `alembic merge ${heads.join(" ")} -m "merge heads"`
    };
}
function alembicVersionsDir(cwd) {
  let location = "alembic", ini = join(cwd, "alembic.ini");
  if (existsSync(ini)) {
    let m = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(readFileSync(ini, "utf8"));
    m && !m[1].includes(":") && (location = m[1].replace(/%\(here\)s/g, cwd));
  }
  let dir = join(isAbsolute(location) ? location : resolve(cwd, location), "versions");
  return existsSync(dir) ? dir : void 0;
}
function commandFailedFinding(command, result) {
  let how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`, last = result.tail.filter((l) => l.trim() !== "").slice(-10);
  return {
    rule: "command-failed",
    severity: "error",
    object: "command",
    message: `The migration command "${excerpt(command)}" ${how}${last.length ? `; last output:
${last.join(`
`)}` : " without output"}`
  };
}
function commandTimedOutError(command, timeoutMs, result) {
  let last = result.tail.filter((l) => l.trim() !== "").slice(-5);
  return new CouldNotRunError(
    `The migration command "${excerpt(command)}" did not finish within ${formatSeconds(timeoutMs)} (--command-timeout) and was stopped with its child processes; check what it applied before running it again, or raise --command-timeout${last.length ? `. Its last output:
${last.join(`
`)}` : "."}`
  );
}
function formatSeconds(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}

// packages/migrate-direct/src/runner/shell-words.ts
var operators = ["&&", "||", ";", "|", "&", `
`, "(", ")"];
function simpleCommands(text) {
  let out = [], words = [], word, endWord = () => {
    word !== void 0 && words.push(word), word = void 0;
  }, endCommand = () => {
    endWord(), words.length > 0 && out.push(words), words = [];
  };
  for (let i = 0; i < text.length; ) {
    let ch = text[i], op = operators.find((o) => text.startsWith(o, i));
    if (op)
      endCommand(), i += op.length;
    else if (ch === " " || ch === "	" || ch === "\r")
      endWord(), i++;
    else if (ch === "'" || ch === '"') {
      let close = text.indexOf(ch, i + 1), to = close < 0 ? text.length : close;
      word = (word ?? "") + text.slice(i + 1, to), i = to + 1;
    } else ch === "\\" && i + 1 < text.length ? (word = (word ?? "") + text[i + 1], i += 2) : (word = (word ?? "") + ch, i++);
  }
  return endCommand(), out.flatMap((words2) => {
    let at = words2.findIndex((w, i) => i > 0 && /^-[a-z]*c$/.test(w) && /^(sh|bash|dash|zsh|ash)$/.test(programName(words2[i - 1]))), script = at >= 0 ? words2[at + 1] : void 0;
    return script ? [words2, ...simpleCommands(script)] : [words2];
  });
}
function programName(word) {
  let noTag = word.replace(/:[\w.-]+$/, "");
  return noTag.slice(noTag.lastIndexOf("/") + 1).toLowerCase();
}

// packages/migrate-direct/src/runner/stamp.ts
var patterns = [
  {
    what: "alembic stamp",
    matches: (p, rest) => p === "alembic" && rest.includes("stamp"),
    program: /\balembic\b/,
    rewrite: (s) => s.replace(/\bstamp(\s+--purge)?\b/, "upgrade")
  },
  {
    what: "prisma migrate resolve --applied",
    matches: (p, rest) => p === "prisma" && rest.includes("migrate") && rest.includes("resolve") && rest.some((w) => w === "--applied" || w.startsWith("--applied=")),
    program: /\bprisma\b/,
    rewrite: (s) => s.replace(/\bresolve\b/, "deploy").replace(/\s--applied(=|\s+)("[^"]*"|'[^']*'|\S+)/, "")
  },
  {
    what: "migrate force (golang-migrate)",
    matches: (p, rest) => p === "migrate" && rest.includes("force"),
    program: /(^|[\s/])migrate\b/,
    rewrite: (s) => s.replace(/\bforce\b/, "goto")
  },
  {
    what: "flyway baseline",
    matches: (p, rest) => p === "flyway" && rest.includes("baseline"),
    program: /\bflyway\b/,
    rewrite: (s) => s.replace(/\bbaseline\b/, "migrate")
  },
  {
    what: "flyway repair",
    matches: (p, rest) => p === "flyway" && rest.includes("repair"),
    program: /\bflyway\b/,
    rewrite: (s) => s.replace(/\brepair\b/, "migrate")
  },
  {
    what: "manage.py migrate --fake (Django)",
    matches: (p, rest) => (p === "manage.py" || p === "django-admin") && rest.includes("migrate") && rest.some((w) => w === "--fake" || w === "--fake-initial"),
    program: /\b(manage\.py|django-admin)\b/,
    rewrite: (s) => s.replace(/\s--fake(-initial)?\b/, "")
  },
  {
    what: "liquibase changelog-sync",
    matches: (p, rest) => p === "liquibase" && rest.some((w) => /^changelog-?sync/i.test(w)),
    program: /\bliquibase\b/,
    rewrite: (s) => s.replace(/\bchangelog-sync\b/, "update").replace(/\bchangelogSync/, "update")
  }
];
function stampCommand(command) {
  for (let words of simpleCommands(command))
    for (let i = 0; i < words.length; i++) {
      let program = programName(words[i]), hit = patterns.find((p) => p.matches(program, words.slice(i + 1)));
      if (!hit) continue;
      let at = hit.program.exec(command)?.index ?? 0;
      return { what: hit.what, expectedCommand: command.slice(0, at) + hit.rewrite(command.slice(at)) };
    }
}
function stampFinding(command, stamp, blocked, environment) {
  let shown = redactUrl(command).slice(0, 120), expected = redactUrl(stamp.expectedCommand).slice(0, 120);
  return blocked ? {
    rule: "stamp-without-running",
    severity: "error",
    object: "command",
    message: `The command "${shown}" marks migrations as applied without running them (${stamp.what}), which is refused in ${environment}: that is how a ledger comes to say "head" while a column is missing. Run the migrations instead ("${expected}"), or pass --allow-stamp once you have checked that the database already has what they create; schema-verify then checks it after the stamp.`,
    fix: redactUrl(stamp.expectedCommand)
  } : {
    rule: "stamp-without-running",
    severity: "warning",
    object: "command",
    message: `The command "${shown}" marks migrations as applied without running them (${stamp.what}); schema-verify runs after it and compares the database with what "${expected}" builds on a shadow database.`,
    fix: `Check the schema-verify findings below; where the database lacks what the stamped migrations create, run them ("${expected}") instead of stamping.`
  };
}

// packages/migrate-direct/src/runner/command-lint.ts
import { readdirSync, readFileSync as readFileSync2 } from "node:fs";
import { join as join2, relative } from "node:path";
var setupPrograms = /* @__PURE__ */ new Set(["cd", "export", "source", ".", "set", "true", ":", "sh", "bash", "dash", "zsh", "ash"]);
async function lintCommand(command, opts) {
  let commands = simpleCommands(command), alembic = commands.find(isAlembicUpgrade);
  if (!alembic)
    return [skipped(command, 'only alembic can print the SQL it would run without running it (alembic upgrade --sql), and this command does not run "alembic upgrade"; to have SQL migration files linted, apply them with --migrations')];
  let others = [...new Set(commands.filter((w) => w !== alembic && !setupPrograms.has(programName(w[0]))).map((w) => programName(w[0])))];
  if (others.length > 0)
    return [skipped(command, `the command also runs ${others.join(", ")}, which Preflight does not run a second time just to print alembic's SQL; run "alembic upgrade head" on its own (other steps in a step of their own) to have the migrations linted`)];
  let current;
  try {
    let ledgers = (await readLedgers(opts.client)).filter((l) => l.tool === "alembic");
    if (ledgers.length > 1) return [skipped(command, `the database has ${ledgers.length} alembic_version tables (${ledgers.map((l) => l.table).join(", ")}), so the revision it is at is ambiguous`)];
    let heads = ledgers[0]?.heads ?? [];
    if (heads.length > 1) return [skipped(command, `the database is at ${heads.length} alembic heads (${heads.join(", ")}), and alembic prints offline SQL from one revision only`)];
    current = heads[0];
  } catch (error) {
    return [skipped(command, `the revision the database is at could not be read (${error instanceof Error ? error.message : String(error)})`)];
  }
  let rendered = !1, render = command.replace(/(\balembic\b(?:(?!&&|\|\||[;|&\n]).)*?\bupgrade)\s+([^\s'";&|)]+)/, (_all, head, target) => (rendered = !0, `${head} ${current ? `${current}:` : ""}${target} --sql`));
  if (!rendered) return [skipped(command, "the alembic upgrade target could not be found in the command")];
  let shown = redactUrl(render);
  opts.log(`Linting the SQL that "${shown}" prints (alembic offline mode: nothing is run)`);
  let sql = [], timeoutMs = opts.timeoutMs ?? 5 * 6e4, result = await runCommand(render, opts.env, { cwd: opts.cwd, onLine: opts.log, onStdout: (line) => sql.push(line), timeoutMs });
  if (result.timedOut) return [skipped(command, `"${shown}" did not finish within ${Math.round(timeoutMs / 1e3)} s`)];
  if (result.code !== 0) return [skipped(command, `"${shown}" ${failure(result)}`)];
  let revisions = revisionChunks(sql);
  opts.log(revisions.length ? `${revisions.length} alembic revision(s) to apply: ${revisions.map((r) => r.revision).join(", ")}` : "No alembic revision to apply.");
  let where = revisionFiles(opts.cwd), { lintMigrationSql } = await import("./lint-4P4Y4AW7.js"), findings = [];
  for (let r of revisions) {
    let file = where.get(r.revision), found = await lintMigrationSql(r.sql, {
      file: file?.file ?? `alembic revision ${r.revision}`,
      environment: opts.environment,
      allowDestructive: opts.allowDestructive,
      // Offline output has no per-revision transactions of its own (alembic wraps the whole run).
      inTransaction: !1
    });
    for (let f of found) {
      let { file: _f, line: _l, ...rest } = f;
      findings.push({ ...rest, message: `${f.message.replace(/\.$/, "")} (alembic revision ${r.revision}, from "${shown}").`, ...file ? { file: file.file, line: file.line } : {} });
    }
  }
  return findings;
}
function isAlembicUpgrade(words) {
  let at = words.findIndex((w) => programName(w) === "alembic");
  return at >= 0 && words.slice(at + 1).includes("upgrade");
}
function revisionChunks(lines) {
  let out = [];
  for (let line of lines) {
    let m = /^-- Running upgrade (.*?)\s*-> (\S+)\s*$/.exec(line);
    m ? out.push({ revision: m[2], lines: [] }) : out.length > 0 && out[out.length - 1].lines.push(/^\s*(BEGIN|COMMIT);\s*$/i.test(line) ? "" : line);
  }
  return out.map((r) => ({ revision: r.revision, sql: r.lines.join(`
`) }));
}
function revisionFiles(cwd) {
  let out = /* @__PURE__ */ new Map(), dir = alembicVersionsDir(cwd);
  if (!dir) return out;
  try {
    for (let name of readdirSync(dir).filter((f) => f.endsWith(".py"))) {
      let path = join2(dir, name), source = readFileSync2(path, "utf8"), parsed = parseAlembicRevision(source, path);
      if (!parsed) continue;
      let def = /^def upgrade\b/m.exec(source);
      out.set(parsed.revision, { file: relative(cwd, path), line: def ? source.slice(0, def.index).split(`
`).length : 1 });
    }
  } catch {
  }
  return out;
}
function failure(result) {
  let how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`, last = result.tail.filter((l) => l.trim() !== "").slice(-3);
  return last.length ? `${how}: ${last.join(" | ")}` : `${how} without output`;
}
function skipped(command, why) {
  return {
    rule: "lint-skipped",
    severity: "notice",
    object: "command",
    message: `The migrations that "${redactUrl(command).slice(0, 120)}" applies were not linted: ${why}.`
  };
}

// packages/migrate-direct/src/runner/lock.ts
import { createHash } from "node:crypto";
function advisoryLockKey(database) {
  return createHash("sha256").update(`preflight-migrate\0${database}`).digest().readBigInt64BE(0);
}
var prismaMigrateLockKey = 72707369n;
function lockKeyParts(key) {
  let unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) };
}
async function lockHolders(client, key) {
  let { classid, objid } = lockKeyParts(key);
  return (await client.query(
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1 AND l.pid <> pg_backend_pid()`,
    [classid, objid]
  )).rows.map((row) => ({
    pid: row.pid,
    applicationName: row.application_name ?? "",
    clientAddr: row.client_addr,
    since: row.backend_start,
    state: row.state
  }));
}
function describeHolders(holders) {
  return holders.length === 0 ? "a session that has just released it" : holders.map((h) => {
    let who = `pid ${h.pid} (${h.applicationName || "no application_name"}@${h.clientAddr ?? "local socket"})`, since = h.since ? `, connected since ${h.since.toISOString()}` : "";
    return `${who}${since}`;
  }).join(", ");
}
async function acquireMigrationLock(client, opts) {
  let started = Date.now(), poll = opts.pollMs ?? 250, reportEvery = opts.reportEveryMs ?? 15e3, lastReport = -1 / 0, holders = [];
  for (; ; ) {
    if ((await client.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [opts.key.toString()])).rows[0]?.locked) return { waitedMs: Date.now() - started };
    let waited = Date.now() - started;
    if (holders = await lockHolders(client, opts.key).catch(() => holders), waited >= opts.waitMs)
      throw new CouldNotRunError(
        `Another migration run still holds the migration lock after ${formatMs(waited)} (held by ${describeHolders(holders)}); let it finish, end that session, or raise --lock-wait.`
      );
    opts.onWait && waited - lastReport >= reportEvery && (lastReport = waited, opts.onWait(`Waiting for the migration lock held by ${describeHolders(holders)} (waited ${formatMs(waited)} of ${formatMs(opts.waitMs)}).`)), await new Promise((r2) => setTimeout(r2, Math.min(poll, Math.max(1, opts.waitMs - waited))));
  }
}
async function releaseMigrationLock(client, key) {
  await client.query("SELECT pg_advisory_unlock($1::bigint)", [key.toString()]);
}
function formatMs(ms) {
  return ms < 1e3 ? `${ms} ms` : ms < 12e4 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 6e3) / 10} min`;
}

// packages/migrate-direct/src/runner/connections.ts
async function checkConnections(client, opts) {
  let findings = [], idle = await client.query(
    `SELECT pid, application_name, host(client_addr) AS client_addr, usename,
            (extract(epoch FROM now() - state_change) * 1000)::bigint::text AS idle_ms,
            -- Only the command's first word: the text of another session's query may hold passwords or personal data.
            upper(substring(ltrim(query) from '^[A-Za-z]+')) AS query
       FROM pg_stat_activity
      WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
        AND pid <> pg_backend_pid()
        AND now() - state_change > make_interval(secs => $1::double precision / 1000)
      ORDER BY state_change`,
    [opts.idleThresholdMs]
  );
  for (let row of idle.rows) {
    let who = `${row.application_name ?? ""}@${row.client_addr ?? "local socket"}`;
    findings.push({
      rule: "idle-in-transaction",
      severity: "warning",
      object: `pid ${row.pid} (${who})`,
      message: `${opts.phase === "before" ? "Before" : "After"} migrating, session ${row.pid} (user ${row.usename ?? "?"}, ${who}) has been idle in a transaction for ${formatMs(Number(row.idle_ms))}; it holds its locks, so DDL on its tables waits behind it and blocks every query queued after the DDL${row.query ? ` (last statement: ${row.query} ...)` : ""}.`,
      fix: `SELECT pg_terminate_backend(${row.pid});`
    });
  }
  let use = await client.query(
    `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
            current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int AS reserved`
  ), { used, max, reserved } = use.rows[0], usable = Math.max(1, max - reserved);
  return used >= usable * (opts.nearLimit ?? 0.8) && findings.push({
    rule: "connections-near-limit",
    severity: "warning",
    object: "max_connections",
    message: `${opts.phase === "before" ? "Before" : "After"} migrating, ${used} of ${usable} usable connections are in use (max_connections ${max} minus ${reserved} reserved); new app instances started by this deploy may be refused. Put a pooler in front of the app or raise max_connections.`
  }), findings;
}
function mergeConnectionFindings(before, after) {
  let byKey = /* @__PURE__ */ new Map();
  for (let f of [...before, ...after]) byKey.set(`${f.rule}\0${f.object}`, f);
  return [...byKey.values()];
}

// packages/migrate-direct/src/runner/idle-sample.ts
async function sampleIdleInTransaction(client, opts) {
  let interval = opts.intervalMs ?? 100;
  opts.log?.(`Sampling pg_stat_activity for ${formatMs(opts.durationMs)} (every ${interval} ms) for sessions idle in a transaction`);
  let apps = /* @__PURE__ */ new Map(), polls = 0, end = performance.now() + opts.durationMs;
  for (; performance.now() < end; ) {
    let started = performance.now(), rows = await client.query(
      `SELECT coalesce(application_name, '') AS app, pid, xact_start::text AS xact, usename,
              (extract(epoch FROM now() - state_change) * 1000)::bigint::text AS idle_ms
         FROM pg_stat_activity
        WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
          AND pid <> pg_backend_pid()
          AND datname = current_database()`
    );
    polls++;
    let atOnce = /* @__PURE__ */ new Map();
    for (let row of rows.rows) {
      let seen = apps.get(row.app);
      seen || apps.set(row.app, seen = { transactions: /* @__PURE__ */ new Set(), pids: /* @__PURE__ */ new Set(), users: /* @__PURE__ */ new Set(), polls: 0, maxAtOnce: 0, longestMs: 0 }), seen.transactions.add(`${row.pid}\0${row.xact ?? ""}`), seen.pids.add(row.pid), row.usename && seen.users.add(row.usename), seen.longestMs = Math.max(seen.longestMs, Number(row.idle_ms)), atOnce.set(row.app, (atOnce.get(row.app) ?? 0) + 1);
    }
    for (let [app, n] of atOnce) {
      let seen = apps.get(app);
      seen.polls++, seen.maxAtOnce = Math.max(seen.maxAtOnce, n);
    }
    let rest = interval - (performance.now() - started);
    rest > 0 && await new Promise((res) => setTimeout(res, Math.min(rest, Math.max(0, end - performance.now()))));
  }
  return [...apps.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([app, seen]) => {
    let name = app === "" ? "(no application_name)" : app, users = [...seen.users].sort();
    return {
      rule: "idle-in-transaction-sample",
      severity: "warning",
      object: `application_name ${name}`,
      message: `During a ${formatMs(opts.durationMs)} sample before migrating, ${app === "" ? "sessions without an application_name" : `application "${app}"`}${users.length ? ` (user ${users.join(", ")})` : ""} sat idle inside an open transaction: ${seen.transactions.size} transaction(s) seen idle across ${seen.pids.size} session(s), in ${seen.polls} of ${polls} polls, at most ${seen.maxAtOnce} at once, the longest seen idle ${formatMs(seen.longestMs)}. However brief, each holds its locks while idle, so a migration's DDL waits behind it and every query on the table queues behind the DDL; a pool that warns "rolling back returned connection [INTRANS]" does this.`,
      fix: `Commit or roll back before the connection goes back to the pool in ${name}, and set a guard: ALTER ROLE ${users[0] ?? "app_user"} SET idle_in_transaction_session_timeout = '60s';`
    };
  });
}
var zero = /^0+(\.0*)?\s*[a-z]*$/i;
async function idleTimeoutGuardFindings(client) {
  let findings = [], db = (await client.query(
    "SELECT current_database() AS db, setting, source FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'"
  )).rows[0];
  !["user", "database user", "session", "client"].includes(db.source) && Number(db.setting) === 0 && findings.push({
    rule: "idle-in-transaction-timeout-off",
    severity: "warning",
    object: "idle_in_transaction_session_timeout",
    message: `idle_in_transaction_session_timeout is 0 for database ${db.db} (${db.source === "default" ? "the PostgreSQL default" : `set by ${db.source}`}), so nothing ends a session left idle in a transaction: its locks stay held, and a migration's DDL and every query behind it wait, until someone kills it.`,
    fix: `ALTER DATABASE ${quoteIdent(db.db)} SET idle_in_transaction_session_timeout = '60s';`
  });
  let roles = await client.query(
    `SELECT r.rolname, d.datname, substr(cfg, length('idle_in_transaction_session_timeout=') + 1) AS value
       FROM pg_db_role_setting s
       JOIN pg_roles r ON r.oid = s.setrole
       LEFT JOIN pg_database d ON d.oid = s.setdatabase
      CROSS JOIN LATERAL unnest(s.setconfig) AS cfg
      WHERE s.setrole <> 0
        AND (s.setdatabase = 0 OR d.datname = current_database())
        AND cfg LIKE 'idle\\_in\\_transaction\\_session\\_timeout=%'
      ORDER BY r.rolname, s.setdatabase DESC`
  ), effective = /* @__PURE__ */ new Map();
  for (let row of roles.rows) effective.has(row.rolname) || effective.set(row.rolname, { value: row.value, database: row.datname });
  for (let [role, { value, database }] of effective) {
    if (!zero.test(value.trim())) continue;
    let scope = database ? ` IN DATABASE ${quoteIdent(database)}` : "";
    findings.push({
      rule: "idle-in-transaction-timeout-off",
      severity: "warning",
      object: `role ${role}`,
      message: `Role ${role} sets idle_in_transaction_session_timeout to 0${database ? ` in database ${database}` : ""}, which turns the guard off for its sessions whatever the server sets: a session of it left idle in a transaction holds its locks until someone kills it.`,
      fix: `ALTER ROLE ${quoteIdent(role)}${scope} SET idle_in_transaction_session_timeout = '60s';`
    });
  }
  return findings;
}
function quoteIdent(name) {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

// packages/migrate-direct/src/lint/ahead.ts
import { setImmediate as nextTurn } from "node:timers/promises";
function lintAhead(files, lintOne) {
  let done = /* @__PURE__ */ new Map(), lint = (m) => {
    let p = done.get(m);
    return p || (p = lintOne(m), done.set(m, p)), p;
  }, stopped = !1;
  return (async () => {
    for (let i = files.length - 1; i >= 0 && !stopped; i--)
      await lint(files[i]).catch(() => {
      }), await nextTurn();
  })(), {
    async forPending(pending) {
      stopped = !0;
      let out = [];
      for (let m of pending) out.push(...await lint(m));
      return out;
    },
    stop() {
      stopped = !0;
    }
  };
}

// packages/migrate-direct/src/runner/plan.ts
function planMigrations(files, state, opts) {
  let findings = [];
  if (opts.format === "golang-migrate" && state.dirty) {
    let v = state.current ?? "-1";
    return findings.push({
      rule: "ledger-dirty",
      severity: "error",
      object: `schema_migrations version ${v}`,
      message: `schema_migrations says migration ${v} is dirty: it started outside a transaction and did not finish, so the database may be half-migrated; finish or undo it by hand, then run "migrate force ${v}" (or UPDATE schema_migrations SET dirty = false) and run again.`,
      fix: "UPDATE schema_migrations SET dirty = false;"
    }), { pending: [], baseline: [], applied: [], findings };
  }
  if (state.failed && state.failed.length > 0) {
    for (let f of state.failed) {
      let since = f.startedAt ? ` (started ${f.startedAt.toISOString()}, not finished)` : "", logs = f.logs ? `; its log: ${f.logs.replace(/\s+/g, " ").slice(0, 300)}` : "";
      findings.push({
        rule: "ledger-failed",
        severity: "error",
        object: `_prisma_migrations ${f.name}`,
        message: `_prisma_migrations records migration ${f.name} as failed${since}${logs}; like prisma migrate deploy, nothing more is applied until it is resolved: repair what it left, then run "npx prisma migrate resolve --rolled-back ${f.name}" to run it again (or --applied if you finished it by hand).`,
        fix: `npx prisma migrate resolve --rolled-back ${f.name}`
      });
    }
    return { pending: [], baseline: [], applied: [], findings };
  }
  let isApplied = appliedTest(state, opts.format), applied = files.filter((m) => isApplied(m.version)), pending = files.filter((m) => !isApplied(m.version)), baseline = [];
  if (opts.baseline !== void 0) {
    let target = normalizeVersion(opts.baseline.trim());
    if (!files.some((m) => normalizeVersion(m.version) === target))
      throw new UsageError(`--baseline ${opts.baseline} is not the version of any migration file; give the version of the newest migration the database already has.`);
    if (state.rows.length === 0 && state.current === void 0)
      baseline = pending.filter((m) => compareVersions(normalizeVersion(m.version), target) <= 0), pending = pending.filter((m) => compareVersions(normalizeVersion(m.version), target) > 0);
    else if (isApplied(opts.baseline))
      findings.push({
        rule: "baseline-ignored",
        severity: "notice",
        object: `baseline ${opts.baseline}`,
        message: `The ledger already records ${opts.baseline}, so --baseline changed nothing; it can be removed from the workflow.`
      });
    else
      throw new UsageError("--baseline only adopts a database whose migration ledger is empty, and this one already records migrations; drop --baseline.");
  }
  if (opts.format === "sql" || opts.format === "prisma") {
    let byVersion = new Map(state.rows.map((r) => [normalizeVersion(r.version), r]));
    for (let m of applied) {
      let row = byVersion.get(normalizeVersion(m.version));
      row?.checksum && row.checksum !== m.checksum && !m.acceptedChecksums?.includes(row.checksum) && findings.push({
        rule: "checksum-mismatch",
        severity: "error",
        object: m.file,
        file: m.file,
        message: `Migration ${m.file} was edited after it was applied (checksum ${short(row.checksum)} in the ledger, ${short(m.checksum)} now); the database did not get the new content, so restore the file and put the change in a new migration.`
      });
    }
  }
  let known = new Set(files.map((m) => normalizeVersion(m.version))), ledgerVersions = opts.format === "golang-migrate" ? state.current ? [state.current] : [] : state.rows.map((r) => r.version);
  for (let v of ledgerVersions) {
    if (known.has(normalizeVersion(v))) continue;
    let row = state.rows.find((r) => r.version === v);
    findings.push({
      rule: "missing-migration-file",
      severity: "warning",
      object: `migration ${v}${row?.name ? `_${row.name}` : ""}`,
      message: `The ledger records migration ${v} as applied but no file has that version; it was deleted or renamed, or this is the wrong migrations directory.`
    });
  }
  let newest = newestVersion(ledgerVersions);
  if (newest !== void 0 && opts.format !== "golang-migrate")
    for (let m of pending)
      compareVersions(normalizeVersion(m.version), normalizeVersion(newest)) >= 0 || opts.allowOutOfOrder || findings.push({
        rule: "out-of-order",
        severity: "error",
        object: m.file,
        file: m.file,
        message: `Migration ${m.file} is pending but older than ${newest}, the newest applied migration (usually a branch merged after a newer one was deployed); give it a version after ${newest}, or pass --allow-out-of-order if it is independent of the newer ones.`
      });
  return findings.push(...transactionControl(pending)), { pending, baseline, applied, findings };
}
function appliedTest(state, format) {
  if (format === "golang-migrate") {
    let current = state.current;
    return (version) => current !== void 0 && compareVersions(normalizeVersion(version), normalizeVersion(current)) <= 0;
  }
  let set = new Set(state.rows.map((r) => normalizeVersion(r.version)));
  return (version) => set.has(normalizeVersion(version));
}
function newestVersion(versions) {
  let newest;
  for (let v of versions) (newest === void 0 || compareVersions(normalizeVersion(v), normalizeVersion(newest)) > 0) && (newest = v);
  return newest;
}
var txControl = /^(BEGIN|COMMIT|ROLLBACK|END|ABORT|START\s+TRANSACTION)\b(?!\s+ATOMIC)/i;
function transactionControl(pending) {
  let out = [];
  for (let m of pending) {
    if (m.noTransaction || hasAtomicBody(m.upSql)) continue;
    let stmt = scanSql(m.upSql).statements.find((s) => txControl.test(s.sql) && !/^END\s+(IF|LOOP|CASE)\b/i.test(s.sql));
    stmt && out.push({
      rule: "transaction-control",
      severity: "error",
      object: m.file,
      file: m.file,
      line: m.upStartLine + stmt.line - 1,
      message: `Migration ${m.file} contains ${stmt.sql.split(/\s/)[0].toUpperCase()}, but each migration already runs in one transaction with its ledger row; remove the statement, or mark the file to run outside a transaction (-- preflight:no-transaction, dbmate transaction:false).`
    });
  }
  return out;
}
function hasAtomicBody(sql) {
  return /\bBEGIN\s+ATOMIC\b/i.test(sql);
}
function short(checksum) {
  return checksum.slice(0, 12);
}

// packages/migrate-direct/src/runner/apply.ts
function piecesOf(upSql) {
  return hasAtomicBody(upSql) ? upSql.trim() === "" ? [] : [{ sql: upSql, start: 0 }] : scanSql(upSql).statements.filter((s) => s.sql.replace(/;$/, "").trim() !== "").map((s) => ({ sql: s.sql, start: s.start }));
}
async function applyMigration(client, m, ledger, s) {
  return m.noTransaction ? applyOutside(client, m, ledger, s) : applyInTransaction(client, m, ledger, s);
}
async function applyInTransaction(client, m, ledger, s) {
  let started = performance.now(), prefix = `BEGIN; SET LOCAL lock_timeout = ${int(s.lockTimeoutMs)}; SET LOCAL statement_timeout = ${int(s.statementTimeoutMs)}; SELECT pg_backend_pid() AS pid;
`, prefixStatements = 4, pieces = piecesOf(m.upSql), text = prefix, offsets = [];
  for (let piece2 of pieces)
    offsets.push(text.length), text += piece2.sql.endsWith(";") ? `${piece2.sql}
` : `${piece2.sql}
;
`;
  text += `${ledger.recordSql(m)};
COMMIT`;
  let silence = s.statementTimeoutMs > 0 && s.answerGraceMs !== void 0 ? (pieces.length + 1) * s.statementTimeoutMs + s.answerGraceMs : 0, run = await withAnswerTimeout(client, silence, () => countedQuery(client, text));
  if (run.error === void 0)
    return await checkPid(run.results, s.sessionPid, `${m.file} was applied, but `), { ok: !0, durationMs: performance.now() - started };
  if (await client.query("ROLLBACK").catch(() => {
  }), !isServerError(run.error)) throw lostConnection(m, run.error, !1);
  let index = run.completed - prefixStatements;
  if (run.completed === 0 && Number(run.error.position) > 0) {
    let at = indexOfPosition(text, Number(run.error.position));
    index = -1;
    for (let [i, offset] of offsets.entries()) offset <= at && (index = i);
  }
  let piece = index >= 0 && index < pieces.length ? pieces[index] : void 0, position;
  if (piece && Number(run.error.position) > 0) {
    let rel = indexOfPosition(text, Number(run.error.position)) - offsets[index];
    rel >= 0 && rel <= piece.sql.length && (position = String([...piece.sql.slice(0, rel)].length + 1));
  }
  if (index < 0) return { ok: !1, finding: failed(m, void 0, run.error, "in-transaction", ledger, "before its first statement") };
  let e = run.error;
  return { ok: !1, finding: failed(m, piece, { message: e.message, code: e.code, detail: e.detail, hint: e.hint, where: e.where, position }, "in-transaction", ledger) };
}
function countedQuery(client, text) {
  return new Promise((resolve2) => {
    let completed = 0, query = new esm_default.Query(text, void 0, (error, result) => {
      resolve2(error ? { error, results: [], completed } : { results: Array.isArray(result) ? result : [result], completed });
    }), hooks = query, original = hooks.handleCommandComplete.bind(query);
    hooks.handleCommandComplete = (msg, con) => {
      completed++, original(msg, con);
    }, client.query(query);
  });
}
async function applyOutside(client, m, ledger, s) {
  let started = performance.now(), set = await client.query(`SET lock_timeout = ${int(s.lockTimeoutMs)}; SET statement_timeout = ${int(s.statementTimeoutMs)}; SELECT pg_backend_pid() AS pid`);
  await checkPid(Array.isArray(set) ? set : [set], s.sessionPid, ""), ledger.dirtySql && await client.query(ledger.dirtySql(m));
  let current;
  try {
    for (let piece of piecesOf(m.upSql))
      current = piece, await client.query(piece.sql);
    current = void 0, await client.query("RESET lock_timeout; RESET statement_timeout");
    let durationMs = performance.now() - started;
    return await client.query(ledger.recordSql(m, durationMs)), { ok: !0, durationMs };
  } catch (error) {
    if (!isServerError(error)) throw lostConnection(m, error, !0);
    return await client.query("RESET lock_timeout; RESET statement_timeout").catch(() => {
    }), { ok: !1, finding: failed(m, current, error, "outside", ledger) };
  }
}
async function checkPid(results, sessionPid, applied) {
  let pid = results.find((r) => r.command === "SELECT" && r.fields.some((f) => f.name === "pid"))?.rows[0]?.pid;
  if (pid === sessionPid) return;
  let text = `the connection moved to another server session between transactions (backend ${sessionPid} became ${pid}), so it goes through a transaction pooler; pass the direct connection with --direct-url or DIRECT_URL.`;
  throw new UsageError(applied ? `${applied}${text}` : text.charAt(0).toUpperCase() + text.slice(1));
}
function isServerError(error) {
  let code = error?.code;
  return typeof code != "string" || !/^[0-9A-Z]{5}$/.test(code) ? !1 : !/^(08|57P0[1-3])/.test(code);
}
function errorLine(m, piece, position) {
  if (!piece) return;
  let pos = Number(position), index = pos > 0 ? piece.start + indexOfPosition(piece.sql, pos) : piece.start;
  return m.upStartLine + lineIndex(m.upSql)(index) - 1;
}
function failed(m, piece, error, mode, ledger, context = "while recording it in the ledger") {
  let line = errorLine(m, piece, error.position), where = line !== void 0 ? ` at line ${line}` : ` ${context}`, extra = [error.detail, error.hint ? `hint: ${error.hint}` : void 0].filter(Boolean).join("; "), consequence = mode === "in-transaction" ? "its transaction was rolled back, the ledger does not list it and no later migration ran; fix the file and run again" : `it runs outside a transaction, so statements before line ${line ?? "?"} stay applied${ledger.dirtySql ? ` and schema_migrations is marked dirty at ${m.version}` : ""}; make them re-runnable (IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS for an INVALID index left by CONCURRENTLY) or finish them by hand, then run again`;
  return {
    rule: "migration-failed",
    severity: "error",
    object: m.file,
    file: m.file,
    ...line !== void 0 ? { line } : {},
    message: `Migration ${m.file} failed${where}: ${oneLine(error.message)} (SQLSTATE ${error.code}${timeoutHint(error.code)})${extra ? ` [${oneLine(extra)}]` : ""}; ${consequence}.`
  };
}
function timeoutHint(code) {
  return code === "55P03" ? ", lock-timeout: another session held a conflicting lock; find it with --check-connections or retry when traffic is lower" : code === "57014" ? ", statement-timeout: the statement ran longer than --statement-timeout" : "";
}
function lostConnection(m, error, outside) {
  let why = error instanceof Error ? error.message : String(error);
  return new CouldNotRunError(
    `The connection was lost while applying ${m.file} (${oneLine(why)}); ${outside ? "it runs outside a transaction, so check what it already did" : "the server rolls back its transaction"} and run again to continue.`
  );
}
function int(ms) {
  return Math.max(0, Math.round(ms));
}
function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

// packages/migrate-direct/src/runner/ledger.ts
import { randomUUID } from "node:crypto";
var lit = (value) => value === null ? "NULL" : typeof value == "number" ? String(value) : esm_default.escapeLiteral(value);
function ledgerFor(format) {
  switch (format) {
    case "sql":
      return sqlLedger;
    case "dbmate":
      return dbmateLedger;
    case "golang-migrate":
      return golangLedger;
    case "prisma":
      return prismaLedger;
  }
}
var sqlLedger = {
  format: "sql",
  table: "preflight.schema_migrations",
  async read(client) {
    return await tableExists(client, "preflight.schema_migrations") ? { exists: !0, rows: (await client.query("SELECT version, name, checksum FROM preflight.schema_migrations")).rows } : { exists: !1, rows: [] };
  },
  async ensure(client) {
    await tableExists(client, "preflight.schema_migrations") || await client.query(
      `CREATE SCHEMA IF NOT EXISTS preflight;
       CREATE TABLE IF NOT EXISTS preflight.schema_migrations (
         version text PRIMARY KEY,
         name text,
         checksum text,
         applied_at timestamptz NOT NULL DEFAULT now(),
         duration_ms int
       );
       COMMENT ON TABLE preflight.schema_migrations IS 'Migration ledger of preflight migrate-direct; duration_ms is NULL for migrations recorded by --baseline.'`
    );
  },
  recordSql(m, durationMs) {
    let duration = durationMs === void 0 ? "(extract(epoch FROM clock_timestamp() - now()) * 1000)::int" : lit(Math.min(Math.round(durationMs), 2147483647));
    return `INSERT INTO preflight.schema_migrations (version, name, checksum, applied_at, duration_ms) VALUES (${lit(m.version)}, ${lit(m.name)}, ${lit(m.checksum)}, now(), ${duration})`;
  },
  baselineSql(migrations) {
    return migrations.length === 0 ? "" : `INSERT INTO preflight.schema_migrations (version, name, checksum, applied_at, duration_ms) VALUES ${migrations.map((m) => `(${lit(m.version)}, ${lit(m.name)}, ${lit(m.checksum)}, now(), NULL)`).join(", ")}`;
  }
}, dbmateLedger = {
  format: "dbmate",
  table: "schema_migrations",
  async read(client) {
    let shape = await tableShape(client);
    if (!shape) return { exists: !1, rows: [] };
    if (shape.has("dirty")) throw wrongShape("dbmate", "golang-migrate", "it has a dirty column");
    return { exists: !0, rows: (await client.query("SELECT version::text AS version FROM schema_migrations")).rows };
  },
  async ensure(client) {
    await tableShape(client) || await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)");
  },
  recordSql(m) {
    return `INSERT INTO schema_migrations (version) VALUES (${lit(m.version)})`;
  },
  baselineSql(migrations) {
    return migrations.length === 0 ? "" : `INSERT INTO schema_migrations (version) VALUES ${migrations.map((m) => `(${lit(m.version)})`).join(", ")}`;
  }
}, golangLedger = {
  format: "golang-migrate",
  table: "schema_migrations",
  async read(client) {
    let shape = await tableShape(client);
    if (!shape) return { exists: !1, rows: [] };
    if (!shape.has("dirty")) throw wrongShape("golang-migrate", "dbmate", "it has no dirty column");
    let row = (await client.query("SELECT version::text AS version, dirty FROM schema_migrations ORDER BY version DESC LIMIT 1")).rows[0], current = row && row.version !== "-1" ? row.version : void 0;
    return { exists: !0, rows: [], current, dirty: row?.dirty === !0 };
  },
  async ensure(client) {
    await tableShape(client) || await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
  },
  recordSql(m) {
    return setVersion(m.version, !1);
  },
  baselineSql(_migrations, baselineVersion) {
    return setVersion(baselineVersion, !1);
  },
  dirtySql(m) {
    return setVersion(m.version, !0);
  }
}, prismaLedger = {
  format: "prisma",
  table: "_prisma_migrations",
  async read(client) {
    if (!await tableExists(client, "_prisma_migrations")) return { exists: !1, rows: [] };
    let live = (await client.query(
      `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, started_at, logs
         FROM _prisma_migrations ORDER BY started_at`
    )).rows.filter((row) => !row.rolled_back);
    return {
      exists: !0,
      rows: live.filter((row) => row.finished).map((row) => ({ version: row.name, name: row.name, checksum: row.checksum })),
      failed: live.filter((row) => !row.finished).map((row) => ({ name: row.name, startedAt: row.started_at, logs: row.logs }))
    };
  },
  async ensure(client) {
    await tableExists(client, "_prisma_migrations") || await client.query(
      `CREATE TABLE _prisma_migrations (
         id                      VARCHAR(36) PRIMARY KEY NOT NULL,
         checksum                VARCHAR(64) NOT NULL,
         finished_at             TIMESTAMPTZ,
         migration_name          VARCHAR(255) NOT NULL,
         logs                    TEXT,
         rolled_back_at          TIMESTAMPTZ,
         started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
         applied_steps_count     INTEGER NOT NULL DEFAULT 0
       )`
    );
  },
  recordSql(m, durationMs) {
    let started = durationMs === void 0 ? "now()" : `clock_timestamp() - ${lit(Math.max(0, Math.round(durationMs)))} * interval '1 millisecond'`;
    return `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (${lit(randomUUID())}, ${lit(m.checksum)}, clock_timestamp(), ${lit(m.version)}, NULL, NULL, ${started}, 1)`;
  },
  baselineSql(migrations) {
    return migrations.length === 0 ? "" : `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ${migrations.map((m) => `(${lit(randomUUID())}, ${lit(m.checksum)}, now(), ${lit(m.version)}, NULL, NULL, now(), 0)`).join(", ")}`;
  }
};
function setVersion(version, dirty) {
  return `DELETE FROM schema_migrations; INSERT INTO schema_migrations (version, dirty) VALUES (${golangVersion(version)}, ${dirty})`;
}
function golangVersion(version) {
  let n = normalizeVersion(version);
  if (!/^\d+$/.test(n) || BigInt(n) > 2n ** 63n - 1n)
    throw new UsageError(`Migration version ${version} does not fit golang-migrate's bigint version column; use a whole number below 2^63.`);
  return n;
}
async function tableExists(client, name) {
  return (await client.query("SELECT to_regclass($1)::oid::text AS oid", [name])).rows[0]?.oid != null;
}
async function tableShape(client) {
  let r = await client.query(
    `SELECT a.attname FROM (SELECT to_regclass('schema_migrations') AS rel) t
       LEFT JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
      WHERE t.rel IS NOT NULL`
  );
  if (r.rows.length !== 0)
    return new Set(r.rows.map((row) => row.attname).filter((n) => n !== null));
}
function wrongShape(format, other, why) {
  return new UsageError(`The schema_migrations table in this database looks like ${other}'s (${why}), not ${format}'s; set --migrations-format ${other} so the ledger is read the way it was written.`);
}

// packages/migrate-direct/src/runner/native.ts
async function runNative(client, database, files, opts) {
  let ledger = ledgerFor(opts.format), log = opts.log ?? (() => {
  });
  if (opts.dryRun) {
    let state = await ledger.read(client), plan = planMigrations(files, state, opts), lint = opts.lint ? await opts.lint(plan.pending) : [];
    for (let m of plan.pending) log(`would apply ${m.file}`);
    let listed = plan.pending.map((m) => ({
      rule: "pending-migration",
      severity: "notice",
      object: m.file,
      file: m.file,
      message: `Pending: ${m.file} would be applied${m.noTransaction ? " outside a transaction" : ""}.`
    }));
    return { findings: [...plan.findings, ...lint, ...listed], applied: [], pending: plan.pending, skipped: plan.applied.length, baselined: plan.baseline.length, lockWaitMs: 0, lockMs: 0 };
  }
  let key = opts.format === "prisma" ? prismaMigrateLockKey : advisoryLockKey(database), { waitedMs } = await acquireMigrationLock(client, { key, waitMs: opts.lockWaitMs, onWait: log, pollMs: opts.lockPollMs }), lockedAt = performance.now();
  try {
    let state = await ledger.read(client), plan = planMigrations(files, state, opts), lint = opts.lint ? await opts.lint(plan.pending) : [], findings = [...plan.findings, ...lint], result = (applied2, pending, baselined) => ({
      findings,
      applied: applied2,
      pending,
      skipped: plan.applied.length + baselined,
      baselined,
      lockWaitMs: waitedMs,
      lockMs: performance.now() - lockedAt
    });
    if (findings.some((f) => f.severity === "error")) return result([], plan.pending, 0);
    await ledger.ensure(client), plan.baseline.length > 0 && (await client.query(`BEGIN; ${ledger.baselineSql(plan.baseline, opts.baseline ?? "")}; COMMIT`), log(`recorded ${plan.baseline.length} migration(s) up to ${opts.baseline} as applied (--baseline), without running them`));
    let applied = [];
    for (let [i, m] of plan.pending.entries()) {
      let outcome = await applyMigration(client, m, ledger, { lockTimeoutMs: opts.lockTimeoutMs, statementTimeoutMs: opts.statementTimeoutMs, answerGraceMs: opts.answerGraceMs, sessionPid: opts.sessionPid });
      if (!outcome.ok)
        return findings.push(outcome.finding), result(applied, plan.pending.slice(i), plan.baseline.length);
      applied.push(m), log(`applied ${m.file} (${Math.round(outcome.durationMs)} ms)`);
    }
    return result(applied, [], plan.baseline.length);
  } finally {
    await releaseMigrationLock(client, key).catch(() => {
    });
  }
}

// packages/migrate-direct/src/runner/session.ts
var APPLICATION_NAME = "preflight migrate-direct";
async function openDirectSession(inputs, log) {
  let opts = { connectTimeoutMs: inputs.connectTimeoutMs, answerTimeoutMs: inputs.answerTimeoutMs }, chosen, started = performance.now(), cloudSql = inputs.cloudSqlInstance ? { instance: inputs.cloudSqlInstance, ipType: inputs.ipType, iamAuth: inputs.iamAuth } : void 0;
  if (inputs.fleetTarget) {
    let { target, where } = inputs.fleetTarget;
    if (target.kind === "cloud-sql-instance")
      cloudSql = { instance: target.cloudSqlInstance }, chosen = { target, text: target.cloudSqlInstance, source: where };
    else {
      let verdict = detectPoolerFromTarget(target);
      if (verdict.pooled) {
        let mapped = supabaseDirectUrl(target);
        if (!mapped) throw pooledTarget(target, verdict.reason, where);
        log?.(`${where} is a transaction pooler (${verdict.reason}); migrating through Supabase's session pooler on port 5432, which keeps sessions.`), chosen = { target: parseConnection(mapped, { inputName: `${where} (Supabase session pooler)`, ...opts }), text: mapped, source: "supabase-direct" };
      } else
        chosen = { target, text: connectionUrl(target), source: where };
    }
  } else if (inputs.cloudSqlInstance) {
    let target = parseConnection(inputs.cloudSqlInstance, { inputName: "cloud-sql-instance", ...opts });
    if (inputs.databaseUrl) {
      let creds = parseConnection(inputs.databaseUrl, { inputName: "database-url", ...opts });
      for (let key of ["user", "password", "database"]) creds.config[key] !== void 0 && (target.config[key] = creds.config[key]);
      target.user = creds.user, target.database = creds.database, target.scheme = creds.scheme;
    }
    chosen = { target, text: inputs.cloudSqlInstance, source: "cloud-sql-instance" };
  } else if (inputs.directUrl) {
    let target = parseConnection(inputs.directUrl, { inputName: "direct-url", ...opts }), verdict = detectPoolerFromTarget(target);
    if (verdict.pooled) throw directIsPooled(target, verdict.reason);
    chosen = { target, text: inputs.directUrl, source: "direct-url" };
  } else {
    let target = parseConnection(inputs.databaseUrl ?? "", { inputName: "database-url", ...opts }), verdict = detectPoolerFromTarget(target);
    if (verdict.pooled) {
      let mapped = supabaseDirectUrl(target);
      if (!mapped) throw pooledWithoutDirect(target, verdict.reason);
      log?.(`database-url is a transaction pooler (${verdict.reason}); migrating through Supabase's session pooler on port 5432, which keeps sessions.`), chosen = { target: parseConnection(mapped, { inputName: "database-url (Supabase session pooler)", ...opts }), text: mapped, source: "supabase-direct" };
    } else
      chosen = { target, text: inputs.databaseUrl, source: "database-url" };
  }
  let second = cloudSql || chosen.target.socketDir ? void 0 : settle(connectClient(chosen.target, { applicationName: PROBE_APPLICATION_NAME })), client;
  try {
    client = await connectClient(chosen.target, { applicationName: APPLICATION_NAME, cloudSql });
  } catch (error) {
    throw await endSettled(second), error;
  }
  try {
    let probe = cloudSql ? { pooled: !1, reason: void 0, pid: (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid } : await probeSession(client, chosen.target, 3, second);
    if (probe.pooled)
      throw inputs.fleetTarget ? pooledTarget(chosen.target, probe.reason, inputs.fleetTarget.where) : chosen.source === "database-url" ? pooledWithoutDirect(chosen.target, probe.reason) : directIsPooled(chosen.target, probe.reason);
    return { client, target: chosen.target, connectionString: chosen.text, source: chosen.source, pid: probe.pid, poolerDetectionMs: performance.now() - started, cloudSql };
  } catch (error) {
    throw await client.end().catch(() => {
    }), error;
  }
}
async function probeSession(client, target, rounds = 3, opening) {
  let pidOf = async (c) => (await c.query("SELECT pg_backend_pid() AS pid")).rows[0].pid, early;
  try {
    await probeTransactionPooler(client) ? early = { pooled: !0, reason: "session settings did not survive from one transaction to the next", pid: await pidOf(client) } : target.socketDir && (early = { pooled: !1, pid: await pidOf(client) });
  } catch (error) {
    throw await endSettled(opening), error;
  }
  if (early)
    return await endSettled(opening), early;
  let settled = await (opening ?? settle(connectClient(target, { applicationName: PROBE_APPLICATION_NAME })));
  if ("error" in settled) throw settled.error;
  let second = settled.client;
  try {
    let pid = 0;
    for (let i = 0; i < rounds; i++)
      if (pid = await pidOf(client), await pidOf(second) === pid) return { pooled: !0, reason: "two client connections were served by the same server process", pid };
    let last = await pidOf(client);
    return last !== pid ? { pooled: !0, reason: "the connection moved between server processes", pid: last } : { pooled: !1, pid };
  } finally {
    second.end().catch(() => {
    });
  }
}
var PROBE_APPLICATION_NAME = `${APPLICATION_NAME} (pooler probe)`;
function settle(connecting) {
  return connecting.then(
    (client) => ({ client }),
    (error) => ({ error })
  );
}
async function endSettled(opening) {
  let settled = await opening;
  settled && "client" in settled && await settled.client.end().catch(() => {
  });
}
function endpoint(target) {
  return `${target.host}:${target.port}`;
}
function pooledWithoutDirect(target, reason) {
  return new UsageError(
    `Input database-url points at a transaction pooler at ${endpoint(target)} (${reason}), where migrations cannot hold a session lock or run safely; pass the direct connection (usually port 5432 of the database host) with --direct-url or DIRECT_URL.`
  );
}
function pooledTarget(target, reason, where) {
  return new UsageError(
    `${where} points at a transaction pooler at ${endpoint(target)} (${reason}), where migrations cannot hold a session lock or run safely; put the direct connection (usually port 5432 of the database host) on that line.`
  );
}
function directIsPooled(target, reason) {
  return new UsageError(
    `Input direct-url points at a transaction pooler at ${endpoint(target)} (${reason}), not at the database itself; set --direct-url or DIRECT_URL to the database host's own port (usually 5432).`
  );
}

// packages/migrate-direct/src/run.ts
async function runMigrateDirect(inputs, ctx) {
  let started = performance.now(), prepared = prepareRun(inputs, ctx);
  try {
    return prepared.early.length > 0 ? refusedBeforeConnecting(prepared, started) : await migrateOne(prepared, inputs, ctx, sessionInputsOf(inputs), started);
  } finally {
    prepared.lint?.stop();
  }
}
function prepareRun(inputs, ctx) {
  let format = "sql", command = inputs.command?.trim();
  (command ? void 0 : import("./lint-4P4Y4AW7.js").then((m) => m.parserReady()))?.catch(() => {
  });
  let files = [], early = [], stamp, stampNotes = [];
  if (command) {
    let down = downCommandFinding(command, inputs.environment, inputs["allow-destructive"]);
    down && early.push(down);
    let heads = alembicHeadsFinding(command, process.cwd());
    if (heads && early.push(heads), stamp = stampCommand(command), stamp) {
      let blocked = isProduction(inputs.environment) && !inputs["allow-stamp"];
      (blocked ? early : stampNotes).push(stampFinding(command, stamp, blocked, inputs.environment));
    }
  } else {
    let read = readMigrationsDir(inputs.migrations, inputs["migrations-format"], {
      optionLabel: labelOf("migrations", ctx.source),
      alembicHint: ctx.source === "cli" ? "--command 'alembic upgrade head'" : "input command: alembic upgrade head"
    });
    if (read.format === "flyway") {
      let how = ctx.source === "cli" ? "--command 'flyway migrate'" : "input command: flyway migrate";
      throw new UsageError(`Migrations in ${inputs.migrations} are Flyway scripts (V1__name.sql), whose ledger only Flyway keeps; run Flyway itself with ${how}.`);
    }
    format = read.format, files = read.migrations, ctx.log.info(`${files.length} migration file(s) in ${inputs.migrations} (${format})`);
  }
  let lint = command || early.length > 0 ? void 0 : lintAhead(files, lintOneWith(inputs));
  return { command, format, files, early, stamp, stampNotes, lint };
}
function refusedBeforeConnecting(prepared, started) {
  return finish(prepared.early, { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 }, started, "refused before connecting");
}
function sessionInputsOf(inputs, fleetTarget) {
  return {
    databaseUrl: inputs["database-url"],
    directUrl: inputs["direct-url"],
    cloudSqlInstance: inputs["cloud-sql-instance"],
    ipType: inputs["ip-type"],
    iamAuth: inputs["iam-auth"],
    connectTimeoutMs: inputs["connect-timeout"],
    answerTimeoutMs: answerTimeoutOf(inputs),
    fleetTarget
  };
}
function answerTimeoutOf(inputs) {
  return inputs["statement-timeout"] > 0 ? inputs["statement-timeout"] + inputs["connect-timeout"] : void 0;
}
async function migrateOne(prepared, inputs, ctx, sessionInputs, started) {
  let { command, format, files, stamp, stampNotes, lint } = prepared, session = await openDirectSession(sessionInputs, (m) => ctx.log.info(m)), { client, target } = session;
  ctx.log.info(`Migrating ${target.display} (from ${session.source}; pooler check ${Math.round(session.poolerDetectionMs)} ms)`);
  try {
    let database = target.database ?? (await client.query("SELECT current_database() AS db")).rows[0].db;
    !command && inputs["migrations-format"] === "auto" && format !== "sql" && await keepPreflightLedger(client, inputs.migrations, format, ctx);
    let threshold = inputs["idle-in-transaction-threshold"], checking = inputs["check-connections"] || inputs.sample !== void 0, before = checking ? await connectionsBefore(client, inputs, ctx) : [], findings, stats;
    if (command)
      ({ findings, stats } = await runCommandMode(command, inputs, ctx, session, database, stamp));
    else {
      let native = await runNative(client, database, files, {
        format,
        lockWaitMs: inputs["lock-wait"],
        lockTimeoutMs: inputs["lock-timeout"],
        statementTimeoutMs: inputs["statement-timeout"],
        answerGraceMs: inputs["connect-timeout"],
        allowOutOfOrder: inputs["allow-out-of-order"],
        baseline: inputs.baseline,
        dryRun: inputs["dry-run"],
        sessionPid: session.pid,
        log: (m) => ctx.log.info(m),
        lint: lint.forPending
      });
      findings = native.findings, stats = nativeStats(native);
    }
    stats.poolerDetectionMs = Math.round(session.poolerDetectionMs);
    let after = checking && !inputs["dry-run"] ? await checkConnections(client, { idleThresholdMs: threshold, phase: "after" }) : [];
    findings.unshift(...stampNotes);
    let summary = summaryOf(stats, inputs["dry-run"], command !== void 0);
    if ((inputs["verify-schema"] || stamp) && !inputs["dry-run"] && !findings.some((f) => f.severity === "error")) {
      stamp && !inputs["verify-schema"] && ctx.log.info(`The command only recorded migrations as applied (${stamp.what}): verifying the schema, as if --verify-schema had been given.`);
      let verified = await verifyAfterMigrating(inputs, session, ctx, stamp?.expectedCommand ?? command, format);
      findings.push(...verified.findings), summary = `${summary ?? "migrated"}; schema-verify: ${verified.summary}`;
    }
    return finish([...findings, ...mergeConnectionFindings(before, after)], stats, started, summary);
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function connectionsBefore(client, inputs, ctx) {
  let findings = await checkConnections(client, { idleThresholdMs: inputs["idle-in-transaction-threshold"], phase: "before" });
  return findings.push(...await idleTimeoutGuardFindings(client)), inputs.sample !== void 0 && findings.push(...await sampleIdleInTransaction(client, { durationMs: inputs.sample, log: (m) => ctx.log.info(m) })), findings;
}
async function keepPreflightLedger(client, dir, format, ctx) {
  if (!(await client.query("SELECT to_regclass('preflight.schema_migrations') IS NOT NULL AS t")).rows[0].t) return;
  let recorded = (await client.query("SELECT count(*)::int AS n FROM preflight.schema_migrations")).rows[0].n;
  if (recorded === 0) return;
  let flag = (value) => ctx.source === "cli" ? `--migrations-format ${value}` : `input migrations-format: ${value}`;
  throw new UsageError(
    `The files in ${dir} look like ${format} migrations, but this database records ${recorded} migration(s) in preflight.schema_migrations (Preflight's sql format); set ${flag("sql")} to keep that ledger, or ${flag(format)} only after recording the applied ones in ${format === "prisma" ? "_prisma_migrations" : "schema_migrations"} (--baseline).`
  );
}
function nativeStats(r) {
  return { applied: r.applied.length, pending: r.pending.length, skipped: r.skipped, lockWaitMs: Math.round(r.lockWaitMs), poolerDetectionMs: 0, lockMs: Math.round(r.lockMs) };
}
async function runCommandMode(command, inputs, ctx, session, database, stamp) {
  let stats = { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 }, lint = (env) => stamp ? Promise.resolve([]) : lintCommand(command, {
    client: session.client,
    env,
    cwd: process.cwd(),
    environment: inputs.environment,
    allowDestructive: inputs["allow-destructive"],
    timeoutMs: inputs["command-timeout"],
    log: (m) => ctx.log.info(m)
  });
  if (inputs["dry-run"]) {
    let findings = await withCommandEnv(session, inputs, lint);
    return ctx.log.info(`dry run: would run "${command}" with the direct connection in ${inputs["url-env"]}`), { findings, stats };
  }
  let key = advisoryLockKey(database), { waitedMs } = await acquireMigrationLock(session.client, { key, waitMs: inputs["lock-wait"], onWait: (m) => ctx.log.info(m) });
  stats.lockWaitMs = Math.round(waitedMs);
  let lockedAt = performance.now();
  try {
    return await withCommandEnv(session, inputs, async (env) => {
      let linted = await lint(env);
      if (linted.some((f) => f.severity === "error"))
        return ctx.log.info("Not running the command: the SQL it would run has blocking findings."), { findings: linted, stats };
      ctx.log.info(`Running: ${command}`);
      let timeoutMs = inputs["command-timeout"], result = await runCommand(command, env, { onLine: (line) => ctx.log.info(line), timeoutMs });
      if (result.timedOut) throw commandTimedOutError(command, timeoutMs, result);
      return { findings: [...linted, ...result.code === 0 ? [] : [commandFailedFinding(command, result)]], stats };
    });
  } finally {
    stats.lockMs = Math.round(performance.now() - lockedAt), await releaseMigrationLock(session.client, key).catch(() => {
    });
  }
}
async function withCommandEnv(session, inputs, fn) {
  let proxy = session.cloudSql ? await startLocalListener(session) : void 0;
  try {
    return await fn(
      databaseEnv(process.env, proxy?.target ?? session.target, {
        urlEnv: inputs["url-env"],
        timeouts: { lockTimeoutMs: inputs["lock-timeout"], statementTimeoutMs: inputs["statement-timeout"] }
      })
    );
  } finally {
    await proxy?.close();
  }
}
async function startLocalListener(session) {
  let { startCloudSqlLocalProxy, parseConnection: parseConnection2, connectionUrl: connectionUrl2 } = await import("./src-4VTQ3TCT.js"), { user, database, config } = session.target, password = typeof config.password == "string" ? config.password : void 0, proxy = await startCloudSqlLocalProxy({ ...session.cloudSql, user, password, database: database ?? "postgres" }), plain = /\+asyncpg$/i.test(session.target.scheme ?? "") ? { ssl: "disable" } : { sslmode: "disable" }, url = connectionUrl2(session.target, { host: proxy.host, port: proxy.port, database: database ?? "postgres", set: plain });
  return { url, target: parseConnection2(url, { inputName: "cloud-sql-instance" }), close: () => proxy.close() };
}
async function verifyAfterMigrating(inputs, session, ctx, expectedCommand, format) {
  let { schemaVerify, schemaVerifyOptions } = await import("./definition-BCAYMG5W.js"), { parseInputs } = await import("./src-ZO7PZWUE.js"), proxy = session.cloudSql ? await startLocalListener(session) : void 0;
  try {
    let raw = {
      "database-url": proxy?.url ?? session.connectionString,
      ...expectedCommand ? { "migrate-command": expectedCommand, "url-env": inputs["url-env"] } : { migrations: inputs.migrations, "migrations-format": format },
      "shadow-url": inputs["shadow-url"],
      "connect-timeout": `${inputs["connect-timeout"]}ms`,
      // strict, schemas, ignore, ...: given to migrate-direct, meant for the verification.
      ...Object.fromEntries(verifyPassThrough.map((name) => [name, ctx.raw[name]]))
    }, svInputs = parseInputs(schemaVerifyOptions, raw, ctx.source, {});
    return await ctx.log.group("Verifying the schema after migrating", async () => {
      let result = await schemaVerify.run(svInputs, ctx);
      return { findings: result.findings, summary: result.summary ?? `${result.findings.length} findings` };
    });
  } catch (error) {
    return {
      findings: [{ rule: "verify-schema-failed", severity: "error", object: "schema-verify", message: `Migrations were applied, but schema-verify could not run: ${error instanceof Error ? error.message : String(error)}`, fix: "Fix the cause named here and run preflight schema-verify against the database." }],
      summary: "could not run"
    };
  } finally {
    await proxy?.close();
  }
}
function lintOneWith(inputs) {
  let linter;
  return async (m) => {
    let { lintMigrationSql } = await (linter ??= import("./lint-4P4Y4AW7.js"));
    return lintMigrationSql(m.upSql, {
      file: m.file,
      startLine: m.upStartLine,
      environment: inputs.environment,
      allowDestructive: inputs["allow-destructive"],
      inTransaction: !m.noTransaction
    });
  };
}
function summaryOf(stats, dryRun, command) {
  if (!command)
    return dryRun ? `${stats.pending} pending migration(s), ${stats.skipped} already applied (dry run, nothing changed)` : `applied ${stats.applied} migration(s), ${stats.skipped} already applied, ${stats.pending} pending`;
}
function finish(findings, stats, started, summary) {
  let blocking = findings.filter((f) => f.severity === "error").length, durationMs = Math.round(performance.now() - started), outputs = {};
  stats.applied !== void 0 && (outputs.applied = String(stats.applied)), stats.pending !== void 0 && (outputs.pending = String(stats.pending));
  let defined = Object.fromEntries(Object.entries({ ...stats, durationMs }).filter(([, v]) => v !== void 0));
  return {
    findings,
    summary: summary && blocking > 0 ? `${summary}; ${blocking} blocking finding(s)` : summary,
    stats: defined,
    outputs
  };
}

export {
  runMigrateDirect,
  prepareRun,
  refusedBeforeConnecting,
  sessionInputsOf,
  answerTimeoutOf,
  migrateOne
};
