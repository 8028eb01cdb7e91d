import { int, num } from '../parse.js';
import { BondedBase, type BondedContext, type BondedHost, expectCount } from './bonded_style.js';
import { buildSeries, type TorsionSeries, torsionSeriesForces } from './dihedral_series.js';

interface CharmmCoeff {
  k: number;
  n: number;
  d: number;
  w: number;
}

/**
 * dihedral_style charmm (LAMMPS DihedralCharmm): E = K [1 + cos(n phi - d)] (n >= 0 and d in whole
 * degrees, as LAMMPS reads them), plus, when the weight w > 0, w times the pair style's 1-4 LJ and
 * Coulomb interaction between atoms 1 and 4 (lj14 tables of a CHARMM pair style), tallied into
 * evdwl/ecoul as LAMMPS's force->pair->ev_tally does. A weight needs `special_bonds charmm`
 * (1-4 pair factors 0) so the 1-4 pairs are not counted twice.
 */
export class DihedralCharmm extends BondedBase<CharmmCoeff> {
  readonly kind = 'dihedral' as const;
  readonly style = 'charmm';
  private series: TorsionSeries = buildSeries(0, () => []);
  private weight = new Float64Array(0);
  private weighted = false;
  private lj14: Float64Array[] = [];
  private lj14Stride = 0;

  protected parse(v: string[]): CharmmCoeff {
    expectCount(v, 4, 'K n d weight');
    const k = num(v[0], 'K');
    const n = int(v[1], 'multiplicity n');
    const d = int(v[2], 'shift d (whole degrees)');
    const w = num(v[3], 'weight');
    if (n < 0) throw new Error(`Incorrect multiplicity arg for dihedral coefficients: ${v[1]}`);
    if (w < 0 || w > 1) throw new Error(`Incorrect weight arg for dihedral coefficients: ${v[3]}`);
    return { k, n, d, w };
  }

  protected bind(ntypes: number): void {
    this.series = buildSeries(ntypes, (t) => {
      const c = this.coeffOf(t);
      return [{ k: c.k, m: c.n, d: c.d }];
    });
    this.weight = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) this.weight[t] = this.coeffOf(t).w;
  }

  override init(ntypes: number, host: BondedHost): void {
    super.init(ntypes, host);
    this.weighted = this.weightedPairs();
    if (this.weighted) {
      const t = host.lj14();
      if (!t)
        throw new Error(
          'Dihedral charmm is incompatible with Pair style: a weight > 0 needs a CHARMM pair style (lj14 coefficients)',
        );
      this.lj14 = t.lj14;
      this.lj14Stride = t.ntypes + 1;
    }
  }

  /** True when some type has a 1-4 weight > 0 (LAMMPS weightflag). */
  weightedPairs(): boolean {
    return this.weight.some((w) => w > 0);
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.k} ${c.n} ${c.d} ${c.w}`;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    const e = torsionSeriesForces(ctx.x, ctx.f, atoms, type, n, this.series, ctx.eflag, ctx.eatom);
    if (this.weighted) this.pairs14(ctx, atoms, type, n);
    return e;
  }

  /**
   * The weighted 1-4 pair terms (LAMMPS dihedral_charmm.cpp, non-implicit): with r the 1-4
   * distance, fpair = w (lj1 r^-12 - lj2 r^-6 + qqrd2e q1 q4 / r) / r^2,
   * evdwl = w (lj3 r^-12 - lj4 r^-6), ecoul = w qqrd2e q1 q4 / r.
   */
  private pairs14(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): void {
    const x = ctx.x,
      f = ctx.f,
      at = ctx.type,
      q = ctx.q,
      map = ctx.map;
    const [lj1, lj2, lj3, lj4] = this.lj14;
    const st = this.lj14Stride;
    for (let t = 0; t < n; t++) {
      const w = this.weight[type[t]];
      if (!(w > 0)) continue;
      const a1 = atoms[4 * t],
        a4 = atoms[4 * t + 3];
      const i1 = 3 * a1,
        i4 = 3 * a4;
      const tij = at[a1] * st + at[a4];
      const delx = x[i1] - x[i4],
        dely = x[i1 + 1] - x[i4 + 1],
        delz = x[i1 + 2] - x[i4 + 2];
      const rsq = delx * delx + dely * dely + delz * delz;
      const r2inv = 1.0 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const forcecoul = ctx.qqrd2e * q[map[a1]] * q[map[a4]] * Math.sqrt(r2inv);
      const forcelj = r6inv * (lj1[tij] * r6inv - lj2[tij]);
      const fpair = w * (forcelj + forcecoul) * r2inv;
      f[i1] += delx * fpair;
      f[i1 + 1] += dely * fpair;
      f[i1 + 2] += delz * fpair;
      f[i4] -= delx * fpair;
      f[i4 + 1] -= dely * fpair;
      f[i4 + 2] -= delz * fpair;
      if (ctx.eflag) {
        const ecoul = w * forcecoul;
        const evdwl = w * (r6inv * (lj3[tij] * r6inv - lj4[tij]));
        ctx.ecoul += ecoul;
        ctx.evdwl += evdwl;
        if (ctx.eatom) {
          ctx.eatom[a1] += 0.5 * (ecoul + evdwl);
          ctx.eatom[a4] += 0.5 * (ecoul + evdwl);
        }
      }
    }
  }
}
