import { join } from 'node:path';
import { PairBorn } from '../../potentials/pair_born.js';
import { PairBuck } from '../../potentials/pair_buck.js';
import { PairMorse } from '../../potentials/pair_morse.js';
import { PairSoft } from '../../potentials/pair_soft.js';
import { PairSW } from '../../potentials/pair_sw.js';
import { PairTersoff } from '../../potentials/pair_tersoff.js';
import { PairYukawa } from '../../potentials/pair_yukawa.js';
import { POT_DIR } from '../helpers/eam_systems.js';
import { describeDerivatives, type PairCase, withSettings } from '../helpers/pair_derivatives.js';

/**
 * Central differences for the pair styles of issue 15 on jittered triclinic boxes (the LAMMPS
 * goldens use orthogonal ones): forces are −dE/dx and the virial is −dE/d(strain), for the simple
 * styles (with shift) and the many-body sw and tersoff (including tersoff's shift).
 */
const POT = (f: string) => join(POT_DIR, f);

const cases: PairCase[] = [
  {
    name: 'morse (shift)',
    pair: () => {
      const p = withSettings(new PairMorse(), ['5.0']);
      p.modify(['shift', 'yes']);
      return p;
    },
    coeff: [
      ['1', '1', '0.3', '1.4', '2.9'],
      ['1', '2', '0.4', '1.3', '2.8', '4.5'],
      ['2', '2', '0.35', '1.2', '2.7'],
    ],
    a: 4.1,
    ntypes: 2,
  },
  {
    name: 'buck (shift)',
    pair: () => {
      const p = withSettings(new PairBuck(), ['5.0']);
      p.modify(['shift', 'yes']);
      return p;
    },
    coeff: [['*', '*', '1000.0', '0.3', '10.0']],
    a: 4.1,
    ntypes: 2,
  },
  {
    name: 'born',
    pair: () => withSettings(new PairBorn(), ['5.0']),
    coeff: [['*', '*', '0.5', '0.3', '2.5', '10.0', '2.0']],
    a: 4.1,
    ntypes: 2,
  },
  {
    name: 'yukawa (mixed)',
    pair: () => withSettings(new PairYukawa(), ['1.2', '5.0']),
    coeff: [
      ['1', '1', '10.0'],
      ['2', '2', '20.0', '4.5'],
    ],
    a: 4.1,
    ntypes: 2,
  },
  {
    name: 'soft',
    pair: () => withSettings(new PairSoft(), ['3.5']),
    coeff: [['*', '*', '2.0']],
    a: 4.1,
    ntypes: 2,
  },
  { name: 'sw (Si)', pair: () => new PairSW(), coeff: [['*', '*', POT('Si.sw'), 'Si']], a: 4.8, ntypes: 1 },
  {
    name: 'tersoff (B/N)',
    pair: () => new PairTersoff(),
    coeff: [['*', '*', POT('BNC.tersoff'), 'B', 'N']],
    a: 2.6,
    ntypes: 2,
  },
  {
    name: 'tersoff shift',
    pair: () => withSettings(new PairTersoff(), ['shift', '0.05']),
    coeff: [['*', '*', POT('BNC.tersoff'), 'B', 'N']],
    a: 2.5,
    ntypes: 2,
  },
];

describeDerivatives('issue 15 pair styles: derivatives on a triclinic box', cases, 7);
