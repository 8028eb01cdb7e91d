import { Args } from '../args.js';
import { GlobalCompute } from '../compute_global.js';
import type { Compute } from '../compute.js';
import type { Simulation } from '../simulation.js';
import { quatToMat } from './math_extra.js';
import { requireExtended } from './rotate_ellipsoids.js';

/**
 * compute ID group erotate/asphere (LAMMPS ComputeERotateAsphere, ellipsoids): the rotational
 * kinetic energy ½ Σ_i Σ_k I_k ω_k² of the group's ellipsoids, ω = Rᵀ L / I in the body frame
 * (energy units, extensive).
 */
export class ComputeERotateAsphere extends GlobalCompute {
  readonly extensiveScalar = true;
  private readonly rot = new Float64Array(9);

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'erotate/asphere');
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    requireExtended(s, this.groupBit, 'Compute erotate/asphere');
    const { shape, quat, angmom } = s.ellipsoid!;
    const rot = this.rot;
    let erotate = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      const m = s.mass[s.type[i]];
      const a = shape[3 * i],
        b = shape[3 * i + 1],
        c = shape[3 * i + 2];
      const i0 = 0.2 * m * (b * b + c * c);
      const i1 = 0.2 * m * (a * a + c * c);
      const i2 = 0.2 * m * (a * a + b * b);
      quatToMat(quat, 4 * i, rot);
      const l0 = angmom[3 * i],
        l1 = angmom[3 * i + 1],
        l2 = angmom[3 * i + 2];
      let w0 = rot[0] * l0 + rot[3] * l1 + rot[6] * l2;
      let w1 = rot[1] * l0 + rot[4] * l1 + rot[7] * l2;
      let w2 = rot[2] * l0 + rot[5] * l1 + rot[8] * l2;
      w0 /= i0;
      w1 /= i1;
      w2 /= i2;
      erotate += i0 * w0 * w0 + i1 * w1 * w1 + i2 * w2 * w2;
    }
    return erotate * (0.5 * s.units.mvv2e);
  }
}

export function createComputeERotateAsphere(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute erotate/asphere', args).end();
  if (!sim.system.ellipsoid) throw new Error('Compute erotate/asphere requires atom style ellipsoid');
  return new ComputeERotateAsphere(id, sim.groups.bit(group, 'compute'));
}
