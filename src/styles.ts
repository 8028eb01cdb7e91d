import type { FixFactory } from '../integrators/fix.js';
import type { ComputeFactory } from './compute.js';
import type { MinimizerFactory } from '../integrators/minimizer.js';
import type { PairFactory } from './potential.js';
import { Registry } from './registry.js';

/** Style registries, keyed by the LAMMPS style name. Filled by builtin_styles.ts. */
export const PAIR_STYLES = new Registry<PairFactory>('pair style');
export const FIX_STYLES = new Registry<FixFactory>('fix style');
export const MIN_STYLES = new Registry<MinimizerFactory>('min_style');
export const COMPUTE_STYLES = new Registry<ComputeFactory>('compute style');
