import { fixEnergy } from '../src/fix_contributions.js';
import { parseBoolArg, parseEnumArg, parseFloatArg, parseIntArg } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import type { MinimizeCriteria, MinimizeResult, Minimizer } from './minimizer.js';

/**
 * The base of every min_style (LAMMPS Min, src/min.cpp, version 29 Sep 2021): the min_modify
 * parameters with LAMMPS's defaults, setup (neighbor policy, forces, first thermo row), the run
 * with its final evaluation and output on an early stop, cleanup, force norms and energy
 * evaluation. Subclasses implement iterate() (LAMMPS Min::iterate) and may allocate per-atom
 * vectors in setupStyle().
 *
 * Energies inside the minimizer are what LAMMPS's minimizer sees: the potential energy divided by
 * the atom count when thermo output is normalised (`units lj` by default, or thermo_modify norm
 * yes), so the energy tolerance and the line searches behave exactly as in LAMMPS.
 */

/** Minimum normalisation of the relative energy tolerance (LAMMPS EPS_ENERGY). */
export const EPS_ENERGY = 1.0e-8;

/** Stop conditions, with LAMMPS's strings (Min::stopstrings). */
export const STOP = {
  MAXITER: 'max iterations',
  MAXEVAL: 'max force evaluations',
  ETOL: 'energy tolerance',
  FTOL: 'force tolerance',
  DOWNHILL: 'search direction is not downhill',
  ZEROALPHA: 'linesearch alpha is zero',
  ZEROFORCE: 'forces are zero',
  ZEROQUAD: 'quadratic factors are zero',
  MAXVDOTF: 'max iterations with v.f negative',
} as const;
export type StopReason = (typeof STOP)[keyof typeof STOP];

/** Everything LAMMPS's Finish prints after a minimization ("Minimization stats"). */
export interface MinStats extends MinimizeResult {
  /** Minimizer energy (per atom when thermo is normalised) before the last iteration. */
  energyPrevious: number;
  fnorm2Initial: number;
  fnormInfInitial: number;
  /** Last line-search step length (0 for damped dynamics styles) (distance / force). */
  alphaFinal: number;
  /** Wall time of the iterations, s. */
  seconds: number;
  /** Neighbor list builds after setup (LAMMPS's "Neighbor list builds"). */
  neighborBuilds: number;
}

type LineStyle = 'backtrack' | 'quadratic' | 'forcezero';
type NormStyle = 'two' | 'max' | 'inf';
type Integrator = 'eulerimplicit' | 'verlet' | 'leapfrog' | 'eulerexplicit';

const num = (key: string, value: string): number => parseFloatArg('min_modify', key, value);
const int = (key: string, value: string): number => parseIntArg('min_modify', key, value);
const yesNo = (key: string, value: string): boolean => parseBoolArg('min_modify', key, value);
const oneOf = <T extends string>(key: string, value: string, allowed: readonly T[]): T =>
  parseEnumArg('min_modify', key, value, allowed);

export abstract class Min implements Minimizer {
  abstract readonly style: string;

  // min_modify parameters, LAMMPS 29 Sep 2021 defaults. Every style accepts every keyword, as LAMMPS does.
  /** Largest move of any coordinate in one line search / FIRE step (length units). */
  dmax = 0.1;
  linestyle: LineStyle = 'quadratic';
  normstyle: NormStyle = 'two';
  delaystep = 20;
  dtgrow = 1.1;
  dtshrink = 0.5;
  alpha0 = 0.25;
  alphashrink = 0.99;
  /** Largest / smallest FIRE timestep as multiples of the deck's timestep. */
  tmax = 10.0;
  tmin = 0.02;
  integrator: Integrator = 'eulerimplicit';
  halfstepback = true;
  initialdelay = true;
  vdfmax = 2000;

  // State of the current minimization.
  protected sim!: Simulation;
  protected etol = 0;
  protected ftol = 0;
  protected maxeval = 0;
  protected normflag = false;
  /** 3 * atom count: the atoms' degrees of freedom (LAMMPS nvec). */
  protected nvec = 0;
  /**
   * Extra global degrees of freedom added by fixes (LAMMPS nextra_global, e.g. the box of fix
   * box/relax), their fixes in fix order, and their forces fextra (energy units), one slice per fix.
   */
  protected nextraGlobal = 0;
  protected extraFixes: Fix[] = [];
  protected fextra = new Float64Array(0);
  protected fextraSlices: Float64Array[] = [];
  niter = 0;
  neval = 0;
  ecurrent = 0;
  eprevious = 0;
  einitial = 0;
  alphaFinal = 0;
  /** The deck's timestep before minimizing; restored afterwards (FIRE changes it). */
  protected dtinit = 0;
  private savedNeighbor = { every: 1, delay: 0, check: true };

  modify(key: string, value: string): boolean {
    switch (key) {
      case 'dmax':
        this.dmax = num(key, value);
        break;
      case 'delaystep':
        this.delaystep = int(key, value);
        break;
      case 'dtgrow':
        this.dtgrow = num(key, value);
        break;
      case 'dtshrink':
        this.dtshrink = num(key, value);
        break;
      case 'alpha0':
        this.alpha0 = num(key, value);
        break;
      case 'alphashrink':
        this.alphashrink = num(key, value);
        break;
      case 'tmax':
        this.tmax = num(key, value);
        break;
      case 'tmin':
        this.tmin = num(key, value);
        break;
      case 'halfstepback':
        this.halfstepback = yesNo(key, value);
        break;
      case 'initialdelay':
        this.initialdelay = yesNo(key, value);
        break;
      case 'vdfmax':
        this.vdfmax = int(key, value);
        break;
      case 'integrator':
        this.integrator = oneOf(key, value, ['eulerimplicit', 'verlet', 'leapfrog', 'eulerexplicit'] as const);
        break;
      case 'line':
        this.linestyle = oneOf(key, value, ['backtrack', 'quadratic', 'forcezero'] as const);
        break;
      case 'norm':
        this.normstyle = oneOf(key, value, ['two', 'max', 'inf'] as const);
        break;
      default:
        return false;
    }
    return true;
  }

  /**
   * Minimize the potential energy of sim from its current positions (LAMMPS Minimize::command:
   * init, setup, run, cleanup). Prints the setup lines and thermo rows; the caller prints the stats.
   */
  minimize(sim: Simulation, c: MinimizeCriteria): MinStats {
    checkCriteria(c);
    sim.claimSteps(c.maxiter);
    this.sim = sim;
    this.etol = c.etol;
    this.ftol = c.ftol;
    this.maxeval = c.maxeval;
    this.init();
    let stop: StopReason;
    let seconds = 0;
    try {
      this.setup(c.maxiter);
      const t0 = performance.now();
      stop = this.run(c.maxiter);
      seconds = (performance.now() - t0) / 1000;
    } finally {
      this.cleanup();
    }
    return {
      stopReason: stop,
      iterations: this.niter,
      evaluations: this.neval,
      energyStart: this.einitial,
      energyPrevious: this.eprevious,
      energyEnd: this.ecurrent,
      fnorm2Initial: this.fnorm2Init,
      fnormInfInitial: this.fnormInfInit,
      fnorm2: Math.sqrt(this.fnormSqr()),
      fnormInf: Math.sqrt(this.fnormInfSqr()),
      alphaFinal: this.alphaFinal,
      seconds,
      neighborBuilds: sim.neighbor.builds - this.buildsAtSetup,
    };
  }

  private fnorm2Init = 0;
  private fnormInfInit = 0;
  private buildsAtSetup = 0;

  /** LAMMPS Min::init: minimization neighbor policy, counters, timestep to restore. */
  protected init(): void {
    const sim = this.sim;
    const nb = sim.neighbor;
    this.savedNeighbor = { every: nb.every, delay: nb.delay, check: nb.check };
    if (nb.every !== 1 || nb.delay !== 0 || !nb.check) {
      sim.out.warn("Using 'neigh_modify every 1 delay 0 check yes' setting during minimization");
    }
    nb.every = 1;
    nb.delay = 0;
    nb.check = true;
    this.niter = 0;
    this.neval = 0;
    this.alphaFinal = 0;
    this.dtinit = sim.dt;
    const norm = sim.thermo.norm ?? sim.system.units.normDefault;
    this.normflag = norm;
  }

  /** LAMMPS Min::setup: style vectors, neighbor build, forces, first thermo row and initial stats. */
  protected setup(maxiter: number): void {
    const sim = this.sim;
    const out = sim.out;
    out.print(`Setting up ${this.style} style minimization ...`);
    out.print(`  Unit style    : ${sim.system.units.name}`);
    out.print(`  Current step  : ${sim.step}`);
    sim.firstStep = sim.beginStep = sim.step;
    sim.lastStep = sim.endStep = sim.step + maxiter;
    this.nvec = 3 * sim.system.n;
    this.setupExtraGlobal();
    this.setupStyle();
    sim.setup();
    this.buildsAtSetup = sim.neighbor.builds;
    sim.thermo.header();
    sim.thermo.row();
    for (const o of sim.outputs) if (sim.step % o.every === 0) o.write(sim);
    this.ecurrent = this.energyNow();
    this.einitial = this.ecurrent;
    this.eprevious = this.ecurrent;
    this.fnorm2Init = Math.sqrt(this.fnormSqr());
    this.fnormInfInit = Math.sqrt(this.fnormInfSqr());
  }

  /**
   * Extra global dof of the fixes (LAMMPS Min::setup: nextra_global = modify->min_dof()). Only
   * line-search styles can move them (LAMMPS searchflag).
   */
  private setupExtraGlobal(): void {
    const sim = this.sim;
    this.extraFixes = sim.fixes.filter((f) => f.minDof !== undefined);
    let n = 0;
    const sizes = this.extraFixes.map((f) => f.minDof!(sim));
    for (const k of sizes) n += k;
    this.nextraGlobal = n;
    this.fextra = new Float64Array(n);
    this.fextraSlices = [];
    let off = 0;
    for (const k of sizes) {
      this.fextraSlices.push(this.fextra.subarray(off, off + k));
      off += k;
    }
    if (n > 0) {
      sim.out.warn(`Energy due to ${n} extra global DOFs will be included in minimizer energies`);
      if (!this.movesExtraGlobal)
        throw new Error(`Cannot use a damped dynamics min style with fix ${this.extraFixes[0].style}`);
    }
  }

  /** Whether this style moves extra global dof (line searches do; damped dynamics do not). */
  protected get movesExtraGlobal(): boolean {
    return false;
  }

  /**
   * LAMMPS Min::run: iterate, and on an early stop evaluate forces once more and write the final
   * thermo row (and every dump) at the step reached.
   */
  protected run(maxiter: number): StopReason {
    const stop = this.iterate(maxiter);
    if (stop !== STOP.MAXITER) {
      this.ecurrent = this.energyForce(false);
      this.sim.thermo.row();
      for (const o of this.sim.outputs) o.write(this.sim);
    }
    return stop;
  }

  /** LAMMPS Min::cleanup: restore the neighbor policy and the timestep. */
  protected cleanup(): void {
    const nb = this.sim.neighbor;
    nb.every = this.savedNeighbor.every;
    nb.delay = this.savedNeighbor.delay;
    nb.check = this.savedNeighbor.check;
    this.sim.dt = this.dtinit;
  }

  /** Allocate style vectors (LAMMPS setup_style); atoms are counted in nvec already. */
  protected setupStyle(): void {}

  /** Run up to maxiter iterations from the current state; return why it stopped. */
  protected abstract iterate(maxiter: number): StopReason;

  /**
   * After a reneighbor wrapped atoms back into the box, make stored reference coordinates consistent
   * (LAMMPS FixMinimize::reset_coords); only line searches store any.
   */
  protected resetCoords(): void {}

  /** Thermo row and periodic outputs for this iteration's step, when due (LAMMPS output->write). */
  protected output(step: number): void {
    const sim = this.sim;
    if (sim.thermo.isOutputStep(step)) sim.thermo.row();
    for (const o of sim.outputs) if (step % o.every === 0) o.write(sim);
  }

  /**
   * LAMMPS Min::energy_force: reneighbor if atoms moved more than half the skin (else refresh
   * ghosts), evaluate forces into system.f, and return the minimizer energy (per atom when thermo
   * normalises). resetflag: fix stored reference coordinates of atoms wrapped by a rebuild.
   */
  protected energyForce(resetflag: boolean): number {
    const nb = this.sim.neighbor;
    const builds = nb.builds;
    this.sim.minForces();
    if (resetflag && nb.builds !== builds) this.resetCoords();
    return this.energyNow();
  }

  /**
   * LAMMPS's minimizer energy is thermo_pe (the pair energy plus fixes with fix_modify energy yes)
   * plus the energy of the extra global dof (Modify::min_energy, which also fills fextra).
   */
  private energyNow(): number {
    let e = this.sim.pe + fixEnergy(this.sim);
    if (this.nextraGlobal > 0) {
      let ex = 0;
      for (let k = 0; k < this.extraFixes.length; k++)
        ex += this.extraFixes[k].minEnergy!(this.sim, this.fextraSlices[k]);
      e += ex;
    }
    return this.normflag && this.sim.system.n > 0 ? e / this.sim.system.n : e;
  }

  /** |f|^2 over all degrees of freedom, extra global ones last (force^2) (LAMMPS fnorm_sqr). */
  protected fnormSqr(): number {
    let s = sumSq(this.sim.system.f, this.nvec);
    for (let i = 0; i < this.nextraGlobal; i++) s += this.fextra[i] * this.fextra[i];
    return s;
  }

  /** Largest squared force component, extra global dof included (LAMMPS fnorm_inf). */
  protected fnormInfSqr(): number {
    let m = maxSq(this.sim.system.f, this.nvec);
    for (let i = 0; i < this.nextraGlobal; i++) m = Math.max(this.fextra[i] * this.fextra[i], m);
    return m;
  }

  /** Squared force norm selected by min_modify norm (two: sum of squares; max: largest per-atom |f|^2; inf: largest component^2). */
  protected fnormCriterion(twoNormSq?: number): number {
    const f = this.sim.system.f;
    if (this.normstyle === 'max') {
      let m = 0;
      for (let i = 0; i < this.nvec; i += 3) {
        const s = f[i] * f[i] + f[i + 1] * f[i + 1] + f[i + 2] * f[i + 2];
        if (s > m) m = s;
      }
      // LAMMPS fnorm_max steps through the extra dof by 3 as well (fextra[0], fextra[3], ...).
      for (let i = 0; i < this.nextraGlobal; i += 3) m = Math.max(this.fextra[i] * this.fextra[i], m);
      return m;
    }
    if (this.normstyle === 'inf') return this.fnormInfSqr();
    return twoNormSq ?? this.fnormSqr();
  }

  /** Relative energy tolerance test shared by the styles (LAMMPS's ETOL criterion). */
  protected energyConverged(): boolean {
    return (
      Math.abs(this.ecurrent - this.eprevious) <
      this.etol * 0.5 * (Math.abs(this.ecurrent) + Math.abs(this.eprevious) + EPS_ENERGY)
    );
  }
}

/** Validate `minimize etol ftol maxiter maxeval` (LAMMPS Minimize::command). */
export function checkCriteria(c: MinimizeCriteria): void {
  if (!(c.etol >= 0) || !(c.ftol >= 0))
    throw new Error(`Illegal minimize command: etol and ftol must be >= 0 (got ${c.etol} ${c.ftol})`);
  if (!Number.isInteger(c.maxiter) || c.maxiter < 0)
    throw new Error(`Illegal minimize command: maxiter must be a non-negative integer (got ${c.maxiter})`);
  if (!Number.isInteger(c.maxeval) || c.maxeval < 0)
    throw new Error(`Illegal minimize command: maxeval must be a non-negative integer (got ${c.maxeval})`);
}

function sumSq(f: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f[i] * f[i];
  return s;
}

function maxSq(f: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const s = f[i] * f[i];
    if (s > m) m = s;
  }
  return m;
}
