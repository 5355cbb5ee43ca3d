export * from './definition.ts';
export { runMigrateDirect } from './run.ts';
export * from './runner/index.ts';
export * from './lint/index.ts';
export * from './rules.ts';
