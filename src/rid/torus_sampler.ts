/**
 * The exact test sampler of RiD: a particle on the (phi, psi) torus in an analytic potential V
 * (torus_potential.ts), moved by overdamped Langevin dynamics (torus_dynamics.ts) at temperature T.
 * Its free energy surface is V itself, so the loop's answer can be scored exactly.
 *
 * Exploration runs the walkers together on this thread (the bias is one batched ensemble evaluation
 * per step); the restrained runs of the labelling are spread over the worker pool (torus_jobs.ts),
 * both cores by default.
 */
import { Rng } from '../nn/rng.js';
import { jobModule, siblingUrl } from '../parallel/job_module.js';
import { BOUNDS } from '../parallel/job_context.js';
import { f64 } from '../parallel/shared_alloc.js';
import { WorkerPool, type Jobs } from '../parallel/worker_pool.js';
import type { CvBias, ExploreResult, MeanForceResult, Sampler, WalkerState } from './sampler.js';
import { taskSeed } from './sampler.js';
import { restrainedRun } from './torus_dynamics.js';
import { CENTRES, ERROR, FORCE, JOB_RESTRAINED, POT, runJob, SEEDS } from './torus_jobs.js';
import { potentialTable, torusV, wrapAngle, type TorusPotentialSpec } from './torus_potential.js';

/** Gas constant in kJ/(mol K) (CODATA 2018: N_A k_B). */
export const R_KJ = 8.314462618e-3;

export interface TorusSettings {
  potential: TorusPotentialSpec;
  /** Temperature (K). */
  temperature: number;
  /** Diffusion coefficient (rad^2/ps). */
  diffusion: number;
  /** Time steps (ps) of exploration and of labelling. */
  dt: number;
  labelDt: number;
  /** Threads for the labelling (1: this thread only). */
  threads: number;
}

export class TorusSampler implements Sampler {
  readonly d = 2;
  readonly periodic = [true, true];
  readonly cvNames = ['phi', 'psi'];
  readonly kT: number;
  private readonly table: Float64Array;
  private pool: WorkerPool | null = null;
  private jobs: Jobs | null = null;
  private poolTried = false;

  constructor(
    readonly settings: TorusSettings,
    private readonly warn: (msg: string) => void = () => {},
  ) {
    this.kT = R_KJ * settings.temperature;
    this.table = potentialTable(settings.potential);
  }

  /** V at (phi, psi), kJ/mol (the exact free energy). */
  V(phi: number, psi: number): number {
    return torusV(this.table, phi, psi, null);
  }

  initialStates(nwalkers: number, seed: number): WalkerState[] {
    // Walkers start in the deepest well, as MD walkers start from one equilibrated structure.
    const w = this.settings.potential.wells.reduce((a, b) => (b.h > a.h ? b : a));
    const rng = new Rng(seed);
    return Array.from({ length: nwalkers }, () => [
      wrapAngle(w.phi + 0.05 * rng.normal()),
      wrapAngle(w.psi + 0.05 * rng.normal()),
    ]);
  }

  async biasedMD(
    states: WalkerState[],
    bias: CvBias | null,
    steps: number,
    outputFreq: number,
    seed: number,
  ): Promise<ExploreResult> {
    const nw = states.length,
      d = 2;
    const s = new Float64Array(nw * d);
    states.forEach((st, k) => {
      const v = st as number[];
      s[k * d] = v[0];
      s[k * d + 1] = v[1];
    });
    const rngs = Array.from({ length: nw }, (_, k) => new Rng(taskSeed(seed, k)));
    const nframes = Math.floor(steps / outputFreq);
    const traj = new Float64Array(nframes * nw * d);
    const g = new Float64Array(2),
      be = new Float64Array(nw),
      bf = new Float64Array(nw * d);
    const h = this.settings.diffusion * this.settings.dt,
      mob = h / this.kT,
      amp = Math.sqrt(2 * h);
    let frame = 0;
    for (let t = 1; t <= steps; t++) {
      if (bias) bias.apply(s, nw, be, bf);
      for (let k = 0; k < nw; k++) {
        torusV(this.table, s[k * d], s[k * d + 1], g, 0);
        const f0 = -g[0] + (bias ? bf[k * d] : 0),
          f1 = -g[1] + (bias ? bf[k * d + 1] : 0);
        s[k * d] = wrapAngle(s[k * d] + mob * f0 + amp * rngs[k].normal());
        s[k * d + 1] = wrapAngle(s[k * d + 1] + mob * f1 + amp * rngs[k].normal());
      }
      if (t % outputFreq === 0 && frame < nframes) {
        traj.set(s, frame * nw * d);
        frame++;
      }
    }
    return { traj, nframes, states: Array.from({ length: nw }, (_, k) => [s[k * d], s[k * d + 1]]) };
  }

  private ensurePool(): Jobs | null {
    if (!this.poolTried) {
      this.poolTried = true;
      if (this.settings.threads > 1) {
        this.pool = WorkerPool.create(this.settings.threads, this.warn);
        if (this.pool) this.jobs = this.pool.jobs(jobModule(siblingUrl(import.meta.url, 'torus_jobs'), runJob));
      }
    }
    return this.jobs;
  }

  /** How many threads the labelling runs on (after the first meanForces call). */
  get labelThreads(): number {
    return this.pool ? this.pool.nthreads : 1;
  }

  async meanForces(
    centres: Float64Array,
    n: number,
    kappas: readonly number[],
    steps: number,
    tail: number,
    seed: number,
  ): Promise<MeanForceResult> {
    const force = new Float64Array(n * 2),
      error = new Float64Array(n * 2);
    if (n === 0) return { force, error };
    const seeds = Array.from({ length: n }, (_, i) => taskSeed(seed, i));
    const h = this.settings.diffusion * this.settings.labelDt;
    const jobs = this.ensurePool();
    if (!jobs) {
      const c = Float64Array.from(centres.subarray(0, 2 * n));
      for (let i = 0; i < n; i++)
        restrainedRun(this.table, c, force, error, i, kappas[0], kappas[1], steps, tail, h, this.kT, seeds[i]);
      return { force, error };
    }
    const pot = f64(this.table.length, true),
      c = f64(2 * n, true),
      sd = f64(n, true),
      f = f64(2 * n, true),
      e = f64(2 * n, true);
    pot.set(this.table);
    c.set(centres.subarray(0, 2 * n));
    sd.set(seeds);
    jobs.bind(POT, pot);
    jobs.bind(CENTRES, c);
    jobs.bind(SEEDS, sd);
    jobs.bind(FORCE, f);
    jobs.bind(ERROR, e);
    const a = jobs.args;
    a.iargs[0] = n;
    a.iargs[1] = steps;
    a.fargs[0] = kappas[0];
    a.fargs[1] = kappas[1];
    a.fargs[2] = h;
    a.fargs[3] = this.kT;
    a.fargs[4] = tail;
    const nt = jobs.nthreads;
    for (let t = 0; t <= nt; t++) a.iargs[BOUNDS + t] = Math.round((t * n) / nt);
    jobs.run(JOB_RESTRAINED);
    force.set(f);
    error.set(e);
    return { force, error };
  }

  close(): void {
    this.pool?.close();
    this.pool = null;
    this.jobs = null;
  }
}
