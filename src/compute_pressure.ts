import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { virialFixes } from './fix_contributions.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID all pressure temp-ID [ke] [pair] [virial] (LAMMPS ComputePressure): c_ID the pressure
 * (dof k_B T + W_xx + W_yy + W_zz) / (3V) · nktv2p with the dof and T of the temperature compute
 * temp-ID, c_ID[1..6] the tensor (K_ab + W_ab) / V · nktv2p with K that compute's kinetic energy
 * tensor; pressure units, intensive. W is the step's virial (pair, bonded and fix_modify virial yes
 * terms, as thermo's press). Keywords keep only the kinetic part (ke) or the virial (virial; pair
 * when nothing else adds to it); temp-ID may be NULL when ke is not used.
 */
export class ComputePressure extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = false;
  /** The virial of the step is needed: energy steps tally it. */
  readonly needsEnergy = true;
  private readonly vector = new Float64Array(6);

  constructor(
    id: string,
    private readonly tempId: string | null,
    private readonly ke: boolean,
    private readonly virial: boolean,
    private readonly pairOnly: boolean,
  ) {
    super(id, 'pressure');
  }

  private temp(sim: Simulation): Compute {
    const t = sim.computes.find((c) => c.id === this.tempId);
    if (!t) throw new Error(`Could not find compute pressure temperature ID '${this.tempId}'`);
    return t;
  }

  init(sim: Simulation): void {
    if (this.ke) {
      const t = this.temp(sim);
      if (!t.temperatureDof || !t.computeScalar || !t.computeVector)
        throw new Error(`Compute pressure temperature ID '${this.tempId}' does not compute temperature`);
    }
    if (this.pairOnly && (sim.system.topology.any || virialFixes(sim).length > 0))
      throw new Error(
        `Compute pressure ${this.id}: keyword pair alone is not supported with bonded terms or fix virials`,
      );
  }

  computeScalar(sim: Simulation): number {
    if (!sim.peValid)
      throw new Error(`Virial was not tallied on needed timestep ${sim.step} (compute pressure ${this.id})`);
    const u = sim.system.units;
    const w = sim.virial;
    const wsum = this.virial ? w[0] + w[1] + w[2] : 0;
    let kin = 0;
    if (this.ke) {
      const t = this.temp(sim);
      const temp = t.computeScalar!(sim);
      kin = t.temperatureDof!(sim) * u.boltz * temp;
    }
    // The order of thermo's press (src/computes.ts), so that c_thermo_press equals press.
    return ((kin + wsum) / 3 / sim.system.box.volume()) * u.nktv2p;
  }

  computeVector(sim: Simulation): Float64Array {
    if (!sim.peValid)
      throw new Error(`Virial was not tallied on needed timestep ${sim.step} (compute pressure ${this.id})`);
    const out = this.vector;
    if (this.ke) out.set(this.temp(sim).computeVector!(sim));
    else out.fill(0);
    const f = sim.system.units.nktv2p / sim.system.box.volume();
    for (let k = 0; k < 6; k++) out[k] = (out[k] + (this.virial ? sim.virial[k] : 0)) * f;
    return out;
  }
}

export function createComputePressure(id: string, group: string, args: string[], sim: Simulation): Compute {
  if (group !== 'all') throw new Error('Compute pressure must use group all');
  const a = new Args('compute pressure', args);
  a.need(1, 'temp-ID [keywords]');
  const tempId = a.word('temp-ID');
  let ke = true,
    virial = true,
    pairOnly = false;
  if (a.more()) {
    ke = virial = false;
    while (a.more()) {
      const w = a.word('keyword');
      if (w === 'ke') ke = true;
      else if (w === 'virial') virial = true;
      else if (w === 'pair') {
        virial = true;
        pairOnly = true;
      } else if (['bond', 'angle', 'dihedral', 'improper', 'kspace', 'fix'].includes(w))
        a.fail(`keyword ${w} is not supported yet (supported: ke pair virial)`);
      else a.fail(`unknown keyword '${w}'`);
    }
  }
  if (tempId === 'NULL' && ke) throw new Error('Compute pressure requires temperature ID to include kinetic energy');
  if (tempId !== 'NULL' && !sim.computes.some((c) => c.id === tempId))
    throw new Error(`Could not find compute pressure temperature ID '${tempId}'`);
  return new ComputePressure(id, tempId === 'NULL' ? null : tempId, ke, virial, pairOnly);
}
