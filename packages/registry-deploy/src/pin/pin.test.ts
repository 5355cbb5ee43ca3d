import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@preflight/core';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../reference.ts';
import { applyPins, pinnedImage, planPins } from './pin.ts';

const digest = `sha256:${'b'.repeat(64)}`;
const targetText = 'ghcr.io/acme/api:production';
const target = parseReference(targetText, '--target');
const pinned = pinnedImage(targetText, digest);
const dir = () => mkdtempSync(join(tmpdir(), 'preflight-pin-'));

const compose = `# deployed by CI; do not edit by hand
name: app

services:
  web:
    # the API
    image: "ghcr.io/acme/api:0.1.3"   # was bumped with sed
    env_file: [envs/.env]
    ports:
      - "8000:8000"
  worker:
    image: 'ghcr.io/acme/api:0.1.3'
    command: celery -A app worker
  db:
    image: postgres:15   # not ours
x-anchors: &defaults
  restart: unless-stopped
`;

describe('compose pinning', () => {
  test('rewrites only services.web.image, keeping its quotes, the comments and every other byte', () => {
    const path = join(dir(), 'docker-compose.registry.yml');
    writeFileSync(path, compose);
    const plan = planPins({ composeFile: path, service: 'web', pin: [], target });
    const findings = applyPins(plan, pinned, digest);
    const after = readFileSync(path, 'utf8');
    expect(after).toBe(compose.replace('image: "ghcr.io/acme/api:0.1.3"', `image: "${pinned}"`));
    expect(findings).toEqual([expect.objectContaining({ rule: 'file-pinned', file: path, line: 7, object: `${path}:services.web.image` })]);
  });

  test('single-quoted and plain styles stay as they were', () => {
    const path = join(dir(), 'c.yml');
    writeFileSync(path, compose);
    applyPins(planPins({ composeFile: path, service: 'worker', pin: [], target }), pinned, digest);
    expect(readFileSync(path, 'utf8')).toBe(compose.replace("image: 'ghcr.io/acme/api:0.1.3'", `image: '${pinned}'`));
    writeFileSync(path, compose);
    applyPins(planPins({ composeFile: path, service: 'db', pin: [], target }), pinned, digest);
    expect(readFileSync(path, 'utf8')).toBe(compose.replace('image: postgres:15   #', `image: ${pinned}   #`));
  });

  test('pinning twice (a rollback) starts from the original text', () => {
    const path = join(dir(), 'c.yml');
    writeFileSync(path, compose);
    const plan = planPins({ composeFile: path, service: 'web', pin: [], target });
    applyPins(plan, pinned, digest);
    const back = pinnedImage(targetText, `sha256:${'c'.repeat(64)}`);
    applyPins(plan, back, `sha256:${'c'.repeat(64)}`);
    expect(readFileSync(path, 'utf8')).toBe(compose.replace('image: "ghcr.io/acme/api:0.1.3"', `image: "${back}"`));
  });

  test.each([
    ['nope', /^--service nope is not a service of .*c\.yml \(services: web, worker, db\); name the one that runs the image\.$/],
  ])('an unknown service is exit 2 with the services listed, file unchanged', (service, message) => {
    const path = join(dir(), 'c.yml');
    writeFileSync(path, compose);
    expect(() => planPins({ composeFile: path, service, pin: [], target })).toThrow(UsageError);
    expect(() => planPins({ composeFile: path, service, pin: [], target })).toThrow(message);
    expect(readFileSync(path, 'utf8')).toBe(compose);
  });

  test('an image shared through an anchor is refused before anything moves (pinImage of @preflight/compose)', () => {
    const path = join(dir(), 'c.yml');
    const text = 'x-img: &img "ghcr.io/acme/api:0.1.3"\nservices:\n  web:\n    image: *img\n  worker:\n    image: *img\n';
    writeFileSync(path, text);
    expect(() => planPins({ composeFile: path, service: 'web', pin: [], target })).toThrow(/is an alias \(\*img\); pinning it would change every service that uses the anchor/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  test('invalid YAML is exit 2 with file and line', () => {
    const path = join(dir(), 'c.yml');
    writeFileSync(path, 'services:\n  web:\n    image: [unclosed\n');
    expect(() => planPins({ composeFile: path, service: 'web', pin: [], target })).toThrow(/^--compose-file .*c\.yml:\d+ is not valid YAML/);
  });
});

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api   # the API
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/api:0.1.3
      containers:
        - name: api
          image: "ghcr.io/acme/api@sha256:${'a'.repeat(64)}"
        - name: sidecar
          image: envoyproxy/envoy:v1.30   # untouched
---
apiVersion: v1
kind: Service
metadata:
  name: api
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  # ours
  - name: ghcr.io/acme/api
    newTag: 0.1.3
  - name: redis
    newTag: "7"
`;

describe('--pin: Kubernetes manifests and kustomization', () => {
  test('every container image of the target repository, in every document; others untouched', () => {
    const path = join(dir(), 'deployment.yaml');
    writeFileSync(path, deployment);
    const findings = applyPins(planPins({ pin: [path], target }), pinned, digest);
    expect(readFileSync(path, 'utf8')).toBe(
      deployment.replace('image: ghcr.io/acme/api:0.1.3', `image: ${pinned}`).replace(`image: "ghcr.io/acme/api@sha256:${'a'.repeat(64)}"`, `image: "${pinned}"`),
    );
    expect(findings[0]).toMatchObject({ line: 10, message: expect.stringContaining('doc1.spec.template.spec.initContainers[0].image, doc1.spec.template.spec.containers[0].image') });
  });

  test('kustomization images: newTag set to the target tag and digest: added in the same style', () => {
    const path = join(dir(), 'kustomization.yaml');
    writeFileSync(path, kustomization);
    applyPins(planPins({ pin: [path], target }), pinned, digest);
    expect(readFileSync(path, 'utf8')).toBe(kustomization.replace('    newTag: 0.1.3\n', `    newTag: production\n    digest: ${digest}\n`));
    // an existing digest: is replaced in place
    applyPins(planPins({ pin: [path], target }), pinned, `sha256:${'d'.repeat(64)}`);
    expect(readFileSync(path, 'utf8')).toBe(kustomization.replace('    newTag: 0.1.3\n', `    newTag: production\n    digest: sha256:${'d'.repeat(64)}\n`));
  });

  test('a file without the target image is exit 2 before anything moves', () => {
    const path = join(dir(), 'other.yaml');
    writeFileSync(path, 'kind: ConfigMap\ndata:\n  a: b\n');
    expect(() => planPins({ pin: [path], target })).toThrow(`--pin ${path} has no container image or kustomization images: entry of ghcr.io/acme/api; point --pin at the file that deploys it.`);
  });
});
