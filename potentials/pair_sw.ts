import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair, skipsPair } from './manybody_pair.js';

/** Words per entry of a .sw file: 3 element names + 11 parameters. */
const NWORDS = 14;
/** Per-parameter-set fields in the flat table. */
const EPSILON = 0,
  SIGMA = 1,
  CUT = 2,
  CUTSQ = 3,
  SIGMA_GAMMA = 4,
  LAMBDA_EPSILON = 5,
  LAMBDA_EPSILON2 = 6,
  COSTHETA = 7,
  POWERP = 8,
  POWERQ = 9,
  C1 = 10,
  C2 = 11,
  C3 = 12,
  C4 = 13,
  C5 = 14,
  C6 = 15,
  NFIELDS = 16;

/**
 * pair_style sw (LAMMPS PairSW, 29 Sep 2021), Stillinger-Weber:
 *   E = Σ_i Σ_{j>i} φ2(r_ij) + Σ_i Σ_{j≠i} Σ_{k>j} φ3(r_ij, r_ik, θ_jik)
 *   φ2 = A ε (B (σ/r)^p - (σ/r)^q) exp(σ / (r - aσ))
 *   φ3 = λ ε (cos θ - cos θ0)² exp(γσ/(r_ij - aσ)) exp(γσ/(r_ik - aσ))
 * with the parameters of entry (i,j,j) for the pair, (i,j,k) for λ ε and cos θ0, (i,j,j)/(i,k,k)
 * for the radial factors, as LAMMPS. `pair_coeff * * file.sw E1 ... En` (NULL for no element).
 * Full neighbor list; each pair is taken once by LAMMPS's tag parity rule, so energies are
 * tallied as LAMMPS does. The cutoff aσ is widened by the `tol` column (LAMMPS setup_params).
 * λε and cos θ0 come from entry (i,j,k) with j before k in i's neighbor list: files whose (i,j,k)
 * and (i,k,j) entries differ (CdTeZnSeHgS0.sw agrees only to ~6 digits) make the energy depend on
 * the list order, which is LAMMPS's bin-stencil order there and ours here (docs/pair_styles.md).
 */
export class PairSW extends ManybodyPair {
  readonly style = 'sw';

  settings(args: string[]): void {
    if (args.length !== 0)
      throw new Error(`Illegal pair_style sw command: takes no arguments, got '${args.join(' ')}'`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const rows = this.readTriplets(args, system, NWORDS, 'Stillinger-Weber', (v, line) => {
      // Every parameter but cos(theta0) must be >= 0 (LAMMPS read_file).
      if (v.some((x, m) => m !== 5 && x < 0)) throw new Error(`Illegal Stillinger-Weber parameter in ${path}:${line}`);
    });
    // LAMMPS setup_params: derived constants.
    const p = new Float64Array(rows.length * NFIELDS);
    let cutmax = 0;
    rows.forEach((v, m) => {
      const [epsilon, sigma, littlea, lambda, gamma, costheta, biga, bigb, powerp, powerq] = v;
      let tol = v[10];
      const o = m * NFIELDS;
      const cut = sigma * littlea;
      let rtmp = cut;
      if (tol > 0.0) {
        if (tol > 0.01) tol = 0.01;
        if (gamma < 1.0) rtmp = rtmp + (gamma * sigma) / Math.log(tol);
        else rtmp = rtmp + sigma / Math.log(tol);
      }
      p[o + EPSILON] = epsilon;
      p[o + SIGMA] = sigma;
      p[o + CUT] = cut;
      p[o + CUTSQ] = rtmp * rtmp;
      p[o + SIGMA_GAMMA] = sigma * gamma;
      p[o + LAMBDA_EPSILON] = lambda * epsilon;
      p[o + LAMBDA_EPSILON2] = 2.0 * lambda * epsilon;
      p[o + COSTHETA] = costheta;
      p[o + POWERP] = powerp;
      p[o + POWERQ] = powerq;
      p[o + C1] = biga * epsilon * powerp * bigb * Math.pow(sigma, powerp);
      p[o + C2] = biga * epsilon * powerq * Math.pow(sigma, powerq);
      p[o + C3] = biga * epsilon * bigb * Math.pow(sigma, powerp + 1.0);
      p[o + C4] = biga * epsilon * Math.pow(sigma, powerq + 1.0);
      p[o + C5] = biga * epsilon * bigb * Math.pow(sigma, powerp);
      p[o + C6] = biga * epsilon * Math.pow(sigma, powerq);
      cutmax = Math.max(cutmax, Math.sqrt(p[o + CUTSQ]));
    });
    this.params = p;
    this.cutmax = cutmax;
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
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * NFIELDS;
        if (rsq >= p[ij + CUTSQ]) continue;
        short[numshort++] = j;
        if (skipsPair(itag, tag[gmap[j]], xtmp, ytmp, ztmp, x[3 * j], x[3 * j + 1], x[3 * j + 2])) continue;
        // twobody(): fforce = (c1 r^-p - c2 r^-q + (c3 r^-p - c4 r^-q) / ((r - a sigma)² r)) exp(sigma/(r - a sigma)) / r²
        const r = Math.sqrt(rsq);
        const rinvsq = 1.0 / rsq;
        const rp = Math.pow(r, -p[ij + POWERP]);
        const rq = Math.pow(r, -p[ij + POWERQ]);
        const rainv = 1.0 / (r - p[ij + CUT]);
        const rainvsq = rainv * rainv * r;
        const expsrainv = Math.exp(p[ij + SIGMA] * rainv);
        const fpair =
          (p[ij + C1] * rp - p[ij + C2] * rq + (p[ij + C3] * rp - p[ij + C4] * rq) * rainvsq) * expsrainv * rinvsq;
        fxtmp += dx * fpair;
        fytmp += dy * fpair;
        fztmp += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = (p[ij + C5] * rp - p[ij + C6] * rq) * expsrainv;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
      }
      // Three-body terms over pairs (j, k > j) of the short list, centred on i.
      for (let jj = 0; jj < numshort - 1; jj++) {
        const j = short[jj];
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * NFIELDS;
        const d1x = x[3 * j] - xtmp,
          d1y = x[3 * j + 1] - ytmp,
          d1z = x[3 * j + 2] - ztmp;
        const rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
        const r1 = Math.sqrt(rsq1);
        const rinvsq1 = 1.0 / rsq1;
        const rainv1 = 1.0 / (r1 - p[ij + CUT]);
        const gsrainv1 = p[ij + SIGMA_GAMMA] * rainv1;
        const gsrainvsq1 = (gsrainv1 * rainv1) / r1;
        const expgsrainv1 = Math.exp(gsrainv1);
        let fjx = 0,
          fjy = 0,
          fjz = 0;
        for (let kk = jj + 1; kk < numshort; kk++) {
          const k = short[kk];
          const ktype = map[type[k]];
          const ik = e2p[(itype * n + ktype) * n + ktype] * NFIELDS;
          const ijk = e2p[(itype * n + jtype) * n + ktype] * NFIELDS;
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          const rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          // threebody(): the angular term and its forces on j and k (LAMMPS's operation order).
          const r2 = Math.sqrt(rsq2);
          const rinvsq2 = 1.0 / rsq2;
          const rainv2 = 1.0 / (r2 - p[ik + CUT]);
          const gsrainv2 = p[ik + SIGMA_GAMMA] * rainv2;
          const gsrainvsq2 = (gsrainv2 * rainv2) / r2;
          const expgsrainv2 = Math.exp(gsrainv2);
          const rinv12 = 1.0 / (r1 * r2);
          const cs = (d1x * d2x + d1y * d2y + d1z * d2z) * rinv12;
          const delcs = cs - p[ijk + COSTHETA];
          const delcssq = delcs * delcs;
          const facexp = expgsrainv1 * expgsrainv2;
          const facrad = p[ijk + LAMBDA_EPSILON] * facexp * delcssq;
          const frad1 = facrad * gsrainvsq1;
          const frad2 = facrad * gsrainvsq2;
          const facang = p[ijk + LAMBDA_EPSILON2] * facexp * delcs;
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
