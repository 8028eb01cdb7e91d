import { tallyPairVirial } from './vatom_tally.js';
import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { mixDistance, mixEnergy, PairBase, PairTable } from './pair_base.js';

/** One pair_coeff line: a NaN cutoff means the global one at init. */
interface LJCoulCoeff {
  eps: number;
  sigma: number;
  cutLj: number;
  cutCoul: number;
}

/** Blocks of the table. */
const CUTSQ = 0,
  CUT_LJSQ = 1,
  CUT_COULSQ = 2,
  LJ1 = 3,
  LJ2 = 4,
  LJ3 = 5,
  LJ4 = 6,
  OFFSET_E = 7;

/**
 * pair_style lj/cut/coul/cut Rlj [Rcoul] (LAMMPS PairLJCutCoulCut): E = 4 eps [(s/r)^12 - (s/r)^6]
 * for r < Rlj (minus its value at Rlj with `pair_modify shift yes`) plus qqrd2e q_i q_j / r for
 * r < Rcoul, the two scaled by the special_bonds lj and coul weights of 1-2/1-3/1-4 pairs (the
 * code in the neighbor index's top bits, src/molecular/special.ts). pair_coeff I J eps sigma
 * [Rlj [Rcoul]]; a single per-pair cutoff sets both (as LAMMPS). Mixing of eps, sigma and both
 * cutoffs: PairBase (pair_modify mix). The Coulomb part of the energy also goes to
 * ForceBuffers.ecoul (thermo ecoul; evdwl is the rest). Serial only (not a ThreadedPair).
 */
export class PairLJCutCoulCut extends PairBase<LJCoulCoeff> {
  readonly style = 'lj/cut/coul/cut';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly perAtomVirial = true;
  readonly appliesSpecial = true as const;
  private cutLjGlobal = 0;
  private cutCoulGlobal = 0;
  private table = new PairTable(8, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);
  private readonly specialCoul = Float64Array.of(1, 0, 0, 0);
  private qqrd2e = 1;

  settings(args: string[]): void {
    if (args.length < 1 || args.length > 2)
      throw new Error('Illegal pair_style lj/cut/coul/cut command: expected cut_lj [cut_coul]');
    this.cutLjGlobal = positive(args[0], 'lj/cut/coul/cut LJ cutoff');
    this.cutCoulGlobal = args.length === 2 ? positive(args[1], 'lj/cut/coul/cut Coulomb cutoff') : this.cutLjGlobal;
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 4 || args.length > 6)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J epsilon sigma [cut_lj [cut_coul]]');
    const eps = num(args[2], 'epsilon');
    const sigma = num(args[3], 'sigma');
    let cutLj = NaN,
      cutCoul = NaN;
    if (args.length >= 5) cutLj = cutCoul = positive(args[4], 'LJ cutoff');
    if (args.length === 6) cutCoul = positive(args[5], 'Coulomb cutoff');
    this.setCoeff(args[0], args[1], system.ntypes, { eps, sigma, cutLj, cutCoul });
  }

  /** special_bonds weights (index 1..3 = 1-2, 1-3, 1-4; index 0 = 1). */
  setSpecial(lj: Float64Array, coul: Float64Array): void {
    this.specialLj.set(lj);
    this.specialCoul.set(coul);
  }

  /** Pair Coeffs lines of write_data: "i eps sigma" per type (full precision). */
  dataCoeffs(ntypes: number): string[] {
    const out: string[] = [];
    for (let i = 1; i <= ntypes; i++) {
      const c = this.coeffOf(i, i);
      if (!c) return [];
      out.push(`${i} ${c.eps} ${c.sigma}`);
    }
    return out;
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(8, ntypes);
  }

  private lj(c: LJCoulCoeff): number {
    return Number.isNaN(c.cutLj) ? this.cutLjGlobal : c.cutLj;
  }

  private coul(c: LJCoulCoeff): number {
    return Number.isNaN(c.cutCoul) ? this.cutCoulGlobal : c.cutCoul;
  }

  protected mix(a: LJCoulCoeff, b: LJCoulCoeff): LJCoulCoeff {
    const r = this.mixRule;
    return {
      eps: mixEnergy(r, a.eps, b.eps, a.sigma, b.sigma),
      sigma: mixDistance(r, a.sigma, b.sigma),
      cutLj: mixDistance(r, this.lj(a), this.lj(b)),
      cutCoul: mixDistance(r, this.coul(a), this.coul(b)),
    };
  }

  protected initOne(i: number, j: number, c: LJCoulCoeff): number {
    const cutLj = this.lj(c),
      cutCoul = this.coul(c);
    const cut = Math.max(cutLj, cutCoul);
    const s6 = c.sigma ** 6;
    const s12 = s6 * s6;
    let off = 0;
    if (this.shiftFlag && cutLj > 0) {
      const ratio = c.sigma / cutLj;
      off = 4 * c.eps * (ratio ** 12 - ratio ** 6);
    }
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(CUT_LJSQ, i, j, cutLj * cutLj);
    t.set(CUT_COULSQ, i, j, cutCoul * cutCoul);
    t.set(LJ1, i, j, 48 * c.eps * s12);
    t.set(LJ2, i, j, 24 * c.eps * s6);
    t.set(LJ3, i, j, 4 * c.eps * s12);
    t.set(LJ4, i, j, 4 * c.eps * s6);
    t.set(OFFSET_E, i, j, off);
    return cut;
  }

  override initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (!system.atomStyle.charge)
      throw new Error(
        `Pair style lj/cut/coul/cut requires atom attribute q (atom_style ${system.atomStyle.name} has none)`,
      );
    super.initMapped(system, mapped);
    // LAMMPS: qqrd2e = qqr2e / dielectric (dielectric 1).
    this.qqrd2e = system.units.qqr2e;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      map = g.map,
      q = ctx.system.q,
      f = out.f;
    const tab = this.table.data;
    const stride = this.table.stride,
      sq = this.table.block;
    const sLj = this.specialLj,
      sCoul = this.specialCoul;
    const qqrd2e = this.qqrd2e;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    const vatom = flags.vatom ? out.vatom : null;
    let evdwlSum = 0,
      ecoulSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const qtmp = q[i];
      const row = type[i] * stride;
      let fxi = 0,
        fyi = 0,
        fzi = 0;
      const end = first[i + 1];
      for (let k = first[i]; k < end; k++) {
        const jj = list[k];
        const sb = (jj >>> SBBITS) & 3;
        const j = jj & NEIGHMASK;
        const factorLj = sLj[sb],
          factorCoul = sCoul[sb];
        const dx = xi - x[3 * j],
          dy = yi - x[3 * j + 1],
          dz = zi - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        const t = row + type[j];
        if (rsq >= tab[t]) continue;
        const r2inv = 1.0 / rsq;
        const forcecoul = rsq < tab[CUT_COULSQ * sq + t] ? qqrd2e * qtmp * q[map[j]] * Math.sqrt(r2inv) : 0;
        let r6inv = 0,
          forcelj = 0;
        const inLj = rsq < tab[CUT_LJSQ * sq + t];
        if (inLj) {
          r6inv = r2inv * r2inv * r2inv;
          forcelj = r6inv * (tab[LJ1 * sq + t] * r6inv - tab[LJ2 * sq + t]);
        }
        const fpair = (factorCoul * forcecoul + factorLj * forcelj) * r2inv;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (vatom !== null) tallyPairVirial(vatom, i, j, dx, dy, dz, fpair);
        if (eflag) {
          // LAMMPS's ecoul = factor_coul * qqrd2e qi qj / r: the same product as forcecoul.
          const ecoul = factorCoul * forcecoul;
          const evdwl = inLj
            ? factorLj * (r6inv * (tab[LJ3 * sq + t] * r6inv - tab[LJ4 * sq + t]) - tab[OFFSET_E * sq + t])
            : 0;
          evdwlSum += evdwl;
          ecoulSum += ecoul;
          if (eatom !== null) {
            eatom[i] += 0.5 * (evdwl + ecoul);
            eatom[j] += 0.5 * (evdwl + ecoul);
          }
        }
      }
      f[3 * i] += fxi;
      f[3 * i + 1] += fyi;
      f[3 * i + 2] += fzi;
    }
    out.energy += evdwlSum + ecoulSum;
    out.ecoul += ecoulSum;
  }
}
