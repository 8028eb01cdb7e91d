import type { Simulation } from './simulation.js';

/**
 * A compute (LAMMPS Compute): a diagnostic evaluated on demand, not every step. Only what a
 * consumer asks for is computed, and only on the steps it asks: fix ave/time invokes a compute at
 * its sampling steps, so a compute costs nothing on the other steps.
 *
 * So far computes produce a global array (LAMMPS array_flag): sizeArrayRows x sizeArrayCols values,
 * row-major in `array`, referenced in decks as c_ID[col] (1-based column). Other outputs (scalar,
 * vector, per-atom) can be added to this contract when a compute needs them.
 */
export interface Compute {
  readonly id: string;
  readonly style: string;
  readonly sizeArrayRows: number;
  readonly sizeArrayCols: number;
  /** The global array of the last invocation, row-major (rows x cols). */
  readonly array: Float64Array;
  /**
   * Short names of the array columns (CSV headers) and whether a column is worth plotting against
   * the first one (compute rdf: yes for g(r), no for the cumulative coordination numbers).
   */
  readonly arrayColumns: readonly { name: string; plot: boolean }[];
  /** Step of the last computeArray() (-1: none since init); see invokeArray. */
  invokedArray: number;
  /** Called before each run (LAMMPS init): check settings against the pair style, count atoms. */
  init?(sim: Simulation): void;
  /** Fill `array` for the current positions. */
  computeArray(sim: Simulation): void;
}

/** Parses `compute ID group style args...` arguments into a Compute (the box exists). */
export type ComputeFactory = (id: string, group: string, args: string[], sim: Simulation) => Compute;

/**
 * The compute's array for the current step, computed at most once per step however many
 * consumers read it (LAMMPS's invoked_flag / invoked_array bookkeeping).
 */
export function invokeArray(c: Compute, sim: Simulation): Float64Array {
  if (c.invokedArray !== sim.step) {
    c.computeArray(sim);
    c.invokedArray = sim.step;
  }
  return c.array;
}
