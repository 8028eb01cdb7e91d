import { describe, it, expect } from 'vitest';
import { BnMlp } from '../../src/nn/bn_mlp.js';
import { BatchNorm } from '../../src/nn/batch_norm.js';
import { Adam } from '../../src/nn/adam.js';
import { makeParam, zeroGrads } from '../../src/nn/param.js';
import { piecewiseConstant, exponentialDecay } from '../../src/nn/lr_schedule.js';
import { Rng } from '../../src/nn/rng.js';
import type { ActivationName } from '../../src/nn/activation.js';

/** Loss L = sum_ij W_ij out_ij with fixed random weights W, so dL/dout = W. */
function lossOf(net: BnMlp, x: Float64Array, batch: number, w: Float64Array, training: boolean): number {
  const out = net.forward(x, batch, training);
  let s = 0;
  for (let i = 0; i < batch * net.nOut; i++) s += w[i] * out[i];
  return s;
}

describe('BnMlp backward vs central finite differences (float64)', () => {
  const cases: { act: ActivationName; bn: boolean; training: boolean }[] = [
    { act: 'tanh', bn: true, training: true },
    { act: 'relu', bn: true, training: true },
    { act: 'tanh', bn: false, training: true },
    { act: 'tanh', bn: true, training: false },
  ];
  for (const c of cases) {
    it(`${c.act}, bn=${c.bn}, training=${c.training}: parameter and input gradients`, () => {
      const rng = new Rng(7);
      const batch = 6,
        sizes = [3, 5, 4, 2];
      const net = new BnMlp({
        sizes,
        activation: c.act,
        inputBn: c.bn,
        hiddenBn: c.bn,
        outputBn: c.bn,
        bnGammaRange: [0.5, 1.5],
        bnBetaStd: 0.3,
        bnEps: 1e-6,
      });
      net.init(rng);
      // non-trivial moving statistics for eval mode
      for (const b of net.bn)
        if (b) {
          rng.fillUniform(b.movingMean, -0.5, 0.5);
          rng.fillUniform(b.movingVar, 0.5, 2);
        }
      const x = new Float64Array(batch * sizes[0]);
      rng.fillNormal(x);
      const w = new Float64Array(batch * net.nOut);
      rng.fillNormal(w);
      const params = net.params();
      zeroGrads(params);
      lossOf(net, x, batch, w, c.training);
      const dx = net.backward(w, batch, true)!;
      const dxCopy = Float64Array.from(dx.subarray(0, batch * sizes[0]));
      const h = 1e-6;
      let maxErr = 0,
        checked = 0;
      for (const p of params) {
        for (let i = 0; i < p.value.length; i++) {
          const v = p.value[i];
          p.value[i] = v + h;
          const lp = lossOf(net, x, batch, w, c.training);
          p.value[i] = v - h;
          const lm = lossOf(net, x, batch, w, c.training);
          p.value[i] = v;
          const fd = (lp - lm) / (2 * h);
          maxErr = Math.max(maxErr, Math.abs(fd - p.grad[i]) / Math.max(1, Math.abs(fd)));
          checked++;
        }
      }
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        x[i] = v + h;
        const lp = lossOf(net, x, batch, w, c.training);
        x[i] = v - h;
        const lm = lossOf(net, x, batch, w, c.training);
        x[i] = v;
        const fd = (lp - lm) / (2 * h);
        maxErr = Math.max(maxErr, Math.abs(fd - dxCopy[i]) / Math.max(1, Math.abs(fd)));
      }
      expect(checked).toBeGreaterThan(50);
      expect(maxErr).toBeLessThan(1e-7);
    });
  }
});

describe('BatchNorm', () => {
  it('normalises a batch to zero mean, unit variance and updates moving averages like Keras', () => {
    const bn = new BatchNorm(2, 0.9, 0);
    const x = Float64Array.from([1, 10, 3, 20, 5, 30]); // 3 x 2
    const y = new Float64Array(6);
    bn.forward(x, y, 3, true);
    expect(y[0] + y[2] + y[4]).toBeCloseTo(0, 12);
    expect((y[0] ** 2 + y[2] ** 2 + y[4] ** 2) / 3).toBeCloseTo(1, 12);
    // mean (3, 20), biased var (8/3, 200/3)
    expect(bn.movingMean[0]).toBeCloseTo(0.1 * 3, 12);
    expect(bn.movingMean[1]).toBeCloseTo(0.1 * 20, 12);
    expect(bn.movingVar[0]).toBeCloseTo(0.9 + 0.1 * (8 / 3), 12);
    bn.forward(x, y, 3, false);
    expect(y[0]).toBeCloseTo((1 - 0.3) / Math.sqrt(0.9 + 0.8 / 3), 12);
  });
});

describe('Adam', () => {
  it('takes the TF/Keras step lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps)', () => {
    const p = makeParam('p', [2]);
    p.value.set([1, -2]);
    const adam = new Adam([p], 0.9, 0.999, 1e-8);
    p.grad.set([0.5, -3]);
    adam.step(0.1);
    // first step: m = 0.1 g, v = 0.001 g^2, lr_t = 0.1 sqrt(0.001)/0.1 -> step ~ lr * sign(g)
    const lrT = (0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    expect(p.value[0]).toBeCloseTo(1 - (lrT * 0.05) / (Math.sqrt(0.001 * 0.25) + 1e-8), 14);
    expect(p.value[1]).toBeCloseTo(-2 + 0.1, 6);
    p.grad.set([0.5, -3]);
    adam.step(0.1);
    expect(adam.t).toBe(2);
    expect(p.value[1]).toBeCloseTo(-2 + 0.2, 6);
  });

  it('getState/setState round trip continues identically', () => {
    const mk = () => {
      const p = makeParam('p', [3]);
      p.value.set([1, 2, 3]);
      return p;
    };
    const a = mk(),
      b = mk();
    const oa = new Adam([a]),
      ob = new Adam([b]);
    const grad = (p: typeof a) => {
      for (let j = 0; j < 3; j++) p.grad[j] = Math.sin(p.value[j] * (j + 1));
    };
    for (let i = 0; i < 5; i++) {
      grad(a);
      oa.step(0.01);
    }
    b.value.set(a.value);
    ob.setState(oa.getState());
    for (let i = 0; i < 5; i++) {
      grad(a);
      oa.step(0.01);
      grad(b);
      ob.step(0.01);
    }
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
    expect(ob.t).toBe(10);
  });

  it('minimises a quadratic', () => {
    const p = makeParam('p', [3]);
    p.value.set([3, -1, 2]);
    const adam = new Adam([p]);
    for (let i = 0; i < 2000; i++) {
      for (let j = 0; j < 3; j++) p.grad[j] = 2 * (p.value[j] - j);
      adam.step(0.05);
    }
    for (let j = 0; j < 3; j++) expect(p.value[j]).toBeCloseTo(j, 3);
  });
});

describe('learning-rate schedules', () => {
  it('piecewise constant follows TF boundaries (step <= b is the left piece)', () => {
    const lr = piecewiseConstant([1000, 2000], [1e-2, 1e-3, 1e-4]);
    expect(lr(0)).toBe(1e-2);
    expect(lr(1000)).toBe(1e-2);
    expect(lr(1001)).toBe(1e-3);
    expect(lr(2000)).toBe(1e-3);
    expect(lr(5000)).toBe(1e-4);
    expect(() => piecewiseConstant([1], [1])).toThrow();
  });
  it('exponential decay, smooth and staircase', () => {
    expect(exponentialDecay(1, 10, 0.5)(5)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(exponentialDecay(1, 10, 0.5, true)(15)).toBe(0.5);
  });
});

describe('Rng', () => {
  it('is reproducible and gives standard normals', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const xa = new Float64Array(200000),
      xb = new Float64Array(200000);
    a.fillNormal(xa);
    b.fillNormal(xb);
    expect(xa).toEqual(xb);
    expect(c.uniform()).not.toBe(new Rng(42).uniform());
    let m = 0,
      v = 0,
      k = 0;
    for (const x of xa) m += x;
    m /= xa.length;
    for (const x of xa) {
      v += (x - m) ** 2;
      k += (x - m) ** 4;
    }
    v /= xa.length;
    k /= xa.length;
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(xa.length));
    expect(v).toBeCloseTo(1, 1.5);
    expect(k / (v * v)).toBeCloseTo(3, 1);
    const u = new Rng(1);
    for (let i = 0; i < 10000; i++) {
      const x = u.uniform();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
