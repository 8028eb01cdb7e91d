import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { FixWall, parseWalls, type Wall } from './fix_wall.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group wall/lj93 face coord epsilon sigma cutoff ... [units box|lattice] [pbc yes|no]
 * (LAMMPS FixWallLJ93): a 9-3 Lennard-Jones wall, the LJ potential integrated over a half space,
 *   E = ε [2/15 (σ/δ)^9 − (σ/δ)^3] − E(cutoff)   for δ < cutoff,
 *   F = ε [6/5 σ^9/δ^10 − 3 σ^3/δ^4]   along the wall normal, away from the wall.
 * Coefficients and offset as LAMMPS's precompute().
 */
export class FixWallLJ93 extends FixWall {
  readonly style = 'wall/lj93';
  private readonly coeff: Float64Array;

  constructor(id: string, groupBit: number, walls: Wall[]) {
    super(id, groupBit, walls);
    this.coeff = new Float64Array(6 * walls.length);
    walls.forEach((w, m) => {
      const [epsilon, sigma, cutoff] = w.params;
      const c = this.coeff;
      c[6 * m] = (6.0 / 5.0) * epsilon * Math.pow(sigma, 9.0);
      c[6 * m + 1] = 3.0 * epsilon * Math.pow(sigma, 3.0);
      c[6 * m + 2] = (2.0 / 15.0) * epsilon * Math.pow(sigma, 9.0);
      c[6 * m + 3] = epsilon * Math.pow(sigma, 3.0);
      const rinv = 1.0 / cutoff;
      const r2inv = rinv * rinv;
      const r4inv = r2inv * r2inv;
      c[6 * m + 4] = c[6 * m + 2] * r4inv * r4inv * rinv - c[6 * m + 3] * r2inv * rinv;
      c[6 * m + 5] = cutoff;
    });
  }

  protected cutoff(m: number): number {
    return this.coeff[6 * m + 5];
  }

  protected energyForce(m: number, delta: number): number {
    const c = this.coeff,
      o = 6 * m;
    const rinv = 1.0 / delta;
    const r2inv = rinv * rinv;
    const r4inv = r2inv * r2inv;
    const r10inv = r4inv * r4inv * r2inv;
    this.fmag = c[o] * r10inv - c[o + 1] * r4inv;
    return c[o + 2] * r4inv * r4inv * rinv - c[o + 3] * r2inv * rinv - c[o + 4];
  }
}

export function createFixWallLJ93(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const { walls } = parseWalls('fix wall/lj93', args, sim, files, ['epsilon', 'sigma', 'cutoff'], ['pbc', 'fld']);
  for (const w of walls) if (!(w.params[2] > 0)) throw new Error('fix wall/lj93: Wall cutoff <= 0.0');
  return new FixWallLJ93(id, bit, walls);
}
