import { Args } from '../src/args.js';
import { zeroRotation } from '../src/commands/velocity.js';
import { groupMass, groupVcm } from '../src/groups.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group momentum N [linear xflag yflag zflag] [angular] [rescale] (LAMMPS FixMomentum): at
 * the end of every N-th step, the group's centre-of-mass velocity is subtracted from its atoms
 * (components with flag 1; `linear 1 1 1` when neither linear nor angular is given), its rigid
 * rotation removed (angular), and with rescale the velocities scaled back to the kinetic energy
 * they had before. An empty group (zero mass) is left alone.
 */
export class FixMomentum implements Fix {
  readonly style = 'momentum';
  private masstotal = 0;
  private readonly vcm = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly every: number,
    private readonly linear: readonly boolean[] | null,
    private readonly angular: boolean,
    private readonly rescale: boolean,
  ) {}

  init(sim: Simulation): void {
    this.masstotal = groupMass(sim.system, this.groupBit);
  }

  endOfStep(sim: Simulation): void {
    if (sim.step % this.every !== 0) return;
    if (this.masstotal === 0.0) return;
    const s = sim.system;
    const bit = this.groupBit;
    const ekinOld = this.rescale ? this.sumMv2(sim) : 0;
    if (this.linear) {
      groupVcm(s, bit, this.masstotal, this.vcm);
      const [xf, yf, zf] = this.linear;
      const v = s.v,
        mask = s.mask,
        c = this.vcm;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        if (xf) v[3 * i] -= c[0];
        if (yf) v[3 * i + 1] -= c[1];
        if (zf) v[3 * i + 2] -= c[2];
      }
    }
    if (this.angular) zeroRotation(sim, bit);
    if (this.rescale) {
      const ekinNew = this.sumMv2(sim);
      const factor = ekinNew !== 0.0 ? Math.sqrt(ekinOld / ekinNew) : 1.0;
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

  /** Σ m v² over the group (twice the kinetic energy, mass·velocity² units). */
  private sumMv2(sim: Simulation): number {
    const s = sim.system;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    let ke = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      ke += (pm ? rm[i] : mass[type[i]]) * (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
    }
    return ke;
  }
}

export function createFixMomentum(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix momentum', args);
  a.need(1, 'N');
  const every = a.int('N', { gt: 0 });
  let linear: boolean[] | null = null;
  let angular = false,
    rescale = false;
  const flag = (k: Args, d: string) => k.int(`linear ${d}flag`, { ge: 0, le: 1 }) === 1;
  a.keywords({
    linear: (k) => {
      k.need(3, 'xflag yflag zflag');
      linear = [flag(k, 'x'), flag(k, 'y'), flag(k, 'z')];
    },
    angular: () => {
      angular = true;
    },
    rescale: () => {
      rescale = true;
    },
  });
  if (linear === null && !angular) linear = [true, true, true];
  return new FixMomentum(id, bit, every, linear, angular, rescale);
}
