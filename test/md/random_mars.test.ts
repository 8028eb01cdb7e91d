import { describe, expect, it } from 'vitest';
import { RanMars } from '../../src/random_mars.js';
import { lammpsReference } from '../helpers/lammps.js';

/**
 * RanMars against LAMMPS itself: LAMMPS's equal-style functions random(lo,hi,seed) and
 * normal(mu,sigma,seed) draw from a RanMars seeded with `seed` (uniform()*(hi-lo)+lo, and
 * gaussian()*sigma+mu), printed at full precision with the $(expr:%.17g) immediate syntax.
 */
function lammpsStream(name: string, expr: string, n: number, ulps: number): number[] {
  const deck = `echo none\nvariable i loop ${n}\nlabel loop\nprint "R $(${expr}:%.17g)"\nnext i\njump SELF loop\n`;
  const stream = (text: string): number[] =>
    text
      .split('\n')
      .filter((l) => l.startsWith('R '))
      .map((l) => Number(l.slice(2)));
  const ref = lammpsReference(name, { deck }, (live, golden) => {
    const a = stream(live.screen),
      b = stream(golden.screen);
    expect(a.length).toBe(b.length);
    for (let k = 0; k < b.length; k++)
      expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(ulps * Math.max(1, Math.abs(b[k])));
  });
  return stream(ref.screen);
}

describe('RanMars (LAMMPS random_mars.cpp)', () => {
  it.each([1, 12345, 48279, 900000000])('uniform stream for seed %i equals LAMMPS bit for bit', (seed) => {
    const ref = lammpsStream(`random_mars/uniform_${seed}`, `random(0,1,${seed})`, 60, 0);
    expect(ref.length).toBe(60);
    const r = new RanMars(seed);
    const ours = ref.map(() => r.uniform());
    expect(ours).toEqual(ref);
  });

  it('gaussian stream equals LAMMPS to the last ulp or two (log from V8 vs glibc)', () => {
    const ref = lammpsStream('random_mars/gaussian_777', 'normal(0,1,777)', 40, 4e-16);
    expect(ref.length).toBe(40);
    const r = new RanMars(777);
    for (const x of ref) {
      const y = r.gaussian();
      expect(Math.abs(y - x)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(x)));
    }
  });

  it('rejects seeds LAMMPS rejects', () => {
    expect(() => new RanMars(0)).toThrow(/Invalid seed/);
    expect(() => new RanMars(900000001)).toThrow(/Invalid seed/);
  });
});
