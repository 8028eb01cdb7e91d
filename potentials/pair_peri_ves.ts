import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import { NEAR_ZERO, tallyBondEnergy, tallyVirial } from './pair_peri.js';
import { PairPeriLPS } from './pair_peri_lps.js';

/**
 * pair_style peri/ves (LAMMPS PairPeriVES, 29 Sep 2021): the viscoelastic state-based model of
 * Rahman and Foster. pair_coeff I J K G δ s00 α λ τ: peri/lps's moduli, horizon and critical
 * stretch law plus the viscous fraction λ and relaxation time τ of the deviatoric part.
 *
 * The dilatational force is peri/lps's 3K term. The deviatoric extension e_d = e − θ_i r0/3 splits
 * into an elastic part (1 − λ) and a Maxwell element λ whose back extension e_b follows
 *   e_b(n+1) = e_d(n) (1 − d) + e_b(n) d + β Δe_d,  d = exp(−dt/τ), β = 1 − (τ/dt)(1 − d),
 * from each bond's stored e_d and e_b (fix PERI_NEIGH); the deviatoric force is
 *   15 G vfrac_j s(ξ) (ω/m_i + ω/m_j) [(1 − λ) e_d + λ (e_d − e_b)].
 */
export class PairPeriVES extends PairPeriLPS {
  override readonly style = 'peri/ves';
  protected override readonly coeffNames = ['K', 'G', 'cut', 's00', 'alpha', 'lambda', 'tau'];
  override readonly needsVes = true;

  override compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
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
      wvolume = fx.wvolume,
      edev = fx.deviatorExtension,
      eback = fx.deviatorBackExtension;
    const st = this.ntypes + 1;
    const kTab = this.tab[0],
      gTab = this.tab[1],
      s00Tab = this.tab[3],
      alphaTab = this.tab[4],
      lambdaTab = this.tab[5],
      tauTab = this.tab[6];
    const dt = this.sim!.dt;
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
        const vs = vscale[k];
        // ω(−ξ) = ω(ξ) bit for bit (LAMMPS's omega_plus and omega_minus)
        const omegaPlus = omega[k],
          omegaMinus = omega[k];
        const rk =
          3.0 *
          kTab[ii] *
          vfrac[j] *
          vs *
          ((omegaPlus * theta[i]) / wvolume[i] + (omegaMinus * theta[j]) / wvolume[j]) *
          r0[k];
        let fbond = r > 0.0 ? -(rk / r) : 0.0;
        // viscoelastic deviatoric part
        const lambdai = lambdaTab[ii];
        const taui = tauTab[ii];
        const c1 = taui / dt;
        const decay = Math.exp(-1.0 / c1);
        const betai = 1 - c1 * (1 - decay);
        const ed = dr - (theta[i] * r0[k]) / 3.0;
        const deltaed = ed - edev[k];
        const edbNp1 = edev[k] * (1 - decay) + eback[k] * decay + betai * deltaed;
        const wsum = omegaPlus / wvolume[i] + omegaMinus / wvolume[j];
        let rkNew = (1 - lambdai) * 15.0 * (gTab[ii] * vfrac[j] * vs) * wsum * ed;
        rkNew += lambdai * 15.0 * (gTab[ii] * vfrac[j] * vs) * wsum * (ed - edbNp1);
        const fbondVE = r > 0.0 ? -(rkNew / r) : 0.0;
        fbond = fbond + fbondVE;
        f[3 * i] += delx * fbond;
        f[3 * i + 1] += dely * fbond;
        f[3 * i + 2] += delz * fbond;
        if (eflag) {
          const evdwl =
            (((0.5 * 15 * (1 - lambdai) * gTab[ii]) / wvolume[i]) * omegaPlus * ed * ed +
              ((0.5 * 15 * lambdai * gTab[ii]) / wvolume[i]) * omegaPlus * (ed - edbNp1) * (ed - edbNp1)) *
            vfrac[j] *
            vs;
          tallyBondEnergy(out, eatom, i, evdwl);
        }
        if (vflag) tallyVirial(out.virial, delx, dely, delz, 0.5 * fbond * vfrac[i], 2);
        edev[k] = ed;
        eback[k] = edbNp1;
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
