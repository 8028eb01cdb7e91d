/**
 * A job module: the code a WorkerPool runs, handed to the pool by whoever owns the work (a pair
 * style, the neighbor list, the Deep BSDE subnetworks, the trainer). The pool itself knows no jobs:
 * workers import `url` when the module is attached and call its exported runJob(job, ctx); thread
 * 0 (the caller) calls `runJob` given here, so it can run its share on objects it already holds.
 */
import type { JobContext } from './job_context.js';

export type RunJob = (job: number, ctx: JobContext) => void;

export interface JobModule {
  /** file: URL of an ES module exporting runJob(job, ctx); .ts when running from sources (tsx, vitest). */
  readonly url: string;
  /** Thread 0's share of a job. */
  readonly runJob: RunJob;
  /** Structured-cloneable configuration, ctx.data on every thread (SharedArrayBuffers are shared, not copied). */
  readonly data?: unknown;
}

/**
 * The job module of the file at `moduleUrl` (pass import.meta.url of the file that exports runJob):
 * compiled code (.js) gives its own URL, sources (.ts under tsx/vitest) theirs, so workers always
 * run the same code as the caller.
 */
export function jobModule(moduleUrl: string, runJob: RunJob, data?: unknown): JobModule {
  return data === undefined ? { url: moduleUrl, runJob } : { url: moduleUrl, runJob, data };
}

/** URL of a sibling module `name` (without extension) next to `moduleUrl`, .ts from sources, .js compiled. */
export function siblingUrl(moduleUrl: string, name: string): string {
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl).href;
}
