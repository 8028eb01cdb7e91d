import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { forceComponents } from './fix_setforce.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group aveforce fx fy fz (LAMMPS FixAveForce, constant values): in post_force (and setup,
 * and after each minimizer force evaluation) every atom of the group gets, in each dimension that is
 * not NULL, the group's average force plus the given value: f_i = Σ_group f / N + F. The group then
 * moves as one body along that dimension. f_ID[1..3] is the group's total force before the change
 * (extensive).
 */
export class FixAveForce implements Fix {
  readonly style = 'aveforce';
  readonly vectorLength = 3;
  readonly extensive = true;
  private readonly foriginal = new Float64Array(4);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly value: (number | null)[],
  ) {}

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const f = s.f,
      mask = s.mask,
      bit = this.groupBit;
    const fo = this.foriginal;
    fo.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      fo[0] += f[3 * i];
      fo[1] += f[3 * i + 1];
      fo[2] += f[3 * i + 2];
      fo[3] += 1.0;
    }
    const ncount = Math.trunc(fo[3]);
    if (ncount === 0) return;
    const [vx, vy, vz] = this.value;
    const fx = fo[0] / ncount + (vx ?? 0),
      fy = fo[1] / ncount + (vy ?? 0),
      fz = fo[2] / ncount + (vz ?? 0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      if (vx !== null) f[3 * i] = fx;
      if (vy !== null) f[3 * i + 1] = fy;
      if (vz !== null) f[3 * i + 2] = fz;
    }
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.foriginal[i];
  }
}

export function createFixAveForce(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix aveforce', args);
  const value = forceComponents(a);
  if (a.more() && a.peek() === 'region') a.fail('keyword region is not supported yet');
  a.end();
  return new FixAveForce(id, bit, value);
}
