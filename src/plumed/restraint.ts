import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';

/**
 * RESTRAINT ARG=s1,... AT=a1,... [KAPPA=k...] [SLOPE=m...]: V = Σ_i ½ κ_i (s_i - a_i)² + m_i (s_i - a_i),
 * s_i - a_i the periodic difference for periodic CVs (PLUMED bias/Restraint). Components
 * label.bias = V and label.force2 = Σ_i (dV/ds_i)². KAPPA and SLOPE default to 0.
 */
export function createRestraint(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const args = readArgs(r, b, true);
  const n = args.length;
  const at = r.numbers('AT', n);
  const kappa = r.numbers('KAPPA', n, 0);
  const slope = r.numbers('SLOPE', n, 0);
  r.done();
  const v = b.values;
  const kBias = v.add(`${label}.bias`, null);
  const kF2 = v.add(`${label}.force2`, null);
  const action = {
    name: 'RESTRAINT',
    label,
    biasValue: 0,
    calculate(_ctx: PlumedContext): void {
      let e = 0;
      let f2 = 0;
      for (let i = 0; i < n; i++) {
        const a = args[i];
        const cv = v.difference(a, at[i], v.value[a]);
        const dv = kappa[i] * cv + slope[i];
        e += 0.5 * kappa[i] * cv * cv + slope[i] * cv;
        f2 += dv * dv;
        v.biasDeriv[a] += dv;
      }
      v.value[kBias] = e;
      v.value[kF2] = f2;
      action.biasValue = e;
    },
  };
  return action;
}
