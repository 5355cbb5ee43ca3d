/** Every check and the gate: what the CLI offers when no single check is named. */
import { checks } from './checks.ts';
import { gate } from './gate.ts';

export const allChecks = [...checks, gate];
