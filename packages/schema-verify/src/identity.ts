/**
 * The sequence options of an identity column (START WITH, INCREMENT BY, MINVALUE, MAXVALUE, CACHE,
 * CYCLE). The sequence is part of its column, so they are kept on the column, as the clause
 * `GENERATED ... AS IDENTITY (...)` takes them, with only the options that differ from what
 * PostgreSQL picks for the column's type: an identity column created without options has none.
 */

export interface IdentitySequence {
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

const RANGE: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** What CREATE SEQUENCE picks for a sequence of `type` with this increment when nothing else is said. */
function defaults(type: string, increment: bigint): { min: bigint; max: bigint } {
  const [low, high] = RANGE[type] ?? RANGE.bigint;
  return increment > 0n ? { min: 1n, max: high } : { min: low, max: -1n };
}

/** The options that differ from the defaults, as `INCREMENT BY 5 START WITH 100`; undefined when none do. */
export function identityOptions(type: string, seq: IdentitySequence): string | undefined {
  const increment = BigInt(seq.increment);
  const d = defaults(type, increment);
  const min = BigInt(seq.min);
  const max = BigInt(seq.max);
  const out: string[] = [];
  if (increment !== 1n) out.push(`INCREMENT BY ${increment}`);
  if (min !== d.min) out.push(`MINVALUE ${min}`);
  if (max !== d.max) out.push(`MAXVALUE ${max}`);
  if (BigInt(seq.start) !== (increment > 0n ? min : max)) out.push(`START WITH ${seq.start}`);
  if (seq.cache !== '1') out.push(`CACHE ${seq.cache}`);
  if (seq.cycle) out.push('CYCLE');
  return out.length ? out.join(' ') : undefined;
}

/** Whether the options count down (a negative INCREMENT BY). */
export function identityDescends(options: string | undefined): boolean {
  return /INCREMENT BY -/.test(options ?? '');
}

/**
 * `SET ...` clauses of ALTER COLUMN that give an identity column of `type` exactly these options
 * (every option spelled out, so whatever the live sequence had is replaced).
 */
export function identitySetSql(type: string, options: string | undefined): string {
  const opt = (re: RegExp) => re.exec(options ?? '')?.[1];
  const increment = BigInt(opt(/INCREMENT BY (-?\d+)/) ?? '1');
  const d = defaults(type, increment);
  const min = BigInt(opt(/MINVALUE (-?\d+)/) ?? d.min);
  const max = BigInt(opt(/MAXVALUE (-?\d+)/) ?? d.max);
  const start = opt(/START WITH (-?\d+)/) ?? String(increment > 0n ? min : max);
  const cycle = /(^| )CYCLE$/.test(options ?? '');
  return `SET INCREMENT BY ${increment} SET MINVALUE ${min} SET MAXVALUE ${max} SET START WITH ${start} SET CACHE ${opt(/CACHE (\d+)/) ?? '1'} SET ${cycle ? '' : 'NO '}CYCLE`;
}
