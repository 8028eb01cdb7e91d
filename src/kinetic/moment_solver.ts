import type { MomentClosure } from './closure.js';
import { ARS_DELTA, ARS_GAMMA } from './imex_ars222.js';
import { upperGaussMoments } from './half_range.js';
import { vanLeer } from './limiter.js';
import {
  binom,
  gaussMoment,
  hermiteCoefficients,
  maxwellianRaw,
  normalizedCentral,
  rawFromNormalized,
} from './moment_algebra.js';
import { polynomialRoots } from './polynomial_roots.js';
import type { Boundary } from './transport.js';

/** Largest Courant number (max wave speed) dt/dx the moment solver accepts. */
export const MOMENT_MAX_CFL = 1;

/** How often and where the closed system was found not hyperbolic. */
export interface HyperbolicityReport {
  /** Cell-checks whose flux Jacobian had complex eigenvalues (|Im λ| > 1e-6 √T). */
  lostCellSteps: number;
  /** Cell-checks made (nx per eigenvalue check; a check runs every `eigenEvery` steps). */
  totalCellSteps: number;
  /** Time of the first loss, null if never. */
  firstLossTime: number | null;
  /** Largest |Im λ| / √T seen. */
  maxImagOverSqrtT: number;
}

/** Numerical flux of the moment solver: kinetic flux-vector splitting (default) or Rusanov. */
export type MomentFlux = 'kinetic' | 'rusanov';

export interface MomentSetup {
  nx: number;
  length: number;
  eps: number;
  /** Courant number max|λ| dt/dx. */
  cfl: number;
  boundary: Boundary;
  /** Numerical flux (default 'kinetic'). */
  flux?: MomentFlux;
  /** Eigenvalues of the flux Jacobian are recomputed every this many steps (default 10; 1 = every step). */
  eigenEvery?: number;
}

/**
 * The moment system of order N in conservation form,
 *   ∂ₜm_p + ∂ₓm_{p+1} = (m_p^eq(ρ,u,T) − m_p)/ε,  p = 0..N   (zero source for p ≤ 2: ρ, ρu, E are conserved),
 * closed by m_{N+1} from the closure's μ̂_{N+1}. This is exactly the hierarchy the BGK equation gives for the
 * moments ∫ v^p f dv (the BGK source of a moment is its Maxwellian value minus itself, over ε), so the only
 * modelling is the closure. Finite volumes: MUSCL (van Leer) on (ρ, u, T, μ̂₃..μ̂_N), the closure evaluated on
 * each reconstructed face state, and the same ARS(2,2,2) IMEX
 * stepper as the kinetic solver (the relaxation is implicit, so small ε does not restrict dt).
 * dt = cfl·dx / max|λ| with the characteristic speeds λ of the moment system (not the kinetic grid's v_max).
 *
 * Flux. 'kinetic' (default): flux-vector splitting with the distribution the moments imply,
 * f̂(ξ) = φ(ξ) Σ_{k≤N+1} a_k He_k(ξ)/k! (the Hermite series matching μ̂₀..μ̂_{N+1}, the closure supplying
 * μ̂_{N+1}): F_p = ∫_{v>0} v^{p+1} f_L dv + ∫_{v<0} v^{p+1} f_R dv, by the half-range Gaussian moments of
 * half_range.ts. This upwinds every particle velocity, as the kinetic solver does, so the numerical dissipation
 * is that of the kinetic scheme (|v| per particle) instead of Rusanov's max|λ| for every wave, which grows with N
 * and was the error floor of the high-order systems. When f_L = f_R it is the exact flux m_{p+1}.
 * 'rusanov': ½(F_L + F_R) − ½ a (m_R − m_L), a the local spectral radius.
 *
 * Hyperbolicity: the flux Jacobian is a companion matrix whose last row is ∂m_{N+1}/∂m_j, so its eigenvalues
 * are the roots of λ^{N+1} − Σ_j (∂m_{N+1}/∂m_j) λ^j. By Galilean and scale invariance they are u + √T λ̂, where
 * λ̂ are those of the normalized state (ρ, u, T = 1, 0, 1, same μ̂); ∂m_{N+1}/∂m_j there is taken by central
 * differences through the closure (one batched closure call of 2(N+1) rows per cell). That check costs more than
 * a step, so it runs every `eigenEvery` steps; in between, each cell's speed is |u| + √T·λ̂max with its last
 * normalized spectral radius λ̂max (μ̂ changes on the flow time scale, u and T are current). When a root is complex
 * the system is not hyperbolic there: the run goes on with the spectral radius from the root moduli and the event
 * is counted in `hyperbolicity`.
 *
 * q: nx·(N+1) raw moments, q[i*(N+1) + p].
 */
export class MomentSolver {
  readonly N: number;
  readonly dx: number;
  readonly q: Float64Array;
  t = 0;
  steps = 0;
  readonly hyperbolicity: HyperbolicityReport = {
    lostCellSteps: 0,
    totalCellSteps: 0,
    firstLossTime: null,
    maxImagOverSqrtT: 0,
  };
  private readonly n: number;
  private readonly kinetic: boolean;
  private readonly eigenEvery: number;
  private readonly w: Float64Array; // cell primitives (ρ, u, T, μ̂3..μ̂N)
  private readonly faceHat: Float64Array; // 2(nx+1) rows of μ̂0..μ̂N
  private readonly facePrim: Float64Array; // 2(nx+1) rows of (ρ, u, T)
  private readonly faceClose: Float64Array;
  private readonly flux: Float64Array;
  private readonly speed: Float64Array;
  private readonly lamHat: Float64Array; // per cell: normalized spectral radius of the last eigenvalue check
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly stage: Float64Array;
  private readonly jacHat: Float64Array;
  private readonly jacOut: Float64Array;
  private readonly jacPrim: Float64Array;
  private readonly mTmp: Float64Array;
  private readonly hTmp: Float64Array;
  private readonly mL: Float64Array;
  private readonly mR: Float64Array;
  private readonly poly: Float64Array;
  private readonly rootRe: Float64Array;
  private readonly rootIm: Float64Array;
  private readonly eqBuf: Float64Array;
  private readonly prim = new Float64Array(3);
  private readonly cellHat: Float64Array;
  /** C(p, k) at [p*(N+3) + k], p ≤ N+2. */
  private readonly binomTab: Float64Array;
  /** Monomial coefficients of the Hermite series: P_j = Σ_k hermToPoly[j*(N+2)+k] μ̂_k, j, k ≤ N+1. */
  private readonly hermToPoly: Float64Array;
  private readonly halfI: Float64Array;
  private readonly halfJ: Float64Array;
  private readonly polyP: Float64Array;
  private readonly uPow: Float64Array;
  private readonly tPow: Float64Array;
  /** Gaussian moments (k−1)!! (0 for odd k), k ≤ N+2. */
  private readonly gauss: Float64Array;

  constructor(
    readonly setup: MomentSetup,
    readonly closure: MomentClosure,
  ) {
    const N = closure.order;
    this.N = N;
    const n = N + 1;
    this.n = n;
    const { nx } = setup;
    if (!(nx >= 4 && Number.isInteger(nx))) throw new Error(`moment solver: nx must be an integer >= 4, got ${nx}`);
    if (!(setup.eps > 0)) throw new Error(`moment solver: eps must be > 0, got ${setup.eps}`);
    if (!(setup.cfl > 0 && setup.cfl <= MOMENT_MAX_CFL))
      throw new Error(`moment solver: cfl must be in (0, ${MOMENT_MAX_CFL}], got ${setup.cfl}`);
    const every = setup.eigenEvery ?? 10;
    if (!(Number.isInteger(every) && every >= 1))
      throw new Error(`moment solver: eigenEvery must be an integer >= 1, got ${every}`);
    this.eigenEvery = every;
    this.kinetic = (setup.flux ?? 'kinetic') === 'kinetic';
    this.dx = setup.length / nx;
    this.q = new Float64Array(nx * n);
    this.w = new Float64Array(nx * n);
    this.faceHat = new Float64Array(2 * (nx + 1) * n);
    this.facePrim = new Float64Array(2 * (nx + 1) * 3);
    this.faceClose = new Float64Array(2 * (nx + 1));
    this.flux = new Float64Array((nx + 1) * n);
    this.speed = new Float64Array(nx);
    this.lamHat = new Float64Array(nx);
    this.r1 = new Float64Array(nx * n);
    this.r2 = new Float64Array(nx * n);
    this.stage = new Float64Array(nx * n);
    this.cellHat = new Float64Array(nx * n);
    this.jacHat = new Float64Array(nx * 2 * n * n);
    this.jacPrim = new Float64Array(nx * 2 * n * 3);
    this.jacOut = new Float64Array(nx * 2 * n);
    this.mTmp = new Float64Array(n + 1);
    this.hTmp = new Float64Array(n + 1);
    this.mL = new Float64Array(n + 2);
    this.mR = new Float64Array(n + 2);
    this.poly = new Float64Array(n);
    this.rootRe = new Float64Array(n);
    this.rootIm = new Float64Array(n);
    this.eqBuf = new Float64Array(nx * n);
    const nb = N + 3;
    this.binomTab = new Float64Array(nb * nb);
    for (let p = 0; p < nb; p++) for (let k = 0; k <= p; k++) this.binomTab[p * nb + k] = binom(p, k);
    // f̂ = φ Σ_k a_k He_k/k!, a_k = ∫ He_k f̂ = Σ_i he_k[i] μ̂_i  ⇒  P_j = Σ_k (1/k!) he_k[j] Σ_i he_k[i] μ̂_i
    const m = N + 2;
    this.hermToPoly = new Float64Array(m * m);
    let fact = 1;
    for (let k = 0; k < m; k++) {
      if (k > 0) fact *= k;
      const he = hermiteCoefficients(k);
      for (let j = 0; j <= k; j++) for (let i = 0; i <= k; i++) this.hermToPoly[j * m + i] += (he[j] * he[i]) / fact;
    }
    this.halfI = new Float64Array(2 * m);
    this.halfJ = new Float64Array(m);
    this.polyP = new Float64Array(m);
    this.uPow = new Float64Array(m + 1);
    this.tPow = new Float64Array(m + 1);
    this.gauss = Float64Array.from({ length: m + 1 }, (_, k) => gaussMoment(k));
  }

  /** Initial state: Maxwellians of (ρ, u, T) per cell (μ̂ Gaussian). */
  setMaxwellian(rho: ArrayLike<number>, u: ArrayLike<number>, T: ArrayLike<number>): void {
    for (let i = 0; i < this.setup.nx; i++)
      for (let p = 0; p < this.n; p++) this.q[i * this.n + p] = maxwellianRaw(rho[i], u[i], T[i], p);
    this.t = 0;
    this.steps = 0;
  }

  /** Initial state from raw moments (nx·(N+1)). */
  setMoments(q: ArrayLike<number>): void {
    this.q.set(q);
    this.t = 0;
    this.steps = 0;
  }

  macroscopic(rho: Float64Array, u: Float64Array, T: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < this.setup.nx; i++) {
      const m0 = this.q[i * n],
        ui = this.q[i * n + 1] / m0;
      rho[i] = m0;
      u[i] = ui;
      T[i] = this.q[i * n + 2] / m0 - ui * ui;
    }
  }

  /** Advance to tEnd; the step is recomputed from the wave speeds at the start of each step. */
  run(tEnd: number): void {
    while (this.t < tEnd - 1e-14 * Math.max(1, tEnd)) {
      const smax = this.steps % this.eigenEvery === 0 ? this.waveSpeeds() : this.cachedSpeeds();
      const dt = Math.min((this.setup.cfl * this.dx) / smax, tEnd - this.t);
      this.step(dt);
    }
  }

  /** Per-cell speeds |u| + √T·λ̂max from the last eigenvalue check and the current u, T; returns the maximum. */
  private cachedSpeeds(): number {
    const { nx } = this.setup;
    const n = this.n,
      q = this.q;
    let smax = 0;
    for (let i = 0; i < nx; i++) {
      const o = i * n,
        rho = q[o],
        u = q[o + 1] / rho,
        T = q[o + 2] / rho - u * u;
      if (!(rho > 0 && T > 0)) this.cellPrimitives(q, i, this.cellHat, o); // throws with the position
      const s = Math.abs(u) + Math.sqrt(T) * this.lamHat[i];
      this.speed[i] = s;
      if (s > smax) smax = s;
    }
    return smax;
  }

  /** Per-cell spectral radius into `speed` (and the hyperbolicity count); returns the maximum. */
  waveSpeeds(): number {
    const { nx } = this.setup;
    const n = this.n,
      N = this.N,
      h = 1e-6,
      rows = 2 * n;
    const hat = this.cellHat,
      jh = this.jacHat,
      jp = this.jacPrim,
      m = this.mTmp;
    for (let i = 0; i < nx; i++) this.cellPrimitives(this.q, i, hat, i * n);
    // In the normalized frame the raw moments are m̂_p = μ̂_p; perturb each m̂_j by ±h and renormalize, so the
    // closure sees the perturbed state's own μ̂ (all of them move when m̂0..m̂2 do).
    for (let i = 0; i < nx; i++)
      for (let j = 0; j <= N; j++)
        for (let s = 0; s < 2; s++) {
          const r = i * rows + 2 * j + s;
          for (let p = 0; p < n; p++) m[p] = hat[i * n + p];
          m[j] += s === 0 ? h : -h;
          normalizedCentral(m, 0, N, jh, r * n, this.prim);
          jp[r * 3] = this.prim[0];
          jp[r * 3 + 1] = this.prim[1];
          jp[r * 3 + 2] = this.prim[2];
        }
    this.closure.evaluate(jh, nx * rows, this.setup.eps, this.jacOut);
    const c = this.poly,
      re = this.rootRe,
      im = this.rootIm,
      hh = this.hTmp;
    let smax = 0;
    for (let i = 0; i < nx; i++) {
      // c_j = ∂m_{N+1}/∂m_j by central differences; characteristic polynomial λ^n − Σ c_j λ^j
      for (let j = 0; j <= N; j++) {
        let d = 0;
        for (let s = 0; s < 2; s++) {
          const r = i * rows + 2 * j + s;
          for (let p = 0; p < n; p++) hh[p] = jh[r * n + p];
          hh[n] = this.jacOut[r];
          const v = rawFromNormalized(jp[r * 3], jp[r * 3 + 1], jp[r * 3 + 2], hh, 0, N + 1);
          d += s === 0 ? v : -v;
        }
        c[j] = -d / (2 * h);
      }
      polynomialRoots(c, n, re, im);
      let rad = 0,
        imag = 0;
      for (let k = 0; k < n; k++) {
        rad = Math.max(rad, Math.hypot(re[k], im[k]));
        imag = Math.max(imag, Math.abs(im[k]));
      }
      const o = i * n,
        u = this.w[o + 1],
        sT = Math.sqrt(this.w[o + 2]);
      this.lamHat[i] = rad;
      this.speed[i] = Math.abs(u) + sT * rad;
      smax = Math.max(smax, this.speed[i]);
      const H = this.hyperbolicity;
      H.totalCellSteps++;
      if (imag > 1e-6 * (1 + rad)) {
        H.lostCellSteps++;
        H.firstLossTime ??= this.t;
      }
      H.maxImagOverSqrtT = Math.max(H.maxImagOverSqrtT, imag);
    }
    if (!Number.isFinite(smax) || smax <= 0)
      throw new Error(`moment system (${this.closure.name}): wave speed ${smax} at t=${this.t}`);
    return smax;
  }

  /** Primitive vector of cell i into w and its μ̂0..μ̂N into hat[ho..]; throws on a non-realizable state. */
  private cellPrimitives(q: Float64Array, i: number, hat: Float64Array, ho: number): void {
    const n = this.n;
    let finite = normalizedCentral(q, i * n, this.N, hat, ho, this.prim);
    for (let p = 3; p < n && finite; p++) finite = Number.isFinite(hat[ho + p]);
    if (!finite)
      throw new Error(
        `moment system (${this.closure.name}): state lost realizability at x=${((i + 0.5) * this.dx).toPrecision(4)}, ` +
          `t=${this.t.toPrecision(4)} (rho=${this.prim[0]}, T=${this.prim[2]})`,
      );
    const w = this.w;
    w[i * n] = this.prim[0];
    w[i * n + 1] = this.prim[1];
    w[i * n + 2] = this.prim[2];
    for (let p = 3; p < n; p++) w[i * n + p] = hat[ho + p];
  }

  /** out = −∂ₓF(q) by MUSCL and the kinetic or Rusanov flux (Rusanov speeds from the last speed update). */
  private transport(q: Float64Array, out: Float64Array): void {
    const { nx, boundary } = this.setup;
    const n = this.n,
      w = this.w,
      fh = this.faceHat,
      fp = this.facePrim;
    const periodic = boundary === 'periodic';
    const hat = this.cellHat;
    for (let i = 0; i < nx; i++) this.cellPrimitives(q, i, hat, i * n);
    // face k (x_{k−1/2}): row 2k is the left state (from cell k−1), row 2k+1 the right state (from cell k)
    for (let k = 0; k <= nx; k++) {
      for (let side = 0; side < 2; side++) {
        const raw = k - 1 + side;
        const c = periodic ? (raw + nx) % nx : Math.min(Math.max(raw, 0), nx - 1);
        const cm = periodic ? (c - 1 + nx) % nx : Math.max(c - 1, 0);
        const cp = periodic ? (c + 1) % nx : Math.min(c + 1, nx - 1);
        const edge = !periodic && (raw < 0 || raw > nx - 1);
        const sgn = side === 0 ? 0.5 : -0.5;
        const row = 2 * k + side;
        for (let p = 0; p < n; p++) {
          const wc = w[c * n + p];
          const s = edge ? 0 : vanLeer(wc - w[cm * n + p], w[cp * n + p] - wc);
          const v = wc + sgn * s;
          if (p < 3) fp[row * 3 + p] = v;
          else fh[row * n + p] = v;
        }
        fh[row * n] = 1;
        fh[row * n + 1] = 0;
        fh[row * n + 2] = 1;
      }
    }
    // the closure of each reconstructed face state (evaluating it at cell centres and reconstructing μ̂_{N+1}
    // halves the closure calls but measured 0.1 points worse at eps = 10, docs/kinetic.md)
    this.closure.evaluate(fh, 2 * (nx + 1), this.setup.eps, this.faceClose);
    const F = this.flux,
      mL = this.mL,
      mR = this.mR,
      hh = this.hTmp;
    for (let k = 0; k <= nx; k++) {
      if (this.kinetic) {
        for (let side = 0; side < 2; side++) {
          const row = 2 * k + side;
          for (let p = 0; p < n; p++) hh[p] = fh[row * n + p];
          hh[n] = this.faceClose[row];
          this.halfRangeFlux(fp[row * 3], fp[row * 3 + 1], fp[row * 3 + 2], hh, side === 0, side === 0 ? mL : mR);
        }
        for (let p = 0; p < n; p++) F[k * n + p] = mL[p] + mR[p];
        continue;
      }
      const cl = periodic ? (k - 1 + nx) % nx : Math.max(k - 1, 0);
      const cr = periodic ? k % nx : Math.min(k, nx - 1);
      const a = Math.max(this.speed[cl], this.speed[cr]);
      for (let side = 0; side < 2; side++) {
        const row = 2 * k + side,
          m = side === 0 ? mL : mR;
        for (let p = 0; p < n; p++) hh[p] = fh[row * n + p];
        hh[n] = this.faceClose[row];
        this.rawMoments(fp[row * 3], fp[row * 3 + 1], fp[row * 3 + 2], hh, m);
      }
      for (let p = 0; p < n; p++) F[k * n + p] = 0.5 * (mL[p + 1] + mR[p + 1]) - 0.5 * a * (mR[p] - mL[p]);
    }
    const inv = 1 / this.dx;
    for (let i = 0; i < nx; i++) for (let p = 0; p < n; p++) out[i * n + p] = (F[i * n + p] - F[(i + 1) * n + p]) * inv;
  }

  /** Powers u^0..u^(N+2) and √T^0..√T^(N+2) into uPow, tPow. */
  private powers(u: number, T: number): void {
    const up = this.uPow,
      tp = this.tPow,
      sT = Math.sqrt(T);
    up[0] = 1;
    tp[0] = 1;
    for (let k = 1; k < up.length; k++) {
      up[k] = up[k - 1] * u;
      tp[k] = tp[k - 1] * sT;
    }
  }

  /** m[p] = ρ Σ_k C(p,k) u^(p−k) T^(k/2) μ̂_k for p = 0..N+1 (hat holds μ̂0..μ̂_{N+1}). */
  private rawMoments(rho: number, u: number, T: number, hat: Float64Array, m: Float64Array): void {
    this.powers(u, T);
    const up = this.uPow,
      tp = this.tPow,
      B = this.binomTab,
      nb = this.N + 3;
    for (let p = 0; p <= this.N + 1; p++) {
      let s = 0;
      for (let k = 0; k <= p; k++) s += B[p * nb + k] * up[p - k] * tp[k] * hat[k];
      m[p] = rho * s;
    }
  }

  /**
   * Half-range flux of one face state: out[p] = ∫_{v>0} v^{p+1} f dv (upper) or ∫_{v<0} v^{p+1} f dv, p = 0..N,
   * with f = ρ/√T f̂((v−u)/√T), f̂ = φ·P the Hermite series of μ̂0..μ̂_{N+1}. In ξ: v > 0 ⇔ ξ > c = −u/√T, so
   * J_k = ∫_{ξ>c} ξ^k f̂ = Σ_j P_j I_{k+j}(c) (the lower half is the full moment μ̂_k minus J_k), and
   * out[p] = ρ Σ_k C(p+1,k) u^(p+1−k) T^(k/2) J_k.
   */
  private halfRangeFlux(rho: number, u: number, T: number, hat: Float64Array, upper: boolean, out: Float64Array): void {
    const N = this.N,
      m = N + 2,
      P = this.polyP,
      H = this.hermToPoly,
      I = this.halfI,
      J = this.halfJ;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += H[j * m + i] * hat[i];
      P[j] = s;
    }
    upperGaussMoments(-u / Math.sqrt(T), 2 * m - 2, I);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += P[j] * I[k + j];
      J[k] = upper ? s : hat[k] - s;
    }
    this.powers(u, T);
    const up = this.uPow,
      tp = this.tPow,
      B = this.binomTab,
      nb = N + 3;
    for (let p = 0; p <= N; p++) {
      let s = 0;
      for (let k = 0; k <= p + 1; k++) s += B[(p + 1) * nb + k] * up[p + 1 - k] * tp[k] * J[k];
      out[p] = rho * s;
    }
  }

  /**
   * In place relaxation of m_p, p ≥ 3, toward the Maxwellian of the (unchanged) ρ, u, T: (m + k m^eq)/(1 + k),
   * m_p^eq = ρ Σ_{k even} C(p,k) u^(p−k) T^(k/2) (k−1)!!.
   */
  private relax(q: Float64Array, k: number, eqOut: Float64Array | null): void {
    const n = this.n,
      c = 1 / (1 + k),
      up = this.uPow,
      tp = this.tPow,
      B = this.binomTab,
      G = this.gauss,
      nb = this.N + 3;
    for (let i = 0; i < this.setup.nx; i++) {
      const o = i * n,
        rho = q[o],
        u = q[o + 1] / rho,
        T = q[o + 2] / rho - u * u;
      this.powers(u, T);
      for (let p = 3; p < n; p++) {
        let s = 0;
        for (let j = 0; j <= p; j += 2) s += B[p * nb + j] * up[p - j] * tp[j] * G[j];
        const eq = rho * s;
        if (eqOut) eqOut[o + p] = eq;
        q[o + p] = (q[o + p] + k * eq) * c;
      }
    }
  }

  /** One ARS(2,2,2) step (same stages as BgkSolver.step). */
  step(dt: number): void {
    const { q, r1, r2, stage } = this;
    const eps = this.setup.eps,
      len = q.length,
      n = this.n;
    const g = ARS_GAMMA,
      d = ARS_DELTA,
      k = (g * dt) / eps;
    this.transport(q, r1);
    for (let i = 0; i < len; i++) stage[i] = q[i] + g * dt * r1[i];
    const eq = this.eqBuf;
    this.relax(stage, k, eq);
    this.transport(stage, r2);
    for (let i = 0; i < len; i++) {
      const p = i % n;
      const q2 = p >= 3 ? ((1 - g) * dt * (eq[i] - stage[i])) / eps : 0;
      q[i] = q[i] + dt * (d * r1[i] + (1 - d) * r2[i]) + q2;
    }
    this.relax(q, k, null);
    this.t += dt;
    this.steps++;
  }
}
