/**
 * DeepPotThreaded: the TypeScript Deep Potential evaluator on several threads of a WorkerPool
 * (src/parallel), same contract as DeepPotEvaluator.compute. The local atoms are cut into one slice
 * per thread with about equal neighbor-list entries; each thread runs the whole per-atom pipeline
 * (slots, environment matrix, embedding or tables, fitting, backward, forces) on its slice with its
 * own evaluator and scratch (evaluator_jobs.ts), forces into its own buffer. The caller's thread then
 * adds the workers' forces, virials and energies in thread order, so results are reproducible run to
 * run and differ from the serial evaluator only by the order of those sums (roundoff).
 *
 * Extended coordinates, types and the neighbor list are copied into shared buffers per call unless
 * they already live on SharedArrayBuffers (a copy is ~1 µs/atom, the evaluation ~1 ms/atom).
 */
import { BOUNDS, RES_STRIDE, type JobContext } from '../parallel/job_context.js';
import { jobModule, siblingUrl } from '../parallel/job_module.js';
import { f64, i32, isShared } from '../parallel/shared_alloc.js';
import type { Jobs, WorkerPool } from '../parallel/worker_pool.js';
import {
  DeepPotEvaluator,
  type EvalOutput,
  type EvaluatorOptions,
  type ExtendedAtoms,
  type FullNeighbors,
} from './evaluator.js';
import {
  A_EATOM,
  A_NALL,
  A_NLOCAL,
  A_VATOM,
  AVIR,
  EATOM,
  evalSlice,
  FORCE,
  JOB_EVAL,
  LIST,
  OFFSET,
  R_DROPPED,
  R_ENERGY,
  R_OUT_OF_TABLE,
  R_VIRIAL,
  TYPE,
  XALL,
  type EvaluatorJobsData,
} from './evaluator_jobs.js';
import type { ModelSpec } from './spec.js';

export class DeepPotThreaded {
  readonly rcut: number;
  readonly chunk: number;
  readonly nthreads: number;
  /** Neighbors within rcut that got no slot in the last compute() (all threads). */
  lastDropped = 0;
  /** Slots beyond the compression table in the last compute() (all threads). */
  lastOutOfTable = 0;
  /** Thread 0's evaluator (also what `profile`/`stageMs` report: thread 0's share). */
  readonly ev: DeepPotEvaluator;
  private readonly jobs: Jobs;
  private readonly warn: (msg: string) => void;
  private warnedDrop = false;
  private warnedTable = false;
  private x = f64(0, true);
  private type = i32(0, true);
  private offset = i32(0, true);
  private list = i32(0, true);
  private eatom = f64(0, true);
  private readonly forces: Float64Array[] = [];
  private readonly avirs: Float64Array[] = [];
  /** Thread 0's output for the current job. */
  private cur: EvalOutput | null = null;

  /** `pool` is the caller's (it may serve other job modules too); its thread count is used. */
  constructor(
    readonly spec: ModelSpec,
    readonly pool: WorkerPool,
    opts: EvaluatorOptions = {},
  ) {
    this.warn = opts.warn ?? ((m) => console.warn(m));
    this.ev = new DeepPotEvaluator(spec, { ...opts, warn: () => {} });
    this.rcut = this.ev.rcut;
    this.chunk = this.ev.chunk;
    this.nthreads = pool.nthreads;
    const data: EvaluatorJobsData = { spec, chunk: this.chunk };
    this.jobs = pool.jobs(
      jobModule(siblingUrl(import.meta.url, 'evaluator_jobs'), (_job, c) => this.runOwnShare(c), data),
    );
    for (let t = 0; t < this.nthreads; t++) {
      this.forces.push(f64(0, true));
      this.avirs.push(f64(0, true));
    }
  }

  get profile(): boolean {
    return this.ev.profile;
  }
  set profile(v: boolean) {
    this.ev.profile = v;
  }
  get stageMs(): Float64Array {
    return this.ev.stageMs;
  }

  private runOwnShare(c: JobContext): void {
    const out = this.cur!;
    evalSlice(this.ev, c, this.forces[0], out.atomVirial ? this.avirs[0] : null);
  }

  /** As DeepPotEvaluator.compute, on the pool's threads. */
  compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput): number {
    const { nlocal, nall } = ext;
    const T = this.nthreads,
      a = this.jobs.args.iargs;
    const nlist = nl.offset[nlocal];
    this.x = this.shared(XALL, this.x, ext.xAll, 3 * nall) as typeof this.x;
    this.type = this.shared(TYPE, this.type, ext.type, nall) as typeof this.type;
    this.offset = this.shared(OFFSET, this.offset, nl.offset, nlocal + 1) as typeof this.offset;
    this.list = this.shared(LIST, this.list, nl.list, nlist) as typeof this.list;
    if (out.atomEnergy && this.eatom.length < nlocal) {
      this.eatom = f64(Math.ceil(nlocal * 1.2) + 16, true);
      this.jobs.bind(EATOM, this.eatom);
    }
    for (let t = 0; t < T; t++) {
      if (this.forces[t].length < 3 * nall || t === 0) {
        if (this.forces[t].length < 3 * nall) this.forces[t] = f64(3 * (Math.ceil(nall * 1.2) + 16), true);
        this.jobs.bind(FORCE[t], this.forces[t]);
      }
      if (out.atomVirial && this.avirs[t].length < 9 * nall) {
        this.avirs[t] = f64(9 * (Math.ceil(nall * 1.2) + 16), true);
        this.jobs.bind(AVIR[t], this.avirs[t]);
      }
    }
    this.forces[0].fill(0, 0, 3 * nall);
    if (out.atomVirial) this.avirs[0].fill(0, 0, 9 * nall);
    // slices of local atoms with about equal list entries
    a[BOUNDS] = 0;
    let i = 0;
    for (let t = 1; t < T; t++) {
      const target = (nlist * t) / T;
      while (i < nlocal && nl.offset[i] < target) i++;
      a[BOUNDS + t] = i;
    }
    a[BOUNDS + T] = nlocal;
    a[A_NLOCAL] = nlocal;
    a[A_NALL] = nall;
    a[A_EATOM] = out.atomEnergy ? 1 : 0;
    a[A_VATOM] = out.atomVirial ? 1 : 0;
    this.cur = out;
    try {
      this.jobs.run(JOB_EVAL);
    } finally {
      this.cur = null;
    }
    // sums in thread order
    const f = out.force,
      r = this.jobs.args.fres,
      ir = this.jobs.args.ires;
    let e = 0,
      dropped = 0,
      oot = 0;
    for (let t = 0; t < T; t++) {
      const ft = this.forces[t];
      for (let k = 0; k < 3 * nall; k++) f[k] += ft[k];
      if (out.atomVirial) {
        const vt = this.avirs[t],
          av = out.atomVirial;
        for (let k = 0; k < 9 * nall; k++) av[k] += vt[k];
      }
      const o = t * RES_STRIDE;
      e += r[o + R_ENERGY];
      for (let k = 0; k < 9; k++) out.virial[k] += r[o + R_VIRIAL + k];
      dropped += ir[o + R_DROPPED];
      oot += ir[o + R_OUT_OF_TABLE];
    }
    if (out.atomEnergy) out.atomEnergy.set(this.eatom.subarray(0, nlocal));
    this.lastDropped = dropped;
    this.lastOutOfTable = oot;
    if (dropped > 0 && !this.warnedDrop) {
      this.warnedDrop = true;
      this.warn(
        `deepmd: ${dropped} neighbor(s) within rcut = ${this.rcut} did not fit in sel = [${this.ev.sel.join(', ')}] and were ` +
          'dropped (the farthest, as DeePMD-kit does); results may be inaccurate; increase sel when training (warned once)',
      );
    }
    if (oot > 0 && !this.warnedTable) {
      this.warnedTable = true;
      this.warn(
        `deepmd: ${oot} neighbor slot(s) lie beyond the compression table (closer than its min_nbor_dist allows, ` +
          'times the extrapolation); their embedding is clamped (warned once)',
      );
    }
    return e;
  }

  /** `src` itself when it is shared memory, else a copy in the slot's shared buffer (grown when short). */
  private shared<A extends Float64Array | Int32Array>(slot: typeof XALL | typeof TYPE, buf: A, src: A, n: number): A {
    if (isShared(src)) {
      this.jobs.bind(slot as never, src as never);
      return buf;
    }
    let b = buf;
    if (b.length < n) {
      b = (src instanceof Float64Array ? f64(Math.ceil(n * 1.2) + 16, true) : i32(Math.ceil(n * 1.2) + 16, true)) as A;
    }
    b.set(src.subarray(0, n) as never);
    this.jobs.bind(slot as never, b as never);
    return b;
  }
}
