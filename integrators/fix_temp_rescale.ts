import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';
import { ThermostatTemperature } from './thermostat_temperature.js';

/**
 * fix ID group temp/rescale N Tstart Tstop window fraction (LAMMPS FixTempRescale): every N steps,
 * at the end of the step, when the group's temperature T is more than `window` away from the target
 * (ramped from Tstart to Tstop over the run, `run ... start/stop` honoured), the velocities are
 * scaled so that T moves the given fraction of the way to the target: T' = T − fraction (T − Tt),
 * v *= sqrt(T'/T). The kinetic energy removed, ½ k_B dof (T − T'), is accumulated as f_ID and
 * thermo ecouple (energy units). `fix_modify ID temp cID` steers another temperature compute; with a
 * biased one (temp/partial, temp/region, temp/com) only the thermal velocity of each atom is scaled.
 */
export class FixTempRescale implements Fix {
  readonly style = 'temp/rescale';
  readonly extensive = true;
  private energy = 0;
  readonly thermostat: ThermostatTemperature;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly nevery: number,
    private readonly tStart: number,
    private readonly tStop: number,
    private readonly window: number,
    private readonly fraction: number,
  ) {
    this.thermostat = new ThermostatTemperature('temp/rescale', groupBit);
  }

  init(sim: Simulation): void {
    this.thermostat.init(sim);
  }

  endOfStep(sim: Simulation): void {
    if (sim.step % this.nevery !== 0) return;
    const s = sim.system,
      u = s.units;
    const bit = this.groupBit;
    const temp = this.thermostat;
    const tCurrent = temp.scalar(sim);
    const dof = temp.dof;
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
        mask = s.mask,
        biased = temp.biased;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        // LAMMPS: the bias was computed with the temperature above, so it is not recomputed.
        if (biased) temp.removeBias(sim, i);
        v[3 * i] *= factor;
        v[3 * i + 1] *= factor;
        v[3 * i + 2] *= factor;
        if (biased) temp.restoreBias(sim, i);
      }
    }
  }

  energyCouple(): number {
    return this.energy;
  }

  /** LAMMPS restart_global: the energy exchanged so far, so ecouple continues across a restart. */
  restartState(): number[] {
    return [this.energy];
  }

  restoreState(state: readonly number[]): void {
    this.energy = state[0];
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
