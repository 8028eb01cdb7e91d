/**
 * The RiD network's input gradient and the hand-written double backprop of the mean-force loss,
 * both against central differences (periodic and plain CVs mixed).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/nn/rng.js';
import { FreeEnergyNet } from '../../src/rid/free_energy_net.js';

function setup() {
  const net = new FreeEnergyNet([true, false, true], [7, 5, 6]);
  const rng = new Rng(3);
  net.init(rng);
  const n = 5;
  const s = new Float64Array(n * 3),
    f = new Float64Array(n * 3);
  rng.fillUniform(s, -3, 3);
  rng.fillNormal(f, 2);
  return { net, n, s, f };
}

describe('FreeEnergyNet', () => {
  it('grad_s A equals central differences of A', () => {
    const { net, n, s } = setup();
    const a = new Float64Array(n),
      g = new Float64Array(n * 3),
      ap = new Float64Array(n),
      am = new Float64Array(n);
    net.evaluate(s, n, a, g);
    const h = 1e-5;
    for (let q = 0; q < n * 3; q++) {
      const v = s[q];
      s[q] = v + h;
      net.evaluate(s, n, ap, null);
      s[q] = v - h;
      net.evaluate(s, n, am, null);
      s[q] = v;
      const i = Math.floor(q / 3);
      expect(Math.abs((ap[i] - am[i]) / (2 * h) - g[q])).toBeLessThan(1e-8);
    }
  });

  it('the parameter gradient of mean |grad_s A + F|^2 equals central differences', () => {
    const { net, n, s, f } = setup();
    const scratch = new Float64Array(n * 3);
    for (const p of net.params) p.grad.fill(0);
    const loss = net.lossGradient(s, f, n, scratch);
    expect(loss).toBeGreaterThan(0);
    const h = 1e-6;
    let checked = 0;
    for (const p of net.params) {
      for (let k = 0; k < p.value.length; k++) {
        const v = p.value[k];
        const g = p.grad[k];
        const dummy = net.params.map((q) => Float64Array.from(q.grad));
        p.value[k] = v + h;
        const lp = net.lossGradient(s, f, n, scratch);
        p.value[k] = v - h;
        const lm = net.lossGradient(s, f, n, scratch);
        p.value[k] = v;
        net.params.forEach((q, j) => {
          q.grad.set(dummy[j]);
        });
        const fd = (lp - lm) / (2 * h);
        const err = Math.abs(fd - g);
        expect(err, `${p.name}[${k}]: fd ${fd} analytic ${g}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        checked++;
      }
    }
    expect(checked).toBe(net.params.reduce((a, p) => a + p.value.length, 0));
  });

  it('the weighted loss is the weighted sum of squared residuals, and its gradient equals central differences', () => {
    const { net, n, s, f } = setup();
    const d = 3;
    const scratch = new Float64Array(n * d);
    const w = new Float64Array(n * d);
    new Rng(11).fillUniform(w, 0.2, 3);
    // value: (1/n) sum w r^2 with r = grad_s A + F, from the unweighted evaluation
    const g = new Float64Array(n * d);
    net.evaluate(s, n, null, g);
    let expected = 0;
    for (let q = 0; q < n * d; q++) expected += (w[q] * (g[q] + f[q]) ** 2) / n;
    for (const p of net.params) p.grad.fill(0);
    const loss = net.lossGradient(s, f, n, scratch, 1, w);
    expect(Math.abs(loss - expected)).toBeLessThan(1e-10 * expected);
    const h = 1e-6;
    for (const p of net.params) {
      for (let k = 0; k < p.value.length; k += 3) {
        const v = p.value[k];
        const ga = p.grad[k];
        const saved = net.params.map((q) => Float64Array.from(q.grad));
        p.value[k] = v + h;
        const lp = net.lossGradient(s, f, n, scratch, 1, w);
        p.value[k] = v - h;
        const lm = net.lossGradient(s, f, n, scratch, 1, w);
        p.value[k] = v;
        net.params.forEach((q, j) => {
          q.grad.set(saved[j]);
        });
        const fd = (lp - lm) / (2 * h);
        expect(Math.abs(fd - ga), `${p.name}[${k}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('parameters survive a flat round trip', () => {
    const { net } = setup();
    const other = new FreeEnergyNet([true, false, true], [7, 5, 6]);
    other.setFlat(net.getFlat());
    expect(Array.from(other.getFlat())).toEqual(Array.from(net.getFlat()));
    expect(() => other.setFlat([1, 2])).toThrow(/expected \d+ parameters, got 2/);
  });
});
