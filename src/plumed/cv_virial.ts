import type { ValueStore } from './values.js';

/**
 * Virial term of a translation-invariant CV from its gradient slots: Σ_a p_a ⊗ ∂s/∂r_a over the
 * slots of value k, where p holds the slots' positions rebuilt from minimum-image separations
 * (any common origin gives the same sum because Σ_a ∂s/∂r_a = 0).
 */
export function slotVirial(v: ValueStore, k: number, p: Float64Array): void {
  const s0 = v.slotStart[k];
  const n = v.slotCount[k];
  const g = v.grad;
  const w = v.virial;
  const o = 9 * k;
  w.fill(0, o, o + 9);
  for (let i = 0; i < n; i++) {
    const gs = 3 * (s0 + i);
    for (let a = 0; a < 3; a++) {
      const pa = p[3 * i + a];
      w[o + 3 * a] += pa * g[gs];
      w[o + 3 * a + 1] += pa * g[gs + 1];
      w[o + 3 * a + 2] += pa * g[gs + 2];
    }
  }
}
