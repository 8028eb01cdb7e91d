import { describe, expect, it } from 'vitest';
import { below, WIDE_SCALE } from '../../src/branchless.js';

/** The neighbouring doubles of x (one ulp down and up). */
function neighbours(x: number): [number, number] {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  const v = i[0];
  i[0] = v - 1n;
  const lo = b[0];
  i[0] = v + 1n;
  return [lo, b[0]];
}

describe('below(): an exact 0/1 mask for d < 0', () => {
  it('equals rsq < cutsq one ulp either side of the cutoff, in any unit system', () => {
    for (const cutsq of [1e-10, 6.25, 7.84, 42.25, 144, 1e6, 1e12]) {
      const [lo, hi] = neighbours(cutsq);
      for (const rsq of [0.5 * cutsq, lo, cutsq, hi, 2 * cutsq, 1e3 * cutsq]) {
        expect(below(rsq - cutsq, WIDE_SCALE)).toBe(rsq < cutsq ? 1 : 0);
      }
    }
  });

  it('equals the comparison with the list-build scale over the candidate range (|d| < 7 cutsq)', () => {
    const cutsq = 2.8 * 2.8;
    const scale = 0.0625 / cutsq;
    for (let k = 0; k <= 1000; k++) {
      const rsq = (6.75 * cutsq * k) / 1000;
      expect(below(rsq - cutsq, scale)).toBe(rsq < cutsq ? 1 : 0);
    }
    const [lo, hi] = neighbours(cutsq);
    expect(below(lo - cutsq, scale)).toBe(1);
    expect(below(hi - cutsq, scale)).toBe(0);
  });

  it('is 0 at d = 0 and NaN for NaN (so NaN positions still reach the force checks)', () => {
    expect(below(0, WIDE_SCALE)).toBe(0);
    expect(Number.isNaN(below(Number.NaN, WIDE_SCALE))).toBe(true);
  });

  it('turns a masked pair force into an exact zero or leaves it unchanged', () => {
    const fpair = 0.123456789012345;
    expect(fpair * below(7 - 6.25, WIDE_SCALE)).toBe(0);
    expect(fpair * below(6 - 6.25, WIDE_SCALE)).toBe(fpair);
  });
});
