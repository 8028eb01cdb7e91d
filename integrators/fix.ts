import type { Region } from '../src/region.js';
import type { Simulation } from '../src/simulation.js';
import type { ThermostatTemperature } from './thermostat_temperature.js';

/**
 * A fix (LAMMPS Fix): something applied at fixed points of every timestep. A fix implements only
 * the hooks it uses; the run loop calls them in LAMMPS's Verlet::run order:
 * initialIntegrate, postIntegrate, [preExchange + neighbor build | ghost refresh], forces, postForce,
 * finalIntegrate, endOfStep.
 */
export interface Fix {
  readonly id: string;
  readonly style: string;
  /** The group the fix acts on (set by the fix command; `group delete` refuses groups in use). */
  group?: string;
  /**
   * The fix's scalar and vector are extensive (LAMMPS extscalar/extvector): thermo divides f_ID by
   * the atom count under `thermo_modify norm yes`. Energies and summed forces are.
   */
  readonly extensive?: boolean;
  /** Per-element extensivity of the vector where it differs by element (LAMMPS extvector -1 with extlist). */
  extensiveElement?(i: number): boolean;
  /** Called before each run/minimize (LAMMPS init). */
  init?(sim: Simulation): void;
  /** Called after the setup force evaluation (LAMMPS setup). */
  setup?(sim: Simulation): void;
  /** In setup, after the neighbor build and before the setup forces (LAMMPS setup_pre_force). */
  setupPreForce?(sim: Simulation): void;
  /** Each step after neighbors are current, before the forces (LAMMPS pre_force). */
  preForce?(sim: Simulation): void;
  /** At the end of each run (LAMMPS post_run, via Verlet/Min cleanup). */
  postRun?(sim: Simulation): void;
  initialIntegrate?(sim: Simulation): void;
  postIntegrate?(sim: Simulation): void;
  /** On reneighboring steps only, before atoms are wrapped and lists rebuilt (LAMMPS pre_exchange). */
  preExchange?(sim: Simulation): void;
  /**
   * The fix forces a neighbor rebuild on this step (LAMMPS force_reneighbor with next_reneighbor,
   * checked by Neighbor::decide before the every/delay/check policy): fix pour inserts atoms there.
   */
  forcesReneighbor?(step: number): boolean;
  postForce?(sim: Simulation): void;
  finalIntegrate?(sim: Simulation): void;
  /** After each force evaluation of a minimizer (LAMMPS min_post_force): setforce, addforce, spring. */
  minPostForce?(sim: Simulation): void;
  endOfStep?(sim: Simulation): void;
  /**
   * Extra global degrees of freedom this fix adds to a line-search minimization (LAMMPS min_dof),
   * e.g. the box of fix box/relax. A fix with minDof also implements the five hooks below; each
   * gets its own slice of the minimizer's extra force / direction vectors (length minDof).
   */
  minDof?(sim: Simulation): number;
  /** Energy of the extra dof, added to the minimizer energy; writes their forces into fextra (LAMMPS min_energy). */
  minEnergy?(sim: Simulation, fextra: Float64Array): number;
  /** Store the extra dof at the start of a line search (LAMMPS min_store). */
  minStore?(sim: Simulation): void;
  /** Set the extra dof to the stored start + alpha*hextra, moving atoms with them (LAMMPS min_step). */
  minStep?(sim: Simulation, alpha: number, hextra: Float64Array): void;
  /** Largest alpha the extra dof allow along hextra (LAMMPS max_alpha). */
  maxAlpha?(sim: Simulation, hextra: Float64Array): number;
  /** After a successful line search: reset the reference state if due; true when it did (LAMMPS min_reset_ref). */
  minResetRef?(sim: Simulation): boolean;
  /**
   * Degrees of freedom this fix removes from the atoms of group bit `groupBit` (LAMMPS Fix::dof(igroup)),
   * subtracted by every temperature compute on that group.
   */
  dofRemoved?(sim: Simulation, groupBit: number): number;
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
  /**
   * Global scalar (LAMMPS compute_scalar), read as `f_ID` in thermo, variables and fix ave/time.
   * A fix with `energyGlobal` returns its energy here (energy units); `fix_modify ID energy yes`
   * then adds it to the potential energy (thermo pe, etotal). Thermostats without it answer f_ID
   * with `energyCouple` (their LAMMPS compute_scalar).
   */
  computeScalar?(sim: Simulation): number;
  /** Global vector element i, 0-based (LAMMPS compute_vector), read as `f_ID[i+1]`. */
  computeVector?(sim: Simulation, i: number): number;
  /** Length of the global vector (LAMMPS size_vector). */
  readonly vectorLength?: number;
  /**
   * Global array (LAMMPS array_flag, compute_array(i, j), 0-based): arrayRows x arrayCols values,
   * read by the formula functions sum/min/max/ave/trap/slope(f_ID[j]) (column j) (fix vector).
   */
  readonly arrayRows?: number;
  readonly arrayCols?: number;
  computeArray?(sim: Simulation, i: number, j: number): number;
  /** The fix's scalar is an energy that `fix_modify energy yes` may add to pe (LAMMPS energy_global_flag). */
  readonly energyGlobal?: boolean;
  /**
   * The fix contributes a virial (LAMMPS virial_global_flag): `virial6` returns Σ r⊗f of its forces
   * as xx, yy, zz, xy, xz, yz in energy units; `fix_modify virial yes` adds it to the pressure.
   */
  readonly virialGlobal?: boolean;
  virial6?(sim: Simulation): ArrayLike<number>;
  /**
   * The virial is complete only after final_integrate (fix rigid tallies its constraint forces in
   * set_xv and set_v): the run loop adds it after final_integrate instead of after post_force.
   */
  readonly virialAfterFinal?: boolean;
  /** Style-specific `fix_modify ID key value` (LAMMPS modify_param); true when the key was the fix's own. */
  modifyParam?(key: string, value: string, sim: Simulation): boolean;
  /** Set by `fix_modify ID energy yes|no` (LAMMPS thermo_energy). */
  thermoEnergy?: boolean;
  /** Set by `fix_modify ID virial yes|no` (LAMMPS thermo_virial). */
  thermoVirial?: boolean;
  /** Thermostats: the temperature they steer, which `fix_modify ID temp cID` replaces (LAMMPS id_temp). */
  readonly thermostat?: ThermostatTemperature;
  /**
   * Global state carried by restart files (LAMMPS restart_global: Fix::write_restart's list of
   * doubles, in LAMMPS's layout). A fix defined after read_restart with the same ID and style
   * gets it back through `restoreState` (LAMMPS Modify::add_fix → Fix::restart).
   */
  restartState?(): number[];
  restoreState?(state: readonly number[]): void;
  /** Atoms were reordered (spatial sort): new atom i is old atom perm[i]; permute per-atom state. */
  permute?(perm: Int32Array, n: number): void;
}

/** How a fix resolves the file names given in its arguments (the deck interpreter provides it). */
export interface FilePaths {
  /** An output file: relative to the working directory, as in LAMMPS. */
  outputPath(name: string): string;
  /** The current lattice (LAMMPS domain->lattice), for fixes whose coordinates default to `units lattice`. */
  lattice?: { readonly style: string; readonly xlattice: number; readonly ylattice: number; readonly zlattice: number };
  /** ${name}, $x and $(formula) substitution (LAMMPS Input::substitute), for text a fix evaluates later (fix print). */
  substitute?(text: string): string;
  /** The regions defined so far (LAMMPS domain->regions), for fixes that name one (fix deposit). */
  regions?: ReadonlyMap<string, Region>;
}

/** Parses `fix ID group style args...` arguments into a Fix. */
export type FixFactory = (id: string, group: string, args: string[], sim: Simulation, files?: FilePaths) => Fix;
