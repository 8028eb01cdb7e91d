import { groupDof, groupSumMv2 } from '../src/group_temperature.js';
import type { Simulation } from '../src/simulation.js';
import { isTemperatureCompute, type TemperatureCompute } from '../src/thermo_temperature.js';

/**
 * The temperature a thermostat steers (LAMMPS Fix::temperature with id_temp): by default a compute
 * temp on the fix's group (3 N_group − 3 − fix dof, as LAMMPS's fix creates for itself);
 * `fix_modify ID temp cID` replaces it with a temperature compute of the deck (compute temp,
 * temp/partial, temp/region, temp/com), resolved by ID at every init as LAMMPS does. When that
 * compute has a velocity bias (LAMMPS tempbias), the thermostat acts on the thermal velocity only:
 * `removeBias`/`restoreBias` around each atom (temp/rescale, langevin) or `removeBiasAll`/
 * `restoreBiasAll` around the whole group (temp/berendsen, nvt).
 */
export class ThermostatTemperature {
  /** ID given by fix_modify temp; null: the fix's own compute temp on its group. */
  computeId: string | null = null;
  private compute: TemperatureCompute | null = null;
  /** dof of the last `scalar` evaluation (LAMMPS temperature->dof). */
  dof = 0;

  constructor(
    private readonly fixStyle: string,
    private readonly groupBit: number,
  ) {}

  /** fix_modify ID temp cID: checks as LAMMPS's modify_param ("Could not find ...", "does not compute temperature"). */
  modify(sim: Simulation, id: string): void {
    this.computeId = id;
    this.resolve(sim);
  }

  /** A fix's own temperature compute (nvt/sllod's temp/deform), not in the deck's list, used as if given by fix_modify. */
  useOwn(c: TemperatureCompute): void {
    this.computeId = c.id;
    this.compute = c;
    this.own = c;
  }

  private own: TemperatureCompute | null = null;

  /** Resolve the compute by ID again (LAMMPS init: the compute may have been redefined since). */
  init(sim: Simulation): void {
    if (this.computeId !== null) this.resolve(sim);
  }

  private resolve(sim: Simulation): void {
    const id = this.computeId!;
    if (this.own && this.own.id === id) {
      this.compute = this.own;
      return;
    }
    const c = sim.computes.find((x) => x.id === id);
    if (!c) throw new Error(`Could not find fix_modify temperature ID '${id}' (fix ${this.fixStyle})`);
    if (!isTemperatureCompute(c)) throw new Error(`Fix_modify temperature ID '${id}' does not compute temperature`);
    this.compute = c;
  }

  /** The compute's temperature has a bias to take out around the thermostat's velocity updates. */
  get biased(): boolean {
    return this.compute?.tempBias === true;
  }

  /** Temperature now (temperature units); sets `dof`. */
  scalar(sim: Simulation): number {
    const c = this.compute;
    if (c) {
      const t = c.computeScalar(sim);
      this.dof = c.temperatureDof(sim);
      return t;
    }
    const dof = groupDof(sim, this.groupBit);
    this.dof = dof;
    const u = sim.system.units;
    return dof > 0 ? groupSumMv2(sim, this.groupBit) * (u.mvv2e / (dof * u.boltz)) : 0.0;
  }

  removeBias(sim: Simulation, i: number): void {
    this.compute!.removeBias!(sim, i);
  }

  restoreBias(sim: Simulation, i: number): void {
    this.compute!.restoreBias!(sim, i);
  }

  removeBiasAll(sim: Simulation): void {
    this.compute!.removeBiasAll!(sim);
  }

  restoreBiasAll(sim: Simulation): void {
    this.compute!.restoreBiasAll!(sim);
  }
}
