export interface BoundedOptions<T, R> {
  /**
   * Asked just before an item would start: a result here stands for the item and fn is not
   * called (a rollout that stops starting targets after too many failures). In-flight items finish.
   */
  skip?: (item: T, index: number) => R | undefined;
}

/** Runs fn over items with at most `limit` at once; results keep the items' order. fn must not throw. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, opts: BoundedOptions<T, R> = {}): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const skipped = opts.skip?.(items[i], i);
      results[i] = skipped !== undefined ? skipped : await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
