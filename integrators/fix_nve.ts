import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';
import { drift, kick } from './verlet_steps.js';

/**
 * fix ID group nve: velocity Verlet on the group's atoms (LAMMPS FixNVE). initialIntegrate: half kick + drift;
 * finalIntegrate: half kick with the new forces. dtf = dt/2 * ftm2v converts force*time/mass to velocity.
 */
export class FixNVE implements Fix {
  readonly style = 'nve';
  /** groupBit: mask bit of the atoms integrated (1 = all). */
  constructor(
    readonly id: string,
    readonly groupBit = 1,
  ) {}

  initialIntegrate(sim: Simulation): void {
    kick(sim.system, 0.5 * sim.dt * sim.system.units.ftm2v, this.groupBit);
    drift(sim.system, sim.dt, this.groupBit);
  }

  finalIntegrate(sim: Simulation): void {
    kick(sim.system, 0.5 * sim.dt * sim.system.units.ftm2v, this.groupBit);
  }
}

export function createFixNVE(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (args.length !== 0) throw new Error(`Illegal fix nve command: unexpected arguments '${args.join(' ')}'`);
  return new FixNVE(id, bit);
}
