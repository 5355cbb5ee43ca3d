/**
 * Signatures and attestations travel with the image, so a signed image stays signed where it is
 * promoted to: OCI referrers (the referrers API, else the `sha256-<hex>` fallback tag of OCI
 * 1.1) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom` tags. Finding them is six reads of the
 * source, sent at once (and while the image's blobs move), since most images have none.
 */
import { copyManifest, type CopyStats } from './promote.ts';
import type { ImageStore, Manifest } from './store.ts';

export const cosignSuffixes = ['sig', 'att', 'sbom'] as const;

export interface AttachmentStats {
  referrersCopied: number;
  cosignTagsCopied: number;
}

export interface Attachment {
  manifest: Manifest;
  /** The tag it is copied under (fallback and cosign tags), or its digest (referrers). */
  reference: string;
  kind: 'referrer' | 'cosign';
}

export async function findAttachments(src: ImageStore, digest: string): Promise<Attachment[]> {
  const hex = digest.replace(/^sha256:/, '');
  const fromApi = (async () => {
    const seen = new Set<string>();
    const referrers = (await src.referrers(digest)).filter((r) => !seen.has(r.digest) && seen.add(r.digest));
    const manifests = await Promise.all(referrers.map((r) => src.getManifest(r.digest)));
    return manifests.filter((m): m is Manifest => Boolean(m)).map((manifest): Attachment => ({ manifest, reference: manifest.digest, kind: 'referrer' }));
  })();
  // The OCI 1.1 fallback for registries without the referrers API, and cosign's own tags.
  const tags = [`sha256-${hex}`, ...cosignSuffixes.map((s) => `sha256-${hex}.${s}`)];
  const tagged = Promise.all(tags.map(async (tag) => ({ tag, manifest: await src.getManifest(tag) })));
  const [api, byTag] = await Promise.all([fromApi, tagged]);
  return [
    ...api,
    ...byTag.flatMap(({ tag, manifest }): Attachment[] => (manifest ? [{ manifest, reference: tag, kind: tag.includes('.') ? 'cosign' : 'referrer' }] : [])),
  ];
}

export async function copyAttachments(src: ImageStore, dst: ImageStore, found: Attachment[], stats: CopyStats & AttachmentStats): Promise<void> {
  for (const { manifest, reference, kind } of found) {
    await copyManifest(src, dst, manifest, reference, stats);
    if (kind === 'cosign') stats.cosignTagsCopied++;
    else stats.referrersCopied++;
  }
}
