/**
 * Batch sampling as DeePMD-kit's DeepmdDataSystem with auto_prob "prob_sys_size": a system is drawn
 * with probability proportional to its number of batches (nframes / batch_size, at least 1); within a
 * system frames come from a shuffled permutation, reshuffled when used up. Batch size "auto:N" is the
 * smallest b with b * natoms >= N. Deterministic for a seed (src/nn Rng); the state after k draws is
 * reproduced by replaying k draws (checkpoints store k).
 */
import { Rng } from '../nn/rng.js';
import type { DataConfig } from './input.js';

export function resolveBatchSize(bs: DataConfig['batchSize'], natoms: number): number {
  if ('fixed' in bs) return bs.fixed;
  return Math.max(1, Math.ceil(bs.auto / natoms));
}

export class BatchSampler {
  private readonly rng: Rng;
  private readonly perm: Int32Array[];
  private readonly cursor: Int32Array;
  private readonly cum: Float64Array;
  draws = 0;

  constructor(
    readonly nframes: number[],
    readonly batchSizes: number[],
    seed: number,
  ) {
    this.rng = new Rng(seed);
    const nb = nframes.map((n, k) => Math.max(1, Math.floor(n / batchSizes[k])));
    const tot = nb.reduce((a, b) => a + b, 0);
    this.cum = new Float64Array(nb.length);
    let acc = 0;
    nb.forEach((b, k) => {
      acc += b / tot;
      this.cum[k] = acc;
    });
    this.perm = nframes.map((n) => Int32Array.from({ length: n }, (_, i) => i));
    this.cursor = new Int32Array(nframes.length);
    this.perm.forEach((p) => {
      this.shuffle(p);
    });
  }

  private shuffle(p: Int32Array): void {
    for (let i = p.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
  }

  /** Next batch: system index and frame indices. */
  next(): { sys: number; frames: number[] } {
    this.draws++;
    let sys = 0;
    if (this.cum.length > 1) {
      const u = this.rng.uniform();
      while (sys < this.cum.length - 1 && u >= this.cum[sys]) sys++;
    }
    const bs = this.batchSizes[sys],
      p = this.perm[sys],
      frames: number[] = [];
    for (let b = 0; b < bs; b++) {
      if (this.cursor[sys] >= p.length) {
        this.shuffle(p);
        this.cursor[sys] = 0;
      }
      frames.push(p[this.cursor[sys]++]);
    }
    return { sys, frames };
  }

  /** Advance to the state after n draws in total (from a fresh sampler). */
  replay(n: number): void {
    while (this.draws < n) this.next();
  }
}
