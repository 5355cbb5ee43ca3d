/**
 * Validates action.yml files against GitHub's action metadata schema (SchemaStore's
 * github-action.json) with @action-validator/core, pinned at 0.6.0. That release's schema lists
 * `runs.using` node12, node16 and node20 only, so our `node24` would fail. The schema is compiled
 * into the package's wasm as a plain JSON string; this module extends it (node24 added to the
 * JavaScript runtimes) and loads a patched copy of the wasm, so the validator and every other rule
 * of its schema stay exactly the package's own.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ValidationState {
  actionType: 'action' | 'workflow';
  errors: Array<{ code: string; path?: string; title: string; detail?: string; states?: unknown[] }>;
}

interface Validator {
  validateAction(src: string): ValidationState;
}

const require = createRequire(import.meta.url);
const SCHEMA_ID = '"$id": "https://json.schemastore.org/github-action.json"';
/** Runtimes GitHub runs that the pinned schema does not know yet. */
export const ADDED_RUNTIMES = ['node24'];

/** The validator exactly as published (rejects node24). */
export function publishedValidator(): Validator {
  return require('@action-validator/core') as Validator;
}

let extended: Validator | undefined;

/** The same validator with node24 added to the JavaScript runtimes of its action schema. */
export function extendedValidator(): Validator {
  if (extended) return extended;
  const pkgDir = dirname(require.resolve('@action-validator/core/package.json'));
  const wasm = readFileSync(join(pkgDir, 'action_validator_bg.wasm'));
  const { start, end } = schemaBounds(wasm);
  const schema = JSON.parse(wasm.subarray(start, end).toString('utf8'));
  const using = schema.definitions?.['runs-javascript']?.properties?.using;
  if (!Array.isArray(using?.enum)) throw new Error('@action-validator/core: runs-javascript.using.enum not found; the schema changed, revisit test/harness/action-schema.ts.');
  using.enum = [...new Set([...using.enum, ...ADDED_RUNTIMES])];
  // The string lives in the wasm's data segment at a fixed length: write the extended schema
  // minified in the same bytes, padded with JSON whitespace.
  const text = Buffer.from(JSON.stringify(schema), 'utf8');
  if (text.length > end - start) throw new Error('The extended action schema does not fit in place of the original.');
  const patched = Buffer.from(wasm);
  patched.fill(0x20, start, end);
  text.copy(patched, start);
  // The glue loads action_validator_bg.wasm from its own directory: give it a directory of its own.
  const dir = mkdtempSync(join(tmpdir(), 'preflight-action-validator-'));
  copyFileSync(join(pkgDir, 'action_validator.js'), join(dir, 'action_validator.js'));
  writeFileSync(join(dir, 'action_validator_bg.wasm'), patched);
  try {
    extended = require(join(dir, 'action_validator.js')) as Validator;
  } finally {
    // The glue reads and instantiates the wasm while it loads: the files are not needed after.
    rmSync(dir, { recursive: true, force: true });
  }
  return extended;
}

/** Byte range of the github-action.json schema text in the wasm: the object around its $id. */
function schemaBounds(wasm: Buffer): { start: number; end: number } {
  const id = wasm.indexOf(SCHEMA_ID);
  if (id === -1) throw new Error('@action-validator/core: github-action.json not found in the wasm; revisit test/harness/action-schema.ts.');
  const start = wasm.lastIndexOf('{', id);
  let depth = 0;
  let inString = false;
  for (let i = start; i < wasm.length; i++) {
    const c = wasm[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return { start, end: i + 1 };
  }
  throw new Error('@action-validator/core: the github-action.json schema text has no end.');
}
