import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { FARGS, IARGS, RES_STRIDE, type JobArgs, type JobContext, type SharedArray, type Slot } from './job_context.js';
import type { JobModule } from './job_module.js';

/** Control words (Int32Array on a SharedArrayBuffer). MOD: the attached module whose job JOB is. */
const SEQ = 0,
  DONE = 1,
  JOB = 2,
  GEN = 3,
  READY = 4,
  FAILED = 5,
  MOD = 6;
export const JOB_QUIT = -1;
/** Not a job: workers load the modules posted so far (attach() waits on it). */
export const JOB_LOAD = -2;
/** Slots per module table (a binding key is module * MAX_SLOTS + slot). */
const MAX_SLOTS = 1024;

/** What the workers receive before the next job when modules or bindings changed. */
export interface PoolMessage {
  gen: number;
  /** [module id, url, data] of modules attached since the last message. */
  loads: [number, string, unknown][];
  /** [module id, slot index, array] of (re)bound arrays. */
  binds: [number, number, SharedArray][];
}

/**
 * A job module attached to a pool: bind its arrays to its slots and run its jobs. Obtained from
 * WorkerPool.jobs(module); the same handle for the same module object.
 */
export class Jobs {
  constructor(
    readonly pool: WorkerPool,
    readonly id: number,
    readonly module: JobModule,
    readonly ctx0: JobContext,
  ) {}

  get nthreads(): number {
    return this.pool.nthreads;
  }

  /** The pool's argument/result slots (shared by all modules). */
  get args(): JobArgs {
    return this.pool.ctx;
  }

  /** Bind a shared array to a slot (no message is sent until the next job, and only if it changed). */
  bind<A extends SharedArray>(slot: Slot<A>, a: A): void {
    this.pool.bindSlot(this, slot, a);
  }

  /** Run a job of this module on all threads; see WorkerPool.run. */
  run(job: number, meanwhile?: () => void): void {
    this.pool.run(this, job, meanwhile);
  }
}

/**
 * A small persistent pool of worker threads over shared memory. Thread 0 is the caller (the main
 * thread); threads 1..n-1 are workers blocked in Atomics.wait. The pool knows no jobs: owners of
 * work attach job modules (jobs(module): workers import the module's URL) and run their jobs by id.
 * run(job) publishes the module and job id, wakes the workers with Atomics.notify, runs thread 0's
 * share itself and waits until every worker has finished: no postMessage per step. Arrays are bound
 * to typed slots of their module; when one is (re)allocated, the new set is posted once and the
 * workers pick it up synchronously (receiveMessageOnPort) before the next job, so the steady state
 * exchanges no messages and allocates nothing.
 */
export class WorkerPool {
  readonly nthreads: number;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 8));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly pendingLoads: [number, string, unknown][] = [];
  private readonly pendingBinds = new Map<number, [number, number, SharedArray]>();
  private readonly attached = new Map<JobModule, Jobs>();
  private gen = 0;
  private nmodules = 0;
  /** Argument and result slots shared by every module's jobs. */
  readonly ctx: JobArgs;

  private constructor(nthreads: number) {
    this.nthreads = nthreads;
    this.ctx = {
      iargs: new Int32Array(new SharedArrayBuffer(4 * IARGS)),
      fargs: new Float64Array(new SharedArrayBuffer(8 * FARGS)),
      ires: new Int32Array(new SharedArrayBuffer(4 * RES_STRIDE * nthreads)),
      fres: new Float64Array(new SharedArrayBuffer(8 * RES_STRIDE * nthreads)),
    };
  }

  /**
   * Start nthreads-1 workers, or return null (serial) with a one-line notice through warn when
   * threads are not possible: the compiled worker (dist/src/parallel/worker.js) is missing, or the
   * workers did not start within a few seconds. Running from TypeScript sources (tsx, vitest), the
   * workers load worker.ts and every job module through tsx, so a stale or missing dist/ cannot run
   * other code than the caller's.
   */
  static create(nthreads: number, warn: (msg: string) => void): WorkerPool | null {
    if (nthreads < 2) return null;
    const fromSources = import.meta.url.endsWith('.ts');
    const file = fromSources ? fileURLToPath(new URL('./worker.ts', import.meta.url)) : workerFile();
    if (!file) {
      warn('dpmd: compiled worker (dist/src/parallel/worker.js) not found: running on 1 thread (run `npm run build`)');
      return null;
    }
    const pool = new WorkerPool(nthreads);
    const c = pool.ctx;
    for (let t = 1; t < nthreads; t++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = {
        tid: t,
        nthreads,
        ctl: pool.ctl,
        iargs: c.iargs,
        fargs: c.fargs,
        ires: c.ires,
        fres: c.fres,
        port: port2,
      };
      const w = fromSources
        ? new Worker(tsxWorkerSource(file), { eval: true, workerData, transferList: [port2] })
        : new Worker(file, { workerData, transferList: [port2] });
      w.unref();
      port1.unref();
      pool.workers.push(w);
      pool.ports.push(port1);
    }
    // Wait (synchronously) until every worker has loaded and is waiting for jobs. Loading through
    // tsx compiles the sources first: allow longer.
    const deadline = Date.now() + (fromSources ? 60000 : 15000);
    while (
      Atomics.load(pool.ctl, READY) < nthreads - 1 &&
      Atomics.load(pool.ctl, FAILED) === 0 &&
      Date.now() < deadline
    ) {
      Atomics.wait(pool.ctl, READY, Atomics.load(pool.ctl, READY), 50);
    }
    if (Atomics.load(pool.ctl, READY) < nthreads - 1 || Atomics.load(pool.ctl, FAILED) !== 0) {
      warn('dpmd: worker threads did not start: running on 1 thread');
      pool.close();
      return null;
    }
    return pool;
  }

  /**
   * Attach a job module (once per module object; later calls return the same handle). The workers
   * import it before this returns; throws if one could not (the pool is then unusable).
   */
  jobs(module: JobModule): Jobs {
    let h = this.attached.get(module);
    if (h) return h;
    const id = this.nmodules++;
    const ctx0: JobContext = { ...this.ctx, tid: 0, nthreads: this.nthreads, arrays: [], data: module.data };
    h = new Jobs(this, id, module, ctx0);
    this.pendingLoads.push([id, module.url, module.data]);
    try {
      this.run(h, JOB_LOAD);
    } catch {
      throw new Error(`worker threads could not load the job module ${module.url} (see stderr)`);
    }
    this.attached.set(module, h);
    return h;
  }

  /** Jobs.bind: record the array on thread 0 and queue it for the workers if it changed. */
  bindSlot<A extends SharedArray>(h: Jobs, slot: Slot<A>, a: A): void {
    const arrays = h.ctx0.arrays;
    if (arrays[slot.index] === a) return;
    if (!(a.buffer instanceof SharedArrayBuffer))
      throw new Error(`worker pool: array '${slot.name}' is not shared memory`);
    if (slot.index < 0 || slot.index >= MAX_SLOTS)
      throw new Error(`worker pool: slot '${slot.name}' index ${slot.index} out of range`);
    arrays[slot.index] = a;
    this.pendingBinds.set(h.id * MAX_SLOTS + slot.index, [h.id, slot.index, a]);
  }

  /**
   * Run job `job` of module h on all threads (thread 0 here); returns when all are done. Throws if
   * a worker failed. meanwhile: more work for this thread after its share, overlapping the workers'
   * (e.g. preparing the next job's input when the workers' shares are larger).
   */
  run(h: Jobs, job: number, meanwhile?: () => void): void {
    const ctl = this.ctl;
    if (this.pendingLoads.length > 0 || this.pendingBinds.size > 0) {
      this.gen++;
      const msg: PoolMessage = { gen: this.gen, loads: [...this.pendingLoads], binds: [...this.pendingBinds.values()] };
      for (const p of this.ports) p.postMessage(msg);
      this.pendingLoads.length = 0;
      this.pendingBinds.clear();
      Atomics.store(ctl, GEN, this.gen);
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, MOD, h.id);
    Atomics.store(ctl, JOB, job);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    let err: unknown = null;
    if (job !== JOB_LOAD) {
      try {
        h.module.runJob(job, h.ctx0);
        meanwhile?.();
      } catch (e) {
        err = e;
      }
    }
    const nw = this.nthreads - 1;
    for (;;) {
      const d = Atomics.load(ctl, DONE);
      if (d >= nw) break;
      Atomics.wait(ctl, DONE, d, 1000);
    }
    if (err) throw err;
    if (Atomics.load(ctl, FAILED) !== 0) throw new Error(`worker thread failed during job ${job} (see stderr)`);
  }

  /** Stop the workers (they are unref'd, so an unclosed pool never keeps the process alive). */
  close(): void {
    Atomics.store(this.ctl, JOB, JOB_QUIT);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.workers.length = 0;
  }
}

/**
 * The compiled worker next to this module (dist/src/parallel/worker.js when running from dist),
 * else the project's dist copy.
 */
function workerFile(): string | null {
  const candidates = [
    new URL('./worker.js', import.meta.url),
    new URL('../../dist/src/parallel/worker.js', import.meta.url),
  ];
  for (const u of candidates) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * Worker source (eval) that registers tsx's loader and imports worker.ts. tsx is resolved from this
 * module, not from the current directory. A failed import marks the pool FAILED so create() gives
 * up at once instead of at the deadline.
 */
function tsxWorkerSource(file: string): string {
  let tsxApi = 'tsx/esm/api';
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    /* keep the bare name */
  }
  const workerUrl = pathToFileURL(file).href;
  return `const { workerData } = require('node:worker_threads');
import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); }).catch((e) => {
  process.stderr.write('dpmd worker: ' + ((e && e.stack) || e) + '\\n');
  Atomics.store(workerData.ctl, ${FAILED}, 1);
  Atomics.notify(workerData.ctl, ${READY});
});`;
}

export const CTL = { SEQ, DONE, JOB, GEN, READY, FAILED, MOD };
