import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { runJob } from './jobs.js';
import { FARGS, IARGS, RES_STRIDE, type JobContext, type SharedArray } from './job_context.js';

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

  private constructor(nthreads: number) {
    this.nthreads = nthreads;
    this.ctx = {
      tid: 0, nthreads, arrays: new Map(),
      iargs: new Int32Array(new SharedArrayBuffer(4 * IARGS)),
      fargs: new Float64Array(new SharedArrayBuffer(8 * FARGS)),
      ires: new Int32Array(new SharedArrayBuffer(4 * RES_STRIDE * nthreads)),
      fres: new Float64Array(new SharedArrayBuffer(8 * RES_STRIDE * nthreads)),
    };
  }

  /**
   * Start nthreads-1 workers, or return null (serial) with a one-line notice through warn when
   * threads are not possible: the compiled worker (dist/src/parallel/worker.js) is missing, or the
   * workers did not start within a few seconds.
   */
  static create(nthreads: number, warn: (msg: string) => void): WorkerPool | null {
    if (nthreads < 2) return null;
    const file = workerFile();
    if (!file) {
      warn('dpmd: compiled worker (dist/src/parallel/worker.js) not found: running on 1 thread (run `npm run build`)');
      return null;
    }
    const pool = new WorkerPool(nthreads);
    const c = pool.ctx;
    for (let t = 1; t < nthreads; t++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(file, {
        workerData: { tid: t, nthreads, ctl: pool.ctl, iargs: c.iargs, fargs: c.fargs, ires: c.ires, fres: c.fres, port: port2 },
        transferList: [port2],
      });
      w.unref();
      port1.unref();
      pool.workers.push(w);
      pool.ports.push(port1);
    }
    // Wait (synchronously) until every worker has loaded and is waiting for jobs.
    const deadline = Date.now() + 15000;
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

  /** Run a job on all threads (thread 0 here); returns when all are done. Throws if a worker failed. */
  run(job: number): void {
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
      runJob(job, this.ctx);
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
    if (Atomics.load(ctl, FAILED) !== 0) throw new Error('worker thread failed during a force/neighbor job (see stderr)');
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

export const CTL = { SEQ, DONE, JOB, GEN, READY, FAILED };
