import { Rng } from '../nn/rng.js';
import { BgkSolver } from './bgk_solver.js';
import { boundaryOf, randomFourier, randomRiemann, sampleInitial, type InitialCondition } from './initial_data.js';
import { normalizedCentral } from './moment_algebra.js';
import { rawMoments } from './velocity_grid.js';
import type { VelocityGrid } from './velocity_grid.js';

export interface DataSpec {
  nx: number;
  length: number;
  grid: VelocityGrid;
  cfl: number;
  smoothCases: number;
  riemannCases: number;
  /** Snapshots per run, at t_end·s/snapshots, s = 1..snapshots. */
  snapshots: number;
  tEnd: number;
  epsMin: number;
  epsMax: number;
  modes: number;
  seed: number;
}

/** Training samples, one per cell and snapshot. */
export interface ClosureSamples {
  /** Moment order N of the closure the samples are for. */
  order: number;
  count: number;
  /** count x (N+2): μ̂₀..μ̂_{N+1}. */
  hat: Float64Array;
  /** Knudsen number of each sample. */
  eps: Float64Array;
  /** count x nxi: normalized distribution f̂(ξ_j) = √T/ρ f(u + √T ξ_j). */
  fhat: Float64Array;
  nxi: number;
}

export interface GeneratedData {
  samples: ClosureSamples;
  /** Snapshots of f (float32) and their description, for the snapshot file. */
  f: Float32Array;
  snapshots: { case: number; eps: number; t: number; initial: InitialCondition }[];
}

/**
 * Run the BGK solver on random initial data (smooth periodic, then Riemann problems) with ε log-uniform in
 * [epsMin, epsMax] and collect, per cell of every snapshot, the normalized moments and distribution.
 */
export function generateData(
  spec: DataSpec,
  order: number,
  xi: Float64Array,
  onCase?: (c: number) => void,
): GeneratedData {
  const rng = new Rng(spec.seed);
  const { nx, grid } = spec;
  const nv = grid.nv,
    n = order + 2,
    nxi = xi.length;
  const cases = spec.smoothCases + spec.riemannCases;
  const total = cases * spec.snapshots * nx;
  const hat = new Float64Array(total * n),
    epsArr = new Float64Array(total),
    fhat = new Float64Array(total * nxi),
    fAll = new Float32Array(cases * spec.snapshots * nx * nv);
  const m = new Float64Array(n),
    prim = new Float64Array(3);
  const snapshots: GeneratedData['snapshots'] = [];
  let row = 0;
  for (let c = 0; c < cases; c++) {
    const eps = spec.epsMin * Math.pow(spec.epsMax / spec.epsMin, rng.uniform());
    const ic = c < spec.smoothCases ? randomFourier(rng, spec.modes) : randomRiemann(rng, spec.length);
    const solver = new BgkSolver({ nx, length: spec.length, grid, eps, cfl: spec.cfl, boundary: boundaryOf(ic) });
    const p0 = sampleInitial(ic, nx, spec.length);
    solver.setMaxwellian(p0.rho, p0.u, p0.T);
    for (let s = 1; s <= spec.snapshots; s++) {
      solver.run((spec.tEnd * s) / spec.snapshots);
      const f = solver.f;
      fAll.set(f, snapshots.length * nx * nv);
      snapshots.push({ case: c, eps, t: solver.t, initial: ic });
      for (let i = 0; i < nx; i++, row++) {
        rawMoments(grid, f, i * nv, order + 1, m);
        if (!normalizedCentral(m, 0, order + 1, hat, row * n, prim))
          throw new Error(`data: non-realizable kinetic state in case ${c} at t=${solver.t}`);
        epsArr[row] = eps;
        normalizedDistribution(grid, f, i * nv, prim[0], prim[1], prim[2], xi, fhat, row * nxi);
      }
    }
    onCase?.(c);
  }
  return { samples: { order, count: row, hat, eps: epsArr, fhat, nxi }, f: fAll, snapshots };
}

/** f̂(ξ_j) = √T/ρ f(u + √T ξ_j), f linearly interpolated between velocity nodes (0 outside the grid). */
export function normalizedDistribution(
  grid: VelocityGrid,
  f: ArrayLike<number>,
  off: number,
  rho: number,
  u: number,
  T: number,
  xi: Float64Array,
  out: Float64Array,
  oo: number,
): void {
  const sT = Math.sqrt(T),
    v0 = grid.v[0],
    dv = grid.dv,
    nv = grid.nv;
  for (let j = 0; j < xi.length; j++) {
    const pos = (u + sT * xi[j] - v0) / dv;
    const k = Math.floor(pos);
    let val = 0;
    if (k >= 0 && k < nv - 1) {
      const w = pos - k;
      val = (1 - w) * f[off + k] + w * f[off + k + 1];
    }
    out[oo + j] = (sT / rho) * val;
  }
}
