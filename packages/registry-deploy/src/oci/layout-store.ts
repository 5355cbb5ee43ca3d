/**
 * An OCI image layout directory (image-spec layout.md) as an ImageStore: `oci-layout`,
 * `index.json` (tags are `org.opencontainers.image.ref.name` annotations, as skopeo writes them)
 * and `blobs/sha256/<hex>`. Blobs are written to a temporary file, hashed while they stream and
 * renamed into place only when the digest matches; index.json is replaced atomically.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CouldNotRunError, UsageError } from '@preflight/core';
import { mediaTypeOf, sha256, type BlobCopyResult, type Descriptor, type ImageStore, type Manifest } from './store.ts';

export const refNameAnnotation = 'org.opencontainers.image.ref.name';

interface LayoutIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  [key: string]: unknown;
}

export class LayoutStore implements ImageStore {
  readonly name: string;

  constructor(
    readonly dir: string,
    create: boolean,
  ) {
    this.name = `oci:${dir}`;
    if (!existsSync(join(dir, 'index.json'))) {
      if (!create) throw new UsageError(`oci:${dir} is not an OCI image layout (no index.json there); check the path, or write one with skopeo copy ... oci:${dir}:TAG.`);
    }
  }

  private blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':');
    if (!/^[a-f0-9]{64}$/.test(hex ?? '') || algorithm !== 'sha256') throw new CouldNotRunError(`${this.name} lists a blob digest that is not sha256: ${digest.slice(0, 80)}.`);
    return join(this.dir, 'blobs', algorithm, hex);
  }

  readIndex(): LayoutIndex {
    const path = join(this.dir, 'index.json');
    if (!existsSync(path)) return { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] };
    try {
      const index = JSON.parse(readFileSync(path, 'utf8')) as LayoutIndex;
      if (!Array.isArray(index.manifests)) throw new Error('no manifests');
      return index;
    } catch {
      throw new UsageError(`${path} is not an OCI image index (JSON with a manifests list); rewrite the layout with skopeo copy.`);
    }
  }

  /** Tags of the layout, in index order. */
  tags(): string[] {
    return this.readIndex()
      .manifests.map((d) => d.annotations?.[refNameAnnotation])
      .filter((t): t is string => Boolean(t));
  }

  private descriptorFor(reference: string): Descriptor | undefined {
    const index = this.readIndex();
    if (reference.startsWith('sha256:')) return index.manifests.find((d) => d.digest === reference) ?? { mediaType: '', digest: reference, size: 0 };
    return index.manifests.find((d) => d.annotations?.[refNameAnnotation] === reference);
  }

  async getManifest(reference: string): Promise<Manifest | undefined> {
    const descriptor = this.descriptorFor(reference);
    if (!descriptor) return undefined;
    const path = this.blobPath(descriptor.digest);
    if (!existsSync(path)) {
      if (reference.startsWith('sha256:')) return undefined;
      throw new CouldNotRunError(`${this.name}:${reference} points at ${descriptor.digest}, which is missing from blobs/sha256; the layout is incomplete.`);
    }
    const bytes = readFileSync(path);
    const digest = sha256(bytes);
    if (digest !== descriptor.digest) throw new CouldNotRunError(`${this.name} blob ${descriptor.digest} has content whose digest is ${digest}; the layout is corrupt.`);
    return { digest, mediaType: descriptor.mediaType || mediaTypeOf(bytes, undefined), bytes };
  }

  async resolveDigest(reference: string): Promise<string | undefined> {
    if (reference.startsWith('sha256:')) return existsSync(this.blobPath(reference)) ? reference : undefined;
    return this.descriptorFor(reference)?.digest;
  }

  async hasBlob(blob: Descriptor): Promise<boolean> {
    const path = this.blobPath(blob.digest);
    return existsSync(path) && statSync(path).size === blob.size;
  }

  async openBlob(blob: Descriptor): Promise<Readable> {
    const path = this.blobPath(blob.digest);
    if (!existsSync(path)) throw new CouldNotRunError(`${this.name} lists blob ${blob.digest} in a manifest but blobs/sha256 does not have it; the source image is incomplete.`);
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async putBlob(blob: Descriptor, from: ImageStore): Promise<BlobCopyResult> {
    if (await this.hasBlob(blob)) return { how: 'present', bytes: 0 };
    await this.writeBlob(blob.digest, await from.openBlob(blob));
    return { how: 'streamed', bytes: blob.size };
  }

  private async writeBlob(digest: string, source: Readable | Buffer): Promise<void> {
    const path = this.blobPath(digest);
    mkdirSync(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    this.ensureLayoutFile();
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const hash = createHash('sha256');
    try {
      if (Buffer.isBuffer(source)) {
        hash.update(source);
        writeFileSync(temp, source);
      } else {
        await pipeline(
          source,
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              hash.update(chunk);
              yield chunk;
            }
          },
          createWriteStream(temp),
        );
      }
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== digest) throw new CouldNotRunError(`The content copied for ${digest} has digest ${got}; the source served something else. Nothing was written for it.`);
      renameSync(temp, path);
    } finally {
      if (existsSync(temp)) unlinkSync(temp);
    }
  }

  private ensureLayoutFile(): void {
    const path = join(this.dir, 'oci-layout');
    if (!existsSync(path)) writeFileSync(path, '{"imageLayoutVersion":"1.0.0"}');
  }

  async putManifest(reference: string, manifest: Manifest): Promise<void> {
    if (!existsSync(this.blobPath(manifest.digest))) await this.writeBlob(manifest.digest, manifest.bytes);
    const index = this.readIndex();
    if (reference.startsWith('sha256:')) {
      // A referrer (it has a subject) is found through the index, untagged, as image-spec 1.1 lists them.
      if (/"subject"\s*:/.test(manifest.bytes.toString('utf8')) && !index.manifests.some((d) => d.digest === manifest.digest)) {
        index.manifests.push({ mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length });
        this.writeIndex(index);
      }
      return;
    }
    const descriptor: Descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, annotations: { [refNameAnnotation]: reference } };
    const at = index.manifests.findIndex((d) => d.annotations?.[refNameAnnotation] === reference);
    if (at >= 0) index.manifests[at] = { ...index.manifests[at], ...descriptor, annotations: { ...index.manifests[at].annotations, [refNameAnnotation]: reference } };
    else index.manifests.push(descriptor);
    this.writeIndex(index);
  }

  private writeIndex(index: LayoutIndex): void {
    mkdirSync(this.dir, { recursive: true });
    this.ensureLayoutFile();
    const path = join(this.dir, 'index.json');
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, `${JSON.stringify(index)}\n`);
    renameSync(temp, path);
  }

  async referrers(digest: string): Promise<Descriptor[]> {
    // A layout has no referrers API; its index lists referrers by their subject (image-spec 1.1).
    const out: Descriptor[] = [];
    for (const d of this.readIndex().manifests) {
      if (d.annotations?.[refNameAnnotation]) continue;
      const manifest = await this.getManifest(d.digest);
      if (!manifest) continue;
      try {
        const parsed = JSON.parse(manifest.bytes.toString('utf8')) as { subject?: Descriptor };
        if (parsed.subject?.digest === digest) out.push(d);
      } catch {
        // not a manifest we understand
      }
    }
    return out;
  }
}
