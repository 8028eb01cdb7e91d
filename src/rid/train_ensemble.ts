/**
 * Training of the RiD ensemble on mean forces (rid-kit rid/nn/model.py, Model.train): every model
 * sees all labelled centres, in its own shuffled minibatches, with Adam and rid-kit's learning rate
 * lr = init_lr * decay_rate^floor(epoch / decay_steps) (TF exponential_decay, staircase, counted in
 * epochs); loss = mean |grad_s A + F|^2 (free_energy_net.ts).
 */
import { Adam } from '../nn/adam.js';
import { zeroGrads } from '../nn/param.js';
import { Rng } from '../nn/rng.js';
import type { Ensemble } from './ensemble.js';

export interface TrainSettings {
  batchSize: number;
  epochs: number;
  initLr: number;
  /** Epochs per decay step. */
  decaySteps: number;
  decayRate: number;
}

/** Labelled data: centres s (n x d) and mean forces F = -grad A (n x d). */
export interface MeanForceData {
  n: number;
  s: Float64Array;
  f: Float64Array;
  /** Optional weight of each force component (n x d; label_weights.ts); all 1 when absent. */
  weight?: Float64Array;
}

/**
 * Train every model of the ensemble; returns the final full-data loss (root mean square force error,
 * kJ/mol per CV unit) of each model.
 */
export function trainEnsemble(ens: Ensemble, data: MeanForceData, t: TrainSettings, seed: number): number[] {
  const d = ens.d,
    n = data.n;
  const bs = Math.min(t.batchSize, n);
  const sb = new Float64Array(bs * d),
    fb = new Float64Array(bs * d),
    wb = data.weight ? new Float64Array(bs * d) : null,
    gb = new Float64Array(Math.max(bs, n) * d);
  const order = new Int32Array(n);
  const rmse: number[] = [];
  const root = new Rng(seed);
  for (const net of ens.nets) {
    const rng = root.split();
    const adam = new Adam(net.params);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let epoch = 0; epoch < t.epochs; epoch++) {
      const lr = t.initLr * t.decayRate ** Math.floor(epoch / t.decaySteps);
      // Fisher-Yates shuffle per epoch
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (let start = 0; start + bs <= n; start += bs) {
        for (let b = 0; b < bs; b++) {
          const i = order[start + b];
          for (let k = 0; k < d; k++) {
            sb[b * d + k] = data.s[i * d + k];
            fb[b * d + k] = data.f[i * d + k];
            if (wb) wb[b * d + k] = data.weight![i * d + k];
          }
        }
        zeroGrads(net.params);
        net.lossGradient(sb, fb, bs, gb, 1, wb);
        adam.step(lr);
      }
    }
    zeroGrads(net.params);
    rmse.push(Math.sqrt(net.lossGradient(data.s, data.f, n, gb) / d));
    zeroGrads(net.params);
  }
  return rmse;
}
