/**
 * Loss and parameter gradient of one batch on the calling thread: for each frame, pass 1 (E, F, W),
 * the loss seeds, then pass 2 (gradient into the model's Param.grad, accumulated: zero them first).
 * The worker-thread version (backend.ts ThreadedBackend) runs the same two passes split over atoms.
 *
 * Both split a frame's atoms into GRAD_GROUPS fixed groups, accumulate each group's energy, forces,
 * virial and gradient separately, and sum the groups in group order (sumGroups, addGroupGrads): a
 * thread runs whole groups, so the result is the same to the last bit on 1, 2 or 4 threads.
 */
import type { FrameEngine, Pass1Out } from './engine.js';
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

/** Fixed atom groups of a frame (independent of the thread count; 4 keeps 1, 2 and 4 threads balanced). */
export const GRAD_GROUPS = 4;

/** Group g is local atoms [b[g], b[g+1]). */
export function groupBounds(nloc: number): Int32Array {
  const b = new Int32Array(GRAD_GROUPS + 1);
  for (let g = 0; g <= GRAD_GROUPS; g++) b[g] = Math.round((g * nloc) / GRAD_GROUPS);
  return b;
}

/** Floats of one group's pass-1 result in a flat array: energy, virial (9), forces (nloc x 3). */
export function groupStride(nloc: number): number {
  return 10 + 3 * nloc;
}

/**
 * Pass1Out views of groups g0..g1-1 in `res` (group g at g * groupStride), zeroed. Their energies are
 * plain numbers: storeEnergies writes them into res, where another thread's groups can be read.
 */
export function groupOuts(res: Float64Array, nloc: number, g0: number, g1: number): Pass1Out[] {
  const stride = groupStride(nloc);
  const outs: Pass1Out[] = [];
  for (let g = g0; g < g1; g++) {
    const o = g * stride;
    res.fill(0, o, o + stride);
    outs.push({ energy: 0, virial: res.subarray(o + 1, o + 10), force: res.subarray(o + 10, o + stride) });
  }
  return outs;
}

/** The energies of groups g0.. (outs) into res. */
export function storeEnergies(res: Float64Array, nloc: number, g0: number, outs: Pass1Out[]): void {
  outs.forEach((o, k) => {
    res[(g0 + k) * groupStride(nloc)] = o.energy;
  });
}

/** The frame's E, F, W: the groups' results summed in group order into F and W (overwritten); returns E. */
export function sumGroups(outs: Pass1Out[], F: Float64Array, W: Float64Array): number {
  let E = 0;
  F.fill(0);
  W.fill(0);
  for (const o of outs) {
    E += o.energy;
    const f = o.force,
      w = o.virial;
    for (let k = 0; k < F.length; k++) F[k] += f[k];
    for (let k = 0; k < 9; k++) W[k] += w[k];
  }
  return E;
}

/** target += the groups' gradients, in group order. */
export function addGroupGrads(target: Float64Array, grads: Float64Array[]): void {
  for (const g of grads) for (let k = 0; k < target.length; k++) target[k] += g[k];
}

export function emptySums(natoms: number, has: Has): ErrorSums {
  return { nframes: 0, natoms, se: 0, sf: 0, sv: 0, hasE: has.e, hasF: has.f, hasV: has.v };
}

/**
 * Batch of frames of one system (same N). With grad, accumulates dL/dtheta into Param.grad (through
 * groupGrads, GRAD_GROUPS arrays of numParams, zeroed here; allocated when not given).
 */
export function batchLossGrad(
  engine: FrameEngine,
  frames: PreparedFrame[],
  has: Has,
  p: Prefactors,
  grad: boolean,
  groupGrads?: Float64Array[],
): ErrorSums {
  const N = frames[0].nloc,
    B = frames.length;
  const s = emptySums(N, has);
  const F = new Float64Array(3 * N),
    W = new Float64Array(9),
    u = new Float64Array(3 * N),
    V = new Float64Array(9);
  const bounds = groupBounds(N),
    res = new Float64Array(GRAD_GROUPS * groupStride(N));
  const model = engine.model;
  const grads = grad
    ? (groupGrads ?? Array.from({ length: GRAD_GROUPS }, () => new Float64Array(model.numParams)))
    : null;
  if (grads) for (const g of grads) g.fill(0);
  for (const fr of frames) {
    const outs = groupOuts(res, N, 0, GRAD_GROUPS);
    engine.pass1Groups(fr, bounds, 0, GRAD_GROUPS, outs);
    const E = sumGroups(outs, F, W);
    addErrors(s, fr, has, E, F, W);
    s.nframes++;
    if (grads) {
      const eE = lossSeeds(p, B, N, has, E, fr.energy, F, fr.force, W, fr.virial, u, V);
      engine.pass2Groups(fr, bounds, 0, GRAD_GROUPS, eE, has.f ? u : null, has.v ? V : null, grads);
    }
  }
  if (grads) addGroupGrads(model.flatGrad, grads);
  return s;
}
