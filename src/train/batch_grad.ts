/**
 * Loss and parameter gradient of one batch on the calling thread: for each frame, pass 1 (E, F, W),
 * the loss seeds, then pass 2 (gradient into the model's Param.grad, accumulated: zero them first).
 * The worker-thread version (pool.ts) runs the same two passes split over atoms.
 */
import type { FrameEngine } from './engine.js';
import type { PreparedFrame } from './frame.js';
import { lossSeeds, type ErrorSums, type Prefactors } from './loss.js';

export interface Has {
  e: boolean;
  f: boolean;
  v: boolean;
}

/** Squared-error sums of one frame's prediction; adds into s. */
export function addErrors(
  s: ErrorSums,
  fr: PreparedFrame,
  has: Has,
  E: number,
  F: Float64Array,
  W: Float64Array,
): void {
  if (has.e) s.se += (E - fr.energy) ** 2;
  if (has.f && fr.force) for (let k = 0; k < 3 * fr.nloc; k++) s.sf += (F[k] - fr.force[k]) ** 2;
  if (has.v && fr.virial) for (let k = 0; k < 9; k++) s.sv += (W[k] - fr.virial[k]) ** 2;
}

export function emptySums(natoms: number, has: Has): ErrorSums {
  return { nframes: 0, natoms, se: 0, sf: 0, sv: 0, hasE: has.e, hasF: has.f, hasV: has.v };
}

/** Batch of frames of one system (same N). With grad, accumulates dL/dtheta into Param.grad. */
export function batchLossGrad(
  engine: FrameEngine,
  frames: PreparedFrame[],
  has: Has,
  p: Prefactors,
  grad: boolean,
): ErrorSums {
  const N = frames[0].nloc,
    B = frames.length;
  const s = emptySums(N, has);
  const F = new Float64Array(3 * N),
    W = new Float64Array(9),
    u = new Float64Array(3 * N),
    V = new Float64Array(9);
  for (const fr of frames) {
    F.fill(0);
    W.fill(0);
    const out = { energy: 0, force: F, virial: W };
    engine.pass1(fr, 0, N, out);
    addErrors(s, fr, has, out.energy, F, W);
    s.nframes++;
    if (grad) {
      const eE = lossSeeds(p, B, N, has, out.energy, fr.energy, F, fr.force, W, fr.virial, u, V);
      engine.pass2(fr, 0, N, eE, has.f ? u : null, has.v ? V : null);
    }
  }
  return s;
}
