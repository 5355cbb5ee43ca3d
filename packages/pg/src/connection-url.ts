/**
 * The one place that writes a connection URL for someone else: the user's migrate command (under
 * DATABASE_URL), a shadow database next to the one they named, Supabase's session pooler, the
 * Cloud SQL local listener. Whatever the input was, the URL says where we connect (host, port,
 * user, password, database) and carries every parameter the user gave (sslrootcert, sslcert,
 * sslkey, options, hostaddr, application_name, and ones only their tool knows, like Prisma's
 * schema=), under the scheme they gave (postgresql+asyncpg:// stays that), so their tool connects
 * the way Preflight does.
 */
import { redact } from '@preflight/core';
import { parseConnection, type ConnectionTarget } from './connection.ts';

export interface UrlChanges {
  /** Another database on the same server (a shadow database). */
  database?: string;
  /** Another endpoint (a local listener, a session pooler); a new host drops hostaddr. */
  host?: string;
  port?: number;
  /** Parameters to set over the given ones (sslmode=disable for a listener that does TLS itself). */
  set?: Record<string, string>;
  /** Parameters to leave out (pgbouncer=true once the URL is no longer a transaction pooler's). */
  drop?: readonly string[];
  /** The scheme to write instead of the target's own (default: the target's, or postgresql). */
  scheme?: string;
}

// Written in the URL's authority and path, so never repeated as query parameters.
const IN_AUTHORITY = new Set(['host', 'port', 'user', 'password', 'dbname']);

export function connectionUrl(target: ConnectionTarget, changes: UrlChanges = {}): string {
  const scheme = changes.scheme ?? target.scheme ?? 'postgresql';
  const password = typeof target.config.password === 'string' && target.config.password !== '' ? target.config.password : undefined;
  const user = target.user;
  const auth = user !== undefined || password !== undefined ? `${encodeURIComponent(user ?? '')}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@` : '';

  const host = changes.host ?? target.host;
  const port = changes.port ?? target.port;
  const socketDir = host.startsWith('/') ? host : undefined;
  const params = new Map<string, string>();
  // A socket directory goes in the query (libpq, SQLAlchemy and Cloud Run's documented form).
  if (socketDir) params.set('host', socketDir);
  for (const [k, v] of target.givenParams) {
    if (IN_AUTHORITY.has(k) || changes.drop?.includes(k)) continue;
    if (k === 'hostaddr' && changes.host !== undefined) continue;
    params.set(k, v);
  }
  for (const [k, v] of Object.entries(changes.set ?? {})) params.set(k, v);

  const authority = socketDir ? (port === 5432 ? '' : `:${port}`) : `${host.includes(':') ? `[${host}]` : encodeURIComponent(host)}:${port}`;
  const database = changes.database ?? target.database;
  const path = database !== undefined ? `/${encodeURIComponent(database)}` : '';
  const query = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeQueryValue(v)}`).join('&');
  return `${scheme}://${auth}${authority}${path}${query ? `?${query}` : ''}`;
}

/**
 * Percent-encoding, except '/' and ':' which are legal in a query and keep paths readable
 * (host=/cloudsql/proj:region:inst). '@' is always encoded, so no reader can take it for the end
 * of a password; '+' is encoded too, since SQLAlchemy reads a bare '+' in a query as a space.
 * A secret value (sslpassword=...) is encoded plainly: that form is the one registered for masking.
 */
function encodeQueryValue(v: string): string {
  if (redact(v) !== v) return encodeURIComponent(v);
  return encodeURIComponent(v).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

/**
 * The same server and credentials, another database: for shadow databases Preflight creates next
 * to the one the user named. Returns a target to connect with and the URL to hand to a
 * subprocess (the user's migrate command), both read from the same text.
 */
export function targetForDatabase(target: ConnectionTarget, database: string, changes: Omit<UrlChanges, 'database'> = {}): { target: ConnectionTarget; url: string } {
  const url = connectionUrl(target, { ...changes, database });
  const shadow = parseConnection(url, { inputName: 'shadow database URL', connectTimeoutMs: target.config.connectionTimeoutMillis });
  return { target: shadow, url };
}
