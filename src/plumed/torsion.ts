import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import type { ActionReader } from './action_reader.js';
import { parseAtomList } from './action_reader.js';
import { slotVirial } from './cv_virial.js';

/**
 * TORSION ATOMS=a,b,c,d: the dihedral angle in (-π, π], IUPAC sign convention (trans = ±π),
 * periodic with period 2π. With b1 = r_b - r_a, b2 = r_c - r_b, b3 = r_d - r_c (minimum image),
 * n1 = b1×b2, n2 = b2×b3:
 *   φ = atan2(|b2| b1·n2, n1·n2)
 *   ∂φ/∂r_a = -|b2| n1/|n1|²,  ∂φ/∂r_d = |b2| n2/|n2|²
 *   ∂φ/∂r_b = -(1 + b1·b2/|b2|²) ∂φ/∂r_a + (b3·b2/|b2|²) ∂φ/∂r_d
 *   ∂φ/∂r_c = -(1 + b3·b2/|b2|²) ∂φ/∂r_d + (b1·b2/|b2|²) ∂φ/∂r_a
 * (Blondel and Karplus, J. Comput. Chem. 17, 1132 (1996)); atan2 keeps the value smooth through
 * 0 and the gradient is regular everywhere except for collinear atoms.
 */
export function createTorsion(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  if (r.has('VECTORA') || r.has('VECTORB') || r.has('AXIS'))
    r.fail('VECTORA/VECTORB/AXIS are not supported: use ATOMS');
  const atoms = parseAtomList(r, 'ATOMS');
  if (atoms.length !== 4) r.fail(`ATOMS needs exactly 4 atoms, got ${atoms.length}`);
  const pbc = !r.flag('NOPBC');
  r.done();
  const idx = atoms.map((t) => b.atom(t));
  const v = b.values;
  const k = v.add(label, idx, [-Math.PI, Math.PI]);
  const d = new Float64Array(9);
  const p = new Float64Array(12);
  return {
    name: 'TORSION',
    label,
    calculate(ctx: PlumedContext): void {
      ctx.delta(idx[0], idx[1], d, 0, pbc);
      ctx.delta(idx[1], idx[2], d, 3, pbc);
      ctx.delta(idx[2], idx[3], d, 6, pbc);
      const b1x = d[0],
        b1y = d[1],
        b1z = d[2];
      const b2x = d[3],
        b2y = d[4],
        b2z = d[5];
      const b3x = d[6],
        b3y = d[7],
        b3z = d[8];
      const n1x = b1y * b2z - b1z * b2y;
      const n1y = b1z * b2x - b1x * b2z;
      const n1z = b1x * b2y - b1y * b2x;
      const n2x = b2y * b3z - b2z * b3y;
      const n2y = b2z * b3x - b2x * b3z;
      const n2z = b2x * b3y - b2y * b3x;
      const lb2sq = b2x * b2x + b2y * b2y + b2z * b2z;
      const lb2 = Math.sqrt(lb2sq);
      const y = lb2 * (b1x * n2x + b1y * n2y + b1z * n2z);
      const x = n1x * n2x + n1y * n2y + n1z * n2z;
      v.value[k] = Math.atan2(y, x);
      const n1sq = n1x * n1x + n1y * n1y + n1z * n1z;
      const n2sq = n2x * n2x + n2y * n2y + n2z * n2z;
      const fa = n1sq > 0 ? -lb2 / n1sq : 0;
      const fd = n2sq > 0 ? lb2 / n2sq : 0;
      const ga0 = fa * n1x,
        ga1 = fa * n1y,
        ga2 = fa * n1z;
      const gd0 = fd * n2x,
        gd1 = fd * n2y,
        gd2 = fd * n2z;
      const c12 = lb2sq > 0 ? (b1x * b2x + b1y * b2y + b1z * b2z) / lb2sq : 0;
      const c32 = lb2sq > 0 ? (b3x * b2x + b3y * b2y + b3z * b2z) / lb2sq : 0;
      const g = v.grad;
      const s = 3 * v.slotStart[k];
      g[s] = ga0;
      g[s + 1] = ga1;
      g[s + 2] = ga2;
      g[s + 3] = -(1 + c12) * ga0 + c32 * gd0;
      g[s + 4] = -(1 + c12) * ga1 + c32 * gd1;
      g[s + 5] = -(1 + c12) * ga2 + c32 * gd2;
      g[s + 6] = -(1 + c32) * gd0 + c12 * ga0;
      g[s + 7] = -(1 + c32) * gd1 + c12 * ga1;
      g[s + 8] = -(1 + c32) * gd2 + c12 * ga2;
      g[s + 9] = gd0;
      g[s + 10] = gd1;
      g[s + 11] = gd2;
      // Positions rebuilt along the chain from atom a at the origin.
      p[0] = 0;
      p[1] = 0;
      p[2] = 0;
      for (let c = 0; c < 3; c++) {
        p[3 + c] = d[c];
        p[6 + c] = p[3 + c] + d[3 + c];
        p[9 + c] = p[6 + c] + d[6 + c];
      }
      slotVirial(v, k, p);
    },
  };
}
