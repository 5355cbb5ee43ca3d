import { readFileSync, existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { derivedFiles } from '../../scripts/generate.ts';
import { repoRoot } from '../harness/run-bundle.ts';

// action.yml inputs and docs tables come from the option definitions; a hand edit or a new
// option without `npm run generate` fails here.
test.each([...derivedFiles().entries()])('%s is up to date with the option definitions', (path, content) => {
  expect(existsSync(repoRoot + path), `${path} is missing; run npm run generate`).toBe(true);
  expect(readFileSync(repoRoot + path, 'utf8')).toBe(content);
});
