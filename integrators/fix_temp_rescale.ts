import { Args } from '../src/args.js';
import { groupDof, groupSumMv2 } from '../src/group_temperature.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group temp/rescale N Tstart Tstop window fraction (LAMMPS FixTempRescale): every N steps,
 * at the end of the step, when the group's temperature T is more than `window` away from the target
 * (ramped from Tstart to Tstop over the run, `run ... start/stop` honoured), the velocities are
 * scaled so that T moves the given fraction of the way to the target: T' = T − fraction (T − Tt),
 * v *= sqrt(T'/T). The kinetic energy removed, ½ k_B dof (T − T'), is accumulated as f_ID and
 * thermo ecouple (energy units).
 */
export class FixTempRescale implements Fix {
  readonly style = 'temp/rescale';
  readonly extensive = true;
  private energy = 0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly nevery: number,
    private readonly tStart: number,
    private readonly tStop: number,
    private readonly window: number,
    private readonly fraction: number,
  ) {}

  endOfStep(sim: Simulation): void {
    if (sim.step % this.nevery !== 0) return;
    const s = sim.system,
      u = s.units;
    const bit = this.groupBit;
    const dof = groupDof(sim, bit);
    const tCurrent = dof > 0 ? groupSumMv2(sim, bit) * (u.mvv2e / (dof * u.boltz)) : 0.0;
    if (dof < 1) return;
    if (tCurrent === 0.0) throw new Error('Computed temperature for fix temp/rescale cannot be 0.0');
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    let tTarget = this.tStart + delta * (this.tStop - this.tStart);
    if (Math.abs(tCurrent - tTarget) > this.window) {
      tTarget = tCurrent - this.fraction * (tCurrent - tTarget);
      const factor = Math.sqrt(tTarget / tCurrent);
      const efactor = 0.5 * u.boltz * dof;
      this.energy += (tCurrent - tTarget) * efactor;
      const v = s.v,
        mask = s.mask;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        v[3 * i] *= factor;
        v[3 * i + 1] *= factor;
        v[3 * i + 2] *= factor;
      }
    }
  }

  energyCouple(): number {
    return this.energy;
  }
}

export function createFixTempRescale(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix temp/rescale', args);
  a.need(5, 'N Tstart Tstop window fraction');
  const nevery = a.int('N', { ge: 1 });
  if (args.slice(1, 3).some((w) => w.startsWith('v_'))) a.fail('variable temperatures (v_name) are not supported');
  const tStart = a.num('Tstart', { ge: 0 });
  const tStop = a.num('Tstop', { ge: 0 });
  const window = a.num('window');
  const fraction = a.num('fraction');
  a.end();
  return new FixTempRescale(id, bit, nevery, tStart, tStop, window, fraction);
}
