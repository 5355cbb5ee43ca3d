import { describe, expect, it } from 'vitest';
import { pinImage } from './index.ts';

const PINNED = 'registry.example.org/app/backend:0.1.4@sha256:' + 'a'.repeat(64);

const registryFile = `# Deployed by registry-deploy; do not edit the tag by hand.
services:
  backend:   # the API
    image: registry.example.org/app/backend:0.1.3 # bumped by sed before
    restart: always
  frontend:
    image: "registry.example.org/app/frontend:0.1.3"
  worker:
    image: 'registry.example.org/app/backend:0.1.3'
    # image: registry.example.org/app/backend:commented-out
`;

/** Every line of `before` except those in `changed` (0-based) is in `after` unchanged. */
function onlyLinesChanged(before: string, after: string, changed: number[]) {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  a.forEach((line, i) => (changed.includes(i) ? expect(b[i]).not.toBe(line) : expect(b[i]).toBe(line)));
}

describe('pinImage', () => {
  it('rewrites only the image of that service, keeping its comment and the other services byte-identical', () => {
    const out = pinImage(registryFile, 'backend', PINNED);
    onlyLinesChanged(registryFile, out, [3]);
    expect(out.split('\n')[3]).toBe(`    image: ${PINNED} # bumped by sed before`);
  });

  it('keeps double and single quotes', () => {
    expect(pinImage(registryFile, 'frontend', PINNED).split('\n')[6]).toBe(`    image: "${PINNED}"`);
    const worker = pinImage(registryFile, 'worker', PINNED);
    onlyLinesChanged(registryFile, worker, [8]);
    expect(worker.split('\n')[8]).toBe(`    image: '${PINNED}'`);
    // the commented-out image line is not touched
    expect(worker).toContain('# image: registry.example.org/app/backend:commented-out');
  });

  it('keeps CRLF line endings and the BOM', () => {
    const crlf = '\uFEFF' + registryFile.replace(/\n/g, '\r\n');
    const out = pinImage(crlf, 'backend', PINNED);
    expect(out).toBe('\uFEFF' + pinImage(registryFile, 'backend', PINNED).replace(/\n/g, '\r\n'));
  });

  it('adds image: as the first key, indented like the others, when the service has none (or gets it from a merge key)', () => {
    const text = 'x-base: &base\n  image: app:old\nservices:\n  api:\n      <<: *base\n      build: .\n  db:\n      image: postgres:16\n';
    const out = pinImage(text, 'api', PINNED);
    expect(out).toBe(`x-base: &base\n  image: app:old\nservices:\n  api:\n      image: ${PINNED}\n      <<: *base\n      build: .\n  db:\n      image: postgres:16\n`);
  });

  it('rewrites the image in every document of a multi-document file that sets it', () => {
    const text = 'services:\n  a:\n    image: a:1\n---\nservices:\n  a:\n    image: a:2\n  b:\n    image: b:1\n';
    expect(pinImage(text, 'a', PINNED)).toBe(`services:\n  a:\n    image: ${PINNED}\n---\nservices:\n  a:\n    image: ${PINNED}\n  b:\n    image: b:1\n`);
  });

  it('quotes a reference that would not stay a plain string', () => {
    const out = pinImage('services:\n  a:\n    image: a:1\n', 'a', '-weird:tag');
    expect(out).toBe('services:\n  a:\n    image: "-weird:tag"\n');
  });

  it.each([
    ['services:\n  a:\n    image: a:1\n', 'nope', 'no service "nope"'],
    ['x: &img a:1\nservices:\n  a:\n    image: *img\n  b:\n    image: *img\n', 'a', 'alias'],
    ['x: &svc\n  image: a:1\nservices:\n  a: *svc\n  b: *svc\n', 'a', 'anchor shared'],
    ['services:\n  a: {build: .}\n', 'a', 'flow style'],
    ['services:\n  a:\n    image: a:1\n    image: a:2\n', 'a', 'not valid YAML'],
  ])('refuses %j (service %s) with exit 2, leaving the text as it was', (text, service, why) => {
    expect(() => pinImage(text, service, PINNED, 'docker-compose.registry.yml')).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining(why) }));
  });

  it('refuses an image reference with spaces or line breaks', () => {
    expect(() => pinImage(registryFile, 'backend', 'app:1\n    command: evil')).toThrow(/one word/);
  });
});
