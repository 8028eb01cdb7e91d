import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import { NEAR_ZERO, PairPeri, tallyBondEnergy, tallyVirial } from './pair_peri.js';

/**
 * pair_style peri/pmb (LAMMPS PairPeriPMB, 29 Sep 2021): the prototype microelastic brittle
 * bond-based model. pair_coeff I J c δ s00 α: spring constant c (energy/length⁵... force density
 * per volume² per stretch), horizon δ, and the critical stretch law s0 = s00 − α s_min.
 *
 * Each unbroken bond i–j with stretch s = (r − r0)/r0 pulls i with rk = c vfrac_j s(ξ) s,
 * F_i = −rk/r (x_i − x_j), energy ½ rk (r − r0) per direction. A bond breaks when its stretch
 * exceeds min(s0_i, s0_j) of the previous step; each particle's s0 is then updated to
 * max over its bonds of s00 − α s (LAMMPS's order: forces, breaking test, s0 update).
 */
export class PairPeriPMB extends PairPeri {
  readonly style = 'peri/pmb';
  protected readonly coeffNames = ['c', 'cut', 's00', 'alpha'] as const;
  readonly needsVes = false;
  readonly needsEps = false;

  protected contactStiffness(i: number, j: number): number {
    return 15.0 * this.c('c', i, j);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    this.contactForces(ctx, out, flags);
    const s = ctx.system;
    const fx = this.fix!;
    const n = s.n;
    this.reserveAtoms(n);
    const s0New = this.s0New;
    const local = fx.localIndex(s);
    const p = s.peri!;
    const x = ctx.ghosts.xAll,
      type = s.type,
      vfrac = p.vfrac,
      s0 = p.s0,
      f = out.f;
    const mp = fx.maxpartner,
      npartner = fx.npartner,
      partner = fx.partner,
      r0 = fx.r0,
      vscale = fx.vscale;
    const st = this.ntypes + 1;
    const cTab = this.tab[0],
      s00Tab = this.tab[2],
      alphaTab = this.tab[3];
    const box = s.box;
    const periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
    const eflag = flags.energy,
      vflag = flags.virial,
      eatom = flags.eatom ? out.eatom : null;
    const d = new Float64Array(3);
    for (let i = 0; i < n; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const it = type[i] * st;
      s0New[i] = Number.MAX_VALUE;
      let first = true;
      for (let k = i * mp; k < i * mp + npartner[i]; k++) {
        if (partner[k] === 0) continue;
        const j = local[partner[k]];
        // a partner lost without its bond breaking first
        if (j < 0) {
          partner[k] = 0;
          continue;
        }
        let delx = xt - x[3 * j],
          dely = yt - x[3 * j + 1],
          delz = zt - x[3 * j + 2];
        if (periodic) {
          d[0] = delx;
          d[1] = dely;
          d[2] = delz;
          box.minimumImage(d);
          delx = d[0];
          dely = d[1];
          delz = d[2];
        }
        const rsq = delx * delx + dely * dely + delz * delz;
        const ij = it + type[j];
        const r = Math.sqrt(rsq);
        let dr = r - r0[k];
        if (Math.abs(dr) < NEAR_ZERO) dr = 0.0;
        const stretch = dr / r0[k];
        const rk = cTab[ij] * vfrac[j] * vscale[k] * stretch;
        const fbond = r > 0.0 ? -(rk / r) : 0.0;
        f[3 * i] += delx * fbond;
        f[3 * i + 1] += dely * fbond;
        f[3 * i + 2] += delz * fbond;
        // I-J appears twice in the families: each direction tallies half (newton off, i,i)
        if (eflag) tallyBondEnergy(out, eatom, i, 0.5 * rk * dr);
        if (vflag) tallyVirial(out.virial, delx, dely, delz, 0.5 * fbond * vfrac[i], 2);
        // break with the previous step's s0, then this step's s0 for the next
        if (stretch > Math.min(s0[i], s0[j])) partner[k] = 0;
        const snew = s00Tab[ij] - alphaTab[ij] * stretch;
        if (first) s0New[i] = snew;
        else s0New[i] = Math.max(s0New[i], snew);
        first = false;
      }
    }
    for (let i = 0; i < n; i++) s0[i] = s0New[i];
  }
}
