import { groupDof, groupKeTensor, groupTemperature } from '../src/group_temperature.js';
import type { Simulation } from '../src/simulation.js';
import type { TemperatureCompute } from '../src/thermo_temperature.js';

/** A pressure compute FixNH can read instead of its own: scalar and tensor (xx yy zz xy xz yz), pressure units. */
export interface PressureSource {
  pressureScalar(sim: Simulation): number;
  pressureVector(sim: Simulation): Float64Array;
}

/**
 * The temperature and pressure computes that LAMMPS's FixNH creates for itself (ID_temp: compute
 * temp on group all; ID_press: compute pressure with that temperature), with LAMMPS's arithmetic
 * order and its reuse rule: compute pressure takes the temperature scalar / ke tensor already
 * computed on this timestep instead of recomputing it (invoked_scalar / invoked_vector).
 * Temperatures in temperature units, ke tensor in energy units (xx yy zz xy xz yz), pressures in
 * pressure units.
 */
export class NHComputes {
  /**
   * Group of the temperature compute: the fix's group for nvt, `all` (bit 1) for npt/nph, whose
   * pressure is global (LAMMPS FixNPT/FixNPH create their compute temp on group all).
   */
  groupBit = 1;
  /** Degrees of freedom of the last temperature evaluation (3N - 3 - what fixes remove). */
  dof = 0;
  scalar = 0;
  private scalarStep = -1;
  readonly keTensor = new Float64Array(6);
  private keTensorStep = -1;
  pScalar = 0;
  readonly pTensor = new Float64Array(6);
  /** A temperature compute standing in for compute temp (temp/asphere of the asphere fixes), else null. */
  source: TemperatureCompute | null = null;
  /**
   * A pressure compute standing in for the fix's own (LAMMPS `fix_modify ID press`; fix grem sets its
   * PRESSURE/GREM compute): pScalar / pTensor then come from it. Null: compute pressure as below.
   */
  pressureSource: PressureSource | null = null;

  /** compute temp scalar on the group: sum m v^2 * tfactor, tfactor = mvv2e / (dof k_B). */
  temperature(sim: Simulation): number {
    if (this.source) {
      this.scalar = this.source.computeScalar(sim);
      this.dof = this.source.temperatureDof(sim);
      this.scalarStep = sim.step;
      return this.scalar;
    }
    const dof = groupDof(sim, this.groupBit);
    this.dof = dof;
    this.scalar = groupTemperature(sim, this.groupBit, dof);
    this.scalarStep = sim.step;
    return this.scalar;
  }

  /** compute temp vector on the group: sum m v_a v_b * mvv2e into keTensor. */
  temperatureVector(sim: Simulation): void {
    if (this.source) this.keTensor.set(this.source.computeVector(sim));
    else groupKeTensor(sim, this.groupBit, this.keTensor);
    this.keTensorStep = sim.step;
  }

  /** compute pressure scalar from the virial of the last force evaluation. */
  pressure(sim: Simulation): number {
    if (this.pressureSource) {
      this.pScalar = this.pressureSource.pressureScalar(sim);
      return this.pScalar;
    }
    const t = this.scalarStep === sim.step ? this.scalar : this.temperature(sim);
    const u = sim.system.units,
      w = sim.virial;
    // 2d: xx + yy over the area (LAMMPS ComputePressure::compute_scalar)
    const invVolume = 1.0 / sim.system.box.volume();
    if (sim.system.dimension === 2)
      this.pScalar = ((this.dof * u.boltz * t + w[0] + w[1]) / 2.0) * invVolume * u.nktv2p;
    else this.pScalar = ((this.dof * u.boltz * t + w[0] + w[1] + w[2]) / 3.0) * invVolume * u.nktv2p;
    return this.pScalar;
  }

  /** compute pressure vector (xx yy zz xy xz yz) into pTensor. */
  pressureVector(sim: Simulation): void {
    if (this.pressureSource) {
      this.pTensor.set(this.pressureSource.pressureVector(sim));
      return;
    }
    if (this.keTensorStep !== sim.step) this.temperatureVector(sim);
    const u = sim.system.units,
      w = sim.virial;
    const invVolume = 1.0 / sim.system.box.volume();
    for (let i = 0; i < 6; i++) this.pTensor[i] = (this.keTensor[i] + w[i]) * invVolume * u.nktv2p;
    // 2d: xx, yy, xy only (LAMMPS ComputePressure::compute_vector)
    if (sim.system.dimension === 2) this.pTensor[2] = this.pTensor[4] = this.pTensor[5] = 0.0;
  }
}
