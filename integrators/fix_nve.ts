import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { requireGroupAll } from './group.js';

/**
 * fix nve: velocity Verlet (LAMMPS FixNVE). initialIntegrate: half kick + drift;
 * finalIntegrate: half kick with the new forces. dtf = dt/2 * ftm2v converts force*time/mass to velocity.
 */
export class FixNVE implements Fix {
  readonly style = 'nve';
  constructor(readonly id: string) {}

  initialIntegrate(sim: Simulation): void {
    const s = sim.system;
    const dtv = sim.dt;
    const dtf = 0.5 * sim.dt * s.units.ftm2v;
    const x = s.x, v = s.v, f = s.f, mass = s.mass, type = s.type;
    for (let i = 0; i < s.n; i++) {
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k];
      v[k + 1] += dtfm * f[k + 1];
      v[k + 2] += dtfm * f[k + 2];
      x[k] += dtv * v[k];
      x[k + 1] += dtv * v[k + 1];
      x[k + 2] += dtv * v[k + 2];
    }
  }

  finalIntegrate(sim: Simulation): void {
    const s = sim.system;
    const dtf = 0.5 * sim.dt * s.units.ftm2v;
    const v = s.v, f = s.f, mass = s.mass, type = s.type;
    for (let i = 0; i < s.n; i++) {
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k];
      v[k + 1] += dtfm * f[k + 1];
      v[k + 2] += dtfm * f[k + 2];
    }
  }
}

export function createFixNVE(id: string, group: string, args: string[]): Fix {
  requireGroupAll('nve', group);
  if (args.length !== 0) throw new Error(`Illegal fix nve command: unexpected arguments '${args.join(' ')}'`);
  return new FixNVE(id);
}
