import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  CouldNotRunError,
  REDACTED,
  UsageError,
  redact,
  registerSecret
} from "./chunk-KNCBXDSL.js";

// packages/pg/src/cloud-sql.ts
import { createServer } from "node:net";

// packages/pg/src/connection.ts
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
var SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"], DEFAULT_CONNECT_TIMEOUT_MS = 1e4, HOW_TO = 'use postgres://user:password@host:5432/dbname or a libpq string like "host=... dbname=..."', INSTANCE_NAME = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]*:[a-z]+-[a-z]+\d+:[a-z0-9][a-z0-9-]*$/i, SQLALCHEMY_SCHEME = /^postgresql\+[a-z][a-z0-9_]*$/i, SECRET_PARAM = /pass|secret|token|api[-_]?key/i, KNOWN = /* @__PURE__ */ new Set([
  "host",
  "hostaddr",
  "port",
  "dbname",
  "user",
  "password",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "options",
  "application_name",
  "fallback_application_name",
  "connect_timeout",
  "client_encoding",
  "pgbouncer"
]);
function bad(inputName, problem, fix) {
  return new UsageError(redact(`Input ${inputName} ${problem}; ${fix}.`));
}
function parseConnection(input, opts) {
  let target = parseTarget(input, opts);
  return opts.answerTimeoutMs !== void 0 && (target.answerTimeoutMs = opts.answerTimeoutMs), target;
}
function parseTarget(input, opts) {
  let name = opts.inputName;
  if (typeof input != "string" || input.trim() === "")
    throw bad(name, "is empty", `${HOW_TO}`);
  registerSecret(process.env.PGPASSWORD);
  let text = input.trim();
  if (/^jdbc:/i.test(text))
    throw bad(name, "is a JDBC URL, which is not a PostgreSQL connection string", `drop the "jdbc:" prefix and ${HOW_TO}`);
  let scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    if (!/^postgres(ql)?$/i.test(scheme[1]) && !SQLALCHEMY_SCHEME.test(scheme[1]))
      throw bad(name, `is not a valid PostgreSQL URL (unknown scheme "${scheme[1].slice(0, 20)}")`, HOW_TO);
    return parseUrl(text, scheme[0].length, opts);
  }
  if (INSTANCE_NAME.test(text)) return instanceTarget(text, opts);
  if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(text)) return parseKeywords(text, opts);
  throw bad(name, "is neither a PostgreSQL URL nor a libpq connection string", HOW_TO);
}
function displayConnection(input) {
  try {
    return parseConnection(input, { inputName: "connection" }).display;
  } catch {
    return "<invalid connection string>";
  }
}
function redactUrl(text) {
  return redact(text);
}
function build(p, opts) {
  let name = opts.inputName, get = (k) => p.params.get(k), env = process.env, hostParam = get("host") || void 0, hostaddr = get("hostaddr") || void 0;
  for (let [k, v] of [["host", hostParam], ["hostaddr", hostaddr], ["port", get("port")]])
    if (v && v.includes(","))
      throw bad(name, `lists several values for ${k}, which Preflight does not support`, "give exactly one host and port");
  if (hostaddr && !isIP(hostaddr))
    throw bad(name, "has a hostaddr that is not an IP address", "use host= for a host name or give a numeric IPv4/IPv6 address");
  let host = hostParam ?? hostaddr ?? env.PGHOST ?? "localhost", portText = get("port") || env.PGPORT || "5432", port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText.trim()) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw bad(name, "has a port that is not a number from 1 to 65535", "fix the port (PostgreSQL listens on 5432 by default)");
  let sslmode, rawMode = get("sslmode");
  if (rawMode !== void 0 && rawMode !== "") {
    let mode = rawMode.trim().toLowerCase();
    if (SSL_MODES.includes(mode)) sslmode = mode;
    else if (mode === "no-verify") sslmode = "require";
    else
      throw bad(name, `has an unknown sslmode "${rawMode.slice(0, 20)}"`, `use one of ${SSL_MODES.join(", ")}`);
  } else if (p.kind === "url") {
    let ssl2 = (get("ssl") ?? "").trim().toLowerCase();
    /^(true|1)$/.test(ssl2) ? sslmode = "require" : SSL_MODES.includes(ssl2) && (sslmode = ssl2);
  }
  let timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, ct = get("connect_timeout");
  if (ct !== void 0 && ct.trim() !== "") {
    if (!/^\s*-?\d+\s*$/.test(ct))
      throw bad(name, "has a connect_timeout that is not a whole number of seconds", "use e.g. connect_timeout=10");
    let seconds = Number(ct);
    seconds > 0 && (timeoutMs = Math.max(seconds, 2) * 1e3);
  }
  let user = get("user") || env.PGUSER || void 0, database = get("dbname") || env.PGDATABASE || user, password = get("password"), socketDir = host.startsWith("/") ? host : void 0, cloudSqlInstance;
  if (socketDir) {
    let m = /^\/cloudsql\/([^/]+)\/?$/.exec(socketDir);
    m && (cloudSqlInstance = m[1]);
  }
  let config = {
    host: hostaddr ?? host,
    port,
    connectionTimeoutMillis: timeoutMs
  };
  user !== void 0 && (config.user = user), database !== void 0 && (config.database = database), password !== void 0 && password !== "" && (config.password = password);
  let appName = get("application_name") || get("fallback_application_name");
  appName && (config.application_name = appName), get("options") && (config.options = get("options")), get("client_encoding") && (config.client_encoding = get("client_encoding"));
  let ssl = socketDir ? !1 : sslConfig(sslmode, p.params, name);
  ssl !== void 0 && (config.ssl = ssl), hostaddr && hostParam && !isIP(hostParam) && typeof config.ssl == "object" && (config.ssl.servername = hostParam);
  let ignoredParams = [];
  for (let n of p.names)
    KNOWN.has(n) || p.kind === "url" && n === "ssl" || ignoredParams.includes(n) || ignoredParams.push(n);
  return {
    kind: p.kind,
    config,
    display: redact(p.display),
    host,
    port,
    database,
    user,
    socketDir,
    cloudSqlInstance,
    sslmode,
    pgbouncerParam: /^(true|1|yes|on)$/i.test(get("pgbouncer") ?? ""),
    ignoredParams,
    scheme: p.scheme,
    givenParams: [...p.given]
  };
}
function sslConfig(mode, params, name) {
  if (mode === void 0) return;
  if (mode === "disable" || mode === "allow") return !1;
  let read = (param) => {
    let path = params.get(param);
    if (path)
      try {
        return readFileSync(path, "utf8");
      } catch (error) {
        let code = error.code ?? "unreadable";
        throw bad(name, `names a ${param} file "${path}" that cannot be read (${code})`, `fix the path or remove ${param}`);
      }
  }, files = {}, cert = read("sslcert"), key = read("sslkey");
  cert !== void 0 && (files.cert = cert), key !== void 0 && (files.key = key);
  let rootParam = params.get("sslrootcert"), ca = rootParam && rootParam !== "system" ? read("sslrootcert") : void 0, caOpt = ca !== void 0 ? { ca } : {}, skipHostname = { checkServerIdentity: () => {
  } };
  switch (mode) {
    case "prefer":
      return { rejectUnauthorized: !1, ...files };
    case "require":
      return rootParam ? { rejectUnauthorized: !0, ...caOpt, ...skipHostname, ...files } : { rejectUnauthorized: !1, ...files };
    case "verify-ca":
      if (!rootParam)
        throw bad(
          name,
          "uses sslmode=verify-ca without sslrootcert",
          "add sslrootcert=/path/to/ca.pem (or sslrootcert=system), or use sslmode=verify-full to check the host name against public CAs"
        );
      return { rejectUnauthorized: !0, ...caOpt, ...skipHostname, ...files };
    case "verify-full":
      return { rejectUnauthorized: !0, ...caOpt, ...files };
  }
}
function instanceTarget(text, opts) {
  return {
    kind: "cloud-sql-instance",
    config: { connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    display: redact(text),
    host: "",
    port: 5432,
    cloudSqlInstance: text,
    pgbouncerParam: !1,
    ignoredParams: [],
    givenParams: []
  };
}
function parseUrl(text, schemeLen, opts) {
  let name = opts.inputName, prefix = text.slice(0, schemeLen), rest = text.slice(schemeLen), authEnd = firstOf(rest, "/?", 0), at = authEnd > 0 ? rest.lastIndexOf("@", authEnd - 1) : -1;
  at < 0 && (at = unencodedPasswordAt(rest, authEnd, name));
  let params = /* @__PURE__ */ new Map(), names = [], userRaw, passwordRaw;
  if (at >= 0) {
    let info = rest.slice(0, at), colon = info.indexOf(":");
    if (userRaw = colon >= 0 ? info.slice(0, colon) : info, colon >= 0) {
      passwordRaw = info.slice(colon + 1);
      let password = pctDecode(passwordRaw);
      registerSecret(passwordRaw), registerSecret(password), params.set("password", password);
    }
    let user = pctDecode(userRaw);
    user && params.set("user", user);
  }
  let hostStart = at + 1, hostEnd = firstOf(rest, "/?", hostStart), hostport = rest.slice(hostStart, hostEnd), queryAt = rest.indexOf("?", hostEnd), pathRaw = rest.slice(hostEnd, queryAt >= 0 ? queryAt : rest.length), queryRaw = queryAt >= 0 ? rest.slice(queryAt + 1) : void 0, pairs = [], valueless = !1;
  if (queryRaw !== void 0)
    for (let part of queryRaw.split("&")) {
      if (part === "") continue;
      let eq = part.indexOf("=");
      if (eq < 0) {
        valueless = !0;
        continue;
      }
      let keyRaw = part.slice(0, eq), valueRaw = part.slice(eq + 1), key = pctDecode(keyRaw), value = pctDecode(valueRaw);
      (key === "password" || SECRET_PARAM.test(key)) && (registerSecret(valueRaw), registerSecret(value)), pairs.push({ keyRaw, valueRaw, key }), names.push(key);
    }
  if (valueless)
    throw bad(name, 'has a query parameter without "=value"', "write parameters as ?name=value&name2=value2");
  let hostRaw = hostport, portRaw;
  if (hostport.startsWith("[")) {
    let close = hostport.indexOf("]");
    if (close < 0) throw bad(name, 'has an IPv6 address without the closing "]"', "write it as [::1]:5432");
    hostRaw = hostport.slice(1, close);
    let after = hostport.slice(close + 1);
    if (after.startsWith(":")) portRaw = after.slice(1);
    else if (after !== "") throw bad(name, "has text after the IPv6 address", "write it as [::1]:5432");
  } else {
    let colon = hostport.indexOf(":");
    colon >= 0 && (hostRaw = hostport.slice(0, colon), portRaw = hostport.slice(colon + 1));
  }
  let host = pctDecode(hostRaw);
  host && params.set("host", host), portRaw !== void 0 && portRaw !== "" && params.set("port", portRaw);
  let dbname = pathRaw.length > 1 ? pctDecode(pathRaw.slice(1)) : "";
  dbname && params.set("dbname", dbname);
  let given = /* @__PURE__ */ new Map();
  for (let { key, valueRaw } of pairs)
    params.set(key, pctDecode(valueRaw)), given.delete(key), given.set(key, pctDecode(valueRaw));
  if (pathRaw.slice(1).includes("/") && !params.get("host")?.startsWith("/"))
    throw bad(
      name,
      'has a "/" in its database name, usually a password with unencoded special characters',
      'percent-encode "/", "?", "@" and "#" in the password (e.g. encodeURIComponent) and try again'
    );
  let shownQuery = queryRaw === void 0 ? "" : "?" + pairs.map((q) => q.key === "password" || SECRET_PARAM.test(q.key) ? `${q.keyRaw}=${"***"}` : `${q.keyRaw}=${q.valueRaw}`).join("&"), shownUser = at >= 0 ? `${userRaw ?? ""}${passwordRaw !== void 0 ? `:${"***"}` : ""}@` : "", display = `${prefix}${shownUser}${hostport}${pathRaw}${shownQuery}`;
  return build({ kind: "url", params, names, given, scheme: prefix.slice(0, -3), display }, opts);
}
function firstOf(s, chars, from) {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return i;
  return s.length;
}
function unencodedPasswordAt(rest, authEnd, inputName) {
  let authority = rest.slice(0, authEnd), m = /^([^:@[]*):(.*)$/.exec(authority);
  if (!m) return -1;
  let queryAt = rest.indexOf("?", authEnd);
  for (let i = rest.indexOf("@", authEnd); i >= 0; i = rest.indexOf("@", i + 1))
    if (!(!HOST_AFTER_AT.test(rest.slice(i + 1)) && !IPV6_AFTER_AT.test(rest.slice(i + 1))) && !(queryAt >= 0 && i > queryAt && inKnownParamValue(rest.slice(queryAt + 1, i)))) {
      if (/^\d*$/.test(m[2])) {
        let passwordRaw = rest.slice(m[1].length + 1, i);
        throw registerSecret(passwordRaw), registerSecret(pctDecode(passwordRaw)), bad(
          inputName,
          'cannot be read safely: a "/" or "?" comes before the "@" that ends the user name and password, so the password (it starts with digits) would be read as a host and port',
          'percent-encode "/" as %2F and "?" as %3F in the password (and "@" as %40 in a database name) and try again'
        );
      }
      return i;
    }
  return -1;
}
var HOST_AFTER_AT = /^[A-Za-z0-9._~%-]*(?::\d*)?(?:[/?]|$)/, IPV6_AFTER_AT = /^\[[0-9A-Fa-f:.]*\](?::\d*)?(?:[/?]|$)/;
function inKnownParamValue(queryBeforeAt) {
  let pair = queryBeforeAt.slice(queryBeforeAt.lastIndexOf("&") + 1), eq = pair.indexOf("=");
  return eq > 0 && (KNOWN.has(pctDecode(pair.slice(0, eq))) || pair.slice(0, eq) === "ssl");
}
function pctDecode(s) {
  return s.includes("%") ? s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ""), "hex").toString("utf8")) : s;
}
function parseKeywords(text, opts) {
  let name = opts.inputName, params = /* @__PURE__ */ new Map(), names = [], shown = [], i = 0, n = text.length, ws = (c) => c === " " || c === "	" || c === `
` || c === "\r" || c === "\f" || c === "\v";
  for (; i < n; ) {
    for (; i < n && ws(text[i]); ) i++;
    if (i >= n) break;
    let kStart = i;
    for (; i < n && text[i] !== "=" && !ws(text[i]); ) i++;
    let key = text.slice(kStart, i);
    for (; i < n && ws(text[i]); ) i++;
    if (text[i] !== "=")
      throw bad(name, `has ${KNOWN.has(key) ? `"${key}"` : "a word"} without "=value" in its libpq connection string`, "write each setting as keyword=value and quote values with spaces, e.g. password='...'");
    if (key === "")
      throw bad(name, 'has "=" without a keyword before it in its libpq connection string', 'write each setting as keyword=value, e.g. "host=db dbname=app"');
    for (i++; i < n && ws(text[i]); ) i++;
    let secret = key === "password" || SECRET_PARAM.test(key), value = "";
    if (text[i] === "'") {
      i++;
      let closed = !1;
      for (; i < n; ) {
        let c = text[i];
        if (c === "\\" && i + 1 < n)
          value += text[i + 1], i += 2;
        else if (c === "'") {
          closed = !0, i++;
          break;
        } else
          value += c, i++;
      }
      if (!closed)
        throw secret && registerSecret(value), bad(name, `has an unterminated quoted value${KNOWN.has(key) ? ` for "${key}"` : ""} in its libpq connection string`, "close the quote, and write a quote inside a value as \\'");
    } else
      for (; i < n && !ws(text[i]); )
        text[i] === "\\" ? (i + 1 < n && (value += text[i + 1]), i += 2) : value += text[i++];
    secret && registerSecret(value), params.set(key, value), names.push(key), shown.push(`${key}=${secret ? "***" : quoteValue(value)}`);
  }
  return build({ kind: "keyword", params, names, given: new Map(params), display: shown.join(" ") }, opts);
}
function quoteValue(v) {
  return v !== "" && !/[\s'\\]/.test(v) ? v : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

// packages/pg/src/cloud-sql.ts
var INSTANCE_NAME2 = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]*:[a-z]+-[a-z]+\d+:[a-z0-9][a-z0-9-]*$/i;
async function openCloudSqlConnection(opts) {
  let { connector, stream } = await prepare(opts);
  return {
    clientConfig: {
      user: opts.user,
      password: opts.password,
      database: opts.database,
      stream,
      // The connector already encrypts; an SSLRequest inside its tunnel (e.g. from PGSSLMODE in
      // the environment) would be refused by the instance's proxy.
      ssl: !1,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    },
    async close() {
      connector.close();
    }
  };
}
async function startCloudSqlLocalProxy(opts) {
  let { connector, stream } = await prepare(opts), sockets = /* @__PURE__ */ new Set(), server = createServer((client) => {
    let upstream;
    try {
      upstream = stream();
    } catch {
      client.destroy();
      return;
    }
    for (let s of [client, upstream])
      sockets.add(s), s.once("close", () => sockets.delete(s));
    client.pipe(upstream).pipe(client), client.on("error", () => upstream.destroy()), upstream.on("error", () => client.destroy());
  });
  try {
    await new Promise((resolve, reject) => {
      server.once("error", reject), server.listen(0, "127.0.0.1", () => resolve());
    });
  } catch (err) {
    throw connector.close(), new CouldNotRunError(`could not open a local listener for Cloud SQL instance "${opts.instance}": ${err.message}.`);
  }
  return {
    host: "127.0.0.1",
    port: server.address().port,
    async close() {
      for (let s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve())), connector.close();
    }
  };
}
async function prepare(opts) {
  if (registerSecret(opts.password), !INSTANCE_NAME2.test(opts.instance))
    throw new UsageError(
      redact(`--cloud-sql-instance "${opts.instance}" is not PROJECT:REGION:INSTANCE; copy the instance connection name from the Cloud SQL console.`)
    );
  let ipType = opts.ipType ?? "public";
  if (!["public", "private", "psc"].includes(ipType))
    throw new UsageError(`Cloud SQL IP type "${ipType}" is not public, private or psc; pick the address type the runner can reach.`);
  let mod;
  try {
    mod = await import("./mjs-74L2RKOL.js");
  } catch (err) {
    throw new CouldNotRunError(`could not load @google-cloud/cloud-sql-connector: ${err.message}.`);
  }
  let { Connector, GoogleAuth, IpAddressTypes, AuthTypes } = mod, connector = new Connector({
    // Application Default Credentials as the connector would find them, with two changes. The
    // project is given, because google-auth-library otherwise looks it up on first use: it runs
    // `gcloud`, probes the GCE metadata server (seconds off Google Cloud), and for federated
    // credentials asks Cloud Resource Manager, which fails IAM auth when the principal may not
    // read the project. One client carries both scopes the connector would ask for separately.
    auth: new GoogleAuth({
      scopes: ["https://www.googleapis.com/auth/sqlservice.admin", "https://www.googleapis.com/auth/sqlservice.login"],
      projectId: projectOf(opts.instance)
    }),
    sqlAdminAPIEndpoint: opts.sqlAdminAPIEndpoint ?? (process.env.PREFLIGHT_SQLADMIN_ENDPOINT || void 0),
    userAgent: "preflight"
  }), pending = connector.getOptions({
    instanceConnectionName: opts.instance,
    ipType: { public: IpAddressTypes.PUBLIC, private: IpAddressTypes.PRIVATE, psc: IpAddressTypes.PSC }[ipType],
    authType: opts.iamAuth ? AuthTypes.IAM : AuthTypes.PASSWORD
  }), timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timer, timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    let result = await Promise.race([pending, timedOut]);
    if (result === "timeout")
      throw pending.then(
        () => connector.close(),
        () => {
        }
      ), new CouldNotRunError(
        `Cloud SQL instance "${opts.instance}": the Cloud SQL Admin API did not answer within ${timeoutMs} ms; check that the runner can reach sqladmin.googleapis.com.`
      );
    return { connector, stream: result.stream };
  } catch (err) {
    throw err instanceof CouldNotRunError ? err : new CouldNotRunError(redact(describeCloudSqlFailure(opts.instance, ipType, err)));
  } finally {
    clearTimeout(timer);
  }
}
function describeCloudSqlFailure(instance, ipType, err) {
  let e = err, where = `Cloud SQL instance "${instance}"`, status = typeof e?.status == "number" ? e.status : e?.response?.status, apiMessage = trimSentence(e?.response?.data?.error?.message ?? e?.response?.data?.error_description ?? e?.message ?? String(err)), code = typeof e?.code == "string" ? e.code : "";
  if (/^ENO(PUBLIC|PRIVATE|PSC)SQLADMINIPADDRESS$/.test(code))
    return `${where} has no ${ipType} IP address; choose an IP type the instance has (public, private or psc).`;
  if (code === "EBADSQLADMINREGION") {
    let m = /Got (\S+), want (\S+)/.exec(e.message ?? ""), actual = m ? `the instance is in ${m[1].replace(/,$/, "")}, not ${m[2]}` : trimSentence(e.message ?? "");
    return `${where}: ${actual}; fix the region in the instance connection name.`;
  }
  return code === "ENOACCESSTOKEN" ? `${where}: Google credentials gave no access token for IAM database authentication.` : /Could not load the default credentials/i.test(apiMessage) ? `${where}: no Google credentials found; run google-github-actions/auth before this step or set GOOGLE_APPLICATION_CREDENTIALS.` : status === void 0 && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code) ? `${where}: could not reach the Cloud SQL Admin API (${apiMessage}); check the runner's network access to Google APIs.` : status === 401 ? `${where}: Google rejected the credentials (HTTP 401: ${apiMessage}); check the workload identity provider or service account.` : status === 403 ? `${where}: permission denied (HTTP 403: ${apiMessage}); the service account needs roles/cloudsql.client and the Cloud SQL Admin API must be enabled.` : status === 404 ? `${where} was not found (HTTP 404: ${apiMessage}); check the instance connection name and project.` : typeof status == "number" ? `${where}: the Cloud SQL Admin API failed (HTTP ${status}: ${apiMessage}).` : `${where}: could not get connection details (${apiMessage}).`;
}
function projectOf(instance) {
  return instance.split(":").slice(0, -2).join(":");
}
function trimSentence(text) {
  return String(text).trim().replace(/[.\s]+$/, "");
}

export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  parseConnection,
  displayConnection,
  redactUrl,
  openCloudSqlConnection,
  startCloudSqlLocalProxy,
  describeCloudSqlFailure
};
