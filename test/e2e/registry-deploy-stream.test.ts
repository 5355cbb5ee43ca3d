/**
 * Layers streamed between registries through reused buffers (oci/blob-reader.ts): a source in
 * front of the real registry that redirects blob reads to "storage" (as Docker Hub and GHCR do
 * with S3) and sends bodies in small uneven writes, drops the connection in the middle of a layer,
 * or serves other bytes than the digest says. skopeo says what the target holds.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deploy } from '../harness/registry-cli.ts';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';

let reg: Registry;
let other: Registry;
let image: BuiltImage;

type BlobHook = (digest: string, upstream: IncomingMessage, res: ServerResponse) => void;

/** A registry in front of `reg`: blob GETs are redirected to /storage/<digest>, answered by `hook`. */
async function sourceProxy(hook: BlobHook): Promise<{ host: string; storageReads: string[]; close: () => void }> {
  const storageReads: string[] = [];
  const server: Server = createServer((req, res) => {
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(req.url ?? '');
    if (req.method === 'GET' && blob) {
      res.writeHead(307, { Location: `/storage/${blob[2]}?repo=${encodeURIComponent(blob[1])}&X-Signature=abc` });
      res.end();
      return;
    }
    const storage = /^\/storage\/(sha256:[a-f0-9]{64})\?repo=([^&]+)/.exec(req.url ?? '');
    if (storage) {
      storageReads.push(`${storage[1]} ${req.headers.authorization ?? 'no-auth'}`);
      request({ host: '127.0.0.1', port: reg.port, path: `/v2/${decodeURIComponent(storage[2])}/blobs/${storage[1]}` }, (up) => hook(storage[1], up, res)).end();
      return;
    }
    const up = request({ host: '127.0.0.1', port: reg.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(server.address() as { port: number }).port}`, storageReads, close: () => server.close() };
}

/** Sends the upstream body in writes of 7 KiB + 13 bytes, each on a later turn of the event loop. */
const uneven: BlobHook = (_digest, up, res) => {
  const chunks: Buffer[] = [];
  up.on('data', (c: Buffer) => chunks.push(c));
  up.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/octet-stream' });
    let at = 0;
    const next = () => {
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, (at += 7 * 1024 + 13)));
      setImmediate(next);
    };
    next();
  });
};

describe.skipIf(!haveRegistry)('registry-deploy streams large layers with bounded memory', () => {
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'preflight-rd-stream-'));
    process.env.DOCKER_CONFIG = join(work, 'docker-config');
    [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
    // Layers larger than the reader's pool of buffers (8 x 128 KiB), so reads pause and resume.
    image = buildLayout(join(work, 'big'), { tag: 'v1', layers: [3 * 1024 * 1024 + 5, 5 * 1024 * 1024 + 17] });
    await skopeoPush(join(work, 'big'), `${reg.host}/team/big:v1`);
  });
  afterAll(async () => {
    await Promise.all([reg?.stop(), other?.stop()]);
  });

  test('redirected to storage, bodies in uneven pieces, odd PATCH chunks: copied byte for byte', async () => {
    const proxy = await sourceProxy(uneven);
    process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES = String(1024 * 1024 + 3);
    try {
      const r = await deploy(['--source', `${proxy.host}/team/big:v1`, '--target', `${other.host}/mirror/big:v1`, '--insecure']);
      expect(r.code, r.stderr).toBe(0);
      expect(sha256(await skopeoRaw(`${other.host}/mirror/big:v1`))).toBe(image.digest);
      expect(r.report.stats).toMatchObject({ blobsStreamed: 3, bytesStreamed: image.bytes });
      // every blob was read from storage, without our credentials
      expect(proxy.storageReads).toHaveLength(3);
      for (const read of proxy.storageReads) expect(read).toMatch(/ no-auth$/);
    } finally {
      delete process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES;
      proxy.close();
    }
  });

  test('the source drops the connection in the middle of a layer: exit 3, the target tag never written', async () => {
    const proxy = await sourceProxy((digest, up, res) => {
      if (digest !== image.layerDigests[1]) return uneven(digest, up, res);
      res.writeHead(200, { 'Content-Length': up.headers['content-length'] });
      let sent = 0;
      up.on('data', (c: Buffer) => {
        if (sent > 2 * 1024 * 1024) return;
        sent += c.length;
        res.write(c);
        if (sent > 2 * 1024 * 1024) res.destroy();
      });
    });
    try {
      const r = await deploy(['--source', `${proxy.host}/team/big:v1`, '--target', `${other.host}/cut/big:v1`, '--insecure']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.report.summary).toMatch(/closed the connection after \d+ of 5242897 bytes/);
      await expect(skopeoRaw(`${other.host}/cut/big:v1`)).rejects.toThrow(/manifest unknown|name unknown/);
    } finally {
      proxy.close();
    }
  });

  test('the source serves other bytes than the digest says: the target refuses the layer, exit 3, tag never written', async () => {
    const proxy = await sourceProxy((digest, up, res) => {
      if (digest !== image.layerDigests[0]) return uneven(digest, up, res);
      res.writeHead(200, { 'Content-Length': up.headers['content-length'] });
      let first = true;
      up.on('data', (c: Buffer) => {
        if (first) c[0] ^= 0xff;
        first = false;
        res.write(c);
      });
      up.on('end', () => res.end());
    });
    try {
      const r = await deploy(['--source', `${proxy.host}/team/big:v1`, '--target', `${other.host}/bad/big:v1`, '--insecure']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.report.summary).toMatch(new RegExp(`answered HTTP 400 to finish upload of ${image.layerDigests[0]} \\(DIGEST_INVALID`));
      await expect(skopeoRaw(`${other.host}/bad/big:v1`)).rejects.toThrow(/manifest unknown|name unknown/);
    } finally {
      proxy.close();
    }
  });
});
