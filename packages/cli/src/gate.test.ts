/** The gate's published interface: the root action.yml it generates, and names two checks share. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import type { CheckDefinition, OptionDef } from '@preflight/core';
import { checks, extraOutputs } from './checks.ts';
import { collidingInputs } from './gate-inputs.ts';

const action = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, unknown>;
};

test('action.yml declares a status output per check and every check output prefixed, beside the unprefixed ones', () => {
  for (const check of checks) expect(action.outputs, check.name).toHaveProperty(`${check.name}-status`);
  for (const [check, outs] of Object.entries(extraOutputs)) {
    for (const o of outs) {
      expect(action.outputs).toHaveProperty(`${check}-${o.name}`);
      expect(action.outputs).toHaveProperty(o.name);
    }
  }
});

test('action.yml has the check-scoped inputs, and no default two checks disagree on (the runner would hand it to both)', () => {
  for (const [name, meanings] of Object.entries(collidingInputs)) {
    for (const check of Object.keys(meanings)) expect(action.inputs, `${check}-${name}`).toHaveProperty(`${check}-${name}`);
    expect(action.inputs[name].description).toContain('With both checks selected');
  }
  // migrate-direct 15m, restore-verify 10m: restore-verify in a gate step must still get 10m.
  expect(action.inputs['statement-timeout'].default).toBeUndefined();
  expect(action.inputs['connect-timeout'].default).toBe('10s');
});

test('a name two checks give different types is a known collision (a new one needs a scoped input)', () => {
  const types = new Map<string, Map<string, string>>();
  for (const check of checks as readonly CheckDefinition<readonly OptionDef[]>[]) {
    for (const def of check.options) (types.get(def.name) ?? types.set(def.name, new Map()).get(def.name)!).set(check.name, def.type);
  }
  const differing = [...types].filter(([, byCheck]) => new Set(byCheck.values()).size > 1).map(([name]) => name);
  expect(differing.filter((name) => !(name in collidingInputs))).toEqual([]);
});
