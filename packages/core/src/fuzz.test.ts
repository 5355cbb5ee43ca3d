/**
 * Fuzz: option values as they arrive from a flag or an INPUT_* variable (durations, whole numbers,
 * booleans, enums, lists) parse to the value a simple model expects, or fail with a one-line
 * UsageError naming the input.
 */
import fc from 'fast-check';
import { afterEach, expect, test } from 'vitest';
import { fuzz, onlyTypedErrors } from '../../../test/harness/fuzz.ts';
import { UsageError } from './errors.ts';
import { parseDuration, parseInputs, type OptionDef } from './options.ts';
import { clearSecrets } from './redact.ts';

afterEach(() => clearSecrets());

const defs = [
  { name: 'lock-timeout', type: 'duration', description: 'How long to wait.' },
  { name: 'max-files', type: 'integer', description: 'How many.' },
  { name: 'strict', type: 'boolean', description: 'Strict.' },
  { name: 'format', type: 'enum', values: ['sql', 'dbmate'], description: 'Format.' },
  { name: 'ignore', type: 'list', description: 'Patterns.' },
] as const satisfies readonly OptionDef[];

const pieces = fc.constantFrom('1', '10', '0', '1.5', '.5', 's', 'ms', 'm', 'h', 'H', 'MS', ' ', '\n', '\t', '-', '+', ',', 'true', 'True', 'yes', 'sql', 'dbmate', '$&', "$'", '$`', '$$', '%s', 'e3', '１');
const text = fc.oneof(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join('')), fc.string({ maxLength: 12 }));

const model = {
  duration(v: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(v.trim());
    return m ? Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 'ms']) : undefined;
  },
  integer: (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined),
  // A Map, not an object literal: the long run found the model answering a function for "valueOf".
  boolean: (v: string) => new Map([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]).get(v.trim()),
  enum: (v: string) => (['sql', 'dbmate'].includes(v.trim()) ? v.trim() : undefined),
};

test('every option type: the modelled value, or one line of UsageError that names the input', () => {
  fuzz(
    'core: option values (duration, integer, boolean, enum, list)',
    fc.property(fc.constantFrom(...defs), text, fc.constantFrom('cli' as const, 'action' as const), (def, value, source) => {
      const out = onlyTypedErrors(() => parseInputs([def], { [def.name]: value }, source, {}), [UsageError]);
      const blank = value.trim() === '';
      if (def.type === 'list') {
        expect(out?.[def.name]).toEqual(value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean));
        return;
      }
      const want = blank ? (def.type === 'boolean' ? false : undefined) : model[def.type](value);
      if (want === undefined && !blank) {
        expect(out, `${def.type} ${JSON.stringify(value)}`).toBeUndefined();
        // The error names the input as the user wrote it (flag or input name).
        let message = '';
        try {
          parseInputs([def], { [def.name]: value }, source, {});
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toContain(def.name);
      } else {
        expect(out?.[def.name], `${def.type} ${JSON.stringify(value)}`).toEqual(want);
      }
    }),
  );
});

test('durations: N with each unit reads as N of that unit', () => {
  fuzz(
    'core: duration (round trip)',
    fc.property(fc.nat({ max: 10_000_000 }), fc.constantFrom(['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000], ['', 1000]), fc.boolean(), (n, [unit, factor], space) => {
      expect(parseDuration(`${n}${space && unit ? ' ' : ''}${unit}`)).toBe(n * (factor as number));
    }),
  );
});

// Found by the property above: the value was spliced into the message with String.replace, so a
// newline in an INPUT_* value split the "one sentence" over lines, and "$&" printed as "%s".
test('the bad value is quoted on one line, literally', () => {
  const message = (value: string) => {
    try {
      parseInputs([defs[1]], { 'max-files': value }, 'cli', {});
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  expect(message('1\n2')).toBe('--max-files must be a whole number, not "1\\n2".');
  expect(message('$&')).toBe('--max-files must be a whole number, not "$&".');
});
