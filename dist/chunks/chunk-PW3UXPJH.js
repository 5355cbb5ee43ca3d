import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  CouldNotRunError
} from "./chunk-KNCBXDSL.js";

// packages/registry-deploy/src/oci/http.ts
import http from "node:http";
import { createRequire } from "node:module";
var load = createRequire(import.meta.url), httpAgent, secure;
function transport(url) {
  if (url.protocol === "http:") return { lib: http, agent: httpAgent ??= new http.Agent({ keepAlive: !0, maxSockets: 8 }) };
  if (!secure) {
    let lib = load("node:https");
    secure = { lib, agent: new lib.Agent({ keepAlive: !0, maxSockets: 8 }) };
  }
  return secure;
}
function openRequest(req) {
  let { lib, agent } = transport(req.url), request = lib.request(req.url, {
    method: req.method,
    headers: req.headers,
    agent,
    timeout: req.timeoutMs
  }), response = new Promise((resolve, reject) => {
    request.once("response", (res) => {
      res.setTimeout(req.timeoutMs, () => res.destroy(new Error("timeout"))), resolve(res);
    }), request.once("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }))), request.once("error", (error) => reject(networkError(error, req)));
  });
  return response.catch(() => {
  }), { request, response };
}
async function send(req) {
  let open = openRequest(req);
  return open.request.end(req.body), open.response;
}
function networkError(error, req) {
  let reason = error.code === "ECONNREFUSED" ? "connection refused" : error.code === "ENOTFOUND" || error.code === "EAI_AGAIN" ? "the host name does not resolve" : error.code === "ETIMEDOUT" || error.message === "timeout" ? `no answer within ${Math.round(req.timeoutMs / 1e3)}s` : error.code === "ECONNRESET" || error.code === "EPIPE" ? "the connection was closed" : error.code && /CERT|SSL|TLS/i.test(error.code) ? `TLS failed (${error.code})` : /wrong version number|EPROTO/i.test(`${error.code} ${error.message}`) ? "TLS failed: the server does not speak HTTPS (for a loopback registry without TLS, add --insecure)" : error.code ?? "network error";
  return new CouldNotRunError(`Could not reach ${req.what} at ${req.url.host} (${reason}); check the host and port, that it is up, and the network from this runner.`);
}
async function readBody(res, limit = 4 * 1024 * 1024) {
  let chunks = [], size = 0;
  for await (let chunk of res) {
    if (size += chunk.length, size > limit)
      throw res.destroy(), new CouldNotRunError(`The answer from ${res.url ?? "the registry"} is larger than ${limit} bytes, more than a manifest can be.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
function discard(res) {
  res.resume();
}
function isLoopback(hostname) {
  let h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "0:0:0:0:0:0:0:1";
}

export {
  openRequest,
  send,
  networkError,
  readBody,
  discard,
  isLoopback
};
