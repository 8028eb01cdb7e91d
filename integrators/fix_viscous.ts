import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group viscous gamma [scale type ratio ...] (LAMMPS FixViscous): a drag f -= γ_t v on every
 * atom of the group in post_force (and setup, and after each minimizer force evaluation), γ in
 * force/velocity units, γ_t = γ · ratio of the atom's type (1 unless `scale` sets it).
 */
export class FixViscous implements Fix {
  readonly style = 'viscous';

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    /** γ per type (index 1..ntypes). */
    private readonly gamma: Float64Array,
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
      v = s.v,
      mask = s.mask,
      type = s.type,
      gamma = this.gamma,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const drag = gamma[type[i]];
      f[3 * i] -= drag * v[3 * i];
      f[3 * i + 1] -= drag * v[3 * i + 1];
      f[3 * i + 2] -= drag * v[3 * i + 2];
    }
  }
}

export function createFixViscous(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix viscous', args);
  a.need(1, 'gamma');
  const g = a.num('gamma');
  const nt = sim.system.ntypes;
  const gamma = new Float64Array(nt + 1).fill(g);
  a.keywords({
    scale: (k) => {
      const t = k.int('scale type', { ge: 1, le: nt });
      gamma[t] = g * k.num('scale ratio');
    },
  });
  return new FixViscous(id, bit, gamma);
}
