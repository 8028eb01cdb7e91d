import { crPow } from '../src/exact_math.js';
import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import { NEAR_ZERO, tallyBondEnergy, tallyVirial } from './pair_peri.js';
import { PairPeriLPS } from './pair_peri_lps.js';

/**
 * pair_style peri/eps (LAMMPS PairPeriEPS, 29 Sep 2021): the elastic-plastic state-based model of
 * Mitchell as implemented by Rahman and Foster. pair_coeff I J K G δ s00 α σY: peri/lps's
 * moduli, horizon and critical stretch law plus the yield stress σY.
 *
 * Per particle, the norm of the trial deviatoric force state ‖t_d‖ (over i's bonds, with the
 * stored plastic extension e_p of each bond) is tested against the yield surface
 * f = ‖t_d‖²/2 − ψ0, ψ0 = 25 σY² / (8 π δ⁵). Elastic particles use the trial force
 * t_d = 15 G (ω/m_i + ω/m_j)(e_d − e_p); yielding ones scale it back to the surface,
 * √(2ψ0) t_d / ‖t_d‖, accumulate Δλ = (‖t_d‖/√(2ψ0) − 1) m_i / (15 G) and update e_p += t_d Δλ.
 * As in LAMMPS, the stored e_p of every bond of an elastic particle is reset to 0 after the step.
 */
export class PairPeriEPS extends PairPeriLPS {
  override readonly style = 'peri/eps';
  protected override readonly coeffNames = ['K', 'G', 'cut', 's00', 'alpha', 'yield'];
  override readonly needsEps = true;
  /** Plastic extension of this step's bonds (LAMMPS deviatorPlasticExtTemp), n x maxpartner. */
  private plasticTemp = new Float64Array(0);

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
      eplast = fx.deviatorPlasticExtension,
      lambdaValue = fx.lambdaValue;
    const st = this.ntypes + 1;
    const kTab = this.tab[0],
      gTab = this.tab[1],
      cutTab = this.tab[2],
      s00Tab = this.tab[3],
      alphaTab = this.tab[4],
      yieldTab = this.tab[5];
    const eflag = flags.energy,
      vflag = flags.virial,
      eatom = flags.eatom ? out.eatom : null;
    if (this.plasticTemp.length < n * mp) this.plasticTemp = new Float64Array(n * mp);
    const temp = this.plasticTemp;
    // the yield value ψ0 = 25 σY² / 8 / π / δ⁵ of each type (LAMMPS pointwiseYieldvalue, per particle)
    const psi0 = new Float64Array(st);
    for (let t = 1; t < st; t++) {
      const yieldStress = yieldTab[t * (st + 1)];
      psi0[t] = (25.0 * yieldStress * yieldStress) / 8 / Math.PI / crPow(cutTab[t * (st + 1)], 5);
    }
    temp.fill(0, 0, n * mp);
    const omega = fx.omega,
      bdx = this.bdx,
      bdy = this.bdy,
      bdz = this.bdz,
      br = this.br;
    for (let i = 0; i < n; i++) {
      const it = type[i] * st;
      const ii = type[i] * (st + 1);
      let first = true;
      const tdnorm = this.deviatoricForceStateNorm(s, local, i);
      const pointwiseYield = psi0[type[i]];
      const fsurf = (tdnorm * tdnorm) / 2 - pointwiseYield;
      const elastic = !(fsurf > 0);
      let deltalambda = 0;
      if (!elastic) {
        deltalambda = ((tdnorm / Math.sqrt(2.0 * pointwiseYield) - 1.0) * wvolume[i]) / (15 * gTab[ii]);
        lambdaValue[i] = lambdaValue[i] + deltalambda;
      }
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
        // elastic (dilatational) part
        const rk =
          3.0 * kTab[ii] * ((omegaPlus * theta[i]) / wvolume[i] + (omegaMinus * theta[j]) / wvolume[j]) * r0[k];
        let fbond = r > 0.0 ? -((rk / r) * vfrac[j] * vs) : 0.0;
        // plastic (deviatoric) part
        const ed = dr - (theta[i] * r0[k]) / 3.0;
        const edpNp1 = eplast[k];
        const tdtrial = 15 * gTab[ii] * (omegaPlus / wvolume[i] + omegaMinus / wvolume[j]) * (ed - edpNp1);
        let rkNew: number;
        if (elastic) rkNew = tdtrial;
        else {
          rkNew = (Math.sqrt(2.0 * pointwiseYield) * tdtrial) / tdnorm;
          temp[k] = edpNp1 + rkNew * deltalambda;
        }
        const fbondEP = r > 0.0 ? -((rkNew / r) * vfrac[j] * vs) : 0.0;
        fbond = fbond + fbondEP;
        f[3 * i] += delx * fbond;
        f[3 * i + 1] += dely * fbond;
        f[3 * i + 2] += delz * fbond;
        if (eflag) {
          const evdwl =
            ((0.5 * 15 * gTab[ii]) / wvolume[i]) * omegaPlus * (ed - edpNp1) * (ed - edpNp1) * vfrac[j] * vs;
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
    eplast.set(temp.subarray(0, n * mp));
  }

  /**
   * ‖t_d‖ of particle i (LAMMPS compute_DeviatoricForceStateNorm): √(Σ_j t_d² vfrac_j s(ξ)) with
   * t_d = 15 G (ω θ_i/m_i + ω θ_j/m_j)(e_d − e_p), the θ-weighted form LAMMPS uses here.
   * Partners lost without breaking are marked broken, as there.
   */
  private deviatoricForceStateNorm(s: PairContext['system'], local: Int32Array, i: number): number {
    const fx = this.fix!;
    const vfrac = s.peri!.vfrac,
      theta = this.theta,
      wvolume = fx.wvolume,
      r0 = fx.r0,
      omega = fx.omega,
      partner = fx.partner,
      eplast = fx.deviatorPlasticExtension,
      br = this.br;
    const st = this.ntypes + 1;
    const g = this.tab[1][s.type[i] * (st + 1)];
    const mp = fx.maxpartner;
    let norm = 0.0;
    for (let k = i * mp; k < i * mp + fx.npartner[i]; k++) {
      if (partner[k] === 0) continue;
      const j = local[partner[k]];
      if (j < 0) {
        partner[k] = 0;
        continue;
      }
      let dr = br[k] - r0[k];
      if (Math.abs(dr) < NEAR_ZERO) dr = 0.0;
      const ed = dr - (theta[i] * r0[k]) / 3;
      const edPNP1 = eplast[k];
      const omegaPlus = omega[k],
        omegaMinus = omega[k];
      const tdtrial =
        15 * g * ((omegaPlus * theta[i]) / wvolume[i] + (omegaMinus * theta[j]) / wvolume[j]) * (ed - edPNP1);
      norm += tdtrial * tdtrial * vfrac[j] * fx.vscale[k];
    }
    return Math.sqrt(norm);
  }
}
