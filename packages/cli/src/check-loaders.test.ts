import { describe, expect, test } from 'vitest';
import { checkLoaders } from './check-loaders.ts';
import { checks } from './checks.ts';

describe('check loaders (the CLI loads only the check it runs)', () => {
  test('every check has a loader that gives its very definition, and nothing else does', async () => {
    expect(Object.keys(checkLoaders).sort()).toEqual(checks.map((c) => c.name).sort());
    for (const check of checks) expect(await checkLoaders[check.name]()).toBe(check);
  });
});
