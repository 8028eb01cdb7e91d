import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { OriginalPositions } from './original_positions.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group displace/atom (LAMMPS ComputeDisplaceAtom): per-atom array of 4 columns
 * dx dy dz |d| (length units), d = x_unwrapped now − x_unwrapped when the compute was defined, for
 * the group's atoms (0 for the others). Read as c_ID[1..4].
 */
export class ComputeDisplaceAtom extends GlobalCompute {
  readonly peratomCols = 4;
  private out = new Float64Array(0);
  private readonly u = new Float64Array(3);
  private readonly origin = new OriginalPositions();

  constructor(
    id: string,
    private readonly groupBit: number,
    sim: Simulation,
  ) {
    super(id, 'displace/atom');
    this.origin.store(sim.system, groupBit);
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    if (this.out.length < 4 * s.n) this.out = new Float64Array(4 * s.n);
    const d = this.out,
      o = this.origin.orig,
      u = this.u;
    for (let i = 0; i < s.n; i++) {
      const r = 4 * i;
      if (!(s.mask[i] & this.groupBit) || !this.origin.stored(s, i)) {
        d[r] = d[r + 1] = d[r + 2] = d[r + 3] = 0.0;
        continue;
      }
      const t = 3 * s.tag[i];
      s.box.unwrap(s.x, s.image, i, u);
      const dx = u[0] - o[t],
        dy = u[1] - o[t + 1],
        dz = u[2] - o[t + 2];
      d[r] = dx;
      d[r + 1] = dy;
      d[r + 2] = dz;
      d[r + 3] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    return d.subarray(0, 4 * s.n);
  }
}

export function createComputeDisplaceAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute displace/atom', args);
  if (a.more()) a.fail(`keyword ${a.word('keyword')} is not supported yet (refresh)`);
  return new ComputeDisplaceAtom(id, sim.groups.bit(group, 'compute'), sim);
}
