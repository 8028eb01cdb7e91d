import { test } from 'vitest';
import { makeAtoms, makeSim, lammpsPoint, ALMG, POT_DIR, maxRelDiff } from './helpers/eam_systems.js';
import { PairEAMFS } from '../potentials/pair_eam_fs.js';
import { PairEAM } from '../potentials/pair_eam.js';
import type { PairStyle } from '../src/potential.js';
const P = (f: string) => `${POT_DIR}/${f}`;
function cmp(name: string, a: number, nt: number, mk: () => PairStyle, coeffs: string[][], lines: string[]) {
  const at = makeAtoms({ a, cells: [3, 3, 3], ntypes: nt, tilt: [0.2, -0.1, 0.15], jitter: 0.3, seed: 7 });
  const sim = makeSim(at, mk(), coeffs, 'real');
  sim.eatomRequested = true;
  sim.setup();
  const L = lammpsPoint(at, lines, 'real');
  const n = at.type.length;
  console.log(name, 'pe', sim.pe, L.pe, ((sim.pe - L.pe) / Math.abs(L.pe)).toExponential(2),
   'f', maxRelDiff(sim.system.f.subarray(0, 3 * n), L.f).toExponential(2),
   'eatom', maxRelDiff(sim.forces.eatom.subarray(0, n), L.eatom).toExponential(2));
}
test('q', () => {
  cmp('CuAg funcfl', 3.8, 2, () => new PairEAM(), [['1', '1', P('Cu_u3.eam')], ['2', '2', P('Ag_u3.eam')]], [`pair_style eam`, `pair_coeff 1 1 ${P('Cu_u3.eam')}`, `pair_coeff 2 2 ${P('Ag_u3.eam')}`]);
  cmp('AlMg fs (no UNITS tag)', 4.1, 2, () => new PairEAMFS(), [['*', '*', ALMG, 'Mg', 'Al']], [`pair_style eam/fs`, `pair_coeff * * ${ALMG} Mg Al`]);
  cmp('Al_mm fs', 4.1, 1, () => new PairEAMFS(), [['*', '*', P('Al_mm.eam.fs'), 'Al']], [`pair_style eam/fs`, `pair_coeff * * ${P('Al_mm.eam.fs')} Al`]);
});
