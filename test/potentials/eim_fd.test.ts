import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PairEIM } from '../../potentials/pair_eim.js';
import { erfc } from '../../src/erfc.js';
import { POT_DIR } from '../helpers/eam_systems.js';
import { describeDerivatives, type PairCase } from '../helpers/pair_derivatives.js';

/**
 * Central differences for pair eim on a jittered triclinic box with random Na/Cl types: forces are
 * −dE/dx and the virial is −dE/d(strain) (its tables are C¹ cubic splines, as EAM's), and erfc
 * against values of the complementary error function known to 20 digits.
 */
const POT = (f: string) => join(POT_DIR, f);

const cases: PairCase[] = [
  {
    name: 'eim (Na/Cl)',
    pair: () => new PairEIM(),
    coeff: [['*', '*', 'Na', 'Cl', POT('ffield.eim'), 'Na', 'Cl']],
    a: 5.0,
    ntypes: 2,
  },
];

describeDerivatives('pair eim: derivatives on a triclinic box', cases, 5);

describe('erfc', () => {
  // erfc(x) to 20 significant digits (tabulated values of the complementary error function).
  const ref: [number, string][] = [
    [0, '1'],
    [0.1, '0.88753708398171510159'],
    [0.5, '0.47950012218695346232'],
    [1, '0.15729920705028513066'],
    [2, '0.004677734981047265838'],
    [3, '2.2090496998585441373e-5'],
    [5, '1.5374597944280348502e-12'],
    [-1, '1.8427007929497148693'],
  ];
  for (const [x, digits] of ref)
    test(`erfc(${x})`, () => {
      const v = Number(digits);
      expect(Math.abs(erfc(x) - v)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(v));
    });
});
