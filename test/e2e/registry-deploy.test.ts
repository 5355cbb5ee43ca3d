/**
 * registry-deploy against a real registry (Debian's docker-registry, CNCF distribution), with
 * skopeo as the independent witness of what the registry holds. Images are OCI layouts built by
 * the test (test/harness/oci-image.ts) and pushed with skopeo.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deploy } from '../harness/registry-cli.ts';
import { buildDockerLayout, buildLayout, buildSignatureLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';

const digestOf = async (ref: string) => sha256(await skopeoRaw(ref));

let reg: Registry;
let other: Registry;
let work: string;
let single: BuiltImage;
let multi: BuiltImage;
let next: BuiltImage;

describe.skipIf(!haveRegistry)('registry-deploy promotes by digest', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'preflight-rd-'));
    process.env.DOCKER_CONFIG = join(work, 'docker-config');
    [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
    single = buildLayout(join(work, 'single'), { tag: 'build-1', revision: 'aaaa1111' });
    multi = buildLayout(join(work, 'multi'), { tag: 'build-2', revision: 'bbbb2222', multiPlatform: true });
    next = buildLayout(join(work, 'next'), { tag: 'build-3', revision: 'cccc3333' });
    await skopeoPush(join(work, 'single'), `${reg.host}/team/app:build-1`);
    await skopeoPush(join(work, 'multi'), `${reg.host}/team/app:build-2`);
    await skopeoPush(join(work, 'next'), `${reg.host}/team/app:build-3`);
  });
  afterAll(async () => {
    await Promise.all([reg?.stop(), other?.stop()]);
  });

  test('same repository: the new tag has the source digest (skopeo), previous digest recorded', async () => {
    const first = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:production`, '--insecure']);
    expect(first.code, first.stderr).toBe(0);
    expect(await digestOf(`${reg.host}/team/app:production`)).toBe(single.digest);
    expect(first.report.stats).toMatchObject({ digest: single.digest, previousDigest: '', blobsStreamed: 0 });
    expect(first.report.findings).toContainEqual(expect.objectContaining({ rule: 'image-promoted', object: `${reg.host}/team/app:production` }));

    const second = await deploy(['--source', `${reg.host}/team/app:build-3`, '--target', `${reg.host}/team/app:production`, '--insecure']);
    expect(second.code).toBe(0);
    expect(await digestOf(`${reg.host}/team/app:production`)).toBe(next.digest);
    expect(second.report.stats).toMatchObject({ digest: next.digest, previousDigest: single.digest });
    expect(await digestOf(`${reg.host}/team/app:production.previous`)).toBe(single.digest);
  });

  test('cross repository: blobs are mounted, never uploaded again (registry access log)', async () => {
    const before = reg.log.length;
    const r = await deploy(['--source', `${reg.host}/team/app:build-2`, '--target', `${reg.host}/prod/app:live`, '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(await digestOf(`${reg.host}/prod/app:live`)).toBe(multi.digest);
    // every platform is there, by digest
    for (const child of multi.manifestDigests.slice(1)) expect(await digestOf(`${reg.host}/prod/app@${child}`)).toBe(child);
    const lines = reg.log.slice(before).join('\n');
    expect(lines).toMatch(/POST \/v2\/prod\/app\/blobs\/uploads\/\?(from=team%2Fapp&)?mount=/);
    expect(lines).not.toMatch(/PATCH \/v2\/prod\/app\/blobs\/uploads/);
    expect(r.report.stats).toMatchObject({ blobsMounted: multi.layerDigests.length + multi.configDigests.length, blobsStreamed: 0, bytesStreamed: 0 });
  });

  test('another registry: blobs streamed in chunked uploads, index with both platforms, digest equal', async () => {
    process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES = '1024';
    const r = await deploy(['--source', `${reg.host}/team/app:build-2`, '--target', `${other.host}/mirror/app:v2`, '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(await digestOf(`${other.host}/mirror/app:v2`)).toBe(multi.digest);
    expect(r.report.stats).toMatchObject({ blobsStreamed: 6, bytesStreamed: multi.bytes });
    delete process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES;
    // 1 KiB chunks: a 3000-byte layer is 3 PATCH requests, a 5000-byte one 5, per platform.
    const patches = other.log.filter((l) => /"PATCH \/v2\/mirror\/app\/blobs\/uploads\//.test(l));
    expect(patches.length).toBeGreaterThanOrEqual(2 * (3 + 5));

    // a re-run moves 0 bytes
    const again = await deploy(['--source', `${reg.host}/team/app:build-2`, '--target', `${other.host}/mirror/app:v2`, '--insecure']);
    expect(again.code).toBe(0);
    expect(again.report.stats).toMatchObject({ bytesStreamed: 0, blobsStreamed: 0 });
  });

  test('an OCI layout as the source and as the target', async () => {
    const r = await deploy(['--source', `oci:${join(work, 'multi')}`, '--target', `oci:${join(work, 'out')}:production`]);
    expect(r.code, r.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(work, 'out', 'index.json'), 'utf8'));
    expect(index.manifests).toContainEqual(expect.objectContaining({ digest: multi.digest, annotations: { 'org.opencontainers.image.ref.name': 'production' } }));
    expect(existsSync(join(work, 'out', 'oci-layout'))).toBe(true);
    // every blob arrived and nothing temporary was left behind
    const blobs = readdirSync(join(work, 'out', 'blobs', 'sha256'));
    expect(blobs.filter((b) => b.endsWith('.tmp'))).toEqual([]);
    for (const d of [...multi.layerDigests, ...multi.configDigests, ...multi.manifestDigests]) expect(blobs).toContain(d.slice(7));

    const pushed = await deploy(['--source', `oci:${join(work, 'out')}:production`, '--target', `${reg.host}/from/layout:production`, '--insecure']);
    expect(pushed.code).toBe(0);
    expect(await digestOf(`${reg.host}/from/layout:production`)).toBe(multi.digest);
  });

  test('signatures and attestations travel: cosign .sig tag and OCI referrers (fallback tag) copied to another registry', async () => {
    const signed = buildLayout(join(work, 'signed'), { tag: 'signed-1', revision: 'dddd4444' });
    await skopeoPush(join(work, 'signed'), `${reg.host}/team/signed:signed-1`);
    const topSize = (await skopeoRaw(`${reg.host}/team/signed:signed-1`)).length;
    const sig = buildSignatureLayout(join(work, 'sigs'), { digest: signed.digest, size: topSize, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    await skopeoPush(`${join(work, 'sigs')}:${sig.sigTag}`, `${reg.host}/team/signed:${sig.sigTag}`);
    // skopeo 1.9 refuses to push an index of artifacts with --preserve-digests: seeded by us, checked by skopeo below.
    const seeded = await deploy(['--source', `oci:${join(work, 'sigs')}:${sig.fallbackTag}`, '--target', `${reg.host}/team/signed:${sig.fallbackTag}`, '--insecure']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(await digestOf(`${reg.host}/team/signed:${sig.fallbackTag}`)).toBe(sig.fallbackDigest);

    const r = await deploy(['--source', `${reg.host}/team/signed:signed-1`, '--target', `${other.host}/prod/signed:live`, '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(await digestOf(`${other.host}/prod/signed:${sig.sigTag}`)).toBe(sig.sigDigest);
    expect(await digestOf(`${other.host}/prod/signed:${sig.fallbackTag}`)).toBe(sig.fallbackDigest);
    expect(await digestOf(`${other.host}/prod/signed@${sig.referrerDigest}`)).toBe(sig.referrerDigest);
    expect(r.report.stats).toMatchObject({ cosignTagsCopied: 1 });

    // into a layout too: the referrer is listed (untagged) in index.json
    const out = await deploy(['--source', `${reg.host}/team/signed:signed-1`, '--target', `oci:${join(work, 'signed-out')}:live`, '--insecure']);
    expect(out.code, out.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(work, 'signed-out', 'index.json'), 'utf8'));
    const names = index.manifests.map((d: any) => d.annotations?.['org.opencontainers.image.ref.name'] ?? d.digest);
    expect(names).toEqual(expect.arrayContaining([sig.sigTag, sig.fallbackTag, sig.referrerDigest, 'live']));
  });

  test('Docker v2 manifests and manifest lists: served with their media type, copied byte for byte', async () => {
    const docker = buildDockerLayout(join(work, 'docker'), 'classic');
    const seeded = await deploy(['--source', `oci:${join(work, 'docker')}:classic`, '--target', `${reg.host}/classic/app:v1`, '--insecure']);
    expect(seeded.code, seeded.stderr).toBe(0);
    const raw = JSON.parse(await skopeoRaw(`${reg.host}/classic/app:v1`));
    expect(raw.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(await digestOf(`${reg.host}/classic/app:v1`)).toBe(docker.digest);
    for (const target of [`${reg.host}/classic/app:prod`, `${reg.host}/classic2/app:prod`, `${other.host}/classic/app:prod`]) {
      const r = await deploy(['--source', `${reg.host}/classic/app:v1`, '--target', target, '--insecure']);
      expect(r.code, r.stderr).toBe(0);
      expect(await digestOf(target)).toBe(docker.digest);
      expect(await digestOf(`${target.replace(/:prod$/, '')}@${docker.manifestDigests[1]}`)).toBe(docker.manifestDigests[1]);
    }
  });

  test('referrers API: a registry that serves GET /v2/<name>/referrers/<digest> has its referrers copied', async () => {
    const signed = buildLayout(join(work, 'signed-api'), { tag: 'v1' });
    await skopeoPush(join(work, 'signed-api'), `${reg.host}/api/signed:v1`);
    const size = (await skopeoRaw(`${reg.host}/api/signed:v1`)).length;
    const sig = buildSignatureLayout(join(work, 'sigs-api'), { digest: signed.digest, size, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    // The referrer itself, pushed by digest only (no fallback tag): only the API can find it.
    const pushed = await deploy(['--source', `oci:${join(work, 'sigs-api')}:${sig.fallbackTag}`, '--target', `${reg.host}/api/signed:tmp-index`, '--insecure']);
    expect(pushed.code, pushed.stderr).toBe(0);
    // distribution 2.8 has no referrers API: a proxy in front of it answers that one path, like registries that do.
    const { createServer, request } = await import('node:http');
    const proxy = createServer((req, res) => {
      if (req.url === `/v2/api/signed/referrers/${signed.digest}`) {
        res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' });
        res.end(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sig.referrerDigest, size: 1, artifactType: 'application/spdx+json' }] }));
        return;
      }
      const up = request({ host: '127.0.0.1', port: reg.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const r = await deploy(['--source', `127.0.0.1:${port}/api/signed:v1`, '--target', `${other.host}/api/signed:live`, '--insecure']);
      expect(r.code, r.stderr).toBe(0);
      expect(await digestOf(`${other.host}/api/signed@${sig.referrerDigest}`)).toBe(sig.referrerDigest);
      expect(r.report.stats).toMatchObject({ referrersCopied: 1 });
    } finally {
      proxy.close();
    }
  });

  test('an incomplete source (a layer missing) fails with exit 3 before the tag is written', async () => {
    const broken = buildLayout(join(work, 'broken'), { tag: 'b1' });
    const { rmSync } = await import('node:fs');
    rmSync(join(work, 'broken', 'blobs', 'sha256', broken.layerDigests[1].slice(7)));
    const r = await deploy(['--source', `oci:${join(work, 'broken')}:b1`, '--target', `${other.host}/broken/app:prod`, '--insecure']);
    expect(r.code).toBe(3);
    expect(r.report.summary).toBe(`oci:${join(work, 'broken')} lists blob ${broken.layerDigests[1]} in a manifest but blobs/sha256 does not have it; the source image is incomplete.`);
    await expect(skopeoRaw(`${other.host}/broken/app:prod`)).rejects.toThrow(/manifest unknown|name unknown/);
  });

  test('missing source tag: exit 2 naming it, target untouched', async () => {
    const before = await digestOf(`${reg.host}/team/app:production`);
    const r = await deploy(['--source', `${reg.host}/team/app:nope`, '--target', `${reg.host}/team/app:production`, '--insecure']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toBe(`--source ${reg.host}/team/app:nope does not exist: ${reg.host}/team/app has no tag nope; push it first or fix the tag.`);
    expect(await digestOf(`${reg.host}/team/app:production`)).toBe(before);
  });

  test('unreachable registry: exit 3 within the timeout, target untouched', async () => {
    const before = await digestOf(`${reg.host}/team/app:production`);
    const r = await deploy(['--source', '127.0.0.1:1/team/app:build-1', '--target', `${reg.host}/team/app:production`, '--insecure', '--registry-timeout', '3s']);
    expect(r.code).toBe(3);
    expect(r.report.summary).toBe('Could not reach registry 127.0.0.1:1 at 127.0.0.1:1 (connection refused); check the host and port, that it is up, and the network from this runner.');
    expect(await digestOf(`${reg.host}/team/app:production`)).toBe(before);
  });

  test('a registry that accepts the connection and never answers: exit 3 after --registry-timeout, not a hang', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await deploy(['--source', `127.0.0.1:${port}/team/app:build-1`, '--target', `${reg.host}/team/app:hang`, '--insecure', '--registry-timeout', '1s']);
      expect(r.code).toBe(3);
      expect(r.report.summary).toBe(`Could not reach registry 127.0.0.1:${port} at 127.0.0.1:${port} (no answer within 1s); check the host and port, that it is up, and the network from this runner.`);
      await expect(skopeoRaw(`${reg.host}/team/app:hang`)).rejects.toThrow(/manifest unknown/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 20_000);

  test('--insecure for a remote host: exit 2, nothing sent', async () => {
    const r = await deploy(['--source', 'ghcr.io/acme/api:1', '--target', 'ghcr.io/acme/api:prod', '--insecure']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toMatch(/^--insecure allows plain HTTP only for a registry on a loopback address, not ghcr.io;/);
  });

  test('bad references and combinations are one sentence and exit 2', async () => {
    expect((await deploy(['--source', 'Bad/Name', '--target', `${reg.host}/a:b`])).report.summary).toMatch(/^--source "Bad\/Name" is not an image reference \(repository names are lowercase\)/);
    expect((await deploy(['--source', 'a:b', '--target', `${reg.host}/a`])).report.summary).toBe('--target needs a tag to move, e.g. host/repo:production or oci:DIR:production.');
    const r = await deploy(['--target', `${reg.host}/a:b`]);
    expect(r.code).toBe(2);
  });
});

