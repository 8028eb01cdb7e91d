/** Mean forces of restrained runs from PLUMED COLVAR files (rid-kit calc_mf.py), computed by hand. */
import { describe, expect, it } from 'vitest';
import { colvarMeanForce, readColvar } from '../../src/rid/colvar_mean_force.js';

describe('COLVAR mean force', () => {
  it('reads the named columns of a COLVAR file in any order', () => {
    const text = '#! FIELDS time psi phi\n#! SET min_phi -pi\n 0 1.5 -2.0\n 1 1.25 -2.5\n';
    const r = readColvar(text, ['phi', 'psi']);
    expect(r.nframes).toBe(2);
    expect(Array.from(r.s)).toEqual([-2.0, 1.5, -2.5, 1.25]);
    expect(() => readColvar(text, ['chi'], 'x/COLVAR')).toThrow(/x\/COLVAR:1: no column 'chi' in FIELDS time psi phi/);
    expect(() => readColvar('0 1 2\n', ['phi'])).toThrow(/COLVAR:1: data before the '#! FIELDS' header/);
    expect(() => readColvar('#! FIELDS time phi\n0 1 2\n', ['phi'])).toThrow(/COLVAR:2: expected 2 columns, got 3/);
    expect(() => readColvar('#! FIELDS time phi\n0 nan\n', ['phi'])).toThrow(/COLVAR:2: not a number: 'nan'/);
  });

  it('kappa (<s> - c) over the tail, periodic CVs averaged across +-pi, block errors', () => {
    // 100 frames; tail 0.5 keeps frames 50..99 (5 per block). CV 0 is periodic and hops across +-pi:
    // pi - 0.1 and -pi + 0.1 (= pi + 0.1 unwrapped) alternate, mean pi; centre pi - 0.05 -> diff 0.05.
    // CV 1 is plain: frame t has value t / 100 (tail mean 0.745); the first half is far off (discarded).
    const n = 100;
    const s = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      s[2 * t] = t % 2 === 0 ? Math.PI - 0.1 : -Math.PI + 0.1;
      s[2 * t + 1] = t < 50 ? 100 : t / 100;
    }
    const r = colvarMeanForce(s, n, [Math.PI - 0.05, 0.5], [500, 200], [true, false], 0.5);
    expect(r.force[0]).toBeCloseTo(500 * 0.05, 10);
    expect(r.force[1]).toBeCloseTo(200 * (0.745 - 0.5), 10);
    // block means of CV 0 are pi -+ 0.02 alternately (5 frames: 3 of one sign, 2 of the other)
    const bm = Array.from({ length: 10 }, (_, b) => Math.PI + ((b * 5 + 50) % 2 === 0 ? -0.02 : 0.02));
    const mean = bm.reduce((a, x) => a + x, 0) / 10;
    const sd = Math.sqrt(bm.reduce((a, x) => a + (x - mean) ** 2, 0) / 9);
    expect(r.error[0]).toBeCloseTo((500 * sd) / Math.sqrt(10), 8);
    // CV 1 block means 0.52, 0.57, ..., 0.97: sample std of an arithmetic sequence with step 0.05
    const b1 = Array.from({ length: 10 }, (_, b) => 0.52 + 0.05 * b);
    const m1 = b1.reduce((a, x) => a + x, 0) / 10;
    const sd1 = Math.sqrt(b1.reduce((a, x) => a + (x - m1) ** 2, 0) / 9);
    expect(r.error[1]).toBeCloseTo((200 * sd1) / Math.sqrt(10), 8);
    expect(() => colvarMeanForce(s, 15, [0, 0], [1, 1], [true, false], 0.5)).toThrow(
      /8 frames in the tail, need at least 10/,
    );
  });
});
