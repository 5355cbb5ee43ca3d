// The diff lives in diff/ (one module per object kind); this is its public entry.
export { diffSchemas, compileGlobs, type DiffOptions } from './diff/index.ts';
