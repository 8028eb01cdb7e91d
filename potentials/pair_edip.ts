import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair } from './manybody_pair.js';

/** Words per entry of a .edip file: 3 element names + 17 parameters. */
const NWORDS = 20;
/** LAMMPS PairEDIP's grids: GRIDDENSITY points per unit (Å or coordination), r grids from GRIDSTART. */
const GRIDDENSITY = 8000;
const GRIDSTART = 0.1;
/** LAMMPS's leadDimInteractionList: the coordination grids run over Z in [0, 64]. */
const ZMAX = 64;
/** LAMMPS's leftLimitToZero, −DBL_MIN·1000 (kept for the grid size, where it changes nothing). */
const LEFT_LIMIT_TO_ZERO = -2.2250738585072014e-308 * 1000.0;

/**
 * pair_style edip (LAMMPS PairEDIP, 29 Sep 2021; Justo, Bazant, Kaxiras, Bulatov and Yip, PRB 58,
 * 2539 (1998)): the single-element environment-dependent interatomic potential
 *   E = Σ_i [ Σ_{j≠i} V2(r_ij, Z_i) + Σ_{j<k} V3(r_ij, r_ik, cos θ_jik, Z_i) ],  Z_i = Σ_j f(r_ij)
 *   V2 = A ((B/r)^ρ − e^{−βZ²}) e^{σ/(r−a)}
 *   V3 = e^{γ/(r_ij−a)} e^{γ/(r_ik−a)} λ (1 − e^{−Q(Z)(l+τ(Z))²} + η Q(Z)(l+τ(Z))²)
 * the same function as edip/multi with one element, but evaluated as LAMMPS's PairEDIP does: the
 * radial factors (B/r)^ρ, A e^{σ/(r−a)}, e^{γ/(r−a)}, f(r) and f'(r) are interpolated linearly on
 * grids of spacing 1/8000 Å from r = 0.1 (the grid points accumulated by repeated addition, as
 * LAMMPS), and e^{−βZ²}, Q(Z), τ(Z), τ'(Z) on grids of spacing 1/8000 in Z from 0; the derivatives
 * of the exponentials are formed from the interpolated values (−e·σ/(r−a)²), so forces are the exact
 * derivatives of neither the tabulated nor the analytic energy (LAMMPS's numbers, not −∇E to
 * better than the tables' ~1e-8). Each ordered pair (i,j) counts once; the three-body loop runs over
 * every later neighbor k of i's full list. Single element only, as LAMMPS; `edip/multi` is the
 * analytic multi-element form.
 */
export class PairEDIP extends ManybodyPair {
  readonly style = 'edip';
  private A = 0;
  private B = 0;
  private rho = 0;
  private cutoffA = 0;
  private cutoffC = 0;
  private sigma = 0;
  private lambda = 0;
  private gamm = 0;
  private eta = 0;
  private Q0 = 0;
  private mu = 0;
  private beta = 0;
  private alpha = 0;
  private u1 = 0;
  private u2 = 0;
  private u3 = 0;
  private u4 = 0;
  private cutsq = 0;
  private tauGrid = new Float64Array(0);
  private tauDerivedGrid = new Float64Array(0);
  private expBetaZZGrid = new Float64Array(0);
  private qGrid = new Float64Array(0);
  private cutoffGrid = new Float64Array(0);
  private cutoffDerivedGrid = new Float64Array(0);
  private pow2B = new Float64Array(0);
  private exp2B = new Float64Array(0);
  private exp3B = new Float64Array(0);
  /** Per-neighbor values of the current atom i (LAMMPS's pre-loop arrays), grown as needed. */
  private preInvR = new Float64Array(64);
  private preExp3B = new Float64Array(64);
  private preExp3BDerived = new Float64Array(64);
  private preExp2B = new Float64Array(64);
  private preExp2BDerived = new Float64Array(64);
  private prePow2B = new Float64Array(64);
  /** Neighbors in the f(Z) transition region: f'(r)/r, dr (i − j), j. */
  private coordD = new Float64Array(4 * 64);
  private coordJ = new Int32Array(64);

  settings(args: string[]): void {
    if (args.length !== 0) throw new Error(`Illegal pair_style command: pair edip takes no arguments`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const n = args.slice(3).filter((e, m, all) => e !== 'NULL' && all.indexOf(e) === m).length;
    if (n !== 1) throw new Error('Pair style edip only supports single element potentials');
    const rows = this.readTriplets(args, system, NWORDS, 'EDIP', (v, line) => {
      if (v.slice(0, 12).some((x) => x < 0)) throw new Error(`Illegal EDIP parameter in ${path}:${line}`);
    });
    const v = rows[0];
    [
      this.A,
      this.B,
      this.cutoffA,
      this.cutoffC,
      this.alpha,
      this.beta,
      this.eta,
      this.gamm,
      this.lambda,
      this.mu,
      this.rho,
      this.sigma,
      this.Q0,
      this.u1,
      this.u2,
      this.u3,
      this.u4,
    ] = v;
    this.cutsq = this.cutoffA * this.cutoffA;
    this.cutmax = Math.sqrt(this.cutsq);
    this.initGrids();
  }

  /** LAMMPS PairEDIP::initGrids, with its grid sizes and its accumulated grid coordinates. */
  private initGrids(): void {
    const { A, B, rho, cutoffA, cutoffC, sigma, gamm, Q0, mu, beta, alpha, u1, u2, u3, u4 } = this;
    const delta = 1.0 / GRIDDENSITY;
    // τ(Z), τ'(Z), e^{−βZ²}, Q(Z) on Z = 0, 1/8000, ..., 64 + 1/8000.
    const nz = Math.trunc(ZMAX * GRIDDENSITY) + 2;
    this.tauGrid = new Float64Array(nz);
    this.tauDerivedGrid = new Float64Array(nz);
    this.expBetaZZGrid = new Float64Array(nz);
    this.qGrid = new Float64Array(nz);
    let r = 0.0;
    for (let l = 0; l < nz; l++) {
      this.tauGrid[l] = u1 + u2 * u3 * Math.exp(-u4 * r) - u2 * Math.exp(-2.0 * u4 * r);
      this.tauDerivedGrid[l] = -u2 * u3 * u4 * Math.exp(-u4 * r) + 2.0 * u2 * u4 * Math.exp(-2.0 * u4 * r);
      r += delta;
    }
    r = 0.0;
    for (let l = 0; l < nz; l++) {
      this.expBetaZZGrid[l] = Math.exp(-beta * r * r);
      r += delta;
    }
    r = 0.0;
    for (let l = 0; l < nz; l++) {
      this.qGrid[l] = Q0 * Math.exp(-mu * r);
      r += delta;
    }
    // f(r) and f'(r): 1 and 0 below c, exp(α/(1 − x⁻³)) with x = (r − c)/(a − c) above.
    const nOne = Math.trunc((cutoffC - GRIDSTART) * GRIDDENSITY);
    const nNotOne = Math.trunc((cutoffA - cutoffC) * GRIDDENSITY);
    const nCut = nOne + nNotOne + 2;
    this.cutoffGrid = new Float64Array(nCut);
    this.cutoffDerivedGrid = new Float64Array(nCut);
    r = GRIDSTART;
    for (let l = 0; l < nOne; l++) {
      this.cutoffGrid[l] = 1.0;
      this.cutoffDerivedGrid[l] = 0.0;
      r += delta;
    }
    for (let l = nOne; l < nCut; l++) {
      const temp = (cutoffA - cutoffC) / (r - cutoffC);
      const temp3 = temp * temp * temp;
      const temp4 = temp3 * temp;
      this.cutoffGrid[l] = Math.exp(alpha / (1.0 - temp3));
      this.cutoffDerivedGrid[l] =
        ((-3 * alpha) / (cutoffA - cutoffC)) * (temp4 / ((1 - temp3) * (1 - temp3))) * Math.exp(alpha / (1.0 - temp3));
      r += delta;
    }
    // (B/r)^ρ, A e^{σ/(r−a)}, e^{γ/(r−a)} from 0.1 to a, two points past it (exponentials 0 there).
    const nR = Math.trunc((cutoffA + LEFT_LIMIT_TO_ZERO - GRIDSTART) * GRIDDENSITY);
    this.pow2B = new Float64Array(nR + 2);
    this.exp2B = new Float64Array(nR + 2);
    this.exp3B = new Float64Array(nR + 2);
    r = GRIDSTART;
    for (let l = 0; l < nR; l++) {
      this.pow2B[l] = Math.pow(B / r, rho);
      this.exp2B[l] = A * Math.exp(sigma / (r - cutoffA));
      this.exp3B[l] = Math.exp(gamm / (r - cutoffA));
      r += delta;
    }
    this.pow2B[nR] = Math.pow(B / r, rho);
    r += delta;
    this.pow2B[nR + 1] = Math.pow(B / r, rho);
  }

  /** Room for the per-neighbor arrays of an atom with n neighbors. */
  private reserve(n: number): void {
    if (this.preInvR.length >= n) return;
    const m = 2 * n;
    this.preInvR = new Float64Array(m);
    this.preExp3B = new Float64Array(m);
    this.preExp3BDerived = new Float64Array(m);
    this.preExp2B = new Float64Array(m);
    this.preExp2BDerived = new Float64Array(m);
    this.prePow2B = new Float64Array(m);
    this.coordD = new Float64Array(4 * m);
    this.coordJ = new Int32Array(m);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      f = out.f;
    const { cutoffA, cutoffC, sigma, gamm, rho, beta, lambda, eta, mu, cutsq } = this;
    const exp3B = this.exp3B,
      exp2B = this.exp2B,
      pow2B = this.pow2B,
      cutF = this.cutoffGrid,
      cutFD = this.cutoffDerivedGrid;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const start = first[i],
        jnum = first[i + 1] - start;
      this.reserve(jnum);
      const preInvR = this.preInvR,
        preExp3B = this.preExp3B,
        preExp3BD = this.preExp3BDerived,
        preExp2B = this.preExp2B,
        preExp2BD = this.preExp2BDerived,
        prePow2B = this.prePow2B,
        coordD = this.coordD,
        coordJ = this.coordJ;
      const xtmp = x[3 * i],
        ytmp = x[3 * i + 1],
        ztmp = x[3 * i + 2];
      let zeta = 0.0;
      let ncoord = 0;
      // Pre-loop: the interpolated radial factors per neighbor and the coordination Z_i.
      for (let nj = 0; nj < jnum; nj++) {
        const j = list[start + nj];
        const dx = xtmp - x[3 * j],
          dy = ytmp - x[3 * j + 1],
          dz = ztmp - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq > cutsq) continue;
        const r = Math.sqrt(rsq);
        const invR = 1.0 / r;
        preInvR[nj] = invR;
        const invRMinusA = 1.0 / (r - cutoffA);
        const sigmaInv = sigma * invRMinusA;
        const gammInv = gamm * invRMinusA;
        const t = (r - GRIDSTART) * GRIDDENSITY;
        const idx = Math.trunc(t);
        const frac = t - idx;
        const e3 = exp3B[idx] + (exp3B[idx + 1] - exp3B[idx]) * frac;
        preExp3B[nj] = e3;
        preExp3BD[nj] = -e3 * gammInv * invRMinusA;
        const e2 = exp2B[idx] + (exp2B[idx + 1] - exp2B[idx]) * frac;
        preExp2B[nj] = e2;
        preExp2BD[nj] = -e2 * sigmaInv * invRMinusA;
        prePow2B[nj] = pow2B[idx] + (pow2B[idx + 1] - pow2B[idx]) * frac;
        if (r < cutoffC) zeta += 1.0;
        else {
          zeta += cutF[idx] + (cutF[idx + 1] - cutF[idx]) * frac;
          const zd = cutFD[idx] + (cutFD[idx + 1] - cutFD[idx]) * frac;
          const o = 4 * ncoord;
          coordD[o] = zd * invR;
          coordD[o + 1] = dx;
          coordD[o + 2] = dy;
          coordD[o + 3] = dz;
          coordJ[ncoord++] = j;
        }
      }
      // The Z_i-dependent factors from their grids.
      const tz = zeta * GRIDDENSITY;
      const iz = Math.trunc(tz);
      const fz = tz - iz;
      const ebzz = this.expBetaZZGrid[iz] + (this.expBetaZZGrid[iz + 1] - this.expBetaZZGrid[iz]) * fz;
      const qF = this.qGrid[iz] + (this.qGrid[iz + 1] - this.qGrid[iz]) * fz;
      const tau = this.tauGrid[iz] + (this.tauGrid[iz + 1] - this.tauGrid[iz]) * fz;
      const tauD = this.tauDerivedGrid[iz] + (this.tauDerivedGrid[iz + 1] - this.tauDerivedGrid[iz]) * fz;
      const forceModCoordFactor = 2.0 * beta * zeta * ebzz;
      let forceModCoord = 0.0;
      // Two-body terms (each ordered pair) and three-body terms (k after j in i's list).
      for (let nj = 0; nj < jnum; nj++) {
        const j = list[start + nj];
        const d1x = x[3 * j] - xtmp,
          d1y = x[3 * j + 1] - ytmp,
          d1z = x[3 * j + 2] - ztmp;
        const rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
        if (rsq1 > cutsq) continue;
        const invR1 = preInvR[nj];
        const pow2B1 = prePow2B[nj];
        const pot2 = pow2B1 - ebzz;
        const e2 = preExp2B[nj];
        const pow2BD = -rho * invR1 * pow2B1;
        forceModCoord += forceModCoordFactor * e2;
        const fm2 = preExp2BD[nj] * pot2 + e2 * pow2BD;
        const c1x = invR1 * d1x,
          c1y = invR1 * d1y,
          c1z = invR1 * d1z;
        const e3j = preExp3B[nj],
          e3jD = preExp3BD[nj];
        const fx = fm2 * c1x,
          fy = fm2 * c1y,
          fz2 = fm2 * c1z;
        f[3 * i] += fx;
        f[3 * i + 1] += fy;
        f[3 * i + 2] += fz2;
        f[3 * j] -= fx;
        f[3 * j + 1] -= fy;
        f[3 * j + 2] -= fz2;
        if (eflag) {
          const e = e2 * pot2;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
        for (let nk = nj + 1; nk < jnum; nk++) {
          const k = list[start + nk];
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          const rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          if (rsq2 > cutsq) continue;
          const invR2 = preInvR[nk];
          const c2x = invR2 * d2x,
            c2y = invR2 * d2y,
            c2z = invR2 * d2z;
          const cs = c1x * c2x + c1y * c2y + c1z * c2z;
          const csd = cs + tau;
          const qcc = csd * csd * qF;
          const eq = Math.exp(-qcc);
          const pot3 = lambda * (1.0 - eq + eta * qcc);
          const e3k = preExp3B[nk],
            e3kD = preExp3BD[nk];
          const f1j = -e3jD * e3k * pot3;
          const f2 = 2.0 * lambda * e3j * e3k * qF * csd * (eta + eq);
          const f2j = f2 * invR1;
          const fjx = f1j * c1x + f2j * (cs * c1x - c2x),
            fjy = f1j * c1y + f2j * (cs * c1y - c2y),
            fjz = f1j * c1z + f2j * (cs * c1z - c2z);
          const f1k = -e3kD * e3j * pot3;
          const f2k = f2 * invR2;
          const fkx = f1k * c2x + f2k * (cs * c2x - c1x),
            fky = f1k * c2y + f2k * (cs * c2y - c1y),
            fkz = f1k * c2z + f2k * (cs * c2z - c1z);
          forceModCoord += f2 * (tauD - 0.5 * mu * csd);
          f[3 * j] += fjx;
          f[3 * j + 1] += fjy;
          f[3 * j + 2] += fjz;
          f[3 * k] += fkx;
          f[3 * k + 1] += fky;
          f[3 * k + 2] += fkz;
          f[3 * i] -= fjx + fkx;
          f[3 * i + 1] -= fjy + fky;
          f[3 * i + 2] -= fjz + fkz;
          if (eflag) {
            const e = e3j * e3k * pot3;
            eSum += e;
            if (eatom !== null) {
              const third = e / 3.0;
              eatom[i] += third;
              eatom[j] += third;
              eatom[k] += third;
            }
          }
        }
      }
      // Forces through the coordination: dE/dZ_i · f'(r_ij) along r_ij.
      for (let c = 0; c < ncoord; c++) {
        const o = 4 * c;
        const j = coordJ[c];
        const fm = forceModCoord * coordD[o];
        const fx = fm * coordD[o + 1],
          fy = fm * coordD[o + 2],
          fz2 = fm * coordD[o + 3];
        f[3 * i] -= fx;
        f[3 * i + 1] -= fy;
        f[3 * i + 2] -= fz2;
        f[3 * j] += fx;
        f[3 * j + 1] += fy;
        f[3 * j + 2] += fz2;
      }
    }
    out.energy += eSum;
  }
}
