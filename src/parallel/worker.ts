/**
 * Worker thread of WorkerPool: waits on the control word with Atomics.wait, runs its share of the
 * published job of the published module over the shared arrays, counts itself done and waits
 * again. Modules to import and array (re)bindings arrive as messages that are read synchronously
 * before a job with a newer generation. The worker knows no jobs of its own.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { JobContext } from './job_context.js';
import type { RunJob } from './job_module.js';
import { CTL, JOB_LOAD, JOB_QUIT, type PoolMessage } from './worker_pool.js';

const d = workerData as {
  tid: number;
  nthreads: number;
  ctl: Int32Array;
  iargs: Int32Array;
  fargs: Float64Array;
  ires: Int32Array;
  fres: Float64Array;
  port: MessagePort;
};
const ctl = d.ctl;
/** Attached modules by id: their runJob and this thread's context. */
const modules: { run: RunJob; ctx: JobContext }[] = [];
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
      const m = receiveMessageOnPort(d.port) as { message: PoolMessage } | undefined;
      if (!m) {
        Atomics.wait(ctl, CTL.SEQ, seen, 1);
        continue;
      }
      for (const [id, url, data] of m.message.loads) {
        const run = ((await import(url)) as { runJob: RunJob }).runJob;
        if (typeof run !== 'function') throw new Error(`job module ${url} exports no runJob`);
        const ctx: JobContext = {
          tid: d.tid,
          nthreads: d.nthreads,
          arrays: [],
          iargs: d.iargs,
          fargs: d.fargs,
          ires: d.ires,
          fres: d.fres,
          data,
        };
        modules[id] = { run, ctx };
      }
      for (const [id, slot, a] of m.message.binds) modules[id].ctx.arrays[slot] = a;
      gen = m.message.gen;
    }
    if (job !== JOB_LOAD) {
      const mod = modules[Atomics.load(ctl, CTL.MOD)];
      mod.run(job, mod.ctx);
    }
  } catch (e) {
    process.stderr.write(`dpmd worker ${d.tid}: ${(e as Error).stack ?? e}\n`);
    Atomics.store(ctl, CTL.FAILED, 1);
  }
  Atomics.add(ctl, CTL.DONE, 1);
  Atomics.notify(ctl, CTL.DONE);
}
d.port.close();
