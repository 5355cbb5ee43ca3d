/**
 * A registry's HTTP API with its authentication: the first 401 tells which scheme (Basic, or
 * Bearer with realm/service/scope: Docker Hub, GHCR, Artifact Registry, distribution's token
 * auth), tokens are fetched per set of scopes and kept for the run, and every token is registered
 * as a secret before anything could print it.
 */
import type { IncomingMessage } from 'node:http';
import { CouldNotRunError, registerSecret, UsageError } from '@preflight/core';
import { apiHost } from '../reference.ts';
import type { Credentials } from './credentials.ts';
import { discard, isLoopback, openRequest, readBody, send, type OpenRequest } from './http.ts';

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]))) params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme, params };
}

export interface RegistryClientOptions {
  host: string;
  insecure: boolean;
  credentials?: Credentials;
  timeoutMs: number;
}

export class RegistryClient {
  readonly host: string;
  readonly base: URL;
  private readonly credentials?: Credentials;
  readonly timeoutMs: number;
  private challenge?: Challenge;
  /** Per set of scopes; a promise, so requests sent at once share one token request. */
  private readonly tokens = new Map<string, Promise<string>>();
  /** Every scope asked for so far: one token then covers reads of the source and writes of the target. */
  private readonly scopes = new Set<string>();

  constructor(opts: RegistryClientOptions) {
    this.host = opts.host;
    const api = apiHost(opts.host);
    const hostname = api.replace(/:\d+$/, '');
    if (opts.insecure && !isLoopback(hostname)) {
      throw new UsageError(`--insecure allows plain HTTP only for a registry on a loopback address, not ${opts.host}; use its HTTPS address (credentials and images would cross the network in the clear).`);
    }
    this.base = new URL(`${opts.insecure ? 'http' : 'https'}://${api}`);
    this.credentials = opts.credentials;
    this.timeoutMs = opts.timeoutMs;
  }

  addScope(scope: string): void {
    this.scopes.add(scope);
  }

  url(path: string): URL {
    return new URL(path, this.base);
  }

  get what(): string {
    return `registry ${this.host}`;
  }

  /**
   * A request with a replayable body: on 401 the challenge is answered and it is sent again once.
   * `allow` lists the statuses the caller handles itself.
   */
  async request(method: string, path: string | URL, headers: Record<string, string | number> = {}, body?: Buffer): Promise<IncomingMessage> {
    const url = typeof path === 'string' ? this.url(path) : path;
    // The challenge this request answered; requests sent at once (before any 401) each learn it.
    const answered = this.challenge;
    let res = await send({ method, url, headers: { ...headers, ...(await this.authHeader()) }, body, timeoutMs: this.timeoutMs, what: this.what });
    if (res.statusCode === 401) {
      const challenge = parseChallenge(res.headers['www-authenticate'] as string | undefined);
      discard(res);
      if (!challenge) throw this.refused(res.statusCode);
      const scope = challenge.params.scope;
      // Already answered the same challenge with these credentials: they are wrong (or lack the scope).
      if (answered && answered.scheme === challenge.scheme && !scope) throw this.refused(401);
      this.challenge = challenge;
      if (scope) for (const s of scope.split(' ')) this.scopes.add(s);
      // A token this request carried lacked a scope; tokens fetched for requests sent at once stay good.
      if (answered) this.tokens.clear();
      res = await send({ method, url, headers: { ...headers, ...(await this.authHeader()) }, body, timeoutMs: this.timeoutMs, what: this.what });
      if (res.statusCode === 401) {
        discard(res);
        throw this.refused(401);
      }
    }
    return res;
  }

  /** A request whose body the caller streams; authentication must already be settled (see `ping`). */
  async open(method: string, url: URL, headers: Record<string, string | number>): Promise<OpenRequest> {
    return openRequest({ method, url, headers: { ...headers, ...(await this.authHeader()) }, timeoutMs: this.timeoutMs, what: this.what });
  }

  /** Learns the registry's challenge with `GET /v2/` so later streamed requests go out authenticated. */
  async ping(): Promise<void> {
    const res = await this.request('GET', '/v2/');
    discard(res);
    if (res.statusCode !== 200) throw new CouldNotRunError(`${this.what} answered ${res.statusCode} to GET /v2/; it does not look like an OCI registry.`);
  }

  refused(status: number | undefined): CouldNotRunError {
    const how = this.credentials ? 'refused the credentials' : 'requires credentials';
    const fix = this.credentials
      ? 'check --registry-username/--registry-password (or the config.json entry) and that they may push to the target'
      : 'pass --registry-username and --registry-password, or docker login so DOCKER_CONFIG/config.json holds them';
    return new CouldNotRunError(`${this.what} ${how} (HTTP ${status}); ${fix}.`);
  }

  /** The Authorization header for the next request (authentication settled by `ping`). */
  async authHeader(): Promise<Record<string, string>> {
    const c = this.challenge;
    if (!c) return {};
    if (c.scheme === 'basic') {
      if (!this.credentials?.username) throw this.refused(401);
      return { Authorization: `Basic ${basic(this.credentials)}` };
    }
    const key = [...this.scopes].sort().join(' ');
    let token = this.tokens.get(key);
    if (!token) {
      token = this.fetchToken(c.params);
      this.tokens.set(key, token);
      token.catch(() => this.tokens.get(key) === token && this.tokens.delete(key));
    }
    return { Authorization: `Bearer ${await token}` };
  }

  private async fetchToken(params: Record<string, string>): Promise<string> {
    if (!params.realm) throw new CouldNotRunError(`${this.what} asked for a Bearer token without naming a realm.`);
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new CouldNotRunError(`${this.what} named a token realm that is not a URL.`);
    }
    if (params.service) realm.searchParams.set('service', params.service);
    for (const scope of this.scopes) realm.searchParams.append('scope', scope);
    const creds = this.credentials;
    const headers: Record<string, string> = {};
    let method = 'GET';
    let body: Buffer | undefined;
    if (creds?.identityToken) {
      // OAuth2 refresh token (docker login with an identity token): POST form.
      method = 'POST';
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service: params.service ?? '', client_id: 'preflight' });
      for (const scope of this.scopes) form.append('scope', scope);
      body = Buffer.from(form.toString());
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      realm.search = '';
    } else if (creds?.username) headers.Authorization = `Basic ${basic(creds)}`;
    const res = await send({ method, url: realm, headers, body, timeoutMs: this.timeoutMs, what: `the token service of ${this.host}` });
    const text = await readBody(res, 1024 * 1024);
    if (res.statusCode === 401 || res.statusCode === 403) throw this.refused(res.statusCode);
    if (res.statusCode !== 200) throw new CouldNotRunError(`The token service of ${this.host} answered HTTP ${res.statusCode}; try again, or check the registry's status.`);
    let token: string | undefined;
    try {
      const json = JSON.parse(text.toString('utf8')) as { token?: string; access_token?: string };
      token = json.token ?? json.access_token;
    } catch {
      // below
    }
    if (!token) throw new CouldNotRunError(`The token service of ${this.host} answered without a token.`);
    registerSecret(token);
    return token;
  }
}

function basic(creds: Credentials): string {
  const value = Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64');
  registerSecret(value);
  return value;
}
