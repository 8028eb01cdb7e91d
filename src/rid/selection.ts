/**
 * Selection of the states to label (rid-kit's selector, simplified to what the loop needs): visited
 * CV states where the ensemble disagrees (sigma > trust_lvl_1; every state when there is no ensemble
 * yet), taken in order of decreasing sigma (ties: trajectory order), each kept only when it is at
 * least `minDistance` (CV units, periodic differences for periodic CVs) from every state kept before,
 * at most `max` of them.
 */
import { wrapAngle } from './torus_potential.js';

/** Distance between two CV points a[ia..] and b[ib..] (d components), periodic where flagged. */
export function cvDistance(
  a: Float64Array,
  ia: number,
  b: Float64Array,
  ib: number,
  periodic: readonly boolean[],
): number {
  let s2 = 0;
  for (let k = 0; k < periodic.length; k++) {
    const dk = a[ia + k] - b[ib + k];
    const e = periodic[k] ? wrapAngle(dk) : dk;
    s2 += e * e;
  }
  return Math.sqrt(s2);
}

/**
 * Indices (into the n points of s, n x d) of the selected states. sigma: the ensemble spread at
 * each point, or null (no ensemble: every point is a candidate, in trajectory order).
 */
export function selectStates(
  s: Float64Array,
  n: number,
  periodic: readonly boolean[],
  sigma: Float64Array | null,
  trustLvl1: number,
  minDistance: number,
  max: number,
): number[] {
  const d = periodic.length;
  const cand: number[] = [];
  for (let i = 0; i < n; i++) if (!sigma || sigma[i] > trustLvl1) cand.push(i);
  if (sigma) cand.sort((i, j) => sigma[j] - sigma[i] || i - j);
  const kept: number[] = [];
  for (const i of cand) {
    if (kept.length >= max) break;
    let ok = true;
    for (const j of kept) {
      if (cvDistance(s, i * d, s, j * d, periodic) < minDistance) {
        ok = false;
        break;
      }
    }
    if (ok) kept.push(i);
  }
  return kept;
}
