import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupDof, groupKeTensor, groupTemperature } from './group_temperature.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp (LAMMPS ComputeTemp): c_ID is the group's temperature
 * Σ m v² mvv2e / (dof k_B), dof = 3 N_group − 3 − what fixes remove (intensive, temperature
 * units); c_ID[1..6] the kinetic energy tensor Σ m v_a v_b mvv2e, xx yy zz xy xz yz (extensive,
 * energy units).
 */
export class ComputeTemp extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  private readonly vector = new Float64Array(6);
  extraDof?: number;
  dynamicDof?: boolean;

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'temp');
  }

  computeScalar(sim: Simulation): number {
    return groupTemperature(sim, this.groupBit, groupDof(sim, this.groupBit, this));
  }

  /** dof of this temperature (thermo_modify temp and velocity temp read it; src/thermo_temperature.ts). */
  temperatureDof(sim: Simulation): number {
    return groupDof(sim, this.groupBit, this);
  }

  computeVector(sim: Simulation): Float64Array {
    groupKeTensor(sim, this.groupBit, this.vector);
    return this.vector;
  }
}

export function createComputeTemp(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute temp', args).end();
  return new ComputeTemp(id, sim.groups.bit(group, 'compute'));
}
