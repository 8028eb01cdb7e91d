import { join } from 'node:path';
import { PairMeamSpline } from '../../potentials/pair_meam_spline.js';
import { POT_DIR } from '../helpers/eam_systems.js';
import { describeDerivatives, type PairCase } from '../helpers/pair_derivatives.js';

/**
 * Central differences for pair meam/spline on jittered triclinic boxes: forces are −dE/dx and the
 * virial is −dE/d(strain) (its cubic splines have continuous first derivatives, extrapolated
 * linearly outside the knots). Silicon (old file format) and Ti–O with random types (the
 * multi-species format and its cross splines).
 */
const POT = (f: string) => join(POT_DIR, f);

const cases: PairCase[] = [
  {
    name: 'meam/spline (Si)',
    pair: () => new PairMeamSpline(),
    coeff: [['*', '*', POT('Si_1.meam.spline'), 'Si']],
    a: 4.0,
    ntypes: 1,
  },
  {
    name: 'meam/spline (Ti/O)',
    pair: () => new PairMeamSpline(),
    coeff: [['*', '*', POT('TiO.meam.spline'), 'O', 'Ti']],
    a: 4.2,
    ntypes: 2,
  },
];

describeDerivatives('pair meam/spline: derivatives on a triclinic box', cases, 13);
