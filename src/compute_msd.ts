import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupCount, groupMass, groupXcm } from './groups.js';
import { OriginalPositions } from './original_positions.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group msd [com yes|no] (LAMMPS ComputeMSD): mean-squared displacement of the group's
 * atoms from their unwrapped positions when the compute was defined. c_ID[1..4] = ⟨dx²⟩ ⟨dy²⟩
 * ⟨dz²⟩ ⟨dx²+dy²+dz²⟩ over the group (length² units, intensive), d = x_unwrapped − x_orig. With
 * com yes both the stored and the current positions are taken relative to the group's centre of
 * mass (the drift of the centre is removed).
 */
export class ComputeMSD extends GlobalCompute {
  readonly sizeVector = 4;
  readonly extensiveVector = false;
  private readonly vector = new Float64Array(4);
  private readonly cm = new Float64Array(3);
  private readonly u = new Float64Array(3);
  private readonly origin = new OriginalPositions();

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly com: boolean,
    sim: Simulation,
  ) {
    super(id, 'msd');
    this.centre(sim);
    this.origin.store(sim.system, groupBit, this.cm);
  }

  private centre(sim: Simulation): void {
    const s = sim.system;
    if (this.com) groupXcm(s, this.groupBit, groupMass(s, this.groupBit), this.cm);
    else this.cm.fill(0);
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    this.centre(sim);
    const o = this.origin.orig;
    const cm = this.cm,
      u = this.u,
      mask = s.mask,
      tag = s.tag;
    let m0 = 0.0,
      m1 = 0.0,
      m2 = 0.0,
      m3 = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      if (!this.origin.stored(s, i))
        throw new Error(`Compute msd ${this.id}: atom ${tag[i]} joined the group after the compute was defined`);
      const t = 3 * tag[i];
      s.box.unwrap(s.x, s.image, i, u);
      const dx = u[0] - cm[0] - o[t],
        dy = u[1] - cm[1] - o[t + 1],
        dz = u[2] - cm[2] - o[t + 2];
      m0 += dx * dx;
      m1 += dy * dy;
      m2 += dz * dz;
      m3 += dx * dx + dy * dy + dz * dz;
    }
    const n = groupCount(s, this.groupBit);
    const v = this.vector;
    v[0] = m0;
    v[1] = m1;
    v[2] = m2;
    v[3] = m3;
    if (n > 0) for (let k = 0; k < 4; k++) v[k] /= n;
    return v;
  }
}

export function createComputeMSD(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute msd', args);
  let com = false;
  a.keywords({
    com: (k) => {
      com = k.bool('com');
    },
    average: (k) => {
      if (k.bool('average')) k.fail('average yes is not supported yet');
    },
  });
  return new ComputeMSD(id, sim.groups.bit(group, 'compute'), com, sim);
}
