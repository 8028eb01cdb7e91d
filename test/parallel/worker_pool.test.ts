import { afterAll, describe, expect, it } from 'vitest';
import { BOUNDS, RES_STRIDE } from '../../src/parallel/job_context.js';
import { jobModule } from '../../src/parallel/job_module.js';
import { f64, i32 } from '../../src/parallel/shared_alloc.js';
import { SyncWorker } from '../../src/parallel/sync_bridge.js';
import { WorkerPool } from '../../src/parallel/worker_pool.js';
import { IN, JOB_SUM, MARK, SLICE_SUM_JOBS } from './slice_sum_jobs.js';
import { FORCE_JOBS } from '../../src/parallel/force_jobs.js';

/**
 * The worker pool knows no jobs: job modules are attached by their owners, arrays bound to typed
 * slots, jobs run by number with thread 0 inline. Checked with a small module of this folder.
 */
describe('WorkerPool with attached job modules', () => {
  const notes: string[] = [];
  const pool = WorkerPool.create(2, (m) => notes.push(m));
  afterAll(() => pool?.close());

  it('starts two threads', () => {
    expect(pool, notes.join('; ')).not.toBeNull();
    expect(pool!.nthreads).toBe(2);
  });

  it('runs each thread on its slice of the bound arrays; rebinding reaches the worker', () => {
    const jobs = pool!.jobs(SLICE_SUM_JOBS);
    expect(pool!.jobs(SLICE_SUM_JOBS)).toBe(jobs);
    const n = 1000;
    const x = f64(n, true),
      mark = i32(n, true);
    for (let i = 0; i < n; i++) x[i] = i + 1;
    jobs.bind(IN, x);
    jobs.bind(MARK, mark);
    const a = jobs.args.iargs;
    a[BOUNDS] = 0;
    a[BOUNDS + 1] = 300;
    a[BOUNDS + 2] = n;
    jobs.args.fargs[0] = 2;
    jobs.run(JOB_SUM);
    const r = jobs.args.fres;
    expect(r[0]).toBe((2 * (300 * 301)) / 2);
    expect(r[RES_STRIDE]).toBe(2 * ((n * (n + 1)) / 2 - (300 * 301) / 2));
    expect(mark[0]).toBe(1);
    expect(mark[299]).toBe(1);
    expect(mark[300]).toBe(2); // written by the worker thread
    expect(mark[n - 1]).toBe(2);
    const y = f64(n, true).fill(1);
    jobs.bind(IN, y);
    jobs.run(JOB_SUM);
    expect(r[RES_STRIDE]).toBe(2 * (n - 300));
  });

  it('an unbound slot is an error naming the slot', () => {
    const red = pool!.jobs(FORCE_JOBS);
    pool!.ctx.iargs[2] = 10;
    expect(() => red.run(1)).toThrow(/'f0'.*is not bound/);
  });

  it('plain (not shared) memory cannot be bound', () => {
    expect(() => pool!.jobs(SLICE_SUM_JOBS).bind(IN, new Float64Array(4))).toThrow(/'in' is not shared memory/);
  });
});

describe('a job module the workers cannot load', () => {
  it('jobs() throws naming the module', () => {
    const pool = WorkerPool.create(2, () => {});
    expect(pool).not.toBeNull();
    try {
      const url = new URL('./no_such_jobs.ts', import.meta.url).href;
      expect(() => pool!.jobs(jobModule(url, () => {}))).toThrow(/could not load the job module .*no_such_jobs\.ts/);
    } finally {
      pool!.close();
    }
  });
});

describe('SyncWorker', () => {
  it('blocks until the async worker answers, in order', () => {
    const w = new SyncWorker(
      `port.on('message', async (m) => { await new Promise((r) => setTimeout(r, 20)); answer({ twice: 2 * m.x, k: workerData.k }); });`,
      { k: 'ok' },
      'test bridge',
    );
    try {
      for (const x of [1, 5, 7]) {
        w.post({ x });
        expect(w.next(10000, () => new Error('timeout'))).toEqual({ twice: 2 * x, k: 'ok' });
      }
    } finally {
      w.close();
    }
  });
  it("a worker that never answers gives the caller's timeout error", () => {
    const w = new SyncWorker('/* never answers */', null, 'silent');
    expect(() => w.next(1200, () => new Error('no answer in time'))).toThrow('no answer in time');
    expect(() => w.post({})).toThrow(/silent: the worker is closed/);
  });
});
