/**
 * Version ordering shared by migration files and ledgers. Tools write versions as plain integers
 * (`2`, `10`), zero-padded integers (`0002`), timestamps (`20240101120000`), dotted versions
 * (Flyway `1.1`, `1.10`) or names (`0002_add_users`): a natural compare orders all of them the way
 * their tool does, where a plain string compare would put `10` before `2`.
 */

const chunk = /(\d+)|(\D+)/g;

/** Natural compare: digit runs compare as numbers (any length), everything else as text. */
export function compareVersions(a: string, b: string): number {
  const ca = a.match(chunk) ?? [];
  const cb = b.match(chunk) ?? [];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i];
    const y = cb[i];
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (x !== y) {
      // A number sorts before text at the same place, so `1.1` < `1.a`.
      if (xd !== yd) return xd ? -1 : 1;
      return x < y ? -1 : 1;
    }
  }
  return ca.length - cb.length;
}

/** The form two tools agree on: `0001` and `1` are the same migration (files vs golang-migrate's bigint). */
export function normalizeVersion(version: string): string {
  return version.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ''));
}

export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort((a, b) => compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

function compareDigits(x: string, y: string): number {
  // No BigInt needed: strip leading zeros, then the longer number is the larger one.
  const a = x.replace(/^0+/, '');
  const b = y.replace(/^0+/, '');
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
