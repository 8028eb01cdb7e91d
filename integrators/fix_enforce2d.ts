import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group enforce2d (LAMMPS FixEnforce2D): keeps a 2d simulation in the z = 0 plane by zeroing
 * vz and fz of the group's atoms after every force evaluation (post_force, in setup, and after
 * each force evaluation of a minimizer). Atoms start at z = 0 and 2d has no periodic images along
 * z, so pair forces have no z part anyway; what this removes is whatever a fix or a roundoff put there.
 */
export class FixEnforce2D implements Fix {
  readonly style = 'enforce2d';

  constructor(
    readonly id: string,
    private readonly groupBit: number,
  ) {}

  init(sim: Simulation): void {
    if (sim.system.dimension === 3) throw new Error('Cannot use fix enforce2d with 3d simulation');
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const v = s.v,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      v[3 * i + 2] = 0.0;
      f[3 * i + 2] = 0.0;
    }
    // atom_style ellipsoid: rotation about z only (LAMMPS zeroes angmom and torque x, y)
    const e = s.ellipsoid;
    if (e) {
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        e.angmom[3 * i] = e.angmom[3 * i + 1] = 0.0;
        e.torque[3 * i] = e.torque[3 * i + 1] = 0.0;
      }
    }
    // Finite-size spheres rotate about z only (LAMMPS zeroes omega and torque x, y).
    if (s.atomStyle.sphere) {
      const omega = s.omega,
        torque = s.torque;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        omega[3 * i] = omega[3 * i + 1] = 0.0;
        torque[3 * i] = torque[3 * i + 1] = 0.0;
      }
    }
  }
}

export function createFixEnforce2D(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  new Args('fix enforce2d', args).end();
  if (sim.system.dimension === 3) throw new Error('Cannot use fix enforce2d with 3d simulation');
  return new FixEnforce2D(id, bit);
}
