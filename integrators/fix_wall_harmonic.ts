import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { FixWall, parseWalls } from './fix_wall.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group wall/harmonic face coord epsilon sigma cutoff ... (LAMMPS FixWallHarmonic): a
 * repulsive spring from the plane at distance cutoff, E = ε (rc − δ)² for δ < rc, F = 2 ε (rc − δ)
 * away from the wall (sigma is read and ignored, as LAMMPS).
 */
export class FixWallHarmonic extends FixWall {
  readonly style = 'wall/harmonic';

  protected cutoff(m: number): number {
    return this.walls[m].params[2];
  }

  protected energyForce(m: number, delta: number): number {
    const epsilon = this.walls[m].params[0];
    const dr = this.walls[m].params[2] - delta;
    this.fmag = 2.0 * epsilon * dr;
    return epsilon * dr * dr;
  }
}

export function createFixWallHarmonic(
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  files?: FilePaths,
): Fix {
  const bit = groupBitOf(sim, group);
  const { walls } = parseWalls('fix wall/harmonic', args, sim, files, ['epsilon', 'sigma', 'cutoff'], ['pbc', 'fld']);
  for (const w of walls) if (!(w.params[2] > 0)) throw new Error('fix wall/harmonic: Wall cutoff <= 0.0');
  return new FixWallHarmonic(id, bit, walls);
}
