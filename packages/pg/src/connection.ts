/**
 * Turns what a user typed (a postgres:// URL, a libpq keyword string, or a Cloud SQL instance
 * connection name) into a `pg` client config plus a display string that is safe to print.
 * Parsing follows libpq, not WHATWG URLs: `+` stays `+`, `#` is an ordinary character, query
 * parameters override the URL's own parts, and `ssl=true` means `sslmode=require` (JDBC habit).
 * SQLAlchemy's `postgresql+driver://` URLs are read like `postgresql://` (asyncpg's `ssl=<mode>`
 * is its sslmode); the scheme and every given parameter are kept for the URL a child command gets
 * (connection-url.ts). A URL whose password would be read as a host and port is refused.
 * Passwords are registered as secrets the moment they are split off, before anything can throw.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type pg from 'pg';
import { UsageError, registerSecret, redact, REDACTED } from '@preflight/core';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface ConnectionTarget {
  /** What the input was; `cloud-sql-instance` cannot connect until the connector lands. */
  kind: 'url' | 'keyword' | 'cloud-sql-instance';
  /** Ready for `new pg.Client(config)`; `connectClient` adds the SSL fallbacks libpq does. */
  config: pg.ClientConfig;
  /** The input with every password replaced by `***`; safe for logs, errors and reports. */
  display: string;
  /** Host name, IP address or unix-socket directory; empty for a plain Cloud SQL instance name. */
  host: string;
  port: number;
  database?: string;
  user?: string;
  /** Set when `host` is a unix-socket directory (pg connects to `<dir>/.s.PGSQL.<port>`). */
  socketDir?: string;
  /** PROJECT:REGION:INSTANCE, from `/cloudsql/...` socket paths or a plain instance name. */
  cloudSqlInstance?: string;
  /** As given (`ssl=true` counts as `require`); undefined when the input did not say. */
  sslmode?: SslMode;
  /** `pgbouncer=true` (Prisma's marker for a transaction pooler); never sent to the server. */
  pgbouncerParam: boolean;
  /** Parameters we do not act on, by name. */
  ignoredParams: string[];
  /**
   * The URL scheme as typed (`postgres`, `postgresql`, `postgresql+asyncpg`); undefined for libpq
   * keyword strings and instance names. A child command gets its URL with the same scheme.
   */
  scheme?: string;
  /**
   * Every parameter the input set, decoded, in order, the last of a repeated name only: URL query
   * parameters, or all keyword=value pairs. Child commands get them all (see connectionUrl), so
   * the user's tool connects the way we do. Secret values among them are registered secrets.
   */
  givenParams: ReadonlyArray<readonly [string, string]>;
  /**
   * While a query is in flight, how long the server may send nothing before the connection is
   * taken as dead (see limitSilence); undefined: no limit. Every client connectClient opens to this
   * target gets it.
   */
  answerTimeoutMs?: number;
}

export interface ParseOptions {
  /** The flag or action input the string came from, named in every error (e.g. "expected-url"). */
  inputName: string;
  /** Used when the input has no connect_timeout; default 10 000 ms. */
  connectTimeoutMs?: number;
  /** See ConnectionTarget.answerTimeoutMs. */
  answerTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const HOW_TO = 'use postgres://user:password@host:5432/dbname or a libpq string like "host=... dbname=..."';

// PROJECT[:DOMAIN-SCOPED]:REGION:INSTANCE, e.g. my-proj:us-central1:main or example.com:proj:europe-west1:db.
const INSTANCE_NAME = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]*:[a-z]+-[a-z]+\d+:[a-z0-9][a-z0-9-]*$/i;

// postgresql+psycopg2, +psycopg, +asyncpg, +pg8000, +psycopg2cffi, +pygresql, ...: SQLAlchemy's
// dialect+driver form. SQLAlchemy has no "postgres+" dialect name since 1.4, so neither do we.
const SQLALCHEMY_SCHEME = /^postgresql\+[a-z][a-z0-9_]*$/i;

// Parameter names whose values are secrets even though we ignore them (libpq's sslpassword, tokens).
const SECRET_PARAM = /pass|secret|token|api[-_]?key/i;

const KNOWN = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'options',
  'application_name',
  'fallback_application_name',
  'connect_timeout',
  'client_encoding',
  'pgbouncer',
]);

/** One sentence: the input, what was wrong, what to do. Redacted in case a value slipped in. */
function bad(inputName: string, problem: string, fix: string): UsageError {
  return new UsageError(redact(`Input ${inputName} ${problem}; ${fix}.`));
}

export function parseConnection(input: string, opts: ParseOptions): ConnectionTarget {
  const target = parseTarget(input, opts);
  if (opts.answerTimeoutMs !== undefined) target.answerTimeoutMs = opts.answerTimeoutMs;
  return target;
}

function parseTarget(input: string, opts: ParseOptions): ConnectionTarget {
  const name = opts.inputName;
  if (typeof input !== 'string' || input.trim() === '') {
    throw bad(name, 'is empty', `${HOW_TO}`);
  }
  // Environment defaults pg would apply anyway; PGPASSWORD is a secret like any other.
  registerSecret(process.env.PGPASSWORD);
  const text = input.trim();
  if (/^jdbc:/i.test(text)) {
    throw bad(name, 'is a JDBC URL, which is not a PostgreSQL connection string', `drop the "jdbc:" prefix and ${HOW_TO}`);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    // SQLAlchemy names the Python driver after a "+" (postgresql+asyncpg://); the rest of the URL is
    // the same, and the driver only matters to the user's own tool, which gets the URL as given.
    if (!/^postgres(ql)?$/i.test(scheme[1]) && !SQLALCHEMY_SCHEME.test(scheme[1])) {
      throw bad(name, `is not a valid PostgreSQL URL (unknown scheme "${scheme[1].slice(0, 20)}")`, HOW_TO);
    }
    return parseUrl(text, scheme[0].length, opts);
  }
  if (INSTANCE_NAME.test(text)) return instanceTarget(text, opts);
  if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(text)) return parseKeywords(text, opts);
  throw bad(name, 'is neither a PostgreSQL URL nor a libpq connection string', HOW_TO);
}

/** The display form of a connection string, or a placeholder when it cannot be parsed. */
export function displayConnection(input: string): string {
  try {
    return parseConnection(input, { inputName: 'connection' }).display;
  } catch {
    // An unparseable string may hold a password anywhere; echoing any of it is not safe.
    return '<invalid connection string>';
  }
}

/**
 * Masks passwords in free text (`scheme://user:***@host`, `password=***`, `PGPASSWORD=***`, ...) and
 * every registered secret. Kept for callers in this package; the masking lives in core's `redact`.
 */
export function redactUrl(text: string): string {
  return redact(text);
}

// ---------------------------------------------------------------------------------------------
// Shared: turn libpq parameters into a target.

interface Parsed {
  kind: 'url' | 'keyword';
  /** libpq keyword → value, later entries already applied over earlier ones. */
  params: Map<string, string>;
  /** Every parameter name seen, in order, for ignoredParams. */
  names: string[];
  /** The parameters the input set (query parameters of a URL), decoded, last one wins. */
  given: Map<string, string>;
  scheme?: string;
  display: string;
}

function build(p: Parsed, opts: ParseOptions): ConnectionTarget {
  const name = opts.inputName;
  const get = (k: string) => p.params.get(k);
  const env = process.env;

  const hostParam = get('host') || undefined;
  const hostaddr = get('hostaddr') || undefined;
  for (const [k, v] of [['host', hostParam], ['hostaddr', hostaddr], ['port', get('port')]] as const) {
    if (v && v.includes(',')) {
      throw bad(name, `lists several values for ${k}, which Preflight does not support`, 'give exactly one host and port');
    }
  }
  if (hostaddr && !isIP(hostaddr)) {
    throw bad(name, 'has a hostaddr that is not an IP address', 'use host= for a host name or give a numeric IPv4/IPv6 address');
  }
  const host = hostParam ?? hostaddr ?? env.PGHOST ?? 'localhost';

  const portText = get('port') || env.PGPORT || '5432';
  const port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText.trim()) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    // The value is not echoed: in a mangled URL the "port" is often part of the password.
    throw bad(name, 'has a port that is not a number from 1 to 65535', 'fix the port (PostgreSQL listens on 5432 by default)');
  }

  let sslmode: SslMode | undefined;
  const rawMode = get('sslmode');
  if (rawMode !== undefined && rawMode !== '') {
    const mode = rawMode.trim().toLowerCase();
    if ((SSL_MODES as readonly string[]).includes(mode)) sslmode = mode as SslMode;
    else if (mode === 'no-verify') sslmode = 'require'; // node-postgres' own spelling of the same thing
    else {
      throw bad(name, `has an unknown sslmode "${rawMode.slice(0, 20)}"`, `use one of ${SSL_MODES.join(', ')}`);
    }
  } else if (p.kind === 'url') {
    // ssl=true is a JDBC habit; asyncpg (postgresql+asyncpg://) spells sslmode as ssl=<mode>.
    const ssl = (get('ssl') ?? '').trim().toLowerCase();
    if (/^(true|1)$/.test(ssl)) sslmode = 'require';
    else if ((SSL_MODES as readonly string[]).includes(ssl)) sslmode = ssl as SslMode;
  }

  let timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const ct = get('connect_timeout');
  if (ct !== undefined && ct.trim() !== '') {
    if (!/^\s*-?\d+\s*$/.test(ct)) {
      throw bad(name, 'has a connect_timeout that is not a whole number of seconds', 'use e.g. connect_timeout=10');
    }
    const seconds = Number(ct);
    // libpq treats 0 as "wait forever"; a CI check must not hang, so 0 keeps the default instead.
    // libpq also raises 1 to 2 seconds.
    if (seconds > 0) timeoutMs = Math.max(seconds, 2) * 1000;
  }

  const user = get('user') || env.PGUSER || undefined;
  const database = get('dbname') || env.PGDATABASE || user;
  const password = get('password');

  const socketDir = host.startsWith('/') ? host : undefined;
  let cloudSqlInstance: string | undefined;
  if (socketDir) {
    const m = /^\/cloudsql\/([^/]+)\/?$/.exec(socketDir);
    if (m) cloudSqlInstance = m[1];
  }

  const config: pg.ClientConfig = {
    host: hostaddr ?? host,
    port,
    connectionTimeoutMillis: timeoutMs,
  };
  if (user !== undefined) config.user = user;
  if (database !== undefined) config.database = database;
  if (password !== undefined && password !== '') config.password = password;
  const appName = get('application_name') || get('fallback_application_name');
  if (appName) config.application_name = appName;
  if (get('options')) config.options = get('options');
  if (get('client_encoding')) config.client_encoding = get('client_encoding');

  const ssl = socketDir ? false : sslConfig(sslmode, p.params, name);
  if (ssl !== undefined) config.ssl = ssl;
  // With hostaddr the TLS certificate is still checked against the host name, as libpq does.
  if (hostaddr && hostParam && !isIP(hostParam) && typeof config.ssl === 'object') {
    config.ssl.servername = hostParam;
  }

  const ignoredParams: string[] = [];
  for (const n of p.names) {
    if (KNOWN.has(n) || (p.kind === 'url' && n === 'ssl') || ignoredParams.includes(n)) continue;
    ignoredParams.push(n);
  }

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
    pgbouncerParam: /^(true|1|yes|on)$/i.test(get('pgbouncer') ?? ''),
    ignoredParams,
    scheme: p.scheme,
    givenParams: [...p.given],
  };
}

/**
 * Maps sslmode the way pg-connection-string's libpq-compatible mode does. pg cannot fall back
 * between plain and TLS by itself; connectClient does that for allow, prefer and "not given".
 */
function sslConfig(mode: SslMode | undefined, params: Map<string, string>, name: string): pg.ClientConfig['ssl'] {
  if (mode === undefined) return undefined; // pg's default (plain, or PGSSLMODE)
  if (mode === 'disable' || mode === 'allow') return false;

  const read = (param: string): string | undefined => {
    const path = params.get(param);
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw bad(name, `names a ${param} file "${path}" that cannot be read (${code})`, `fix the path or remove ${param}`);
    }
  };
  const files: { cert?: string; key?: string } = {};
  const cert = read('sslcert');
  const key = read('sslkey');
  if (cert !== undefined) files.cert = cert;
  if (key !== undefined) files.key = key;

  // sslrootcert=system (libpq 16) means the operating system's CA store, which is Node's default.
  const rootParam = params.get('sslrootcert');
  const ca = rootParam && rootParam !== 'system' ? read('sslrootcert') : undefined;
  const caOpt = ca !== undefined ? { ca } : {};
  const skipHostname = { checkServerIdentity: () => undefined };

  switch (mode) {
    case 'prefer':
      return { rejectUnauthorized: false, ...files };
    case 'require':
      // libpq: with a root certificate, require behaves like verify-ca.
      return rootParam ? { rejectUnauthorized: true, ...caOpt, ...skipHostname, ...files } : { rejectUnauthorized: false, ...files };
    case 'verify-ca':
      if (!rootParam) {
        throw bad(
          name,
          'uses sslmode=verify-ca without sslrootcert',
          'add sslrootcert=/path/to/ca.pem (or sslrootcert=system), or use sslmode=verify-full to check the host name against public CAs',
        );
      }
      return { rejectUnauthorized: true, ...caOpt, ...skipHostname, ...files };
    case 'verify-full':
      return { rejectUnauthorized: true, ...caOpt, ...files };
  }
}

function instanceTarget(text: string, opts: ParseOptions): ConnectionTarget {
  return {
    kind: 'cloud-sql-instance',
    config: { connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    display: redact(text),
    host: '',
    port: 5432,
    cloudSqlInstance: text,
    pgbouncerParam: false,
    ignoredParams: [],
    givenParams: [],
  };
}

// ---------------------------------------------------------------------------------------------
// URLs: postgres[ql][+driver]://[user[:password]@][host][:port][/dbname][?param=value&...]

function parseUrl(text: string, schemeLen: number, opts: ParseOptions): ConnectionTarget {
  const name = opts.inputName;
  const prefix = text.slice(0, schemeLen);
  const rest = text.slice(schemeLen);

  // Userinfo first, because an unencoded password may contain '/', '?' or '@'.
  const authEnd = firstOf(rest, '/?', 0);
  let at = authEnd > 0 ? rest.lastIndexOf('@', authEnd - 1) : -1;
  if (at < 0) at = unencodedPasswordAt(rest, authEnd, name);

  const params = new Map<string, string>();
  const names: string[] = [];
  let userRaw: string | undefined;
  let passwordRaw: string | undefined;
  if (at >= 0) {
    const info = rest.slice(0, at);
    const colon = info.indexOf(':');
    userRaw = colon >= 0 ? info.slice(0, colon) : info;
    if (colon >= 0) {
      passwordRaw = info.slice(colon + 1);
      const password = pctDecode(passwordRaw);
      registerSecret(passwordRaw);
      registerSecret(password);
      params.set('password', password);
    }
    const user = pctDecode(userRaw);
    if (user) params.set('user', user);
  }

  const hostStart = at + 1;
  const hostEnd = firstOf(rest, '/?', hostStart);
  const hostport = rest.slice(hostStart, hostEnd);
  const queryAt = rest.indexOf('?', hostEnd);
  const pathRaw = rest.slice(hostEnd, queryAt >= 0 ? queryAt : rest.length);
  const queryRaw = queryAt >= 0 ? rest.slice(queryAt + 1) : undefined;

  // Query parameters are read before anything can throw, so a password=... in them is registered.
  const pairs: Array<{ keyRaw: string; valueRaw: string; key: string }> = [];
  let valueless = false;
  if (queryRaw !== undefined) {
    for (const part of queryRaw.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) {
        valueless = true;
        continue;
      }
      const keyRaw = part.slice(0, eq);
      const valueRaw = part.slice(eq + 1);
      const key = pctDecode(keyRaw);
      const value = pctDecode(valueRaw);
      if (key === 'password' || SECRET_PARAM.test(key)) {
        registerSecret(valueRaw);
        registerSecret(value);
      }
      pairs.push({ keyRaw, valueRaw, key });
      names.push(key);
    }
  }
  if (valueless) {
    throw bad(name, 'has a query parameter without "=value"', 'write parameters as ?name=value&name2=value2');
  }

  let hostRaw = hostport;
  let portRaw: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) throw bad(name, 'has an IPv6 address without the closing "]"', 'write it as [::1]:5432');
    hostRaw = hostport.slice(1, close);
    const after = hostport.slice(close + 1);
    if (after.startsWith(':')) portRaw = after.slice(1);
    else if (after !== '') throw bad(name, 'has text after the IPv6 address', 'write it as [::1]:5432');
  } else {
    const colon = hostport.indexOf(':');
    if (colon >= 0) {
      hostRaw = hostport.slice(0, colon);
      portRaw = hostport.slice(colon + 1);
    }
  }
  const host = pctDecode(hostRaw);
  if (host) params.set('host', host);
  if (portRaw !== undefined && portRaw !== '') params.set('port', portRaw);
  const dbname = pathRaw.length > 1 ? pctDecode(pathRaw.slice(1)) : '';
  if (dbname) params.set('dbname', dbname);
  // libpq: query parameters override the parts of the URL.
  const given = new Map<string, string>();
  for (const { key, valueRaw } of pairs) {
    params.set(key, pctDecode(valueRaw));
    given.delete(key); // keeps the order of the last occurrence
    given.set(key, pctDecode(valueRaw));
  }

  // Only an unencoded "/" is ambiguous (a password's "/" moves the rest into the path); a %2F the
  // user encoded is part of the name, and is how connectionUrl writes such a name for a child command.
  if (pathRaw.slice(1).includes('/') && !params.get('host')?.startsWith('/')) {
    throw bad(
      name,
      'has a "/" in its database name, usually a password with unencoded special characters',
      'percent-encode "/", "?", "@" and "#" in the password (e.g. encodeURIComponent) and try again',
    );
  }

  const shownQuery =
    queryRaw === undefined
      ? ''
      : '?' + pairs.map((q) => (q.key === 'password' || SECRET_PARAM.test(q.key) ? `${q.keyRaw}=${REDACTED}` : `${q.keyRaw}=${q.valueRaw}`)).join('&');
  const shownUser = at >= 0 ? `${userRaw ?? ''}${passwordRaw !== undefined ? `:${REDACTED}` : ''}@` : '';
  const display = `${prefix}${shownUser}${hostport}${pathRaw}${shownQuery}`;

  return build({ kind: 'url', params, names, given, scheme: prefix.slice(0, -3), display }, opts);
}

function firstOf(s: string, chars: string, from: number): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return i;
  return s.length;
}

/**
 * For `user:pa/ss@host/db`, where a '/' or '?' in an unencoded password ends the authority early:
 * where the user name and password end, or -1 when the URL has none.
 *
 * When the text before that '/' reads as `host:port` (a password that starts with digits, as in
 * `admin:2024/pw@db`), libpq and WHATWG URL parsers take the user name for a host and the rest of
 * the password for the database name, and send it there in the startup packet. We neither take
 * that reading nor guess the other one (the user's own tools would still take the first): the URL
 * is refused, and nothing in it is echoed.
 */
function unencodedPasswordAt(rest: string, authEnd: number, inputName: string): number {
  const authority = rest.slice(0, authEnd);
  const m = /^([^:@[]*):(.*)$/.exec(authority);
  if (!m) return -1;
  const queryAt = rest.indexOf('?', authEnd);
  for (let i = rest.indexOf('@', authEnd); i >= 0; i = rest.indexOf('@', i + 1)) {
    if (!HOST_AFTER_AT.test(rest.slice(i + 1)) && !IPV6_AFTER_AT.test(rest.slice(i + 1))) continue;
    // postgres://db:5432?user=me@corp.example: an '@' inside a known parameter's value is just that.
    if (queryAt >= 0 && i > queryAt && inKnownParamValue(rest.slice(queryAt + 1, i))) continue;
    if (/^\d*$/.test(m[2])) {
      const passwordRaw = rest.slice(m[1].length + 1, i);
      registerSecret(passwordRaw);
      registerSecret(pctDecode(passwordRaw));
      throw bad(
        inputName,
        'cannot be read safely: a "/" or "?" comes before the "@" that ends the user name and password, so the password (it starts with digits) would be read as a host and port',
        'percent-encode "/" as %2F and "?" as %3F in the password (and "@" as %40 in a database name) and try again',
      );
    }
    return i;
  }
  return -1;
}

const HOST_AFTER_AT = /^[A-Za-z0-9._~%-]*(?::\d*)?(?:[/?]|$)/;
const IPV6_AFTER_AT = /^\[[0-9A-Fa-f:.]*\](?::\d*)?(?:[/?]|$)/;

/** `a=1&user=me` (the query up to an '@'): true when the '@' sits in the value of a parameter we know. */
function inKnownParamValue(queryBeforeAt: string): boolean {
  const pair = queryBeforeAt.slice(queryBeforeAt.lastIndexOf('&') + 1);
  const eq = pair.indexOf('=');
  return eq > 0 && (KNOWN.has(pctDecode(pair.slice(0, eq))) || pair.slice(0, eq) === 'ssl');
}

/** Percent-decoding that never throws: invalid escapes stay as typed, bytes decode as UTF-8. */
function pctDecode(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    return bytes.toString('utf8');
  });
}

// ---------------------------------------------------------------------------------------------
// libpq keyword/value strings: host=db port=5432 password='it\'s secret'

function parseKeywords(text: string, opts: ParseOptions): ConnectionTarget {
  const name = opts.inputName;
  const params = new Map<string, string>();
  const names: string[] = [];
  const shown: string[] = [];
  let i = 0;
  const n = text.length;
  const ws = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

  while (i < n) {
    while (i < n && ws(text[i])) i++;
    if (i >= n) break;
    const kStart = i;
    while (i < n && text[i] !== '=' && !ws(text[i])) i++;
    const key = text.slice(kStart, i);
    while (i < n && ws(text[i])) i++;
    if (text[i] !== '=') {
      // Not echoed: after `password=my secret` the stray word is half of the password.
      throw bad(name, `has ${KNOWN.has(key) ? `"${key}"` : 'a word'} without "=value" in its libpq connection string`, "write each setting as keyword=value and quote values with spaces, e.g. password='...'");
    }
    if (key === '') {
      throw bad(name, 'has "=" without a keyword before it in its libpq connection string', 'write each setting as keyword=value, e.g. "host=db dbname=app"');
    }
    i++;
    while (i < n && ws(text[i])) i++;
    const secret = key === 'password' || SECRET_PARAM.test(key);
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) {
        if (secret) registerSecret(value);
        throw bad(name, `has an unterminated quoted value${KNOWN.has(key) ? ` for "${key}"` : ''} in its libpq connection string`, "close the quote, and write a quote inside a value as \\'");
      }
    } else {
      while (i < n && !ws(text[i])) {
        if (text[i] === '\\') {
          if (i + 1 < n) value += text[i + 1];
          i += 2;
        } else {
          value += text[i++];
        }
      }
    }
    if (secret) registerSecret(value);
    params.set(key, value);
    names.push(key);
    shown.push(`${key}=${secret ? REDACTED : quoteValue(value)}`);
  }
  return build({ kind: 'keyword', params, names, given: new Map(params), display: shown.join(' ') }, opts);
}

function quoteValue(v: string): string {
  if (v !== '' && !/[\s'\\]/.test(v)) return v;
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
