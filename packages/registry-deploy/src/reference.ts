/**
 * Image references as users write them: `host[:port]/repo:tag`, `host/repo@sha256:...`, Docker
 * Hub short names (`nginx` is docker.io/library/nginx, `user/app` is docker.io/user/app), and
 * `oci:DIR[:tag]` OCI image layout directories. The grammar is distribution's (reference.go),
 * which Docker, skopeo and every registry share.
 */
import { UsageError } from '@preflight/core';

export interface RegistryReference {
  kind: 'registry';
  /** As written, e.g. `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  host: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface LayoutReference {
  kind: 'oci';
  dir: string;
  tag?: string;
}

export type ImageReference = RegistryReference | LayoutReference;

const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const pathPattern = new RegExp(`^${component}(?:/${component})*$`);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
// A host is a DNS name or IPv4 address with an optional port, `localhost`, or a bracketed IPv6.
const hostPattern = /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;

export const dockerHub = 'docker.io';

/** Parses a reference; a bad one is one sentence naming the input and the expected forms (exit 2). */
export function parseReference(text: string, input: string): ImageReference {
  const value = text.trim();
  const bad = (why: string) =>
    new UsageError(
      `${input} "${shown(value)}" is not an image reference (${why}); write host/repo:tag, host/repo@sha256:<64 hex>, a Docker Hub name such as nginx or user/app, or oci:DIR[:tag].`,
    );
  if (value === '') throw bad('it is empty');
  if (value.startsWith('oci:')) return parseLayout(value.slice(4), bad);

  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) throw bad('the part after @ must be sha256: and 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) throw bad('a tag is letters, digits, _, . and -, at most 128, not starting with . or -');
  }
  let host = dockerHub;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // distribution's rule: the first component is a registry when it has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      host = first;
      repository = rest.slice(slash + 1);
      if (!hostPattern.test(host)) throw bad(`"${shown(host)}" is not a registry host`);
    }
  }
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = dockerHub;
  if (!pathPattern.test(repository)) {
    throw bad(/[A-Z]/.test(repository) ? 'repository names are lowercase' : 'a repository is lowercase letters and digits separated by /, ., _ or -');
  }
  if (host === dockerHub && !repository.includes('/')) repository = `library/${repository}`;
  if (repository.length > 255) throw bad('the repository name is longer than 255 characters');
  return { kind: 'registry', host, repository, tag, digest };
}

function parseLayout(rest: string, bad: (why: string) => UsageError): LayoutReference {
  // skopeo's oci: transport splits at the first ':' (directories with a ':' cannot be named).
  const colon = rest.indexOf(':');
  const dir = colon >= 0 ? rest.slice(0, colon) : rest;
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  if (dir === '') throw bad('oci: needs a directory, e.g. oci:./images/app:1.2.0');
  if (tag !== undefined && !/^[\w][\w.\-/+@]{0,254}$/.test(tag)) throw bad('the tag after the directory must be letters, digits, _, ., -, /, + or @');
  return { kind: 'oci', dir, tag };
}

/** `host/repo`, as the `image` output and pinned files write it (no tag, no digest). */
export function repositoryName(ref: ImageReference): string {
  return ref.kind === 'oci' ? `oci:${ref.dir}` : `${ref.host}/${ref.repository}`;
}

export function formatReference(ref: ImageReference): string {
  if (ref.kind === 'oci') return `oci:${ref.dir}${ref.tag ? `:${ref.tag}` : ''}`;
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Docker Hub's API lives at registry-1.docker.io; everything else at its own name. */
export function apiHost(host: string): string {
  return host === dockerHub ? 'registry-1.docker.io' : host;
}

function shown(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
