/**
 * Builds OCI image layouts for tests by writing the blobs, manifests and index.json ourselves: a
 * couple of small random layers, a config with the revision label, and optionally a
 * two-platform index. No Docker engine involved.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuiltImage {
  /** Digest of what the tag points at (the index when multi-platform). */
  digest: string;
  manifestDigests: string[];
  configDigests: string[];
  layerDigests: string[];
  bytes: number;
}

function writeBlob(dir: string, content: Buffer | string): { digest: string; size: number } {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const hex = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

export interface ImageSpec {
  tag: string;
  revision?: string;
  /** More config labels. */
  labels?: Record<string, string>;
  /** Sizes of the random layers, default two of a few KiB. */
  layers?: number[];
  /** linux/amd64 + linux/arm64 behind an OCI index. */
  multiPlatform?: boolean;
  /** Other tags already in the layout's index.json, kept. */
  existing?: Array<Record<string, unknown>>;
}

export function buildLayout(dir: string, spec: ImageSpec): BuiltImage {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const out: BuiltImage = { digest: '', manifestDigests: [], configDigests: [], layerDigests: [], bytes: 0 };
  const platforms = spec.multiPlatform ? ['amd64', 'arm64'] : ['amd64'];
  const children: Array<{ mediaType: string; digest: string; size: number; platform: { os: string; architecture: string } }> = [];
  for (const architecture of platforms) {
    const layers = (spec.layers ?? [3000, 5000]).map((size) => {
      const blob = writeBlob(dir, randomBytes(size));
      out.layerDigests.push(blob.digest);
      out.bytes += blob.size;
      return { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...blob };
    });
    const config = writeBlob(
      dir,
      JSON.stringify({
        architecture,
        os: 'linux',
        config: { Labels: { ...(spec.revision ? { 'org.opencontainers.image.revision': spec.revision } : {}), ...spec.labels } },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      }),
    );
    out.configDigests.push(config.digest);
    out.bytes += config.size;
    const manifest = writeBlob(
      dir,
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers }),
    );
    out.manifestDigests.push(manifest.digest);
    children.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture } });
  }
  let top: { mediaType: string; digest: string; size: number } = children[0];
  if (spec.multiPlatform) {
    const index = writeBlob(dir, JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: children }));
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...index };
    out.manifestDigests.unshift(index.digest);
  }
  out.digest = top.digest;
  const entry = { mediaType: top.mediaType, digest: top.digest, size: top.size, annotations: { 'org.opencontainers.image.ref.name': spec.tag } };
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [...(spec.existing ?? []), entry] }));
  return out;
}

/**
 * Signatures for `subject` in a layout of their own: a cosign-style `sha256-<hex>.sig` tag, and an
 * OCI 1.1 referrer (a manifest with `subject`) listed by the `sha256-<hex>` fallback tag index.
 */
export function buildSignatureLayout(dir: string, subject: { digest: string; size: number; mediaType: string }): { sigDigest: string; referrerDigest: string; fallbackDigest: string; sigTag: string; fallbackTag: string } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const hex = subject.digest.slice(7);
  const emptyConfig = writeBlob(dir, '{}');
  const payload = writeBlob(dir, JSON.stringify({ critical: { image: { 'docker-manifest-digest': subject.digest } } }));
  const sig = writeBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...emptyConfig },
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...payload, annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ-test' } }],
    }),
  );
  const sbom = writeBlob(dir, JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'test' }));
  const referrer = writeBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/spdx+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...emptyConfig },
      layers: [{ mediaType: 'application/spdx+json', ...sbom }],
      subject,
    }),
  );
  const fallback = writeBlob(
    dir,
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...referrer, artifactType: 'application/spdx+json' }] }),
  );
  const sigTag = `sha256-${hex}.sig`;
  const fallbackTag = `sha256-${hex}`;
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...sig, annotations: { 'org.opencontainers.image.ref.name': sigTag } },
        { mediaType: 'application/vnd.oci.image.index.v1+json', ...fallback, annotations: { 'org.opencontainers.image.ref.name': fallbackTag } },
      ],
    }),
  );
  return { sigDigest: sig.digest, referrerDigest: referrer.digest, fallbackDigest: fallback.digest, sigTag, fallbackTag };
}

/** A Docker v2 schema 2 image (and manifest list) in a layout: what `docker push` of a classic build sends. */
export function buildDockerLayout(dir: string, tag: string): BuiltImage {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const out: BuiltImage = { digest: '', manifestDigests: [], configDigests: [], layerDigests: [], bytes: 0 };
  const layer = writeBlob(dir, randomBytes(4000));
  out.layerDigests.push(layer.digest);
  const config = writeBlob(dir, JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { 'org.opencontainers.image.revision': 'docker1' } }, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  out.configDigests.push(config.digest);
  const manifest = writeBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }],
    }),
  );
  const list = writeBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', ...manifest, platform: { architecture: 'amd64', os: 'linux' } }],
    }),
  );
  out.manifestDigests.push(list.digest, manifest.digest);
  out.digest = list.digest;
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', ...list, annotations: { 'org.opencontainers.image.ref.name': tag } }] }),
  );
  return out;
}
