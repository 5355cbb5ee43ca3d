/** Turns `--name value`, `--name=value`, `--flag` and `--no-flag` into raw inputs keyed by option name. */
import { UsageError } from './errors.ts';
import type { OptionDef, RawInputs } from './options.ts';
import { redact } from './redact.ts';

export interface ParsedArgs {
  raw: RawInputs;
  help: boolean;
}

/** `positional`: the option that takes bare arguments (merge-reports' report files); without one, a bare argument is an error. */
export function parseArgs(argv: readonly string[], defs: readonly OptionDef[], command: string, positional?: string): ParsedArgs {
  const byFlag = new Map<string, OptionDef>();
  for (const def of defs) {
    byFlag.set(def.name, def);
    for (const alias of def.aliases ?? []) byFlag.set(alias, def);
  }
  const raw: Record<string, string[]> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (positional && !arg.startsWith('--')) {
      (raw[positional] ??= []).push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`Unexpected argument ${shownArgument(arg, i)} for preflight ${command}; ${hintFor(arg)}options are written --name value (see preflight ${command} --help).`);
    }
    const eq = arg.indexOf('=');
    let flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let def = byFlag.get(flag);
    if (!def && flag.startsWith('no-') && byFlag.get(flag.slice(3))?.type === 'boolean') {
      // --no-rollback, and --no-rollback=true|false as scripts write it (the negation of the value).
      if (value !== undefined && !/^(true|false)$/i.test(value)) {
        throw new UsageError(`Option --${flag} takes no value (or true/false), not "${redact(value).slice(0, 40)}"; write --${flag} or --${flag.slice(3)}=false.`);
      }
      def = byFlag.get(flag.slice(3));
      flag = flag.slice(3);
      value = value === undefined || value.toLowerCase() === 'true' ? 'false' : 'true';
    }
    if (!def) throw new UsageError(`Unknown option --${flag} for preflight ${command}; run preflight ${command} --help to list the options.`);
    if (value === undefined) {
      if (def.type === 'boolean') value = 'true';
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          throw new UsageError(`Option --${def.name} needs a value; write --${def.name} VALUE.`);
        }
        value = next;
        i++;
      }
    }
    (raw[def.name] ??= []).push(value);
  }
  return { raw, help };
}

/**
 * A stray argument is usually a piece of something unquoted (a libpq string, a URL with a space
 * in its password), parsed before any secret is known: it is shown only in a form that cannot
 * hold one.
 */
function shownArgument(arg: string, index: number): string {
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(arg);
  if (assignment) return `"${assignment[1]}=***"`;
  if (/^[\w.,/:+-]{1,80}$/.test(arg) || /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(arg)) return `"${redact(arg)}"`;
  return `${index + 1} (not shown: it may be part of a password)`;
}

function hintFor(arg: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg) ? 'quote a libpq connection string as one argument ("host=... password=..."); ' : '';
}
