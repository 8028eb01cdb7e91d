import { ColumnCoeffStyle } from './column_coeff_style.js';
import type { BondedContext, BondedHost } from './bonded_style.js';

/** 2^(1/3) (LAMMPS MY_CUBEROOT2, rounded to the double it becomes): the WCA cutoff (2^(1/6) σ)² in units of σ². */
const MY_CUBEROOT2 = 1.2599210498948732;

/**
 * bond_style fene (LAMMPS BondFENE), coefficients `K R0 epsilon sigma`:
 *   E = -½ K R0² ln(1 - (r/R0)²) + [4ε((σ/r)¹² - (σ/r)⁶) + ε for r < 2^(1/6) σ]
 * As LAMMPS, a bond stretched to 1 - (r/R0)² < 0.1 gets a warning and the log argument is held at
 * 0.1; at 1 - (r/R0)² ≤ -3 the run stops ("Bad FENE bond"). Use with `special_bonds fene`.
 */
export class BondFENE extends ColumnCoeffStyle {
  readonly kind = 'bond' as const;
  readonly style = 'fene';
  protected readonly coeffNames = ['K', 'R0', 'epsilon', 'sigma'] as const;
  private k = new Float64Array(0);
  private r0 = new Float64Array(0);
  private epsilon = new Float64Array(0);
  private sigma = new Float64Array(0);
  /** Prints a warning for each over-stretched bond (the host's, from init). */
  private warn: ((msg: string) => void) | null = null;

  override init(ntypes: number, host: BondedHost): void {
    super.init(ntypes, host);
    this.warn = (msg) => host.warn(msg);
    // LAMMPS BondFENE::init_style.
    const w = host.specialLj;
    if (w[1] !== 0.0 || w[2] !== 1.0 || w[3] !== 1.0) host.warn('Use special bonds = 0,1,1 with bond style fene');
  }

  protected override bind(ntypes: number): void {
    super.bind(ntypes);
    [this.k, this.r0, this.epsilon, this.sigma] = this.col;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    const x = ctx.x,
      f = ctx.f,
      eatom = ctx.eatom;
    let energy = 0;
    for (let t = 0; t < n; t++) {
      const i1 = 3 * atoms[2 * t],
        i2 = 3 * atoms[2 * t + 1];
      const tt = type[t];
      const delx = x[i1] - x[i2],
        dely = x[i1 + 1] - x[i2 + 1],
        delz = x[i1 + 2] - x[i2 + 2];
      const rsq = delx * delx + dely * dely + delz * delz;
      const r0sq = this.r0[tt] * this.r0[tt];
      let rlogarg = 1.0 - rsq / r0sq;
      if (rlogarg < 0.1) {
        this.warn?.(`FENE bond too long: ${Math.sqrt(rsq)}`);
        if (rlogarg <= -3.0) throw new Error(`Bad FENE bond: length ${Math.sqrt(rsq)} with R0 ${this.r0[tt]}`);
        rlogarg = 0.1;
      }
      // -dE/dr / r of the log term, then the WCA repulsion inside 2^(1/6) σ.
      let fbond = -this.k[tt] / rlogarg;
      const sig2 = this.sigma[tt] * this.sigma[tt];
      const eps = this.epsilon[tt];
      let sr6 = 0;
      const wca = rsq < MY_CUBEROOT2 * sig2;
      if (wca) {
        const sr2 = sig2 / rsq;
        sr6 = sr2 * sr2 * sr2;
        fbond += (48.0 * eps * sr6 * (sr6 - 0.5)) / rsq;
      }
      f[i1] += delx * fbond;
      f[i1 + 1] += dely * fbond;
      f[i1 + 2] += delz * fbond;
      f[i2] -= delx * fbond;
      f[i2 + 1] -= dely * fbond;
      f[i2 + 2] -= delz * fbond;
      if (ctx.eflag) {
        let e = -0.5 * this.k[tt] * r0sq * Math.log(rlogarg);
        if (wca) e += 4.0 * eps * sr6 * (sr6 - 1.0) + eps;
        energy += e;
        if (eatom) {
          eatom[i1 / 3] += 0.5 * e;
          eatom[i2 / 3] += 0.5 * e;
        }
      }
    }
    return energy;
  }
}
