/**
 * Fuzz: what registry-deploy reads from others: WWW-Authenticate challenges, manifest and index
 * JSON from a registry or an OCI layout (walked by identify()), --health-expect and the YAML files it
 * pins. Each returns, or fails with one line; a malformed manifest is never a TypeError.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CouldNotRunError, UsageError } from '@preflight/core';
import { fuzz, onlyTypedErrors, onlyTypedErrorsAsync } from '../../../test/harness/fuzz.ts';
import { parseChallenge } from './oci/registry-client.ts';
import { mediaTypes, type ImageStore, type Manifest } from './oci/store.ts';
import { identify } from './image-config.ts';
import { parseHealthExpect } from './health-expect.ts';
import { parseYamlFile } from './pin/yaml-edit.ts';

test('WWW-Authenticate: any header gives a challenge or none, and quoted params read back', () => {
  const header = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.tuple(fc.constantFrom('Bearer', 'Basic', 'bearer', 'Negotiate', ''), fc.array(fc.tuple(fc.constantFrom('realm', 'service', 'scope', 'error', 'x'), fc.string({ maxLength: 20 })), { maxLength: 4 })).map(
      ([scheme, params]) => `${scheme} ${params.map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`).join(',')}`,
    ),
  );
  fuzz(
    'registry-deploy: WWW-Authenticate challenge',
    fc.property(header, (h) => {
      const c = onlyTypedErrors(() => parseChallenge(h), []);
      if (c) expect(['basic', 'bearer']).toContain(c.scheme);
    }),
  );
  // Round trip: the values we quote are the values we read.
  fuzz(
    'registry-deploy: WWW-Authenticate challenge (round trip)',
    fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (realm, scope) => {
      const q = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
      const c = parseChallenge(`Bearer realm=${q(realm)},service="registry",scope=${q(scope)}`);
      expect(c?.params).toMatchObject({ realm, service: 'registry', scope });
    }),
  );
});

// Manifests shaped like OCI ones, with every field sometimes the wrong type.
const anyJson = fc.jsonValue({ maxDepth: 2 });
const descriptor = fc.oneof(fc.record({ mediaType: fc.constantFrom(mediaTypes.ociManifest, 'x'), digest: fc.oneof(fc.constant('sha256:' + 'a'.repeat(64)), anyJson), size: fc.oneof(fc.nat(), anyJson) }, { requiredKeys: [] }), anyJson);
const manifestJson = fc.oneof(
  fc.record({ schemaVersion: fc.oneof(fc.constant(2), anyJson), mediaType: fc.constantFrom(mediaTypes.ociIndex, mediaTypes.ociManifest), manifests: fc.oneof(fc.array(descriptor, { maxLength: 3 }), anyJson), config: fc.oneof(descriptor, anyJson), layers: fc.oneof(fc.array(descriptor, { maxLength: 3 }), anyJson), annotations: fc.oneof(fc.dictionary(fc.constantFrom('org.opencontainers.image.revision', 'x'), fc.string()), anyJson) }, { requiredKeys: [] }),
  anyJson,
);

const emptyStore = (name: string): ImageStore =>
  ({
    name,
    getManifest: async () => undefined,
    resolveDigest: async () => undefined,
    hasBlob: async () => false,
    openBlob: async () => {
      throw new CouldNotRunError(`${name} has no such blob.`);
    },
  }) as unknown as ImageStore;

test('manifest and index JSON: identify() returns or fails with one line, never a TypeError', async () => {
  await fuzz(
    'registry-deploy: manifest/index JSON',
    fc.asyncProperty(manifestJson, fc.boolean(), fc.boolean(), async (json, asIndex, garbage) => {
      const bytes = Buffer.from(garbage ? JSON.stringify(json).slice(1) : JSON.stringify(json));
      const manifest: Manifest = { digest: 'sha256:' + 'b'.repeat(64), mediaType: asIndex ? mediaTypes.ociIndex : mediaTypes.ociManifest, bytes } as Manifest;
      const id = await onlyTypedErrorsAsync(() => identify(emptyStore('oci:/tmp/layout'), manifest), [CouldNotRunError, UsageError]);
      if (id) for (const d of [...id.manifestDigests, ...id.configDigests]) expect(typeof d).toBe('string');
    }),
  );
});

test('--health-expect: any text parses or is a one-line UsageError', () => {
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.tuple(fc.constantFrom('status:', 'body:', 'json:', 'json:.', 'json:[', 'x:', 'status:\n'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b));
  fuzz('registry-deploy: --health-expect', fc.property(text, (t) => void onlyTypedErrors(() => parseHealthExpect(t))));
});

test('a YAML file to pin: parses or is a one-line UsageError naming the file and line', () => {
  const text = fc.array(fc.oneof(fc.constantFrom('services:\n', '  web:\n', '    image: a:1\n', 'kind: Deployment\n', '- ', ': ', '"', "'", '{', '[', '&a ', '*a', '---\n', '\t', '  '), fc.string({ maxLength: 4 })), { maxLength: 20 }).map((p) => p.join(''));
  fuzz('registry-deploy: YAML file to pin', fc.property(text, (t) => void onlyTypedErrors(() => parseYamlFile('deploy/k8s.yaml', t, '--pin'))));
});
