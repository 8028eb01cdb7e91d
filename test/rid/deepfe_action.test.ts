/**
 * The DEEPFE action of fix plumed (src/plumed/deepfe.ts): atom forces of V = -w Ā(φ, ψ) through two
 * TORSIONs against central differences where w = 1, the bias and its CV derivative equal to the pure
 * DeepFeBias (src/rid/deepfe.ts) also inside the trust switch, the same MD energy whatever UNITS says,
 * and clear errors for a wrong MODEL or ARG.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/nn/rng.js';
import { DeepFeBias, makeDeepFeOut } from '../../src/rid/deepfe.js';
import { Ensemble } from '../../src/rid/ensemble.js';
import { atomsAt, engineFor, forceCheck } from '../plumed/plumed_helpers.js';

/** Six atoms of a chain: phi = torsion 1-2-3-4, psi = 2-3-4-5 (Å, units real). */
const X = [4.1, 5.3, 4.4, 5, 5, 5, 6.4, 5.2, 5.1, 7.0, 6.5, 5.6, 8.4, 6.6, 6.3, 9.1, 7.9, 6.0];

function setup(l1: number, l2: number, units = '') {
  const ens = new Ensemble([true, true], [10, 8], 4);
  ens.init(new Rng(5));
  const input = `${units}phi: TORSION ATOMS=1,2,3,4\npsi: TORSION ATOMS=2,3,4,5\ndpfe: DEEPFE ARG=phi,psi MODEL=models.json TRUST_LVL_1=${l1} TRUST_LVL_2=${l2}\n`;
  const { dir } = engineFor('d: DISTANCE ATOMS=1,2'); // a fresh directory
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ ensemble: ens.toJSON(), rmse: [0, 0, 0, 0] }));
  const { engine } = engineFor(input, 'real', dir);
  return { ens, engine, dir };
}

function cvs(engine: ReturnType<typeof engineFor>['engine']) {
  const v = engine.values;
  return Float64Array.from([v.value[v.find('phi')], v.value[v.find('psi')]]);
}

describe('DEEPFE action', () => {
  it('forces on atoms are -dV/dr by central differences where trusted, V = -Ā in MD units', () => {
    const { ens, engine } = setup(1e9, 2e9);
    const atoms = atomsAt(X, 30);
    const f = forceCheck(engine, atoms, 0, 1e-6);
    expect(f.maxF).toBeGreaterThan(0.1); // kcal/mol/Å: a real bias, not a flat one
    expect(f.maxErr / f.maxF).toBeLessThan(1e-6);
    const e = engine.calc(atoms, 0, false);
    const ref = makeDeepFeOut(1, 2);
    new DeepFeBias(ens, 1e9, 2e9).evaluate(cvs(engine), 1, ref);
    expect(ref.weight[0]).toBe(1);
    expect(e).toBeCloseTo(ref.energy[0] / 4.184, 12); // kJ/mol -> kcal/mol
  });

  it('equals DeepFeBias inside the trust switch (0 < w < 1): bias, σ, w and dV/ds', () => {
    // place the trust levels around this configuration's σ so that w is strictly between 0 and 1
    const probe = setup(1e9, 2e9);
    const atoms = atomsAt(X, 30);
    probe.engine.calc(atoms, 0, false);
    const s = cvs(probe.engine);
    const o = makeDeepFeOut(1, 2);
    new DeepFeBias(probe.ens, 1e9, 2e9).evaluate(s, 1, o);
    const sigma = o.sigma[0];
    const l1 = 0.5 * sigma,
      l2 = 1.5 * sigma;
    const { ens, engine } = setup(l1, l2);
    atoms.f.fill(0);
    const e = engine.calc(atoms, 0, false);
    const ref = makeDeepFeOut(1, 2);
    new DeepFeBias(ens, l1, l2).evaluate(s, 1, ref);
    expect(ref.weight[0]).toBeGreaterThan(0.2);
    expect(ref.weight[0]).toBeLessThan(0.8);
    const v = engine.values;
    expect(v.value[v.find('dpfe.bias')]).toBeCloseTo(ref.energy[0], 12);
    expect(v.value[v.find('dpfe.std')]).toBeCloseTo(ref.sigma[0], 12);
    expect(v.value[v.find('dpfe.trust')]).toBeCloseTo(ref.weight[0], 12);
    expect(e).toBeCloseTo(ref.energy[0] / 4.184, 12);
    expect(v.biasDeriv[v.find('phi')]).toBeCloseTo(ref.dVds[0], 12);
    expect(v.biasDeriv[v.find('psi')]).toBeCloseTo(ref.dVds[1], 12);
  });

  it('gives the same MD energy and forces with UNITS ENERGY=kcal/mol', () => {
    const a = setup(1e9, 2e9);
    const b = setup(1e9, 2e9, 'UNITS ENERGY=kcal/mol\n');
    const atA = atomsAt(X, 30),
      atB = atomsAt(X, 30);
    const ea = a.engine.calc(atA, 0, false);
    const eb = b.engine.calc(atB, 0, false);
    expect(eb).toBeCloseTo(ea, 12);
    for (let k = 0; k < atA.f.length; k++) expect(atB.f[k]).toBeCloseTo(atA.f[k], 10);
  });

  it('refuses a missing model, a wrong ARG count, bad trust levels', () => {
    const { dir } = setup(1, 2);
    const bad = (input: string) => () =>
      engineFor(`phi: TORSION ATOMS=1,2,3,4\npsi: TORSION ATOMS=2,3,4,5\n${input}`, 'real', dir);
    expect(bad('DEEPFE ARG=phi,psi MODEL=nope.json TRUST_LVL_1=1 TRUST_LVL_2=2')).toThrow(/MODEL .*nope\.json/);
    expect(bad('DEEPFE ARG=phi MODEL=models.json TRUST_LVL_1=1 TRUST_LVL_2=2')).toThrow(/2 CVs, ARG has 1/);
    expect(bad('DEEPFE ARG=phi,psi MODEL=models.json TRUST_LVL_1=2 TRUST_LVL_2=1')).toThrow(/TRUST_LVL_2/);
    expect(bad('DEEPFE ARG=phi,psi MODEL=models.json TRUST_LVL_1=1')).toThrow(/TRUST_LVL_2/);
  });
});
