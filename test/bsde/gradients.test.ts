import { describe, it, expect } from 'vitest';
import { DeepBsdeModel } from '../../src/bsde/deep_bsde_model.js';
import { makeEquation } from '../../src/bsde/equation_registry.js';
import { zeroGrads } from '../../src/nn/param.js';
import { Rng } from '../../src/nn/rng.js';

// Small cases of every equation: d = 3, N = 4, hidden [5, 5], batch 6. The loss is a deterministic function
// of the parameters for fixed paths (training-mode BN uses batch statistics only), so central differences apply.
const cases: { name: string; T: number; yr: [number, number] }[] = [
  { name: 'HJBLQ', T: 1, yr: [0, 1] },
  { name: 'AllenCahn', T: 0.3, yr: [0.3, 0.5] },
  { name: 'PricingDefaultRisk', T: 1, yr: [40, 60] },
  { name: 'PricingDiffRate', T: 0.5, yr: [15, 18] },
  { name: 'BurgersType', T: 0.2, yr: [0.3, 0.6] },
  { name: 'QuadraticGradient', T: 1, yr: [0.5, 1] },
  { name: 'ReactionDiffusion', T: 1, yr: [1, 2] },
];

describe('Deep BSDE loss gradient vs central finite differences', () => {
  for (const c of cases) {
    it(`${c.name}: y_init, z_init and every subnetwork parameter`, () => {
      const eq = makeEquation({ eqn_name: c.name, total_time: c.T, dim: 3, num_time_interval: 4 });
      const model = new DeepBsdeModel(eq, { numHiddens: [5, 5], yInitRange: c.yr });
      const rng = new Rng(11);
      model.init(rng);
      const batch = 6;
      model.sample(rng, batch);
      const params = model.params();
      zeroGrads(params);
      const loss0 = model.forward(batch, true);
      expect(Number.isFinite(loss0)).toBe(true);
      model.backward();
      const h = 1e-6;
      let maxErr = 0,
        n = 0;
      for (const p of params) {
        for (let i = 0; i < p.value.length; i++) {
          const v = p.value[i];
          const hh = h * Math.max(1, Math.abs(v));
          p.value[i] = v + hh;
          const lp = model.forward(batch, true);
          p.value[i] = v - hh;
          const lm = model.forward(batch, true);
          p.value[i] = v;
          const fd = (lp - lm) / (2 * hh);
          const scale = Math.max(1e-3 * Math.abs(loss0), Math.abs(fd));
          maxErr = Math.max(maxErr, Math.abs(fd - p.grad[i]) / scale);
          n++;
        }
      }
      expect(n).toBe(params.reduce((a, p) => a + p.value.length, 0));
      expect(maxErr).toBeLessThan(2e-5);
    });
  }
});
