import { expect, test } from 'vitest';
import { mapBounded } from './pool.ts';

test('results keep the order of the items, and never more than `limit` run at once', async () => {
  let running = 0;
  let most = 0;
  const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, n));
    running--;
    return n * 10;
  });
  expect(out).toEqual([50, 10, 40, 20, 30]);
  expect(most).toBe(2);
});

test('skip: once it answers, later items are not started and its answer stands for them', async () => {
  const started: string[] = [];
  let failures = 0;
  const out = await mapBounded(
    ['a', 'bad1', 'b', 'bad2', 'c', 'd'],
    1,
    async (t) => {
      started.push(t);
      if (t.startsWith('bad')) failures++;
      return `ran ${t}`;
    },
    { skip: (t) => (failures >= 2 ? `skipped ${t}` : undefined) },
  );
  expect(started).toEqual(['a', 'bad1', 'b', 'bad2']);
  expect(out).toEqual(['ran a', 'ran bad1', 'ran b', 'ran bad2', 'skipped c', 'skipped d']);
});
