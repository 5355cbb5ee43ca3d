/**
 * One definition per option is the single source for the parser, `--help`, the `inputs:` of
 * each action.yml and the docs tables. An action input `foo-bar` is the CLI flag `--foo-bar`.
 */
import { UsageError } from './errors.ts';
import { registerSecret } from './redact.ts';

export type OptionType = 'string' | 'boolean' | 'integer' | 'duration' | 'list' | 'enum' | 'path' | 'dir';

export interface OptionDef {
  /** kebab-case; the action input and the CLI flag (`--name`). */
  readonly name: string;
  readonly type: OptionType;
  readonly description: string;
  /** Default as a user would write it (`10s`, `false`, `sql`). */
  readonly default?: string;
  /** Default in action.yml when it differs (e.g. `${{ github.token }}`). */
  readonly actionDefault?: string;
  readonly values?: readonly string[];
  readonly required?: boolean;
  /** The value is a credential: registered for redaction before anything can print it. */
  readonly secret?: boolean;
  /** Environment variable read when the option is not given. */
  readonly env?: string;
  /** Extra CLI spellings (`--url` for `--database-url`); never renamed, only added. */
  readonly aliases?: readonly string[];
  /** Only meaningful on a terminal (`--json`): not an action input. */
  readonly cliOnly?: boolean;
}

type ValueOf<D extends OptionDef> = D['type'] extends 'boolean'
  ? boolean
  : D['type'] extends 'integer' | 'duration'
    ? number
    : D['type'] extends 'list'
      ? string[]
      : string;

type HasValue<D extends OptionDef> = D extends { required: true } ? true : D extends { default: string } ? true : D['type'] extends 'boolean' | 'list' ? true : false;

/** Parsed inputs keyed by their exact names, as in action.yml. */
export type Inputs<Defs extends readonly OptionDef[]> = {
  [D in Defs[number] as D['name']]: HasValue<D> extends true ? ValueOf<D> : ValueOf<D> | undefined;
};

/** Raw values: a CLI flag may repeat; an action input is one string. */
export type RawInputs = Record<string, string | string[] | undefined>;

export type InputSource = 'cli' | 'action';

export function labelOf(name: string, source: InputSource): string {
  return source === 'cli' ? `--${name}` : `input ${name}`;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10s`, `5m`, `1500ms`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * durationUnits[(m[2] ?? 's').toLowerCase()]);
}

// YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts.
const trueWords = new Set(['true', 'True', 'TRUE']);
const falseWords = new Set(['false', 'False', 'FALSE']);

/** How a typed option's text becomes its value: undefined when the text is not one. */
function converterOf(def: OptionDef): { convert: (v: string) => unknown; message: string } | undefined {
  switch (def.type) {
    case 'boolean':
      return { convert: (v) => (trueWords.has(v) ? true : falseWords.has(v) ? false : undefined), message: 'must be true or false, not "%s"' };
    case 'integer':
      return { convert: (v) => (/^\d+$/.test(v) ? Number(v) : undefined), message: 'must be a whole number, not "%s"' };
    case 'duration':
      return { convert: parseDuration, message: 'must be a duration such as 10s, 5m or 1500ms, not "%s"' };
    case 'enum':
      return { convert: (v) => (def.values!.includes(v) ? v : undefined), message: `must be one of ${def.values!.join(', ')}, not "%s"` };
    default:
      return undefined;
  }
}

/** A default is ours, not the user's: one that does not convert is a bug in the definition. */
function parseDefault(def: OptionDef, text: string): unknown {
  const converter = converterOf(def);
  if (!converter) return text;
  const out = converter.convert(text);
  if (out === undefined) throw new Error(`option ${def.name}: default ${JSON.stringify(text)} ${converter.message.replace(', not "%s"', '')}`);
  return out;
}

/** Splits list values on commas and newlines; a repeated flag adds to the list. */
function listOf(raw: string | string[]): string[] {
  const parts = Array.isArray(raw) ? raw : [raw];
  return parts.flatMap((p) => p.split(/[,\n]/)).map((s) => s.trim()).filter(Boolean);
}

function lastOf(raw: string | string[]): string {
  return (Array.isArray(raw) ? raw[raw.length - 1] : raw).trim();
}

export function parseInputs<Defs extends readonly OptionDef[]>(
  defs: Defs,
  raw: RawInputs,
  source: InputSource,
  env: NodeJS.ProcessEnv = process.env,
): Inputs<Defs> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    let value = raw[def.name];
    if (isEmpty(value) && def.env && env[def.env]) value = env[def.env];
    const label = labelOf(def.name, source);
    if (isEmpty(value)) {
      if (def.required) throw new UsageError(`Missing required ${label}: ${def.description.replace(/\.$/, '')}.`);
      if (def.type === 'list') out[def.name] = def.default ? listOf(def.default) : [];
      else if (def.default !== undefined) out[def.name] = parseDefault(def, def.default);
      else if (def.type === 'boolean') out[def.name] = false;
      else out[def.name] = undefined;
      continue;
    }
    if (def.secret) for (const v of Array.isArray(value) ? value : [value!]) registerSecret(v.trim());
    out[def.name] = def.type === 'list' ? listOf(value!) : parseOne(def, lastOf(value!), label);
  }
  return out as Inputs<Defs>;
}

/**
 * A given value through its converter. This was a zod schema wrapping the same converter (zod
 * added nothing a converter does not check, and its ~35 KB and constructors were on every
 * start-up path: registry-deploy's budget is skopeo's time).
 */
function parseOne(def: OptionDef, text: string, label: string): unknown {
  const converter = converterOf(def);
  if (!converter) return text;
  const out = converter.convert(text);
  if (out !== undefined) return out;
  // JSON-quoted, so a value with a newline stays one line, and a function so "$&" in it stays literal.
  throw new UsageError(`${capitalize(label)} ${converter.message.replace('"%s"', () => JSON.stringify(text))}.`);
}

function isEmpty(value: string | string[] | undefined): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((v) => v.trim() === '');
  return value.trim() === '';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An input that names an environment variable (url-env) must be one a shell can set. */
export function assertEnvName(value: string, name: string, source: InputSource): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return;
  throw new UsageError(`${capitalize(labelOf(name, source))} "${value.slice(0, 40)}" is not an environment variable name; use letters, digits and underscores, e.g. DATABASE_URL.`);
}
