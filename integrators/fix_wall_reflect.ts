import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { parseWalls, type Wall } from './fix_wall.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group wall/reflect face coord ... [units box|lattice] (LAMMPS FixWallReflect): after the
 * position update of each step (post_integrate), an atom of the group that crossed a wall is
 * mirrored back, x → 2 coord − x, and its velocity component normal to the wall reversed. The
 * wall must be on a non-periodic dimension.
 */
export class FixWallReflect implements Fix {
  readonly style = 'wall/reflect';

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly walls: Wall[],
  ) {}

  postIntegrate(sim: Simulation): void {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      bit = this.groupBit;
    for (const { which, coord } of this.walls) {
      const dim = which >> 1;
      const lo = which % 2 === 0;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        const k = 3 * i + dim;
        if (lo ? x[k] < coord : x[k] > coord) {
          x[k] = lo ? coord + (coord - x[k]) : coord - (x[k] - coord);
          v[k] = -v[k];
        }
      }
    }
  }
}

export function createFixWallReflect(
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  files?: FilePaths,
): Fix {
  const bit = groupBitOf(sim, group);
  const { walls } = parseWalls('fix wall/reflect', args, sim, files, [], []);
  return new FixWallReflect(id, bit, walls);
}
