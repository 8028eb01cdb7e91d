import { addDefaultComputes } from './default_computes.js';
import type { Fix } from '../integrators/fix.js';
import type { Compute } from './compute.js';
import type { Minimizer } from '../integrators/minimizer.js';
import { sortAtoms } from './atom_sort.js';
import { Neighbor } from './neighbor.js';
import type { ComputeFlags, PairStyle } from './potential.js';
import { ForceBuffers } from './potential.js';
import { AtomSystem } from './system.js';
import { Thermo } from './thermo.js';
import type { Output } from './output.js';
import type { PairContext } from './potential.js';
import { isThreadedPair, usesPool } from './parallel/threaded_forces.js';
import { WorkerPool } from './parallel/worker_pool.js';
import { availableParallelism } from 'node:os';
import { Variables } from './variables.js';
import { MolecularForces } from './molecular/molecular_forces.js';
import type { MoleculeTemplate } from './molecular/molecule_template.js';
import { Groups } from './groups.js';
import { addFixVirials, virialFixes } from './fix_contributions.js';
import { ThreadedNVE } from '../integrators/threaded_nve.js';

/** Anything written every N steps after thermo (dump files, deviation files). */
export interface PeriodicOutput {
  readonly id: string;
  every: number;
  /** Whether this step's write needs the potential energy / per-atom energy. */
  needsEnergy?: boolean;
  write(sim: Simulation): void;
  close?(): void;
}

/** Options of one run: pre no skips setup; start/stop set the ramp's step range; post no shortens the summary. */
export interface RunOptions {
  pre?: boolean;
  post?: boolean;
  start?: number;
  stop?: number;
}

/**
 * One simulation: the atoms, the potential, the fixes and the run loop. This is LAMMPS's
 * Verlet::setup/run in the same order, so that a deck gives the same numbers as LAMMPS.
 */
export class Simulation {
  readonly system = new AtomSystem();
  /** Named groups of atoms (the `group` command); membership bits live in system.mask. */
  readonly groups = new Groups();
  pair: PairStyle | null = null;
  /** min_style for the minimize command (cg when unset). */
  minStyle: Minimizer | null = null;
  fixes: Fix[] = [];
  /** Computes defined by the `compute` command, invoked on demand by the fixes that read them. */
  computes: Compute[] = [];
  outputs: PeriodicOutput[] = [];
  /**
   * Fix state read by read_restart, waiting for a fix of the same ID and style (`adoptRestartState`);
   * dropped at the next init, as LAMMPS's Modify::init drops its restart lists.
   */
  restartFixes: { id: string; style: string; state: number[]; used: boolean }[] = [];
  /** Bond/angle/dihedral/improper styles, special bonds and their per-build bookkeeping (src/molecular/). */
  readonly molecular = new MolecularForces();
  /** Molecule templates by ID (the `molecule` command). */
  readonly molecules = new Map<string, MoleculeTemplate>();
  neighbor: Neighbor;
  readonly forces = new ForceBuffers();
  thermo: Thermo;
  readonly variables: Variables;
  dt: number;
  step = 0;
  /** First and last step of the current run (thermo's last row, progress, Elapsed). */
  firstStep = 0;
  lastStep = 0;
  /**
   * Steps that ramped targets (thermostat/barostat start -> stop values) interpolate between: the
   * run's own first/last step, or `run N start S stop E` (LAMMPS update->beginstep/endstep).
   */
  beginStep = 0;
  endStep = 0;
  /** Potential energy and virial (xx yy zz xy xz yz) of the latest force evaluation. */
  pe = 0;
  readonly virial = new Float64Array(6);
  /** Whether pe is valid for the current step. */
  peValid = false;
  /** Per-atom energies of the last evaluation when requested (n entries). */
  eatomRequested = false;
  /** Per-atom virials (ForceBuffers.vatom) are tallied on energy steps (compute stress/atom). */
  vatomRequested = false;
  /**
   * Simulated time (time units), LAMMPS's way: atime at step atimestep plus (step - atimestep) dt,
   * one product rather than a running sum, so `time` prints as LAMMPS's does (0.14, not 0.1400000000000001).
   */
  atime = 0;
  atimestep = 0;
  get time(): number {
    return this.atime + (this.step - this.atimestep) * this.dt;
  }
  /** Fold the time so far into atime (LAMMPS Update::update_time): before dt or the step number changes. */
  updateTime(): void {
    this.atime += (this.step - this.atimestep) * this.dt;
    this.atimestep = this.step;
  }
  readonly flags: ComputeFlags = { energy: true, virial: true, eatom: false, vatom: false };
  /**
   * Threads for force and neighbor loops: a number, or 'auto' (2 when the machine has 2+ cores and
   * the system has at least AUTO_THREADS_MIN_ATOMS atoms). Set by `-threads N`, the DPMD_THREADS
   * environment variable, or the deck command `package omp N`.
   */
  threads: number | 'auto' = threadsFromEnv();
  private pool: WorkerPool | null = null;
  private readonly pairCtx: PairContext;
  /** The fixes with fix_modify virial yes, listed by setup() (fixes do not change within a run or minimize). */
  private setupVirialFixes: Fix[] = [];

  constructor(readonly out: Output) {
    this.neighbor = new Neighbor(this.system.units.skin);
    this.dt = this.system.units.dt;
    this.thermo = new Thermo(this);
    this.variables = new Variables(this);
    addDefaultComputes(this);
    this.pairCtx = { system: this.system, ghosts: this.neighbor.ghosts, list: this.neighbor.half };
  }

  /** Thread count this run will use (see threads). */
  threadCount(): number {
    if (this.threads !== 'auto') return Math.max(1, Math.floor(this.threads));
    const pair = this.pair;
    const threadedPair = pair !== null && usesPool(pair);
    return threadedPair && availableParallelism() >= 2 && this.system.n >= AUTO_THREADS_MIN_ATOMS ? 2 : 1;
  }

  /** Start, resize or stop the worker pool for the thread count wanted now. */
  private setupThreads(): void {
    const n = this.threadCount();
    if ((this.pool?.nthreads ?? 1) !== n) {
      this.pool?.close();
      this.pool = n > 1 ? WorkerPool.create(n, (m) => this.out.warn(m)) : null;
    }
    this.neighbor.pool = this.pool;
  }

  /** Number of threads in use (1 when serial). */
  get activeThreads(): number {
    return this.pool?.nthreads ?? 1;
  }

  /** Stop worker threads (also safe to skip: they never keep the process alive). */
  dispose(): void {
    this.pool?.close();
    this.pool = null;
    this.neighbor.pool = null;
  }

  /** `atom_modify sort` frequency (steps, 0 = never) and bin size (0 = half the neighbor cutoff). */
  sortEvery = 1000;
  sortBinsize = 0;
  private nextSort = 0;
  private readonly sortScratch = { head: new Int32Array(0), next: new Int32Array(0) };

  /** Sort atoms spatially when due (LAMMPS Atom::sort at setup and every sortEvery steps). */
  private sortAtoms(setup: boolean): void {
    if (this.sortEvery <= 0) return;
    if (!setup && this.step < this.nextSort) return;
    this.nextSort = Math.floor(this.step / this.sortEvery) * this.sortEvery + this.sortEvery;
    const binsize = this.sortBinsize > 0 ? this.sortBinsize : 0.5 * this.neighbor.cutNeighbor;
    if (!(binsize > 0)) return;
    const perm = sortAtoms(this.system, binsize, this.sortScratch);
    if (perm) for (const f of this.fixes) f.permute?.(perm, this.system.n);
  }

  /**
   * Most timesteps (MD steps plus minimizer iterations) this simulation may take in all: a guard
   * for automated use (fuzzing, services) against decks that loop for billions of steps. Infinity
   * by default; DPMD_STEP_BUDGET sets it for the CLI.
   */
  stepBudget = Infinity;
  /** Steps claimed so far (carried over by `clear`). */
  stepsClaimed = 0;

  /** Count n more steps against stepBudget, refusing them (before starting) if they would exceed it. */
  claimSteps(n: number): void {
    if (this.stepsClaimed + n > this.stepBudget) {
      throw new Error(
        `Step budget exceeded: ${this.stepsClaimed} steps taken, ${n} more requested, budget ${this.stepBudget}`,
      );
    }
    this.stepsClaimed += n;
  }

  /**
   * A fix just defined takes the restart state stored under its ID and style, if any (LAMMPS
   * Modify::add_fix), with LAMMPS's message.
   */
  adoptRestartState(fix: Fix): void {
    for (const r of this.restartFixes) {
      if (r.id !== fix.id || r.style !== fix.style || !fix.restoreState) continue;
      fix.restoreState(r.state);
      r.used = true;
      this.out.print(`Resetting global fix info from restart file:\n  fix style: ${fix.style}, fix ID: ${fix.id}`);
    }
  }

  /** LAMMPS Modify::restart_deallocate at init: unused fix state is dropped, listed as LAMMPS lists it. */
  private dropRestartFixes(): void {
    if (this.restartFixes.length === 0) return;
    const unused = this.restartFixes.filter((r) => !r.used);
    if (unused.length > 0)
      this.out.print(
        `Unused restart file global fix info:\n${unused.map((r) => `  fix style: ${r.style}, fix ID: ${r.id}`).join('\n')}`,
      );
    this.restartFixes = [];
  }

  /** Validate the setup and build everything a force evaluation needs (LAMMPS init + setup). */
  init(): void {
    const s = this.system;
    if (!s.boxExists) throw new Error('Run command before simulation box is defined');
    if (!this.pair) throw new Error('No pair style defined: use pair_style and pair_coeff before run');
    s.checkMasses();
    this.pair.init(s, this);
    const pair = this.pair;
    this.neighbor.setCutoffs(pair.cutoff(), s.ntypes, pair.typeCutoff ? (i, j) => pair.typeCutoff!(i, j) : undefined);
    this.neighbor.needHalf = this.pair.neighborKind === 'half';
    this.neighbor.needFull = this.pair.neighborKind === 'full';
    this.molecular.init(this);
    for (const f of this.fixes) f.init?.(this);
    this.dropRestartFixes();
    // After the fixes, as LAMMPS's Modify::init; a new run recomputes even at the same step.
    for (const c of this.computes) {
      c.invokedArray = -1;
      c.init?.(this);
    }
    // Per-atom energies are tallied on energy steps once a compute reads them (compute pe/atom).
    if (this.computes.some((c) => c.needsEatom === true)) this.eatomRequested = true;
    if (this.computes.some((c) => c.needsVatom === true)) this.vatomRequested = true;
    this.setupThreads();
  }

  /** Neighbor build + forces at the current positions, then fix setup (LAMMPS Verlet::setup). */
  setup(): void {
    this.init();
    this.neighbor.build(this.system, () => this.sortAtoms(true));
    this.neighbor.resetCounts();
    for (const f of this.fixes) f.setupPreForce?.(this);
    this.computeForces(true);
    for (const f of this.fixes) f.setup?.(this);
    this.setupVirialFixes = virialFixes(this);
    addFixVirials(this, this.setupVirialFixes);
  }

  /**
   * Clear, evaluate the pair style on ghosts, form the virial, fold ghost forces to owners, copy
   * to system.f. energy=false skips the energy sums where the style supports it. deferCopy: leave
   * the copy to the caller when a threaded reduction folded the forces (returns true then).
   */
  computeForces(energy: boolean, virial = true, deferCopy = false): boolean {
    const s = this.system;
    const g = this.neighbor.ghosts;
    const pair = this.pair!;
    const fb = this.forces;
    const flags = this.flags;
    flags.energy = energy;
    flags.virial = virial || energy;
    flags.eatom = this.eatomRequested && energy;
    flags.vatom = this.vatomRequested && energy;
    fb.clear(g.nall, flags);
    // LAMMPS force_clear also zeroes the torque of finite-size particles (atom_style sphere).
    if (s.atomStyle.sphere) s.torque.fill(0, 0, 3 * s.n);
    const ctx = this.pairCtx;
    ctx.list = pair.neighborKind === 'half' ? this.neighbor.half : this.neighbor.full;
    const pool = this.pool;
    if (pool === null || !isThreadedPair(pair) || !pair.computeThreaded(ctx, fb, flags, pool)) {
      pair.compute(ctx, fb, flags);
      // The virial is only needed on steps that print or use it; the NaN check below then
      // falls back to the forces of the local atoms.
      if (!pair.computesVirial && flags.virial) virialFdotr(g.xAll, fb.f, g.nall, fb.virial);
    }
    this.molecular.compute(this, fb, flags);
    const w = fb.virial;
    const tail = pair.tail;
    if (tail) {
      // LAMMPS compute pe / pressure: etail/V added after the pair and bonded sums, ptail/V to each
      // diagonal virial component (epair includes etail/V too, thermo's E_tail shows it alone).
      const inv = 1 / s.box.volume();
      if (flags.energy) {
        fb.energy += tail.energy * inv;
        this.molecular.epair += tail.energy * inv;
      }
      if (flags.virial) for (let k = 0; k < 3; k++) w[k] += tail.pressure * inv;
    }
    let check = w[0] + w[1] + w[2] + w[3] + w[4] + w[5];
    if (!flags.virial && !pair.computesVirial && pool === null) check = sumForces(fb.f, 3 * s.n);
    if (!Number.isFinite(check)) {
      throw new Error(
        `Non-numeric forces at step ${this.step}: NaN or Inf from pair ${pair.style} (atoms overlapping or the run blew up)`,
      );
    }
    if (!fb.ghostsFolded) g.fold(fb.f, 3);
    if (flags.eatom) g.fold(fb.eatom, 1);
    if (flags.vatom) g.fold(fb.vatom, 6);
    // deferCopy: a caller that folds the copy into its own pass (ThreadedNVE.final) takes folded
    // forces as they are; it gets true back when it must do the copy.
    const deferred = deferCopy && fb.ghostsFolded;
    if (!deferred) s.f.set(fb.f.subarray(0, 3 * s.n));
    this.virial.set(w);
    this.pe = fb.energy;
    this.peValid = energy;
    return deferred;
  }

  /**
   * For minimizers: after moving atoms, rebuild neighbors if due (else refresh ghosts) and
   * evaluate energy and forces, then the fixes' min_post_force. Returns the pair energy (energy
   * units); minimizers add the fixes' energies with fix_modify energy yes (fixEnergy).
   */
  minForces(): number {
    const nb = this.neighbor;
    if (nb.decide(this.system)) nb.build(this.system);
    else nb.refresh(this.system);
    this.computeForces(true);
    for (const f of this.fixes) f.minPostForce?.(this);
    // The list setup() made: minimize calls setup() first, and no deck command runs in between.
    addFixVirials(this, this.setupVirialFixes);
    return this.pe;
  }

  /**
   * Run n steps of MD (LAMMPS Verlet::run). Thermo rows are printed at step 0 of the run, every
   * thermo.every steps and at the last step.
   */
  run(n: number, opts: RunOptions = {}): void {
    if (!Number.isInteger(n) || n < 0) throw new Error(`Illegal run command: ${n} is not a non-negative integer`);
    this.claimSteps(n);
    this.firstStep = this.step;
    this.lastStep = this.step + n;
    this.beginStep = opts.start ?? this.firstStep;
    this.endStep = opts.stop ?? this.lastStep;
    const progress = this.out.progress(n);
    let t0 = performance.now();
    try {
      if (opts.pre !== false || !this.pair) this.setup();
      this.thermo.header();
      this.thermo.row();
      // Dumps write the setup configuration too when the step is a multiple of their interval (LAMMPS).
      for (const o of this.outputs) if (this.step % o.every === 0) o.write(this);
      t0 = performance.now();
      this.steps(n, progress);
      for (const f of this.fixes) f.postRun?.(this);
    } catch (e) {
      // Name the step in errors from deep inside the step (lost atoms, bad forces, a fix).
      if (e instanceof Error && !/\bstep \d+/.test(e.message)) e.message += ` (at step ${this.step})`;
      throw e;
    } finally {
      progress.done();
    }
    this.thermo.footer(n, (performance.now() - t0) / 1000, opts.post !== false);
  }

  /** The n timesteps of run() (LAMMPS Verlet::run's loop). */
  private steps(n: number, progress: { tick(k: number): void }): void {
    const fixes = this.fixes;
    const fInitial = fixes.filter((f) => f.initialIntegrate);
    const fPostInt = fixes.filter((f) => f.postIntegrate);
    const fPreExchange = fixes.filter((f) => f.preExchange);
    const fReneighbor = fixes.filter((f) => f.forcesReneighbor);
    const fPostForce = fixes.filter((f) => f.postForce);
    const fPreForce = fixes.filter((f) => f.preForce);
    const fFinal = fixes.filter((f) => f.finalIntegrate);
    const fEnd = fixes.filter((f) => f.endOfStep);
    const fixNeedsEnergy = fixes.some((f) => f.needsEnergy);
    const fixNeedsVirial = fixes.some((f) => f.needsVirial);
    const fEnergyOn = fixes.filter((f) => f.needsEnergyOn);
    const fVirial = virialFixes(this).filter((f) => !f.virialAfterFinal);
    const fVirialLate = virialFixes(this).filter((f) => f.virialAfterFinal);
    const nb = this.neighbor;
    const sys = this.system;
    const sortHook = () => this.sortAtoms(false);
    // With worker threads and a lone fix nve, its halves, the ghost refresh and the force copy run
    // as pool jobs (integrators/threaded_nve.ts): the same numbers, no serial pass between the
    // force jobs.
    const tnve = ThreadedNVE.forRun(this.pool, sys, {
      initial: fInitial,
      postIntegrate: fPostInt,
      preForce: fPreForce,
      postForce: fPostForce,
      final: fFinal,
      virial: fVirial,
    });
    tnve?.setup(sys, this.dt);
    for (let k = 1; k <= n; k++) {
      this.step++;
      if (tnve !== null) tnve.initial(sys, nb.ghosts, this.dt);
      else for (const f of fInitial) f.initialIntegrate!(this);
      for (const f of fPostInt) f.postIntegrate!(this);
      if (fReneighbor.some((f) => f.forcesReneighbor!(this.step)) || nb.decide(sys)) {
        for (const f of fPreExchange) f.preExchange!(this);
        nb.build(sys, sortHook);
      } else if (tnve === null) nb.refresh(sys);
      const thermoStep = this.thermo.isOutputStep(this.step);
      const outputEnergy =
        this.outputs.some((o) => o.needsEnergy && this.step % o.every === 0) ||
        fEnergyOn.some((f) => f.needsEnergyOn!(this.step));
      for (const f of fPreForce) f.preForce!(this);
      const deferred = this.computeForces(thermoStep || fixNeedsEnergy || outputEnergy, fixNeedsVirial, tnve !== null);
      for (const f of fPostForce) f.postForce!(this);
      if (fVirial.length > 0) addFixVirials(this, fVirial);
      if (deferred) tnve!.final(sys, nb.ghosts, this.forces);
      else for (const f of fFinal) f.finalIntegrate!(this);
      if (fVirialLate.length > 0) addFixVirials(this, fVirialLate);
      for (const f of fEnd) f.endOfStep!(this);
      for (const o of this.outputs) if (this.step % o.every === 0) o.write(this);
      if (thermoStep) this.thermo.row();
      progress.tick(k);
    }
  }
}

/** Smallest system (atoms) for which 'auto' uses 2 threads (measured crossover, docs/benchmarks.md). */
export const AUTO_THREADS_MIN_ATOMS = 4000;

/** DPMD_THREADS: a positive integer or 'auto' (the default). */
function threadsFromEnv(): number | 'auto' {
  const v = process.env.DPMD_THREADS;
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DPMD_THREADS must be a positive integer or 'auto', got '${v}'`);
  return n;
}

/** Sum of a[0..n) (a cheap NaN/Inf probe). */
function sumForces(a: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[k];
  return s;
}

/** Global virial as sum over extended atoms of x_a f_b (LAMMPS Pair::virial_fdotr_compute). */
export function virialFdotr(x: Float64Array, f: Float64Array, nall: number, w: Float64Array): void {
  let xx = 0,
    yy = 0,
    zz = 0,
    xy = 0,
    xz = 0,
    yz = 0;
  for (let k = 0; k < 3 * nall; k += 3) {
    const x0 = x[k],
      x1 = x[k + 1],
      x2 = x[k + 2];
    const f0 = f[k],
      f1 = f[k + 1],
      f2 = f[k + 2];
    xx += f0 * x0;
    yy += f1 * x1;
    zz += f2 * x2;
    xy += f1 * x0;
    xz += f2 * x0;
    yz += f2 * x1;
  }
  w[0] += xx;
  w[1] += yy;
  w[2] += zz;
  w[3] += xy;
  w[4] += xz;
  w[5] += yz;
}
