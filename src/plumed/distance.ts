import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import type { ActionReader } from './action_reader.js';
import { parseAtomList } from './action_reader.js';

/**
 * DISTANCE ATOMS=a,b [COMPONENTS] [NOPBC]: d = |r_b - r_a| (minimum image), or with COMPONENTS
 * the values label.x, label.y, label.z = r_b - r_a. ∂d/∂r_b = (r_b - r_a)/d = -∂d/∂r_a; the
 * virial term is d_vec ⊗ ∂d/∂r_b (a pair term).
 */
export function createDistance(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const atoms = parseAtomList(r, 'ATOMS');
  if (atoms.length !== 2) r.fail(`ATOMS needs exactly 2 atoms, got ${atoms.length}`);
  const components = r.flag('COMPONENTS');
  const pbc = !r.flag('NOPBC');
  r.done();
  const a0 = b.atom(atoms[0]);
  const a1 = b.atom(atoms[1]);
  const v = b.values;
  const ks = components ? ['x', 'y', 'z'].map((c) => v.add(`${label}.${c}`, [a0, a1])) : [v.add(label, [a0, a1])];
  const d = new Float64Array(3);
  return {
    name: 'DISTANCE',
    label,
    calculate(ctx: PlumedContext): void {
      ctx.delta(a0, a1, d, 0, pbc);
      const g = v.grad;
      const w = v.virial;
      if (components) {
        for (let c = 0; c < 3; c++) {
          const k = ks[c];
          v.value[k] = d[c];
          const s = 3 * v.slotStart[k];
          g.fill(0, s, s + 6);
          g[s + c] = -1;
          g[s + 3 + c] = 1;
          w.fill(0, 9 * k, 9 * k + 9);
          for (let a = 0; a < 3; a++) w[9 * k + 3 * a + c] = d[a];
        }
        return;
      }
      const k = ks[0];
      const len = Math.hypot(d[0], d[1], d[2]);
      v.value[k] = len;
      const s = 3 * v.slotStart[k];
      const inv = len > 0 ? 1 / len : 0;
      for (let c = 0; c < 3; c++) {
        g[s + c] = -d[c] * inv;
        g[s + 3 + c] = d[c] * inv;
      }
      for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) w[9 * k + 3 * a + c] = d[a] * d[c] * inv;
    },
  };
}
