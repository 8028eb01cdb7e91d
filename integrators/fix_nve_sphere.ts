import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** Moment of inertia of a solid sphere over m r² (LAMMPS FixNVESphere INERTIA); a disc has 0.5. */
const INERTIA_SPHERE = 0.4;
const INERTIA_DISC = 0.5;

/**
 * fix ID group nve/sphere [disc] (LAMMPS FixNVESphere): velocity Verlet for finite-size spheres,
 * translation as fix nve with the per-atom mass and rotation ω += dt/2 · τ / (I r² m) with
 * I = 0.4 (0.5 with `disc`, 2d only). Every atom of the group must have a radius > 0. The
 * `update dipole` option is refused by name (no atom style here carries dipoles).
 */
export class FixNVESphere implements Fix {
  readonly style = 'nve/sphere';

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly inertia: number,
  ) {}

  init(sim: Simulation): void {
    const s = sim.system;
    if (!s.atomStyle.sphere) throw new Error('Fix nve/sphere requires atom style sphere');
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit && s.radius[i] === 0.0)
        throw new Error('Fix nve/sphere requires extended particles');
  }

  /**
   * The half-step kick both halves of the step share (LAMMPS FixNVESphere's initial and final
   * integrate): v += dtf/m · f and ω += dtf/(I r² m) · τ with dtf = dt/2 · ftm2v, per atom of the group.
   */
  private kick(sim: Simulation): void {
    const s = sim.system;
    const dtf = 0.5 * sim.dt * s.units.ftm2v;
    const dtfrotate = dtf / this.inertia;
    const v = s.v,
      f = s.f,
      omega = s.omega,
      torque = s.torque,
      radius = s.radius,
      rmass = s.rmass!,
      mask = s.mask,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const k = 3 * i;
      const dtfm = dtf / rmass[i];
      v[k] += dtfm * f[k];
      v[k + 1] += dtfm * f[k + 1];
      v[k + 2] += dtfm * f[k + 2];
      const dtirotate = dtfrotate / (radius[i] * radius[i] * rmass[i]);
      omega[k] += dtirotate * torque[k];
      omega[k + 1] += dtirotate * torque[k + 1];
      omega[k + 2] += dtirotate * torque[k + 2];
    }
  }

  /** Kick, then drift x += dt · v (the drift reads the kicked v; ω does not enter it). */
  initialIntegrate(sim: Simulation): void {
    this.kick(sim);
    const s = sim.system;
    const dtv = sim.dt;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const k = 3 * i;
      x[k] += dtv * v[k];
      x[k + 1] += dtv * v[k + 1];
      x[k + 2] += dtv * v[k + 2];
    }
  }

  finalIntegrate(sim: Simulation): void {
    this.kick(sim);
  }
}

export function createFixNVESphere(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.atomStyle.sphere) throw new Error('Fix nve/sphere requires atom style sphere');
  const a = new Args('fix nve/sphere', args);
  let inertia = INERTIA_SPHERE;
  while (a.more()) {
    const w = a.word('keyword');
    if (w === 'disc') {
      if (sim.system.dimension !== 2) throw new Error('Fix nve/sphere disc requires 2d simulation');
      inertia = INERTIA_DISC;
    } else if (w === 'update') {
      throw new Error(`fix nve/sphere: update ${a.peek() ?? ''} is not supported (no dipoles in this atom style)`);
    } else throw new Error(`fix nve/sphere: unknown keyword '${w}' (disc)`);
  }
  return new FixNVESphere(id, bit, inertia);
}
