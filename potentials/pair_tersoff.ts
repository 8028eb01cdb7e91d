import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair, skipsPair } from './manybody_pair.js';
import { num } from '../src/parse.js';

import {
  attractive,
  BIGA,
  BIGD,
  BIGR,
  C0,
  C1,
  C2,
  C3,
  C4,
  CUTSQ,
  exDelrOf,
  LAM1,
  NFIELDS,
  POWERN,
  tersBij,
  tersBijD,
  tersFa,
  tersFaD,
  tersFc,
  tersFcD,
  tersGijk,
} from './tersoff_functions.js';

/**
 * pair_style tersoff [shift δ] (LAMMPS PairTersoff, 29 Sep 2021):
 *   E = ½ Σ_i Σ_{j≠i} fc(r_ij) [fR(r_ij) + b_ij fA(r_ij)],  fR = A e^{-λ1 r},  fA = -B e^{-λ2 r}
 *   b_ij = (1 + (β ζ_ij)^n)^{-1/2n},  ζ_ij = Σ_{k≠i,j} fc(r_ik) g(θ_ijk) exp(λ3^m (r_ij - r_ik)^m)
 *   g(θ) = γ (1 + c²/d² - c²/(d² + (h - cos θ)²)),  fc = ½ - ½ sin(π/2 (r - R)/D) on R-D < r < R+D
 * with LAMMPS's asymptotic forms of b_ij for large and small βζ (c1..c4), the repulsive part
 * once per pair by the tag-parity rule, the bond-order part once per ordered pair (i,j) with the
 * (i,j,j) parameters and (i,j,k) for the k terms. `shift δ` evaluates every distance as r + δ
 * (LAMMPS's shift keyword, for strained hBN). `pair_coeff * * file E1 ... En`. Full neighbor list.
 */
export class PairTersoff extends ManybodyPair {
  readonly style: string = 'tersoff';
  /** Words per file entry: 3 element names + 14 parameters (subclasses read more). */
  protected readonly nwords: number = 17;
  private shiftFlag = false;
  private shift = 0;
  private readonly fi = new Float64Array(3);
  private readonly fj = new Float64Array(3);
  private readonly fk = new Float64Array(3);

  settings(args: string[]): void {
    let k = 0;
    while (k < args.length) {
      if (args[k] === 'shift') {
        if (k + 1 >= args.length) throw new Error(`Illegal pair_style ${this.style} command: shift needs a value`);
        this.shift = num(args[k + 1], 'tersoff shift');
        this.shiftFlag = true;
        k += 2;
      } else {
        throw new Error(`Illegal pair_style ${this.style} command: unknown keyword '${args[k]}'`);
      }
    }
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const rows = this.readTriplets(args, system, this.nwords, 'Tersoff', (v, line) => this.checkEntry(v, path, line));
    // LAMMPS setup_params.
    const p = new Float64Array(rows.length * NFIELDS);
    let cutmax = 0;
    rows.forEach((v, m) => {
      const o = m * NFIELDS;
      this.fillParams(v, p, o);
      const cut = p[o + BIGR] + p[o + BIGD];
      p[o + CUTSQ] = cut * cut;
      cutmax = Math.max(cutmax, cut);
    });
    this.params = p;
    this.cutmax = cutmax;
  }

  /** LAMMPS read_file's checks of one entry's values (words after the three element names). */
  protected checkEntry(v: number[], path: string, line: number): void {
    const [powerm, gamma, lam3, c, d, , powern, beta, lam2, bigb, bigr, bigd, , biga] = v;
    if (
      c < 0 ||
      d < 0 ||
      powern < 0 ||
      beta < 0 ||
      lam2 < 0 ||
      bigb < 0 ||
      bigr < 0 ||
      bigd < 0 ||
      bigd > bigr ||
      lam3 < 0 ||
      biga < 0 ||
      powerm - Math.trunc(powerm) !== 0 ||
      (powerm !== 3 && powerm !== 1) ||
      gamma < 0
    )
      throw new Error(`Illegal Tersoff parameter in ${path}:${line}`);
  }

  /** One entry's values into the set at offset o with LAMMPS setup_params' constants (not the cutoff). */
  protected fillParams(v: number[], p: Float64Array, o: number): void {
    for (let q = 0; q < 14; q++) p[o + q] = v[q];
    const pn = v[POWERN];
    p[o + C1] = Math.pow(2.0 * pn * 1.0e-16, -1.0 / pn);
    p[o + C2] = Math.pow(2.0 * pn * 1.0e-8, -1.0 / pn);
    p[o + C3] = 1.0 / p[o + C2];
    p[o + C4] = 1.0 / p[o + C1];
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
    const shiftFlag = this.shiftFlag,
      shift = this.shift;
    const cutshortsq = this.cutmax * this.cutmax;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    const fi = this.fi,
      fj = this.fj,
      fk = this.fk;
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
      // Repulsive part, each pair once (tag parity; self images by position).
      for (let kk = start; kk < end; kk++) {
        const j = list[kk];
        const dx = xtmp - x[3 * j],
          dy = ytmp - x[3 * j + 1],
          dz = ztmp - x[3 * j + 2];
        let rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cutshortsq) short[numshort++] = j;
        if (skipsPair(itag, tag[gmap[j]], xtmp, ytmp, ztmp, x[3 * j], x[3 * j + 1], x[3 * j + 2])) continue;
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * NFIELDS;
        // shift: r -> r + δ, so r² -> r² + δ² + 2 r δ; the force on the unshifted vector is scaled by (r+δ)/r.
        let forceshiftfac = 1;
        if (shiftFlag) {
          const rsqtmp = rsq + shift * shift + 2 * Math.sqrt(rsq) * shift;
          forceshiftfac = Math.sqrt(rsqtmp / rsq);
          rsq = rsqtmp;
        }
        if (rsq >= p[ij + CUTSQ]) continue;
        // repulsive(): fR = A e^{-λ1 r} fc(r), fpair = -A e^{-λ1 r} (fc' - λ1 fc) / r
        const r = Math.sqrt(rsq);
        const tmpFc = tersFc(r, p, ij);
        const tmpFcD = tersFcD(r, p, ij);
        const tmpExp = Math.exp(-p[ij + LAM1] * r);
        // tersoff/mod/c adds c0 fc(r) (C0 = 0 for the other styles: the same numbers as without it).
        let fpair = (-p[ij + BIGA] * tmpExp * (tmpFcD - tmpFc * p[ij + LAM1])) / r - (p[ij + C0] * tmpFcD) / r;
        if (shiftFlag) fpair *= forceshiftfac;
        fxtmp += dx * fpair;
        fytmp += dy * fpair;
        fztmp += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = tmpFc * p[ij + BIGA] * tmpExp + p[ij + C0] * tmpFc;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
      }
      // Bond-order part, per ordered pair (i, j) of the short list.
      for (let jj = 0; jj < numshort; jj++) {
        const j = short[jj];
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * NFIELDS;
        const d1x = x[3 * j] - xtmp,
          d1y = x[3 * j + 1] - ytmp,
          d1z = x[3 * j + 2] - ztmp;
        let rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
        if (shiftFlag) rsq1 += shift * shift + 2 * Math.sqrt(rsq1) * shift;
        if (rsq1 >= p[ij + CUTSQ]) continue;
        const r1inv = 1.0 / Math.sqrt(d1x * d1x + d1y * d1y + d1z * d1z);
        const h1x = r1inv * d1x,
          h1y = r1inv * d1y,
          h1z = r1inv * d1z;
        let fjx = 0,
          fjy = 0,
          fjz = 0;
        let zetaIJ = 0.0;
        for (let kk = 0; kk < numshort; kk++) {
          if (jj === kk) continue;
          const k = short[kk];
          const ijk = e2p[(itype * n + jtype) * n + map[type[k]]] * NFIELDS;
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          let rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          if (shiftFlag) rsq2 += shift * shift + 2 * Math.sqrt(rsq2) * shift;
          if (rsq2 >= p[ijk + CUTSQ]) continue;
          const r2inv = 1.0 / Math.sqrt(d2x * d2x + d2y * d2y + d2z * d2z);
          // zeta(): fc(r_ik) g(cos θ) exp(arg)
          const rij = Math.sqrt(rsq1),
            rik = Math.sqrt(rsq2);
          const costheta = h1x * (r2inv * d2x) + h1y * (r2inv * d2y) + h1z * (r2inv * d2z);
          const exDelr = exDelrOf(p, ijk, rij, rik);
          zetaIJ += tersFc(rik, p, ijk) * tersGijk(costheta, p, ijk) * exDelr;
        }
        // force_zeta(): the pair force of the bond-order term and dE/dzeta (prefactor).
        const r = Math.sqrt(rsq1);
        const fa = tersFa(r, p, ij);
        const faD = tersFaD(r, p, ij);
        const bij = tersBij(zetaIJ, p, ij);
        const fforce = 0.5 * bij * faD;
        const prefactor = -0.5 * fa * tersBijD(zetaIJ, p, ij);
        if (eflag) {
          const e = 0.5 * bij * fa;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
        const fpair = fforce * r1inv;
        fxtmp += d1x * fpair;
        fytmp += d1y * fpair;
        fztmp += d1z * fpair;
        fjx -= d1x * fpair;
        fjy -= d1y * fpair;
        fjz -= d1z * fpair;
        for (let kk = 0; kk < numshort; kk++) {
          if (jj === kk) continue;
          const k = short[kk];
          const ijk = e2p[(itype * n + jtype) * n + map[type[k]]] * NFIELDS;
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          let rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          if (shiftFlag) rsq2 += shift * shift + 2 * Math.sqrt(rsq2) * shift;
          if (rsq2 >= p[ijk + CUTSQ]) continue;
          const r2inv = 1.0 / Math.sqrt(d2x * d2x + d2y * d2y + d2z * d2z);
          attractive(
            p,
            ijk,
            prefactor,
            rsq1,
            rsq2,
            h1x,
            h1y,
            h1z,
            r2inv * d2x,
            r2inv * d2y,
            r2inv * d2z,
            shiftFlag,
            shift,
            fi,
            fj,
            fk,
          );
          fxtmp += fi[0];
          fytmp += fi[1];
          fztmp += fi[2];
          fjx += fj[0];
          fjy += fj[1];
          fjz += fj[2];
          f[3 * k] += fk[0];
          f[3 * k + 1] += fk[1];
          f[3 * k + 2] += fk[2];
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
