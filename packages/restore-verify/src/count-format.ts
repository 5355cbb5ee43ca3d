/**
 * 7,320 rather than 7320 in messages. The first toLocaleString call of a process loads ICU's
 * number formatting (40-90 ms on a loaded runner, a tenth of reading a 1 GB dump), so whole
 * numbers are grouped here; anything else still goes through toLocaleString.
 */
export function formatCount(n: number | bigint): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const negative = n < 0;
  const digits = String(negative ? -n : n).replace(/\B(?=(\d{3})+$)/g, ',');
  return negative ? `-${digits}` : digits;
}
