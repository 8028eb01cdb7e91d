import type { Equation, EqnConfig } from './equation.js';
import { HJBLQ } from './equations/hjb_lq.js';
import { AllenCahn } from './equations/allen_cahn.js';
import { PricingDefaultRisk } from './equations/pricing_default_risk.js';
import { PricingDiffRate } from './equations/pricing_diff_rate.js';
import { BurgersType } from './equations/burgers_type.js';
import { QuadraticGradient } from './equations/quadratic_gradient.js';
import { ReactionDiffusion } from './equations/reaction_diffusion.js';

/** eqn_name (as in the reference DeepBSDE configs) -> constructor. */
const REGISTRY: Record<string, (cfg: EqnConfig) => Equation> = {
  HJBLQ: (c) => new HJBLQ(c),
  AllenCahn: (c) => new AllenCahn(c),
  PricingDefaultRisk: (c) => new PricingDefaultRisk(c),
  PricingDiffRate: (c) => new PricingDiffRate(c),
  BurgersType: (c) => new BurgersType(c),
  QuadraticGradient: (c) => new QuadraticGradient(c),
  ReactionDiffusion: (c) => new ReactionDiffusion(c),
};

export function equationNames(): string[] {
  return Object.keys(REGISTRY);
}

/** Build the equation named by cfg.eqn_name; throws with the list of known names otherwise. */
export function makeEquation(cfg: EqnConfig): Equation {
  const make = REGISTRY[cfg.eqn_name];
  if (!make) throw new Error(`unknown eqn_name '${cfg.eqn_name}'; known: ${equationNames().join(', ')}`);
  return make(cfg);
}
