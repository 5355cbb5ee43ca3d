/**
 * One repository of a registry as an ImageStore (OCI Distribution spec): manifests by tag or
 * digest, blobs checked with HEAD, mounted from another repository of the same registry
 * (`?mount=&from=`), otherwise streamed in chunked PATCH uploads so no blob is ever held in memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { CouldNotRunError } from '@preflight/core';
import { discard, readBody, send } from './http.ts';
import type { Piece, PooledBody } from './blob-reader.ts';
import type { RegistryClient } from './registry-client.ts';
import { manifestAccept, mediaTypeOf, sha256, type BlobCopyResult, type Descriptor, type ImageStore, type Manifest } from './store.ts';

/**
 * Upload chunk: big enough that a 2 GB layer is ~64 requests, small enough to retry cheaply.
 * PREFLIGHT_UPLOAD_CHUNK_BYTES overrides it (tests use a tiny one to see several chunks).
 */
export function chunkSize(): number {
  return Number(process.env.PREFLIGHT_UPLOAD_CHUNK_BYTES) || 32 * 1024 * 1024;
}

export class RegistryStore implements ImageStore {
  readonly name: string;

  constructor(
    readonly client: RegistryClient,
    readonly repository: string,
    push: boolean,
  ) {
    this.name = `${client.host}/${repository}`;
    client.addScope(`repository:${repository}:${push ? 'pull,push' : 'pull'}`);
  }

  private path(kind: 'manifests' | 'blobs', reference: string): string {
    return `/v2/${this.repository}/${kind}/${reference}`;
  }

  async getManifest(reference: string): Promise<Manifest | undefined> {
    const res = await this.client.request('GET', this.path('manifests', reference), { Accept: manifestAccept });
    if (res.statusCode === 404) return discard(res), undefined;
    await this.expectOk(res, `GET manifest ${reference}`);
    const bytes = await readBody(res);
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new CouldNotRunError(`${this.name} served manifest ${reference} with content whose digest is ${digest}; the registry is corrupt or in the middle of a change.`);
    }
    return { digest, mediaType: mediaTypeOf(bytes, res.headers['content-type']), bytes };
  }

  async resolveDigest(reference: string): Promise<string | undefined> {
    const res = await this.client.request('HEAD', this.path('manifests', reference), { Accept: manifestAccept });
    discard(res);
    if (res.statusCode === 404) return undefined;
    const header = res.headers['docker-content-digest'];
    if (res.statusCode === 200 && typeof header === 'string' && header.startsWith('sha256:')) return header;
    if (res.statusCode !== 200 && res.statusCode !== 405) await this.expectOk(res, `HEAD manifest ${reference}`);
    return (await this.getManifest(reference))?.digest;
  }

  async hasBlob(blob: Descriptor): Promise<boolean> {
    const res = await this.client.request('HEAD', this.path('blobs', blob.digest));
    discard(res);
    if (res.statusCode === 404) return false;
    await this.expectOk(res, `HEAD blob ${blob.digest}`);
    return true;
  }

  async openBlob(blob: Descriptor): Promise<Readable> {
    let res = await this.client.request('GET', this.path('blobs', blob.digest));
    // Registries redirect blob reads to their storage (S3, GCS); the signed URL needs no credentials of ours.
    for (let hops = 0; res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && hops < 5; hops++) {
      discard(res);
      const url = new URL(res.headers.location, this.client.url(this.path('blobs', blob.digest)));
      res = await send({ method: 'GET', url, timeoutMs: this.client.timeoutMs, what: `the storage behind ${this.client.host}` });
    }
    if (res.statusCode === 404) {
      discard(res);
      throw new CouldNotRunError(`${this.name} lists blob ${blob.digest} in a manifest but does not have it; the source image is incomplete.`);
    }
    await this.expectOk(res, `GET blob ${blob.digest}`);
    return res;
  }

  /** Another repository of the same registry: its blobs can be mounted instead of streamed. */
  mountsFrom(from: ImageStore): boolean {
    return from instanceof RegistryStore && from.client.host === this.client.host && from.repository !== this.repository;
  }

  async putBlob(blob: Descriptor, from: ImageStore): Promise<BlobCopyResult> {
    let location: string | undefined;
    if (from instanceof RegistryStore && this.mountsFrom(from)) {
      // The mount alone answers 201 when the blob is already here too, so no HEAD before it.
      this.client.addScope(`repository:${from.repository}:pull`);
      const query = new URLSearchParams({ mount: blob.digest, from: from.repository });
      const res = await this.client.request('POST', `/v2/${this.repository}/blobs/uploads/?${query}`, { 'Content-Length': 0 });
      discard(res);
      if (res.statusCode === 201) return { how: 'mounted', bytes: 0 };
      // 202: the registry could not mount (another storage, no access to `from`) and opened an upload instead.
      if (res.statusCode === 202 && res.headers.location) location = res.headers.location;
      else await this.expectOk(res, `mount blob ${blob.digest}`);
    }
    if (await this.hasBlob(blob)) return { how: 'present', bytes: 0 };
    if (!location) {
      const res = await this.client.request('POST', `/v2/${this.repository}/blobs/uploads/`, { 'Content-Length': 0 });
      discard(res);
      if (res.statusCode !== 202 || !res.headers.location) await this.expectOk(res, `start upload of ${blob.digest}`, 202);
      location = res.headers.location!;
    }
    const source = from instanceof RegistryStore ? await from.openPieces(blob) : piecesOf(await from.openBlob(blob));
    location = await this.uploadChunks(source, blob, location);
    const done = new URL(location, this.client.base);
    done.searchParams.set('digest', blob.digest);
    // The registry hashes what it received and refuses the upload (400 DIGEST_INVALID) unless it is this blob.
    const res = await this.client.request('PUT', done, { 'Content-Length': 0 });
    discard(res);
    if (res.statusCode !== 201) await this.expectOk(res, `finish upload of ${blob.digest}`, 201);
    return { how: 'streamed', bytes: blob.size };
  }

  /** The blob's bytes in reused buffers when the registry answers plainly, else through node:http. */
  async openPieces(blob: Descriptor): Promise<PieceSource> {
    const { pooledGet } = await import('./blob-reader.ts');
    const pooled = await pooledGet({ url: this.client.url(this.path('blobs', blob.digest)), headers: await this.client.authHeader(), timeoutMs: this.client.timeoutMs, what: this.client.what });
    if (!pooled) return piecesOf(await this.openBlob(blob));
    if (pooled.length !== blob.size) {
      pooled.destroy();
      throw new CouldNotRunError(`${this.name} serves blob ${blob.digest} with ${pooled.length} bytes; its descriptor says ${blob.size}.`);
    }
    return pooled;
  }

  /** PATCH chunks of at most chunkSize, each streamed straight from the source as it arrives. */
  private async uploadChunks(source: PieceSource, blob: Descriptor, start: string): Promise<string> {
    let location = start;
    let offset = 0;
    let current: { open: Awaited<ReturnType<RegistryClient['open']>>; length: number; written: number } | undefined;
    const finishChunk = async () => {
      const { open } = current!;
      open.request.end();
      const res = await open.response;
      discard(res);
      if (res.statusCode !== 202) await this.expectOk(res, `upload ${blob.digest}`, 202);
      location = res.headers.location ?? location;
      offset += current!.length;
      current = undefined;
    };
    try {
      for await (const piece of source) {
        let rest = piece.bytes;
        // A piece split over two PATCH requests goes back to the source once both parts are written.
        let writes = 1;
        const written = () => --writes === 0 && piece.release();
        while (rest.length > 0) {
          if (!current) {
            const length = Math.min(chunkSize(), Math.max(blob.size - offset, rest.length));
            const open = await this.client.open('PATCH', new URL(location, this.client.base), {
              'Content-Type': 'application/octet-stream',
              'Content-Length': length,
              'Content-Range': `${offset}-${offset + length - 1}`,
            });
            current = { open, length, written: 0 };
          }
          const part = rest.subarray(0, current.length - current.written);
          rest = rest.subarray(part.length);
          current.written += part.length;
          if (rest.length > 0) writes++;
          if (!current.open.request.write(part, written)) {
            const failed = current.open.response.then((r) => {
              throw new CouldNotRunError(`${this.name} answered HTTP ${r.statusCode} in the middle of uploading ${blob.digest}.`);
            });
            await Promise.race([new Promise((resolve) => current!.open.request.once('drain', resolve)), failed]);
          }
          if (current.written === current.length) await finishChunk();
        }
      }
      if (current) throw new CouldNotRunError(`The source of ${blob.digest} ended after ${offset + current.written} of ${blob.size} bytes.`);
    } catch (error) {
      current?.open.request.destroy();
      source.destroy();
      throw error;
    }
    if (offset !== blob.size) throw new CouldNotRunError(`The source of ${blob.digest} sent ${offset} bytes; its descriptor says ${blob.size}.`);
    return location;
  }

  async putManifest(reference: string, manifest: Manifest): Promise<void> {
    const res = await this.client.request('PUT', this.path('manifests', reference), { 'Content-Type': manifest.mediaType }, manifest.bytes);
    const body = await readBody(res).catch(() => Buffer.alloc(0));
    if (res.statusCode !== 201 && res.statusCode !== 200) {
      throw new CouldNotRunError(`${this.name} refused the manifest for ${reference} (HTTP ${res.statusCode}${registryError(body)}).`);
    }
  }

  async referrers(digest: string): Promise<Descriptor[]> {
    const res = await this.client.request('GET', `/v2/${this.repository}/referrers/${digest}`, { Accept: 'application/vnd.oci.image.index.v1+json' });
    if (res.statusCode === 200 && /json/.test(String(res.headers['content-type']))) {
      const body = await readBody(res);
      try {
        return ((JSON.parse(body.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? []).filter((d) => d && d.digest);
      } catch {
        return [];
      }
    }
    discard(res);
    return [];
  }

  private async expectOk(res: IncomingMessage, what: string, ok = 200): Promise<void> {
    if (res.statusCode === ok) return;
    if (res.statusCode === 401) throw this.client.refused(401);
    const body = await readBody(res).catch(() => Buffer.alloc(0));
    if (res.statusCode === 403) {
      throw new CouldNotRunError(`${this.name} denied ${what} (HTTP 403${registryError(body)}); the credentials may read but not write here, or the repository does not exist.`);
    }
    throw new CouldNotRunError(`${this.name} answered HTTP ${res.statusCode} to ${what}${registryError(body) ? ` (${registryError(body).slice(2)})` : ''}.`);
  }
}

/** Where an upload reads from: pieces of the blob, each handed back once it is written out. */
type PieceSource = AsyncIterable<Piece> & Pick<PooledBody, 'destroy'>;

/** A stream's chunks as pieces: node:http and files allocate a buffer per chunk, so release is a no-op. */
function piecesOf(stream: Readable): PieceSource {
  const release = () => undefined;
  return {
    async *[Symbol.asyncIterator]() {
      for await (const bytes of stream as AsyncIterable<Buffer>) yield { bytes, release };
    },
    destroy: () => stream.destroy(),
  };
}

/** The first error code and message of an OCI error document: ", MANIFEST_INVALID: ...". */
function registryError(body: Buffer): string {
  try {
    const errors = (JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> }).errors;
    if (errors?.[0]) return `, ${errors[0].code ?? ''}: ${(errors[0].message ?? '').slice(0, 120)}`;
  } catch {
    // not JSON
  }
  return '';
}
