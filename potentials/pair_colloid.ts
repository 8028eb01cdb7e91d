import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { mixDistance, mixEnergy, PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface ColloidCoeff {
  a12: number;
  sigma: number;
  d1: number;
  d2: number;
  cut: number;
}

const CUTSQ = 0,
  FORM = 1,
  A12 = 2,
  SIGMA3 = 3,
  SIGMA6 = 4,
  A1 = 5,
  A2 = 6,
  LJ1 = 7,
  LJ2 = 8,
  LJ3 = 9,
  LJ4 = 10,
  OFFSET = 11;
const SMALL_SMALL = 0,
  SMALL_LARGE = 1,
  LARGE_LARGE = 2;

/** x^n for integer n by repeated squaring (LAMMPS MathSpecial::powint). */
function powint(x: number, n: number): number {
  if (n === 0) return 1.0;
  if (x === 0.0) return 0.0;
  let nn = n > 0 ? n : -n;
  let ww = x;
  let yy = 1.0;
  for (; nn !== 0; nn >>= 1, ww *= ww) if (nn & 1) yy *= ww;
  return n > 0 ? yy : 1.0 / yy;
}

/**
 * pair_style colloid Rc (LAMMPS PairColloid, 29 Sep 2021): integrated Lennard-Jones interactions of
 * finite-size colloids (Everaers and Ejtehadi) made of LJ particles of size σ with Hamaker constant
 * A: `pair_coeff I J A σ d1 d2 [Rc]`. d1 = d2 = 0 is plain 12-6 LJ with ε = A/144
 * (small-small); one of d1, d2 zero is a point particle against a sphere of that diameter
 * (small-large); both nonzero are two spheres of diameters d1 and d2 (large-large). Overlapping
 * small/large or large/large pairs stop the run as LAMMPS does. Unset I != J pairs mix A by
 * mix_energy and σ, d1, d2, Rc by mix_distance; `pair_modify shift yes` subtracts the energy at Rc.
 * special_bonds lj weights scale the force and energy.
 */
export class PairColloid extends HalfListPair<ColloidCoeff> {
  readonly style = 'colloid';
  private table = new PairTable(12, 0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 6 || args.length > 7)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A sigma d1 d2 [cutoff]');
    const c = {
      a12: num(args[2], 'colloid A'),
      sigma: num(args[3], 'colloid sigma'),
      d1: num(args[4], 'colloid d1'),
      d2: num(args[5], 'colloid d2'),
      cut: args.length === 7 ? positive(args[6], 'colloid cutoff') : NaN,
    };
    if (c.d1 < 0.0 || c.d2 < 0.0) throw new Error('Invalid d1 or d2 value for pair colloid coeff');
    const [ilo, ihi] = this.bounds(args[0], system.ntypes);
    const [jlo, jhi] = this.bounds(args[1], system.ntypes);
    for (let i = ilo; i <= ihi; i++)
      for (let j = Math.max(jlo, i); j <= jhi; j++)
        if (i === j && c.d1 !== c.d2) throw new Error('Invalid d1 or d2 value for pair colloid coeff');
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  /** A type range's bounds, only for the d1 = d2 check on I = I pairs (setCoeff validates the range). */
  private bounds(s: string, n: number): [number, number] {
    const m = /^(\d*)\*(\d*)$/.exec(s);
    if (m) return [m[1] ? Number(m[1]) : 1, m[2] ? Number(m[2]) : n];
    return [Number(s), Number(s)];
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(12, ntypes);
  }

  protected mix(ii: ColloidCoeff, jj: ColloidCoeff): ColloidCoeff {
    const r = this.mixRule;
    return {
      a12: mixEnergy(r, ii.a12, jj.a12, ii.sigma, jj.sigma),
      sigma: mixDistance(r, ii.sigma, jj.sigma),
      d1: mixDistance(r, ii.d1, jj.d1),
      d2: mixDistance(r, ii.d2, jj.d2),
      cut: mixDistance(r, this.cutOf(ii), this.cutOf(jj)),
    };
  }

  protected initOne(i: number, j: number, c: ColloidCoeff): number {
    const cut = this.cutOf(c);
    const t = this.table;
    const sigma3 = c.sigma * c.sigma * c.sigma;
    const sigma6 = sigma3 * sigma3;
    let form: number;
    if (c.d1 === 0.0 && c.d2 === 0.0) form = SMALL_SMALL;
    else if (c.d1 === 0.0 || c.d2 === 0.0) form = SMALL_LARGE;
    else form = LARGE_LARGE;
    const d = t.data,
      bl = t.block,
      ij = i * t.stride + j,
      ji = j * t.stride + i;
    // small/large: a2 is the sphere's radius both ways; large/large: a1, a2 the radii, swapped for j,i.
    if (form === SMALL_LARGE) {
      const a2 = c.d1 > 0.0 ? 0.5 * c.d1 : 0.5 * c.d2;
      d[A2 * bl + ij] = d[A2 * bl + ji] = a2;
    } else if (form === LARGE_LARGE) {
      d[A1 * bl + ij] = d[A2 * bl + ji] = 0.5 * c.d1;
      d[A2 * bl + ij] = d[A1 * bl + ji] = 0.5 * c.d2;
    }
    t.set(CUTSQ, i, j, cut * cut);
    t.set(FORM, i, j, form);
    t.set(A12, i, j, c.a12);
    t.set(SIGMA3, i, j, sigma3);
    t.set(SIGMA6, i, j, sigma6);
    const epsilon = c.a12 / 144.0;
    t.set(LJ1, i, j, 48.0 * epsilon * sigma6 * sigma6);
    t.set(LJ2, i, j, 24.0 * epsilon * sigma6);
    t.set(LJ3, i, j, 4.0 * epsilon * sigma6 * sigma6);
    t.set(LJ4, i, j, 4.0 * epsilon * sigma6);
    t.set(OFFSET, i, j, 0.0);
    if (this.shiftFlag && cut > 0.0) {
      this.pairForce(cut * cut, ij, 1.0, true);
      t.set(OFFSET, i, j, this.eng);
    }
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const form = tab[FORM * sq + t];
    const a12 = tab[A12 * sq + t];
    const sigma6 = tab[SIGMA6 * sq + t];
    const offset = tab[OFFSET * sq + t];
    let fpair: number;
    let evdwl = 0.0;
    if (form === SMALL_SMALL) {
      const r2inv = 1.0 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const forcelj = r6inv * (tab[LJ1 * sq + t] * r6inv - tab[LJ2 * sq + t]);
      fpair = factor * forcelj * r2inv;
      if (eflag) evdwl = r6inv * (r6inv * tab[LJ3 * sq + t] - tab[LJ4 * sq + t]) - offset;
    } else if (form === SMALL_LARGE) {
      const c2 = tab[A2 * sq + t];
      const k1 = c2 * c2;
      const k2 = rsq;
      const k0 = k1 - rsq;
      const k4 = rsq * rsq;
      const dk = k1 - k2;
      const k3 = dk * (dk * dk); // LAMMPS: K[3] *= K[3]*K[3]
      const k6 = k3 * k3;
      const fR = (tab[SIGMA3 * sq + t] * a12 * c2 * k1) / k3;
      const bracket = (2.0 * (k1 + k2) * (k1 * (5.0 * k1 + 22.0 * k2) + 5.0 * k4) * sigma6) / k6 - 5.0;
      fpair = ((4.0 / 15.0) * fR * factor * bracket) / k0;
      if (eflag)
        evdwl =
          (2.0 / 9.0) * fR * (1.0 - ((k1 * (k1 * (k1 / 3.0 + 3.0 * k2) + 4.2 * k4) + k2 * k4) * sigma6) / k6) - offset;
      if (rsq <= k1) throw new Error('Overlapping small/large in pair colloid');
    } else {
      const r = Math.sqrt(rsq);
      const c1 = tab[A1 * sq + t];
      const c2 = tab[A2 * sq + t];
      const k0 = c1 * c2;
      const k1 = c1 + c2;
      const k2 = c1 - c2;
      const k3 = k1 + r;
      const k4 = k1 - r;
      const k5 = k2 + r;
      const k6 = k2 - r;
      const k7 = 1.0 / (k3 * k4);
      const k8 = 1.0 / (k5 * k6);
      let g0 = powint(k3, -7);
      let g1 = powint(k4, -7);
      let g2 = powint(k5, -7);
      let g3 = powint(k6, -7);
      const h0 = ((k3 + 5.0 * k1) * k3 + 30.0 * k0) * g0;
      const h1 = ((k4 + 5.0 * k1) * k4 + 30.0 * k0) * g1;
      const h2 = ((k5 + 5.0 * k2) * k5 - 30.0 * k0) * g2;
      const h3 = ((k6 + 5.0 * k2) * k6 - 30.0 * k0) * g3;
      g0 *= (42.0 * k0) / k3 + 6.0 * k1 + k3;
      g1 *= (42.0 * k0) / k4 + 6.0 * k1 + k4;
      g2 *= (-42.0 * k0) / k5 + 6.0 * k2 + k5;
      g3 *= (-42.0 * k0) / k6 + 6.0 * k2 + k6;
      const fR = (a12 * sigma6) / r / 37800.0;
      evdwl = fR * (h0 - h1 - h2 + h3);
      const dUR = evdwl / r + 5.0 * fR * (g0 + g1 - g2 - g3);
      const dUA = (-a12 / 3.0) * r * ((2.0 * k0 * k7 + 1.0) * k7 + (2.0 * k0 * k8 - 1.0) * k8);
      fpair = (factor * (dUR + dUA)) / r;
      if (eflag) evdwl += (a12 / 6.0) * (2.0 * k0 * (k7 + k8) - Math.log(k8 / k7)) - offset;
      if (r <= k1) throw new Error('Overlapping large/large in pair colloid');
    }
    if (eflag) this.eng = evdwl * factor;
    return fpair;
  }
}
