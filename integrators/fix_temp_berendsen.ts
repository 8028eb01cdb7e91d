import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';
import { ThermostatTemperature } from './thermostat_temperature.js';

/**
 * fix ID group temp/berendsen Tstart Tstop damp (LAMMPS FixTempBerendsen): at the end of every step,
 * the group's velocities are scaled by lambda = sqrt(1 + dt/damp (T_target/T - 1)); the kinetic energy removed
 * is accumulated as the fix energy (thermo ecouple), energy units. `fix_modify ID temp cID` steers
 * another temperature compute; with a biased one the group's bias is removed around the scaling.
 */
export class FixTempBerendsen implements Fix {
  readonly style = 'temp/berendsen';
  private energy = 0;
  tTarget: number;
  readonly extensive = true;
  readonly thermostat: ThermostatTemperature;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly tStart: number,
    private readonly tStop: number,
    private readonly tPeriod: number,
  ) {
    this.tTarget = tStart;
    this.thermostat = new ThermostatTemperature('temp/berendsen', groupBit);
  }

  init(sim: Simulation): void {
    this.thermostat.init(sim);
  }

  endOfStep(sim: Simulation): void {
    const s = sim.system,
      u = s.units;
    const v = s.v,
      mask = s.mask,
      bit = this.groupBit;
    // compute temp (the fix's own on its group, or fix_modify temp's)
    const temp = this.thermostat;
    const tCurrent = temp.scalar(sim);
    const tdof = temp.dof;
    if (tdof < 1) return;
    if (tCurrent === 0.0) throw new Error('Computed temperature for fix temp/berendsen cannot be 0.0');
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    this.tTarget = this.tStart + delta * (this.tStop - this.tStart);
    const lamda = Math.sqrt(1.0 + (sim.dt / this.tPeriod) * (this.tTarget / tCurrent - 1.0));
    const efactor = 0.5 * u.boltz * tdof;
    this.energy += tCurrent * (1.0 - lamda * lamda) * efactor;
    if (temp.biased) temp.removeBiasAll(sim);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      v[3 * i] *= lamda;
      v[3 * i + 1] *= lamda;
      v[3 * i + 2] *= lamda;
    }
    if (temp.biased) temp.restoreBiasAll(sim);
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

export function createFixTempBerendsen(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix temp/berendsen', args);
  a.need(3, 'Tstart Tstop damp');
  if (args.slice(0, 2).some((w) => w.startsWith('v_'))) a.fail('variable temperatures (v_name) are not supported');
  // A negative target would make the rescaling factor sqrt(1 + dt/damp (T/Tcur - 1)) NaN.
  const tStart = a.num('Tstart', { ge: 0 });
  const tStop = a.num('Tstop', { ge: 0 });
  const damp = a.num('damp', { gt: 0 });
  a.end();
  return new FixTempBerendsen(id, bit, tStart, tStop, damp);
}
