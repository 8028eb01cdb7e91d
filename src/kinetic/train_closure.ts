import { Adam } from '../nn/adam.js';
import { zeroGrads } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import type { ClosureSamples } from './dataset.js';
import { knudsenFeature, type LearnedClosure } from './learned_closure.js';
import { gaussMoment } from './moment_algebra.js';

export interface TrainSpec {
  autoencoderSteps: number;
  closureSteps: number;
  batchSize: number;
  lr: number;
  lrFinal: number;
}

export interface TrainReport {
  /** Mean squared reconstruction error of f̂ (∫ (f̂_dec − f̂)² dξ) on all samples, before and after. */
  reconstruction: { initial: number; final: number };
  /** Mean squared closure error of μ̂_{N+1}: Grad's closure and the learned one, on all samples. */
  closure: { grad: number; learned: number };
  wallSeconds: number;
}

/**
 * Loss and gradients of one batch for the autoencoder: L = (1/B) Σ_b Σ_j (φ(ξ_j) + D_j(W_b, ℓ_b) − f̂_bj)² Δξ.
 * Accumulates into the encoder's and decoder's gradients; rows lists the sample indices.
 */
export function autoencoderLoss(
  model: LearnedClosure,
  s: ClosureSamples,
  rows: ArrayLike<number>,
  grad: boolean,
): number {
  const B = rows.length,
    K = model.K,
    nxi = model.shape.nxi,
    n = s.order + 2;
  const d = new Float64Array(B * K),
    x = new Float64Array(B * (K + 1)),
    ell = new Float64Array(B),
    hat = new Float64Array(B * n);
  for (let b = 0; b < B; b++) {
    hat.set(s.hat.subarray(rows[b] * n, rows[b] * n + n), b * n);
    ell[b] = knudsenFeature(s.eps[rows[b]]);
  }
  model.deviations(hat, n, B, d);
  model.encode(d, ell, B, x);
  const y = model.decoder.forward(x, B, true);
  const dy = new Float64Array(B * nxi);
  const dxi = model.dxi;
  let L = 0;
  for (let b = 0; b < B; b++)
    for (let j = 0; j < nxi; j++) {
      const xi = model.xi[j];
      const r = Math.exp(-0.5 * xi * xi) / Math.sqrt(2 * Math.PI) + y[b * nxi + j] - s.fhat[rows[b] * nxi + j];
      L += r * r * dxi;
      dy[b * nxi + j] = (2 * r * dxi) / B;
    }
  if (grad) {
    const dx = model.decoder.backward(dy, B, true)!;
    model.encodeBackward(d, dx, B);
  }
  return L / B;
}

/**
 * Loss of the closure network on a batch: L = (1/B) Σ_b (C(W_b, ℓ_b) − C(0, ℓ_b) − (μ̂_{N+1} − Grad)/s)², the
 * residual of Grad's closure with the equilibrium value subtracted as in LearnedClosure.evaluate. One forward of
 * 2B rows: the B samples, then their B equilibrium rows (0, ℓ_b); the backward sends +dL/dy to the first and
 * −dL/dy to the second.
 */
export function closureLoss(model: LearnedClosure, s: ClosureSamples, rows: ArrayLike<number>, grad: boolean): number {
  const B = rows.length,
    K = model.K,
    n = s.order + 2,
    N = s.order;
  const d = new Float64Array(B * K),
    x = new Float64Array(2 * B * (K + 1)),
    ell = new Float64Array(B),
    hat = new Float64Array(B * n),
    target = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const o = rows[b] * n;
    hat.set(s.hat.subarray(o, o + n), b * n);
    ell[b] = knudsenFeature(s.eps[rows[b]]);
    target[b] = (s.hat[o + N + 1] - model.grad(s.hat, o)) / model.outputScale;
  }
  model.deviations(hat, n, B, d);
  model.encode(d, ell, B, x);
  for (let b = 0; b < B; b++) x[(B + b) * (K + 1) + K] = ell[b];
  const y = model.net.forward(x, 2 * B, true);
  const dy = new Float64Array(2 * B);
  let L = 0;
  for (let b = 0; b < B; b++) {
    const r = y[b] - y[B + b] - target[b];
    L += r * r;
    dy[b] = (2 * r) / B;
    dy[B + b] = -dy[b];
  }
  if (grad) model.net.backward(dy, 2 * B, false);
  return L / B;
}

/** Input and output scales from the data: σ_p = std of μ̂_p − Gaussian value; s = std of μ̂_{N+1} − Grad. */
export function fitScales(model: LearnedClosure, s: ClosureSamples): void {
  const n = s.order + 2,
    N = s.order;
  for (let k = 0; k < model.K; k++) {
    let q = 0;
    for (let r = 0; r < s.count; r++) q += (s.hat[r * n + 3 + k] - gaussMoment(3 + k)) ** 2;
    model.inputScale[k] = Math.max(Math.sqrt(q / s.count), 1e-3);
  }
  let q = 0;
  for (let r = 0; r < s.count; r++) q += (s.hat[r * n + N + 1] - model.grad(s.hat, r * n)) ** 2;
  model.outputScale = Math.max(Math.sqrt(q / s.count), 1e-6);
}

function allRows(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}

/**
 * Train the autoencoder (encoder A + decoder) and then the closure network on the samples by Adam with an
 * exponentially decaying learning rate from lr to lrFinal.
 */
export function trainClosure(
  model: LearnedClosure,
  s: ClosureSamples,
  spec: TrainSpec,
  rng: Rng,
  log?: (line: string) => void,
): TrainReport {
  const t0 = performance.now();
  fitScales(model, s);
  const all = allRows(s.count);
  const rows = new Int32Array(Math.min(spec.batchSize, s.count));
  const pick = (): Int32Array => {
    for (let b = 0; b < rows.length; b++) rows[b] = Math.floor(rng.uniform() * s.count);
    return rows;
  };
  const lrAt = (step: number, total: number) => spec.lr * Math.pow(spec.lrFinal / spec.lr, step / Math.max(1, total));
  const recon0 = autoencoderLoss(model, s, all, false);
  const ae = new Adam(model.autoencoderParams());
  for (let step = 0; step < spec.autoencoderSteps; step++) {
    zeroGrads(ae.params);
    const L = autoencoderLoss(model, s, pick(), true);
    ae.step(lrAt(step, spec.autoencoderSteps));
    if (log && (step % 500 === 0 || step === spec.autoencoderSteps - 1))
      log(`autoencoder step ${step}: loss ${L.toExponential(3)}`);
  }
  const recon1 = autoencoderLoss(model, s, all, false);
  const cl = new Adam(model.closureParams());
  for (let step = 0; step < spec.closureSteps; step++) {
    zeroGrads(cl.params);
    const L = closureLoss(model, s, pick(), true);
    cl.step(lrAt(step, spec.closureSteps));
    if (log && (step % 1000 === 0 || step === spec.closureSteps - 1))
      log(`closure step ${step}: loss ${L.toExponential(3)}`);
  }
  const learned = closureLoss(model, s, all, false) * model.outputScale ** 2;
  return {
    reconstruction: { initial: recon0, final: recon1 },
    closure: { grad: model.outputScale ** 2, learned },
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
