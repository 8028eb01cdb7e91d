import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { ljHalfForcesList, ljTableSize } from './lj_cut_kernel.js';
import {
  A_EFLAG,
  A_NALL,
  A_NTYPES,
  A_VERSION,
  FORCES,
  JOB_LJ,
  LIST,
  LJ_CUT_JOBS,
  OFFSET,
  TAB,
  TYPE,
  X,
} from './lj_cut_jobs.js';
import { mixDistance, mixEnergy, PairBase, PairTable } from './pair_base.js';
import {
  ThreadForces,
  reduceFolded,
  setPairBounds,
  sumPartials,
  type ThreadedPair,
} from '../src/parallel/threaded_forces.js';
import type { WorkerPool } from '../src/parallel/worker_pool.js';

/** One pair_coeff line: cut NaN = the global cutoff at init (explicit ones are kept). */
interface LJCoeff {
  eps: number;
  sigma: number;
  cut: number;
}

/** Blocks of the kernel's table (lj_cut_kernel.ts layout). */
const CUTSQ = 0,
  LJ1 = 1,
  LJ2 = 2,
  LJ3 = 3,
  LJ4 = 4,
  OFFSET_E = 5;

/**
 * pair_style lj/cut Rc (LAMMPS PairLJCut): E = 4 eps [(s/r)^12 - (s/r)^6] for r < rc, minus the
 * value at rc with `pair_modify shift yes`. Type pairs, mixing and tables: PairBase; this file
 * holds the physics (lj1..lj4, offset) and the threaded call of the kernel.
 */
export class PairLJCut extends PairBase<LJCoeff> implements ThreadedPair {
  readonly style = 'lj/cut';
  /** fix adapt's names (LAMMPS PairLJCut::extract). */
  protected override readonly adaptFields = { epsilon: 'eps', sigma: 'sigma' } as const;
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly perAtomVirial = true;
  private cutGlobal = 0;
  private table = new PairTable(6, 0, 1);
  private readonly threadForces = new ThreadForces();

  /** All tables in one flat array for the kernel (lj_cut_kernel.ts layout). */
  get tab(): Float64Array {
    return this.table.data;
  }

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style lj/cut command: expected one global cutoff');
    this.cutGlobal = positive(args[0], 'lj/cut cutoff');
    // LAMMPS resets per-pair cutoffs that were set from the old global cutoff; we keep explicit ones.
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 4 || args.length > 5)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J epsilon sigma [cutoff]');
    const eps = num(args[2], 'epsilon');
    const sigma = num(args[3], 'sigma');
    // LAMMPS takes any cutoff here; 0 turns the pair off (cutsq 0: no distance is inside, and
    // init_one skips the shift's sigma/cut). A negative one is refused: LAMMPS would square it.
    let cut = NaN;
    if (args.length === 5) {
      cut = num(args[4], 'cutoff');
      if (cut < 0) throw new Error(`cutoff must be zero or positive, got '${args[4]}'`);
    }
    this.setCoeff(args[0], args[1], system.ntypes, { eps, sigma, cut });
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(6, ntypes, 1);
    if (ljTableSize(ntypes) !== this.table.data.length) throw new Error('lj/cut: table layout mismatch');
  }

  protected mix(a: LJCoeff, b: LJCoeff): LJCoeff {
    const r = this.mixRule;
    return {
      eps: mixEnergy(r, a.eps, b.eps, a.sigma, b.sigma),
      sigma: mixDistance(r, a.sigma, b.sigma),
      cut: mixDistance(r, this.cutOf(a), this.cutOf(b)),
    };
  }

  private cutOf(c: LJCoeff): number {
    return Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
  }

  protected initOne(i: number, j: number, c: LJCoeff): number {
    const cut = this.cutOf(c);
    const s6 = c.sigma ** 6;
    const s12 = s6 * s6;
    let off = 0;
    if (this.shiftFlag && cut > 0) {
      const ratio = c.sigma / cut;
      off = 4 * c.eps * (ratio ** 12 - ratio ** 6);
    }
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(LJ1, i, j, 48 * c.eps * s12);
    t.set(LJ2, i, j, 24 * c.eps * s6);
    t.set(LJ3, i, j, 4 * c.eps * s12);
    t.set(LJ4, i, j, 4 * c.eps * s6);
    t.set(OFFSET_E, i, j, off);
    return cut;
  }

  /**
   * LAMMPS PairLJCut::init_one's tail: with N_i, N_j the type counts,
   * prefactor = 8 pi N_i N_j eps sigma^6 / (9 rc^9), etail_ij = prefactor (sigma^6 - 3 rc^6),
   * ptail_ij = 2 prefactor (2 sigma^6 - 3 rc^6) (the integrals of u and r du/dr beyond rc).
   */
  protected override tailOne(_i: number, _j: number, c: LJCoeff, ni: number, nj: number): [number, number] {
    const cut = this.cutOf(c);
    const sig2 = c.sigma * c.sigma;
    const sig6 = sig2 * sig2 * sig2;
    const rc3 = cut * cut * cut;
    const rc6 = rc3 * rc3;
    const rc9 = rc3 * rc6;
    const prefactor = (8.0 * Math.PI * ni * nj * c.eps * sig6) / (9.0 * rc9);
    return [prefactor * (sig6 - 3.0 * rc6), 2.0 * prefactor * (2.0 * sig6 - 3.0 * rc6)];
  }

  override initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    super.initMapped(system, mapped);
    // Single-type fast path when every type pair has identical coefficients.
    this.table.data[6 * this.table.block] = this.table.uniform() ? 1 : 0;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    out.energy += ljHalfForcesList(
      g.xAll,
      g.type,
      ctx.list,
      0,
      g.nlocal,
      g.nall,
      out.f,
      this.tab,
      this.types,
      flags.energy,
      flags.eatom ? out.eatom : null,
      flags.vatom ? out.vatom : null,
    );
  }

  /**
   * compute() split over the pool's threads by slices of local atoms (lj_cut_jobs.ts), then one
   * threaded pass that sums the thread buffers, folds the ghosts and forms the virial when wanted.
   */
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean {
    if (flags.eatom || flags.vatom) return false;
    const g = ctx.ghosts,
      list = ctx.list;
    const jobs = pool.jobs(LJ_CUT_JOBS);
    this.threadForces.prepare(jobs, FORCES, out, g.nall);
    jobs.bind(X, g.xAll);
    jobs.bind(TYPE, g.type);
    jobs.bind(OFFSET, list.offset);
    jobs.bind(LIST, list.list);
    jobs.bind(TAB, this.table.data);
    const a = pool.ctx.iargs;
    a[A_NTYPES] = this.types;
    a[A_EFLAG] = flags.energy ? 1 : 0;
    a[A_NALL] = g.nall;
    a[A_VERSION] = list.version;
    setPairBounds(pool, list.offset, g.nlocal);
    jobs.run(JOB_LJ);
    if (flags.energy) out.energy += sumPartials(pool, 0);
    reduceFolded(pool, out, g, flags.virial);
    return true;
  }
}
