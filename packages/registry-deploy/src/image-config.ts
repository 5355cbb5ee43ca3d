/**
 * What identifies a promoted image besides its manifest digest: each platform's manifest digest
 * and config digest (what `docker inspect --format '{{.Image}}'` prints on the classic store), and
 * the commit it was built from (`org.opencontainers.image.revision`).
 */
import { readBody } from './oci/http.ts';
import { isIndex, parseManifest, type ImageStore, type Manifest } from './oci/store.ts';

export interface ImageIdentity {
  digest: string;
  /** The index and every platform manifest. */
  manifestDigests: string[];
  configDigests: string[];
  revision?: string;
}

export const revisionLabel = 'org.opencontainers.image.revision';

export async function identify(store: ImageStore, manifest: Manifest): Promise<ImageIdentity> {
  const out: ImageIdentity = { digest: manifest.digest, manifestDigests: [manifest.digest], configDigests: [] };
  const images: Manifest[] = [];
  const parsed = parseManifest(manifest, store.name);
  out.revision = parsed.annotations?.[revisionLabel];
  if (isIndex(manifest.mediaType)) {
    for (const child of parsed.manifests ?? []) {
      out.manifestDigests.push(child.digest);
      const m = await store.getManifest(child.digest);
      if (m) images.push(m);
    }
  } else images.push(manifest);
  for (const image of images) {
    const p = parseManifest(image, store.name);
    if (!p.config?.digest) continue;
    out.configDigests.push(p.config.digest);
    out.revision ??= p.annotations?.[revisionLabel];
    if (out.revision === undefined && p.config.size < 4 * 1024 * 1024) {
      try {
        const stream = await store.openBlob(p.config);
        const text = (await readBody(stream as never)).toString('utf8');
        const config = JSON.parse(text) as { config?: { Labels?: Record<string, string> } };
        out.revision = config.config?.Labels?.[revisionLabel];
      } catch {
        // an artifact's config is not an image config: no revision
      }
    }
  }
  return out;
}
