import { EllipsoidRotation, requireExtended } from '../src/asphere/rotate_ellipsoids.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group nve/asphere (LAMMPS FixNVEAsphere, 29 Sep 2021): velocity Verlet for the centres
 * of ellipsoids together with their angular momentum and orientation. initialIntegrate, per atom
 * (LAMMPS's order): v += dtf/m·f, x += dt·v, L += dtf·τ, then the quaternion a full step by
 * Richardson iteration from ω(L, q); finalIntegrate: v += dtf/m·f, L += dtf·τ.
 */
export class FixNVEAsphere implements Fix {
  readonly style = 'nve/asphere';
  private readonly rot = new EllipsoidRotation();

  constructor(
    readonly id: string,
    private readonly groupBit: number,
  ) {}

  init(sim: Simulation): void {
    requireExtended(sim.system, this.groupBit, 'Fix nve/asphere');
  }

  /**
   * The half-step kick both halves of the step share (LAMMPS FixNVEAsphere's initial and final
   * integrate): v += dtf/m · f and L += dtf · τ with dtf = dt/2 · ftm2v, per atom of the group.
   */
  private kick(sim: Simulation): void {
    const s = sim.system;
    const dtf = 0.5 * sim.dt * s.units.ftm2v;
    const { v, f, mask, type, mass } = s;
    const { angmom, torque } = s.ellipsoid!;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k];
      v[k + 1] += dtfm * f[k + 1];
      v[k + 2] += dtfm * f[k + 2];
      angmom[k] += dtf * torque[k];
      angmom[k + 1] += dtf * torque[k + 1];
      angmom[k + 2] += dtf * torque[k + 2];
    }
  }

  /**
   * Kick, then drift x += dt · v and rotate q a full step from the kicked L. LAMMPS does the
   * three per atom in the order v, x, L, q; x and L are independent, so kicking the whole group
   * first gives the same numbers bit for bit.
   */
  initialIntegrate(sim: Simulation): void {
    this.kick(sim);
    const s = sim.system;
    const dtv = sim.dt;
    const dtq = 0.5 * dtv;
    const { x, v, mask } = s;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      x[k] += dtv * v[k];
      x[k + 1] += dtv * v[k + 1];
      x[k + 2] += dtv * v[k + 2];
      this.rot.rotateOne(s, i, dtq);
    }
  }

  finalIntegrate(sim: Simulation): void {
    this.kick(sim);
  }
}

export function createFixNVEAsphere(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (args.length !== 0) throw new Error(`Illegal fix nve/asphere command: unexpected arguments '${args.join(' ')}'`);
  if (!sim.system.ellipsoid) throw new Error('Compute nve/asphere requires atom style ellipsoid');
  return new FixNVEAsphere(id, bit);
}
