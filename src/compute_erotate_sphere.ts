import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/** Moment of inertia of a solid sphere over m r² (LAMMPS ComputeERotateSphere INERTIA). */
const INERTIA = 0.4;

/**
 * compute ID group erotate/sphere (LAMMPS ComputeERotateSphere): rotational kinetic energy of
 * finite-size spheres, ½ mvv2e · 0.4 Σ |ω|² r² m over the group (extensive, energy units); the sum
 * first, then the prefactor, as LAMMPS.
 */
export class ComputeERotateSphere extends GlobalCompute {
  readonly extensiveScalar = true;

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'erotate/sphere');
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const w = s.omega,
      radius = s.radius,
      rmass = s.rmass!,
      mask = s.mask;
    let e = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      e += (w[k] * w[k] + w[k + 1] * w[k + 1] + w[k + 2] * w[k + 2]) * radius[i] * radius[i] * rmass[i];
    }
    return e * (0.5 * s.units.mvv2e * INERTIA);
  }
}

export function createComputeERotateSphere(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute erotate/sphere', args).end();
  if (!sim.system.atomStyle.sphere)
    throw new Error('Compute erotate/sphere requires atom style sphere (per-atom radius, omega, rmass)');
  return new ComputeERotateSphere(id, sim.groups.bit(group, 'compute'));
}
