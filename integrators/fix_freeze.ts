import { Args } from '../src/args.js';
import type { FrozenGroup } from '../potentials/pair_gran_hooke_history.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group freeze (LAMMPS FixFreeze): holds finite-size particles still by zeroing their force
 * and torque after every force evaluation (and in setup); the granular pair styles then treat them
 * as infinitely heavy. f_ID[1..3] is the total force removed (extensive). One fix freeze at most.
 */
export class FixFreeze implements Fix, FrozenGroup {
  readonly style = 'freeze';
  readonly extensive = true;
  readonly vectorLength = 3;
  private readonly foriginal = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
  ) {}

  frozenGroupBit(): number {
    return this.groupBit;
  }

  init(sim: Simulation): void {
    if (sim.fixes.filter((f) => f.style === 'freeze').length > 1) throw new Error('More than one fix freeze');
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const f = s.f,
      torque = s.torque,
      mask = s.mask;
    let f0 = 0.0,
      f1 = 0.0,
      f2 = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      f0 += f[k];
      f1 += f[k + 1];
      f2 += f[k + 2];
      f[k] = f[k + 1] = f[k + 2] = 0.0;
      torque[k] = torque[k + 1] = torque[k + 2] = 0.0;
    }
    this.foriginal[0] = f0;
    this.foriginal[1] = f1;
    this.foriginal[2] = f2;
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.foriginal[i];
  }
}

export function createFixFreeze(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  new Args('fix freeze', args).end();
  if (!sim.system.atomStyle.sphere) throw new Error('Fix freeze requires atom attribute torque (atom_style sphere)');
  return new FixFreeze(id, bit);
}
