import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';

/**
 * MOVINGRESTRAINT ARG=s... STEP0=n0 AT0=a... KAPPA0=k... [STEP1=n1 AT1=... KAPPA1=...] ...
 * [SLOPE0=...] (PLUMED bias/MovingRestraint): the centre, spring constant and slope are
 * interpolated linearly in the MD step between consecutive STEPi; before STEP0 they are those of
 * STEP0, after the last those of the last. V = Σ_j ½ κ_j (s_j - a_j)² + m_j (s_j - a_j) with the
 * current a, κ, m (AT, KAPPA, SLOPE of a stage default to the previous stage's, as in PLUMED).
 * Components label.bias, label.force2, and label.<arg>_cntr, label.<arg>_kappa per argument.
 * VERSE (one-sided restraints) and the work components are not supported.
 */
export function createMovingRestraint(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const argNames = r.list('ARG');
  const args = readArgs(r, b, true);
  const n = args.length;
  if (r.has('VERSE')) r.fail('VERSE is not supported (restraints act both ways)');
  const steps: number[] = [];
  const ats: Float64Array[] = [];
  const kappas: Float64Array[] = [];
  const slopes: Float64Array[] = [];
  for (let i = 0; r.has(`STEP${i}`); i++) {
    const st = r.int(`STEP${i}`);
    if (i > 0 && st <= steps[i - 1]) r.fail(`STEP${i}=${st} must be after STEP${i - 1}=${steps[i - 1]}`);
    steps.push(st);
    const prevAt = i > 0 ? ats[i - 1] : undefined;
    ats.push(r.has(`AT${i}`) || !prevAt ? r.numbers(`AT${i}`, n) : prevAt);
    kappas.push(r.has(`KAPPA${i}`) || i === 0 ? r.numbers(`KAPPA${i}`, n, 0) : kappas[i - 1]);
    slopes.push(r.has(`SLOPE${i}`) || i === 0 ? r.numbers(`SLOPE${i}`, n, 0) : slopes[i - 1]);
  }
  if (steps.length === 0) r.fail('keyword STEP0 is compulsory');
  r.done();
  const v = b.values;
  const kBias = v.add(`${label}.bias`, null);
  const kF2 = v.add(`${label}.force2`, null);
  const kCntr = argNames.map((a) => v.add(`${label}.${a}_cntr`, null));
  const kKappa = argNames.map((a) => v.add(`${label}.${a}_kappa`, null));
  const action = {
    name: 'MOVINGRESTRAINT',
    label,
    biasValue: 0,
    calculate(ctx: PlumedContext): void {
      const now = ctx.step;
      let stage = 0;
      while (stage + 1 < steps.length && now >= steps[stage + 1]) stage++;
      const last = now < steps[0] || stage + 1 >= steps.length;
      const t = last ? 0 : (now - steps[stage]) / (steps[stage + 1] - steps[stage]);
      const s2 = last ? stage : stage + 1;
      let e = 0;
      let f2 = 0;
      for (let j = 0; j < n; j++) {
        const a = args[j];
        // Interpolate the centre along the periodic difference (PLUMED uses difference() too).
        const c0 = ats[stage][j];
        const cntr = c0 + t * v.difference(a, c0, ats[s2][j]);
        const kap = kappas[stage][j] + t * (kappas[s2][j] - kappas[stage][j]);
        const slp = slopes[stage][j] + t * (slopes[s2][j] - slopes[stage][j]);
        const cv = v.difference(a, cntr, v.value[a]);
        const dv = kap * cv + slp;
        e += 0.5 * kap * cv * cv + slp * cv;
        f2 += dv * dv;
        v.biasDeriv[a] += dv;
        v.value[kCntr[j]] = cntr;
        v.value[kKappa[j]] = kap;
      }
      v.value[kBias] = e;
      v.value[kF2] = f2;
      action.biasValue = e;
    },
  };
  return action;
}
