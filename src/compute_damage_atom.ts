import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { FixPeriNeigh } from '../integrators/fix_peri_neigh.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group damage/atom (LAMMPS ComputeDamageAtom, PERI package): per-atom damage of a
 * peridynamic particle, 1 − (Σ vfrac_j over its unbroken bonds) / (Σ vfrac_j over its bonds at
 * setup); 0 for particles without bonds and for atoms outside the group. Needs a peri pair style
 * (its hidden fix PERI_NEIGH holds the bonds); before the first run every value is 0.
 */
export class ComputeDamageAtom extends GlobalCompute {
  readonly peratomCols = 0;
  private damage = new Float64Array(0);

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'damage/atom');
  }

  /** The PERI_NEIGH fix of the current peri pair style. */
  private family(sim: Simulation): FixPeriNeigh {
    const fx = sim.fixes.find((f) => f.style === 'PERI_NEIGH') as FixPeriNeigh | undefined;
    if (!fx || sim.pair !== (fx.source as unknown))
      throw new Error('Compute damage/atom requires a peridynamic potential');
    return fx;
  }

  init(sim: Simulation): void {
    this.family(sim);
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    const fx = this.family(sim);
    if (this.damage.length < s.n) this.damage = new Float64Array(s.n);
    const damage = this.damage;
    damage.fill(0, 0, s.n);
    if (fx.first) return damage.subarray(0, s.n);
    const local = fx.localIndex(s);
    const vfrac = s.peri!.vfrac;
    const mp = fx.maxpartner;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      let kept = 0.0;
      for (let k = i * mp; k < i * mp + fx.npartner[i]; k++) {
        if (fx.partner[k] === 0) continue;
        const j = local[fx.partner[k]];
        if (j < 0) continue;
        kept += vfrac[j];
      }
      damage[i] = fx.vinter[i] !== 0.0 ? 1.0 - kept / fx.vinter[i] : 0.0;
    }
    return damage.subarray(0, s.n);
  }
}

export function createComputeDamageAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute damage/atom', args).end();
  if (!sim.system.peri) throw new Error('Compute damage/atom used with atom style without peri (use atom_style peri)');
  return new ComputeDamageAtom(id, sim.groups.bit(group, 'compute'));
}
