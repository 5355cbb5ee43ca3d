import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { compareVersions, normalizeVersion, sortVersions } from './version.ts';

describe('compareVersions', () => {
  it('orders numbers, zero padding, dotted versions and names naturally', () => {
    expect(sortVersions(['10', '2', '0001', '1.10', '1.2', '20240101120000', '9'])).toEqual(['0001', '1.2', '1.10', '2', '9', '10', '20240101120000']);
    expect(compareVersions('0002', '2')).toBe(0);
    expect(sortVersions(['app.0010_x', 'app.0002_y'])).toEqual(['app.0002_y', 'app.0010_x']);
    expect(normalizeVersion('000123')).toBe('123');
    expect(normalizeVersion('1.01')).toBe('1.1');
  });

  it('is antisymmetric and agrees with BigInt for integers', () => {
    fuzz(
      'migrations: version order',
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n }), (a, b) => {
        const c = compareVersions(String(a), String(b));
        expect(Math.sign(c)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(Math.sign(compareVersions(String(b), String(a))) + Math.sign(c)).toBe(0);
      }),
    );
  });
});
