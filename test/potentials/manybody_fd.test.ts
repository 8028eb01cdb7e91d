import { join } from 'node:path';
import { PairEDIPMulti } from '../../potentials/pair_edip_multi.js';
import { PairTersoffMod, PairTersoffModC } from '../../potentials/pair_tersoff_mod.js';
import { PairVashishta } from '../../potentials/pair_vashishta.js';
import { POT_DIR } from '../helpers/eam_systems.js';
import { describeDerivatives, type PairCase, withSettings } from '../helpers/pair_derivatives.js';

/**
 * Central differences for the many-body styles added after sw and tersoff (vashishta, tersoff/mod,
 * tersoff/mod/c, edip/multi) on jittered triclinic boxes with random type assignments: forces are −dE/dx and
 * the virial is −dE/d(strain). (vashishta/table is checked against LAMMPS only: its linearly
 * interpolated force and energy tables are not exact derivatives of each other.)
 */
const POT = (f: string) => join(POT_DIR, f);

const cases: PairCase[] = [
  {
    name: 'vashishta (In/P)',
    pair: () => new PairVashishta(),
    coeff: [['*', '*', POT('InP.vashishta'), 'In', 'P']],
    a: 4.8,
    ntypes: 2,
  },
  {
    name: 'vashishta (Si/O)',
    pair: () => new PairVashishta(),
    coeff: [['*', '*', POT('SiO.1990.vashishta'), 'Si', 'O']],
    a: 3.6,
    ntypes: 2,
  },
  {
    name: 'tersoff/mod (Si)',
    pair: () => new PairTersoffMod(),
    coeff: [['*', '*', POT('Si.tersoff.mod'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'tersoff/mod shift',
    pair: () => withSettings(new PairTersoffMod(), ['shift', '0.05']),
    coeff: [['*', '*', POT('Si.tersoff.mod'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'tersoff/mod/c (Si, m = 3)',
    pair: () => new PairTersoffModC(),
    coeff: [['*', '*', POT('Si.tersoff.modc'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'edip/multi (Si/C)',
    pair: () => new PairEDIPMulti(),
    coeff: [['*', '*', POT('SiC.edip'), 'Si', 'C']],
    a: 3.9,
    ntypes: 2,
  },
  {
    name: 'edip/multi (Si, coordination transition region)',
    pair: () => new PairEDIPMulti(),
    coeff: [['*', '*', POT('Si.edip'), 'Si']],
    a: 4.1,
    ntypes: 1,
  },
];

describeDerivatives('many-body pair styles: derivatives on a triclinic box', cases, 11);
