import { describe, expect, test } from 'vitest';
import { inShard, parseShard, shardOf, shardSummary, takeShard } from './shard.ts';

const tenants = (n: number) => Array.from({ length: n }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);

describe('--shard I/N', () => {
  test.each([
    ['2/4', { index: 2, count: 4 }],
    ['1/1', { index: 1, count: 1 }],
    [' 4 / 4 ', { index: 4, count: 4 }],
  ])('%j is shard %j', (text, shard) => expect(parseShard(text)).toEqual(shard));

  test.each(['0/4', '5/4', '2/0', '2', '2/4/1', 'a/b', '-1/4', '1/2000', ''])('%j is one sentence naming the input (exit 2)', (text) => {
    expect(() => parseShard(text)).toThrow(/^--shard must be I\/N with 1 ≤ I ≤ N ≤ 1024, .* not ".*"; write e\.g\. --shard 2\/4/);
    expect(() => parseShard(text, 'action')).toThrow(/^Input shard must be I\/N .*shard: 2\/4/);
  });
});

describe('a stable share', () => {
  test('every item is in exactly one of the N shards', () => {
    const all = tenants(200);
    for (const count of [1, 2, 3, 4, 7]) {
      const shares = Array.from({ length: count }, (_, i) => takeShard(all, (t) => t, { index: i + 1, count }));
      expect(shares.flat().sort()).toEqual(all);
      for (const t of all) expect(shares.filter((s) => s.includes(t))).toHaveLength(1);
    }
  });

  test('adding a tenant moves only that one; removing one moves none of the others', () => {
    const before = tenants(200);
    const place = (list: string[]) => new Map(list.map((t) => [t, shardOf(t, 4)]));
    const was = place(before);
    const now = place([...before.slice(0, 50), 'tenant_new', ...before.slice(50)]);
    for (const t of before) expect(now.get(t)).toBe(was.get(t));
    const fewer = place(before.filter((t) => t !== 'tenant_100'));
    for (const [t, s] of fewer) expect(s).toBe(was.get(t));
  });

  test('the hash is fixed: these shards are public behaviour (a change reshuffles every fleet)', () => {
    expect(['tenant_001', 'tenant_002', 'tenant_003', 'src/app.ts', 'ü/ñ.txt'].map((k) => shardOf(k, 4))).toMatchInlineSnapshot(`
      [
        3,
        2,
        4,
        2,
        2,
      ]
    `);
  });

  test('200 sequential names spread over 4 shards, none empty or holding most of them', () => {
    const sizes = [1, 2, 3, 4].map((index) => tenants(200).filter((t) => inShard(t, { index, count: 4 })).length);
    for (const n of sizes) expect(n).toBeGreaterThan(30);
  });

  test('an empty shard says so', () => {
    expect(shardSummary({ index: 3, count: 4 }, 0, 200, 'target')).toBe('shard 3/4: 0 of 200 targets in this shard');
  });
});
