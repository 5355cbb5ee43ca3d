/**
 * Copies an image, or an index and every platform image in it, from one store to another: blobs
 * first (in parallel, skipped when present, mounted or streamed by the target), then each child
 * manifest by digest, then the top manifest under the tag. Manifests are copied as their exact
 * bytes, so the target's digest is the source's.
 */
import { CouldNotRunError } from '@preflight/core';
import { isIndex, mediaTypes, parseManifest, type Descriptor, type ImageStore, type Manifest } from './store.ts';

export interface CopyStats {
  blobsPresent: number;
  blobsMounted: number;
  blobsStreamed: number;
  bytesStreamed: number;
  manifestsCopied: number;
}

export function emptyStats(): CopyStats {
  return { blobsPresent: 0, blobsMounted: 0, blobsStreamed: 0, bytesStreamed: 0, manifestsCopied: 0 };
}

/** How many blobs stream at once: layers in parallel, without opening dozens of connections. */
const parallelBlobs = 4;
/** Mounts are one small request each: all of an image's blobs at once, within the agent's 8 sockets. */
const parallelMounts = 8;

/**
 * Copies everything `manifest` references, then stores it under `reference` (a tag or its digest);
 * with no reference, only what it references (the caller stores it).
 */
export async function copyManifest(src: ImageStore, dst: ImageStore, manifest: Manifest, reference: string | undefined, stats: CopyStats): Promise<void> {
  refuseSchema1(src, manifest);
  // A registry accepts a manifest only when it has every blob, so a manifest present means its tree is.
  const present = (await dst.resolveDigest(manifest.digest)) === manifest.digest;
  if (!present) {
    const parsed = parseManifest(manifest, src.name);
    if (isIndex(manifest.mediaType)) {
      for (const child of parsed.manifests ?? []) {
        const childManifest = await src.getManifest(child.digest);
        if (!childManifest) {
          throw new CouldNotRunError(`${src.name} lists ${child.digest}${platformOf(child)} in index ${manifest.digest} but does not have it; push every platform of the image.`);
        }
        await copyManifest(src, dst, childManifest, child.digest, stats);
      }
    } else {
      const blobs = [parsed.config, ...(parsed.layers ?? [])].filter((b): b is Descriptor => Boolean(b?.digest));
      await inParallel(unique(blobs), dst.mountsFrom?.(src) ? parallelMounts : parallelBlobs, async (blob) => {
        const result = await dst.putBlob(blob, src);
        if (result.how === 'present') stats.blobsPresent++;
        else if (result.how === 'mounted') stats.blobsMounted++;
        else {
          stats.blobsStreamed++;
          stats.bytesStreamed += result.bytes;
        }
      });
    }
  }
  if (reference === undefined || (present && reference === manifest.digest)) return;
  await dst.putManifest(reference, manifest);
  stats.manifestsCopied++;
}

export function refuseSchema1(src: ImageStore, manifest: Manifest): void {
  if (manifest.mediaType === mediaTypes.dockerSchema1 || manifest.mediaType === mediaTypes.dockerSchema1Signed) {
    throw new CouldNotRunError(`${src.name} serves ${manifest.digest} as a Docker schema 1 manifest, which registries no longer accept; rebuild and push the image with a current docker or buildah.`);
  }
}

function unique(blobs: Descriptor[]): Descriptor[] {
  const seen = new Set<string>();
  return blobs.filter((b) => !seen.has(b.digest) && seen.add(b.digest));
}

function platformOf(d: Descriptor): string {
  return d.platform ? ` (${[d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('/')})` : '';
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < items.length && failed === undefined) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
}
