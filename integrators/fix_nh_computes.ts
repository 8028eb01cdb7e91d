import { groupDof, groupKeTensor, groupTemperature } from '../src/group_temperature.js';
import type { Simulation } from '../src/simulation.js';

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

  /** compute temp scalar on the group: sum m v^2 * tfactor, tfactor = mvv2e / (dof k_B). */
  temperature(sim: Simulation): number {
    const dof = groupDof(sim, this.groupBit);
    this.dof = dof;
    this.scalar = groupTemperature(sim, this.groupBit, dof);
    this.scalarStep = sim.step;
    return this.scalar;
  }

  /** compute temp vector on the group: sum m v_a v_b * mvv2e into keTensor. */
  temperatureVector(sim: Simulation): void {
    groupKeTensor(sim, this.groupBit, this.keTensor);
    this.keTensorStep = sim.step;
  }

  /** compute pressure scalar from the virial of the last force evaluation. */
  pressure(sim: Simulation): number {
    const t = this.scalarStep === sim.step ? this.scalar : this.temperature(sim);
    const u = sim.system.units,
      h = sim.system.box.h,
      w = sim.virial;
    if (sim.system.dimension === 2) {
      // LAMMPS ComputePressure in 2d: the area and the xx, yy virial only
      const invArea = 1.0 / (h[0] * h[1]);
      this.pScalar = ((this.dof * u.boltz * t + w[0] + w[1]) / 2.0) * invArea * u.nktv2p;
      return this.pScalar;
    }
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    this.pScalar = ((this.dof * u.boltz * t + w[0] + w[1] + w[2]) / 3.0) * invVolume * u.nktv2p;
    return this.pScalar;
  }

  /** compute pressure vector (xx yy zz xy xz yz) into pTensor. */
  pressureVector(sim: Simulation): void {
    if (this.keTensorStep !== sim.step) this.temperatureVector(sim);
    const u = sim.system.units,
      h = sim.system.box.h,
      w = sim.virial;
    if (sim.system.dimension === 2) {
      // LAMMPS ComputePressure in 2d: xx, yy, xy over the area; zz, xz, yz are 0
      const invArea = 1.0 / (h[0] * h[1]);
      for (const i of [0, 1, 3]) this.pTensor[i] = (this.keTensor[i] + w[i]) * invArea * u.nktv2p;
      this.pTensor[2] = this.pTensor[4] = this.pTensor[5] = 0.0;
      return;
    }
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    for (let i = 0; i < 6; i++) this.pTensor[i] = (this.keTensor[i] + w[i]) * invVolume * u.nktv2p;
  }
}
