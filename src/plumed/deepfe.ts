import { readFileSync } from 'node:fs';
import { DeepFeBias, makeDeepFeOut } from '../rid/deepfe.js';
import { Ensemble } from '../rid/ensemble.js';
import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';

/** The ensemble file DEEPFE reads: `dpmd rid`'s models.json ({ensemble, rmse}) or a bare ensemble. */
type EnsembleJson = { periodic: boolean[]; neurons: number[]; models: number[][] };

function readEnsemble(r: ActionReader, path: string): Ensemble {
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    r.fail(`MODEL ${path}: ${(e as Error).message}`);
  }
  const o = (j as { ensemble?: unknown })?.ensemble ?? j;
  const e = o as Partial<EnsembleJson>;
  if (!Array.isArray(e?.periodic) || !Array.isArray(e.neurons) || !Array.isArray(e.models) || e.models.length < 2)
    r.fail(`MODEL ${path}: not a dpmd rid ensemble (expected {periodic, neurons, models} with 2+ models)`);
  try {
    return Ensemble.fromJSON(e as EnsembleJson);
  } catch (err) {
    r.fail(`MODEL ${path}: ${(err as Error).message}`);
  }
}

/**
 * DEEPFE ARG=s1,... MODEL=models.json TRUST_LVL_1=l1 TRUST_LVL_2=l2: the reinforced-dynamics bias of
 * an ensemble of free-energy networks (rid-kit's PLUMED action DEEPFE, install/DeePFE.cpp), with the
 * arithmetic of src/rid/deepfe.ts:
 *
 *   V(s) = -w(σ(s)) Ā(s),   dV/ds = -w ∇Ā(s)   (w held fixed, as DeePFE.cpp does)
 *
 * Ā is the models' mean (kJ/mol), σ the spread of their forces (kJ/mol/rad), w = 1 below TRUST_LVL_1,
 * 0 from TRUST_LVL_2, a half cosine between. The networks are in kJ/mol and the CVs' units (rad for
 * torsions), whatever UNITS says: energies are converted into the input's PLUMED energy unit (so a
 * `UNITS ENERGY=kcal/mol` input still gets the right bias). ARG must match the ensemble's CVs in number
 * and periodicity. Components: label.bias = V, label.std = σ, label.trust = w (for PRINT).
 */
export function createDeepFe(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const argNames = r.list('ARG');
  const args = readArgs(r, b, true);
  const n = args.length;
  const lvl1 = r.number('TRUST_LVL_1');
  const lvl2 = r.number('TRUST_LVL_2');
  if (!(lvl1 >= 0)) r.fail(`TRUST_LVL_1 must be >= 0, got ${lvl1}`);
  if (!(lvl2 > lvl1)) r.fail(`TRUST_LVL_2 (${lvl2}) must be > TRUST_LVL_1 (${lvl1})`);
  const modelPath = b.inputPath(r.string('MODEL'));
  r.done();
  const ens = readEnsemble(r, modelPath);
  if (ens.d !== n) r.fail(`MODEL ${modelPath} has ${ens.d} CVs, ARG has ${n} (${argNames.join(',')})`);
  const v = b.values;
  for (let i = 0; i < n; i++) {
    const per = v.isPeriodic(args[i]);
    if (per !== ens.periodic[i])
      r.fail(`ARG ${argNames[i]} is ${per ? '' : 'not '}periodic but the model's CV ${i + 1} is ${per ? 'not ' : ''}`);
    if (per) {
      // the networks read cos/sin of the angle: the CV must be an angle of period 2π
      const [lo, hi] = v.domain(args[i]);
      if (Math.abs(hi - lo - 2 * Math.PI) > 1e-12) r.fail(`ARG ${argNames[i]}: periodic CVs must have period 2π`);
    }
  }
  const bias = new DeepFeBias(ens, lvl1, lvl2);
  const out = makeDeepFeOut(1, n);
  const s = new Float64Array(n);
  // kJ/mol (the networks) -> the input's PLUMED energy unit
  const toPlumed = 1 / b.units.energy;
  const kBias = v.add(`${label}.bias`, null);
  const kStd = v.add(`${label}.std`, null);
  const kTrust = v.add(`${label}.trust`, null);
  const action = {
    name: 'DEEPFE',
    label,
    biasValue: 0,
    calculate(_ctx: PlumedContext): void {
      for (let i = 0; i < n; i++) s[i] = v.value[args[i]];
      bias.evaluate(s, 1, out);
      const e = out.energy[0] * toPlumed;
      for (let i = 0; i < n; i++) v.biasDeriv[args[i]] += out.dVds[i] * toPlumed;
      v.value[kBias] = e;
      v.value[kStd] = out.sigma[0];
      v.value[kTrust] = out.weight[0];
      action.biasValue = e;
    },
  };
  return action;
}
