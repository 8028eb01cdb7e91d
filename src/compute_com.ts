import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupMass, groupXcm } from './groups.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group com (LAMMPS ComputeCOM): c_ID[1..3] the centre of mass of the group in unwrapped
 * coordinates, Σ m x_unwrapped / M (length units, intensive; 0 for an empty group).
 */
export class ComputeCOM extends GlobalCompute {
  readonly sizeVector = 3;
  readonly extensiveVector = false;
  private readonly vector = new Float64Array(3);

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'com');
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    groupXcm(s, this.groupBit, groupMass(s, this.groupBit), this.vector);
    return this.vector;
  }
}

export function createComputeCOM(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute com', args).end();
  return new ComputeCOM(id, sim.groups.bit(group, 'compute'));
}
