import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair, skipsPair } from './manybody_pair.js';
import { num } from '../src/parse.js';

/** Words per entry of a .tersoff file: 3 element names + 14 parameters. */
const NWORDS = 17;
/** Fields of one parameter set in the flat table. */
const POWERM = 0,
  GAMMA = 1,
  LAM3 = 2,
  C = 3,
  D = 4,
  H = 5,
  POWERN = 6,
  BETA = 7,
  LAM2 = 8,
  BIGB = 9,
  BIGR = 10,
  BIGD = 11,
  LAM1 = 12,
  BIGA = 13,
  CUTSQ = 14,
  C1 = 15,
  C2 = 16,
  C3 = 17,
  C4 = 18,
  NFIELDS = 19;

const MY_PI2 = Math.PI / 2,
  MY_PI4 = Math.PI / 4;

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
  readonly style = 'tersoff';
  private shiftFlag = false;
  private shift = 0;
  private readonly fi = new Float64Array(3);
  private readonly fj = new Float64Array(3);
  private readonly fk = new Float64Array(3);

  settings(args: string[]): void {
    let k = 0;
    while (k < args.length) {
      if (args[k] === 'shift') {
        if (k + 1 >= args.length) throw new Error('Illegal pair_style tersoff command: shift needs a value');
        this.shift = num(args[k + 1], 'tersoff shift');
        this.shiftFlag = true;
        k += 2;
      } else {
        throw new Error(`Illegal pair_style tersoff command: unknown keyword '${args[k]}'`);
      }
    }
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const rows = this.readTriplets(args, system, NWORDS, 'Tersoff', (v, line) => {
      const [powerm, gamma, lam3, c, d, , powern, beta, lam2, bigb, bigr, bigd, , biga] = v;
      // LAMMPS read_file's checks.
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
    });
    // LAMMPS setup_params.
    const p = new Float64Array(rows.length * NFIELDS);
    let cutmax = 0;
    rows.forEach((v, m) => {
      const o = m * NFIELDS;
      for (let q = 0; q < 14; q++) p[o + q] = v[q];
      const cut = v[BIGR] + v[BIGD];
      const pn = v[POWERN];
      p[o + CUTSQ] = cut * cut;
      p[o + C1] = Math.pow(2.0 * pn * 1.0e-16, -1.0 / pn);
      p[o + C2] = Math.pow(2.0 * pn * 1.0e-8, -1.0 / pn);
      p[o + C3] = 1.0 / p[o + C2];
      p[o + C4] = 1.0 / p[o + C1];
      cutmax = Math.max(cutmax, cut);
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
        let fpair = (-p[ij + BIGA] * tmpExp * (tmpFcD - tmpFc * p[ij + LAM1])) / r;
        if (shiftFlag) fpair *= forceshiftfac;
        fxtmp += dx * fpair;
        fytmp += dy * fpair;
        fztmp += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = tmpFc * p[ij + BIGA] * tmpExp;
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

/** Cutoff function fc(r) of parameter set o. */
function tersFc(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR],
    D = p[o + BIGD];
  if (r < R - D) return 1.0;
  if (r > R + D) return 0.0;
  return 0.5 * (1.0 - Math.sin((MY_PI2 * (r - R)) / D));
}

function tersFcD(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR],
    D = p[o + BIGD];
  if (r < R - D) return 0.0;
  if (r > R + D) return 0.0;
  return -(MY_PI4 / D) * Math.cos((MY_PI2 * (r - R)) / D);
}

function tersFa(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return -p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * tersFc(r, p, o);
}

function tersFaD(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * (p[o + LAM2] * tersFc(r, p, o) - tersFcD(r, p, o));
}

/** b_ij with LAMMPS's asymptotic branches (c1..c4 bound where the series is exact to roundoff). */
function tersBij(zeta: number, p: Float64Array, o: number): number {
  const tmp = p[o + BETA] * zeta;
  const pn = p[o + POWERN];
  if (tmp > p[o + C1]) return 1.0 / Math.sqrt(tmp);
  if (tmp > p[o + C2]) return (1.0 - Math.pow(tmp, -pn) / (2.0 * pn)) / Math.sqrt(tmp);
  if (tmp < p[o + C4]) return 1.0;
  if (tmp < p[o + C3]) return 1.0 - Math.pow(tmp, pn) / (2.0 * pn);
  return Math.pow(1.0 + Math.pow(tmp, pn), -1.0 / (2.0 * pn));
}

function tersBijD(zeta: number, p: Float64Array, o: number): number {
  const beta = p[o + BETA];
  const tmp = beta * zeta;
  const pn = p[o + POWERN];
  if (tmp > p[o + C1]) return beta * -0.5 * Math.pow(tmp, -1.5);
  if (tmp > p[o + C2])
    return beta * (-0.5 * Math.pow(tmp, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * pn)) * Math.pow(tmp, -pn)));
  if (tmp < p[o + C4]) return 0.0;
  if (tmp < p[o + C3]) return -0.5 * beta * Math.pow(tmp, pn - 1.0);
  const tmpN = Math.pow(tmp, pn);
  return (-0.5 * Math.pow(1.0 + tmpN, -1.0 - 1.0 / (2.0 * pn)) * tmpN) / zeta;
}

function tersGijk(costheta: number, p: Float64Array, o: number): number {
  const c = p[o + C] * p[o + C];
  const d = p[o + D] * p[o + D];
  const hcth = p[o + H] - costheta;
  return p[o + GAMMA] * (1.0 + c / d - c / (d + hcth * hcth));
}

function tersGijkD(costheta: number, p: Float64Array, o: number): number {
  const c = p[o + C] * p[o + C];
  const d = p[o + D] * p[o + D];
  const hcth = p[o + H] - costheta;
  const numerator = -2.0 * c * hcth;
  const denominator = 1.0 / (d + hcth * hcth);
  return p[o + GAMMA] * numerator * denominator * denominator;
}

/** exp(λ3^m (r_ij - r_ik)^m), clamped as LAMMPS (1e30 above, 0 below ±69.0776). */
function exDelrOf(p: Float64Array, o: number, rij: number, rik: number): number {
  const arg = p[o + POWERM] === 3 ? cube(p[o + LAM3] * (rij - rik)) : p[o + LAM3] * (rij - rik);
  if (arg > 69.0776) return 1.0e30;
  if (arg < -69.0776) return 0.0;
  return Math.exp(arg);
}

function cube(v: number): number {
  return v * v * v;
}

/**
 * attractive() + ters_zetaterm_d(): forces on i, j, k from the k term of ζ_ij, times prefactor =
 * -½ fA(r_ij) db_ij/dζ (LAMMPS's operation order; r̂ are unit vectors, rinv corrected for shift).
 */
function attractive(
  p: Float64Array,
  o: number,
  prefactor: number,
  rsqij: number,
  rsqik: number,
  hjx: number,
  hjy: number,
  hjz: number,
  hkx: number,
  hky: number,
  hkz: number,
  shiftFlag: boolean,
  shift: number,
  dri: Float64Array,
  drj: Float64Array,
  drk: Float64Array,
): void {
  const rij = Math.sqrt(rsqij);
  const rik = Math.sqrt(rsqik);
  const rijinv = shiftFlag ? 1.0 / (rij - shift) : 1.0 / rij;
  const rikinv = shiftFlag ? 1.0 / (rik - shift) : 1.0 / rik;
  const fc = tersFc(rik, p, o);
  const dfc = tersFcD(rik, p, o);
  const m3 = p[o + POWERM] === 3;
  const lam3 = p[o + LAM3];
  const tmp = m3 ? cube(lam3 * (rij - rik)) : lam3 * (rij - rik);
  let exDelr: number;
  if (tmp > 69.0776) exDelr = 1.0e30;
  else if (tmp < -69.0776) exDelr = 0.0;
  else exDelr = Math.exp(tmp);
  const exDelrD = m3 ? 3.0 * cube(lam3) * ((rij - rik) * (rij - rik)) * exDelr : lam3 * exDelr;
  const cosTheta = hjx * hkx + hjy * hky + hjz * hkz;
  const gijk = tersGijk(cosTheta, p, o);
  const gijkD = tersGijkD(cosTheta, p, o);
  // costheta_d: dcos/drj = (r̂k - cos r̂j)/rij, dcos/drk = (r̂j - cos r̂k)/rik, dcos/dri = -(both).
  const cjx = (-cosTheta * hjx + hkx) * rijinv,
    cjy = (-cosTheta * hjy + hky) * rijinv,
    cjz = (-cosTheta * hjz + hkz) * rijinv;
  const ckx = (-cosTheta * hkx + hjx) * rikinv,
    cky = (-cosTheta * hky + hjy) * rikinv,
    ckz = (-cosTheta * hkz + hjz) * rikinv;
  const cix = -(cjx + ckx),
    ciy = -(cjy + cky),
    ciz = -(cjz + ckz);
  const a = -dfc * gijk * exDelr,
    b = fc * gijkD * exDelr,
    c = fc * gijk * exDelrD;
  // dri = a r̂k + b dcos/dri + c r̂k - c r̂j, in LAMMPS's order of additions.
  dri[0] = prefactor * (-c * hjx + (c * hkx + (b * cix + a * hkx)));
  dri[1] = prefactor * (-c * hjy + (c * hky + (b * ciy + a * hky)));
  dri[2] = prefactor * (-c * hjz + (c * hkz + (b * ciz + a * hkz)));
  drj[0] = prefactor * (c * hjx + b * cjx);
  drj[1] = prefactor * (c * hjy + b * cjy);
  drj[2] = prefactor * (c * hjz + b * cjz);
  drk[0] = prefactor * (-c * hkx + (b * ckx + -a * hkx));
  drk[1] = prefactor * (-c * hky + (b * cky + -a * hky));
  drk[2] = prefactor * (-c * hkz + (b * ckz + -a * hkz));
}
