import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { runJob as runMdJob } from './jobs.js';
import { FARGS, IARGS, RES_STRIDE, type JobContext, type SharedArray } from './job_context.js';

/**
 * A set of jobs other than the MD force/neighbor jobs (jobs.ts), e.g. the Deep BSDE subnetworks
 * (src/bsde/subnet_jobs.ts). Each worker imports `url` and calls its exported runJob(job, ctx);
 * thread 0 calls `runJob` given here (so the caller can run its share on objects it already holds).
 */
export interface JobModule {
  /** file: URL of an ES module exporting runJob(job: number, ctx: JobContext): void; .ts when running from sources (tsx). */
  url: string;
  /** Thread 0's share of a job. */
  runJob: (job: number, ctx: JobContext) => void;
  /** Structured-cloneable configuration, ctx.data on every thread. */
  data?: unknown;
}

/** Control words (Int32Array on a SharedArrayBuffer). */
const SEQ = 0, DONE = 1, JOB = 2, GEN = 3, READY = 4, FAILED = 5;
export const JOB_QUIT = -1;

/**
 * A small persistent pool of worker threads over shared memory. Thread 0 is the caller (the main
 * thread); threads 1..n-1 are workers blocked in Atomics.wait. run(job) publishes a job id, wakes
 * the workers with Atomics.notify, runs thread 0's share itself and waits until every worker has
 * finished: no postMessage per step. Arrays are bound by name; when one is (re)allocated, the new
 * set is posted once and the workers pick it up synchronously (receiveMessageOnPort) before the
 * next job, so the steady state exchanges no messages and allocates nothing.
 */
export class WorkerPool {
  readonly nthreads: number;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 8));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly pending = new Map<string, SharedArray>();
  private gen = 0;
  readonly ctx: JobContext;
  private readonly runJob: (job: number, ctx: JobContext) => void;

  private constructor(nthreads: number, jobs: JobModule | undefined) {
    this.nthreads = nthreads;
    this.runJob = jobs?.runJob ?? runMdJob;
    this.ctx = {
      tid: 0, nthreads, arrays: new Map(), data: jobs?.data,
      iargs: new Int32Array(new SharedArrayBuffer(4 * IARGS)),
      fargs: new Float64Array(new SharedArrayBuffer(8 * FARGS)),
      ires: new Int32Array(new SharedArrayBuffer(4 * RES_STRIDE * nthreads)),
      fres: new Float64Array(new SharedArrayBuffer(8 * RES_STRIDE * nthreads)),
    };
  }

  /**
   * Start nthreads-1 workers, or return null (serial) with a one-line notice through warn when
   * threads are not possible: the compiled worker (dist/src/parallel/worker.js) is missing, or the
   * workers did not start within a few seconds. Without `jobs` the workers run the MD jobs (jobs.ts)
   * and always load the compiled worker; with a job module given as a .ts URL (running from sources
   * under tsx or vitest) they load worker.ts through tsx instead, so a stale or missing dist/ cannot
   * run other code than the caller's.
   */
  static create(nthreads: number, warn: (msg: string) => void, jobs?: JobModule): WorkerPool | null {
    if (nthreads < 2) return null;
    const fromSources = jobs !== undefined && jobs.url.endsWith('.ts');
    const file = fromSources ? fileURLToPath(new URL('./worker.ts', import.meta.url)) : workerFile();
    if (!file) {
      warn('dpmd: compiled worker (dist/src/parallel/worker.js) not found: running on 1 thread (run `npm run build`)');
      return null;
    }
    const pool = new WorkerPool(nthreads, jobs);
    const c = pool.ctx;
    for (let t = 1; t < nthreads; t++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = {
        tid: t, nthreads, ctl: pool.ctl, iargs: c.iargs, fargs: c.fargs, ires: c.ires, fres: c.fres, port: port2,
        jobsUrl: jobs?.url, data: jobs?.data,
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
    while (Atomics.load(pool.ctl, READY) < nthreads - 1 && Atomics.load(pool.ctl, FAILED) === 0 && Date.now() < deadline) {
      Atomics.wait(pool.ctl, READY, Atomics.load(pool.ctl, READY), 50);
    }
    if (Atomics.load(pool.ctl, READY) < nthreads - 1 || Atomics.load(pool.ctl, FAILED) !== 0) {
      warn('dpmd: worker threads did not start: running on 1 thread');
      pool.close();
      return null;
    }
    return pool;
  }

  /** Bind a shared array under a name (no message is sent until the next job, and only if it changed). */
  bind(name: string, a: SharedArray): void {
    if (this.ctx.arrays.get(name) === a) return;
    if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error(`worker pool: array '${name}' is not shared memory`);
    this.ctx.arrays.set(name, a);
    this.pending.set(name, a);
  }

  /**
   * Run a job on all threads (thread 0 here); returns when all are done. Throws if a worker failed.
   * meanwhile: more work for this thread after its share, overlapping the workers' (e.g. preparing
   * the next job's input when the workers' shares are larger).
   */
  run(job: number, meanwhile?: () => void): void {
    const ctl = this.ctl;
    if (this.pending.size > 0) {
      this.gen++;
      const msg = { gen: this.gen, arrays: [...this.pending] };
      for (const p of this.ports) p.postMessage(msg);
      this.pending.clear();
      Atomics.store(ctl, GEN, this.gen);
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, JOB, job);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    this.ctx.tid = 0;
    let err: unknown = null;
    try {
      this.runJob(job, this.ctx);
      meanwhile?.();
    } catch (e) {
      err = e;
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
 * else the project's dist copy (when this module runs from TypeScript sources, e.g. under vitest).
 */
function workerFile(): string | null {
  const candidates = [new URL('./worker.js', import.meta.url), new URL('../../dist/src/parallel/worker.js', import.meta.url)];
  for (const u of candidates) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * Worker source (eval) that registers tsx's loader and imports worker.ts, as src/train/pool.ts
 * starts its TypeScript worker. tsx is resolved from this module, not from the current directory. A
 * failed import marks the pool FAILED so create() gives up at once instead of at the deadline.
 */
function tsxWorkerSource(file: string): string {
  let tsxApi = 'tsx/esm/api';
  try { tsxApi = import.meta.resolve('tsx/esm/api'); } catch { /* keep the bare name */ }
  const workerUrl = pathToFileURL(file).href;
  return `const { workerData } = require('node:worker_threads');
import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); }).catch((e) => {
  process.stderr.write('dpmd worker: ' + ((e && e.stack) || e) + '\\n');
  Atomics.store(workerData.ctl, ${FAILED}, 1);
  Atomics.notify(workerData.ctl, ${READY});
});`;
}

export const CTL = { SEQ, DONE, JOB, GEN, READY, FAILED };
