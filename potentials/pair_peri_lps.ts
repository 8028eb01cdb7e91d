import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import { NEAR_ZERO, PairPeri, tallyBondEnergy, tallyVirial } from './pair_peri.js';

/**
 * pair_style peri/lps (LAMMPS PairPeriLPS, 29 Sep 2021): the linear peridynamic solid, a
 * state-based model. pair_coeff I J K G δ s00 α: bulk modulus K, shear modulus G, horizon δ and
 * the critical stretch law. Influence function ω(ξ) = 1/|ξ|.
 *
 * With the dilatation θ_i (PairPeri.dilatation) and the weighted volume m_i (fix PERI_NEIGH), each
 * unbroken bond pulls i with
 *   rk = (3K − 5G) vfrac_j s(ξ) (ω θ_i/m_i + ω θ_j/m_j) r0 + 15 G vfrac_j s(ξ) (ω/m_i + ω/m_j) e,
 * e = r − r0; energy ½ K θ_i² per particle plus ½·15 G/m_i ω e_d² vfrac_j s(ξ) per bond direction
 * with the deviatoric extension e_d = e − θ_i r0/3. Breaking and the s0 update as peri/pmb.
 */
export class PairPeriLPS extends PairPeri {
  readonly style: string = 'peri/lps';
  protected readonly coeffNames: readonly string[] = ['K', 'G', 'cut', 's00', 'alpha'];
  readonly needsVes: boolean = false;
  readonly needsEps: boolean = false;
  /** Dilatation θ per atom of the last compute (compute dilatation/atom reads it). */
  theta = new Float64Array(0);

  /** The short-range force constant of the bond-based model for this bulk modulus (LAMMPS kshort). */
  protected contactStiffness(i: number, j: number): number {
    const cutsq = this.cutsq(i, j);
    // LAMMPS writes π as 3.141592653589793: the same double as Math.PI
    return (15.0 * 18.0 * this.c('K', i, i)) / (Math.PI * cutsq * cutsq);
  }

  override influence(dx: number, dy: number, dz: number): number {
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (Math.abs(r) < NEAR_ZERO) throw new Error(`Divide by 0 in influence function of pair ${this.style}`);
    return 1.0 / r;
  }

  /** θ for the current positions, after the contact forces (LAMMPS's order); returns the atom map. */
  protected prepare(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): Int32Array {
    this.contactForces(ctx, out, flags);
    const s = ctx.system;
    this.reserveAtoms(s.n);
    if (this.theta.length < s.n) this.theta = new Float64Array(this.s0New.length);
    const local = this.fix!.localIndex(s);
    this.dilatation(s, local, this.theta);
    // volume-dependent part of the energy, ½ K θ² per particle
    if (flags.energy) {
      const st = this.ntypes + 1,
        kTab = this.tab[0],
        theta = this.theta,
        eatom = flags.eatom ? out.eatom : null;
      for (let i = 0; i < s.n; i++) {
        const e = 0.5 * kTab[s.type[i] * (st + 1)] * (theta[i] * theta[i]);
        out.energy += e;
        if (eatom) eatom[i] += e;
      }
    }
    return local;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const local = this.prepare(ctx, out, flags);
    const s = ctx.system;
    const fx = this.fix!;
    const n = s.n;
    const s0New = this.s0New,
      theta = this.theta;
    const p = s.peri!;
    const type = s.type,
      vfrac = p.vfrac,
      s0 = p.s0,
      f = out.f;
    const mp = fx.maxpartner,
      npartner = fx.npartner,
      partner = fx.partner,
      r0 = fx.r0,
      vscale = fx.vscale,
      wvolume = fx.wvolume;
    const st = this.ntypes + 1;
    const kTab = this.tab[0],
      gTab = this.tab[1],
      s00Tab = this.tab[3],
      alphaTab = this.tab[4];
    const eflag = flags.energy,
      vflag = flags.virial,
      eatom = flags.eatom ? out.eatom : null;
    const omega = fx.omega,
      bdx = this.bdx,
      bdy = this.bdy,
      bdz = this.bdz,
      br = this.br;
    for (let i = 0; i < n; i++) {
      const it = type[i] * st;
      const ii = type[i] * (st + 1);
      let first = true;
      for (let k = i * mp; k < i * mp + npartner[i]; k++) {
        if (partner[k] === 0) continue;
        const j = local[partner[k]];
        if (j < 0) {
          partner[k] = 0;
          continue;
        }
        // this step's geometry, from the dilatation pass
        const r = br[k],
          delx = bdx[k],
          dely = bdy[k],
          delz = bdz[k];
        const ij = it + type[j];
        let dr = r - r0[k];
        if (Math.abs(dr) < NEAR_ZERO) dr = 0.0;
        // ω(−ξ) = ω(ξ) bit for bit (LAMMPS's omega_plus and omega_minus)
        const omegaPlus = omega[k],
          omegaMinus = omega[k];
        const vs = vscale[k];
        let rk =
          (3.0 * kTab[ii] - 5.0 * gTab[ii]) *
          vfrac[j] *
          vs *
          ((omegaPlus * theta[i]) / wvolume[i] + (omegaMinus * theta[j]) / wvolume[j]) *
          r0[k];
        rk += 15.0 * (gTab[ii] * vfrac[j] * vs) * (omegaPlus / wvolume[i] + omegaMinus / wvolume[j]) * dr;
        const fbond = r > 0.0 ? -(rk / r) : 0.0;
        f[3 * i] += delx * fbond;
        f[3 * i + 1] += dely * fbond;
        f[3 * i + 2] += delz * fbond;
        if (eflag) {
          const ed = dr - (theta[i] * r0[k]) / 3.0;
          const evdwl = 0.5 * 15 * (gTab[ii] / wvolume[i]) * omegaPlus * (ed * ed) * vfrac[j] * vs;
          tallyBondEnergy(out, eatom, i, evdwl);
        }
        if (vflag) tallyVirial(out.virial, delx, dely, delz, 0.5 * fbond * vfrac[i], 2);
        const stretch = dr / r0[k];
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
