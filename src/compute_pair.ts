import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';
import { PairHybrid } from '../potentials/pair_hybrid.js';

type EValue = 'epair' | 'evdwl' | 'ecoul';

/**
 * compute ID group pair pstyle [nsub] [epair|evdwl|ecoul] (LAMMPS ComputePair, 29 Sep 2021): the
 * energy of one pair style of the step, its vdW plus Coulomb parts (epair, the default) or one of
 * them. pstyle is the pair style itself, or a sub-style of pair hybrid(/overlay) (nsub picks one
 * of a name used several times). Extensive, energy units, no tail correction (LAMMPS's eng_vdwl +
 * eng_coul). Energy must have been tallied on the step. Pair styles with extra values (LAMMPS
 * pvector) have none here, so there is no vector.
 */
export class ComputePair extends GlobalCompute {
  readonly extensiveScalar = true;
  readonly needsEnergy = true;

  constructor(
    id: string,
    private readonly pstyle: string,
    private readonly nsub: number,
    private readonly evalue: EValue,
  ) {
    super(id, 'pair');
  }

  init(sim: Simulation): void {
    this.source(sim);
  }

  /** Where the energies come from: a hybrid sub-style, or the whole pair style (the molecular epair less its tail). */
  private source(sim: Simulation): () => [number, number] {
    const pair = sim.pair;
    const missing = () => new Error(`Unrecognized pair style ${this.pstyle} in compute pair command`);
    if (!pair) throw missing();
    if (pair.style === this.pstyle && this.nsub === 0)
      return () => {
        // The molecular epair holds the pair energy (with dihedral charmm's 1-4 terms, as LAMMPS's
        // eng_vdwl/eng_coul) plus the tail correction, which compute pair leaves out.
        const tail = pair.tail ? pair.tail.energy / sim.system.box.volume() : 0;
        const ecoul = sim.molecular.ecoul;
        return [sim.molecular.epair - tail - ecoul, ecoul];
      };
    if (pair instanceof PairHybrid) {
      const sub = pair.subStyle(this.pstyle, this.nsub);
      if (sub) return () => [sub.evdwl, sub.ecoul];
    }
    throw missing();
  }

  computeScalar(sim: Simulation): number {
    if (!sim.peValid) throw new Error(`Compute pair ${this.id}: energy was not tallied on needed timestep ${sim.step}`);
    const [evdwl, ecoul] = this.source(sim)();
    if (this.evalue === 'evdwl') return evdwl;
    if (this.evalue === 'ecoul') return ecoul;
    return evdwl + ecoul;
  }
}

export function createComputePair(id: string, _group: string, args: string[], sim: Simulation): Compute {
  if (args.length < 1) throw new Error('Illegal compute pair command: compute ID group pair pstyle [nsub] [evalue]');
  let k = 1;
  let nsub = 0;
  if (k < args.length && /^\d/.test(args[k])) {
    nsub = Number(args[k]);
    if (!Number.isInteger(nsub) || nsub <= 0) throw new Error(`Illegal compute pair command: nsub '${args[k]}'`);
    k++;
  }
  let evalue: EValue = 'epair';
  if (k < args.length) {
    const w = args[k];
    if (w !== 'epair' && w !== 'evdwl' && w !== 'ecoul') throw new Error(`Unknown compute pair keyword ${w}`);
    evalue = w;
    k++;
  }
  if (k < args.length) throw new Error(`Illegal compute pair command: unexpected '${args.slice(k).join(' ')}'`);
  const c = new ComputePair(id, args[0], nsub, evalue);
  // LAMMPS looks the style up when the compute is defined, and again at every init.
  c.init(sim);
  return c;
}
