import type { Simulation } from '../src/simulation.js';

/**
 * A fix (LAMMPS Fix): something applied at fixed points of every timestep. A fix implements only
 * the hooks it uses; the run loop calls them in LAMMPS's Verlet::run order:
 * initialIntegrate, postIntegrate, [preExchange + neighbor build | ghost refresh], forces, postForce,
 * finalIntegrate, endOfStep.
 */
export interface Fix {
  readonly id: string;
  readonly style: string;
  /** Called before each run/minimize (LAMMPS init). */
  init?(sim: Simulation): void;
  /** Called after the setup force evaluation (LAMMPS setup). */
  setup?(sim: Simulation): void;
  initialIntegrate?(sim: Simulation): void;
  postIntegrate?(sim: Simulation): void;
  /** On reneighboring steps only, before atoms are wrapped and lists rebuilt (LAMMPS pre_exchange). */
  preExchange?(sim: Simulation): void;
  postForce?(sim: Simulation): void;
  finalIntegrate?(sim: Simulation): void;
  endOfStep?(sim: Simulation): void;
  /** Degrees of freedom this fix removes from the temperature (LAMMPS dof_remove). */
  dofRemoved?(sim: Simulation): number;
  /** True when the fix changes the box (barostats): the neighbor check then accounts for it. */
  readonly changesBox?: boolean;
  /** The fix needs the potential energy every step (e.g. for its own output). */
  readonly needsEnergy?: boolean;
  /**
   * The fix needs the potential energy on this step only (e.g. fix ave/time sampling an
   * equal-style variable that reads pe): asked once per step before the forces are computed.
   */
  needsEnergyOn?(step: number): boolean;
  /** The fix needs the pressure/virial every step (barostats). */
  readonly needsVirial?: boolean;
  /** Energy the fix exchanges with the system (thermo `ecouple`), energy units. */
  energyCouple?(sim: Simulation): number;
  /** Atoms were reordered (spatial sort): new atom i is old atom perm[i]; permute per-atom state. */
  permute?(perm: Int32Array, n: number): void;
}

/** How a fix resolves the file names given in its arguments (the deck interpreter provides it). */
export interface FilePaths {
  /** An output file: relative to the working directory, as in LAMMPS. */
  outputPath(name: string): string;
}

/** Parses `fix ID group style args...` arguments into a Fix. */
export type FixFactory = (id: string, group: string, args: string[], sim: Simulation, files?: FilePaths) => Fix;
