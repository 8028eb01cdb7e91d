import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group pe/atom [pair] (LAMMPS ComputePEAtom): per-atom potential energy (energy units)
 * of the group's atoms, 0 for the others. The pair style tallies it (LAMMPS eatom: each pair's
 * energy split half and half between its atoms, ghost halves folded back to their owners), so
 * Σ_i pe_i over all atoms is the pair energy; bonded terms add theirs as LAMMPS does (a bond's
 * energy half to each atom, an angle's a third to each). Energy must be tallied on the step it is
 * read, as LAMMPS requires (thermo steps; dumps and fixes that ask for energy). Keywords select
 * terms (a subset only without bonded terms); fix energies (fix_modify energy yes) are not tallied per atom.
 */
export class ComputePEAtom extends GlobalCompute {
  readonly peratomCols = 0;
  readonly needsEatom = true;
  private pe = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly subset: boolean,
  ) {
    super(id, 'pe/atom');
  }

  init(sim: Simulation): void {
    if (this.subset && sim.system.topology.any)
      throw new Error(`Compute pe/atom ${this.id}: a subset of the energy terms is not supported with bonded terms`);
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    if (!sim.peValid || !sim.flags.eatom)
      throw new Error(`Compute pe/atom ${this.id}: per-atom energy was not tallied on needed timestep ${sim.step}`);
    if (this.pe.length < s.n) this.pe = new Float64Array(s.n);
    const pe = this.pe,
      eatom = sim.forces.eatom,
      mask = s.mask;
    for (let i = 0; i < s.n; i++) pe[i] = mask[i] & this.groupBit ? eatom[i] : 0.0;
    return pe.subarray(0, s.n);
  }
}

export function createComputePEAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute pe/atom', args);
  const terms = new Set<string>();
  while (a.more()) {
    const w = a.word('keyword');
    // LAMMPS's keywords pick terms; all of them is the default and the only choice here.
    if (!['pair', 'bond', 'angle', 'dihedral', 'improper'].includes(w))
      a.fail(`keyword ${w} is not supported (supported: pair bond angle dihedral improper)`);
    terms.add(w);
  }
  return new ComputePEAtom(id, sim.groups.bit(group, 'compute'), terms.size > 0 && terms.size < 5);
}
