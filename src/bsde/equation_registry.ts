import type { Equation, EqnConfig } from './equation.js';
import type { NumberRange } from '../config_reader.js';
import { HJBLQ } from './equations/hjb_lq.js';
import { AllenCahn } from './equations/allen_cahn.js';
import { PricingDefaultRisk } from './equations/pricing_default_risk.js';
import { PricingDiffRate } from './equations/pricing_diff_rate.js';
import { BurgersType } from './equations/burgers_type.js';
import { QuadraticGradient } from './equations/quadratic_gradient.js';
import { ReactionDiffusion } from './equations/reaction_diffusion.js';

interface Entry {
  make: (cfg: EqnConfig) => Equation;
  /** eqn_config keys beyond eqn_name, total_time, dim, num_time_interval, with their ranges. */
  keys: Record<string, NumberRange>;
}

/**
 * eqn_name (as in the reference DeepBSDE configs) -> constructor. A Map, so that names such as
 * "toString" or "__proto__" are unknown equations rather than Object.prototype members.
 */
const REGISTRY = new Map<string, Entry>([
  ['HJBLQ', { make: (c) => new HJBLQ(c), keys: { lambd: { above: 0, max: 100 } } }],
  ['AllenCahn', { make: (c) => new AllenCahn(c), keys: {} }],
  ['PricingDefaultRisk', { make: (c) => new PricingDefaultRisk(c), keys: {} }],
  ['PricingDiffRate', { make: (c) => new PricingDiffRate(c), keys: {} }],
  ['BurgersType', { make: (c) => new BurgersType(c), keys: {} }],
  ['QuadraticGradient', { make: (c) => new QuadraticGradient(c), keys: {} }],
  ['ReactionDiffusion', { make: (c) => new ReactionDiffusion(c), keys: {} }],
]);

export function equationNames(): string[] {
  return [...REGISTRY.keys()];
}

/** Every extra eqn_config key some equation reads. */
export function allEquationKeys(): string[] {
  return [...new Set([...REGISTRY.values()].flatMap((e) => Object.keys(e.keys)))];
}

/** Extra eqn_config keys an equation reads, or null for an unknown name. */
export function equationKeys(name: string): Record<string, NumberRange> | null {
  return REGISTRY.get(name)?.keys ?? null;
}

/** Build the equation named by cfg.eqn_name; throws with the list of known names otherwise. */
export function makeEquation(cfg: EqnConfig): Equation {
  const entry = REGISTRY.get(cfg.eqn_name);
  if (!entry) throw new Error(`unknown eqn_name '${cfg.eqn_name}'; known: ${equationNames().join(', ')}`);
  return entry.make(cfg);
}
