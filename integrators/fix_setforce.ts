import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group setforce fx fy fz (LAMMPS FixSetForce, constant values): after the forces are
 * computed (post_force, and once in setup), each component that is not NULL is set to its value
 * on every atom of the group. f_ID[1..3] is the total force on the group before it was set (force
 * units, extensive), LAMMPS's foriginal.
 */
export class FixSetForce implements Fix {
  readonly style = 'setforce';
  readonly vectorLength = 3;
  readonly extensive = true;
  private readonly foriginal = new Float64Array(3);

  /** value[d] is null where the component is left alone (NULL). */
  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly value: readonly (number | null)[],
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
    const [vx, vy, vz] = this.value;
    let f0 = 0.0,
      f1 = 0.0,
      f2 = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const k = 3 * i;
      f0 += f[k];
      f1 += f[k + 1];
      f2 += f[k + 2];
      if (vx !== null) f[k] = vx;
      if (vy !== null) f[k + 1] = vy;
      if (vz !== null) f[k + 2] = vz;
    }
    this.foriginal[0] = f0;
    this.foriginal[1] = f1;
    this.foriginal[2] = f2;
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.foriginal[i];
  }
}

/** Parse fx fy fz: numbers, or NULL where allowed (variables v_name are not supported). */
export function forceComponents(a: Args, allowNull = true): (number | null)[] {
  a.need(3, 'fx fy fz');
  const out: (number | null)[] = [];
  for (const d of ['fx', 'fy', 'fz']) {
    const w = a.peek()!;
    if (w.startsWith('v_')) a.fail(`variable ${d} (${w}) is not supported yet`);
    if (w === 'NULL' && allowNull) {
      a.pos++;
      out.push(null);
    } else out.push(a.num(d));
  }
  return out;
}

export function createFixSetForce(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix setforce', args);
  const value = forceComponents(a);
  if (a.more() && a.peek() === 'region') a.fail('keyword region is not supported yet');
  a.end();
  return new FixSetForce(id, bit, value);
}
