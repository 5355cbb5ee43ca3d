export { readDump } from './dump/read-dump.ts';
export type { DumpSummary, DumpTable, DumpFormat, DumpProblem, DumpHeader } from './dump/types.ts';
export { restoreVerifyRules, restoreVerifyRuleIds } from './rules.ts';
export { displayTable, parseQualifiedName, type TableName } from './names.ts';
