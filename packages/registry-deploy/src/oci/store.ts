/**
 * What a promotion needs from where images live: a registry repository (registry-store.ts) or an
 * OCI image layout directory (layout-store.ts). Manifests are kept as the exact bytes they were
 * served as, because their digest is the hash of those bytes.
 */
import type { Readable } from 'node:stream';
import { CouldNotRunError } from '@preflight/core';
import { sha256Hex } from './sha256.ts';

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Accept header for manifest requests: every form we can copy, images and indexes. */
export const manifestAccept = [mediaTypes.ociIndex, mediaTypes.ociManifest, mediaTypes.dockerList, mediaTypes.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  urls?: string[];
}

export interface Manifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface ParsedManifest {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export function isIndex(mediaType: string): boolean {
  return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerList;
}

/** The digest of a manifest (small: see sha256.ts for why not node:crypto). */
export function sha256(bytes: Buffer | string): string {
  return `sha256:${sha256Hex(bytes)}`;
}

export interface BlobCopyResult {
  how: 'present' | 'mounted' | 'streamed';
  bytes: number;
}

export interface ImageStore {
  /** How the store is named in messages: `127.0.0.1:5000/team/app`, `oci:./images`. */
  readonly name: string;
  /** The manifest under a tag or digest; undefined when there is none. */
  getManifest(reference: string): Promise<Manifest | undefined>;
  /** The digest a tag or digest resolves to, without downloading the manifest when the store can. */
  resolveDigest(reference: string): Promise<string | undefined>;
  hasBlob(blob: Descriptor): Promise<boolean>;
  openBlob(blob: Descriptor): Promise<Readable>;
  /** True when putBlob can mount blobs from `from` (same registry) instead of streaming them. */
  mountsFrom?(from: ImageStore): boolean;
  /** Streams the blob in; the store verifies its digest before making it visible. */
  putBlob(blob: Descriptor, from: ImageStore): Promise<BlobCopyResult>;
  /** Stores the manifest under a digest (children of an index) or a tag. */
  putManifest(reference: string, manifest: Manifest): Promise<void>;
  /** Manifests whose subject is this digest (signatures, SBOMs, attestations). */
  referrers(digest: string): Promise<Descriptor[]>;
}

export function parseManifest(manifest: Manifest, where: string): ParsedManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest.bytes.toString('utf8'));
  } catch {
    // reported below
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CouldNotRunError(`The manifest ${manifest.digest} of ${where} is not JSON.`);
  // The fields we walk must have their OCI types, or a broken manifest ends in a TypeError.
  const problem = shapeProblem(parsed as Record<string, unknown>);
  if (problem) throw new CouldNotRunError(`The manifest ${manifest.digest} of ${where} is not a valid image manifest: ${problem}; push the image again.`);
  return parsed as ParsedManifest;
}

const isDescriptor = (d: unknown): boolean => {
  if (!d || typeof d !== 'object' || Array.isArray(d)) return false;
  const { digest, size } = d as Record<string, unknown>;
  return typeof digest === 'string' && (size === undefined || typeof size === 'number');
};

function shapeProblem(m: Record<string, unknown>): string | undefined {
  for (const key of ['manifests', 'layers'] as const) {
    if (m[key] !== undefined && !(Array.isArray(m[key]) && m[key].every(isDescriptor))) return `"${key}" is not a list of descriptors with a digest`;
  }
  for (const key of ['config', 'subject'] as const) {
    if (m[key] !== undefined && !isDescriptor(m[key])) return `"${key}" is not a descriptor with a digest`;
  }
  const a = m.annotations;
  if (a !== undefined && (!a || typeof a !== 'object' || Array.isArray(a) || Object.values(a).some((v) => typeof v !== 'string'))) return '"annotations" is not a map of strings';
  return undefined;
}

/** The media type a manifest declares, or the one its server sent. */
export function mediaTypeOf(bytes: Buffer, served: string | undefined): string {
  const clean = served?.split(';')[0].trim();
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as ParsedManifest & { schemaVersion?: number };
    if (parsed.mediaType) return parsed.mediaType;
    if (parsed.schemaVersion === 1) return mediaTypes.dockerSchema1;
    if (clean && clean !== 'application/json' && clean !== 'text/plain') return clean;
    if (parsed.manifests) return mediaTypes.ociIndex;
    return mediaTypes.ociManifest;
  } catch {
    return clean ?? mediaTypes.ociManifest;
  }
}
