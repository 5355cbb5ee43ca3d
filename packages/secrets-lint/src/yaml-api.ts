/**
 * The parts of the yaml package the workflow and Kubernetes scanners use, imported statically here
 * and loaded on demand with import('./yaml-api.ts'): a bare import('yaml') resolves to the CommonJS
 * build in the bundle, whose namespace has no named exports.
 */
export { LineCounter, parseAllDocuments, isMap, isScalar, isSeq } from 'yaml';
export type { Document } from 'yaml';
