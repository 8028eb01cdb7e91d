import { describe, expect, it } from 'vitest';
import { metricTerms } from '../../src/freeenergy/blue_moon.js';
import { type ConstraintCv, DistanceCv, TorsionCv, wrapPi } from '../../src/freeenergy/constraint_cv.js';

/** Four atoms with dihedral phi (rad), slightly irregular so no term vanishes by symmetry. */
function chain(phi: number): Float64Array {
  const a = [-0.9, 1.25, 0.1];
  const b = [0, 0, 0];
  const c = [1.53, 0.05, -0.02];
  const r = 1.43,
    th = 1.95;
  const d = [1.53 - r * Math.cos(th), r * Math.sin(th) * Math.cos(phi), r * Math.sin(th) * Math.sin(phi)];
  return Float64Array.from([...a, ...b, ...c, ...d]);
}

function fdGradient(cv: ConstraintCv, p: Float64Array, h: number): Float64Array {
  const g = new Float64Array(p.length);
  const scratch = new Float64Array(p.length);
  for (let k = 0; k < p.length; k++) {
    const q = p.slice();
    q[k] += h;
    const up = cv.gradient(q, scratch);
    q[k] -= 2 * h;
    const dn = cv.gradient(q, scratch);
    g[k] = (cv.periodic ? wrapPi(up - dn) : up - dn) / (2 * h);
  }
  return g;
}

const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('constraint CVs: gradients and Hessian-vector products by central differences', () => {
  const cases: [string, ConstraintCv, Float64Array][] = [
    ['torsion -60', new TorsionCv(), chain(-Math.PI / 3)],
    ['torsion near 0', new TorsionCv(), chain(1e-3)],
    ['torsion near +180', new TorsionCv(), chain(Math.PI - 1e-3)],
    ['torsion near -180', new TorsionCv(), chain(-Math.PI + 1e-3)],
    ['distance', new DistanceCv(), Float64Array.from([0.1, -0.2, 0.3, 1.2, 0.7, -0.4])],
  ];
  for (const [name, cv, p] of cases) {
    it(`${name}: ∇ξ and H·u`, () => {
      const g = new Float64Array(p.length);
      cv.gradient(p, g);
      const gfd = fdGradient(cv, p, 1e-6);
      expect(maxDiff(g, gfd)).toBeLessThan(1e-7 * Math.max(1, maxAbs(g)));
      // H·u against the central difference of the gradient along u
      const u = Float64Array.from(p, (_, k) => Math.sin(1.7 * k + 0.3));
      const hu = new Float64Array(p.length);
      cv.hessianTimes(p, u, hu);
      const h = 1e-5;
      const gp = new Float64Array(p.length),
        gm = new Float64Array(p.length);
      cv.gradient(
        p.map((v, k) => v + h * u[k]),
        gp,
      );
      cv.gradient(
        p.map((v, k) => v - h * u[k]),
        gm,
      );
      const fd = gp.map((v, k) => (v - gm[k]) / (2 * h));
      expect(maxAbs(hu)).toBeGreaterThan(1e-3);
      expect(maxDiff(hu, fd)).toBeLessThan(1e-6 * Math.max(1, maxAbs(hu)));
    });
  }

  it('G = uᵀHu/Z² equals u·∇Z/(2Z²), ∇Z by central differences (the metric term, independent of H·u)', () => {
    const cv = new TorsionCv();
    const p = chain(0.8);
    const m = Float64Array.from([1.008, 12.011, 15.999, 1.008]);
    const g = new Float64Array(12),
      u = new Float64Array(12),
      hu = new Float64Array(12);
    const s = { z: 0, g: 0 };
    metricTerms(cv, p, m, g, u, hu, s);
    const zAt = (q: Float64Array) => {
      const gg = new Float64Array(12);
      cv.gradient(q, gg);
      let z = 0;
      for (let k = 0; k < 12; k++) z += (gg[k] * gg[k]) / m[Math.floor(k / 3)];
      return z;
    };
    const uu = u.slice();
    const h = 1e-5;
    const dz = (zAt(p.map((v, k) => v + h * uu[k])) - zAt(p.map((v, k) => v - h * uu[k]))) / (2 * h);
    expect(Math.abs(s.g)).toBeGreaterThan(1e-3);
    expect(s.g).toBeCloseTo(dz / (2 * s.z * s.z), 7);
  });

  it('a distance has G = 0 and Z = 1/m₁ + 1/m₂ (|∇r| = 1)', () => {
    const cv = new DistanceCv();
    const p = Float64Array.from([0, 0, 0, 0.6, 0.8, 0.1]);
    const m = Float64Array.from([1.008, 15.999]);
    const s = { z: 0, g: 0 };
    metricTerms(cv, p, m, new Float64Array(6), new Float64Array(6), new Float64Array(6), s);
    expect(s.z).toBeCloseTo(1 / 1.008 + 1 / 15.999, 14);
    expect(Math.abs(s.g)).toBeLessThan(1e-14);
  });

  it('collinear atoms are an error, not NaN', () => {
    const p = Float64Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 1, 0]);
    expect(() => new TorsionCv().gradient(p, new Float64Array(12))).toThrow(/collinear/);
  });
});
