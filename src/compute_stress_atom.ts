import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group stress/atom temp-ID [ke] [pair] [virial] (LAMMPS ComputeStressAtom): per-atom
 * array of 6 columns xx yy zz xy xz yz, the negative per-atom pressure times volume
 * (pressure·volume units): s_ab = −(m v_a v_b mvv2e + W_ab) nktv2p, W the pair style's per-atom
 * virial (each pair's d_a d_b fpair half to each atom, ghost halves folded to their owners), 0
 * outside the group. Σ_i (s_xx + s_yy + s_zz) = −3 P V. temp-ID may be NULL or a compute temp (no
 * velocity bias is removed: the temperature computes here have none). Needs a pair style that
 * tallies per-atom virials (lj/cut, lj/cut/coul/cut, deepmd); bonded, kspace and fix terms are not
 * tallied per atom yet, so systems with bonded terms are refused.
 */
export class ComputeStressAtom extends GlobalCompute {
  readonly peratomCols = 6;
  readonly needsVatom = true;
  private out = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly ke: boolean,
    private readonly pair: boolean,
  ) {
    super(id, 'stress/atom');
  }

  init(sim: Simulation): void {
    const pair = sim.pair;
    if (this.pair && pair && !pair.perAtomVirial)
      throw new Error(`Compute stress/atom ${this.id}: pair style ${pair.style} does not tally per-atom virials yet`);
    if (this.pair && sim.system.topology.any)
      throw new Error(`Compute stress/atom ${this.id}: per-atom virials of bonded terms are not supported yet`);
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    if (this.pair && (!sim.peValid || !sim.flags.vatom))
      throw new Error(`Compute stress/atom ${this.id}: per-atom virial was not tallied on needed timestep ${sim.step}`);
    if (this.out.length < 6 * s.n) this.out = new Float64Array(6 * s.n);
    const o = this.out,
      va = sim.forces.vatom,
      v = s.v,
      mask = s.mask;
    const mvv2e = s.units.mvv2e,
      nktv2p = -s.units.nktv2p;
    for (let i = 0; i < s.n; i++) {
      const r = 6 * i;
      if (!(mask[i] & this.groupBit)) {
        o.fill(0, r, r + 6);
        continue;
      }
      for (let c = 0; c < 6; c++) o[r + c] = this.pair ? va[r + c] : 0.0;
      if (this.ke) {
        const m = mvv2e * s.massOf(i);
        const vx = v[3 * i],
          vy = v[3 * i + 1],
          vz = v[3 * i + 2];
        o[r] += m * vx * vx;
        o[r + 1] += m * vy * vy;
        o[r + 2] += m * vz * vz;
        o[r + 3] += m * vx * vy;
        o[r + 4] += m * vx * vz;
        o[r + 5] += m * vy * vz;
      }
      for (let c = 0; c < 6; c++) o[r + c] *= nktv2p;
    }
    return o.subarray(0, 6 * s.n);
  }
}

export function createComputeStressAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute stress/atom', args);
  a.need(1, 'temp-ID [keywords]');
  const tempId = a.word('temp-ID');
  if (tempId !== 'NULL') {
    const t = sim.computes.find((c) => c.id === tempId);
    if (!t) throw new Error(`Could not find compute stress/atom temperature ID '${tempId}'`);
    if (t.style !== 'temp')
      throw new Error(
        `Compute stress/atom temperature ID '${tempId}' has a velocity bias (${t.style}): not supported yet`,
      );
  }
  let ke = true,
    pair = true;
  if (a.more()) {
    ke = pair = false;
    while (a.more()) {
      const w = a.word('keyword');
      if (w === 'ke') ke = true;
      else if (w === 'pair') pair = true;
      else if (w === 'virial') pair = true;
      else if (['bond', 'angle', 'dihedral', 'improper', 'kspace', 'fix'].includes(w)) {
        // These terms have no per-atom virial here; with no such term in the system they add nothing.
        if (sim.system.topology.any || w === 'kspace' || w === 'fix') a.fail(`keyword ${w} is not supported yet`);
      } else a.fail(`unknown keyword '${w}'`);
    }
  }
  return new ComputeStressAtom(id, sim.groups.bit(group, 'compute'), ke, pair);
}
