import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair, skipsPair } from './manybody_pair.js';

/** Words per entry of a .vashishta file: 3 element names + 14 parameters. */
const NWORDS = 17;
/** Fields of one parameter set in the flat table (LAMMPS PairVashishta::Param). */
export const V_BIGH = 0,
  V_ETA = 1,
  V_CUTSQ = 2,
  V_CUTSQ2 = 3,
  V_R0 = 4,
  V_GAMMA = 5,
  V_BIGB = 6,
  V_BIG2B = 7,
  V_BIGC = 8,
  V_COSTHETA = 9,
  V_LAM1INV = 10,
  V_LAM4INV = 11,
  V_ZIZJ = 12,
  V_MBIGD = 13,
  V_HETA = 14,
  V_BIGW = 15,
  V_BIG6W = 16,
  V_DVRC = 17,
  V_C0 = 18,
  V_NFIELDS = 19;

/**
 * pair_style vashishta (LAMMPS PairVashishta, 29 Sep 2021):
 *   E = Σ_i Σ_{j>i} V2(r_ij) + Σ_i Σ_{j≠i} Σ_{k>j} V3(r_ij, r_ik, θ_jik)
 *   U2(r) = H/r^η + Zi Zj e^{-r/λ1}/r - D e^{-r/λ4}/r⁴ - W/r⁶   (qqr2e on the Coulomb term)
 *   V2(r) = U2(r) - U2(rc) - (r - rc) U2'(rc)                      (shifted force, r < rc)
 *   V3 = B f(r_ij) f(r_ik) (cos θ - cos θ0)² / (1 + C (cos θ - cos θ0)²),  f(r) = e^{γ/(r - r0)} (r < r0)
 * with the (i,j,j) entry for each pair, (i,j,k) for B, C, cos θ0, as LAMMPS. `pair_coeff * * file
 * E1 ... En` (NULL for no element). Full neighbor list; each pair once by LAMMPS's tag parity rule;
 * the three-body loop runs over the neighbors within the largest r0 (LAMMPS's short list).
 * `pairForce` is the two-body hook that pair_style vashishta/table replaces by its tables.
 */
export class PairVashishta extends ManybodyPair {
  readonly style: string = 'vashishta';
  /** The largest r0: the three-body cutoff of the short list. */
  protected r0max = 0;
  /** Outputs of pairForce: F/r and the pair energy. */
  protected fpair = 0;
  protected epair = 0;

  settings(args: string[]): void {
    if (args.length !== 0)
      throw new Error(`Illegal pair_style vashishta command: takes no arguments, got '${args.join(' ')}'`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const rows = this.readTriplets(args, system, NWORDS, 'Vashishta', (v, line) => {
      // Every parameter but Zi, Zj and cos(theta0) must be >= 0 (LAMMPS read_file).
      if (v.some((x, m) => m !== 2 && m !== 3 && m !== 13 && x < 0))
        throw new Error(`Illegal Vashishta parameter in ${path}:${line}`);
    });
    // LAMMPS setup_params: the derived constants, in its operation order.
    const qqr2e = system.units.qqr2e;
    const p = new Float64Array(rows.length * V_NFIELDS);
    let cutmax = 0,
      r0max = 0;
    rows.forEach((v, m) => {
      const [bigh, eta, zi, zj, lambda1, bigd, lambda4, bigw, cut, bigb, gamma, r0, bigc, costheta] = v;
      const o = m * V_NFIELDS;
      const cutsq = cut * cut;
      const lam1inv = lambda1 === 0.0 ? 0.0 : 1.0 / lambda1;
      const lam4inv = lambda4 === 0.0 ? 0.0 : 1.0 / lambda4;
      const zizj = zi * zj * qqr2e;
      const heta = bigh * eta;
      const big6w = 6.0 * bigw;
      const rcinv = 1.0 / cut;
      const rc2inv = 1.0 / cutsq;
      const rc4inv = rc2inv * rc2inv;
      const rc6inv = rc2inv * rc4inv;
      const rceta = Math.pow(rcinv, eta);
      const lam1rc = cut * lam1inv;
      const lam4rc = cut * lam4inv;
      const vrcc2 = zizj * rcinv * Math.exp(-lam1rc);
      const vrcc3 = bigd * rc4inv * Math.exp(-lam4rc);
      const vrc = bigh * rceta + vrcc2 - vrcc3 - bigw * rc6inv;
      const dvrc =
        vrcc3 * (4.0 * rcinv + lam4inv) + big6w * rc6inv * rcinv - heta * rceta * rcinv - vrcc2 * (rcinv + lam1inv);
      p[o + V_BIGH] = bigh;
      p[o + V_ETA] = eta;
      p[o + V_CUTSQ] = cutsq;
      p[o + V_CUTSQ2] = r0 * r0;
      p[o + V_R0] = r0;
      p[o + V_GAMMA] = gamma;
      p[o + V_BIGB] = bigb;
      p[o + V_BIG2B] = 2.0 * bigb;
      p[o + V_BIGC] = bigc;
      p[o + V_COSTHETA] = costheta;
      p[o + V_LAM1INV] = lam1inv;
      p[o + V_LAM4INV] = lam4inv;
      p[o + V_ZIZJ] = zizj;
      p[o + V_MBIGD] = bigd;
      p[o + V_HETA] = heta;
      p[o + V_BIGW] = bigw;
      p[o + V_BIG6W] = big6w;
      p[o + V_DVRC] = dvrc;
      p[o + V_C0] = cut * dvrc - vrc;
      cutmax = Math.max(cutmax, cut);
      r0max = Math.max(r0max, r0);
    });
    this.params = p;
    this.r0max = r0max;
    this.cutmax = Math.max(cutmax, r0max);
    this.setupTables();
  }

  /** Hook for vashishta/table: build its tables once the parameters are known. */
  protected setupTables(): void {}

  /**
   * LAMMPS PairVashishta::twobody: V2(r) and -V2'(r)/r of the parameter set at offset o into
   * `epair`/`fpair`. With vc2 = ZiZj e^{-r/λ1}/r, vc3 = D e^{-r/λ4}/r⁴ and dvrc = -U2'(rc):
   *   -V2'/r = (dvrc r - (4 vc3 + (r/λ4) vc3 + 6W/r⁶ - ηH/r^η - vc2 - (r/λ1) vc2)) / r²
   */
  protected pairForce(o: number, rsq: number): void {
    const p = this.params;
    const r = Math.sqrt(rsq);
    const rinvsq = 1.0 / rsq;
    const r4inv = rinvsq * rinvsq;
    const r6inv = rinvsq * r4inv;
    const reta = Math.pow(r, -p[o + V_ETA]);
    const lam1r = r * p[o + V_LAM1INV];
    const lam4r = r * p[o + V_LAM4INV];
    const vc2 = (p[o + V_ZIZJ] * Math.exp(-lam1r)) / r;
    const vc3 = p[o + V_MBIGD] * r4inv * Math.exp(-lam4r);
    this.fpair =
      (p[o + V_DVRC] * r -
        (4.0 * vc3 + lam4r * vc3 + p[o + V_BIG6W] * r6inv - p[o + V_HETA] * reta - vc2 - lam1r * vc2)) *
      rinvsq;
    this.epair = p[o + V_BIGH] * reta + vc2 - vc3 - p[o + V_BIGW] * r6inv - r * p[o + V_DVRC] + p[o + V_C0];
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      gmap = g.map,
      tag = ctx.system.tag,
      f = out.f;
    const map = this.map,
      e2p = this.elem2param,
      p = this.params;
    const n = this.elements.length;
    const cutshortsq = this.r0max * this.r0max;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const itag = tag[i];
      const itype = map[type[i]];
      const xtmp = x[3 * i],
        ytmp = x[3 * i + 1],
        ztmp = x[3 * i + 2];
      let fxtmp = 0,
        fytmp = 0,
        fztmp = 0;
      const start = first[i],
        end = first[i + 1];
      const short = this.shortList(end - start);
      let numshort = 0;
      // Two-body terms, each pair once (LAMMPS's tag parity rule; self images by position).
      for (let kk = start; kk < end; kk++) {
        const j = list[kk];
        const dx = xtmp - x[3 * j],
          dy = ytmp - x[3 * j + 1],
          dz = ztmp - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cutshortsq) short[numshort++] = j;
        if (skipsPair(itag, tag[gmap[j]], xtmp, ytmp, ztmp, x[3 * j], x[3 * j + 1], x[3 * j + 2])) continue;
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * V_NFIELDS;
        if (rsq >= p[ij + V_CUTSQ]) continue;
        this.pairForce(ij, rsq);
        const fpair = this.fpair;
        fxtmp += dx * fpair;
        fytmp += dy * fpair;
        fztmp += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = this.epair;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
      }
      // Three-body terms over pairs (j, k > j) of the short list, centred on i, within r0.
      for (let jj = 0; jj < numshort - 1; jj++) {
        const j = short[jj];
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * V_NFIELDS;
        const d1x = x[3 * j] - xtmp,
          d1y = x[3 * j + 1] - ytmp,
          d1z = x[3 * j + 2] - ztmp;
        const rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
        if (rsq1 >= p[ij + V_CUTSQ2]) continue;
        // threebody(), the ij half: f(r1) = exp(γ/(r1 - r0)) and its derivative factor.
        const r1 = Math.sqrt(rsq1);
        const rinvsq1 = 1.0 / rsq1;
        const rainv1 = 1.0 / (r1 - p[ij + V_R0]);
        const gsrainv1 = p[ij + V_GAMMA] * rainv1;
        const gsrainvsq1 = (gsrainv1 * rainv1) / r1;
        const expgsrainv1 = Math.exp(gsrainv1);
        let fjx = 0,
          fjy = 0,
          fjz = 0;
        for (let kk = jj + 1; kk < numshort; kk++) {
          const k = short[kk];
          const ktype = map[type[k]];
          const ik = e2p[(itype * n + ktype) * n + ktype] * V_NFIELDS;
          const ijk = e2p[(itype * n + jtype) * n + ktype] * V_NFIELDS;
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          const rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          if (rsq2 >= p[ik + V_CUTSQ2]) continue;
          const r2 = Math.sqrt(rsq2);
          const rinvsq2 = 1.0 / rsq2;
          const rainv2 = 1.0 / (r2 - p[ik + V_R0]);
          const gsrainv2 = p[ik + V_GAMMA] * rainv2;
          const gsrainvsq2 = (gsrainv2 * rainv2) / r2;
          const expgsrainv2 = Math.exp(gsrainv2);
          const rinv12 = 1.0 / (r1 * r2);
          const cs = (d1x * d2x + d1y * d2y + d1z * d2z) * rinv12;
          const delcs = cs - p[ijk + V_COSTHETA];
          const delcssq = delcs * delcs;
          // p(cs) = δ²/(1 + C δ²), dp/dcs = 2δ/(1 + C δ²)².
          const pcsinv = p[ijk + V_BIGC] * delcssq + 1.0;
          const pcsinvsq = pcsinv * pcsinv;
          const pcs = delcssq / pcsinv;
          const facexp = expgsrainv1 * expgsrainv2;
          const facrad = p[ijk + V_BIGB] * facexp * pcs;
          const frad1 = facrad * gsrainvsq1;
          const frad2 = facrad * gsrainvsq2;
          const facang = (p[ijk + V_BIG2B] * facexp * delcs) / pcsinvsq;
          const facang12 = rinv12 * facang;
          const csfacang = cs * facang;
          const csfac1 = rinvsq1 * csfacang;
          const fj0 = d1x * (frad1 + csfac1) - d2x * facang12;
          const fj1 = d1y * (frad1 + csfac1) - d2y * facang12;
          const fj2 = d1z * (frad1 + csfac1) - d2z * facang12;
          const csfac2 = rinvsq2 * csfacang;
          const fk0 = d2x * (frad2 + csfac2) - d1x * facang12;
          const fk1 = d2y * (frad2 + csfac2) - d1y * facang12;
          const fk2 = d2z * (frad2 + csfac2) - d1z * facang12;
          fxtmp -= fj0 + fk0;
          fytmp -= fj1 + fk1;
          fztmp -= fj2 + fk2;
          fjx += fj0;
          fjy += fj1;
          fjz += fj2;
          f[3 * k] += fk0;
          f[3 * k + 1] += fk1;
          f[3 * k + 2] += fk2;
          if (eflag) {
            eSum += facrad;
            // LAMMPS ev_tally3: a third of the energy to each of i, j, k.
            if (eatom !== null) {
              const third = facrad / 3.0;
              eatom[i] += third;
              eatom[j] += third;
              eatom[k] += third;
            }
          }
        }
        f[3 * j] += fjx;
        f[3 * j + 1] += fjy;
        f[3 * j + 2] += fjz;
      }
      f[3 * i] += fxtmp;
      f[3 * i + 1] += fytmp;
      f[3 * i + 2] += fztmp;
    }
    out.energy += eSum;
  }
}
