/**
 * The RE-squared force loop (LAMMPS PairRESquared::compute, precompute_i, det_prime,
 * resquared_analytic, resquared_lj; Babadi, Ejtehadi and Everaers 2006), apart from the
 * pair_coeff bookkeeping in pair_resquared.ts. Matrices are row-major Float64Array(9) (three
 * of them in a Float64Array(27) for the per-axis generators); the operation order is LAMMPS's.
 * All scratch is allocated once.
 */
import {
  det3,
  diagTimes3,
  dot3,
  type Mat3,
  matvec,
  mldivide3,
  plus3,
  quatToMatTrans,
  rotationGenerators,
  times3,
  transposeDiag3,
  transposeTimes3,
  vecmat,
} from '../src/asphere/math_extra.js';
import type { Ghosts } from '../src/ghosts.js';
import type { NeighborList } from '../src/neighbor_list.js';
import type { AtomSystem } from '../src/system.js';
import { ELLIPSE_ELLIPSE, ELLIPSE_SPHERE, SPHERE_ELLIPSE, SPHERE_SPHERE } from './gayberne_kernel.js';

/** Per-particle temporaries of one ellipsoid (LAMMPS RE2Vars). */
class RE2Vars {
  /** rotation matrix (transposed quaternion matrix) */
  readonly A = new Float64Array(9);
  /** Aᵀ E */
  readonly aTe = new Float64Array(9);
  /** Aᵀ S² A */
  readonly gamma = new Float64Array(9);
  /** S² A */
  readonly sa = new Float64Array(9);
  /** rotation generators of A, and their products */
  readonly lA = new Float64Array(27);
  readonly lAtwo = new Float64Array(27);
  readonly lAsa = new Float64Array(27);
}

const v3 = () => new Float64Array(3);
const m3 = (): Mat3 => new Float64Array(9);

export class RESquaredKernel {
  private readonly cr60 = Math.pow(60.0, 1.0 / 3.0);
  private readonly bAlpha = 45.0 / 56.0;
  private readonly solvFA = 3.0 / (16.0 * Math.atan(1.0) * -36.0);
  private readonly solvFR = 3.0 / (16.0 * Math.atan(1.0) * 2025.0);
  private nt = 0;
  /** per type x 3: radii (0 for points, −1 for types without atoms), squares; lshape = abc */
  private shape1 = new Float64Array(0);
  private shape2 = new Float64Array(0);
  private lshape = new Float64Array(0);
  /** per type x 3: relative well depths (LAMMPS well, raw values for resquared) */
  well: Float64Array = new Float64Array(0);
  private form = new Int32Array(0);
  private epsilon = new Float64Array(0);
  private sigma = new Float64Array(0);
  private lj1 = new Float64Array(0);
  private lj2 = new Float64Array(0);
  private lj3 = new Float64Array(0);
  private lj4 = new Float64Array(0);
  private offset = new Float64Array(0);
  private cutsq = new Float64Array(0);

  private readonly wi = new RE2Vars();
  private readonly wj = new RE2Vars();
  private readonly aTs = m3();
  private readonly aug = new Float64Array(12);
  private readonly fforce = v3();
  private readonly ttor = v3();
  private readonly rtor = v3();
  private readonly r12 = v3();
  // resquared_analytic / _lj scratch
  private readonly rhat = v3();
  private readonly s = v3();
  private readonly w = v3();
  private readonly z1 = v3();
  private readonly z2 = v3();
  private readonly v1 = v3();
  private readonly v2 = v3();
  private readonly vsigma1 = v3();
  private readonly vsigma2 = v3();
  private readonly fourw = v3();
  private readonly spr = v3();
  private readonly u = v3();
  private readonly u1 = v3();
  private readonly u2 = v3();
  private readonly fwae = v3();
  private readonly p = v3();
  private readonly tempv = v3();
  private readonly scorrect = v3();
  private readonly temp = m3();
  private readonly temp2 = m3();
  private readonly H12 = m3();
  private readonly dH12 = m3();
  private readonly gsigma1 = m3();
  private readonly gsigma2 = m3();
  private readonly gammaLj = m3();
  private readonly lAtwoLj = new Float64Array(27);

  allocate(nt: number): void {
    this.nt = nt;
    const n2 = (nt + 1) * (nt + 1);
    this.form = new Int32Array(n2);
    this.epsilon = new Float64Array(n2);
    this.sigma = new Float64Array(n2);
    this.lj1 = new Float64Array(n2);
    this.lj2 = new Float64Array(n2);
    this.lj3 = new Float64Array(n2);
    this.lj4 = new Float64Array(n2);
    this.offset = new Float64Array(n2);
    this.cutsq = new Float64Array(n2);
  }

  /** LAMMPS init_style: per-type radii (Atom::shape_consistency), squares and lshape = a b c where the well is set. */
  initShapes(s: AtomSystem, nt: number, setwell: Int32Array): void {
    const e = s.ellipsoid!;
    this.shape1 = new Float64Array(3 * (nt + 1)).fill(-1);
    this.shape2 = new Float64Array(3 * (nt + 1));
    this.lshape = new Float64Array(nt + 1);
    const seen = new Uint8Array(nt + 1);
    const sh = this.shape1;
    for (let i = 0; i < s.n; i++) {
      const t = s.type[i];
      const a = e.flag[i] ? e.shape[3 * i] : 0,
        b = e.flag[i] ? e.shape[3 * i + 1] : 0,
        c = e.flag[i] ? e.shape[3 * i + 2] : 0;
      if (!seen[t]) {
        seen[t] = 1;
        sh[3 * t] = a;
        sh[3 * t + 1] = b;
        sh[3 * t + 2] = c;
      } else if (sh[3 * t] !== a || sh[3 * t + 1] !== b || sh[3 * t + 2] !== c) {
        throw new Error('Pair resquared requires atoms with same type have same shape');
      }
    }
    for (let t = 1; t <= nt; t++) {
      if (!setwell[t]) continue;
      for (let d = 0; d < 3; d++) this.shape2[3 * t + d] = sh[3 * t + d] * sh[3 * t + d];
      this.lshape[t] = sh[3 * t] * sh[3 * t + 1] * sh[3 * t + 2];
    }
  }

  /** True when type t is an ellipsoid for RE-squared (all three radii nonzero). */
  isEllipsoid(t: number): boolean {
    const sh = this.shape1;
    return sh[3 * t] !== 0.0 && sh[3 * t + 1] !== 0.0 && sh[3 * t + 2] !== 0.0;
  }

  /** LAMMPS init_one for i <= j: form, LJ prefactors, offset; returns the cutoff. */
  initPair(i: number, j: number, eps: number, sig: number, cut: number, shift: boolean): number {
    const st = this.nt + 1;
    const ij = i * st + j,
      ji = j * st + i;
    const ishape = this.isEllipsoid(i),
      jshape = this.isEllipsoid(j);
    const f = this.form;
    if (!ishape && !jshape) f[ij] = f[ji] = SPHERE_SPHERE;
    else if (!ishape) {
      f[ij] = SPHERE_ELLIPSE;
      f[ji] = ELLIPSE_SPHERE;
    } else if (!jshape) {
      f[ij] = ELLIPSE_SPHERE;
      f[ji] = SPHERE_ELLIPSE;
    } else f[ij] = f[ji] = ELLIPSE_ELLIPSE;
    this.epsilon[ij] = this.epsilon[ji] = eps;
    this.sigma[ij] = this.sigma[ji] = sig;
    this.lj1[ij] = this.lj1[ji] = 48.0 * eps * Math.pow(sig, 12.0);
    this.lj2[ij] = this.lj2[ji] = 24.0 * eps * Math.pow(sig, 6.0);
    this.lj3[ij] = this.lj3[ji] = 4.0 * eps * Math.pow(sig, 12.0);
    this.lj4[ij] = this.lj4[ji] = 4.0 * eps * Math.pow(sig, 6.0);
    if (shift && cut > 0.0) {
      const ratio = sig / cut;
      this.offset[ij] = this.offset[ji] = 4.0 * eps * (Math.pow(ratio, 12.0) - Math.pow(ratio, 6.0));
    } else this.offset[ij] = this.offset[ji] = 0.0;
    this.cutsq[ij] = this.cutsq[ji] = cut * cut;
    return cut;
  }

  /** Per-particle temporaries of an ellipsoid of type t with quaternion q[o..] (precompute_i). */
  private precompute(q: Float64Array, o: number, t: number, ws: RE2Vars): void {
    const aTs = this.aTs;
    quatToMatTrans(q, o, ws.A);
    transposeDiag3(ws.A, this.well, 3 * t, ws.aTe);
    transposeDiag3(ws.A, this.shape2, 3 * t, aTs);
    diagTimes3(this.shape2, 3 * t, ws.A, ws.sa);
    times3(aTs, 0, ws.A, 0, ws.gamma, 0);
    rotationGenerators(ws.A, ws.lA);
    const tmp = this.temp;
    for (let m = 0; m < 3; m++) {
      times3(aTs, 0, ws.lA, 9 * m, ws.lAtwo, 9 * m);
      // lAsa[m] = lA[m]ᵀ sa + lAtwo[m]
      const lam = ws.lA.subarray(9 * m, 9 * m + 9);
      transposeTimes3(lam, ws.sa, tmp);
      for (let k = 0; k < 9; k++) ws.lAsa[9 * m + k] = tmp[k] + ws.lAtwo[9 * m + k];
    }
  }

  /** The half-list loop: forces into f, torques into tor (both nall x 3); returns the energy. */
  compute(
    g: Ghosts,
    list: NeighborList,
    quat: Float64Array,
    f: Float64Array,
    tor: Float64Array,
    eflag: boolean,
    specialLj: Float64Array,
    neighmask: number,
    sbbits: number,
  ): number {
    const x = g.xAll,
      type = g.type,
      map = g.map,
      nlocal = g.nlocal;
    const { offset: first, list: nbr } = list;
    const st = this.nt + 1;
    const { form, cutsq, wi, wj, fforce, ttor, rtor, r12 } = this;
    let evdwl = 0;
    let oneEng = 0;
    for (let i = 0; i < nlocal; i++) {
      const itype = type[i];
      if (this.lshape[itype] !== 0.0) this.precompute(quat, 4 * i, itype, wi);
      const end = first[i + 1];
      for (let kk = first[i]; kk < end; kk++) {
        const jj = nbr[kk];
        const factorLj = specialLj[(jj >>> sbbits) & 3];
        const j = jj & neighmask;
        r12[0] = x[3 * j] - x[3 * i];
        r12[1] = x[3 * j + 1] - x[3 * i + 1];
        r12[2] = x[3 * j + 2] - x[3 * i + 2];
        const rsq = dot3(r12, r12);
        const jtype = type[j];
        const t = itype * st + jtype;
        if (!(rsq < cutsq[t])) continue;
        const jo = j < nlocal ? j : map[j];
        fforce[0] = fforce[1] = fforce[2] = 0.0;
        switch (form[t]) {
          case SPHERE_SPHERE: {
            const r2inv = 1.0 / rsq;
            const r6inv = r2inv * r2inv * r2inv;
            let forcelj = r6inv * (this.lj1[t] * r6inv - this.lj2[t]);
            forcelj *= -r2inv;
            if (eflag) {
              oneEng = r6inv * (r6inv * this.lj3[t] - this.lj4[t]);
              oneEng -= this.offset[t];
            }
            fforce[0] = r12[0] * forcelj;
            fforce[1] = r12[1] * forcelj;
            fforce[2] = r12[2] * forcelj;
            break;
          }
          case SPHERE_ELLIPSE:
            this.precompute(quat, 4 * jo, jtype, wj);
            oneEng = this.resquaredLj(jtype, itype, wj, r12, rsq, fforce, rtor);
            tor[3 * j] += rtor[0] * factorLj;
            tor[3 * j + 1] += rtor[1] * factorLj;
            tor[3 * j + 2] += rtor[2] * factorLj;
            break;
          case ELLIPSE_SPHERE:
            oneEng = this.resquaredLj(itype, jtype, wi, r12, rsq, fforce, ttor);
            tor[3 * i] += ttor[0] * factorLj;
            tor[3 * i + 1] += ttor[1] * factorLj;
            tor[3 * i + 2] += ttor[2] * factorLj;
            break;
          default:
            this.precompute(quat, 4 * jo, jtype, wj);
            oneEng = this.resquaredAnalytic(itype, jtype, wi, wj, r12, rsq, fforce, ttor, rtor);
            tor[3 * i] += ttor[0] * factorLj;
            tor[3 * i + 1] += ttor[1] * factorLj;
            tor[3 * i + 2] += ttor[2] * factorLj;
            tor[3 * j] += rtor[0] * factorLj;
            tor[3 * j + 1] += rtor[1] * factorLj;
            tor[3 * j + 2] += rtor[2] * factorLj;
        }
        fforce[0] *= factorLj;
        fforce[1] *= factorLj;
        fforce[2] *= factorLj;
        f[3 * i] += fforce[0];
        f[3 * i + 1] += fforce[1];
        f[3 * i + 2] += fforce[2];
        f[3 * j] -= fforce[0];
        f[3 * j + 1] -= fforce[1];
        f[3 * j + 2] -= fforce[2];
        if (eflag) evdwl += factorLj * oneEng;
      }
    }
    return evdwl;
  }

  /** Derivative of det(m) along m2 (det_prime), LAMMPS's term order. */
  private detPrime(m: Mat3, m2: Mat3): number {
    return (
      m2[0] * m[4] * m[8] -
      m2[0] * m[5] * m[7] -
      m[3] * m2[1] * m[8] +
      m[3] * m2[2] * m[7] +
      m[6] * m2[1] * m[5] -
      m[6] * m2[2] * m[4] +
      m[0] * m2[4] * m[8] -
      m[0] * m2[5] * m[7] -
      m2[3] * m[1] * m[8] +
      m2[3] * m[2] * m[7] +
      m[6] * m[1] * m2[5] -
      m[6] * m[2] * m2[4] +
      m[0] * m[4] * m2[8] -
      m[0] * m[5] * m2[7] -
      m[3] * m[1] * m2[8] +
      m[3] * m[2] * m2[7] +
      m2[6] * m[1] * m[5] -
      m2[6] * m[2] * m[4]
    );
  }

  private solve(m: Mat3, v: Float64Array, ans: Float64Array): void {
    if (!mldivide3(m, v, ans, this.aug)) throw new Error('Bad matrix inversion in mldivide3');
  }

  /** Two ellipsoids (resquared_analytic, newton on): energy, force on i, torques on i and j. */
  private resquaredAnalytic(
    ti: number,
    tj: number,
    wi: RE2Vars,
    wj: RE2Vars,
    r: Float64Array,
    rsq: number,
    fforce: Float64Array,
    ttor: Float64Array,
    rtor: Float64Array,
  ): number {
    const { rhat, s, w, z1, z2, v1, v2, vsigma1, vsigma2, fourw, spr, u, u1, u2, fwae, p, tempv } = this;
    const { temp, temp2, H12, dH12, gsigma1, gsigma2 } = this;
    const sh1 = this.shape1,
      sh2 = this.shape2,
      lshape = this.lshape;
    const t = ti * (this.nt + 1) + tj;
    const sig = this.sigma[t],
      eps = this.epsilon[t];
    const cr60 = this.cr60,
      bAlpha = this.bAlpha;

    const rnorm = Math.sqrt(rsq);
    rhat[0] = r[0] / rnorm;
    rhat[1] = r[1] / rnorm;
    rhat[2] = r[2] / rnorm;

    // energy
    plus3(wi.gamma, wj.gamma, temp);
    this.solve(temp, rhat, s);
    const sigma12 = 1.0 / Math.sqrt(0.5 * dot3(s, rhat));
    matvec(wi.A, 0, rhat, z1);
    matvec(wj.A, 0, rhat, z2);
    v1[0] = z1[0] / sh2[3 * ti];
    v1[1] = z1[1] / sh2[3 * ti + 1];
    v1[2] = z1[2] / sh2[3 * ti + 2];
    v2[0] = z2[0] / sh2[3 * tj];
    v2[1] = z2[1] / sh2[3 * tj + 1];
    v2[2] = z2[2] / sh2[3 * tj + 2];
    const sigma1 = 1.0 / Math.sqrt(dot3(z1, v1));
    const sigma2 = 1.0 / Math.sqrt(dot3(z2, v2));
    for (let k = 0; k < 9; k++) H12[k] = wi.gamma[k] / sigma1 + wj.gamma[k] / sigma2;
    const dH = det3(H12);
    const sigma1p2 = sigma1 * sigma1;
    const sigma2p2 = sigma2 * sigma2;
    const lambda = lshape[ti] / sigma1p2 + lshape[tj] / sigma2p2;
    const nu = Math.sqrt(dH / (sigma1 + sigma2));
    times3(wi.aTe, 0, wi.A, 0, temp, 0);
    times3(wj.aTe, 0, wj.A, 0, temp2, 0);
    plus3(temp, temp2, temp);
    this.solve(temp, rhat, w);

    const h12 = rnorm - sigma12;
    const eta = lambda / nu;
    const chi = 2.0 * dot3(rhat, w);
    const sprod = lshape[ti] * lshape[tj];
    const sigh = sig / h12;
    const tprod = eta * chi * sigh;

    let stemp = h12 / 2.0;
    let Ua =
      (sh1[3 * ti] + stemp) *
      (sh1[3 * ti + 1] + stemp) *
      (sh1[3 * ti + 2] + stemp) *
      (sh1[3 * tj] + stemp) *
      (sh1[3 * tj + 1] + stemp) *
      (sh1[3 * tj + 2] + stemp);
    Ua = ((1.0 + 3.0 * tprod) * sprod) / Ua;
    Ua = (eps * Ua) / -36.0;

    stemp = h12 / cr60;
    let Ur =
      (sh1[3 * ti] + stemp) *
      (sh1[3 * ti + 1] + stemp) *
      (sh1[3 * ti + 2] + stemp) *
      (sh1[3 * tj] + stemp) *
      (sh1[3 * tj + 1] + stemp) *
      (sh1[3 * tj + 2] + stemp);
    Ur = ((1.0 + bAlpha * tprod) * sprod) / Ur;
    Ur = (eps * Ur * Math.pow(sigh, 6.0)) / 2025.0;

    // force
    const sec = sig * eta * chi;
    const sigma12p3 = Math.pow(sigma12, 3.0);
    const sigma1p3 = sigma1p2 * sigma1;
    const sigma2p3 = sigma2p2 * sigma2;
    vsigma1[0] = -sigma1p3 * v1[0];
    vsigma1[1] = -sigma1p3 * v1[1];
    vsigma1[2] = -sigma1p3 * v1[2];
    vsigma2[0] = -sigma2p3 * v2[0];
    vsigma2[1] = -sigma2p3 * v2[1];
    vsigma2[2] = -sigma2p3 * v2[2];
    for (let k = 0; k < 9; k++) gsigma1[k] = -wi.gamma[k] / sigma1p2;
    for (let k = 0; k < 9; k++) gsigma2[k] = -wj.gamma[k] / sigma2p2;
    const tsig1sig2 = eta / (2.0 * (sigma1 + sigma2));
    const tdH = eta / (2.0 * dH);
    let teta1 = (2.0 * eta) / lambda;
    const teta2 = (teta1 * lshape[tj]) / sigma2p3;
    teta1 = (teta1 * lshape[ti]) / sigma1p3;
    fourw[0] = 4.0 * w[0];
    fourw[1] = 4.0 * w[1];
    fourw[2] = 4.0 * w[2];
    spr[0] = 0.5 * sigma12p3 * s[0];
    spr[1] = 0.5 * sigma12p3 * s[1];
    spr[2] = 0.5 * sigma12p3 * s[2];

    stemp =
      1.0 / (sh1[3 * ti] * 2.0 + h12) +
      1.0 / (sh1[3 * ti + 1] * 2.0 + h12) +
      1.0 / (sh1[3 * ti + 2] * 2.0 + h12) +
      1.0 / (sh1[3 * tj] * 2.0 + h12) +
      1.0 / (sh1[3 * tj + 1] * 2.0 + h12) +
      1.0 / (sh1[3 * tj + 2] * 2.0 + h12);
    let hsec = h12 + 3.0 * sec;
    const dspu = 1.0 / h12 - 1.0 / hsec + stemp;
    const pbsu = (3.0 * sig) / hsec;

    stemp =
      1.0 / (sh1[3 * ti] * cr60 + h12) +
      1.0 / (sh1[3 * ti + 1] * cr60 + h12) +
      1.0 / (sh1[3 * ti + 2] * cr60 + h12) +
      1.0 / (sh1[3 * tj] * cr60 + h12) +
      1.0 / (sh1[3 * tj + 1] * cr60 + h12) +
      1.0 / (sh1[3 * tj + 2] * cr60 + h12);
    hsec = h12 + bAlpha * sec;
    const dspr = 7.0 / h12 - 1.0 / hsec + stemp;
    const pbsr = (bAlpha * sig) / hsec;

    for (let m = 0; m < 3; m++) {
      u[0] = -rhat[m] * rhat[0];
      u[1] = -rhat[m] * rhat[1];
      u[2] = -rhat[m] * rhat[2];
      u[m] += 1.0;
      u[0] /= rnorm;
      u[1] /= rnorm;
      u[2] /= rnorm;
      matvec(wi.A, 0, u, u1);
      matvec(wj.A, 0, u, u2);
      const dsigma1 = dot3(u1, vsigma1);
      const dsigma2 = dot3(u2, vsigma2);
      for (let k = 0; k < 9; k++) dH12[k] = dsigma1 * gsigma1[k] + dsigma2 * gsigma2[k];
      const ddH = this.detPrime(H12, dH12);
      let deta = (dsigma1 + dsigma2) * tsig1sig2;
      deta -= ddH * tdH;
      deta -= dsigma1 * teta1 + dsigma2 * teta2;
      const dchi = dot3(u, fourw);
      const dh12 = rhat[m] + dot3(u, spr);
      const dUa = pbsu * (eta * dchi + deta * chi) - dh12 * dspu;
      const dUr = pbsr * (eta * dchi + deta * chi) - dh12 * dspr;
      fforce[m] = dUr * Ur + dUa * Ua;
    }

    // torque on i
    vecmat(fourw, wi.aTe, fwae);
    for (let k = 0; k < 3; k++) {
      matvec(wi.lA, 9 * k, rhat, p);
      const dsigma1 = dot3(p, vsigma1);
      for (let q = 0; q < 9; q++) dH12[q] = wi.lAsa[9 * k + q] / sigma1 + dsigma1 * gsigma1[q];
      const ddH = this.detPrime(H12, dH12);
      let deta = tsig1sig2 * dsigma1 - tdH * ddH;
      deta -= teta1 * dsigma1;
      matvec(wi.lA, 9 * k, w, tempv);
      const dchi = -dot3(fwae, tempv);
      matvec(wi.lAtwo, 9 * k, spr, tempv);
      const dh12 = -dot3(s, tempv);
      const dUa = pbsu * (eta * dchi + deta * chi) - dh12 * dspu;
      const dUr = pbsr * (eta * dchi + deta * chi) - dh12 * dspr;
      ttor[k] = -(dUa * Ua + dUr * Ur);
    }

    // torque on j
    vecmat(fourw, wj.aTe, fwae);
    for (let k = 0; k < 3; k++) {
      matvec(wj.lA, 9 * k, rhat, p);
      const dsigma2 = dot3(p, vsigma2);
      for (let q = 0; q < 9; q++) dH12[q] = wj.lAsa[9 * k + q] / sigma2 + dsigma2 * gsigma2[q];
      const ddH = this.detPrime(H12, dH12);
      let deta = tsig1sig2 * dsigma2 - tdH * ddH;
      deta -= teta2 * dsigma2;
      matvec(wj.lA, 9 * k, w, tempv);
      const dchi = -dot3(fwae, tempv);
      matvec(wj.lAtwo, 9 * k, spr, tempv);
      const dh12 = -dot3(s, tempv);
      const dUa = pbsu * (eta * dchi + deta * chi) - dh12 * dspu;
      const dUr = pbsr * (eta * dchi + deta * chi) - dh12 * dspr;
      rtor[k] = -(dUa * Ua + dUr * Ur);
    }
    return Ua + Ur;
  }

  /** An ellipsoid (type ti, temporaries wi) with an LJ sphere of type tj (resquared_lj). */
  private resquaredLj(
    ti: number,
    tj: number,
    wi: RE2Vars,
    r: Float64Array,
    rsq: number,
    fforce: Float64Array,
    ttor: Float64Array,
  ): number {
    const { rhat, s, w, fourw, spr, u, fwae, tempv, temp, scorrect, aTs } = this;
    const gamma = this.gammaLj,
      lAtwo = this.lAtwoLj;
    const sh1 = this.shape1,
      lshape = this.lshape;
    const t = ti * (this.nt + 1) + tj;
    const sig = this.sigma[t],
      eps = this.epsilon[t];
    const cr60 = this.cr60,
      bAlpha = this.bAlpha;

    // distance of closest approach correction
    const halfSigma = sig / 2.0;
    scorrect[0] = sh1[3 * ti] + halfSigma;
    scorrect[1] = sh1[3 * ti + 1] + halfSigma;
    scorrect[2] = sh1[3 * ti + 2] + halfSigma;
    scorrect[0] = (scorrect[0] * scorrect[0]) / 2.0;
    scorrect[1] = (scorrect[1] * scorrect[1]) / 2.0;
    scorrect[2] = (scorrect[2] * scorrect[2]) / 2.0;
    transposeDiag3(wi.A, scorrect, 0, aTs);
    times3(aTs, 0, wi.A, 0, gamma, 0);
    for (let k = 0; k < 3; k++) times3(aTs, 0, wi.lA, 9 * k, lAtwo, 9 * k);

    const rnorm = Math.sqrt(rsq);
    rhat[0] = r[0] / rnorm;
    rhat[1] = r[1] / rnorm;
    rhat[2] = r[2] / rnorm;

    this.solve(gamma, rhat, s);
    const sigma12 = 1.0 / Math.sqrt(0.5 * dot3(s, rhat));
    times3(wi.aTe, 0, wi.A, 0, temp, 0);
    temp[0] += 1.0;
    temp[4] += 1.0;
    temp[8] += 1.0;
    this.solve(temp, rhat, w);

    const h12 = rnorm - sigma12;
    const chi = 2.0 * dot3(rhat, w);
    const sigh = sig / h12;
    const tprod = chi * sigh;

    const h12p3 = Math.pow(h12, 3.0);
    const sigmap3 = Math.pow(sig, 3.0);
    let stemp = h12 / 2.0;
    let Ua = ((sh1[3 * ti] + stemp) * (sh1[3 * ti + 1] + stemp) * (sh1[3 * ti + 2] + stemp) * h12p3) / 8.0;
    Ua = ((1.0 + 3.0 * tprod) * lshape[ti]) / Ua;
    Ua = eps * Ua * sigmap3 * this.solvFA;

    stemp = h12 / cr60;
    let Ur = ((sh1[3 * ti] + stemp) * (sh1[3 * ti + 1] + stemp) * (sh1[3 * ti + 2] + stemp) * h12p3) / 60.0;
    Ur = ((1.0 + bAlpha * tprod) * lshape[ti]) / Ur;
    Ur = eps * Ur * sigmap3 * Math.pow(sigh, 6.0) * this.solvFR;

    const sec = sig * chi;
    const sigma12p3 = Math.pow(sigma12, 3.0);
    fourw[0] = 4.0 * w[0];
    fourw[1] = 4.0 * w[1];
    fourw[2] = 4.0 * w[2];
    spr[0] = 0.5 * sigma12p3 * s[0];
    spr[1] = 0.5 * sigma12p3 * s[1];
    spr[2] = 0.5 * sigma12p3 * s[2];

    stemp =
      1.0 / (sh1[3 * ti] * 2.0 + h12) +
      1.0 / (sh1[3 * ti + 1] * 2.0 + h12) +
      1.0 / (sh1[3 * ti + 2] * 2.0 + h12) +
      3.0 / h12;
    let hsec = h12 + 3.0 * sec;
    const dspu = 1.0 / h12 - 1.0 / hsec + stemp;
    const pbsu = (3.0 * sig) / hsec;

    stemp =
      1.0 / (sh1[3 * ti] * cr60 + h12) +
      1.0 / (sh1[3 * ti + 1] * cr60 + h12) +
      1.0 / (sh1[3 * ti + 2] * cr60 + h12) +
      3.0 / h12;
    hsec = h12 + bAlpha * sec;
    const dspr = 7.0 / h12 - 1.0 / hsec + stemp;
    const pbsr = (bAlpha * sig) / hsec;

    for (let m = 0; m < 3; m++) {
      u[0] = -rhat[m] * rhat[0];
      u[1] = -rhat[m] * rhat[1];
      u[2] = -rhat[m] * rhat[2];
      u[m] += 1.0;
      u[0] /= rnorm;
      u[1] /= rnorm;
      u[2] /= rnorm;
      const dchi = dot3(u, fourw);
      const dh12 = rhat[m] + dot3(u, spr);
      const dUa = pbsu * dchi - dh12 * dspu;
      const dUr = pbsr * dchi - dh12 * dspr;
      fforce[m] = dUr * Ur + dUa * Ua;
    }

    // torque on the ellipsoid
    vecmat(fourw, wi.aTe, fwae);
    for (let m = 0; m < 3; m++) {
      matvec(wi.lA, 9 * m, w, tempv);
      const dchi = -dot3(fwae, tempv);
      matvec(lAtwo, 9 * m, spr, tempv);
      const dh12 = -dot3(s, tempv);
      const dUa = pbsu * dchi - dh12 * dspu;
      const dUr = pbsr * dchi - dh12 * dspr;
      ttor[m] = -(dUa * Ua + dUr * Ur);
    }
    return Ua + Ur;
  }
}
