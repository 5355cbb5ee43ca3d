import { UsageError } from '@preflight/core';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { describe, expect, test } from 'vitest';
import { formatReference, parseReference } from './reference.ts';

const hex = 'a'.repeat(64);

describe('parseReference', () => {
  test.each([
    ['nginx', { host: 'docker.io', repository: 'library/nginx', tag: undefined }],
    ['nginx:1.27', { host: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['user/app:v2', { host: 'docker.io', repository: 'user/app', tag: 'v2' }],
    ['docker.io/user/app', { host: 'docker.io', repository: 'user/app' }],
    ['index.docker.io/library/redis:7', { host: 'docker.io', repository: 'library/redis', tag: '7' }],
    ['ghcr.io/acme/api:1.2.3', { host: 'ghcr.io', repository: 'acme/api', tag: '1.2.3' }],
    ['127.0.0.1:5000/team/app:latest', { host: '127.0.0.1:5000', repository: 'team/app', tag: 'latest' }],
    ['localhost/app', { host: 'localhost', repository: 'app' }],
    [`europe-docker.pkg.dev/p/r/app@sha256:${hex}`, { host: 'europe-docker.pkg.dev', repository: 'p/r/app', digest: `sha256:${hex}` }],
    [`reg.example:443/app:1@sha256:${hex}`, { host: 'reg.example:443', repository: 'app', tag: '1', digest: `sha256:${hex}` }],
  ])('%s', (text, expected) => {
    expect(parseReference(text, '--source')).toMatchObject({ kind: 'registry', ...expected });
  });

  test.each([
    ['oci:./images/app', { dir: './images/app', tag: undefined }],
    ['oci:/tmp/layout:1.2.0', { dir: '/tmp/layout', tag: '1.2.0' }],
  ])('%s is an OCI layout', (text, expected) => {
    expect(parseReference(text, '--source')).toMatchObject({ kind: 'oci', ...expected });
  });

  test.each(['', 'Nginx', 'ghcr.io/Acme/api', 'app:', 'app:-x', 'app@sha256:abc', 'oci:', 'a//b', 'ghcr.io/', 'app:tag with space'])(
    'refuses %j with one sentence naming the input',
    (text) => {
      const error = (() => {
        try {
          parseReference(text, '--target');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      const message = (error as Error).message;
      expect(message).toMatch(/^--target ".*" is not an image reference \(.+\); write host\/repo:tag/);
      expect(message).not.toMatch(/\.\s+[A-Z]|\n/);
    },
  );

  test('fuzz: any string either parses or is a UsageError, never anything else', () => {
    fuzz(
      'registry-deploy: image reference',
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseReference(text, '--source');
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
        }
      }),
    );
  });

  test('fuzz: a well-formed reference round-trips through formatReference', () => {
    const comp = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8})?$/);
    const host = fc.oneof(fc.constant(undefined), fc.constantFrom('ghcr.io', '127.0.0.1:5000', 'localhost', 'reg.example.com:8443'));
    const tag = fc.oneof(fc.constant(undefined), fc.stringMatching(/^\w[\w.-]{0,20}$/));
    const digest = fc.oneof(fc.constant(undefined), fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`));
    fuzz(
      'registry-deploy: image reference (round trip)',
      fc.property(host, fc.array(comp, { minLength: 1, maxLength: 3 }), tag, digest, (h, parts, t, d) => {
        const text = `${h ? `${h}/` : ''}${parts.join('/')}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`;
        const ref = parseReference(text, '--source');
        const again = parseReference(formatReference(ref), '--source');
        expect(again).toEqual(ref);
        if (ref.kind === 'registry') {
          expect(ref.tag).toBe(t);
          expect(ref.digest).toBe(d);
          if (h) expect(ref.host).toBe(h);
        }
      }),
    );
  });
});
