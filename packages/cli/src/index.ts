export * from './run-cli.ts';
export * from './checks.ts';
export * from './gate.ts';
