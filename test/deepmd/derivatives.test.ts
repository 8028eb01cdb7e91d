/**
 * Checks of the evaluator that do not need reference values: forces and virials against central
 * differences of the energy, periodic images in a cell smaller than 2 rcut against a supercell,
 * serialise -> deserialise round trips (.yaml and .dp), type_one_side false and exclusions.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { loadModelFile, modelToYaml, parseModelText, writeModelFile } from '../../src/deepmd/model_file.js';
import type { ModelSpec } from '../../src/deepmd/spec.js';
import { FIXTURES, maxAbsDiff, readCases } from './fixtures.js';

/** A triclinic cell with all face distances < 2 rcut (= 12 Å) and 6 atoms (2 O, 4 H) >= 1.2 Å apart. */
function smallCell(): { cell: number[]; coord: number[]; atype: number[] } {
  const cell = [5.5, 0, 0, 1.2, 6.0, 0, 0.8, -0.9, 5.8];
  const atype = [0, 1, 1, 0, 1, 1];
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const coord: number[] = [];
  while (coord.length < 18) {
    const f = [rnd(), rnd(), rnd()];
    const p = [0, 1, 2].map((d) => f[0] * cell[d] + f[1] * cell[3 + d] + f[2] * cell[6 + d]);
    let ok = true;
    for (let k = 0; k < coord.length; k += 3) {
      for (let a = -1; a <= 1; a++)
        for (let b = -1; b <= 1; b++)
          for (let c = -1; c <= 1; c++) {
            const d = [0, 1, 2].map((q) => p[q] - coord[k + q] - a * cell[q] - b * cell[3 + q] - c * cell[6 + q]);
            if (Math.hypot(...d) < 1.2) ok = false;
          }
    }
    if (ok) coord.push(...p);
  }
  return { cell, coord, atype };
}

/** 5-point central difference of f at 0 with step h. */
function diff5(f: (h: number) => number, h: number): number {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}

const H = 1e-3;
// Truncation error ~h^4 |E^(5)| and round-off ~1e-13 / h: both well below 1e-8 here (measured ~1e-10).
const FD_TOL = 1e-8;
// Strain derivatives have larger high-order terms (all atoms move): a smaller step (measured max error
// 5.6e-9 at h = 1e-3 and 2-4e-10 at h = 4e-4, i.e. truncation-dominated).
const H_STRAIN = 4e-4;

for (const model of ['deeppot_sea.yaml', 'deeppot-r.yaml']) {
  describe(`derivatives and images: ${model}`, () => {
    let dp: DeepPot;
    beforeAll(async () => {
      dp = await DeepPot.load(FIXTURES + model);
    });

    it('forces equal -dE/dx by central differences (small triclinic cell, rcut > half box)', () => {
      const { cell, coord, atype } = smallCell();
      const r = dp.eval(coord, cell, atype);
      let maxErr = 0;
      for (let k = 0; k < coord.length; k++) {
        const fd = -diff5((h) => {
          const c = [...coord];
          c[k] += h;
          return dp.eval(c, cell, atype).energy[0];
        }, H);
        maxErr = Math.max(maxErr, Math.abs(fd - r.force[k]));
      }
      console.log(
        `${model}: max |F - F_fd| = ${maxErr.toExponential(2)}, max |F| = ${Math.max(...r.force.map(Math.abs)).toExponential(2)}`,
      );
      expect(maxErr).toBeLessThan(FD_TOL);
    });

    it('virial equals -dE/d(strain) by central differences (general strained cells)', () => {
      const { cell, coord, atype } = smallCell();
      const r = dp.eval(coord, cell, atype, true);
      const strained = (a: number, b: number, h: number): number => {
        // r -> r (I + eps), eps_ab = h: x'_b = x_b + x_a h
        const tr = (v: number[]): number[] => v.map((x, k) => (k % 3 === b ? x + v[k - (k % 3) + a] * h : x));
        return dp.eval(tr(coord), tr(cell), atype).energy[0];
      };
      let maxErr = 0;
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++) {
          const fd = -diff5((h) => strained(a, b, h), H_STRAIN);
          maxErr = Math.max(maxErr, Math.abs(fd - r.virial[3 * a + b]));
        }
      console.log(`${model}: max |W - W_fd| = ${maxErr.toExponential(2)}`);
      expect(maxErr).toBeLessThan(FD_TOL);
      // the per-atom virials sum to the virial
      const sum = new Float64Array(9);
      for (let i = 0; i < atype.length; i++) for (let k = 0; k < 9; k++) sum[k] += r.atomVirial![9 * i + k];
      expect(maxAbsDiff(sum, r.virial)).toBeLessThan(1e-12);
    });

    it('a small cell equals its 2x2x1 supercell per atom (periodic images beyond half the box)', () => {
      const { cell, coord, atype } = smallCell();
      const r1 = dp.eval(coord, cell, atype, true);
      const sc: number[] = [],
        st: number[] = [];
      for (let na = 0; na < 2; na++)
        for (let nb = 0; nb < 2; nb++) {
          for (let i = 0; i < atype.length; i++) {
            for (let d = 0; d < 3; d++) sc.push(coord[3 * i + d] + na * cell[d] + nb * cell[3 + d]);
            st.push(atype[i]);
          }
        }
      const bigCell = [2 * cell[0], 2 * cell[1], 2 * cell[2], 2 * cell[3], 2 * cell[4], 2 * cell[5], ...cell.slice(6)];
      const r4 = dp.eval(sc, bigCell, st, true);
      expect(Math.abs(r4.energy[0] - 4 * r1.energy[0])).toBeLessThan(1e-9);
      for (let rep = 0; rep < 4; rep++) {
        expect(maxAbsDiff(r4.force.subarray(18 * rep, 18 * rep + 18), r1.force)).toBeLessThan(1e-10);
        expect(maxAbsDiff(r4.atomEnergy!.subarray(6 * rep, 6 * rep + 6), r1.atomEnergy!)).toBeLessThan(1e-10);
        expect(maxAbsDiff(r4.atomVirial!.subarray(54 * rep, 54 * rep + 54), r1.atomVirial!)).toBeLessThan(1e-10);
      }
      expect(
        maxAbsDiff(
          r4.virial,
          r1.virial.map((v) => 4 * v),
        ),
      ).toBeLessThan(1e-9);
    });

    it('serialise -> deserialise round trips (.yaml text and .dp HDF5) give identical outputs', async () => {
      const c = readCases(model === 'deeppot-r.yaml' ? 'deeppot-r-testcase.yaml' : 'deeppot-testcase.yaml')[0];
      const r0 = dp.eval(c.coord, c.box, c.atype, true);
      const viaYaml = new DeepPot(parseModelText(modelToYaml(dp.spec), 'roundtrip.yaml'));
      const dir = mkdtempSync(join(tmpdir(), 'dpmd-'));
      try {
        await writeModelFile(dp.spec, join(dir, 'm.dp'));
        await writeModelFile(dp.spec, join(dir, 'm.json'));
        const viaDp = new DeepPot(await loadModelFile(join(dir, 'm.dp')));
        const viaJson = new DeepPot(await loadModelFile(join(dir, 'm.json')));
        for (const other of [viaYaml, viaDp, viaJson]) {
          const r = other.eval(c.coord, c.box, c.atype, true);
          expect(r.energy[0]).toBe(r0.energy[0]);
          expect(maxAbsDiff(r.force, r0.force)).toBe(0);
          expect(maxAbsDiff(r.atomVirial!, r0.atomVirial!)).toBe(0);
          expect(other.spec.typeMap).toEqual(dp.spec.typeMap);
          expect(other.spec.descriptor.sel).toEqual(dp.spec.descriptor.sel);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('type_one_side false and exclusions (se_e2_a)', () => {
  let base: ModelSpec;
  const c = readCases('deeppot-testcase.yaml')[1]; // open boundaries
  beforeAll(async () => {
    base = await loadModelFile(`${FIXTURES}deeppot_sea.yaml`);
  });
  const clone = (s: ModelSpec): ModelSpec => parseModelText(modelToYaml(s));
  const shiftH = (coord: number[]): number[] =>
    coord.map((x, k) => (c.atype[Math.floor(k / 3)] === 1 ? x + [0.3, -0.2, 0.1][k % 3] : x));

  it('type_one_side false with nets (ti, tt) = net tt reproduces type_one_side true', () => {
    const s = clone(base);
    const nets = s.descriptor.embeddings;
    s.descriptor.typeOneSide = false;
    s.descriptor.embeddings = [nets[0], nets[0], nets[1], nets[1]]; // index ti + tt * ntypes
    const r0 = new DeepPot(base).eval(c.coord, c.box, c.atype, true);
    const r1 = new DeepPot(clone(s)).eval(c.coord, c.box, c.atype, true);
    expect(Math.abs(r1.energy[0] - r0.energy[0])).toBeLessThan(1e-12);
    expect(maxAbsDiff(r1.force, r0.force)).toBeLessThan(1e-14);
  });

  for (const where of ['descriptor exclude_types', 'model pair_exclude_types'] as const) {
    it(`${where} [[0, 1]]: energy ignores O-H geometry, forces still -dE/dx`, () => {
      const s = clone(base);
      if (where === 'descriptor exclude_types') s.descriptor.excludeTypes = [[0, 1]];
      else s.pairExcludeTypes = [[0, 1]];
      const dp = new DeepPot(clone(s));
      const plain = new DeepPot(base);
      const e0 = dp.eval(c.coord, c.box, c.atype).energy[0];
      const e1 = dp.eval(shiftH(c.coord), c.box, c.atype).energy[0];
      expect(Math.abs(e1 - e0)).toBeLessThan(1e-10);
      // without the exclusion the same move changes the energy
      expect(
        Math.abs(plain.eval(shiftH(c.coord), c.box, c.atype).energy[0] - plain.eval(c.coord, c.box, c.atype).energy[0]),
      ).toBeGreaterThan(1e-4);
      const r = dp.eval(c.coord, c.box, c.atype);
      let maxErr = 0;
      for (const k of [0, 4, 8, 13, 17]) {
        const fd = -diff5((h) => {
          const x = [...c.coord];
          x[k] += h;
          return dp.eval(x, c.box, c.atype).energy[0];
        }, H);
        maxErr = Math.max(maxErr, Math.abs(fd - r.force[k]));
      }
      expect(maxErr).toBeLessThan(FD_TOL);
    });
  }

  it('atom_exclude_types [1]: H atomic energies are zero, O atoms unchanged', () => {
    const s = clone(base);
    s.atomExcludeTypes = [1];
    const r = new DeepPot(clone(s)).eval(c.coord, c.box, c.atype, true);
    const r0 = new DeepPot(base).eval(c.coord, c.box, c.atype, true);
    c.atype.forEach((t, i) => {
      expect(r.atomEnergy![i]).toBe(t === 1 ? 0 : r0.atomEnergy![i]);
    });
  });
});
