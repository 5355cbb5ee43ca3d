/**
 * `--shard I/N`: a stable share of a list for one job of a workflow matrix. An item belongs to the
 * shard its key hashes to, so the shares depend on nothing but each item's own key: adding or
 * removing a tenant (or a file) moves only that one, and every job of the matrix, reading the
 * same list, agrees on who checks what without talking to the others.
 *
 * The hash is FNV-1a (32 bit) over the key's UTF-8 bytes, mixed by MurmurHash3's finalizer
 * (FNV-1a alone leaves the low bits, which a modulo reads, depending on the bytes' low bits only),
 * then modulo N. It is part of the public behaviour: changing it reshuffles every fleet.
 */
import { UsageError } from './errors.ts';
import { labelOf, type InputSource } from './options.ts';

export interface Shard {
  /** 1-based, as a matrix writes it: `--shard 2/4` is index 2. */
  index: number;
  count: number;
}

/** Generous: a GitHub matrix has at most 256 jobs. */
export const maxShards = 1024;

/** `2/4` → { index: 2, count: 4 }; anything else is one sentence naming the input (exit 2). */
export function parseShard(value: string, source: InputSource = 'cli'): Shard {
  const label = labelOf('shard', source);
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > maxShards || index < 1 || index > count) {
    const Label = label.charAt(0).toUpperCase() + label.slice(1);
    throw new UsageError(
      `${Label} must be I/N with 1 ≤ I ≤ N ≤ ${maxShards}, the job's place in a matrix of N, not ${JSON.stringify(value.slice(0, 40))}; write e.g. ${label === '--shard' ? '--shard 2/4' : 'shard: 2/4'} (${'${{ matrix.shard }}'}/4 in a workflow).`,
    );
  }
  return { index, count };
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The shard (1..count) a key belongs to. */
export function shardOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  // MurmurHash3 fmix32: every input bit reaches every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) % count) + 1;
}

export function inShard(key: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(key, shard.count) === shard.index;
}

/** The items of this shard, in their given order; without a shard, all of them. */
export function takeShard<T>(items: readonly T[], keyOf: (item: T) => string, shard: Shard | undefined): T[] {
  return shard ? items.filter((item) => inShard(keyOf(item), shard)) : [...items];
}

/**
 * What a sharded report says first, and what merge-reports checks completeness with: `shard 3/4:
 * 0 of 200 targets in this shard`. A shard with nothing in it (of a list that is not empty) is
 * legitimately empty: the other shards have the whole list between them.
 */
export function shardSummary(shard: Shard, taken: number, total: number, noun: string): string {
  return `shard ${shardLabel(shard)}: ${taken} of ${total} ${noun}${total === 1 ? '' : 's'} in this shard`;
}

/** The stats every sharded report carries, so that merged shards can be counted against the whole list. */
export function shardStats(taken: number, total: number): Record<string, number> {
  return { 'in-shard': taken, 'in-all-shards': total };
}
