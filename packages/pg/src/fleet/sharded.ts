/**
 * `--shard I/N` over a fleet: this job checks the targets whose name hashes to share I (see
 * @preflight/core's shard.ts), and its report says how many of the whole list that is, so
 * merge-reports can count the shards' targets against the list.
 */
import { parseShard, shardStats, shardSummary, takeShard, type CheckResult, type Shard } from '@preflight/core';

export interface FleetShare<T> {
  targets: T[];
  /** Set when the run is sharded: the shard, and how many targets the whole list has. */
  shard?: { shard: Shard; total: number };
}

export function fleetShare<T extends { name: string }>(listed: readonly T[], shardText: string | undefined): FleetShare<T> {
  if (shardText === undefined) return { targets: [...listed] };
  const shard = parseShard(shardText);
  return { targets: takeShard(listed, (t) => t.name, shard), shard: { shard, total: listed.length } };
}

/** `shard 2/4: 50 of 200 targets in this shard; ` before the fleet's own summary ('' unsharded). */
export function shardPrefix(share: FleetShare<unknown>['shard'], taken: number): string {
  return share ? `${shardSummary(share.shard, taken, share.total, 'target')}; ` : '';
}

export function shareStats(share: FleetShare<unknown>['shard'], taken: number): Record<string, number> {
  return share ? shardStats(taken, share.total) : {};
}

/**
 * A shard that the hash gave no target (3 tenants over 4 shards) is legitimately empty: the other
 * shards hold the whole list, and merge-reports checks that they do. It passes (exit 0) and says
 * so, without building the expected schema for nothing.
 */
export function emptyShard(share: NonNullable<FleetShare<unknown>['shard']>): CheckResult {
  return { findings: [], summary: shardSummary(share.shard, 0, share.total, 'target'), stats: { targets: 0, ...shardStats(0, share.total) }, checks: [] };
}
