/**
 * Pins files to the promoted digest: a compose service's `image:`, Kubernetes containers'
 * `image:` and kustomization `images:` entries of the target repository become
 * `repo:tag@sha256:...`. Files are read and checked before the tag moves (a typo in --service is
 * exit 2 with nothing changed) and written after it, each atomically; only the image scalars
 * change, byte for byte everything else stays (yaml-edit.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError, writeUnmaskedFileAtomic } from '@preflight/core';
import type { Finding } from '@preflight/core';
import { pinImage } from '@preflight/compose';
import { type Node, type Scalar, type YAMLMap } from 'yaml';
import { dockerHub, parseReference, type ImageReference } from '../reference.ts';
import { addMapItem, isMap, isScalar, isSeq, lineOf, parseYamlFile, serialize, setScalar, type YamlFile } from './yaml-edit.ts';

interface PinSite {
  /** `services.web.image`, `spec.template.spec.containers[0].image`, `images[0]`. */
  where: string;
  line: number;
  apply(pinned: string, digest: string): void;
}

type SiteFinder = (file: YamlFile) => PinSite[];

export interface PinPlan {
  /** Each file's original text, and how to find its sites in a parse of it. */
  files: Array<{ file: YamlFile; sites: PinSite[]; find: SiteFinder; input: string; compose?: string }>;
}

/** The image as pinned files write it: the target as the user wrote it, plus the digest. */
export function pinnedImage(targetText: string, digest: string): string {
  return `${targetText.trim().replace(/@sha256:[a-f0-9]{64}$/, '')}@${digest}`;
}

function read(path: string, input: string): string {
  if (!existsSync(path)) throw new UsageError(`${input} ${path} does not exist; give the path of the file to pin.`);
  return readFileSync(path, 'utf8');
}

export function planPins(opts: { composeFile?: string; service?: string; pin: string[]; target: ImageReference }): PinPlan {
  const plan: PinPlan = { files: [] };
  if (opts.composeFile) {
    const file = parseYamlFile(opts.composeFile, read(opts.composeFile, '--compose-file'), '--compose-file');
    const find = composeFinder(opts.service!);
    // @preflight/compose's pinImage does the edit: it also refuses files compose itself would
    // refuse, and anchors shared with other services. Tried now, so a refusal comes before the tag
    // moves; our own finder then names the services when --service is wrong, and the line.
    try {
      pinImage(file.text, opts.service!, `${repoText(opts.target)}@sha256:${'0'.repeat(64)}`, opts.composeFile);
    } catch (error) {
      if (!(error instanceof UsageError) || !/has no service|no mapping/.test(error.message)) throw error;
    }
    const sites = find(file);
    plan.files.push({ file, sites, find, input: '--compose-file', compose: opts.service });
  }
  for (const path of opts.pin) {
    const file = parseYamlFile(path, read(path, '--pin'), '--pin');
    const find = kubernetesFinder(opts.target);
    const sites = find(file);
    if (sites.length === 0) {
      throw new UsageError(`--pin ${path} has no container image or kustomization images: entry of ${repoText(opts.target)}; point --pin at the file that deploys it.`);
    }
    plan.files.push({ file, sites, find, input: '--pin' });
  }
  return plan;
}

/** Writes every planned file with `pinned`; returns one finding per file. */
export function applyPins(plan: PinPlan, pinned: string, digest: string): Finding[] {
  const findings: Finding[] = [];
  for (const { file, sites, find, input, compose } of plan.files) {
    // From the original text each time, so a rollback pins from the same starting point.
    if (compose !== undefined) writeAtomic(file.path, pinImage(file.text, compose, pinned, file.path));
    else {
      const fresh = parseYamlFile(file.path, file.text, input);
      for (const site of find(fresh)) site.apply(pinned, digest);
      writeAtomic(file.path, serialize(fresh));
    }
    findings.push({
      rule: 'file-pinned',
      severity: 'notice',
      object: `${file.path}:${sites[0].where}`,
      file: file.path,
      line: sites[0].line,
      message: `${sites.map((s) => s.where).join(', ')} now ${sites.length === 1 ? 'is' : 'are'} ${pinned}.`,
    });
  }
  return findings;
}

function composeFinder(service: string): SiteFinder {
  return (f: YamlFile): PinSite[] => {
    const doc = f.docs[0];
    const services = doc?.get('services', true) as Node | undefined;
    if (!services || !isMap(services)) throw new UsageError(`--compose-file ${f.path} has no services: map; give the compose file that defines ${service}.`);
    const svc = (services as YAMLMap).get(service, true) as Node | undefined;
    if (!svc || !isMap(svc)) {
      const names = (services as YAMLMap).items.map((i) => String(isScalar(i.key) ? i.key.value : i.key)).slice(0, 10);
      throw new UsageError(`--service ${service} is not a service of ${f.path} (services: ${names.join(', ')}); name the one that runs the image.`);
    }
    const image = (svc as YAMLMap).get('image', true) as Node | undefined;
    if (!image || !isScalar(image)) {
      throw new UsageError(`Service ${service} in ${f.path} has no image: to pin (it only builds?); add image: with the target repository.`);
    }
    return [{ where: `services.${service}.image`, line: lineOf(f, image), apply: (pinned) => setScalar(image as Scalar, pinned) }];
  };
}

function repoKey(ref: ImageReference): string {
  return ref.kind === 'oci' ? `oci:${ref.dir}` : `${ref.host === dockerHub ? dockerHub : ref.host}/${ref.repository}`;
}

function repoText(ref: ImageReference): string {
  return repoKey(ref);
}

function sameRepository(image: unknown, target: ImageReference): boolean {
  if (typeof image !== 'string') return false;
  try {
    return repoKey(parseReference(image, 'image')) === repoKey(target);
  } catch {
    return false;
  }
}

const containerKeys = ['containers', 'initContainers', 'ephemeralContainers'];

function kubernetesFinder(target: ImageReference): SiteFinder {
  return (f: YamlFile): PinSite[] => {
    const sites: PinSite[] = [];
    f.docs.forEach((doc, d) => {
      const prefix = f.docs.length > 1 ? `doc${d + 1}.` : '';
      const kustomization = isMap(doc.contents) && (doc.contents as YAMLMap).has('images') && /kustomization/i.test(String(doc.get('kind') ?? 'Kustomization')) && !doc.has('spec');
      if (kustomization) {
        const images = doc.get('images', true) as Node | undefined;
        if (images && isSeq(images)) {
          images.items.forEach((item, i) => {
            if (!isMap(item)) return;
            const map = item as YAMLMap;
            const name = map.get('newName') ?? map.get('name');
            if (!sameRepository(name, target)) return;
            const line = lineOf(f, item as Node);
            sites.push({
              where: `${prefix}images[${i}]`,
              line,
              apply: (_pinned, digest) => {
                const tag = target.tag;
                const newTag = map.get('newTag', true) as Node | undefined;
                if (newTag && isScalar(newTag) && tag) setScalar(newTag as Scalar, tag);
                const current = map.get('digest', true) as Node | undefined;
                if (current && isScalar(current)) setScalar(current as Scalar, digest);
                else if (!addMapItem(map, 'digest', digest)) throw new UsageError(`--pin ${f.path}:${line} images[${i}] is written in flow style; write it as a block map so digest: can be added.`);
              },
            });
          });
        }
      }
      walk(doc.contents as Node | null, '', (node, path) => {
        if (!isMap(node)) return;
        for (const key of containerKeys) {
          const list = (node as YAMLMap).get(key, true) as Node | undefined;
          if (!list || !isSeq(list)) continue;
          list.items.forEach((c, i) => {
            if (!isMap(c)) return;
            const image = (c as YAMLMap).get('image', true) as Node | undefined;
            if (!image || !isScalar(image) || !sameRepository(image.value, target)) return;
            sites.push({ where: `${prefix}${path}${path ? '.' : ''}${key}[${i}].image`, line: lineOf(f, image), apply: (pinned) => setScalar(image as Scalar, pinned) });
          });
        }
      });
    });
    return sites.sort((a, b) => a.line - b.line);
  };
}

function walk(node: Node | null, path: string, visit: (node: Node, path: string) => void): void {
  if (!node) return;
  visit(node, path);
  if (isMap(node)) {
    for (const item of (node as YAMLMap).items) {
      const key = isScalar(item.key) ? String(item.key.value) : '?';
      walk(item.value as Node | null, path ? `${path}.${key}` : key, visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`, visit));
  }
}

function writeAtomic(path: string, text: string): void {
  // The user's own file: written as is, not through the output mask (masking would corrupt it);
  // through a temporary file and a rename, so a full disk leaves the old file and no temporary one.
  writeUnmaskedFileAtomic(path, text, 'pinned');
}
