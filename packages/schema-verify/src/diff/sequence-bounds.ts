/**
 * Sequence options for sequences and identity columns: the defaults CREATE SEQUENCE picks (so an
 * identity column's options are kept in the model only when they differ), and the step a fix
 * needs before it narrows MINVALUE or MAXVALUE, since ALTER SEQUENCE refuses bounds that leave the
 * sequence's current value outside ("RESTART value (1) cannot be less than MINVALUE (10)").
 */
import type { SequenceOptions } from '../model.ts';
import { quoteLiteral } from './sql.ts';

export type { SequenceOptions };


const TYPE_MAX: Record<string, bigint> = { smallint: 32767n, integer: 2147483647n, bigint: 9223372036854775807n };

/** What CREATE SEQUENCE AS `type` INCREMENT BY `increment` picks for everything else. */
export function defaultSequenceOptions(type: string, increment = '1'): SequenceOptions {
  const max = TYPE_MAX[type] ?? TYPE_MAX.bigint;
  const up = BigInt(increment) > 0n;
  const min = up ? '1' : String(-max - 1n);
  const top = up ? String(max) : '-1';
  return { start: up ? min : top, increment, min, max: top, cache: '1', cycle: false };
}

/** Options as ALTER SEQUENCE and ALTER COLUMN ... SET take them. */
export function sequenceOptionClauses(o: SequenceOptions): string[] {
  return [`INCREMENT BY ${o.increment}`, `MINVALUE ${o.min}`, `MAXVALUE ${o.max}`, `START WITH ${o.start}`, `CACHE ${o.cache}`, o.cycle ? 'CYCLE' : 'NO CYCLE'];
}

/**
 * When the new bounds are narrower: a statement that moves the current value inside them first
 * (a sequence never used to its START, one below MINVALUE to it, one above MAXVALUE to it, used
 * up). `regclass` is SQL naming the sequence. Nothing when the bounds only widen.
 */
export function narrowBoundsSql(regclass: string, want: SequenceOptions, have: SequenceOptions): string[] {
  if (BigInt(want.min) <= BigInt(have.min) && BigInt(want.max) >= BigInt(have.max)) return [];
  return [`SELECT pg_catalog.setval(q.s, CASE WHEN q.last IS NULL THEN ${want.start} WHEN q.last < ${want.min} THEN ${want.min} ELSE ${want.max} END, q.last IS NOT NULL AND q.last > ${want.max}) FROM (SELECT r.s, pg_catalog.pg_sequence_last_value(r.s) AS last FROM (SELECT ${regclass} AS s) r) q WHERE q.last IS NULL OR q.last < ${want.min} OR q.last > ${want.max};`];
}

export function sequenceRegclass(qualifiedSql: string): string {
  return `${quoteLiteral(qualifiedSql)}::regclass`;
}

export function identityRegclass(relSql: string, column: string): string {
  return `pg_catalog.pg_get_serial_sequence(${quoteLiteral(relSql)}, ${quoteLiteral(column)})::regclass`;
}
