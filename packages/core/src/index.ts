export * from './errors.ts';
export * from './report.ts';
export * from './redact.ts';
