import { temperatureDof } from '../src/computes.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { requireGroupAll } from './group.js';

/**
 * fix ID all temp/berendsen Tstart Tstop damp (LAMMPS FixTempBerendsen): at the end of every step,
 * velocities are scaled by lambda = sqrt(1 + dt/damp (T_target/T - 1)); the kinetic energy removed
 * is accumulated as the fix energy (thermo ecouple), energy units.
 */
export class FixTempBerendsen implements Fix {
  readonly style = 'temp/berendsen';
  private energy = 0;
  tTarget: number;

  constructor(readonly id: string, private readonly tStart: number, private readonly tStop: number, private readonly tPeriod: number) {
    this.tTarget = tStart;
  }

  endOfStep(sim: Simulation): void {
    const s = sim.system, u = s.units;
    const v = s.v, mass = s.mass, type = s.type;
    // compute temp (the fix's own, group all)
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * mass[type[i]];
    }
    const tdof = temperatureDof(sim);
    if (tdof < 1) return;
    const tCurrent = t * (u.mvv2e / (tdof * u.boltz));
    if (tCurrent === 0.0) throw new Error('Computed temperature for fix temp/berendsen cannot be 0.0');
    let delta = sim.step - sim.firstStep;
    if (delta !== 0.0) delta /= sim.lastStep - sim.firstStep;
    this.tTarget = this.tStart + delta * (this.tStop - this.tStart);
    const lamda = Math.sqrt(1.0 + sim.dt / this.tPeriod * (this.tTarget / tCurrent - 1.0));
    const efactor = 0.5 * u.boltz * tdof;
    this.energy += tCurrent * (1.0 - lamda * lamda) * efactor;
    for (let k = 0; k < 3 * s.n; k++) v[k] *= lamda;
  }

  energyCouple(): number {
    return this.energy;
  }
}

export function createFixTempBerendsen(id: string, group: string, args: string[]): Fix {
  requireGroupAll('temp/berendsen', group);
  if (args.length !== 3) throw new Error('Illegal fix temp/berendsen command: expected Tstart Tstop damp');
  const [a, b, c] = args.map((w) => {
    const v = Number(w);
    if (w.trim() === '' || !Number.isFinite(v)) {
      throw new Error(w.startsWith('v_') ? 'fix temp/berendsen: variable temperatures (v_name) are not supported'
        : `Illegal fix temp/berendsen command: '${w}' is not a number`);
    }
    return v;
  });
  if (c <= 0.0) throw new Error('Fix temp/berendsen period must be > 0.0');
  return new FixTempBerendsen(id, a, b, c);
}
