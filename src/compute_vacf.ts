import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupCount } from './groups.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group vacf (LAMMPS ComputeVACF): velocity autocorrelation of the group's atoms with
 * their velocities when the compute was defined. c_ID[1..4] = ⟨vx·vx0⟩ ⟨vy·vy0⟩ ⟨vz·vz0⟩
 * ⟨v·v0⟩ (velocity² units, intensive), each sum divided by the group's atom count at the run's
 * init (LAMMPS nvacf). The reference velocities are kept by atom ID (LAMMPS keeps them in a fix
 * STORE that moves with the atoms), zero for atoms outside the group when the compute was defined.
 */
export class ComputeVACF extends GlobalCompute {
  readonly sizeVector = 4;
  readonly extensiveVector = false;
  private readonly vector = new Float64Array(4);
  /** Reference velocities by atom ID (3 per ID). */
  private readonly v0: Float64Array;
  private nvacf = 0;

  constructor(
    id: string,
    private readonly groupBit: number,
    sim: Simulation,
  ) {
    super(id, 'vacf');
    const s = sim.system;
    this.v0 = new Float64Array(3 * (s.maxTag + 1));
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & groupBit)) continue;
      const t = 3 * s.tag[i];
      this.v0[t] = s.v[3 * i];
      this.v0[t + 1] = s.v[3 * i + 1];
      this.v0[t + 2] = s.v[3 * i + 2];
    }
  }

  init(sim: Simulation): void {
    this.nvacf = groupCount(sim.system, this.groupBit);
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const v = s.v,
      v0 = this.v0,
      mask = s.mask,
      tag = s.tag;
    let a0 = 0.0,
      a1 = 0.0,
      a2 = 0.0,
      a3 = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const t = 3 * tag[i];
      // atoms created after the compute (IDs beyond the stored range) correlate with 0 here
      const vx = t < v0.length ? v[3 * i] * v0[t] : 0.0,
        vy = t < v0.length ? v[3 * i + 1] * v0[t + 1] : 0.0,
        vz = t < v0.length ? v[3 * i + 2] * v0[t + 2] : 0.0;
      a0 += vx;
      a1 += vy;
      a2 += vz;
      a3 += vx + vy + vz;
    }
    const out = this.vector;
    out[0] = a0;
    out[1] = a1;
    out[2] = a2;
    out[3] = a3;
    if (this.nvacf) for (let k = 0; k < 4; k++) out[k] /= this.nvacf;
    return out;
  }
}

export function createComputeVACF(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute vacf', args).end();
  return new ComputeVACF(id, sim.groups.bit(group, 'compute'), sim);
}
