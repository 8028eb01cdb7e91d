/**
 * The restrained runs of the torus sampler as a job module of the worker pool (src/parallel): each
 * thread takes a slice of the centres and runs them one after the other. Every centre has its own
 * seed, so the result does not depend on the number of threads.
 *
 * Shared arrays: the potential table, the centres (n x 2), the seeds (one per centre, stored as
 * doubles), the mean forces and errors (n x 2). Arguments: iargs[0] = n, iargs[1] = steps;
 * fargs[0..1] = kappas, fargs[2] = D dt (rad^2), fargs[3] = kT (kJ/mol), fargs[4] = tail.
 */
import { arrayOf, BOUNDS, f64Slot, type JobContext } from '../parallel/job_context.js';
import { restrainedRun } from './torus_dynamics.js';

export const JOB_RESTRAINED = 0;

export const POT = f64Slot(0, 'potential');
export const CENTRES = f64Slot(1, 'centres');
export const SEEDS = f64Slot(2, 'seeds');
export const FORCE = f64Slot(3, 'force');
export const ERROR = f64Slot(4, 'error');

export function runJob(job: number, ctx: JobContext): void {
  if (job !== JOB_RESTRAINED) throw new Error(`torus_jobs: unknown job ${job}`);
  const table = arrayOf(ctx, POT),
    c = arrayOf(ctx, CENTRES),
    seeds = arrayOf(ctx, SEEDS),
    f = arrayOf(ctx, FORCE),
    e = arrayOf(ctx, ERROR);
  const steps = ctx.iargs[1];
  const k0 = ctx.fargs[0],
    k1 = ctx.fargs[1],
    h = ctx.fargs[2],
    kT = ctx.fargs[3],
    tail = ctx.fargs[4];
  const lo = ctx.iargs[BOUNDS + ctx.tid],
    hi = ctx.iargs[BOUNDS + ctx.tid + 1];
  for (let i = lo; i < hi; i++) restrainedRun(table, c, f, e, i, k0, k1, steps, tail, h, kT, seeds[i]);
}
