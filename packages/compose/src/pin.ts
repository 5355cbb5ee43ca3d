// Rewrites services.<service>.image in a compose file's text, touching nothing else: the yaml
// document model finds the image scalar's exact source range, and only those characters are
// replaced (same quoting style), so comments, order, quoting, line endings and every other
// service stay byte-identical. Not a regex over the file: a `sed` is how the incident's team
// pinned, and how an `image:` in a comment or another service gets rewritten by mistake.
import { isAlias, isMap, isScalar, parseAllDocuments, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { UsageError } from '@preflight/core';
import { ComposeSyntaxError } from './errors.ts';
import { stripBom } from './located.ts';
import { parseComposeFile } from './parse.ts';

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$/;

export function pinImage(text: string, service: string, imageRef: string, file = 'compose file'): string {
  if (!imageRef || /[\s\u0000-\u001f\u007f]/.test(imageRef)) throw new UsageError(`The image reference to pin into ${file} must be one word without spaces or control characters.`);
  // Parse first: a file compose would refuse is not ours to edit.
  parseComposeFile(file, text);
  const { text: body, dropped } = stripBom(text);
  const docs = parseAllDocuments(body, { prettyErrors: false, uniqueKeys: true, merge: false });
  const edits: { start: number; end: number; text: string }[] = [];
  let insertAt: { map: YAMLMap } | undefined;
  let found = false;
  for (const doc of Array.isArray(docs) ? docs : []) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const services = pairOf(root, 'services')?.value;
    if (!isMap(services)) continue;
    const pair = pairOf(services, service);
    if (!pair) continue;
    found = true;
    const node = pair.value as Node | null;
    if (isAlias(node)) throw new UsageError(`Service "${service}" in ${file} is an alias of an anchor shared with other services; pinning its image there would change them too. Give the service its own mapping.`);
    if (!isMap(node)) continue;
    const image = pairOf(node, 'image');
    if (!image) {
      insertAt ??= { map: node };
      continue;
    }
    const value = image.value as Node | null;
    if (isAlias(value)) throw new UsageError(`The image of service "${service}" in ${file} is an alias (*${value.source}); pinning it would change every service that uses the anchor. Write the image on the service.`);
    if (!isScalar(value) || !value.range) throw new UsageError(`The image of service "${service}" in ${file} is not a plain string.`);
    edits.push({ start: value.range[0], end: value.range[1], text: formatLike(value, imageRef, file, service) });
  }
  if (!found) throw new UsageError(`${file} has no service "${service}" under services: (check --service).`);
  if (edits.length === 0) {
    if (!insertAt) throw new UsageError(`Service "${service}" in ${file} has no mapping to add an image to.`);
    edits.push(insertion(body, insertAt.map, imageRef, file, service));
  }

  let out = body;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  const result = text.slice(0, dropped) + out;
  const pinned = parseComposeFile(file, result).images.filter((i) => i.service === service);
  if (pinned.length === 0 || pinned.some((i) => i.image !== imageRef)) {
    throw new ComposeSyntaxError(file, undefined, `pinning the image of service "${service}" did not give the expected file; it was left unchanged.`);
  }
  return result;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key) as Pair | undefined;
}

/** The new value in the quoting style of the old one (plain only when it stays a plain string). */
function formatLike(old: Scalar, ref: string, file: string, service: string): string {
  switch (old.type) {
    case 'QUOTE_SINGLE':
      return `'${ref.replace(/'/g, "''")}'`;
    case 'QUOTE_DOUBLE':
      return JSON.stringify(ref);
    case 'PLAIN':
      return PLAIN_SAFE.test(ref) ? ref : JSON.stringify(ref);
    default:
      throw new UsageError(`The image of service "${service}" in ${file} is written as a block scalar; write it on one line to pin it.`);
  }
}

/** `image: REF` as the service's first key, indented like its other keys, with the file's line ending. */
function insertion(body: string, map: YAMLMap, ref: string, file: string, service: string): { start: number; end: number; text: string } {
  const first = map.items[0]?.key as Node | undefined;
  if (map.flow || !first?.range) throw new UsageError(`Service "${service}" in ${file} is written in flow style ({...}) without an image; add image: to it by hand once.`);
  const keyStart = first.range[0];
  const lineStart = body.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = body.slice(lineStart, keyStart);
  if (!/^[ ]*$/.test(indent)) throw new UsageError(`Service "${service}" in ${file} has its first key on the line of something else; add image: to it by hand once.`);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const value = PLAIN_SAFE.test(ref) ? ref : JSON.stringify(ref);
  return { start: lineStart, end: lineStart, text: `${indent}image: ${value}${eol}` };
}
