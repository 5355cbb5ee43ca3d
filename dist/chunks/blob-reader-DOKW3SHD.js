import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  networkError
} from "./chunk-PW3UXPJH.js";
import {
  CouldNotRunError
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/registry-deploy/src/oci/blob-reader.ts
import net from "node:net";
import tls from "node:tls";
var bufferBytes = 128 * 1024, poolSize = 8, maxHead = 64 * 1024;
async function pooledGet(req, hops = 0) {
  if (Object.values(req.headers).some((v) => /[\r\n]/.test(v))) return;
  let reader = new BodyReader(req), head = await reader.head;
  if (head.status === 200 && head.length !== void 0 && !head.chunked) return reader;
  if (reader.destroy(), head.status >= 300 && head.status < 400 && head.location && hops < 5) {
    let url = new URL(head.location, req.url);
    return url.protocol !== "http:" && url.protocol !== "https:" ? void 0 : pooledGet({ url, headers: {}, timeoutMs: req.timeoutMs, what: `the storage behind ${req.what.replace(/^registry /, "")}` }, hops + 1);
  }
}
var BodyReader = class {
  head;
  length = 0;
  socket;
  free = Array.from({ length: poolSize }, () => Buffer.allocUnsafeSlow(bufferBytes));
  headBytes = Buffer.alloc(0);
  remaining = 0;
  ready = [];
  wake;
  paused = !1;
  done = !1;
  failure;
  settleHead;
  constructor(req) {
    this.head = new Promise((resolve, reject) => this.settleHead = { resolve, reject }), this.head.catch(() => {
    });
    let { url } = req, port = Number(url.port) || (url.protocol === "https:" ? 443 : 80), onread = { buffer: () => this.free.pop(), callback: (n, buf) => this.onRead(n, buf) };
    this.socket = url.protocol === "https:" ? (
      // tls.connect takes onread too (Node >= 15); @types/node does not list it.
      tls.connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port, servername: net.isIP(url.hostname) ? void 0 : url.hostname, onread })
    ) : net.connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port, onread }), this.socket.setTimeout(req.timeoutMs, () => this.socket.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }))), this.socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
      let host = url.port ? `${url.hostname}:${url.port}` : url.hostname, lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${host}`, "User-Agent: preflight", "Accept: */*", "Accept-Encoding: identity", "Connection: close"];
      for (let [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
      this.socket.write(`${lines.join(`\r
`)}\r
\r
`, "latin1");
    }), this.socket.on("error", (error) => this.fail(networkError(error, req))), this.socket.on("close", () => {
      if (this.done) return;
      let when = this.headBytes ? "before answering" : `after ${this.length - this.remaining} of ${this.length} bytes`;
      this.fail(new CouldNotRunError(`${req.what} closed the connection ${when} for ${req.url.pathname.split("/").pop()}; try again.`));
    });
  }
  onRead(n, buf) {
    let start = 0;
    if (this.headBytes) {
      let seen = Buffer.concat([this.headBytes, buf.subarray(0, n)]), end = seen.indexOf(`\r
\r
`);
      if (end < 0)
        return this.free.push(buf), seen.length > maxHead && this.socket.destroy(new Error("response head too large")), this.headBytes = seen, !0;
      let head = parseHead(seen.subarray(0, end).toString("latin1"));
      if (this.headBytes = void 0, start = n - (seen.length - end - 4), head.status !== 200 || head.length === void 0 || head.chunked)
        return this.done = !0, this.free.push(buf), this.settleHead.resolve(head), !1;
      this.length = this.remaining = head.length, this.settleHead.resolve(head);
    }
    let take = Math.min(n - start, this.remaining);
    if (take > 0) {
      this.remaining -= take;
      let released = !1;
      this.ready.push({
        bytes: buf.subarray(start, start + take),
        release: () => {
          released || (released = !0, this.free.push(buf), this.paused && !this.socket.destroyed && (this.paused = !1, this.socket.resume()));
        }
      });
    } else this.free.push(buf);
    return this.remaining === 0 && this.finish(), this.wake?.(), this.free.length <= 1 ? (this.paused = !0, !1) : !0;
  }
  finish() {
    this.done = !0, this.socket.destroy();
  }
  fail(error) {
    this.failure || this.done || (this.failure = error, this.settleHead.reject(error), this.wake?.());
  }
  destroy() {
    this.done = !0, this.socket.destroy(), this.wake?.();
  }
  async *[Symbol.asyncIterator]() {
    for (; ; ) {
      let piece = this.ready.shift();
      if (piece) {
        yield piece;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.done) return;
      await new Promise((resolve) => this.wake = resolve), this.wake = void 0;
    }
  }
};
function parseHead(text) {
  let [statusLine, ...lines] = text.split(`\r
`), head = { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), chunked: !1 };
  for (let line of lines) {
    let colon = line.indexOf(":");
    if (colon < 0) continue;
    let name = line.slice(0, colon).trim().toLowerCase(), value = line.slice(colon + 1).trim();
    name === "content-length" && /^\d+$/.test(value) ? head.length = Number(value) : name === "transfer-encoding" || name === "content-encoding" && value.toLowerCase() !== "identity" ? head.chunked = !0 : name === "location" && (head.location = value);
  }
  return head;
}
export {
  pooledGet
};
