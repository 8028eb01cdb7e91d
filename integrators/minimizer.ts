import type { Simulation } from '../src/simulation.js';

/** Stopping criteria of `minimize etol ftol maxiter maxeval` (LAMMPS units: energy, force). */
export interface MinimizeCriteria {
  etol: number;
  ftol: number;
  maxiter: number;
  maxeval: number;
}

/** Outcome of a minimization, printed as LAMMPS's "Minimization stats". */
export interface MinimizeResult {
  /** Why it stopped, in LAMMPS's words (e.g. "energy tolerance", "max iterations"). */
  stopReason: string;
  iterations: number;
  evaluations: number;
  energyStart: number;
  energyEnd: number;
  fnorm2: number;
  fnormInf: number;
}

/**
 * A min_style (LAMMPS Min subclass). minimize() moves sim.system.x, calling sim.minForces() for
 * energy and forces, and prints thermo rows via sim.thermo at the thermo interval.
 */
export interface Minimizer {
  readonly style: string;
  /** min_modify keyword/value pairs this style understands; return false for unknown keys. */
  modify(key: string, value: string): boolean;
  minimize(sim: Simulation, c: MinimizeCriteria): MinimizeResult;
}

export type MinimizerFactory = () => Minimizer;
