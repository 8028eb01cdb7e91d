import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';

/**
 * COMBINE ARG=x1,x2,... [COEFFICIENTS=c...] [PARAMETERS=p...] [POWERS=n...] [NORMALIZE]
 * PERIODIC=NO|min,max:  y = Σ_i c_i (x_i - p_i)^n_i (x_i - p_i the periodic difference for
 * periodic arguments; c_i divided by Σc under NORMALIZE), wrapped into [min, max) when periodic.
 * The chain rule is applied here: y's gradient slots are its arguments' slots one after the
 * other, scaled by ∂y/∂x_i = c_i n_i (x_i - p_i)^(n_i - 1); likewise its virial.
 */
export function createCombine(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const args = readArgs(r, b, true);
  const n = args.length;
  const coef = r.numbers('COEFFICIENTS', n, 1);
  const par = r.numbers('PARAMETERS', n, 0);
  const pow = r.numbers('POWERS', n, 1);
  const normalize = r.flag('NORMALIZE');
  const periodicText = r.list('PERIODIC');
  r.done();
  let period: [number, number] | undefined;
  if (periodicText.length === 1 && periodicText[0] === 'NO') period = undefined;
  else if (periodicText.length === 2) {
    const lo = Number(periodicText[0].replace(/^-pi$/, String(-Math.PI)).replace(/^pi$/, String(Math.PI)));
    const hi = Number(periodicText[1].replace(/^-pi$/, String(-Math.PI)).replace(/^pi$/, String(Math.PI)));
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo))
      r.fail(`PERIODIC=${periodicText.join(',')}: bad domain`);
    period = [lo, hi];
  } else r.fail('PERIODIC must be NO or min,max');
  if (normalize) {
    let s = 0;
    for (let i = 0; i < n; i++) s += coef[i];
    for (let i = 0; i < n; i++) coef[i] /= s;
  }
  const v = b.values;
  const slots: number[] = [];
  for (let i = 0; i < n; i++) slots.push(...v.atomsOf(args[i]));
  const k = v.add(label, slots, period);
  const dydx = new Float64Array(n);
  return {
    name: 'COMBINE',
    label,
    calculate(_ctx: PlumedContext): void {
      let y = 0;
      for (let i = 0; i < n; i++) {
        const a = args[i];
        const dx = v.difference(a, par[i], v.value[a]);
        y += coef[i] * dx ** pow[i];
        dydx[i] = coef[i] * pow[i] * dx ** (pow[i] - 1);
      }
      v.value[k] = v.wrap(k, y);
      const g = v.grad;
      const w = v.virial;
      let t = 3 * v.slotStart[k];
      const o = 9 * k;
      w.fill(0, o, o + 9);
      for (let i = 0; i < n; i++) {
        const a = args[i];
        const f = dydx[i];
        const sa = 3 * v.slotStart[a];
        const na = 3 * v.slotCount[a];
        for (let q = 0; q < na; q++) g[t++] = f * g[sa + q];
        for (let q = 0; q < 9; q++) w[o + q] += f * w[9 * a + q];
      }
    },
  };
}
