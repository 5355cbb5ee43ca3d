/** Every check, the gate and merge-reports: what the CLI offers when no single check is named. */
import { checks } from './checks.ts';
import { gate } from './gate.ts';
import { mergeReports } from './merge-reports/definition.ts';

export const allChecks = [...checks, gate, mergeReports];
