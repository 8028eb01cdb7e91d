import { temperatureDof } from '../src/computes.js';
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
  /** Degrees of freedom of the last temperature evaluation (3N - 3 - what fixes remove). */
  dof = 0;
  scalar = 0;
  private scalarStep = -1;
  readonly keTensor = new Float64Array(6);
  private keTensorStep = -1;
  pScalar = 0;
  readonly pTensor = new Float64Array(6);

  /** compute temp scalar: sum m v^2 * tfactor, tfactor = mvv2e / (dof k_B). */
  temperature(sim: Simulation): number {
    const s = sim.system;
    const v = s.v,
      mass = s.mass,
      type = s.type;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * mass[type[i]];
    }
    const dof = temperatureDof(sim);
    const tfactor = dof > 0 ? s.units.mvv2e / (dof * s.units.boltz) : 0.0;
    this.dof = dof;
    this.scalar = t * tfactor;
    this.scalarStep = sim.step;
    return this.scalar;
  }

  /** compute temp vector: sum m v_a v_b * mvv2e into keTensor. */
  temperatureVector(sim: Simulation): void {
    const s = sim.system;
    const v = s.v,
      mass = s.mass,
      type = s.type;
    let t0 = 0.0,
      t1 = 0.0,
      t2 = 0.0,
      t3 = 0.0,
      t4 = 0.0,
      t5 = 0.0;
    for (let i = 0; i < s.n; i++) {
      const m = mass[type[i]];
      const k = 3 * i;
      const vx = v[k],
        vy = v[k + 1],
        vz = v[k + 2];
      t0 += m * vx * vx;
      t1 += m * vy * vy;
      t2 += m * vz * vz;
      t3 += m * vx * vy;
      t4 += m * vx * vz;
      t5 += m * vy * vz;
    }
    const e = s.units.mvv2e,
      kt = this.keTensor;
    kt[0] = t0 * e;
    kt[1] = t1 * e;
    kt[2] = t2 * e;
    kt[3] = t3 * e;
    kt[4] = t4 * e;
    kt[5] = t5 * e;
    this.keTensorStep = sim.step;
  }

  /** compute pressure scalar from the virial of the last force evaluation. */
  pressure(sim: Simulation): number {
    const t = this.scalarStep === sim.step ? this.scalar : this.temperature(sim);
    const u = sim.system.units,
      h = sim.system.box.h,
      w = sim.virial;
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
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    for (let i = 0; i < 6; i++) this.pTensor[i] = (this.keTensor[i] + w[i]) * invVolume * u.nktv2p;
  }
}
