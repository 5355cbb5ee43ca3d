/**
 * Signatures and attestations travel with the image, so a signed image stays signed where it is
 * promoted to: OCI referrers (the referrers API, else the `sha256-<hex>` fallback tag of OCI
 * 1.1) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom` tags.
 */
import { copyManifest, type CopyStats } from './promote.ts';
import type { ImageStore } from './store.ts';

export const cosignSuffixes = ['sig', 'att', 'sbom'] as const;

export interface AttachmentStats {
  referrersCopied: number;
  cosignTagsCopied: number;
}

export async function copyAttachments(src: ImageStore, dst: ImageStore, digest: string, stats: CopyStats & AttachmentStats): Promise<void> {
  const hex = digest.replace(/^sha256:/, '');
  const seen = new Set<string>();
  for (const referrer of await src.referrers(digest)) {
    if (seen.has(referrer.digest)) continue;
    seen.add(referrer.digest);
    const manifest = await src.getManifest(referrer.digest);
    if (!manifest) continue;
    await copyManifest(src, dst, manifest, manifest.digest, stats);
    stats.referrersCopied++;
  }
  // The OCI 1.1 fallback for registries without the referrers API, and cosign's own tags.
  for (const tag of [`sha256-${hex}`, ...cosignSuffixes.map((s) => `sha256-${hex}.${s}`)]) {
    const manifest = await src.getManifest(tag);
    if (!manifest) continue;
    await copyManifest(src, dst, manifest, tag, stats);
    if (tag.includes('.')) stats.cosignTagsCopied++;
    else stats.referrersCopied++;
  }
}
