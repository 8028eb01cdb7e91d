/**
 * A job module for test/parallel/worker_pool.test.ts: each thread sums its slice of IN
 * (iargs[BOUNDS + t] ..) times fargs[0] into fres[t*RES_STRIDE] and writes thread id + 1 into its
 * cells of MARK.
 */
import { arrayOf, BOUNDS, f64Slot, i32Slot, RES_STRIDE, type JobContext } from '../../src/parallel/job_context.js';
import { jobModule } from '../../src/parallel/job_module.js';

export const JOB_SUM = 1;
export const IN = f64Slot(0, 'in');
export const MARK = i32Slot(1, 'mark');

export function runJob(job: number, c: JobContext): void {
  if (job !== JOB_SUM) throw new Error(`slice sum: unknown job ${job}`);
  const t = c.tid,
    i0 = c.iargs[BOUNDS + t],
    i1 = c.iargs[BOUNDS + t + 1];
  const x = arrayOf(c, IN),
    mark = arrayOf(c, MARK);
  let s = 0;
  for (let i = i0; i < i1; i++) {
    s += x[i] * c.fargs[0];
    mark[i] = t + 1;
  }
  c.fres[t * RES_STRIDE] = s;
}

export const SLICE_SUM_JOBS = jobModule(import.meta.url, runJob);
