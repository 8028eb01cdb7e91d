import { describe, it, expect } from 'vitest';
import { parseBsdeConfig } from '../../src/bsde/config.js';
import { makeEquation } from '../../src/bsde/equation_registry.js';
import { HJBLQ } from '../../src/bsde/equations/hjb_lq.js';
import { chiSquareExpectation } from '../../src/bsde/hopf_cole.js';
import { tailMean, terminalMean, trainDeepBsde } from '../../src/bsde/solver.js';
import { Rng } from '../../src/nn/rng.js';

/** Small HJBLQ config (d = 3, N = 4) with the dpmd-ts tuning keys given in extra. */
function hjbConfig(extra: Record<string, unknown>, iters = 40) {
  return {
    eqn_config: { eqn_name: 'HJBLQ', total_time: 1, dim: 3, num_time_interval: 4 },
    net_config: {
      y_init_range: [0, 1],
      num_hiddens: [13, 13],
      lr_values: [1e-2, 1e-3],
      lr_boundaries: [20],
      num_iterations: iters,
      batch_size: 64,
      valid_size: 4096,
      logging_frequency: 10,
      dtype: 'float64',
      verbose: false,
      ...extra,
    },
  };
}

describe('Y0 averaging (net_config.y0_average_last)', () => {
  it('tailMean is the arithmetic mean of the last k entries', () => {
    const t = Float64Array.from([10, 1, 2, 3, 4, 5]);
    expect(tailMean(t, 1, NaN)).toBe(5);
    expect(tailMean(t, 2, NaN)).toBe(4.5);
    expect(tailMean(t, 5, NaN)).toBe(3); // (1+2+3+4+5)/5
    expect(tailMean(t, 6, NaN)).toBe(25 / 6);
    expect(tailMean(t, 100, NaN)).toBe(25 / 6); // k beyond the trace: the whole trace
    expect(tailMean(t, 0, -7)).toBe(-7); // no averaging: the fallback (the final parameter)
    expect(tailMean(new Float64Array(0), 3, -7)).toBe(-7);
  });

  it('is validated, and the reported Y0 is the mean of y_init over the last k steps', () => {
    expect(() => parseBsdeConfig(hjbConfig({ y0_average_last: -1 }))).toThrow(/y0_average_last/);
    expect(() => parseBsdeConfig(hjbConfig({ y0_average_last: 2.5 }))).toThrow(/y0_average_last/);
    const eq = makeEquation(parseBsdeConfig(hjbConfig({})).eqn_config);
    const plain = trainDeepBsde(eq, parseBsdeConfig(hjbConfig({})), { seed: 2, threads: 1 });
    const avg = trainDeepBsde(eq, parseBsdeConfig(hjbConfig({ y0_average_last: 8 })), { seed: 2, threads: 1 });
    // averaging changes only what is reported: the same training, step for step
    expect(Array.from(avg.y0Trace)).toEqual(Array.from(plain.y0Trace));
    expect(avg.history.map((r) => r.loss)).toEqual(plain.history.map((r) => r.loss));
    expect(plain.y0Trace.length).toBe(40);
    expect(plain.y0).toBe(plain.y0Trace[39]);
    expect(plain.y0).toBe(plain.history[plain.history.length - 1].y0);
    let s = 0;
    for (let i = 32; i < 40; i++) s += plain.y0Trace[i];
    expect(avg.y0).toBe(s / 8);
    expect(avg.y0).not.toBe(plain.y0);
  });
});

describe('y_init from the terminal condition (net_config.y_init_from_terminal)', () => {
  it('terminalMean of HJBLQ paths is E[g(X_T)] (chi-square quadrature) within 4 standard errors', () => {
    const d = 5,
      N = 4,
      batch = 40000;
    const eq = new HJBLQ({ eqn_name: 'HJBLQ', dim: d, total_time: 1, num_time_interval: N });
    const dw = new Float64Array(N * batch * d),
      x = new Float64Array((N + 1) * batch * d);
    eq.sample(new Rng(11), batch, dw, x);
    const G = (s: number) => Math.log((1 + s) / 2);
    const mean = chiSquareExpectation(G, d, Math.SQRT2, 1);
    const second = chiSquareExpectation((s) => G(s) ** 2, d, Math.SQRT2, 1);
    const se = Math.sqrt((second - mean * mean) / batch);
    expect(Math.abs(terminalMean(eq, x, batch) - mean)).toBeLessThan(4 * se);
  });

  it('starts y_init there instead of in y_init_range, and leaves everything else as it was', () => {
    expect(() => parseBsdeConfig(hjbConfig({ y_init_from_terminal: 1 }))).toThrow(/y_init_from_terminal/);
    const cfg = parseBsdeConfig(hjbConfig({ y_init_from_terminal: true }, 1));
    const eq = makeEquation(cfg.eqn_config);
    const r = trainDeepBsde(eq, cfg, { seed: 4, threads: 1 });
    const G = (s: number) => Math.log((1 + s) / 2);
    const mean = chiSquareExpectation(G, 3, Math.SQRT2, 1);
    const second = chiSquareExpectation((s) => G(s) ** 2, 3, Math.SQRT2, 1);
    const se = Math.sqrt((second - mean * mean) / 4096);
    // the step-0 log row shows the initial y_init: the validation paths' mean of g, far outside [0, 1]
    expect(Math.abs(r.history[0].y0 - mean)).toBeLessThan(4 * se);
    expect(mean).toBeGreaterThan(1);
    // without the option y_init is drawn from [0, 1]; the validation loss mean_b (y_init + A_b - g_b)^2, where
    // A = Y_N - y_init does not depend on y_init for HJBLQ, is smallest near y_init = mean(g - A) ~ mean(g)
    const plain = trainDeepBsde(eq, parseBsdeConfig(hjbConfig({}, 1)), { seed: 4, threads: 1 });
    expect(plain.history[0].y0).toBeGreaterThanOrEqual(0);
    expect(plain.history[0].y0).toBeLessThanOrEqual(1);
    expect(r.history[0].loss).toBeLessThan(plain.history[0].loss);
  });
});
