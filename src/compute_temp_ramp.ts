import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupDof } from './group_temperature.js';
import { latticeSpacing } from './lattice_spacing.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/ramp vdim vlo vhi dim clo chi [units box|lattice] (LAMMPS
 * ComputeTempRamp): the temperature after subtracting a streaming velocity that ramps linearly in
 * one velocity component with one coordinate: v_ramp = vlo + f (vhi − vlo), f = (x_dim − clo) /
 * (chi − clo) clamped to [0, 1]. dof as compute temp (d N − extra dof − fix dof); c_ID[1..6] the
 * kinetic energy tensor of the thermal velocities. Its bias (for thermostats under fix_modify
 * temp, and thermo_modify temp) is the ramp velocity. Lattice units (the default) scale the
 * velocities and coordinates by the lattice spacing of their dimension.
 */
export class ComputeTempRamp extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  readonly tempBias = true;
  extraDof?: number;
  dynamicDof?: boolean;
  private readonly vector = new Float64Array(6);
  private vbias = 0;
  private vbiasAll = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly vDim: number,
    private readonly vLo: number,
    private readonly vHi: number,
    private readonly coordDim: number,
    private readonly coordLo: number,
    private readonly coordHi: number,
  ) {
    super(id, 'temp/ramp');
  }

  /** The ramp velocity at atom i's position (velocity units). */
  private ramp(x: Float64Array, i: number): number {
    let fraction = (x[3 * i + this.coordDim] - this.coordLo) / (this.coordHi - this.coordLo);
    fraction = Math.max(fraction, 0.0);
    fraction = Math.min(fraction, 1.0);
    return this.vLo + fraction * (this.vHi - this.vLo);
  }

  temperatureDof(sim: Simulation): number {
    return groupDof(sim, this.groupBit, this);
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type,
      vd = this.vDim;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      let v0 = v[k],
        v1 = v[k + 1],
        v2 = v[k + 2];
      const vr = this.ramp(x, i);
      if (vd === 0) v0 -= vr;
      else if (vd === 1) v1 -= vr;
      else v2 -= vr;
      t += (v0 * v0 + v1 * v1 + v2 * v2) * mass[type[i]];
    }
    const dof = this.temperatureDof(sim);
    // LAMMPS: tfactor = mvv2e / (dof boltz), 0 without degrees of freedom
    const tfactor = dof > 0 ? s.units.mvv2e / (dof * s.units.boltz) : 0.0;
    return t * tfactor;
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type,
      vd = this.vDim;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      let v0 = v[k],
        v1 = v[k + 1],
        v2 = v[k + 2];
      const vr = this.ramp(x, i);
      if (vd === 0) v0 -= vr;
      else if (vd === 1) v1 -= vr;
      else v2 -= vr;
      const m = mass[type[i]];
      t[0] += m * v0 * v0;
      t[1] += m * v1 * v1;
      t[2] += m * v2 * v2;
      t[3] += m * v0 * v1;
      t[4] += m * v0 * v2;
      t[5] += m * v1 * v2;
    }
    for (let k = 0; k < 6; k++) t[k] *= s.units.mvv2e;
    return t;
  }

  removeBias(sim: Simulation, i: number): void {
    this.vbias = this.ramp(sim.system.x, i);
    sim.system.v[3 * i + this.vDim] -= this.vbias;
  }

  restoreBias(sim: Simulation, i: number): void {
    sim.system.v[3 * i + this.vDim] += this.vbias;
  }

  removeBiasAll(sim: Simulation): void {
    const s = sim.system;
    if (this.vbiasAll.length < s.n) this.vbiasAll = new Float64Array(s.x.length / 3);
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit) {
        this.vbiasAll[i] = this.ramp(s.x, i);
        s.v[3 * i + this.vDim] -= this.vbiasAll[i];
      }
  }

  restoreBiasAll(sim: Simulation): void {
    const s = sim.system;
    for (let i = 0; i < s.n; i++) if (s.mask[i] & this.groupBit) s.v[3 * i + this.vDim] += this.vbiasAll[i];
  }
}

export function createComputeTempRamp(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute temp/ramp', args);
  a.need(6, 'vdim vlo vhi dim clo chi');
  const vDim = ['vx', 'vy', 'vz'].indexOf(a.oneOf('vdim', ['vx', 'vy', 'vz'] as const));
  const vLo = a.num('vlo');
  const vHi = a.num('vhi');
  const coordDim = ['x', 'y', 'z'].indexOf(a.oneOf('dim', ['x', 'y', 'z'] as const));
  const coordLo = a.num('clo');
  const coordHi = a.num('chi');
  let lattice = true;
  a.keywords({
    units: (k) => {
      lattice = k.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    },
  });
  const scale = (d: number) => (lattice ? latticeSpacing(sim, d as 0 | 1 | 2) : 1.0);
  return new ComputeTempRamp(
    id,
    sim.groups.bit(group, 'compute'),
    vDim,
    scale(vDim) * vLo,
    scale(vDim) * vHi,
    coordDim,
    scale(coordDim) * coordLo,
    scale(coordDim) * coordHi,
  );
}
