import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupSumMv2 } from './group_temperature.js';
import type { Simulation } from './simulation.js';

/** compute ID group ke (LAMMPS ComputeKE): c_ID = ½ mvv2e Σ m v² over the group (extensive, energy units). */
export class ComputeKE extends GlobalCompute {
  readonly extensiveScalar = true;

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'ke');
  }

  computeScalar(sim: Simulation): number {
    return 0.5 * sim.system.units.mvv2e * groupSumMv2(sim, this.groupBit);
  }
}

export function createComputeKE(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute ke', args).end();
  return new ComputeKE(id, sim.groups.bit(group, 'compute'));
}
