/**
 * Reads a blob body into a small pool of reused buffers, for copies of large layers with bounded
 * memory. node:http hands every socket read over in a freshly allocated 64 KiB buffer that lives
 * until V8 next collects garbage, so a 2 GB copy kept tens of MB of dead buffers (peak RSS ~115 MB);
 * here the socket reads straight into `poolSize` buffers (net/tls `onread`), and a buffer is read
 * into again only once the upload has written it out (`release`). The socket pauses while every
 * buffer is in flight, which is the back-pressure.
 *
 * Only the common answer is read this way: 200 with a Content-Length (redirects to the storage
 * behind the registry are followed, without our credentials). Anything else (401, 404, chunked
 * encoding, a header we would not send) answers `undefined`, and the caller reads the blob through
 * node:http as before, which knows every other case. Loaded (with node:tls) only when a blob streams.
 */
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { CouldNotRunError } from '@preflight/core';
import { networkError } from './http.ts';

/** A piece of a body in a reused buffer: valid until `release()`, which hands the buffer back. */
export interface Piece {
  bytes: Buffer;
  release(): void;
}

export interface PooledBody extends AsyncIterable<Piece> {
  /** The body's length as the server announced it. */
  readonly length: number;
  destroy(): void;
}

export interface PooledGet {
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  what: string;
}

const bufferBytes = 128 * 1024;
const poolSize = 8;
const maxHead = 64 * 1024;

/** GET `url` with the body read into reused buffers; undefined when the answer needs node:http. */
export async function pooledGet(req: PooledGet, hops = 0): Promise<PooledBody | undefined> {
  if (Object.values(req.headers).some((v) => /[\r\n]/.test(v))) return undefined;
  const reader = new BodyReader(req);
  const head = await reader.head;
  if (head.status === 200 && head.length !== undefined && !head.chunked) return reader;
  reader.destroy();
  if (head.status >= 300 && head.status < 400 && head.location && hops < 5) {
    // Registries redirect blob reads to their storage (S3, GCS); the signed URL needs no credentials of ours.
    const url = new URL(head.location, req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return pooledGet({ url, headers: {}, timeoutMs: req.timeoutMs, what: `the storage behind ${req.what.replace(/^registry /, '')}` }, hops + 1);
  }
  return undefined;
}

interface Head {
  status: number;
  length?: number;
  chunked: boolean;
  location?: string;
}

class BodyReader implements PooledBody {
  readonly head: Promise<Head>;
  length = 0;
  private readonly socket: Socket;
  private readonly free: Buffer[] = Array.from({ length: poolSize }, () => Buffer.allocUnsafeSlow(bufferBytes));
  private headBytes: Buffer | undefined = Buffer.alloc(0);
  private remaining = 0;
  private readonly ready: Piece[] = [];
  private wake: (() => void) | undefined;
  private paused = false;
  private done = false;
  private failure: Error | undefined;
  private settleHead!: { resolve: (h: Head) => void; reject: (e: Error) => void };

  constructor(req: PooledGet) {
    this.head = new Promise<Head>((resolve, reject) => (this.settleHead = { resolve, reject }));
    this.head.catch(() => undefined);
    const { url } = req;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const onread = { buffer: () => this.free.pop()!, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf as Buffer) };
    this.socket =
      url.protocol === 'https:'
        ? // tls.connect takes onread too (Node >= 15); @types/node does not list it.
          tls.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port, servername: net.isIP(url.hostname) ? undefined : url.hostname, onread } as import('node:tls').ConnectionOptions)
        : net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port, onread });
    this.socket.setTimeout(req.timeoutMs, () => this.socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    this.socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
      const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${host}`, 'User-Agent: preflight', 'Accept: */*', 'Accept-Encoding: identity', 'Connection: close'];
      for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
      this.socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    });
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(networkError(error, req)));
    this.socket.on('close', () => {
      if (this.done) return;
      const when = this.headBytes ? 'before answering' : `after ${this.length - this.remaining} of ${this.length} bytes`;
      this.fail(new CouldNotRunError(`${req.what} closed the connection ${when} for ${req.url.pathname.split('/').pop()}; try again.`));
    });
  }

  private onRead(n: number, buf: Buffer): boolean {
    let start = 0;
    if (this.headBytes) {
      const seen = Buffer.concat([this.headBytes, buf.subarray(0, n)]);
      const end = seen.indexOf('\r\n\r\n');
      if (end < 0) {
        this.free.push(buf);
        if (seen.length > maxHead) this.socket.destroy(new Error('response head too large'));
        this.headBytes = seen;
        return true;
      }
      const head = parseHead(seen.subarray(0, end).toString('latin1'));
      this.headBytes = undefined;
      start = n - (seen.length - end - 4);
      if (head.status !== 200 || head.length === undefined || head.chunked) {
        this.done = true;
        this.free.push(buf);
        this.settleHead.resolve(head);
        return false;
      }
      this.length = this.remaining = head.length;
      this.settleHead.resolve(head);
    }
    const take = Math.min(n - start, this.remaining);
    if (take > 0) {
      this.remaining -= take;
      let released = false;
      this.ready.push({
        bytes: buf.subarray(start, start + take),
        release: () => {
          if (released) return;
          released = true;
          this.free.push(buf);
          if (this.paused && !this.socket.destroyed) {
            this.paused = false;
            this.socket.resume();
          }
        },
      });
    } else this.free.push(buf);
    if (this.remaining === 0) this.finish();
    this.wake?.();
    // The generator takes the next read buffer right after this returns: pause while it takes the last.
    if (this.free.length <= 1) {
      this.paused = true;
      return false;
    }
    return true;
  }

  private finish(): void {
    this.done = true;
    this.socket.destroy();
  }

  private fail(error: Error): void {
    if (this.failure || this.done) return;
    this.failure = error;
    this.settleHead.reject(error);
    this.wake?.();
  }

  destroy(): void {
    this.done = true;
    this.socket.destroy();
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Piece> {
    for (;;) {
      const piece = this.ready.shift();
      if (piece) {
        yield piece;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

function parseHead(text: string): Head {
  const [statusLine, ...lines] = text.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const head: Head = { status, chunked: false };
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length' && /^\d+$/.test(value)) head.length = Number(value);
    else if (name === 'transfer-encoding') head.chunked = true;
    else if (name === 'content-encoding' && value.toLowerCase() !== 'identity') head.chunked = true;
    else if (name === 'location') head.location = value;
  }
  return head;
}
