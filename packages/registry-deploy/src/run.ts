/**
 * registry-deploy: resolve the source to a digest, record what the target tag points at, copy the
 * image, move the tag and read it back; then pin files, deploy, verify health and what runs, and
 * roll back to the previous digest when the release is unhealthy.
 */
import { UsageError, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import type { RegistryDeployInputs } from './definition.ts';
import { copyAttachments, findAttachments } from './oci/attachments.ts';
import { copyManifest, emptyStats, refuseSchema1, type CopyStats } from './oci/promote.ts';
import type { ImageStore, Manifest } from './oci/store.ts';
import { formatReference, parseReference, repositoryName, type ImageReference } from './reference.ts';
import { Stores } from './stores.ts';
import { identify } from './image-config.ts';
import type { PinPlan } from './pin/pin.ts';
import { schemaGate } from './schema-gate.ts';
import { readLedgerView } from './ledger-watch.ts';

/** Where the digest a promotion replaced is kept, next to the tag: `<tag>.previous`. */
export function previousTag(tag: string): string {
  return `${tag.slice(0, 119)}.previous`;
}

export async function runRegistryDeploy(inputs: RegistryDeployInputs, ctx: CheckContext): Promise<CheckResult> {
  const target = parseReference(inputs.target!, '--target');
  const tag = target.tag!;
  const stores = new Stores({
    insecure: inputs.insecure,
    timeoutMs: inputs['registry-timeout'],
    username: inputs['registry-username'],
    password: inputs['registry-password'],
  });
  const source = inputs.source ? parseReference(inputs.source, '--source') : undefined;
  // Files are read and checked first: a wrong --service is exit 2 before anything moves.
  // YAML, pg and the command runner load only when a file, a command or a health check needs them.
  const pins: PinPlan =
    inputs['compose-file'] || inputs.pin.length > 0
      ? (await import('./pin/pin.ts')).planPins({ composeFile: inputs['compose-file'], service: inputs.service, pin: inputs.pin, target })
      : { files: [] };
  const src = source ? await stores.open(source, false) : undefined;
  const dst = await stores.open(target, true);

  const findings: Finding[] = [];
  const stats: Record<string, number | string | boolean> = {};
  const wanted = source && inputs['rollback-to'] === undefined ? (source.kind === 'registry' ? (source.digest ?? source.tag ?? 'latest') : await layoutSourceRef(src!, source)) : undefined;
  // What the target holds and what the source names are independent reads: one round trip for both,
  // with GET /v2/, which settles authentication for the streamed uploads later (a 401 on the reads
  // is answered like on any request).
  const [, before, sourceManifest] = await Promise.all([stores.ping(), dst.getManifest(tag), inputs['rollback-to'] === undefined ? src!.getManifest(wanted!) : undefined]);
  const previous = before?.digest;
  const object = formatReference(target);

  let release: Manifest;
  let recordPrevious: Promise<void> | undefined;
  if (inputs['rollback-to'] !== undefined) {
    release = await rollbackTarget(dst, target, inputs['rollback-to']);
    await dst.putManifest(tag, release);
  } else {
    const manifest = sourceManifest;
    if (!manifest) {
      throw new UsageError(`--source ${formatReference(source!)} does not exist: ${src!.name} has no ${wanted!.startsWith('sha256:') ? 'manifest' : 'tag'} ${wanted}; push it first or fix the tag.`);
    }
    if (source!.kind === 'registry' && source!.digest && source!.digest !== manifest.digest) {
      throw new UsageError(`--source ${formatReference(source!)} names digest ${source!.digest}, but the tag now points at ${manifest.digest}; drop the tag or the digest.`);
    }
    release = manifest;
    if (inputs.migrations) {
      const identity = await identify(src!, manifest);
      const schema = await schemaGate(inputs, ctx, `${formatReference(source!)}@${manifest.digest}`, identity.revision);
      findings.push(...schema);
      if (schema.some((f) => f.rule === 'schema-behind')) {
        return { findings, stats: { ...stats, digest: previous ?? '', previousDigest: previous ?? '', revision: identity.revision ?? '' }, outputs: outputsOf(target, previous ?? '', previous), summary: `refused: the live database is behind ${formatReference(source!)}; ${object} not moved` };
      }
    }
    refuseSchema1(src!, manifest);
    const copy = { ...emptyStats(), referrersCopied: 0, cosignTagsCopied: 0 };
    if (src!.name !== dst.name) {
      // Signatures and attestations are looked up while the image's blobs move; when there are
      // some, the image goes in by digest first, so that when the tag moves it is already signed there.
      const attachments = findAttachments(src!, manifest.digest);
      attachments.catch(() => undefined);
      await copyManifest(src!, dst, manifest, undefined, copy);
      const found = await attachments;
      if (found.length > 0) {
        await dst.putManifest(manifest.digest, manifest);
        copy.manifestsCopied++;
        await copyAttachments(src!, dst, found, copy);
      }
    }
    // The manifest is in the target repository now (or always was, within one repository): only the tag moves.
    await dst.putManifest(tag, manifest);
    copy.manifestsCopied++;
    Object.assign(stats, copy);
    if (before && previous !== manifest.digest) recordPrevious = dst.putManifest(previousTag(tag), before);
  }

  const [after] = await Promise.all([dst.resolveDigest(tag), recordPrevious]);
  if (after !== release.digest) {
    findings.push({
      rule: 'digest-mismatch',
      severity: 'error',
      object,
      message: `${object} resolves to ${after ?? 'nothing'} after the push, not ${release.digest}.`,
      fix: 'Find who else pushes this tag, then promote again.',
    });
    return { findings, stats, outputs: outputsOf(target, release.digest, previous), summary: `${object} does not resolve to the promoted digest` };
  }
  findings.push({
    rule: 'image-promoted',
    severity: 'notice',
    object,
    message:
      inputs['rollback-to'] !== undefined
        ? `${object} rolled back to ${release.digest} (was ${previous ?? 'nothing'}).`
        : `${object} now points at ${release.digest} (was ${previous ?? 'nothing'}); ${describeCopy(stats as unknown as CopyStats)}.`,
  });
  ctx.log.info(findings[findings.length - 1].message);

  const rollsOut = pins.files.length > 0 || inputs['deploy-command'] || inputs['health-url'].length > 0 || inputs['health-command'] || inputs['running-digest-command'];
  if (!rollsOut) {
    Object.assign(stats, { digest: release.digest, previousDigest: previous ?? '' });
    return { findings, stats, outputs: outputsOf(target, release.digest, previous), summary: `${object} → ${release.digest}` };
  }
  const current = await identify(dst, release);
  const ledgerBefore = inputs['database-url'] && inputs['rollback-to'] === undefined ? await readLedgerView(inputs['database-url'], ctx.log) : undefined;
  const { deployAndVerify } = await import('./deploy.ts');
  const deployed = await deployAndVerify(inputs, ctx, {
    target,
    dst,
    release: current,
    previous: inputs['rollback-to'] !== undefined ? undefined : previous,
    pins,
    findings,
    ledgerBefore,
  });
  Object.assign(stats, deployed.stats, { digest: deployed.finalDigest, previousDigest: previous ?? '' });
  return {
    findings,
    stats,
    outputs: outputsOf(target, deployed.finalDigest, previous),
    summary: deployed.summary ?? `${object} → ${release.digest}`,
  };
}

function outputsOf(target: ImageReference, digest: string, previous: string | undefined): Record<string, string> {
  return { digest, image: digest ? `${repositoryName(target)}@${digest}` : '', 'previous-digest': previous ?? '' };
}

function describeCopy(stats: CopyStats): string {
  const blobs = stats.blobsPresent + stats.blobsMounted + stats.blobsStreamed;
  if (blobs === 0) return 'no blob had to move';
  return `${stats.blobsStreamed} of ${blobs} blobs streamed (${stats.bytesStreamed} bytes), ${stats.blobsMounted} mounted, ${stats.blobsPresent} already there`;
}

/** A layout source without a tag is its only image; with several, the user must say which. */
async function layoutSourceRef(src: ImageStore, source: ImageReference): Promise<string> {
  if (source.kind !== 'oci') throw new Error('unreachable');
  if (source.tag) return source.tag;
  const { LayoutStore } = await import('./oci/layout-store.ts');
  const tags = (src as InstanceType<typeof LayoutStore>).tags();
  if (tags.length === 1) return tags[0];
  throw new UsageError(`--source oci:${source.dir} holds ${tags.length === 0 ? 'no tagged image' : `several images (${tags.slice(0, 5).join(', ')})`}; name one as oci:${source.dir}:TAG.`);
}

/** --rollback-to previous reads `<tag>.previous`; a digest must exist in the target repository. */
async function rollbackTarget(dst: ImageStore, target: ImageReference, to: string): Promise<Manifest> {
  const reference = to === 'previous' ? previousTag(target.tag!) : to;
  const manifest = await dst.getManifest(reference);
  if (manifest) return manifest;
  if (to === 'previous') {
    throw new UsageError(`--rollback-to previous: ${dst.name} has no ${reference} tag (written by a promotion that replaced another digest); roll back with --rollback-to sha256:....`);
  }
  throw new UsageError(`--rollback-to ${to}: ${dst.name} has no manifest with that digest; name a digest this repository holds.`);
}

