import type { Ghosts } from '../src/ghosts.js';
import { BOUNDS } from '../src/parallel/job_context.js';
import { f64, i32, isShared } from '../src/parallel/shared_alloc.js';
import type { Jobs, WorkerPool } from '../src/parallel/worker_pool.js';
import type { ForceBuffers } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import type { Fix } from './fix.js';
import { FixNVE } from './fix_nve.js';
import {
  DTFM,
  F_DTV,
  F_H,
  FBUF,
  JOB_NVE_FINAL,
  JOB_NVE_INITIAL,
  NVE_JOBS,
  OWNER_START,
  SF,
  SHIFT,
  STYPE,
  SV,
  SX,
  XALL,
} from './nve_jobs.js';

/** What the run loop's hooks look like to ThreadedNVE.forRun (the fixes listed per hook). */
export interface StepHooks {
  initial: Fix[];
  postIntegrate: Fix[];
  preForce: Fix[];
  postForce: Fix[];
  final: Fix[];
  /** Fixes whose virial is added between the forces and the final integrate. */
  virial: Fix[];
}

/**
 * fix nve on the worker pool (nve_jobs.ts): the first half-kick, the drift and the ghost refresh
 * in one job, the second half-kick with the copy of the folded forces into system.f in another,
 * instead of four serial passes on the main thread (initial integrate, forward communication,
 * copy, final integrate) and the force-buffer clear. Results are the same doubles as the serial
 * passes (see nve_jobs.ts).
 *
 * Used by Simulation's run loop only where it changes nothing else: a single fix nve on group all
 * integrates, per-type masses, and no fix acts between the integrator halves and the forces
 * (post-integrate, pre-force, post-force, virial contributions). The final job runs only on steps
 * whose forces came from a threaded reduction that folded the ghosts (ForceBuffers.ghostsFolded);
 * otherwise the caller copies the forces and runs fix nve's own final integrate.
 */
export class ThreadedNVE {
  private readonly jobs: Jobs;
  private dtfm = f64(1, true);

  private constructor(private readonly pool: WorkerPool) {
    this.jobs = pool.jobs(NVE_JOBS);
  }

  /** A ThreadedNVE for this run, or null where the serial hooks must run (see the class comment). */
  static forRun(pool: WorkerPool | null, sys: AtomSystem, hooks: StepHooks): ThreadedNVE | null {
    if (pool === null || sys.rmass !== null) return null;
    if (hooks.initial.length !== 1 || hooks.final.length !== 1 || hooks.initial[0] !== hooks.final[0]) return null;
    const nve = hooks.initial[0];
    if (!(nve instanceof FixNVE) || nve.groupBit !== 1) return null;
    if (hooks.postIntegrate.length + hooks.preForce.length + hooks.postForce.length + hooks.virial.length > 0)
      return null;
    return new ThreadedNVE(pool);
  }

  /** Per run: dt/2 * ftm2v / mass per type (the per-atom arrays are shared by bindSystem). */
  setup(sys: AtomSystem, dt: number): void {
    const dtf = 0.5 * dt * sys.units.ftm2v;
    if (this.dtfm.length < sys.mass.length) this.dtfm = f64(sys.mass.length, true);
    for (let t = 1; t < sys.mass.length; t++) this.dtfm[t] = dtf / sys.mass[t];
  }

  /** Slices of local atoms with about equal work (atom + its ghost images), as reduceFolded's. */
  private bounds(g: Ghosts, withGhosts: boolean): void {
    const a = this.pool.ctx.iargs,
      nt = this.pool.nthreads,
      nlocal = g.nlocal,
      own = g.ownerStart;
    a[BOUNDS] = 0;
    let i = 0;
    for (let t = 1; t < nt; t++) {
      if (!withGhosts) {
        a[BOUNDS + t] = Math.floor((t * nlocal) / nt);
        continue;
      }
      const target = (g.nall * t) / nt;
      while (i < nlocal && i + own[i] - nlocal < target) i++;
      a[BOUNDS + t] = i;
    }
    a[BOUNDS + nt] = nlocal;
  }

  /**
   * The system's per-atom arrays into shared memory (same contents; nothing holds on to the old
   * ones), checked every step: a fix that adds atoms (deposit, pour) regrows them unshared.
   */
  private bindSystem(sys: AtomSystem): void {
    const share = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      if (isShared(a)) return a;
      const b = make(a.length);
      b.set(a);
      return b;
    };
    sys.x = share(sys.x, (n) => f64(n, true));
    sys.v = share(sys.v, (n) => f64(n, true));
    sys.f = share(sys.f, (n) => f64(n, true));
    sys.type = share(sys.type, (n) => i32(n, true));
    const j = this.jobs;
    j.bind(SX, sys.x);
    j.bind(SV, sys.v);
    j.bind(SF, sys.f);
    j.bind(STYPE, sys.type);
    j.bind(DTFM, this.dtfm);
  }

  /**
   * fix nve's initial integrate plus the ghost refresh (Neighbor.refresh) of the ghosts of the
   * last build: the caller skips its refresh unless it rebuilds (which overwrites the ghosts).
   */
  initial(sys: AtomSystem, g: Ghosts, dt: number): void {
    if (g.nlocal !== sys.n) throw new Error('threaded nve: the ghosts do not match the atoms');
    this.bindSystem(sys);
    const j = this.jobs;
    j.bind(XALL, g.xAll);
    j.bind(SHIFT, g.shift);
    j.bind(OWNER_START, g.ownerStart);
    const fa = this.pool.ctx.fargs;
    fa[F_DTV] = dt;
    const h = sys.box.h;
    for (let k = 0; k < 6; k++) fa[F_H + k] = h[k];
    this.bounds(g, true);
    j.run(JOB_NVE_INITIAL);
  }

  /**
   * fix nve's final integrate from the folded forces in fb (ghostsFolded), which it copies to
   * system.f and zeroes (fb.zeroedAtoms).
   */
  final(sys: AtomSystem, g: Ghosts, fb: ForceBuffers): void {
    this.bindSystem(sys);
    this.jobs.bind(FBUF, fb.f);
    this.bounds(g, false);
    this.jobs.run(JOB_NVE_FINAL);
    fb.zeroedAtoms = g.nall;
  }
}
