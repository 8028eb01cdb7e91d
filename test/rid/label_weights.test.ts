/**
 * Label weights from block errors (label_weights.ts): w ∝ 1/(ε² + ε̄²), mean 1, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { labelWeights } from '../../src/rid/label_weights.js';

describe('labelWeights', () => {
  it('weights 1/(e^2 + mean e^2), normalised to mean 1', () => {
    // errors 1, 2, 3: mean e^2 = 14/3; raw 1/(1+14/3) = 3/17, 1/(4+14/3) = 3/26, 1/(9+14/3) = 3/41
    const w = labelWeights(Float64Array.from([1, 2, 3]));
    const raw = [3 / 17, 3 / 26, 3 / 41];
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((r, i) => {
      expect(w[i]).toBeCloseTo((3 * r) / sum, 12);
    });
    expect(w[0] + w[1] + w[2]).toBeCloseTo(3, 12);
  });
  it('equal errors give equal weights 1; a zero error is capped by the mean; NaN counts as the mean', () => {
    expect(Array.from(labelWeights(Float64Array.from([0.7, 0.7])))).toEqual([1, 1]);
    const w = labelWeights(Float64Array.from([0, 1, Number.NaN]));
    // mean e^2 over finite = 0.5; raw: 1/0.5 = 2, 1/1.5, 1/(0.5+0.5) = 1
    const raw = [2, 1 / 1.5, 1];
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((r, i) => {
      expect(w[i]).toBeCloseTo((3 * r) / sum, 12);
    });
  });
});
