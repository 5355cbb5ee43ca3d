/**
 * The gate's inputs: every check's inputs once, plus a check-scoped `<check>-<input>` for each
 * name that means different things to two checks. Each check still re-parses the raw inputs with
 * its own definitions, so an input means exactly what it means on the check's own action.
 */
import { commonOptions, labelOf, UsageError, type CheckDefinition, type InputSource, type OptionDef, type RawInputs } from '@preflight/core';
import { checks } from './checks.ts';

const allChecks = checks as readonly CheckDefinition<readonly OptionDef[]>[];

/**
 * Names two checks use for different things, with what each means there (for the input's
 * description and the usage error). Every other shared name (database-url, migrations,
 * shadow-url, ...) means the same to every check that has it.
 */
export const collidingInputs: Record<string, Record<string, string>> = {
  baseline: {
    'migrate-direct': 'a migration version to record as applied',
    'secrets-lint': 'a file of accepted finding fingerprints',
  },
  'compose-file': {
    'secrets-lint': 'the compose files whose effective environment is checked',
    'registry-deploy': 'the compose file whose image is pinned',
  },
};

export function scopedName(check: string, input: string): string {
  return `${check}-${input}`;
}

const gateOwn: OptionDef[] = [
  {
    name: 'checks',
    type: 'list',
    default: 'schema-verify',
    description:
      'Checks to run: any of secrets-lint, migrate-direct, schema-verify, registry-deploy (always run in this order, whatever order they are given in), or restore-verify on its own.',
  },
];

/** Every check's options once, the check-scoped names of the colliding ones, common options last. */
function unionOptions(): OptionDef[] {
  const common = new Set<string>(commonOptions.map((o) => o.name));
  const byName = new Map<string, { def: OptionDef; owners: { check: string; def: OptionDef }[] }>();
  for (const check of allChecks) {
    for (const def of check.options) {
      if (common.has(def.name)) continue;
      const entry = byName.get(def.name) ?? { def, owners: [] };
      entry.owners.push({ check: check.name, def });
      byName.set(def.name, entry);
    }
  }
  const out: OptionDef[] = [...gateOwn];
  for (const [name, { def, owners }] of byName) {
    out.push(mergedOption(name, def, owners));
    if (collidingInputs[name]) {
      for (const owner of owners) {
        out.push({ ...owner.def, name: scopedName(owner.check, name), aliases: undefined, env: undefined, required: false, description: `${owner.check} only, in the gate: ${owner.def.description}` });
      }
    }
  }
  return [...out, ...commonOptions];
}

/**
 * One gate input for a name several checks share. Required-ness belongs to the check that is
 * selected, not to the gate; a secret for one check is a secret for the gate. A default the
 * checks disagree on is left out of action.yml (the runner would hand it to every check as if
 * given) and each check applies its own.
 */
function mergedOption(name: string, first: OptionDef, owners: { check: string; def: OptionDef }[]): OptionDef {
  const defaults = new Set(owners.map((o) => o.def.default));
  const secret = owners.some((o) => o.def.secret);
  const merged: OptionDef = { ...first, required: false, ...(secret ? { secret: true } : {}) };
  const meanings = collidingInputs[name];
  if (meanings) {
    const scoped = owners.map((o) => scopedName(o.check, name)).join(' or ');
    const each = owners.map((o) => `${o.check}: ${meanings[o.check]}`).join('; ');
    return { ...merged, default: undefined, description: `${each}. With both checks selected, give ${scoped} instead.` };
  }
  if (defaults.size > 1) {
    const each = owners.map((o) => `${o.def.default ?? 'none'} (${o.check})`).join(', ');
    return { ...merged, default: undefined, description: `${first.description.replace(/\.$/, '')}. Default: ${each}.` };
  }
  return merged;
}

export const gateOptions = unionOptions();

function given(value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  return (Array.isArray(value) ? value : [value]).some((v) => v.trim() !== '');
}

/**
 * Refuses, before any check runs, a colliding name given plainly while both checks that read it
 * are selected (the value cannot mean both things), and a plain name next to its scoped form.
 */
export function assertNoAmbiguousInput(raw: RawInputs, selected: readonly string[], source: InputSource): void {
  for (const [name, meanings] of Object.entries(collidingInputs)) {
    const readers = Object.keys(meanings).filter((c) => selected.includes(c));
    const scopedGiven = readers.filter((c) => given(raw[scopedName(c, name)]));
    const label = labelOf(name, source);
    const Label = label.charAt(0).toUpperCase() + label.slice(1);
    if (given(raw[name]) && readers.length > 1) {
      const each = readers.map((c) => `${meanings[c]} to ${c}`).join(' and ');
      const scoped = readers.map((c) => labelOf(scopedName(c, name), source).replace(/^input /, '')).join(' and/or ');
      throw new UsageError(`${Label} means ${each}, and both checks are selected; give ${scoped} instead.`);
    }
    if (given(raw[name]) && scopedGiven.length > 0) {
      const scoped = labelOf(scopedName(scopedGiven[0], name), source).replace(/^input /, '');
      throw new UsageError(`${Label} and ${scoped} are both given; give only one of them.`);
    }
  }
}

/** The raw inputs as one check reads them: its scoped inputs under their plain names. */
export function rawInputsFor(check: string, raw: RawInputs): RawInputs {
  const own: RawInputs = { ...raw };
  for (const [name, meanings] of Object.entries(collidingInputs)) {
    if (!(check in meanings)) continue;
    const scoped = raw[scopedName(check, name)];
    if (given(scoped)) own[name] = scoped;
  }
  return own;
}

/**
 * A check's messages name its own inputs (`--baseline`); when the user gave the value as the
 * scoped input, the message names that one (`--secrets-lint-baseline`), so they know what to fix.
 */
export function inScopedWords(check: string, text: string, raw: RawInputs): string {
  let out = text;
  for (const [name, meanings] of Object.entries(collidingInputs)) {
    const scoped = scopedName(check, name);
    if (!(check in meanings) || !given(raw[scoped])) continue;
    out = out.replace(new RegExp(`(^|[\\s("'\`,])(--|input )${name}(?![a-z0-9-])`, 'g'), `$1$2${scoped}`);
  }
  return out;
}
