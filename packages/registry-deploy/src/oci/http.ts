/**
 * One HTTP exchange on node:http/https, with a connect/idle timeout, and a body that is a buffer
 * or written by the caller (streamed uploads). Network failures become CouldNotRunError (exit 3)
 * with a sentence that names the registry, never the credentials.
 */
import http, { type IncomingMessage } from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';
import { CouldNotRunError } from '@preflight/core';

const load = createRequire(import.meta.url);
let httpAgent: http.Agent | undefined;
let secure: { lib: typeof https; agent: https.Agent } | undefined;

/** node:https (and TLS) load on the first HTTPS request: a loopback registry over HTTP never pays for them. */
function transport(url: URL): { lib: typeof http | typeof https; agent: http.Agent } {
  if (url.protocol === 'http:') return { lib: http, agent: (httpAgent ??= new http.Agent({ keepAlive: true, maxSockets: 8 })) };
  if (!secure) {
    const lib = load('node:https') as typeof https;
    secure = { lib, agent: new lib.Agent({ keepAlive: true, maxSockets: 8 }) };
  }
  return secure;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string | number>;
  body?: Buffer;
  timeoutMs: number;
  /** Names the server in error messages: "registry 127.0.0.1:5000". */
  what: string;
}

export interface OpenRequest {
  request: http.ClientRequest;
  response: Promise<IncomingMessage>;
}

/** Starts a request whose body the caller writes (and ends). */
export function openRequest(req: HttpRequest): OpenRequest {
  const { lib, agent } = transport(req.url);
  const request = lib.request(req.url, {
    method: req.method,
    headers: req.headers,
    agent,
    timeout: req.timeoutMs,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', (res) => {
      res.setTimeout(req.timeoutMs, () => res.destroy(new Error('timeout')));
      resolve(res);
    });
    request.once('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.once('error', (error: NodeJS.ErrnoException) => reject(networkError(error, req)));
  });
  // A rejected response nobody awaited yet (the caller is still writing) must not crash the process.
  response.catch(() => undefined);
  return { request, response };
}

export async function send(req: HttpRequest): Promise<IncomingMessage> {
  const open = openRequest(req);
  open.request.end(req.body);
  return open.response;
}

export function networkError(error: NodeJS.ErrnoException, req: Pick<HttpRequest, 'what' | 'timeoutMs' | 'url'>): CouldNotRunError {
  const reason =
    error.code === 'ECONNREFUSED'
      ? 'connection refused'
      : error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
        ? 'the host name does not resolve'
        : error.code === 'ETIMEDOUT' || error.message === 'timeout'
          ? `no answer within ${Math.round(req.timeoutMs / 1000)}s`
          : error.code === 'ECONNRESET' || error.code === 'EPIPE'
            ? 'the connection was closed'
            : error.code && /CERT|SSL|TLS/i.test(error.code)
              ? `TLS failed (${error.code})`
              : /wrong version number|EPROTO/i.test(`${error.code} ${error.message}`)
                ? 'TLS failed: the server does not speak HTTPS (for a loopback registry without TLS, add --insecure)'
                : (error.code ?? 'network error');
  return new CouldNotRunError(`Could not reach ${req.what} at ${req.url.host} (${reason}); check the host and port, that it is up, and the network from this runner.`);
}

/** Reads a whole (small) body: manifests, token answers, error documents. */
export async function readBody(res: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new CouldNotRunError(`The answer from ${res.url ?? 'the registry'} is larger than ${limit} bytes, more than a manifest can be.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Drains a body we do not need, so the socket can be reused. */
export function discard(res: IncomingMessage): void {
  res.resume();
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '0:0:0:0:0:0:0:1';
}
