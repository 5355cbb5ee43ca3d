export * from './model.ts';
export { introspect, buildModel, type IntrospectOptions } from './introspect.ts';
export { diffSchemas, compileGlobs, type DiffOptions } from './diff.ts';
export { settleRewrites } from './canonical.ts';
export { fixScript, splitStatements } from './fix-order.ts';
export { toSnapshot, readSnapshot, postgresMajorOf, SNAPSHOT_FORMAT_VERSION, type Snapshot, type SnapshotMeta, type SnapshotLedger } from './snapshot.ts';
export { RULES, RULE_IDS, ruleInfo, type RuleInfo } from './rules.ts';
