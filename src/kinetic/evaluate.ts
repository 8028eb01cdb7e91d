import { Rng } from '../nn/rng.js';
import { BgkSolver } from './bgk_solver.js';
import type { MomentClosure } from './closure.js';
import { boundaryOf, randomFourier, sampleInitial, type InitialCondition } from './initial_data.js';
import { type HyperbolicityReport, type MomentFlux, MomentSolver } from './moment_solver.js';
import type { VelocityGrid } from './velocity_grid.js';

export interface EvalSpec {
  nx: number;
  length: number;
  grid: VelocityGrid;
  cfl: number;
  eps: number[];
  cases: number;
  tEnd: number;
  modes: number;
  seed: number;
  /** Moment solver options (defaults of MomentSolver when absent). */
  flux?: MomentFlux;
  eigenEvery?: number;
}

export interface Profiles {
  x: Float64Array;
  rho: Float64Array;
  u: Float64Array;
  T: Float64Array;
}

/** ||a − b||₂ / ||b||₂ over the grid. */
export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Relative L2 errors of ρ, u, T of a model against the kinetic profiles. */
export function fieldErrors(p: Profiles, ref: Profiles): { rho: number; u: number; T: number; max: number } {
  const rho = relL2(p.rho, ref.rho),
    u = relL2(p.u, ref.u),
    T = relL2(p.T, ref.T);
  return { rho, u, T, max: Math.max(rho, u, T) };
}

/**
 * CPU seconds (user + system) of this process since `from` (a process.cpuUsage() value). The solvers are
 * single-threaded, so on a shared, oversubscribed machine this is the honest cost measure; wall time also counts
 * the time the process waited for a core.
 */
export function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function emptyProfiles(nx: number, dx: number): Profiles {
  const x = new Float64Array(nx);
  for (let i = 0; i < nx; i++) x[i] = (i + 0.5) * dx;
  return { x, rho: new Float64Array(nx), u: new Float64Array(nx), T: new Float64Array(nx) };
}

/** Kinetic solution at tEnd and its wall time. */
export function runKinetic(
  ic: InitialCondition,
  eps: number,
  spec: Omit<EvalSpec, 'eps' | 'cases' | 'seed' | 'modes'>,
) {
  const s = new BgkSolver({
    nx: spec.nx,
    length: spec.length,
    grid: spec.grid,
    eps,
    cfl: spec.cfl,
    boundary: boundaryOf(ic),
  });
  const p0 = sampleInitial(ic, spec.nx, spec.length);
  s.setMaxwellian(p0.rho, p0.u, p0.T);
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  s.run(spec.tEnd);
  const wall = (performance.now() - t0) / 1000,
    cpu = cpuSecondsSince(c0);
  const p = emptyProfiles(spec.nx, s.dx);
  s.macroscopic(p.rho, p.u, p.T);
  return { profiles: p, wall, cpu, steps: s.steps };
}

/** A moment model's solution at tEnd (initially in equilibrium, as the kinetic run). */
export function runMoments(
  ic: InitialCondition,
  eps: number,
  closure: MomentClosure,
  spec: Omit<EvalSpec, 'eps' | 'cases' | 'seed' | 'modes' | 'grid'>,
) {
  const s = new MomentSolver(
    {
      nx: spec.nx,
      length: spec.length,
      eps,
      cfl: spec.cfl,
      boundary: boundaryOf(ic),
      flux: spec.flux,
      eigenEvery: spec.eigenEvery,
    },
    closure,
  );
  const p0 = sampleInitial(ic, spec.nx, spec.length);
  s.setMaxwellian(p0.rho, p0.u, p0.T);
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  s.run(spec.tEnd);
  const wall = (performance.now() - t0) / 1000,
    cpu = cpuSecondsSince(c0);
  const p = emptyProfiles(spec.nx, s.dx);
  s.macroscopic(p.rho, p.u, p.T);
  return { profiles: p, wall, cpu, steps: s.steps, hyperbolicity: s.hyperbolicity };
}

export interface ModelResult {
  /** Per ε: mean over the test cases of max(rel L2 of ρ, u, T). */
  relL2: number[];
  /** Per ε: mean per-field errors. */
  fields: { rho: number; u: number; T: number }[];
  wall: number;
  /** CPU seconds of all its runs (see cpuSecondsSince). */
  cpu: number;
  hyperbolicity?: HyperbolicityReport;
  /** Per ε: the message when the model's run failed (lost realizability), else null. */
  failures: (string | null)[];
}

export interface Evaluation {
  eps: number[];
  models: Record<string, ModelResult>;
  kineticWall: number;
  kineticCpu: number;
  /** Profiles of the first test case per ε, kinetic and every model. */
  profiles: { kinetic: Profiles; models: Record<string, Profiles | null> }[];
  cases: InitialCondition[];
  /** Moment order of each model. */
  orders: Record<string, number>;
  flux: MomentFlux;
  eigenEvery: number;
}

/**
 * Evaluate models on `cases` random smooth initial data drawn with the evaluation seed (never seen in training,
 * whose seed differs) at every ε: rel L2 errors of ρ, u, T at tEnd against the kinetic solution.
 */
export function evaluateModels(
  spec: EvalSpec,
  models: Record<string, MomentClosure>,
  log?: (s: string) => void,
): Evaluation {
  const rng = new Rng(spec.seed);
  const cases = Array.from({ length: spec.cases }, () => randomFourier(rng, spec.modes));
  const names = Object.keys(models);
  const out: Evaluation = {
    eps: spec.eps,
    models: {},
    kineticWall: 0,
    kineticCpu: 0,
    profiles: [],
    cases,
    orders: Object.fromEntries(names.map((n) => [n, models[n].order])),
    flux: spec.flux ?? 'kinetic',
    eigenEvery: spec.eigenEvery ?? 10,
  };
  for (const n of names) out.models[n] = { relL2: [], fields: [], wall: 0, cpu: 0, failures: [] };
  for (const eps of spec.eps) {
    const acc: Record<string, { max: number; rho: number; u: number; T: number; fail: string | null }> = {};
    for (const n of names) acc[n] = { max: 0, rho: 0, u: 0, T: 0, fail: null };
    const prof: Evaluation['profiles'][number] = { kinetic: emptyProfiles(0, 0), models: {} };
    for (let c = 0; c < cases.length; c++) {
      const kin = runKinetic(cases[c], eps, spec);
      out.kineticWall += kin.wall;
      out.kineticCpu += kin.cpu;
      if (c === 0) prof.kinetic = kin.profiles;
      for (const n of names) {
        const r = out.models[n];
        try {
          const m = runMoments(cases[c], eps, models[n], spec);
          r.wall += m.wall;
          r.cpu += m.cpu;
          if (m.hyperbolicity) {
            const h = (r.hyperbolicity ??= {
              lostCellSteps: 0,
              totalCellSteps: 0,
              firstLossTime: null,
              maxImagOverSqrtT: 0,
            });
            h.lostCellSteps += m.hyperbolicity.lostCellSteps;
            h.totalCellSteps += m.hyperbolicity.totalCellSteps;
            h.firstLossTime ??= m.hyperbolicity.firstLossTime;
            h.maxImagOverSqrtT = Math.max(h.maxImagOverSqrtT, m.hyperbolicity.maxImagOverSqrtT);
          }
          const e = fieldErrors(m.profiles, kin.profiles);
          acc[n].max += e.max / cases.length;
          acc[n].rho += e.rho / cases.length;
          acc[n].u += e.u / cases.length;
          acc[n].T += e.T / cases.length;
          if (c === 0) prof.models[n] = m.profiles;
        } catch (e) {
          acc[n].fail ??= (e as Error).message;
          if (c === 0) prof.models[n] = null;
        }
      }
    }
    for (const n of names) {
      const r = out.models[n],
        a = acc[n];
      r.relL2.push(a.fail ? Number.POSITIVE_INFINITY : a.max);
      r.fields.push({ rho: a.rho, u: a.u, T: a.T });
      r.failures.push(a.fail);
    }
    out.profiles.push(prof);
    log?.(`eps ${eps}: ${names.map((n) => `${n} ${out.models[n].relL2.at(-1)!.toExponential(2)}`).join(', ')}`);
  }
  return out;
}
