import { DiscreteMaxwellian } from './maxwellian.js';
import { ARS_DELTA, ARS_GAMMA } from './imex_ars222.js';
import { Transport, type Boundary } from './transport.js';
import { conservedMoments, type VelocityGrid } from './velocity_grid.js';

/** Largest Courant number v_max dt/dx the solver accepts (see docs/kinetic.md, "Stability"). */
export const KINETIC_MAX_CFL = 1;

export interface BgkSetup {
  nx: number;
  /** Domain [0, length). */
  length: number;
  grid: VelocityGrid;
  /** Knudsen number (relaxation time); Infinity gives free transport. */
  eps: number;
  /** Courant number v_max dt / dx, in (0, KINETIC_MAX_CFL]. */
  cfl: number;
  boundary: Boundary;
}

/**
 * The BGK equation ∂ₜf + v∂ₓf = (M[f] − f)/ε in 1-D space and 1-D velocity, discretised with
 * `Transport` (second-order upwind MUSCL), the conservative discrete Maxwellian and the asymptotic-preserving
 * IMEX scheme ARS(2,2,2). The time step is dt = cfl·dx/v_max for every ε (the relaxation is implicit).
 *
 * f: nx·nv values, f[i*nv + j] (cell i, velocity j), cell centres x_i = (i + 1/2) dx.
 */
export class BgkSolver {
  readonly dx: number;
  readonly f: Float64Array;
  t = 0;
  steps = 0;
  private readonly transport: Transport;
  private readonly maxwell: DiscreteMaxwellian;
  private readonly t1: Float64Array;
  private readonly t2: Float64Array;
  private readonly stage: Float64Array;
  private readonly eq: Float64Array;
  private readonly u3 = new Float64Array(3);

  constructor(readonly setup: BgkSetup) {
    const { nx, grid, eps, cfl, length } = setup;
    if (!(nx >= 4 && Number.isInteger(nx))) throw new Error(`BGK: nx must be an integer >= 4, got ${nx}`);
    if (!(eps > 0)) throw new Error(`BGK: eps must be > 0, got ${eps}`);
    if (!(cfl > 0 && cfl <= KINETIC_MAX_CFL))
      throw new Error(`BGK: cfl must be in (0, ${KINETIC_MAX_CFL}] (stable limit), got ${cfl}`);
    if (!(length > 0)) throw new Error(`BGK: length must be > 0, got ${length}`);
    this.dx = length / nx;
    const n = nx * grid.nv;
    this.f = new Float64Array(n);
    this.t1 = new Float64Array(n);
    this.t2 = new Float64Array(n);
    this.stage = new Float64Array(n);
    this.eq = new Float64Array(n);
    this.transport = new Transport(nx, grid, this.dx, setup.boundary);
    this.maxwell = new DiscreteMaxwellian(grid);
  }

  /** Cell centre x_i. */
  x(i: number): number {
    return (i + 0.5) * this.dx;
  }

  /** Set f to the discrete Maxwellian of (ρ, u, T) given per cell (length nx each). */
  setMaxwellian(rho: ArrayLike<number>, u: ArrayLike<number>, T: ArrayLike<number>): void {
    const nv = this.setup.grid.nv;
    for (let i = 0; i < this.setup.nx; i++) {
      const r = rho[i];
      this.maxwell.fill(r, r * u[i], 0.5 * r * (u[i] * u[i] + T[i]), this.f, i * nv, `x=${this.x(i)}`);
    }
    this.t = 0;
    this.steps = 0;
  }

  /** The time step of the CFL rule. */
  get dt(): number {
    return (this.setup.cfl * this.dx) / this.setup.grid.vMax;
  }

  /** Advance to time tEnd (the last step is shortened to land on it); onStep is called after every step. */
  run(tEnd: number, onStep?: (s: BgkSolver) => void): void {
    const dt0 = this.dt;
    while (this.t < tEnd - 1e-14 * Math.max(1, tEnd)) {
      const dt = Math.min(dt0, tEnd - this.t);
      this.step(dt);
      onStep?.(this);
    }
  }

  /** One ARS(2,2,2) step of length dt (see imex_ars222.ts). */
  step(dt: number): void {
    const { f, t1, t2, stage, eq } = this;
    const eps = this.setup.eps,
      n = f.length;
    const g = ARS_GAMMA,
      d = ARS_DELTA;
    const k = (g * dt) / eps; // 0 for free transport (eps = Infinity)
    this.transport.apply(f, t1);
    // stage 2: F2 = (E2 + k M[E2]) / (1 + k), E2 = f + γ dt T1
    for (let i = 0; i < n; i++) stage[i] = f[i] + g * dt * t1[i];
    this.relax(stage, k);
    this.transport.apply(stage, t2);
    // Q2 = (M2 − F2)/ε, written before stage is overwritten: eq holds M2 (when relaxing)
    const q2 = (1 - g) * dt;
    if (k > 0) for (let i = 0; i < n; i++) eq[i] = (q2 * (eq[i] - stage[i])) / eps;
    // stage 3 (the new value): E3 = f + dt(δ T1 + (1−δ) T2) + (1−γ) dt Q2
    for (let i = 0; i < n; i++) {
      const e3 = f[i] + dt * (d * t1[i] + (1 - d) * t2[i]);
      f[i] = k > 0 ? e3 + eq[i] : e3;
    }
    this.relax(f, k);
    this.t += dt;
    this.steps++;
  }

  /** In place q ← (q + k M[q]) / (1 + k), cell by cell; M[q] is left in `eq`. No-op when k = 0. */
  private relax(q: Float64Array, k: number): void {
    if (k === 0) return;
    const nv = this.setup.grid.nv,
      U = this.u3,
      eq = this.eq,
      c = 1 / (1 + k);
    for (let i = 0; i < this.setup.nx; i++) {
      const o = i * nv;
      conservedMoments(this.setup.grid, q, o, U);
      this.maxwell.fill(U[0], U[1], U[2], eq, o, `x=${this.x(i)}, t=${this.t}`);
      for (let j = 0; j < nv; j++) q[o + j] = (q[o + j] + k * eq[o + j]) * c;
    }
  }

  /** ρ, u, T per cell (T = p/ρ, p = ρT with 1-D velocities). */
  macroscopic(rho: Float64Array, u: Float64Array, T: Float64Array): void {
    const U = this.u3,
      nv = this.setup.grid.nv;
    for (let i = 0; i < this.setup.nx; i++) {
      conservedMoments(this.setup.grid, this.f, i * nv, U);
      rho[i] = U[0];
      u[i] = U[1] / U[0];
      T[i] = (2 * U[2]) / U[0] - u[i] * u[i];
    }
  }

  /** Totals Σ_i (ρ, ρu, E)_i dx (conserved on a periodic domain). */
  totals(): [number, number, number] {
    const U = this.u3,
      nv = this.setup.grid.nv,
      s: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < this.setup.nx; i++) {
      conservedMoments(this.setup.grid, this.f, i * nv, U);
      s[0] += U[0] * this.dx;
      s[1] += U[1] * this.dx;
      s[2] += U[2] * this.dx;
    }
    return s;
  }
}
