export * from './run-action.ts';
