import { schemaVerify } from '@preflight/schema-verify/definition';

/** Every check the CLI and the gate know, in the order the gate runs them. */
export const checks = [schemaVerify] as const;

/** Outputs a check's action has besides status, findings and report. */
export const extraOutputs: Record<string, { name: string; description: string }[]> = {};
