/**
 * The sampler contract of the RiD loop: everything the loop needs from the system whose free energy
 * it learns, and nothing more. The loop knows CVs only as vectors of d numbers (radians for periodic
 * ones); a sampler owns the dynamics, its units (energies kJ/mol) and its threads.
 *
 *   biasedMD     exploration: walkers run with an extra bias on the CVs, report the CVs they visit;
 *   meanForces   labelling: restrained runs at given centres, mean force -grad A and its error.
 *
 * Implementations: `torus_sampler.ts` (a particle on the (phi, psi) torus in an analytic potential,
 * exact answer A = V); the molecular sampler (`dpmd run` decks with `fix plumed`) plugs in here.
 * Walker states are opaque JSON values (the torus: [phi, psi]; MD: a restart file name), so that the
 * loop can store them in its iteration directories and resume.
 */

/** A bias on the CVs, evaluated by the sampler at the walkers' CVs. */
export interface CvBias {
  /**
   * At n points s (n x d): energy[i] = U_bias(s_i) (kJ/mol) and force (n x d) = the force the bias
   * applies on the CVs (-dU_bias/ds as applied, kJ/mol per CV unit).
   */
  apply(s: Float64Array, n: number, energy: Float64Array, force: Float64Array): void;
  /**
   * The same bias as a file for a sampler in another process: the ensemble (Ensemble.toJSON) and trust
   * levels that PLUMED's DEEPFE action (src/plumed/deepfe.ts) reads. Present for the RiD ensemble bias.
   */
  readonly model?: { ensemble: unknown; trustLvl1: number; trustLvl2: number };
}

export type WalkerState = unknown;

export interface ExploreResult {
  /** Visited CVs, frame-major: nframes x nwalkers x d. */
  traj: Float64Array;
  nframes: number;
  /** Final state of each walker (the next iteration's start). */
  states: WalkerState[];
}

export interface MeanForceResult {
  /** Mean force F = -grad A at each centre (n x d), kJ/mol per CV unit. */
  force: Float64Array;
  /** Block-average standard error of each component (n x d). */
  error: Float64Array;
}

export interface Sampler {
  /** Number of CVs. */
  readonly d: number;
  /** Which CVs are periodic (angles in (-pi, pi]). */
  readonly periodic: readonly boolean[];
  /** CV names, for logs. */
  readonly cvNames: readonly string[];
  /** Initial walker states (deterministic in seed). */
  initialStates(nwalkers: number, seed: number): WalkerState[];
  /**
   * Run every walker `steps` steps under `bias` (null: unbiased), recording the CVs every
   * `outputFreq` steps; deterministic in seed.
   */
  biasedMD(
    states: WalkerState[],
    bias: CvBias | null,
    steps: number,
    outputFreq: number,
    seed: number,
  ): Promise<ExploreResult>;
  /**
   * Restrained runs (harmonic 0.5 kappa_k (s_k - c_k)^2, periodic differences) at n centres (n x d),
   * `steps` steps each, the first (1 - tail) of the samples discarded; several centres at once on
   * the sampler's threads or processes. Deterministic in seed (independent of how centres are spread
   * over threads). Mean force F_k = kappa_k (<s_k> - c_k).
   */
  meanForces(
    centres: Float64Array,
    n: number,
    kappas: readonly number[],
    steps: number,
    tail: number,
    seed: number,
  ): Promise<MeanForceResult>;
  /** Release threads/processes. */
  close(): void;
}

/** A per-task seed from a run seed and up to three indices (splitmix-style hash, uint32). */
export function taskSeed(seed: number, a: number, b = 0, c = 0): number {
  let x = (seed >>> 0) ^ Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b) ^ Math.imul(c + 1, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
