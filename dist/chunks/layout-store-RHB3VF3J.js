import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  mediaTypeOf,
  sha256
} from "./chunk-FONY574P.js";
import {
  CouldNotRunError,
  UsageError
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/registry-deploy/src/oci/layout-store.ts
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
var refNameAnnotation = "org.opencontainers.image.ref.name", LayoutStore = class {
  constructor(dir, create) {
    this.dir = dir;
    if (this.name = `oci:${dir}`, !existsSync(join(dir, "index.json")) && !create)
      throw new UsageError(`oci:${dir} is not an OCI image layout (no index.json there); check the path, or write one with skopeo copy ... oci:${dir}:TAG.`);
  }
  dir;
  name;
  blobPath(digest) {
    let [algorithm, hex] = digest.split(":");
    if (!/^[a-f0-9]{64}$/.test(hex ?? "") || algorithm !== "sha256") throw new CouldNotRunError(`${this.name} lists a blob digest that is not sha256: ${digest.slice(0, 80)}.`);
    return join(this.dir, "blobs", algorithm, hex);
  }
  readIndex() {
    let path = join(this.dir, "index.json");
    if (!existsSync(path)) return { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] };
    try {
      let index = JSON.parse(readFileSync(path, "utf8"));
      if (!Array.isArray(index.manifests)) throw new Error("no manifests");
      return index;
    } catch {
      throw new UsageError(`${path} is not an OCI image index (JSON with a manifests list); rewrite the layout with skopeo copy.`);
    }
  }
  /** Tags of the layout, in index order. */
  tags() {
    return this.readIndex().manifests.map((d) => d.annotations?.[refNameAnnotation]).filter((t) => !!t);
  }
  descriptorFor(reference) {
    let index = this.readIndex();
    return reference.startsWith("sha256:") ? index.manifests.find((d) => d.digest === reference) ?? { mediaType: "", digest: reference, size: 0 } : index.manifests.find((d) => d.annotations?.[refNameAnnotation] === reference);
  }
  async getManifest(reference) {
    let descriptor = this.descriptorFor(reference);
    if (!descriptor) return;
    let path = this.blobPath(descriptor.digest);
    if (!existsSync(path)) {
      if (reference.startsWith("sha256:")) return;
      throw new CouldNotRunError(`${this.name}:${reference} points at ${descriptor.digest}, which is missing from blobs/sha256; the layout is incomplete.`);
    }
    let bytes = readFileSync(path), digest = sha256(bytes);
    if (digest !== descriptor.digest) throw new CouldNotRunError(`${this.name} blob ${descriptor.digest} has content whose digest is ${digest}; the layout is corrupt.`);
    return { digest, mediaType: descriptor.mediaType || mediaTypeOf(bytes, void 0), bytes };
  }
  async resolveDigest(reference) {
    return reference.startsWith("sha256:") ? existsSync(this.blobPath(reference)) ? reference : void 0 : this.descriptorFor(reference)?.digest;
  }
  async hasBlob(blob) {
    let path = this.blobPath(blob.digest);
    return existsSync(path) && statSync(path).size === blob.size;
  }
  async openBlob(blob) {
    let path = this.blobPath(blob.digest);
    if (!existsSync(path)) throw new CouldNotRunError(`${this.name} lists blob ${blob.digest} in a manifest but blobs/sha256 does not have it; the source image is incomplete.`);
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }
  async putBlob(blob, from) {
    return await this.hasBlob(blob) ? { how: "present", bytes: 0 } : (await this.writeBlob(blob.digest, await from.openBlob(blob)), { how: "streamed", bytes: blob.size });
  }
  async writeBlob(digest, source) {
    let path = this.blobPath(digest);
    mkdirSync(join(this.dir, "blobs", "sha256"), { recursive: !0 }), this.ensureLayoutFile();
    let temp = `${path}.${randomBytes(6).toString("hex")}.tmp`, hash = createHash("sha256");
    try {
      Buffer.isBuffer(source) ? (hash.update(source), writeFileSync(temp, source)) : await pipeline(
        source,
        async function* (chunks) {
          for await (let chunk of chunks)
            hash.update(chunk), yield chunk;
        },
        createWriteStream(temp)
      );
      let got = `sha256:${hash.digest("hex")}`;
      if (got !== digest) throw new CouldNotRunError(`The content copied for ${digest} has digest ${got}; the source served something else. Nothing was written for it.`);
      renameSync(temp, path);
    } finally {
      existsSync(temp) && unlinkSync(temp);
    }
  }
  ensureLayoutFile() {
    let path = join(this.dir, "oci-layout");
    existsSync(path) || writeFileSync(path, '{"imageLayoutVersion":"1.0.0"}');
  }
  async putManifest(reference, manifest) {
    existsSync(this.blobPath(manifest.digest)) || await this.writeBlob(manifest.digest, manifest.bytes);
    let index = this.readIndex();
    if (reference.startsWith("sha256:")) {
      /"subject"\s*:/.test(manifest.bytes.toString("utf8")) && !index.manifests.some((d) => d.digest === manifest.digest) && (index.manifests.push({ mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length }), this.writeIndex(index));
      return;
    }
    let descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, annotations: { [refNameAnnotation]: reference } }, at = index.manifests.findIndex((d) => d.annotations?.[refNameAnnotation] === reference);
    at >= 0 ? index.manifests[at] = { ...index.manifests[at], ...descriptor, annotations: { ...index.manifests[at].annotations, [refNameAnnotation]: reference } } : index.manifests.push(descriptor), this.writeIndex(index);
  }
  writeIndex(index) {
    mkdirSync(this.dir, { recursive: !0 }), this.ensureLayoutFile();
    let path = join(this.dir, "index.json"), temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(temp, `${JSON.stringify(index)}
`), renameSync(temp, path);
  }
  async referrers(digest) {
    let out = [];
    for (let d of this.readIndex().manifests) {
      if (d.annotations?.[refNameAnnotation]) continue;
      let manifest = await this.getManifest(d.digest);
      if (manifest)
        try {
          JSON.parse(manifest.bytes.toString("utf8")).subject?.digest === digest && out.push(d);
        } catch {
        }
    }
    return out;
  }
};
export {
  LayoutStore,
  refNameAnnotation
};
