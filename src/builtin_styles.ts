/**
 * Registers every built-in pair, fix, compute and min style under its LAMMPS name. One line per style;
 * importing this module once (the CLI and the API do) makes the styles available to decks.
 */
import { PairLJCut } from '../potentials/pair_lj_cut.js';
import { PairLJCutCoulCut } from '../potentials/pair_lj_cut_coul_cut.js';
import { createPairEAM } from '../potentials/pair_eam.js';
import { createPairEAMAlloy } from '../potentials/pair_eam_alloy.js';
import { createPairEAMFS } from '../potentials/pair_eam_fs.js';
import { createPairDeepMD } from '../potentials/pair_deepmd.js';
import { createFixAveTime } from '../integrators/fix_ave_time.js';
import { createFixLangevin } from '../integrators/fix_langevin.js';
import { createFixNPH, createFixNPT } from '../integrators/fix_npt.js';
import { createFixNVE } from '../integrators/fix_nve.js';
import { createFixNVT } from '../integrators/fix_nvt.js';
import { createFixPlumed } from '../integrators/fix_plumed.js';
import { createFixEnforce2D } from '../integrators/fix_enforce2d.js';
import { createFixTempBerendsen } from '../integrators/fix_temp_berendsen.js';
import { createFixSetForce } from '../integrators/fix_setforce.js';
import { createFixAddForce } from '../integrators/fix_addforce.js';
import { createFixSpring } from '../integrators/fix_spring.js';
import { createFixMomentum } from '../integrators/fix_momentum.js';
import { createComputeTemp } from './compute_temp.js';
import { createComputePE } from './compute_pe.js';
import { createComputeKE } from './compute_ke.js';
import { createComputeReduce } from './compute_reduce.js';
import { createMinCG } from '../integrators/min_cg.js';
import { createMinFire } from '../integrators/min_fire.js';
import { createComputeRDF } from './compute_rdf.js';
import { COMPUTE_STYLES, FIX_STYLES, MIN_STYLES, PAIR_STYLES } from './styles.js';

let done = false;
export function registerBuiltinStyles(): void {
  if (done) return;
  done = true;
  // pair styles
  PAIR_STYLES.register('eam', createPairEAM);
  PAIR_STYLES.register('eam/alloy', createPairEAMAlloy);
  PAIR_STYLES.register('eam/fs', createPairEAMFS);
  PAIR_STYLES.register('lj/cut', () => new PairLJCut());
  PAIR_STYLES.register('lj/cut/coul/cut', () => new PairLJCutCoulCut());
  PAIR_STYLES.register('deepmd', createPairDeepMD);
  // fix styles
  FIX_STYLES.register('nve', createFixNVE);
  FIX_STYLES.register('nvt', createFixNVT);
  FIX_STYLES.register('npt', createFixNPT);
  FIX_STYLES.register('nph', createFixNPH);
  FIX_STYLES.register('langevin', createFixLangevin);
  FIX_STYLES.register('temp/berendsen', createFixTempBerendsen);
  FIX_STYLES.register('ave/time', createFixAveTime);
  FIX_STYLES.register('plumed', createFixPlumed);
  FIX_STYLES.register('enforce2d', createFixEnforce2D);
  FIX_STYLES.register('setforce', createFixSetForce);
  FIX_STYLES.register('addforce', createFixAddForce);
  FIX_STYLES.register('spring', createFixSpring);
  FIX_STYLES.register('momentum', createFixMomentum);
  // compute styles
  COMPUTE_STYLES.register('rdf', createComputeRDF);
  COMPUTE_STYLES.register('temp', createComputeTemp);
  COMPUTE_STYLES.register('pe', createComputePE);
  COMPUTE_STYLES.register('ke', createComputeKE);
  COMPUTE_STYLES.register('reduce', createComputeReduce);
  // min styles
  MIN_STYLES.register('cg', createMinCG);
  MIN_STYLES.register('fire', createMinFire);
  void PAIR_STYLES;
  void FIX_STYLES;
  void MIN_STYLES;
  void COMPUTE_STYLES;
}
