import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { fixEnergy } from './fix_contributions.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID all pe [pair] [fix] (LAMMPS ComputePE): c_ID is the potential energy of the step, the
 * pair energy plus the energies of the fixes with `fix_modify energy yes` (both by default; naming
 * keywords keeps only those). Extensive, energy units. Energy must have been tallied on the step
 * (thermo steps, fix ave/time sampling steps), as LAMMPS requires.
 */
export class ComputePE extends GlobalCompute {
  readonly extensiveScalar = true;
  readonly needsEnergy = true;

  constructor(
    id: string,
    private readonly pair: boolean,
    private readonly fix: boolean,
  ) {
    super(id, 'pe');
  }

  computeScalar(sim: Simulation): number {
    if (!sim.peValid) throw new Error(`Compute pe ${this.id}: energy was not tallied on needed timestep ${sim.step}`);
    let e = 0;
    if (this.pair) e += sim.pe;
    if (this.fix) e += fixEnergy(sim);
    return e;
  }
}

export function createComputePE(id: string, group: string, args: string[]): Compute {
  if (group !== 'all') throw new Error('Compute pe must use group all');
  let pair = args.length === 0,
    fix = args.length === 0;
  const a = new Args('compute pe', args);
  while (a.more()) {
    const w = a.word('keyword');
    if (w === 'pair') pair = true;
    else if (w === 'fix') fix = true;
    else if (['bond', 'angle', 'dihedral', 'improper', 'kspace'].includes(w))
      a.fail(`keyword ${w} is not supported yet (supported: pair, fix)`);
    else a.fail(`unknown keyword '${w}'`);
  }
  return new ComputePE(id, pair, fix);
}
