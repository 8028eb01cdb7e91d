import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { requireGroupAll } from './group.js';
import { drift, kick } from './verlet_steps.js';

/**
 * fix nve: velocity Verlet (LAMMPS FixNVE). initialIntegrate: half kick + drift;
 * finalIntegrate: half kick with the new forces. dtf = dt/2 * ftm2v converts force*time/mass to velocity.
 */
export class FixNVE implements Fix {
  readonly style = 'nve';
  constructor(readonly id: string) {}

  initialIntegrate(sim: Simulation): void {
    kick(sim.system, 0.5 * sim.dt * sim.system.units.ftm2v);
    drift(sim.system, sim.dt);
  }

  finalIntegrate(sim: Simulation): void {
    kick(sim.system, 0.5 * sim.dt * sim.system.units.ftm2v);
  }
}

export function createFixNVE(id: string, group: string, args: string[]): Fix {
  requireGroupAll('nve', group);
  if (args.length !== 0) throw new Error(`Illegal fix nve command: unexpected arguments '${args.join(' ')}'`);
  return new FixNVE(id);
}
