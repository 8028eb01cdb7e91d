/**
 * The DEEPFE bias (deepfe.ts): V = -w(σ) Ā with dV/ds = -w ∇Ā (central differences where w is 1),
 * no bias where the ensemble disagrees, and the sign convention end to end: a torus walker under the
 * bias -A of the exact free energy A = V diffuses over the whole torus (flat histogram), while unbiased
 * it stays in the φ < 0 basins.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/nn/rng.js';
import { DeepFeBias, makeDeepFeOut } from '../../src/rid/deepfe.js';
import { Ensemble, makeEval } from '../../src/rid/ensemble.js';
import { ensembleBias } from '../../src/rid/loop.js';
import type { CvBias } from '../../src/rid/sampler.js';
import { TORUS_POTENTIALS } from '../../src/rid/torus_potential.js';
import { TorusSampler } from '../../src/rid/torus_sampler.js';

function ensemble(): Ensemble {
  const ens = new Ensemble([true, true], [8, 6], 4);
  ens.init(new Rng(11));
  return ens;
}

describe('DEEPFE bias', () => {
  it('is -mean A with dV/ds from central differences where trusted (w = 1)', () => {
    const ens = ensemble();
    const bias = new DeepFeBias(ens, 1e9, 2e9);
    const n = 6;
    const s = new Float64Array(n * 2);
    new Rng(2).fillUniform(s, -Math.PI, Math.PI);
    const out = makeDeepFeOut(n, 2);
    bias.evaluate(s, n, out);
    const ev = makeEval(n, 2);
    ens.evaluate(s, n, ev);
    const p = makeDeepFeOut(1, 2),
      m = makeDeepFeOut(1, 2);
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      expect(out.weight[i]).toBe(1);
      expect(out.energy[i]).toBeCloseTo(-ev.mean[i], 12);
      // the networks are rid-kit-sized (eV-scaled): untrained, their forces are tens of kJ/mol/rad
      expect(Math.abs(ev.meanGrad[2 * i]) + Math.abs(ev.meanGrad[2 * i + 1])).toBeGreaterThan(0.5);
      for (let k = 0; k < 2; k++) {
        const x = Float64Array.from(s.subarray(2 * i, 2 * i + 2));
        x[k] += h;
        bias.evaluate(x, 1, p);
        x[k] -= 2 * h;
        bias.evaluate(x, 1, m);
        const fd = (p.energy[0] - m.energy[0]) / (2 * h);
        expect(Math.abs(fd - out.dVds[2 * i + k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('is off where the ensemble disagrees (σ >= trust_lvl_2), and the loop bias applies -dV/ds', () => {
    const ens = ensemble();
    const s = Float64Array.from([0.4, -2.0, 2.9, 1.1]);
    const out = makeDeepFeOut(2, 2);
    new DeepFeBias(ens, 1e-9, 2e-9).evaluate(s, 2, out);
    expect(out.sigma[0]).toBeGreaterThan(2e-9);
    expect(Array.from(out.energy, Math.abs)).toEqual([0, 0]);
    expect(Array.from(out.dVds, Math.abs)).toEqual([0, 0, 0, 0]);
    expect(Array.from(out.weight)).toEqual([0, 0]);
    const on = makeDeepFeOut(2, 2);
    new DeepFeBias(ens, 1e9, 2e9).evaluate(s, 2, on);
    const e = new Float64Array(2),
      f = new Float64Array(4);
    ensembleBias(ens, 1e9, 2e9).apply(s, 2, e, f);
    expect(Array.from(e)).toEqual(Array.from(on.energy));
    expect(Array.from(f)).toEqual(Array.from(on.dVds).map((v) => -v));
    expect(() => new DeepFeBias(ens, 2, 2)).toThrow(/TRUST_LVL_2 \(2\) must be > TRUST_LVL_1 \(2\)/);
  });

  it('the bias -A flattens the landscape: walkers under -V visit phi > 0 half of the time', async () => {
    const sampler = new TorusSampler({
      potential: TORUS_POTENTIALS.get('ala2_like')!,
      temperature: 300,
      diffusion: 1,
      dt: 0.001,
      labelDt: 0.001,
      threads: 1,
    });
    // U = -V, force -dU/ds = +grad V (the CvBias convention)
    const minusV: CvBias = {
      apply(s, n, energy, force) {
        const g = new Float64Array(2);
        for (let i = 0; i < n; i++) {
          energy[i] = -sampler.V(s[2 * i], s[2 * i + 1]);
          const h = 1e-6;
          g[0] = (sampler.V(s[2 * i] + h, s[2 * i + 1]) - sampler.V(s[2 * i] - h, s[2 * i + 1])) / (2 * h);
          g[1] = (sampler.V(s[2 * i], s[2 * i + 1] + h) - sampler.V(s[2 * i], s[2 * i + 1] - h)) / (2 * h);
          force[2 * i] = g[0];
          force[2 * i + 1] = g[1];
        }
      },
    };
    const fracPositive = (traj: Float64Array) => {
      let c = 0;
      for (let q = 0; q < traj.length; q += 2) if (traj[q] > 0) c++;
      return c / (traj.length / 2);
    };
    const states = sampler.initialStates(4, 1);
    const biased = await sampler.biasedMD(states, minusV, 20000, 10, 7);
    const free = await sampler.biasedMD(states, null, 20000, 10, 7);
    sampler.close();
    // flat: the phi > 0 half holds half of the samples (4 x 2000 correlated samples, D = 1 rad^2/ps)
    expect(Math.abs(fracPositive(biased.traj) - 0.5)).toBeLessThan(0.15);
    // unbiased, the phi > 0 basins (>= 11.8 kJ/mol, passes >= 23.8 kJ/mol) are hardly visited
    expect(fracPositive(free.traj)).toBeLessThan(0.05);
  });
});
