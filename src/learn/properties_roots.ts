/**
 * One-dimensional root finding for the equilibrium searches of `measureProperties`: zero pressure
 * as a function of a lattice parameter. The pressure of a crystal falls monotonically through zero
 * near its equilibrium, so a root is first bracketed by stepping out from a guess, then refined by
 * Brent's method (inverse quadratic interpolation with bisection safeguards; Brent 1973, ch. 4), which
 * converges superlinearly and never leaves the bracket.
 */

export class RootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootError';
  }
}

/**
 * An interval [lo, hi] around x0 on which f changes sign, for f decreasing through its root (pressure
 * against a lattice parameter: f(x0) > 0 searches upwards, f(x0) < 0 downwards): steps of `step` (relative to x0) grown by
 * 1.5 each time, at most `maxSteps` in each direction, x kept within [x0 (1 − maxRel), x0 (1 + maxRel)].
 */
export function bracketRoot(
  f: (x: number) => number,
  x0: number,
  opts: { step?: number; maxRel?: number; maxSteps?: number; what?: string } = {},
): { lo: number; hi: number; flo: number; fhi: number } {
  const step = opts.step ?? 0.01;
  const maxRel = opts.maxRel ?? 0.3;
  const maxSteps = opts.maxSteps ?? 30;
  let a = x0;
  let fa = f(a);
  if (fa === 0) return { lo: a, hi: a, flo: 0, fhi: 0 };
  // f > 0 (compressed) means the root lies above; f < 0 below.
  const dir = fa > 0 ? 1 : -1;
  let h = step * x0;
  for (let k = 0; k < maxSteps; k++) {
    const b = Math.min(x0 * (1 + maxRel), Math.max(x0 * (1 - maxRel), a + dir * h));
    const fb = f(b);
    if (!Number.isFinite(fb)) break;
    if (Math.sign(fb) !== Math.sign(fa))
      return a < b ? { lo: a, hi: b, flo: fa, fhi: fb } : { lo: b, hi: a, flo: fb, fhi: fa };
    if (b === a) break;
    a = b;
    fa = fb;
    h *= 1.5;
  }
  throw new RootError(
    `${opts.what ?? 'root'}: no sign change of the function between ${x0} and ${a} (started at ${x0}, ` +
      `last value ${fa}): the structure has no equilibrium within ${(maxRel * 100).toFixed(0)}% of the guess`,
  );
}

/** Brent's root of f on [lo, hi] (f(lo), f(hi) of opposite sign) to |Δx| ≤ xtol. */
export function brentRoot(
  f: (x: number) => number,
  bracket: { lo: number; hi: number; flo: number; fhi: number },
  xtol: number,
  maxIter = 100,
): number {
  let a = bracket.lo,
    b = bracket.hi,
    fa = bracket.flo,
    fb = bracket.fhi;
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) throw new RootError(`brentRoot: f(${a}) and f(${b}) have the same sign`);
  let c = a,
    fc = fa,
    d = b - a,
    e = d;
  for (let it = 0; it < maxIter; it++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation (secant when only two distinct points).
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc,
          r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (!Number.isFinite(fb)) throw new RootError(`brentRoot: f(${b}) = ${fb}`);
  }
  throw new RootError(`brentRoot: no convergence in ${maxIter} iterations`);
}

/** The root of f near x0 to |Δx| ≤ xtol: bracketRoot then brentRoot. */
export function findRoot(
  f: (x: number) => number,
  x0: number,
  xtol: number,
  opts: { step?: number; maxRel?: number; what?: string } = {},
): number {
  return brentRoot(f, bracketRoot(f, x0, opts), xtol);
}
