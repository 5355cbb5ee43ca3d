/**
 * `--shard I/N` for secrets-lint: this job scans the files whose repository-relative path hashes
 * to share I (see @preflight/core's shard.ts), so a monorepo's files spread over a matrix and a
 * new file moves nothing else. The checks that are not about one file (--check-env values, the
 * effective compose configuration) run in shard 1 only, so merged shards report them once.
 */
import { defaultSummary, parseShard, shardStats, shardSummary, takeShard, type Finding, type Shard } from '@preflight/core';

export interface FileShare<T> {
  refs: T[];
  shard?: { shard: Shard; total: number };
}

export function shareFiles<T extends { path: string }>(refs: readonly T[], shardText: string | undefined, repoPrefix: string): FileShare<T> {
  if (shardText === undefined) return { refs: [...refs] };
  const shard = parseShard(shardText);
  return { refs: takeShard(refs, (r) => repoPrefix + r.path, shard), shard: { shard, total: refs.length } };
}

/** Unsharded, or shard 1: the run that also does the checks of no single file. */
export function ownsRepoWideChecks(share: FileShare<unknown>): boolean {
  return !share.shard || share.shard.shard.index === 1;
}

export function shareSummary(share: FileShare<unknown>, summary: string | undefined, findings: readonly Finding[]): string | undefined {
  if (!share.shard) return summary;
  return `${shardSummary(share.shard.shard, share.refs.length, share.shard.total, 'file')}; ${summary ?? defaultSummary(findings)}`;
}

export function shareStats(share: FileShare<unknown>): Record<string, number> {
  return share.shard ? shardStats(share.refs.length, share.shard.total) : {};
}
