/**
 * The Gay-Berne force loop and its per-type tables (LAMMPS PairGayBerne::compute, init_style,
 * init_one, gayberne_analytic, gayberne_lj, compute_eta_torque; 29 Sep 2021), kept apart from the
 * pair_coeff bookkeeping in pair_gayberne.ts. Matrices are row-major Float64Array(9) scratch
 * buffers allocated once; no allocation in the loop.
 *
 * For ellipsoids i, j with rotation matrices A (rows = body axes in the space frame), shape
 * matrices G = Aᵀ S² A and well matrices B = Aᵀ E A, and r12 = x_j − x_i:
 *   σ12 = [½ r̂ᵀ (G1+G2)⁻¹ r̂]^(−½),  h12 = r − σ12,  ϱ = σ/(h12 + γσ),
 *   U_r = 4ε(ϱ¹² − ϱ⁶),  η = [2 l1 l2 / det(G1+G2)]^υ,  χ = [2 r̂ᵀ (B1+B2)⁻¹ r̂]^μ,
 *   U = U_r η χ; forces and torques are its analytic derivatives (Everaers & Ejtehadi 2003).
 */
import {
  cross3,
  crossRow,
  det3,
  diagTimes3,
  dot3,
  type Mat3,
  mldivide3,
  plus3,
  quatToMatTrans,
  transposeTimes3,
  vecmat,
} from '../src/asphere/math_extra.js';
import type { Ghosts } from '../src/ghosts.js';
import type { NeighborList } from '../src/neighbor_list.js';
import type { AtomSystem } from '../src/system.js';

/** LAMMPS's interaction forms per type pair. */
export const SPHERE_SPHERE = 0,
  SPHERE_ELLIPSE = 1,
  ELLIPSE_SPHERE = 2,
  ELLIPSE_ELLIPSE = 3;

const m3 = (): Mat3 => new Float64Array(9);
const v3 = () => new Float64Array(3);

export class GayBerneKernel {
  gamma = 0;
  upsilon = 0;
  mu = 0;
  private nt = 0;
  /** per type x 3: radii (shape1), squared radii (shape2); lshape per type. */
  private shape1 = new Float64Array(0);
  private shape2 = new Float64Array(0);
  private lshape = new Float64Array(0);
  private well: Float64Array = new Float64Array(0);
  /** per type pair (nt+1)^2 */
  private form = new Int32Array(0);
  private epsilon = new Float64Array(0);
  private sigma = new Float64Array(0);
  private lj1 = new Float64Array(0);
  private lj2 = new Float64Array(0);
  private lj3 = new Float64Array(0);
  private lj4 = new Float64Array(0);
  private offset = new Float64Array(0);
  cutsq = new Float64Array(0);

  // scratch
  private readonly a1 = m3();
  private readonly b1 = m3();
  private readonly g1 = m3();
  private readonly a2 = m3();
  private readonly b2 = m3();
  private readonly g2 = m3();
  private readonly temp = m3();
  private readonly g12 = m3();
  private readonly b12 = m3();
  private readonly aug = new Float64Array(12);
  private readonly fforce = v3();
  private readonly ttor = v3();
  private readonly rtor = v3();
  private readonly r12 = v3();
  private readonly r12hat = v3();
  private readonly kappa = v3();
  private readonly iota = v3();
  private readonly tempv = v3();
  private readonly tempv2 = v3();
  private readonly dUr = v3();
  private readonly dUr2 = v3();
  private readonly dchi = v3();
  private readonly dchi2 = v3();
  private readonly deta = v3();
  private readonly deta2 = v3();

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

  /**
   * LAMMPS init_style: each type's radii from its atoms (Atom::shape_consistency: all alike; 0 for
   * point particles, −1 for a type without atoms), 0 → 1 as Gay-Berne needs, squares and lshape.
   */
  initShapes(s: AtomSystem, nt: number): void {
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
        throw new Error('Pair gayberne requires atoms with same type have same shape');
      }
    }
    for (let t = 1; t <= nt; t++) {
      if (sh[3 * t] === 0.0) sh[3 * t] = sh[3 * t + 1] = sh[3 * t + 2] = 1.0;
      for (let d = 0; d < 3; d++) this.shape2[3 * t + d] = sh[3 * t + d] * sh[3 * t + d];
      this.lshape[t] =
        (sh[3 * t] * sh[3 * t + 1] + sh[3 * t + 2] * sh[3 * t + 2]) * Math.sqrt(sh[3 * t] * sh[3 * t + 1]);
    }
  }

  /** LAMMPS init_one for i <= j: LJ prefactors, offset, form; returns the cutoff. */
  initPair(
    i: number,
    j: number,
    eps: number,
    sig: number,
    cut: number,
    shift: boolean,
    setwell: Int32Array,
    well: Float64Array,
  ): number {
    this.well = well;
    const st = this.nt + 1;
    const ij = i * st + j,
      ji = j * st + i;
    this.epsilon[ij] = this.epsilon[ji] = eps;
    this.sigma[ij] = this.sigma[ji] = sig;
    this.lj1[ij] = this.lj1[ji] = 48.0 * eps * Math.pow(sig, 12.0);
    this.lj2[ij] = this.lj2[ji] = 24.0 * eps * Math.pow(sig, 6.0);
    this.lj3[ij] = this.lj3[ji] = 4.0 * eps * Math.pow(sig, 12.0);
    this.lj4[ij] = this.lj4[ji] = 4.0 * eps * Math.pow(sig, 6.0);
    if (shift) {
      const ratio = sig / cut;
      this.offset[ij] = this.offset[ji] = 4.0 * eps * (Math.pow(ratio, 12.0) - Math.pow(ratio, 6.0));
    } else this.offset[ij] = this.offset[ji] = 0.0;
    const sh = this.shape1;
    const aspherical = (t: number) =>
      sh[3 * t] !== sh[3 * t + 1] || sh[3 * t] !== sh[3 * t + 2] || sh[3 * t + 1] !== sh[3 * t + 2] || setwell[t] === 1;
    const ishape = aspherical(i),
      jshape = aspherical(j);
    const f = this.form;
    if (!ishape && !jshape) f[i * st + i] = f[j * st + j] = f[ij] = f[ji] = SPHERE_SPHERE;
    else if (!ishape) {
      f[i * st + i] = SPHERE_SPHERE;
      f[j * st + j] = ELLIPSE_ELLIPSE;
      f[ij] = SPHERE_ELLIPSE;
      f[ji] = ELLIPSE_SPHERE;
    } else if (!jshape) {
      f[j * st + j] = SPHERE_SPHERE;
      f[i * st + i] = ELLIPSE_ELLIPSE;
      f[ji] = SPHERE_ELLIPSE;
      f[ij] = ELLIPSE_SPHERE;
    } else f[i * st + i] = f[j * st + j] = f[ij] = f[ji] = ELLIPSE_ELLIPSE;
    this.cutsq[ij] = this.cutsq[ji] = cut * cut;
    return cut;
  }

  /** A = rotation (transposed), B = Aᵀ diag(well) A, G = Aᵀ diag(shape²) A of type t at quat q[o..]. */
  private orient(q: Float64Array, o: number, t: number, a: Mat3, b: Mat3, g: Mat3): void {
    const temp = this.temp;
    quatToMatTrans(q, o, a);
    diagTimes3(this.well, 3 * t, a, temp);
    transposeTimes3(a, temp, b);
    diagTimes3(this.shape2, 3 * t, a, temp);
    transposeTimes3(a, temp, g);
  }

  /**
   * The half-list loop: forces into f (nall x 3), torques into tor (nall x 3), returns the pair
   * energy (when eflag). quat: the atom style's local quaternions (ghosts read their owner's).
   */
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
    const form = this.form,
      cutsq = this.cutsq;
    const { a1, b1, g1, a2, b2, g2, fforce, ttor, rtor, r12 } = this;
    let evdwl = 0;
    let oneEng = 0;
    for (let i = 0; i < nlocal; i++) {
      const itype = type[i];
      if (form[itype * st + itype] === ELLIPSE_ELLIPSE) this.orient(quat, 4 * i, itype, a1, b1, g1);
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
        switch (form[t]) {
          case SPHERE_SPHERE: {
            const r2inv = 1.0 / rsq;
            const r6inv = r2inv * r2inv * r2inv;
            let forcelj = r6inv * (this.lj1[t] * r6inv - this.lj2[t]);
            forcelj *= -r2inv;
            if (eflag) oneEng = r6inv * (r6inv * this.lj3[t] - this.lj4[t]) - this.offset[t];
            fforce[0] = r12[0] * forcelj;
            fforce[1] = r12[1] * forcelj;
            fforce[2] = r12[2] * forcelj;
            ttor[0] = ttor[1] = ttor[2] = 0.0;
            rtor[0] = rtor[1] = rtor[2] = 0.0;
            break;
          }
          case SPHERE_ELLIPSE:
            this.orient(quat, 4 * jo, jtype, a2, b2, g2);
            oneEng = this.gayberneLj(jtype, itype, a2, b2, g2, r12, rsq, fforce, rtor);
            ttor[0] = ttor[1] = ttor[2] = 0.0;
            break;
          case ELLIPSE_SPHERE:
            oneEng = this.gayberneLj(itype, jtype, a1, b1, g1, r12, rsq, fforce, ttor);
            rtor[0] = rtor[1] = rtor[2] = 0.0;
            break;
          default:
            this.orient(quat, 4 * jo, jtype, a2, b2, g2);
            oneEng = this.gayberneAnalytic(itype, jtype, a1, a2, b1, b2, g1, g2, r12, rsq, fforce, ttor, rtor);
        }
        fforce[0] *= factorLj;
        fforce[1] *= factorLj;
        fforce[2] *= factorLj;
        ttor[0] *= factorLj;
        ttor[1] *= factorLj;
        ttor[2] *= factorLj;
        f[3 * i] += fforce[0];
        f[3 * i + 1] += fforce[1];
        f[3 * i + 2] += fforce[2];
        tor[3 * i] += ttor[0];
        tor[3 * i + 1] += ttor[1];
        tor[3 * i + 2] += ttor[2];
        rtor[0] *= factorLj;
        rtor[1] *= factorLj;
        rtor[2] *= factorLj;
        f[3 * j] -= fforce[0];
        f[3 * j + 1] -= fforce[1];
        f[3 * j + 2] -= fforce[2];
        tor[3 * j] += rtor[0];
        tor[3 * j + 1] += rtor[1];
        tor[3 * j + 2] += rtor[2];
        if (eflag) evdwl += factorLj * oneEng;
      }
    }
    return evdwl;
  }

  /** Everaers-Ejtehadi analytic energy, force and torques of two ellipsoids (gayberne_analytic, newton on). */
  private gayberneAnalytic(
    ti: number,
    tj: number,
    a1: Mat3,
    a2: Mat3,
    b1: Mat3,
    b2: Mat3,
    g1: Mat3,
    g2: Mat3,
    r12: Float64Array,
    rsq: number,
    fforce: Float64Array,
    ttor: Float64Array,
    rtor: Float64Array,
  ): number {
    const { tempv, tempv2, temp, r12hat, g12, b12, kappa, iota, dUr, dUr2, dchi, dchi2, deta, deta2 } = this;
    const mu = this.mu,
      upsilon = this.upsilon;
    const t = ti * (this.nt + 1) + tj;
    const sig = this.sigma[t],
      eps = this.epsilon[t];
    normalize3(r12, r12hat);
    const r = Math.sqrt(rsq);

    // distance of closest approach
    plus3(g1, g2, g12);
    this.solve(g12, r12, kappa);
    tempv[0] = kappa[0] / r;
    tempv[1] = kappa[1] / r;
    tempv[2] = kappa[2] / r;
    let sigma12 = dot3(r12hat, tempv);
    sigma12 = Math.pow(0.5 * sigma12, -0.5);
    const h12 = r - sigma12;

    // energy: u_r
    const varrho = sig / (h12 + this.gamma * sig);
    const varrho6 = Math.pow(varrho, 6.0);
    const varrho12 = varrho6 * varrho6;
    const uR = 4.0 * eps * (varrho12 - varrho6);

    // eta_12
    let eta = 2.0 * this.lshape[ti] * this.lshape[tj];
    const detG12 = det3(g12);
    eta = Math.pow(eta / detG12, upsilon);

    // chi_12
    plus3(b1, b2, b12);
    this.solve(b12, r12, iota);
    tempv[0] = iota[0] / r;
    tempv[1] = iota[1] / r;
    tempv[2] = iota[2] / r;
    let chi = dot3(r12hat, tempv);
    chi = Math.pow(chi * 2.0, mu);

    // force: dU_r/dr
    let temp1 = (2.0 * varrho12 * varrho - varrho6 * varrho) / sig;
    temp1 = temp1 * 24.0 * eps;
    const uSlj = (temp1 * Math.pow(sigma12, 3.0)) / 2.0;
    let temp2 = dot3(kappa, r12hat);
    const usljRsq = uSlj / rsq;
    dUr[0] = temp1 * r12hat[0] + usljRsq * (kappa[0] - temp2 * r12hat[0]);
    dUr[1] = temp1 * r12hat[1] + usljRsq * (kappa[1] - temp2 * r12hat[1]);
    dUr[2] = temp1 * r12hat[2] + usljRsq * (kappa[2] - temp2 * r12hat[2]);

    // dchi_12/dr
    temp1 = dot3(iota, r12hat);
    temp2 = (-4.0 / rsq) * mu * Math.pow(chi, (mu - 1.0) / mu);
    dchi[0] = temp2 * (iota[0] - temp1 * r12hat[0]);
    dchi[1] = temp2 * (iota[1] - temp1 * r12hat[1]);
    dchi[2] = temp2 * (iota[2] - temp1 * r12hat[2]);

    temp1 = -eta * uR;
    temp2 = eta * chi;
    fforce[0] = temp1 * dchi[0] - temp2 * dUr[0];
    fforce[1] = temp1 * dchi[1] - temp2 * dUr[1];
    fforce[2] = temp1 * dchi[2] - temp2 * dUr[2];

    // torques: dU_r
    tempv[0] = -usljRsq * kappa[0];
    tempv[1] = -usljRsq * kappa[1];
    tempv[2] = -usljRsq * kappa[2];
    vecmat(kappa, g1, tempv2);
    cross3(tempv, tempv2, dUr);
    vecmat(kappa, g2, tempv2);
    cross3(tempv, tempv2, dUr2);

    // d_chi
    vecmat(iota, b1, tempv);
    cross3(tempv, iota, dchi);
    temp1 = -4.0 / rsq;
    dchi[0] *= temp1;
    dchi[1] *= temp1;
    dchi[2] *= temp1;
    vecmat(iota, b2, tempv);
    cross3(tempv, iota, dchi2);
    dchi2[0] *= temp1;
    dchi2[1] *= temp1;
    dchi2[2] *= temp1;

    // d_eta
    deta[0] = deta[1] = deta[2] = 0.0;
    this.etaTorque(g12, a1, ti, temp);
    temp1 = -eta * upsilon;
    for (let m = 0; m < 3; m++) {
      for (let y = 0; y < 3; y++) tempv[y] = temp1 * temp[3 * m + y];
      crossRow(a1, m, tempv, tempv2);
      deta[0] += tempv2[0];
      deta[1] += tempv2[1];
      deta[2] += tempv2[2];
    }
    deta2[0] = deta2[1] = deta2[2] = 0.0;
    this.etaTorque(g12, a2, tj, temp);
    for (let m = 0; m < 3; m++) {
      for (let y = 0; y < 3; y++) tempv[y] = temp1 * temp[3 * m + y];
      crossRow(a2, m, tempv, tempv2);
      deta2[0] += tempv2[0];
      deta2[1] += tempv2[1];
      deta2[2] += tempv2[2];
    }

    temp1 = uR * eta;
    temp2 = uR * chi;
    const temp3 = chi * eta;
    ttor[0] = (temp1 * dchi[0] + temp2 * deta[0] + temp3 * dUr[0]) * -1.0;
    ttor[1] = (temp1 * dchi[1] + temp2 * deta[1] + temp3 * dUr[1]) * -1.0;
    ttor[2] = (temp1 * dchi[2] + temp2 * deta[2] + temp3 * dUr[2]) * -1.0;
    rtor[0] = (temp1 * dchi2[0] + temp2 * deta2[0] + temp3 * dUr2[0]) * -1.0;
    rtor[1] = (temp1 * dchi2[1] + temp2 * deta2[1] + temp3 * dUr2[1]) * -1.0;
    rtor[2] = (temp1 * dchi2[2] + temp2 * deta2[2] + temp3 * dUr2[2]) * -1.0;
    return temp1 * chi;
  }

  /** Ellipsoid (type ti, matrices a1 b1 g1) with a sphere of type tj (gayberne_lj); torque on the ellipsoid only. */
  private gayberneLj(
    ti: number,
    tj: number,
    a1: Mat3,
    b1: Mat3,
    g1: Mat3,
    r12: Float64Array,
    rsq: number,
    fforce: Float64Array,
    ttor: Float64Array,
  ): number {
    const { tempv, tempv2, temp, r12hat, g12, b12, kappa, iota, dUr, dchi, deta } = this;
    const mu = this.mu,
      upsilon = this.upsilon;
    const t = ti * (this.nt + 1) + tj;
    const sig = this.sigma[t],
      eps = this.epsilon[t];
    normalize3(r12, r12hat);
    const r = Math.sqrt(rsq);

    // distance of closest approach: G12 = G1 + shape2_j[0] I
    const s2 = this.shape2[3 * tj];
    for (let k = 0; k < 9; k++) g12[k] = g1[k];
    g12[0] = g1[0] + s2;
    g12[4] = g1[4] + s2;
    g12[8] = g1[8] + s2;
    this.solve(g12, r12, kappa);
    tempv[0] = kappa[0] / r;
    tempv[1] = kappa[1] / r;
    tempv[2] = kappa[2] / r;
    let sigma12 = dot3(r12hat, tempv);
    sigma12 = Math.pow(0.5 * sigma12, -0.5);
    const h12 = r - sigma12;

    const varrho = sig / (h12 + this.gamma * sig);
    const varrho6 = Math.pow(varrho, 6.0);
    const varrho12 = varrho6 * varrho6;
    const uR = 4.0 * eps * (varrho12 - varrho6);

    let eta = 2.0 * this.lshape[ti] * this.lshape[tj];
    const detG12 = det3(g12);
    eta = Math.pow(eta / detG12, upsilon);

    // B12 = B1 + well_j[0] I
    const w = this.well[3 * tj];
    for (let k = 0; k < 9; k++) b12[k] = b1[k];
    b12[0] = b1[0] + w;
    b12[4] = b1[4] + w;
    b12[8] = b1[8] + w;
    this.solve(b12, r12, iota);
    tempv[0] = iota[0] / r;
    tempv[1] = iota[1] / r;
    tempv[2] = iota[2] / r;
    let chi = dot3(r12hat, tempv);
    chi = Math.pow(chi * 2.0, mu);

    let temp1 = (2.0 * varrho12 * varrho - varrho6 * varrho) / sig;
    temp1 = temp1 * 24.0 * eps;
    const uSlj = (temp1 * Math.pow(sigma12, 3.0)) / 2.0;
    let temp2 = dot3(kappa, r12hat);
    const usljRsq = uSlj / rsq;
    dUr[0] = temp1 * r12hat[0] + usljRsq * (kappa[0] - temp2 * r12hat[0]);
    dUr[1] = temp1 * r12hat[1] + usljRsq * (kappa[1] - temp2 * r12hat[1]);
    dUr[2] = temp1 * r12hat[2] + usljRsq * (kappa[2] - temp2 * r12hat[2]);

    temp1 = dot3(iota, r12hat);
    temp2 = (-4.0 / rsq) * mu * Math.pow(chi, (mu - 1.0) / mu);
    dchi[0] = temp2 * (iota[0] - temp1 * r12hat[0]);
    dchi[1] = temp2 * (iota[1] - temp1 * r12hat[1]);
    dchi[2] = temp2 * (iota[2] - temp1 * r12hat[2]);

    temp1 = -eta * uR;
    temp2 = eta * chi;
    fforce[0] = temp1 * dchi[0] - temp2 * dUr[0];
    fforce[1] = temp1 * dchi[1] - temp2 * dUr[1];
    fforce[2] = temp1 * dchi[2] - temp2 * dUr[2];

    tempv[0] = -usljRsq * kappa[0];
    tempv[1] = -usljRsq * kappa[1];
    tempv[2] = -usljRsq * kappa[2];
    vecmat(kappa, g1, tempv2);
    cross3(tempv, tempv2, dUr);

    vecmat(iota, b1, tempv);
    cross3(tempv, iota, dchi);
    temp1 = -4.0 / rsq;
    dchi[0] *= temp1;
    dchi[1] *= temp1;
    dchi[2] *= temp1;

    deta[0] = deta[1] = deta[2] = 0.0;
    this.etaTorque(g12, a1, ti, temp);
    temp1 = -eta * upsilon;
    for (let m = 0; m < 3; m++) {
      for (let y = 0; y < 3; y++) tempv[y] = temp1 * temp[3 * m + y];
      crossRow(a1, m, tempv, tempv2);
      deta[0] += tempv2[0];
      deta[1] += tempv2[1];
      deta[2] += tempv2[2];
    }

    temp1 = uR * eta;
    temp2 = uR * chi;
    const temp3 = chi * eta;
    ttor[0] = (temp1 * dchi[0] + temp2 * deta[0] + temp3 * dUr[0]) * -1.0;
    ttor[1] = (temp1 * dchi[1] + temp2 * deta[1] + temp3 * dUr[1]) * -1.0;
    ttor[2] = (temp1 * dchi[2] + temp2 * deta[2] + temp3 * dUr[2]) * -1.0;
    return temp1 * chi;
  }

  private solve(m: Mat3, v: Float64Array, ans: Float64Array): void {
    if (!mldivide3(m, v, ans, this.aug)) throw new Error('Bad matrix inversion in mldivide3');
  }

  /**
   * The η torque term (compute_eta_torque): trace in the derivative of det(G12) with respect to a
   * rotation of particle with rotation a (rows) and squared radii s of type t. m = G12.
   */
  private etaTorque(m: Mat3, m2: Mat3, t: number, ans: Mat3): void {
    const s0 = this.shape2[3 * t],
      s1 = this.shape2[3 * t + 1],
      s2 = this.shape2[3 * t + 2];
    const m00 = m[0],
      m01 = m[1],
      m02 = m[2],
      m10 = m[3],
      m11 = m[4],
      m12 = m[5],
      m20 = m[6],
      m21 = m[7],
      m22 = m[8];
    const n00 = m2[0],
      n01 = m2[1],
      n02 = m2[2],
      n10 = m2[3],
      n11 = m2[4],
      n12 = m2[5],
      n20 = m2[6],
      n21 = m2[7],
      n22 = m2[8];
    const den =
      m10 * m02 * m21 - m00 * m12 * m21 - m02 * m20 * m11 + m01 * m20 * m12 - m10 * m01 * m22 + m00 * m11 * m22;

    ans[0] =
      (s0 *
        (m12 * m01 * n02 +
          2.0 * m11 * m22 * n00 -
          m11 * n02 * m02 -
          2.0 * m12 * n00 * m21 +
          n01 * m02 * m21 -
          n01 * m01 * m22 -
          m10 * m22 * n01 +
          m20 * m12 * n01 +
          m10 * n02 * m21 -
          n02 * m20 * m11)) /
      den;
    ans[1] =
      (s0 *
        (m02 * n00 * m21 -
          m22 * n00 * m01 +
          2.0 * m00 * m22 * n01 -
          m00 * n02 * m12 -
          2.0 * m20 * m02 * n01 +
          n02 * m10 * m02 -
          m22 * m10 * n00 +
          m20 * n00 * m12 +
          m20 * n02 * m01 -
          n02 * m00 * m21)) /
      den;
    ans[2] =
      (s0 *
        (m01 * m12 * n00 -
          m02 * n00 * m11 -
          m00 * m12 * n01 +
          m10 * m02 * n01 -
          n01 * m00 * m21 -
          m20 * m11 * n00 +
          2.0 * m11 * m00 * n02 -
          2.0 * m10 * n02 * m01 +
          m10 * m21 * n00 +
          m20 * n01 * m01)) /
      den;
    ans[3] =
      (s1 *
        (-m11 * n12 * m02 +
          2.0 * m11 * m22 * n10 +
          m12 * m01 * n12 -
          2.0 * m12 * n10 * m21 +
          n11 * m02 * m21 -
          n11 * m01 * m22 -
          m10 * m22 * n11 +
          m20 * m12 * n11 -
          n12 * m20 * m11 +
          m10 * n12 * m21)) /
      den;
    ans[4] =
      (s1 *
        (m02 * n10 * m21 -
          m01 * m22 * n10 +
          2.0 * m22 * m00 * n11 -
          n12 * m00 * m12 -
          2.0 * m20 * n11 * m02 -
          m10 * m22 * n10 +
          m20 * m12 * n10 +
          m10 * n12 * m02 -
          m00 * n12 * m21 +
          n12 * m01 * m20)) /
      den;
    ans[5] =
      (s1 *
        (m01 * m12 * n10 -
          m02 * n10 * m11 -
          m00 * m12 * n11 +
          m10 * m02 * n11 +
          2.0 * m11 * m00 * n12 -
          m00 * n11 * m21 +
          m01 * m20 * n11 -
          n10 * m20 * m11 -
          2.0 * m10 * m01 * n12 +
          m10 * n10 * m21)) /
      den;
    ans[6] =
      (s2 *
        (-m11 * m02 * n22 +
          m01 * m12 * n22 +
          2.0 * m11 * n20 * m22 -
          m01 * n21 * m22 +
          m02 * m21 * n21 -
          2.0 * n20 * m21 * m12 -
          m10 * n21 * m22 +
          m12 * m20 * n21 -
          m11 * m20 * n22 +
          m21 * m10 * n22)) /
      den;
    ans[7] =
      (s2 *
        -(
          m01 * m22 * n20 -
          m02 * n20 * m21 -
          2.0 * n21 * m00 * m22 +
          m12 * n22 * m00 +
          2.0 * n21 * m02 * m20 +
          m10 * n20 * m22 -
          m10 * m02 * n22 -
          m12 * m20 * n20 +
          m00 * n22 * m21 -
          n22 * m01 * m20
        )) /
      den;
    ans[8] =
      (s2 *
        (m01 * m12 * n20 -
          m02 * n20 * m11 -
          m00 * m12 * n21 +
          m10 * m02 * n21 -
          m11 * m20 * n20 -
          m21 * n21 * m00 +
          2.0 * m11 * n22 * m00 +
          m21 * m10 * n20 +
          m20 * m01 * n21 -
          2.0 * n22 * m10 * m01)) /
      den;
  }
}

/** r̂ = r / |r| (normalize3: one reciprocal, three products). */
function normalize3(v: Float64Array, ans: Float64Array): void {
  const scale = 1.0 / Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  ans[0] = v[0] * scale;
  ans[1] = v[1] * scale;
  ans[2] = v[2] * scale;
}
