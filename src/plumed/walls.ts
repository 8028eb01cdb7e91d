import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';

/**
 * UPPER_WALLS / LOWER_WALLS ARG=s... AT=a... KAPPA=k... [EXP=2] [EPS=1] [OFFSET=0]
 * (PLUMED bias/UWalls, LWalls). With d = s - a (periodic difference):
 *   upper: u = (d + OFFSET)/EPS, V = κ u^EXP for u > 0;
 *   lower: l = (d - OFFSET)/EPS, V = κ l^EXP for l < 0 (PLUMED's formula: an odd EXP gives a
 *   negative energy there, as in PLUMED).
 * dV/ds = κ EXP u^(EXP-1)/EPS. Components label.bias and label.force2.
 */
export function createWalls(upper: boolean): (r: ActionReader, b: ActionBuilder) => PlumedAction {
  return (r, b) => {
    const name = upper ? 'UPPER_WALLS' : 'LOWER_WALLS';
    const label = r.label();
    const args = readArgs(r, b, true);
    const n = args.length;
    const at = r.numbers('AT', n);
    const kappa = r.numbers('KAPPA', n);
    const ex = r.numbers('EXP', n, 2);
    const eps = r.numbers('EPS', n, 1);
    const off = r.numbers('OFFSET', n, 0);
    r.done();
    for (let i = 0; i < n; i++) if (!(eps[i] > 0)) r.fail(`EPS must be positive, got ${eps[i]}`);
    const v = b.values;
    const kBias = v.add(`${label}.bias`, null);
    const kF2 = v.add(`${label}.force2`, null);
    const action = {
      name,
      label,
      biasValue: 0,
      calculate(_ctx: PlumedContext): void {
        let e = 0;
        let f2 = 0;
        for (let i = 0; i < n; i++) {
          const a = args[i];
          const d = v.difference(a, at[i], v.value[a]);
          const scale = upper ? (d + off[i]) / eps[i] : (d - off[i]) / eps[i];
          if (upper ? scale > 0 : scale < 0) {
            const power = scale ** ex[i];
            const dv = ((kappa[i] / eps[i]) * ex[i] * power) / scale;
            e += kappa[i] * power;
            f2 += dv * dv;
            v.biasDeriv[a] += dv;
          }
        }
        v.value[kBias] = e;
        v.value[kF2] = f2;
        action.biasValue = e;
      },
    };
    return action;
  };
}
