import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  CouldNotRunError
} from "./chunk-KNCBXDSL.js";

// packages/registry-deploy/src/oci/sha256.ts
var K = new Uint32Array([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
function sha256Hex(input) {
  let bytes = typeof input == "string" ? Buffer.from(input, "utf8") : input, blocks = Math.ceil((bytes.length + 9) / 64), padded = new Uint8Array(blocks * 64);
  padded.set(bytes), padded[bytes.length] = 128;
  let view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bytes.length / 536870912)), view.setUint32(padded.length - 4, bytes.length * 8 >>> 0);
  let h = new Uint32Array([1779033703, 3144134277, 1013904242, 2773480762, 1359893119, 2600822924, 528734635, 1541459225]), w = new Uint32Array(64);
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block * 64 + i * 4);
    for (let i = 16; i < 64; i++) {
      let a2 = w[i - 15], b2 = w[i - 2], s0 = (a2 >>> 7 | a2 << 25) ^ (a2 >>> 18 | a2 << 14) ^ a2 >>> 3, s1 = (b2 >>> 17 | b2 << 15) ^ (b2 >>> 19 | b2 << 13) ^ b2 >>> 10;
      w[i] = w[i - 16] + s0 + w[i - 7] + s1 | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      let S1 = (e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7), ch = e & f ^ ~e & g, t1 = hh + S1 + ch + K[i] + w[i] | 0, S0 = (a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10), maj = a & b ^ a & c ^ b & c, t2 = S0 + maj | 0;
      hh = g, g = f, f = e, e = d + t1 | 0, d = c, c = b, b = a, a = t1 + t2 | 0;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  let hex = "";
  for (let word of h) hex += word.toString(16).padStart(8, "0");
  return hex;
}

// packages/registry-deploy/src/oci/store.ts
var mediaTypes = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws"
}, manifestAccept = [mediaTypes.ociIndex, mediaTypes.ociManifest, mediaTypes.dockerList, mediaTypes.dockerManifest].join(", ");
function isIndex(mediaType) {
  return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerList;
}
function sha256(bytes) {
  return `sha256:${sha256Hex(bytes)}`;
}
function parseManifest(manifest, where) {
  let parsed;
  try {
    parsed = JSON.parse(manifest.bytes.toString("utf8"));
  } catch {
  }
  if (!parsed || typeof parsed != "object" || Array.isArray(parsed)) throw new CouldNotRunError(`The manifest ${manifest.digest} of ${where} is not JSON.`);
  let problem = shapeProblem(parsed);
  if (problem) throw new CouldNotRunError(`The manifest ${manifest.digest} of ${where} is not a valid image manifest: ${problem}; push the image again.`);
  return parsed;
}
var isDescriptor = (d) => {
  if (!d || typeof d != "object" || Array.isArray(d)) return !1;
  let { digest, size } = d;
  return typeof digest == "string" && (size === void 0 || typeof size == "number");
};
function shapeProblem(m) {
  for (let key of ["manifests", "layers"])
    if (m[key] !== void 0 && !(Array.isArray(m[key]) && m[key].every(isDescriptor))) return `"${key}" is not a list of descriptors with a digest`;
  for (let key of ["config", "subject"])
    if (m[key] !== void 0 && !isDescriptor(m[key])) return `"${key}" is not a descriptor with a digest`;
  let a = m.annotations;
  if (a !== void 0 && (!a || typeof a != "object" || Array.isArray(a) || Object.values(a).some((v) => typeof v != "string"))) return '"annotations" is not a map of strings';
}
function mediaTypeOf(bytes, served) {
  let clean = served?.split(";")[0].trim();
  try {
    let parsed = JSON.parse(bytes.toString("utf8"));
    return parsed.mediaType ? parsed.mediaType : parsed.schemaVersion === 1 ? mediaTypes.dockerSchema1 : clean && clean !== "application/json" && clean !== "text/plain" ? clean : parsed.manifests ? mediaTypes.ociIndex : mediaTypes.ociManifest;
  } catch {
    return clean ?? mediaTypes.ociManifest;
  }
}

export {
  mediaTypes,
  manifestAccept,
  isIndex,
  sha256,
  parseManifest,
  mediaTypeOf
};
