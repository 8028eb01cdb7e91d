import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, parseTypeRange, positive } from '../src/parse.js';
import { ljHalfForces, ljTableSize } from './lj_cut_kernel.js';
import { A_EFLAG, A_NTYPES, JOB_LJ } from '../src/parallel/jobs.js';
import { f64 } from '../src/parallel/shared_alloc.js';
import { ThreadForces, setPairBounds, sumPartials, type ThreadedPair } from '../src/parallel/threaded_forces.js';
import type { WorkerPool } from '../src/parallel/worker_pool.js';

type Mix = 'geometric' | 'arithmetic' | 'sixthpower';

/**
 * pair_style lj/cut Rc (LAMMPS PairLJCut): E = 4 eps [(s/r)^12 - (s/r)^6] for r < rc, minus the
 * value at rc with `pair_modify shift yes`. Unset i!=j coefficients are mixed (geometric default).
 * Parameters are stored per type pair as given (spec); init() binds them to flat tables
 * indexed ti*(ntypes+1)+tj for the force loop.
 */
export class PairLJCut implements PairStyle, ThreadedPair {
  readonly style = 'lj/cut';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  private cutGlobal = 0;
  private shift = false;
  private mix: Mix = 'geometric';
  /** Explicit pair_coeff values keyed "i,j" with i <= j. */
  private readonly spec = new Map<string, { eps: number; sigma: number; cut: number }>();
  private nt = 0;
  private cutsq = new Float64Array(0);
  private lj1 = new Float64Array(0);
  private lj2 = new Float64Array(0);
  private lj3 = new Float64Array(0);
  private lj4 = new Float64Array(0);
  private offset = new Float64Array(0);
  /** All tables in one flat array for the kernel (lj_cut_kernel.ts layout). */
  tab = new Float64Array(0);
  private cutMax = 0;

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style lj/cut command: expected one global cutoff');
    this.cutGlobal = positive(args[0], 'lj/cut cutoff');
    // LAMMPS resets per-pair cutoffs that were set from the old global cutoff; we keep explicit ones.
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 4 || args.length > 5) throw new Error('Incorrect args for pair coefficients: pair_coeff I J epsilon sigma [cutoff]');
    const [ilo, ihi] = parseTypeRange(args[0], system.ntypes);
    const [jlo, jhi] = parseTypeRange(args[1], system.ntypes);
    const eps = num(args[2], 'epsilon');
    const sigma = num(args[3], 'sigma');
    const cut = args.length === 5 ? positive(args[4], 'cutoff') : NaN;
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        this.spec.set(`${i},${j}`, { eps, sigma, cut });
        count++;
      }
    }
    if (count === 0) throw new Error('Incorrect args for pair coefficients: no type pairs selected');
  }

  modify(args: string[]): void {
    for (let k = 0; k < args.length; k += 2) {
      const v = args[k + 1];
      if (args[k] === 'shift') {
        if (v !== 'yes' && v !== 'no') throw new Error(`Illegal pair_modify shift '${v}'`);
        this.shift = v === 'yes';
      } else if (args[k] === 'mix') {
        if (v !== 'geometric' && v !== 'arithmetic' && v !== 'sixthpower') throw new Error(`Illegal pair_modify mix '${v}'`);
        this.mix = v;
      } else if (args[k] === 'tail') {
        if (v !== 'no') throw new Error('pair_modify tail yes is not supported for lj/cut yet');
      } else {
        throw new Error(`Illegal pair_modify keyword '${args[k]}' for lj/cut`);
      }
    }
  }

  init(system: AtomSystem): void {
    const nt = system.ntypes;
    this.nt = nt;
    const size = (nt + 1) * (nt + 1);
    this.cutsq = new Float64Array(size);
    this.lj1 = new Float64Array(size);
    this.lj2 = new Float64Array(size);
    this.lj3 = new Float64Array(size);
    this.lj4 = new Float64Array(size);
    this.offset = new Float64Array(size);
    this.cutMax = 0;
    const get = (i: number, j: number) => {
      const c = this.spec.get(`${i},${j}`);
      return c ? { eps: c.eps, sigma: c.sigma, cut: Number.isNaN(c.cut) ? this.cutGlobal : c.cut } : null;
    };
    for (let i = 1; i <= nt; i++) {
      for (let j = i; j <= nt; j++) {
        let c = get(i, j);
        if (!c) {
          const a = get(i, i), b = get(j, j);
          if (!a || !b) throw new Error(`All pair coeffs are not set (lj/cut types ${i} ${j})`);
          c = this.mixed(a, b);
        }
        const s6 = c.sigma ** 6;
        const s12 = s6 * s6;
        const lj1 = 48 * c.eps * s12, lj2 = 24 * c.eps * s6, lj3 = 4 * c.eps * s12, lj4 = 4 * c.eps * s6;
        let off = 0;
        if (this.shift && c.cut > 0) {
          const ratio = c.sigma / c.cut;
          off = 4 * c.eps * (ratio ** 12 - ratio ** 6);
        }
        for (const [a, b] of [[i, j], [j, i]]) {
          const k = a * (nt + 1) + b;
          this.cutsq[k] = c.cut * c.cut;
          this.lj1[k] = lj1; this.lj2[k] = lj2; this.lj3[k] = lj3; this.lj4[k] = lj4;
          this.offset[k] = off;
        }
        this.cutMax = Math.max(this.cutMax, c.cut);
      }
    }
    const sq = size;
    const tab = f64(ljTableSize(nt), true);
    [this.cutsq, this.lj1, this.lj2, this.lj3, this.lj4, this.offset].forEach((a, b) => tab.set(a, b * sq));
    // Single-type fast path when every type pair has identical coefficients.
    let same = true;
    const k0 = nt + 2;
    for (let i = 1; i <= nt; i++) {
      for (let j = 1; j <= nt; j++) {
        const k = i * (nt + 1) + j;
        for (let b = 0; b < 6; b++) if (tab[b * sq + k] !== tab[b * sq + k0]) same = false;
      }
    }
    tab[6 * sq] = same ? 1 : 0;
    this.tab = tab;
  }

  /** LAMMPS Pair::mix_energy / mix_distance for unset i != j pairs. */
  private mixed(a: { eps: number; sigma: number; cut: number }, b: { eps: number; sigma: number; cut: number }) {
    if (this.mix === 'geometric') {
      return { eps: Math.sqrt(a.eps * b.eps), sigma: Math.sqrt(a.sigma * b.sigma), cut: Math.sqrt(a.cut * b.cut) };
    }
    if (this.mix === 'arithmetic') {
      return { eps: Math.sqrt(a.eps * b.eps), sigma: 0.5 * (a.sigma + b.sigma), cut: 0.5 * (a.cut + b.cut) };
    }
    const s1 = a.sigma ** 3, s2 = b.sigma ** 3;
    const sigma = Math.pow(0.5 * (s1 * s1 + s2 * s2), 1 / 6);
    const eps = 2 * Math.sqrt(a.eps * b.eps) * s1 * s2 / (s1 * s1 + s2 * s2);
    const cut = Math.pow(0.5 * (a.cut ** 6 + b.cut ** 6), 1 / 6);
    return { eps, sigma, cut };
  }

  cutoff(): number {
    return this.cutMax;
  }

  typeCutoff(i: number, j: number): number {
    return Math.sqrt(this.cutsq[i * (this.nt + 1) + j]);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    out.energy += ljHalfForces(g.xAll, g.type, first, list, 0, g.nlocal, out.f, this.tab, this.nt, flags.energy,
      flags.eatom ? out.eatom : null);
  }

  private readonly threadForces = new ThreadForces();

  /** compute() split over the pool's threads by slices of local atoms, plus the virial. */
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean {
    if (flags.eatom || flags.vatom) return false;
    const g = ctx.ghosts, list = ctx.list;
    this.threadForces.prepare(pool, out, g.nall);
    pool.bind('x', g.xAll); pool.bind('type', g.type);
    pool.bind('offset', list.offset); pool.bind('list', list.list);
    pool.bind('ljtab', this.tab);
    const a = pool.ctx.iargs;
    a[A_NTYPES] = this.nt;
    a[A_EFLAG] = flags.energy ? 1 : 0;
    setPairBounds(pool, list.offset, g.nlocal);
    pool.run(JOB_LJ);
    if (flags.energy) out.energy += sumPartials(pool, 0);
    this.threadForces.reduce(pool, out, g.nall);
    return true;
  }
}
