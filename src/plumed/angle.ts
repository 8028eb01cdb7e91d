import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import type { ActionReader } from './action_reader.js';
import { parseAtomList } from './action_reader.js';
import { slotVirial } from './cv_virial.js';

/**
 * ANGLE ATOMS=a,b,c (angle at b between b→a and b→c) or ATOMS=a,b,c,d (angle between a→b and
 * c→d), radians in [0, π]. θ = atan2(|u×v|, u·v) stays accurate near 0 and π, and
 * ∂θ/∂u = (cosθ û - v̂) / (|u| sinθ) (same for v with u, v swapped). At exactly collinear
 * vectors the gradient is undefined; it is set to zero there (PLUMED returns NaN).
 */
export function createAngle(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const atoms = parseAtomList(r, 'ATOMS');
  if (atoms.length !== 3 && atoms.length !== 4) r.fail(`ATOMS needs 3 or 4 atoms, got ${atoms.length}`);
  const pbc = !r.flag('NOPBC');
  r.done();
  const idx = atoms.map((t) => b.atom(t));
  const four = idx.length === 4;
  const v = b.values;
  const k = v.add(label, idx);
  const u = new Float64Array(3);
  const w = new Float64Array(3);
  const p = new Float64Array(12);
  return {
    name: 'ANGLE',
    label,
    calculate(ctx: PlumedContext): void {
      if (four) {
        ctx.delta(idx[0], idx[1], u, 0, pbc);
        ctx.delta(idx[2], idx[3], w, 0, pbc);
      } else {
        ctx.delta(idx[1], idx[0], u, 0, pbc);
        ctx.delta(idx[1], idx[2], w, 0, pbc);
      }
      const lu = Math.hypot(u[0], u[1], u[2]);
      const lw = Math.hypot(w[0], w[1], w[2]);
      const cx = u[1] * w[2] - u[2] * w[1];
      const cy = u[2] * w[0] - u[0] * w[2];
      const cz = u[0] * w[1] - u[1] * w[0];
      const sinl = Math.hypot(cx, cy, cz);
      const dot = u[0] * w[0] + u[1] * w[1] + u[2] * w[2];
      const theta = Math.atan2(sinl, dot);
      v.value[k] = theta;
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      const g = v.grad;
      const s = 3 * v.slotStart[k];
      const fu = sin > 0 ? 1 / (lu * sin) : 0;
      const fw = sin > 0 ? 1 / (lw * sin) : 0;
      for (let c = 0; c < 3; c++) {
        const uh = u[c] / lu;
        const wh = w[c] / lw;
        const du = (cos * uh - wh) * fu;
        const dw = (cos * wh - uh) * fw;
        if (four) {
          g[s + c] = -du;
          g[s + 3 + c] = du;
          g[s + 6 + c] = -dw;
          g[s + 9 + c] = dw;
          p[3 + c] = u[c];
          p[9 + c] = w[c];
          p[c] = 0;
          p[6 + c] = 0;
        } else {
          g[s + c] = du;
          g[s + 3 + c] = -du - dw;
          g[s + 6 + c] = dw;
          p[c] = u[c];
          p[3 + c] = 0;
          p[6 + c] = w[c];
        }
      }
      slotVirial(v, k, p);
    },
  };
}
