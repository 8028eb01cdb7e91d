import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { PairPeriEPS } from '../potentials/pair_peri_eps.js';
import { PairPeriLPS } from '../potentials/pair_peri_lps.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group dilatation/atom and plasticity/atom (LAMMPS ComputeDilatationAtom,
 * ComputePlasticityAtom, PERI package): per particle, the dilatation θ of the state-based peri
 * styles (peri/lps, peri/ves, peri/eps; as of their last force evaluation) or the accumulated
 * plastic multiplier λ of peri/eps; 0 outside the group.
 */
export class ComputePeriAtom extends GlobalCompute {
  readonly peratomCols = 0;
  private values = new Float64Array(0);

  constructor(
    id: string,
    style: 'dilatation/atom' | 'plasticity/atom',
    private readonly groupBit: number,
  ) {
    super(id, style);
  }

  private source(sim: Simulation): PairPeriLPS {
    const pair = sim.pair;
    if (this.style === 'plasticity/atom') {
      if (!(pair instanceof PairPeriEPS))
        throw new Error('Compute plasticity/atom cannot be used with this pair style');
    } else if (!(pair instanceof PairPeriLPS))
      throw new Error('Compute dilatation/atom cannot be used with this pair style');
    return pair;
  }

  init(sim: Simulation): void {
    this.source(sim);
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    const pair = this.source(sim);
    if (this.values.length < s.n) this.values = new Float64Array(s.n);
    const out = this.values;
    const fx = pair.fix;
    const src = this.style === 'plasticity/atom' ? fx?.lambdaValue : pair.theta;
    for (let i = 0; i < s.n; i++) out[i] = s.mask[i] & this.groupBit && src && i < src.length ? src[i] : 0.0;
    return out.subarray(0, s.n);
  }
}

export function createComputeDilatationAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute dilatation/atom', args).end();
  return new ComputePeriAtom(id, 'dilatation/atom', sim.groups.bit(group, 'compute'));
}

export function createComputePlasticityAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute plasticity/atom', args).end();
  return new ComputePeriAtom(id, 'plasticity/atom', sim.groups.bit(group, 'compute'));
}
