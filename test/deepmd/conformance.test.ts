/**
 * Conformance against DeePMD-kit's own inference fixtures (source/tests/infer): energy, atomic energy,
 * force, virial and atomic virial to 1e-10 in every block (periodic cube, open, non-cubic box), for
 * se_e2_a (type_one_side true; .yaml and .dp) and se_e2_r (type_one_side false).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { FIXTURES, maxAbsDiff, readCases, rotateVecs, rotation, totals } from './fixtures.js';

const TOL = 1e-10;
const BLOCKS = ['periodic 13 Å cube', 'open boundaries', 'non-cubic diag(19,13,13)'];

const models: [string, string][] = [
  ['deeppot_sea.yaml', 'deeppot-testcase.yaml'],
  ['deeppot_sea.dp', 'deeppot-testcase.yaml'],
  ['deeppot-r.yaml', 'deeppot-r-testcase.yaml'],
];

for (const [model, testcase] of models) {
  describe(`DeePMD-kit fixture ${model}`, () => {
    let dp: DeepPot;
    beforeAll(async () => {
      dp = await DeepPot.load(FIXTURES + model);
    });
    const cases = readCases(testcase);
    it('has the three reference blocks', () => {
      expect(cases.length).toBe(3);
      expect(cases[1].box).toBeNull();
    });
    cases.forEach((c, b) => {
      it(`block ${b} (${BLOCKS[b]}): energy, atomic energy, force, virial, atomic virial within ${TOL}`, () => {
        const r = dp.eval(c.coord, c.box, c.atype, true);
        const ref = totals(c);
        const err = {
          energy: Math.abs(r.energy[0] - ref.energy),
          atomEnergy: maxAbsDiff(r.atomEnergy!, c.atomic_energy),
          force: maxAbsDiff(r.force, c.force),
          virial: maxAbsDiff(r.virial, ref.virial),
          atomVirial: maxAbsDiff(r.atomVirial!, c.atomic_virial),
        };
        console.log(
          `${model} block ${b} max abs errors: ${Object.entries(err)
            .map(([k, v]) => `${k} ${v.toExponential(2)}`)
            .join(', ')}`,
        );
        for (const v of Object.values(err)) expect(v).toBeLessThan(TOL);
        // non-atomic call gives the same energy/force/virial
        const r2 = dp.eval(c.coord, c.box, c.atype, false);
        expect(r2.atomEnergy).toBeUndefined();
        expect(maxAbsDiff(r2.force, r.force)).toBe(0);
        expect(r2.energy[0]).toBe(r.energy[0]);
      });
    });

    it('evaluates several frames in one call', () => {
      const c0 = cases[0],
        c2 = cases[2];
      const r = dp.eval([...c0.coord, ...c2.coord], [...c0.box!, ...c2.box!], c0.atype, true);
      expect(Math.abs(r.energy[0] - totals(c0).energy)).toBeLessThan(TOL);
      expect(Math.abs(r.energy[1] - totals(c2).energy)).toBeLessThan(TOL);
      expect(maxAbsDiff(r.force.subarray(18), c2.force)).toBeLessThan(TOL);
      expect(maxAbsDiff(r.atomVirial!.subarray(54), c2.atomic_virial)).toBeLessThan(TOL);
    });

    it('a rotated general cell (not in LAMMPS orientation) gives rotated forces and virials', () => {
      const c = cases[0];
      const R = rotation([0.3, -0.5, 0.8], 0.7);
      const cell = rotateVecs(R, c.box!);
      const coord = rotateVecs(R, c.coord);
      const r = dp.eval(coord, cell, c.atype, true);
      const ref = totals(c);
      expect(Math.abs(r.energy[0] - ref.energy)).toBeLessThan(TOL);
      expect(maxAbsDiff(r.force, rotateVecs(R, c.force))).toBeLessThan(TOL);
      // W' = R W R^T
      const W = ref.virial;
      const Wr: number[] = [];
      for (let a = 0; a < 3; a++) {
        for (let bb = 0; bb < 3; bb++) {
          let s = 0;
          for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += R[3 * a + k] * W[3 * k + l] * R[3 * bb + l];
          Wr.push(s);
        }
      }
      expect(maxAbsDiff(r.virial, Wr)).toBeLessThan(TOL);
    });
  });
}
