import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  readLedgerView
} from "./chunk-ITH6I2SA.js";
import {
  discard,
  isLoopback,
  openRequest,
  readBody,
  send
} from "./chunk-PW3UXPJH.js";
import {
  isIndex,
  manifestAccept,
  mediaTypeOf,
  mediaTypes,
  parseManifest,
  sha256
} from "./chunk-FONY574P.js";
import {
  apiHost,
  dockerHub,
  formatReference,
  parseReference,
  repositoryName
} from "./chunk-VCBPSRQV.js";
import {
  CouldNotRunError,
  UsageError,
  parseInputs,
  registerSecret
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/registry-deploy/src/oci/promote.ts
function emptyStats() {
  return { blobsPresent: 0, blobsMounted: 0, blobsStreamed: 0, bytesStreamed: 0, manifestsCopied: 0 };
}
var parallelBlobs = 4, parallelMounts = 8;
async function copyManifest(src, dst, manifest, reference, stats) {
  refuseSchema1(src, manifest);
  let present = await dst.resolveDigest(manifest.digest) === manifest.digest;
  if (!present) {
    let parsed = parseManifest(manifest, src.name);
    if (isIndex(manifest.mediaType))
      for (let child of parsed.manifests ?? []) {
        let childManifest = await src.getManifest(child.digest);
        if (!childManifest)
          throw new CouldNotRunError(`${src.name} lists ${child.digest}${platformOf(child)} in index ${manifest.digest} but does not have it; push every platform of the image.`);
        await copyManifest(src, dst, childManifest, child.digest, stats);
      }
    else {
      let blobs = [parsed.config, ...parsed.layers ?? []].filter((b) => !!b?.digest);
      await inParallel(unique(blobs), dst.mountsFrom?.(src) ? parallelMounts : parallelBlobs, async (blob) => {
        let result = await dst.putBlob(blob, src);
        result.how === "present" ? stats.blobsPresent++ : result.how === "mounted" ? stats.blobsMounted++ : (stats.blobsStreamed++, stats.bytesStreamed += result.bytes);
      });
    }
  }
  reference === void 0 || present && reference === manifest.digest || (await dst.putManifest(reference, manifest), stats.manifestsCopied++);
}
function refuseSchema1(src, manifest) {
  if (manifest.mediaType === mediaTypes.dockerSchema1 || manifest.mediaType === mediaTypes.dockerSchema1Signed)
    throw new CouldNotRunError(`${src.name} serves ${manifest.digest} as a Docker schema 1 manifest, which registries no longer accept; rebuild and push the image with a current docker or buildah.`);
}
function unique(blobs) {
  let seen = /* @__PURE__ */ new Set();
  return blobs.filter((b) => !seen.has(b.digest) && seen.add(b.digest));
}
function platformOf(d) {
  return d.platform ? ` (${[d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join("/")})` : "";
}
async function inParallel(items, limit, fn) {
  let next = 0, failed, worker = async () => {
    for (; next < items.length && failed === void 0; ) {
      let item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  if (await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker)), failed !== void 0) throw failed;
}

// packages/registry-deploy/src/oci/attachments.ts
var cosignSuffixes = ["sig", "att", "sbom"];
async function findAttachments(src, digest) {
  let hex = digest.replace(/^sha256:/, ""), fromApi = (async () => {
    let seen = /* @__PURE__ */ new Set(), referrers = (await src.referrers(digest)).filter((r) => !seen.has(r.digest) && seen.add(r.digest));
    return (await Promise.all(referrers.map((r) => src.getManifest(r.digest)))).filter((m) => !!m).map((manifest) => ({ manifest, reference: manifest.digest, kind: "referrer" }));
  })(), tags = [`sha256-${hex}`, ...cosignSuffixes.map((s) => `sha256-${hex}.${s}`)], tagged = Promise.all(tags.map(async (tag) => ({ tag, manifest: await src.getManifest(tag) }))), [api, byTag] = await Promise.all([fromApi, tagged]);
  return [
    ...api,
    ...byTag.flatMap(({ tag, manifest }) => manifest ? [{ manifest, reference: tag, kind: tag.includes(".") ? "cosign" : "referrer" }] : [])
  ];
}
async function copyAttachments(src, dst, found, stats) {
  for (let { manifest, reference, kind } of found)
    await copyManifest(src, dst, manifest, reference, stats), kind === "cosign" ? stats.cosignTagsCopied++ : stats.referrersCopied++;
}

// packages/registry-deploy/src/oci/credentials.ts
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
function keyHost(key) {
  let host = key.replace(/^https?:\/\//, "").replace(/\/.*$/, "").toLowerCase();
  return host === "index.docker.io" || host === "registry-1.docker.io" ? dockerHub : host;
}
function dockerConfigPath(env = process.env) {
  return join(env.DOCKER_CONFIG || join(createRequire(import.meta.url)("node:os").homedir(), ".docker"), "config.json");
}
async function credentialsFor(host, flags, env = process.env) {
  if (flags.username) return { username: flags.username, password: flags.password };
  let path = dockerConfigPath(env);
  if (!existsSync(path)) return;
  let config;
  try {
    config = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UsageError(`${path} is not valid JSON; fix it (docker login rewrites it) or pass --registry-username and --registry-password.`);
  }
  let wanted = host.toLowerCase(), helper = Object.entries(config.credHelpers ?? {}).find(([k]) => keyHost(k) === wanted)?.[1];
  for (let [key, entry] of Object.entries(config.auths ?? {}))
    if (!(keyHost(key) !== wanted || !entry)) {
      if (entry.identitytoken)
        return registerSecret(entry.identitytoken), { username: entry.username, identityToken: entry.identitytoken };
      if (entry.auth) {
        registerSecret(entry.auth);
        let decoded = Buffer.from(entry.auth, "base64").toString("utf8"), colon = decoded.indexOf(":");
        if (colon < 0) throw new UsageError(`The auths entry for ${host} in ${path} is not base64 of user:password; run docker login ${host} again.`);
        let password = decoded.slice(colon + 1);
        return registerSecret(password), { username: decoded.slice(0, colon), password };
      }
      if (entry.username && entry.password)
        return registerSecret(entry.password), { username: entry.username, password: entry.password };
    }
  let store = helper ?? config.credsStore;
  if (store) return fromHelper(store, host, path, env);
}
async function fromHelper(name, host, configPath, env) {
  let bin = `docker-credential-${name}`, { execFile } = await import("node:child_process"), serverUrl = host === dockerHub ? "https://index.docker.io/v1/" : host;
  return new Promise((resolve, reject) => {
    execFile(bin, ["get"], { env, timeout: 3e4, maxBuffer: 1048576 }, (error, stdout, stderr) => {
      if (error && error.code === "ENOENT") {
        reject(
          new UsageError(
            `${configPath} names the credential helper ${bin} for ${host}, and it is not on PATH; install it, or pass --registry-username and --registry-password.`
          )
        );
        return;
      }
      if (error) {
        if (/credentials not found/i.test(`${stdout}${stderr}`)) return resolve(void 0);
        reject(new CouldNotRunError(`The credential helper ${bin} failed for ${host} (exit ${error.code ?? "signal"}); run "echo ${serverUrl} | ${bin} get" to see why.`));
        return;
      }
      try {
        let answer = JSON.parse(stdout);
        answer.Secret && registerSecret(answer.Secret), answer.Username === "<token>" ? resolve({ identityToken: answer.Secret }) : resolve({ username: answer.Username, password: answer.Secret });
      } catch {
        reject(new CouldNotRunError(`The credential helper ${bin} answered something that is not JSON for ${host}.`));
      }
    }).stdin?.end(serverUrl);
  });
}

// packages/registry-deploy/src/oci/registry-client.ts
function parseChallenge(header) {
  if (!header) return;
  let m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return;
  let scheme = m[1].toLowerCase();
  if (scheme !== "basic" && scheme !== "bearer") return;
  let params = {}, re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g, p;
  for (; p = re.exec(m[2]); ) params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? "").replace(/\\(.)/g, "$1");
  return { scheme, params };
}
var RegistryClient = class {
  host;
  base;
  credentials;
  timeoutMs;
  challenge;
  /** Per set of scopes; a promise, so requests sent at once share one token request. */
  tokens = /* @__PURE__ */ new Map();
  /** Every scope asked for so far: one token then covers reads of the source and writes of the target. */
  scopes = /* @__PURE__ */ new Set();
  constructor(opts) {
    this.host = opts.host;
    let api = apiHost(opts.host), hostname = api.replace(/:\d+$/, "");
    if (opts.insecure && !isLoopback(hostname))
      throw new UsageError(`--insecure allows plain HTTP only for a registry on a loopback address, not ${opts.host}; use its HTTPS address (credentials and images would cross the network in the clear).`);
    this.base = new URL(`${opts.insecure ? "http" : "https"}://${api}`), this.credentials = opts.credentials, this.timeoutMs = opts.timeoutMs;
  }
  addScope(scope) {
    this.scopes.add(scope);
  }
  url(path) {
    return new URL(path, this.base);
  }
  get what() {
    return `registry ${this.host}`;
  }
  /**
   * A request with a replayable body: on 401 the challenge is answered and it is sent again once.
   * `allow` lists the statuses the caller handles itself.
   */
  async request(method, path, headers = {}, body) {
    let url = typeof path == "string" ? this.url(path) : path, answered = this.challenge, res = await send({ method, url, headers: { ...headers, ...await this.authHeader() }, body, timeoutMs: this.timeoutMs, what: this.what });
    if (res.statusCode === 401) {
      let challenge = parseChallenge(res.headers["www-authenticate"]);
      if (discard(res), !challenge) throw this.refused(res.statusCode);
      let scope = challenge.params.scope;
      if (answered && answered.scheme === challenge.scheme && !scope) throw this.refused(401);
      if (this.challenge = challenge, scope) for (let s of scope.split(" ")) this.scopes.add(s);
      if (answered && this.tokens.clear(), res = await send({ method, url, headers: { ...headers, ...await this.authHeader() }, body, timeoutMs: this.timeoutMs, what: this.what }), res.statusCode === 401)
        throw discard(res), this.refused(401);
    }
    return res;
  }
  /** A request whose body the caller streams; authentication must already be settled (see `ping`). */
  async open(method, url, headers) {
    return openRequest({ method, url, headers: { ...headers, ...await this.authHeader() }, timeoutMs: this.timeoutMs, what: this.what });
  }
  /** Learns the registry's challenge with `GET /v2/` so later streamed requests go out authenticated. */
  async ping() {
    let res = await this.request("GET", "/v2/");
    if (discard(res), res.statusCode !== 200) throw new CouldNotRunError(`${this.what} answered ${res.statusCode} to GET /v2/; it does not look like an OCI registry.`);
  }
  refused(status) {
    let how = this.credentials ? "refused the credentials" : "requires credentials", fix = this.credentials ? "check --registry-username/--registry-password (or the config.json entry) and that they may push to the target" : "pass --registry-username and --registry-password, or docker login so DOCKER_CONFIG/config.json holds them";
    return new CouldNotRunError(`${this.what} ${how} (HTTP ${status}); ${fix}.`);
  }
  /** The Authorization header for the next request (authentication settled by `ping`). */
  async authHeader() {
    let c = this.challenge;
    if (!c) return {};
    if (c.scheme === "basic") {
      if (!this.credentials?.username) throw this.refused(401);
      return { Authorization: `Basic ${basic(this.credentials)}` };
    }
    let key = [...this.scopes].sort().join(" "), token = this.tokens.get(key);
    return token || (token = this.fetchToken(c.params), this.tokens.set(key, token), token.catch(() => this.tokens.get(key) === token && this.tokens.delete(key))), { Authorization: `Bearer ${await token}` };
  }
  async fetchToken(params) {
    if (!params.realm) throw new CouldNotRunError(`${this.what} asked for a Bearer token without naming a realm.`);
    let realm;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new CouldNotRunError(`${this.what} named a token realm that is not a URL.`);
    }
    params.service && realm.searchParams.set("service", params.service);
    for (let scope of this.scopes) realm.searchParams.append("scope", scope);
    let creds = this.credentials, headers = {}, method = "GET", body;
    if (creds?.identityToken) {
      method = "POST";
      let form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.identityToken, service: params.service ?? "", client_id: "preflight" });
      for (let scope of this.scopes) form.append("scope", scope);
      body = Buffer.from(form.toString()), headers["Content-Type"] = "application/x-www-form-urlencoded", realm.search = "";
    } else creds?.username && (headers.Authorization = `Basic ${basic(creds)}`);
    let res = await send({ method, url: realm, headers, body, timeoutMs: this.timeoutMs, what: `the token service of ${this.host}` }), text = await readBody(res, 1024 * 1024);
    if (res.statusCode === 401 || res.statusCode === 403) throw this.refused(res.statusCode);
    if (res.statusCode !== 200) throw new CouldNotRunError(`The token service of ${this.host} answered HTTP ${res.statusCode}; try again, or check the registry's status.`);
    let token;
    try {
      let json = JSON.parse(text.toString("utf8"));
      token = json.token ?? json.access_token;
    } catch {
    }
    if (!token) throw new CouldNotRunError(`The token service of ${this.host} answered without a token.`);
    return registerSecret(token), token;
  }
};
function basic(creds) {
  let value = Buffer.from(`${creds.username}:${creds.password ?? ""}`).toString("base64");
  return registerSecret(value), value;
}

// packages/registry-deploy/src/oci/registry-store.ts
function chunkSize() {
  return Number(process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES) || 32 * 1024 * 1024;
}
var RegistryStore = class _RegistryStore {
  constructor(client, repository, push) {
    this.client = client;
    this.repository = repository;
    this.name = `${client.host}/${repository}`, client.addScope(`repository:${repository}:${push ? "pull,push" : "pull"}`);
  }
  client;
  repository;
  name;
  path(kind, reference) {
    return `/v2/${this.repository}/${kind}/${reference}`;
  }
  async getManifest(reference) {
    let res = await this.client.request("GET", this.path("manifests", reference), { Accept: manifestAccept });
    if (res.statusCode === 404) return discard(res), void 0;
    await this.expectOk(res, `GET manifest ${reference}`);
    let bytes = await readBody(res), digest = sha256(bytes);
    if (reference.startsWith("sha256:") && digest !== reference)
      throw new CouldNotRunError(`${this.name} served manifest ${reference} with content whose digest is ${digest}; the registry is corrupt or in the middle of a change.`);
    return { digest, mediaType: mediaTypeOf(bytes, res.headers["content-type"]), bytes };
  }
  async resolveDigest(reference) {
    let res = await this.client.request("HEAD", this.path("manifests", reference), { Accept: manifestAccept });
    if (discard(res), res.statusCode === 404) return;
    let header = res.headers["docker-content-digest"];
    return res.statusCode === 200 && typeof header == "string" && header.startsWith("sha256:") ? header : (res.statusCode !== 200 && res.statusCode !== 405 && await this.expectOk(res, `HEAD manifest ${reference}`), (await this.getManifest(reference))?.digest);
  }
  async hasBlob(blob) {
    let res = await this.client.request("HEAD", this.path("blobs", blob.digest));
    return discard(res), res.statusCode === 404 ? !1 : (await this.expectOk(res, `HEAD blob ${blob.digest}`), !0);
  }
  async openBlob(blob) {
    let res = await this.client.request("GET", this.path("blobs", blob.digest));
    for (let hops = 0; res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && hops < 5; hops++) {
      discard(res);
      let url = new URL(res.headers.location, this.client.url(this.path("blobs", blob.digest)));
      res = await send({ method: "GET", url, timeoutMs: this.client.timeoutMs, what: `the storage behind ${this.client.host}` });
    }
    if (res.statusCode === 404)
      throw discard(res), new CouldNotRunError(`${this.name} lists blob ${blob.digest} in a manifest but does not have it; the source image is incomplete.`);
    return await this.expectOk(res, `GET blob ${blob.digest}`), res;
  }
  /** Another repository of the same registry: its blobs can be mounted instead of streamed. */
  mountsFrom(from) {
    return from instanceof _RegistryStore && from.client.host === this.client.host && from.repository !== this.repository;
  }
  async putBlob(blob, from) {
    let location;
    if (from instanceof _RegistryStore && this.mountsFrom(from)) {
      this.client.addScope(`repository:${from.repository}:pull`);
      let query = new URLSearchParams({ mount: blob.digest, from: from.repository }), res2 = await this.client.request("POST", `/v2/${this.repository}/blobs/uploads/?${query}`, { "Content-Length": 0 });
      if (discard(res2), res2.statusCode === 201) return { how: "mounted", bytes: 0 };
      res2.statusCode === 202 && res2.headers.location ? location = res2.headers.location : await this.expectOk(res2, `mount blob ${blob.digest}`);
    }
    if (await this.hasBlob(blob)) return { how: "present", bytes: 0 };
    if (!location) {
      let res2 = await this.client.request("POST", `/v2/${this.repository}/blobs/uploads/`, { "Content-Length": 0 });
      discard(res2), (res2.statusCode !== 202 || !res2.headers.location) && await this.expectOk(res2, `start upload of ${blob.digest}`, 202), location = res2.headers.location;
    }
    let source = from instanceof _RegistryStore ? await from.openPieces(blob) : piecesOf(await from.openBlob(blob));
    location = await this.uploadChunks(source, blob, location);
    let done = new URL(location, this.client.base);
    done.searchParams.set("digest", blob.digest);
    let res = await this.client.request("PUT", done, { "Content-Length": 0 });
    return discard(res), res.statusCode !== 201 && await this.expectOk(res, `finish upload of ${blob.digest}`, 201), { how: "streamed", bytes: blob.size };
  }
  /** The blob's bytes in reused buffers when the registry answers plainly, else through node:http. */
  async openPieces(blob) {
    let { pooledGet } = await import("./blob-reader-DOKW3SHD.js"), pooled = await pooledGet({ url: this.client.url(this.path("blobs", blob.digest)), headers: await this.client.authHeader(), timeoutMs: this.client.timeoutMs, what: this.client.what });
    if (!pooled) return piecesOf(await this.openBlob(blob));
    if (pooled.length !== blob.size)
      throw pooled.destroy(), new CouldNotRunError(`${this.name} serves blob ${blob.digest} with ${pooled.length} bytes; its descriptor says ${blob.size}.`);
    return pooled;
  }
  /** PATCH chunks of at most chunkSize, each streamed straight from the source as it arrives. */
  async uploadChunks(source, blob, start) {
    let location = start, offset = 0, current, finishChunk = async () => {
      let { open } = current;
      open.request.end();
      let res = await open.response;
      discard(res), res.statusCode !== 202 && await this.expectOk(res, `upload ${blob.digest}`, 202), location = res.headers.location ?? location, offset += current.length, current = void 0;
    };
    try {
      for await (let piece of source) {
        let rest = piece.bytes, writes = 1, written = () => --writes === 0 && piece.release();
        for (; rest.length > 0; ) {
          if (!current) {
            let length = Math.min(chunkSize(), Math.max(blob.size - offset, rest.length));
            current = { open: await this.client.open("PATCH", new URL(location, this.client.base), {
              "Content-Type": "application/octet-stream",
              "Content-Length": length,
              "Content-Range": `${offset}-${offset + length - 1}`
            }), length, written: 0 };
          }
          let part = rest.subarray(0, current.length - current.written);
          if (rest = rest.subarray(part.length), current.written += part.length, rest.length > 0 && writes++, !current.open.request.write(part, written)) {
            let failed = current.open.response.then((r) => {
              throw new CouldNotRunError(`${this.name} answered HTTP ${r.statusCode} in the middle of uploading ${blob.digest}.`);
            });
            await Promise.race([new Promise((resolve) => current.open.request.once("drain", resolve)), failed]);
          }
          current.written === current.length && await finishChunk();
        }
      }
      if (current) throw new CouldNotRunError(`The source of ${blob.digest} ended after ${offset + current.written} of ${blob.size} bytes.`);
    } catch (error) {
      throw current?.open.request.destroy(), source.destroy(), error;
    }
    if (offset !== blob.size) throw new CouldNotRunError(`The source of ${blob.digest} sent ${offset} bytes; its descriptor says ${blob.size}.`);
    return location;
  }
  async putManifest(reference, manifest) {
    let res = await this.client.request("PUT", this.path("manifests", reference), { "Content-Type": manifest.mediaType }, manifest.bytes), body = await readBody(res).catch(() => Buffer.alloc(0));
    if (res.statusCode !== 201 && res.statusCode !== 200)
      throw new CouldNotRunError(`${this.name} refused the manifest for ${reference} (HTTP ${res.statusCode}${registryError(body)}).`);
  }
  async referrers(digest) {
    let res = await this.client.request("GET", `/v2/${this.repository}/referrers/${digest}`, { Accept: "application/vnd.oci.image.index.v1+json" });
    if (res.statusCode === 200 && /json/.test(String(res.headers["content-type"]))) {
      let body = await readBody(res);
      try {
        return (JSON.parse(body.toString("utf8")).manifests ?? []).filter((d) => d && d.digest);
      } catch {
        return [];
      }
    }
    return discard(res), [];
  }
  async expectOk(res, what, ok = 200) {
    if (res.statusCode === ok) return;
    if (res.statusCode === 401) throw this.client.refused(401);
    let body = await readBody(res).catch(() => Buffer.alloc(0));
    throw res.statusCode === 403 ? new CouldNotRunError(`${this.name} denied ${what} (HTTP 403${registryError(body)}); the credentials may read but not write here, or the repository does not exist.`) : new CouldNotRunError(`${this.name} answered HTTP ${res.statusCode} to ${what}${registryError(body) ? ` (${registryError(body).slice(2)})` : ""}.`);
  }
};
function piecesOf(stream) {
  let release = () => {
  };
  return {
    async *[Symbol.asyncIterator]() {
      for await (let bytes of stream) yield { bytes, release };
    },
    destroy: () => stream.destroy()
  };
}
function registryError(body) {
  try {
    let errors = JSON.parse(body.toString("utf8")).errors;
    if (errors?.[0]) return `, ${errors[0].code ?? ""}: ${(errors[0].message ?? "").slice(0, 120)}`;
  } catch {
  }
  return "";
}

// packages/registry-deploy/src/stores.ts
var Stores = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  clients = /* @__PURE__ */ new Map();
  client(host) {
    let client = this.clients.get(host);
    return client || (client = (async () => {
      new RegistryClient({ host, insecure: this.opts.insecure, timeoutMs: this.opts.timeoutMs });
      let credentials = await credentialsFor(host, { username: this.opts.username, password: this.opts.password }, this.opts.env);
      return new RegistryClient({ host, insecure: this.opts.insecure, credentials, timeoutMs: this.opts.timeoutMs });
    })(), this.clients.set(host, client)), client;
  }
  async open(ref, push) {
    return ref.kind === "oci" ? new (await import("./layout-store-RHB3VF3J.js")).LayoutStore(ref.dir, push) : new RegistryStore(await this.client(ref.host), ref.repository, push);
  }
  /** Settles authentication (GET /v2/) so streamed uploads go out with a token that covers every scope. */
  async ping() {
    await Promise.all([...this.clients.values()].map(async (client) => (await client).ping()));
  }
};

// packages/registry-deploy/src/image-config.ts
var revisionLabel = "org.opencontainers.image.revision";
async function identify(store, manifest) {
  let out = { digest: manifest.digest, manifestDigests: [manifest.digest], configDigests: [] }, images = [], parsed = parseManifest(manifest, store.name);
  if (out.revision = parsed.annotations?.[revisionLabel], isIndex(manifest.mediaType))
    for (let child of parsed.manifests ?? []) {
      out.manifestDigests.push(child.digest);
      let m = await store.getManifest(child.digest);
      m && images.push(m);
    }
  else images.push(manifest);
  for (let image of images) {
    let p = parseManifest(image, store.name);
    if (p.config?.digest && (out.configDigests.push(p.config.digest), out.revision ??= p.annotations?.[revisionLabel], out.revision === void 0 && p.config.size < 4 * 1024 * 1024))
      try {
        let stream = await store.openBlob(p.config), text = (await readBody(stream)).toString("utf8"), config = JSON.parse(text);
        out.revision = config.config?.Labels?.[revisionLabel];
      } catch {
      }
  }
  return out;
}

// packages/registry-deploy/src/schema-gate.ts
async function schemaGate(inputs, ctx, image, revision) {
  let { schemaVerify, schemaVerifyOptions } = await import("./definition-BCAYMG5W.js"), raw = { "database-url": inputs["database-url"], migrations: inputs.migrations, "shadow-url": inputs["shadow-url"] }, svInputs = parseInputs(schemaVerifyOptions, raw, ctx.source, {}), result = await ctx.log.group("Checking the live schema before moving the tag (schema-verify)", () => schemaVerify.run(svInputs, ctx)), blocking = result.findings.filter((f) => f.severity === "error");
  if (blocking.length === 0) return result.findings;
  let commit = revision ? ` (built from ${revision.slice(0, 12)}, org.opencontainers.image.revision)` : "";
  return [
    ...result.findings,
    {
      rule: "schema-behind",
      severity: "error",
      object: image,
      message: `Refusing to promote ${image}${commit}: the live database is not what its migrations define (${blocking.length} blocking difference${blocking.length === 1 ? "" : "s"}, first: ${blocking[0].message})`,
      fix: "Run the migrations (preflight migrate-direct) against the database, then promote again."
    }
  ];
}

// packages/registry-deploy/src/run.ts
function previousTag(tag) {
  return `${tag.slice(0, 119)}.previous`;
}
async function runRegistryDeploy(inputs, ctx) {
  let target = parseReference(inputs.target, "--target"), tag = target.tag, stores = new Stores({
    insecure: inputs.insecure,
    timeoutMs: inputs["registry-timeout"],
    username: inputs["registry-username"],
    password: inputs["registry-password"]
  }), source = inputs.source ? parseReference(inputs.source, "--source") : void 0, pins = inputs["compose-file"] || inputs.pin.length > 0 ? (await import("./pin-ZA4OUXAE.js")).planPins({ composeFile: inputs["compose-file"], service: inputs.service, pin: inputs.pin, target }) : { files: [] }, src = source ? await stores.open(source, !1) : void 0, dst = await stores.open(target, !0), findings = [], stats = {}, wanted = source && inputs["rollback-to"] === void 0 ? source.kind === "registry" ? source.digest ?? source.tag ?? "latest" : await layoutSourceRef(src, source) : void 0, [, before, sourceManifest] = await Promise.all([stores.ping(), dst.getManifest(tag), inputs["rollback-to"] === void 0 ? src.getManifest(wanted) : void 0]), previous = before?.digest, object = formatReference(target), release, recordPrevious;
  if (inputs["rollback-to"] !== void 0)
    release = await rollbackTarget(dst, target, inputs["rollback-to"]), await dst.putManifest(tag, release);
  else {
    let manifest = sourceManifest;
    if (!manifest)
      throw new UsageError(`--source ${formatReference(source)} does not exist: ${src.name} has no ${wanted.startsWith("sha256:") ? "manifest" : "tag"} ${wanted}; push it first or fix the tag.`);
    if (source.kind === "registry" && source.digest && source.digest !== manifest.digest)
      throw new UsageError(`--source ${formatReference(source)} names digest ${source.digest}, but the tag now points at ${manifest.digest}; drop the tag or the digest.`);
    if (release = manifest, inputs.migrations) {
      let identity = await identify(src, manifest), schema = await schemaGate(inputs, ctx, `${formatReference(source)}@${manifest.digest}`, identity.revision);
      if (findings.push(...schema), schema.some((f) => f.rule === "schema-behind"))
        return { findings, stats: { ...stats, digest: previous ?? "", previousDigest: previous ?? "", revision: identity.revision ?? "" }, outputs: outputsOf(target, previous ?? "", previous), summary: `refused: the live database is behind ${formatReference(source)}; ${object} not moved` };
    }
    refuseSchema1(src, manifest);
    let copy = { ...emptyStats(), referrersCopied: 0, cosignTagsCopied: 0 };
    if (src.name !== dst.name) {
      let attachments = findAttachments(src, manifest.digest);
      attachments.catch(() => {
      }), await copyManifest(src, dst, manifest, void 0, copy);
      let found = await attachments;
      found.length > 0 && (await dst.putManifest(manifest.digest, manifest), copy.manifestsCopied++, await copyAttachments(src, dst, found, copy));
    }
    await dst.putManifest(tag, manifest), copy.manifestsCopied++, Object.assign(stats, copy), before && previous !== manifest.digest && (recordPrevious = dst.putManifest(previousTag(tag), before));
  }
  let [after] = await Promise.all([dst.resolveDigest(tag), recordPrevious]);
  if (after !== release.digest)
    return findings.push({
      rule: "digest-mismatch",
      severity: "error",
      object,
      message: `${object} resolves to ${after ?? "nothing"} after the push, not ${release.digest}.`,
      fix: "Find who else pushes this tag, then promote again."
    }), { findings, stats, outputs: outputsOf(target, release.digest, previous), summary: `${object} does not resolve to the promoted digest` };
  if (findings.push({
    rule: "image-promoted",
    severity: "notice",
    object,
    message: inputs["rollback-to"] !== void 0 ? `${object} rolled back to ${release.digest} (was ${previous ?? "nothing"}).` : `${object} now points at ${release.digest} (was ${previous ?? "nothing"}); ${describeCopy(stats)}.`
  }), ctx.log.info(findings[findings.length - 1].message), !(pins.files.length > 0 || inputs["deploy-command"] || inputs["health-url"].length > 0 || inputs["health-command"] || inputs["running-digest-command"]))
    return Object.assign(stats, { digest: release.digest, previousDigest: previous ?? "" }), { findings, stats, outputs: outputsOf(target, release.digest, previous), summary: `${object} \u2192 ${release.digest}` };
  let current = await identify(dst, release), ledgerBefore = inputs["database-url"] && inputs["rollback-to"] === void 0 ? await readLedgerView(inputs["database-url"], ctx.log) : void 0, { deployAndVerify } = await import("./deploy-TL5XK7I7.js"), deployed = await deployAndVerify(inputs, ctx, {
    target,
    dst,
    release: current,
    previous: inputs["rollback-to"] !== void 0 ? void 0 : previous,
    pins,
    findings,
    ledgerBefore
  });
  return Object.assign(stats, deployed.stats, { digest: deployed.finalDigest, previousDigest: previous ?? "" }), {
    findings,
    stats,
    outputs: outputsOf(target, deployed.finalDigest, previous),
    summary: deployed.summary ?? `${object} \u2192 ${release.digest}`
  };
}
function outputsOf(target, digest, previous) {
  return { digest, image: digest ? `${repositoryName(target)}@${digest}` : "", "previous-digest": previous ?? "" };
}
function describeCopy(stats) {
  let blobs = stats.blobsPresent + stats.blobsMounted + stats.blobsStreamed;
  return blobs === 0 ? "no blob had to move" : `${stats.blobsStreamed} of ${blobs} blobs streamed (${stats.bytesStreamed} bytes), ${stats.blobsMounted} mounted, ${stats.blobsPresent} already there`;
}
async function layoutSourceRef(src, source) {
  if (source.kind !== "oci") throw new Error("unreachable");
  if (source.tag) return source.tag;
  let { LayoutStore } = await import("./layout-store-RHB3VF3J.js"), tags = src.tags();
  if (tags.length === 1) return tags[0];
  throw new UsageError(`--source oci:${source.dir} holds ${tags.length === 0 ? "no tagged image" : `several images (${tags.slice(0, 5).join(", ")})`}; name one as oci:${source.dir}:TAG.`);
}
async function rollbackTarget(dst, target, to) {
  let reference = to === "previous" ? previousTag(target.tag) : to, manifest = await dst.getManifest(reference);
  if (manifest) return manifest;
  throw to === "previous" ? new UsageError(`--rollback-to previous: ${dst.name} has no ${reference} tag (written by a promotion that replaced another digest); roll back with --rollback-to sha256:....`) : new UsageError(`--rollback-to ${to}: ${dst.name} has no manifest with that digest; name a digest this repository holds.`);
}
export {
  previousTag,
  runRegistryDeploy
};
