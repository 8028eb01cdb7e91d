/** rid-kit's trust switch, the ensemble spread, and the selection of states to label. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/nn/rng.js';
import { Ensemble, makeEval, trustWeight } from '../../src/rid/ensemble.js';
import { selectStates } from '../../src/rid/selection.js';

describe('trust weight', () => {
  it('is 1 below lvl1, 0 from lvl2, the raised cosine between', () => {
    expect(trustWeight(0.5, 1, 3)).toBe(1);
    expect(trustWeight(1, 1, 3)).toBe(1);
    expect(trustWeight(2, 1, 3)).toBeCloseTo(0.5, 15);
    expect(trustWeight(1.5, 1, 3)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), 15);
    expect(trustWeight(3, 1, 3)).toBe(0);
    expect(trustWeight(10, 1, 3)).toBe(0);
    // monotone decreasing
    let prev = 2;
    for (let x = 0; x <= 4; x += 0.01) {
      const w = trustWeight(x, 1, 3);
      expect(w).toBeLessThanOrEqual(prev);
      prev = w;
    }
  });
});

describe('ensemble', () => {
  it('spread is the RMS over CVs of the per-CV std of the forces over models (DeePFE.cpp)', () => {
    const ens = new Ensemble([true, true], [6, 4], 4);
    ens.init(new Rng(5));
    const s = Float64Array.from([0.3, -1.2, 2.5, 0.7]);
    const ev = makeEval(2, 2);
    ens.evaluate(s, 2, ev);
    const a = new Float64Array(2),
      g = new Float64Array(4);
    const grads = ens.nets.map((net) => {
      net.evaluate(s, 2, a, g);
      return { a: Float64Array.from(a), g: Float64Array.from(g) };
    });
    for (let i = 0; i < 2; i++) {
      const meanA = grads.reduce((t, r) => t + r.a[i], 0) / 4;
      expect(ev.mean[i]).toBeCloseTo(meanA, 12);
      let v = 0;
      for (let k = 0; k < 2; k++) {
        const mu = grads.reduce((t, r) => t + r.g[2 * i + k], 0) / 4;
        expect(ev.meanGrad[2 * i + k]).toBeCloseTo(mu, 12);
        v += grads.reduce((t, r) => t + (r.g[2 * i + k] - mu) ** 2, 0) / 4;
      }
      expect(ev.sigma[i]).toBeCloseTo(Math.sqrt(v / 2), 12);
      expect(ev.sigma[i]).toBeGreaterThan(0);
    }
    const back = Ensemble.fromJSON(JSON.parse(JSON.stringify(ens.toJSON())));
    const ev2 = makeEval(2, 2);
    back.evaluate(s, 2, ev2);
    expect(Array.from(ev2.sigma)).toEqual(Array.from(ev.sigma));
  });
});

describe('selection', () => {
  const periodic = [true, true];
  it('takes states above trust_lvl_1 by decreasing spread, thinned by a periodic distance, capped', () => {
    // 5 points; 0 and 1 are 0.1 apart across the periodic boundary
    const s = Float64Array.from([3.1, 0, -3.13, 0.02, 1, 1, 1.05, 1, -2, 2]);
    const sigma = Float64Array.from([2, 5, 4, 3, 0.5]);
    expect(selectStates(s, 5, periodic, sigma, 1, 0.2, 10)).toEqual([1, 2]);
    expect(selectStates(s, 5, periodic, sigma, 1, 0.01, 10)).toEqual([1, 2, 3, 0]);
    expect(selectStates(s, 5, periodic, sigma, 1, 0.01, 2)).toEqual([1, 2]);
    expect(selectStates(s, 5, periodic, sigma, 4.5, 0.01, 10)).toEqual([1]);
  });
  it('without an ensemble every state is a candidate, in trajectory order', () => {
    const s = Float64Array.from([0, 0, 0.05, 0, 1, 1, 2, 2]);
    expect(selectStates(s, 4, periodic, null, 1, 0.1, 10)).toEqual([0, 2, 3]);
    // non-periodic CVs: no wrap
    expect(selectStates(Float64Array.from([3.1, -3.1]), 2, [false], null, 1, 0.5, 10)).toEqual([0, 1]);
    expect(selectStates(Float64Array.from([3.1, -3.1]), 2, [true], null, 1, 0.5, 10)).toEqual([0]);
  });
});
