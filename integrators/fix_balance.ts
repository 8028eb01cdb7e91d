import { Args } from '../src/args.js';
import { resolvePeratomRef } from '../src/peratom_refs.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { findCustomProperty, type FixPropertyAtom } from './fix_property_atom.js';

/**
 * fix ID group balance Nfreq thresh style args keyword value ... (LAMMPS FixBalance) in a serial
 * run: one process owns every atom, so there is nothing to move and the imbalance factor is 1.
 * f_ID (the final factor) and f_ID[3] (the factor before the last balancing) are 0 until LAMMPS
 * would rebalance, which with one process happens only for thresh < 1; then both are 1. The syntax is LAMMPS's and is checked; one NOTE says it changes nothing.
 * LAMMPS marks the box as changing (BOX_CHANGE_DOMAIN), so thermo_style one prints Volume.
 * `weight store name` writes each atom's weight into fix property/atom's d_name: the product of the
 * `weight group` factors and `weight var` values (1 otherwise); `weight time` and `weight neigh` measure per-process costs,
 * which a single process does not have, so they count as 1.
 */
export class FixBalance implements Fix {
  readonly style = 'balance';
  readonly changesBox = true;
  readonly vectorLength = 3;
  readonly extensive = false;

  constructor(
    readonly id: string,
    private readonly nevery: number,
    private readonly thresh: number,
    private readonly groupWeights: readonly { bit: number; factor: number }[],
    private readonly varNames: readonly string[],
    private readonly store: { fix: FixPropertyAtom; name: string } | null,
  ) {}

  /** LAMMPS imbfinal / imbprev: 0 until a rebalancing happens (the constructor's values). */
  private imbFinal = 0.0;
  private imbPrev = 0.0;
  private lastBalance = -1;

  setup(sim: Simulation): void {
    this.balance(sim);
  }

  endOfStep(sim: Simulation): void {
    if (this.nevery > 0 && sim.step % this.nevery === 0) this.balance(sim);
  }

  /**
   * LAMMPS setup_pre_exchange / pre_exchange: store the weights, then rebalance when the imbalance
   * factor exceeds thresh. With one process the factor (max cost / mean cost) is 1, so a rebalancing
   * happens only for thresh < 1 and sets the previous and final factors to 1.
   */
  private balance(sim: Simulation): void {
    if (sim.step === this.lastBalance) return;
    this.lastBalance = sim.step;
    this.storeWeights(sim);
    const imbNow = 1.0;
    if (imbNow > this.thresh) {
      this.imbPrev = imbNow;
      this.imbFinal = 1.0;
    }
  }

  private storeWeights(sim: Simulation): void {
    if (!this.store) return;
    const s = sim.system;
    // LAMMPS ImbalanceVar: the atom-style variable's value multiplies the weight.
    const vars = this.varNames.map((v) => {
      const src = resolvePeratomRef(sim, `v_${v}`, 'Fix balance');
      return src!.values(sim).slice();
    });
    for (let i = 0; i < s.n; i++) {
      let w = 1.0;
      for (const g of this.groupWeights) if (s.mask[i] & g.bit) w *= g.factor;
      for (const vals of vars) w *= vals[i];
      this.store.fix.set(this.store.name, s.tag[i], w);
    }
  }

  computeScalar(): number {
    return this.imbFinal;
  }

  computeVector(_sim: Simulation, i: number): number {
    if (i === 2) return this.imbPrev;
    throw new Error(
      `fix balance ${this.id}: f_${this.id}[${i + 1}] (${i === 0 ? 'max load per process' : 'iteration count'}) ` +
        'is not computed by dpmd (one process; f_ID and f_ID[3] are)',
    );
  }
}

export function createFixBalance(id: string, _group: string, args: string[], sim: Simulation): Fix {
  const a = new Args('fix balance', args);
  a.need(3, 'Nfreq thresh style args ...');
  const nevery = a.int('Nfreq', { ge: 0 });
  const thresh = a.num('thresh', { ge: 0 });
  const style = a.oneOf('style', ['shift', 'rcb']);
  if (style === 'shift') {
    const dims = a.word('dimstr');
    if (!/^[xyz]{1,3}$/.test(dims)) a.fail(`Illegal shift dimstr '${dims}'`);
    a.int('Niter', { ge: 1 });
    a.num('stopthresh', { ge: 1.0 });
  }
  const groupWeights: { bit: number; factor: number }[] = [];
  let storeName: string | null = null;
  const varNames: string[] = [];
  a.keywords({
    weight: (k) => {
      const kind = k.oneOf('weight style', ['group', 'neigh', 'time', 'var', 'store']);
      if (kind === 'group') {
        const n = k.int('Ngroup', { ge: 1 });
        for (let g = 0; g < n; g++) {
          const bit = sim.groups.bit(k.word('group-ID'), 'fix');
          groupWeights.push({ bit, factor: k.num('weight factor', { gt: 0 }) });
        }
      } else if (kind === 'neigh' || kind === 'time') k.num(`${kind} factor`, { gt: 0 });
      else if (kind === 'var') varNames.push(k.word('variable name'));
      else storeName = k.word('store name');
    },
    out: (k) => k.fail('out (the partitioning file) is not supported yet'),
  });
  let store: { fix: FixPropertyAtom; name: string } | null = null;
  if (storeName !== null) {
    const name = `d_${storeName}`;
    const fix = findCustomProperty(sim, name);
    if (!fix)
      a.fail(`Balance weight store vector ${storeName} does not exist (define it with fix property/atom d_name)`);
    store = { fix: fix!, name };
  }
  sim.out.print('NOTE: fix balance changes nothing in a serial run (one process owns every atom; imbalance factor 1)');
  return new FixBalance(id, nevery, thresh, groupWeights, varNames, store);
}
