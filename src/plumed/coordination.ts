import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import type { ActionReader } from './action_reader.js';
import { parseAtomList } from './action_reader.js';

/**
 * PLUMED's rational switching function s(r) = (1 - x^n) / (1 - x^m), x = (r - d0)/r0, s = 1 for
 * r <= d0 (SwitchingFunction, type rational, without D_MAX). Returns s and stores ds/dr / r in
 * out[0] (the factor that multiplies the separation vector). Near x = 1 PLUMED uses the limits
 * s = n/m and ds/dx = n(n - m)/(2m); m = 2n uses the equal form 1/(1 + x^n).
 */
export function rationalSwitch(r: number, r0: number, d0: number, n: number, m: number, out: Float64Array): number {
  const x = (r - d0) / r0;
  if (x <= 0) {
    out[0] = 0;
    return 1;
  }
  let s: number;
  let dsdx: number;
  if (2 * n === m) {
    const xn1 = x ** (n - 1);
    const iden = 1 / (1 + xn1 * x);
    s = iden;
    dsdx = -n * xn1 * iden * iden;
  } else if (x > 1 - 100 * Number.EPSILON && x < 1 + 100 * Number.EPSILON) {
    s = n / m;
    dsdx = (0.5 * n * (n - m)) / m;
  } else {
    const xn1 = x ** (n - 1);
    const xm1 = x ** (m - 1);
    const iden = 1 / (1 - xm1 * x);
    s = (1 - xn1 * x) * iden;
    dsdx = -n * xn1 * iden + s * iden * m * xm1;
  }
  out[0] = dsdx / r0 / r;
  return s;
}

/**
 * COORDINATION GROUPA=... [GROUPB=...] R_0=r0 [NN=6] [MM=2NN] [D_0=0] [PAIR] [NOPBC]:
 * Σ s(r_ab) over pairs (a in A, b in B, a ≠ b; i < j within A when GROUPB is absent; a_i with b_i
 * under PAIR), minimum-image distances. ∂/∂r_b = s'(r)/r d, ∂/∂r_a = -that, virial Σ d ⊗ s'(r)/r d.
 */
export function createCoordination(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  if (r.has('SWITCH')) r.fail('SWITCH={...} is not supported: use R_0, NN, MM, D_0 (rational)');
  if (r.flag('NLIST')) r.fail('NLIST is not supported (every pair is computed)');
  const ga = parseAtomList(r, 'GROUPA');
  const gb = r.has('GROUPB') ? parseAtomList(r, 'GROUPB') : [];
  const pair = r.flag('PAIR');
  const pbc = !r.flag('NOPBC');
  const r0 = r.number('R_0');
  const nn = r.int('NN', 6, 1);
  const mm0 = r.int('MM', 0, 0);
  const mm = mm0 === 0 ? 2 * nn : mm0;
  const d0 = r.number('D_0', 0);
  r.done();
  if (!(r0 > 0)) r.fail(`R_0 must be positive, got ${r0}`);
  if (pair && ga.length !== gb.length) r.fail('PAIR needs GROUPA and GROUPB of the same length');
  const tags = [...ga, ...gb];
  const idx = tags.map((t) => b.atom(t));
  // Pair list as slot indices (i in A, j in A or B).
  const pi: number[] = [];
  const pj: number[] = [];
  if (gb.length === 0) {
    for (let i = 0; i < ga.length; i++)
      for (let j = i + 1; j < ga.length; j++)
        if (ga[i] !== ga[j]) {
          pi.push(i);
          pj.push(j);
        }
  } else if (pair) {
    for (let i = 0; i < ga.length; i++)
      if (ga[i] !== gb[i]) {
        pi.push(i);
        pj.push(ga.length + i);
      }
  } else {
    for (let i = 0; i < ga.length; i++)
      for (let j = 0; j < gb.length; j++)
        if (ga[i] !== gb[j]) {
          pi.push(i);
          pj.push(ga.length + j);
        }
  }
  if (pi.length === 0) r.fail('no pairs of distinct atoms');
  const PI = Int32Array.from(pi);
  const PJ = Int32Array.from(pj);
  const v = b.values;
  const k = v.add(label, idx);
  const d = new Float64Array(3);
  const ds = new Float64Array(1);
  return {
    name: 'COORDINATION',
    label,
    calculate(ctx: PlumedContext): void {
      const g = v.grad;
      const s0 = 3 * v.slotStart[k];
      g.fill(0, s0, s0 + 3 * idx.length);
      const w = v.virial;
      const o = 9 * k;
      w.fill(0, o, o + 9);
      let sum = 0;
      for (let p = 0; p < PI.length; p++) {
        const i = PI[p];
        const j = PJ[p];
        ctx.delta(idx[i], idx[j], d, 0, pbc);
        const dist = Math.hypot(d[0], d[1], d[2]);
        sum += rationalSwitch(dist, r0, d0, nn, mm, ds);
        const f = ds[0];
        for (let c = 0; c < 3; c++) {
          g[s0 + 3 * i + c] -= f * d[c];
          g[s0 + 3 * j + c] += f * d[c];
          for (let a = 0; a < 3; a++) w[o + 3 * a + c] += d[a] * f * d[c];
        }
      }
      v.value[k] = sum;
    },
  };
}
