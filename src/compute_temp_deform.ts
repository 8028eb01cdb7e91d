import { findFixDeform } from '../integrators/fix_deform.js';
import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupDof } from './group_temperature.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/deform (LAMMPS ComputeTempDeform): the temperature of the velocities
 * relative to the streaming profile that fix deform imposes, v_s = h_rate·λ + h_ratelo (λ the
 * atom's fractional coordinates; h_rate the box's rates of change, fix deform's LAMMPS
 * domain->h_rate; 0 without a fix deform): T = Σ m |v − v_s|² mvv2e / (dof k_B) with compute temp's
 * dof; c_ID[1..6] the kinetic energy tensor of v − v_s. Its bias (fix nvt/sllod, fix_modify temp)
 * is v_s.
 */
export class ComputeTempDeform extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  readonly tempBias = true;
  extraDof?: number;
  dynamicDof?: boolean;
  private readonly vector = new Float64Array(6);
  private readonly lam = new Float64Array(3);
  private readonly vbias = new Float64Array(3);
  private vbiasAll = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'temp/deform');
  }

  /** Streaming velocity of atom i into out[o..o+2] (LAMMPS's vstream, in its operation order). */
  private stream(sim: Simulation, i: number, out: Float64Array, o: number): void {
    const fix = findFixDeform(sim);
    const lam = this.lam;
    sim.system.box.toLamda(sim.system.x, 3 * i, lam, 0);
    if (!fix) {
      out[o] = out[o + 1] = out[o + 2] = 0.0;
      return;
    }
    const hr = fix.hRate,
      hl = fix.hRateLo;
    out[o] = hr[0] * lam[0] + hr[5] * lam[1] + hr[4] * lam[2] + hl[0];
    out[o + 1] = hr[1] * lam[1] + hr[3] * lam[2] + hl[1];
    out[o + 2] = hr[2] * lam[2] + hl[2];
  }

  temperatureDof(sim: Simulation): number {
    return groupDof(sim, this.groupBit, this);
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system,
      v = s.v,
      vs = this.vbias;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      this.stream(sim, i, vs, 0);
      const k = 3 * i;
      const a = v[k] - vs[0],
        b = v[k + 1] - vs[1],
        c = v[k + 2] - vs[2];
      t += (a * a + b * b + c * c) * s.massOf(i);
    }
    const dof = this.temperatureDof(sim);
    return dof > 0 ? t * (s.units.mvv2e / (dof * s.units.boltz)) : 0.0;
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system,
      v = s.v,
      vs = this.vbias,
      t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      this.stream(sim, i, vs, 0);
      const k = 3 * i,
        m = s.massOf(i);
      const a = v[k] - vs[0],
        b = v[k + 1] - vs[1],
        c = v[k + 2] - vs[2];
      t[0] += m * a * a;
      t[1] += m * b * b;
      t[2] += m * c * c;
      t[3] += m * a * b;
      t[4] += m * a * c;
      t[5] += m * b * c;
    }
    for (let k = 0; k < 6; k++) t[k] *= s.units.mvv2e;
    return t;
  }

  removeBias(sim: Simulation, i: number): void {
    this.stream(sim, i, this.vbias, 0);
    const v = sim.system.v,
      k = 3 * i;
    v[k] -= this.vbias[0];
    v[k + 1] -= this.vbias[1];
    v[k + 2] -= this.vbias[2];
  }

  restoreBias(sim: Simulation, i: number): void {
    const v = sim.system.v,
      k = 3 * i;
    v[k] += this.vbias[0];
    v[k + 1] += this.vbias[1];
    v[k + 2] += this.vbias[2];
  }

  removeBiasAll(sim: Simulation): void {
    const s = sim.system;
    if (this.vbiasAll.length < 3 * s.n) this.vbiasAll = new Float64Array(3 * s.n);
    const b = this.vbiasAll,
      v = s.v;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      this.stream(sim, i, b, 3 * i);
      v[3 * i] -= b[3 * i];
      v[3 * i + 1] -= b[3 * i + 1];
      v[3 * i + 2] -= b[3 * i + 2];
    }
  }

  restoreBiasAll(sim: Simulation): void {
    const s = sim.system,
      b = this.vbiasAll,
      v = s.v;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      v[3 * i] += b[3 * i];
      v[3 * i + 1] += b[3 * i + 1];
      v[3 * i + 2] += b[3 * i + 2];
    }
  }
}

export function createComputeTempDeform(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute temp/deform', args).end();
  return new ComputeTempDeform(id, sim.groups.bit(group, 'compute'));
}
