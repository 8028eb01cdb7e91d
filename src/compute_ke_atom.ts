import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group ke/atom (LAMMPS ComputeKEAtom): per-atom kinetic energy ½ m v² · mvv2e (energy
 * units) of the group's atoms, 0 for the others. Read as `c_ID` by compute reduce, atom-style
 * variables and dump custom.
 */
export class ComputeKEAtom extends GlobalCompute {
  readonly peratomCols = 0;
  private ke = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'ke/atom');
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    if (this.ke.length < s.n) this.ke = new Float64Array(s.n);
    const ke = this.ke,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    const mvv2e = s.units.mvv2e;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) {
        ke[i] = 0.0;
        continue;
      }
      const k = 3 * i;
      ke[i] = 0.5 * mvv2e * (pm ? rm[i] : mass[type[i]]) * (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
    }
    return ke.subarray(0, s.n);
  }
}

export function createComputeKEAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute ke/atom', args).end();
  return new ComputeKEAtom(id, sim.groups.bit(group, 'compute'));
}
