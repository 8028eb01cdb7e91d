import type { Region } from './region.js';
import type { Simulation } from './simulation.js';

/**
 * A compute (LAMMPS Compute): a diagnostic evaluated on demand, not every step. Only what a
 * consumer asks for is computed, and only on the steps it asks: fix ave/time invokes a compute at
 * its sampling steps, so a compute costs nothing on the other steps.
 *
 * Outputs: a global array (LAMMPS array_flag: sizeArrayRows x sizeArrayCols values, row-major in
 * `array`, read by fix ave/time mode vector as c_ID[col]; 0 x 0 when the compute has none), a global
 * scalar (LAMMPS scalar_flag, read as `c_ID` in thermo, equal-style variables and fix ave/time)
 * and a global vector (LAMMPS vector_flag, `c_ID[i]`, 1-based), and per-atom values (LAMMPS
 * peratom_flag: one value per atom read as `c_ID`, or `peratomCols` columns read as `c_ID[i]`,
 * by compute reduce, atom-style variables and dump custom; see peratom_refs.ts).
 */
export interface Compute {
  readonly id: string;
  readonly style: string;
  /** The group the compute acts on (set by the compute command; `group delete` refuses groups in use). */
  group?: string;
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
  /** Global scalar now (LAMMPS compute_scalar). */
  computeScalar?(sim: Simulation): number;
  /** Length of the global vector (LAMMPS size_vector); computeVector fills and returns it. */
  readonly sizeVector?: number;
  computeVector?(sim: Simulation): Float64Array;
  /** Scalar / vector are extensive: thermo divides them by the atom count under norm yes (LAMMPS extscalar/extvector). */
  readonly extensiveScalar?: boolean;
  readonly extensiveVector?: boolean;
  /** The compute reads the potential energy of the step (compute pe): energy must be tallied when it is invoked. */
  readonly needsEnergy?: boolean;
  /**
   * Per-atom output (LAMMPS size_peratom_cols): 0 for one value per atom, n for n columns; absent
   * when the compute has none. computePeratom fills and returns n_atoms x max(1, cols) values,
   * row-major in atom order, zero for atoms outside the compute's group.
   */
  readonly peratomCols?: number;
  computePeratom?(sim: Simulation): Float64Array;
  /** The compute reads per-atom energies (compute pe/atom): the pair style tallies them on energy steps. */
  readonly needsEatom?: boolean;
  /**
   * Temperature computes (temp, temp/com, temp/partial, temp/region): the degrees of freedom of the
   * scalar (LAMMPS temperature->dof), read by compute pressure after computeScalar.
   */
  temperatureDof?(sim: Simulation): number;
  /** The compute reads per-atom virials (compute stress/atom): the pair style tallies them on energy steps. */
  readonly needsVatom?: boolean;
  /**
   * Temperature computes with a velocity bias (LAMMPS tempbias: temp/partial, temp/region, temp/com):
   * thermostats given the compute by `fix_modify ID temp` take the bias out of atom i's velocity
   * (`removeBias`, after `computeScalar` of this step), act on the thermal part, and put it back
   * (`restoreBias`); the *All forms do the same for every atom of the compute's group.
   */
  readonly tempBias?: boolean;
  /**
   * compute_modify extra/dof N (LAMMPS extra_dof; default the dimension) and dynamic/dof yes|no
   * (recount the group's atoms at every evaluation instead of at setup): read by the temperature
   * computes' dof.
   */
  extraDof?: number;
  dynamicDof?: boolean;
  removeBias?(sim: Simulation, i: number): void;
  restoreBias?(sim: Simulation, i: number): void;
  removeBiasAll?(sim: Simulation): void;
  restoreBiasAll?(sim: Simulation): void;
}

/** Parses `compute ID group style args...` arguments into a Compute (the box exists; regions by ID). */
export type ComputeFactory = (
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  regions: ReadonlyMap<string, Region>,
) => Compute;

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
