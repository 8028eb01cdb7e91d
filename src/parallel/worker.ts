/**
 * Worker thread of WorkerPool: waits on the control word with Atomics.wait, runs its share of the
 * published job over the shared arrays, counts itself done and waits again. Array (re)bindings
 * arrive as messages that are read synchronously before a job with a newer generation. The jobs are
 * the MD jobs (jobs.ts) unless the pool was given a job module (workerData.jobsUrl).
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { JobContext, SharedArray } from './job_context.js';
import { CTL, JOB_QUIT } from './worker_pool.js';

const d = workerData as {
  tid: number; nthreads: number; ctl: Int32Array; iargs: Int32Array; fargs: Float64Array;
  ires: Int32Array; fres: Float64Array; port: MessagePort; jobsUrl?: string; data?: unknown;
};
const ctl = d.ctl;
type RunJob = (job: number, ctx: JobContext) => void;
let runJob: RunJob;
try {
  runJob = ((await import(d.jobsUrl ?? './jobs.js')) as { runJob: RunJob }).runJob;
} catch (e) {
  process.stderr.write(`dpmd worker ${d.tid}: ${(e as Error).stack ?? e}\n`);
  Atomics.store(ctl, CTL.FAILED, 1);
  Atomics.notify(ctl, CTL.READY);
  throw e;
}
const ctx: JobContext = {
  tid: d.tid, nthreads: d.nthreads, arrays: new Map(), iargs: d.iargs, fargs: d.fargs, ires: d.ires, fres: d.fres, data: d.data,
};
let gen = 0;
let seen = 0;
Atomics.add(ctl, CTL.READY, 1);
Atomics.notify(ctl, CTL.READY);
for (;;) {
  Atomics.wait(ctl, CTL.SEQ, seen);
  const s = Atomics.load(ctl, CTL.SEQ);
  if (s === seen) continue;
  seen = s;
  const job = Atomics.load(ctl, CTL.JOB);
  if (job === JOB_QUIT) break;
  try {
    const want = Atomics.load(ctl, CTL.GEN);
    while (gen !== want) {
      const m = receiveMessageOnPort(d.port) as { message: { gen: number; arrays: [string, SharedArray][] } } | undefined;
      if (!m) { Atomics.wait(ctl, CTL.SEQ, seen, 1); continue; }
      for (const [name, a] of m.message.arrays) ctx.arrays.set(name, a);
      gen = m.message.gen;
    }
    runJob(job, ctx);
  } catch (e) {
    process.stderr.write(`dpmd worker ${d.tid}: ${(e as Error).stack ?? e}\n`);
    Atomics.store(ctl, CTL.FAILED, 1);
  }
  Atomics.add(ctl, CTL.DONE, 1);
  Atomics.notify(ctl, CTL.DONE);
}
d.port.close();
