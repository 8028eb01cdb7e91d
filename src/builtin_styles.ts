/**
 * Registers every built-in pair, fix, compute and min style under its LAMMPS name. One line per style;
 * importing this module once (the CLI and the API do) makes the styles available to decks.
 */
import { PairLJCut } from '../potentials/pair_lj_cut.js';
import { PairLJCutCoulCut } from '../potentials/pair_lj_cut_coul_cut.js';
import { PairMorse } from '../potentials/pair_morse.js';
import { PairSoft } from '../potentials/pair_soft.js';
import { PairBuck } from '../potentials/pair_buck.js';
import { PairBorn } from '../potentials/pair_born.js';
import { PairYukawa } from '../potentials/pair_yukawa.js';
import { PairCoulCut } from '../potentials/pair_coul_cut.js';
import { PairSW } from '../potentials/pair_sw.js';
import { PairTersoff } from '../potentials/pair_tersoff.js';
import { PairTable } from '../potentials/pair_table.js';
import { createPairEAM } from '../potentials/pair_eam.js';
import { createPairEAMAlloy } from '../potentials/pair_eam_alloy.js';
import { createPairEAMFS } from '../potentials/pair_eam_fs.js';
import { createPairDeepMD } from '../potentials/pair_deepmd.js';
import { createFixAveTime } from '../integrators/fix_ave_time.js';
import { createFixLangevin } from '../integrators/fix_langevin.js';
import { createFixNPH, createFixNPT } from '../integrators/fix_npt.js';
import { createFixNVE } from '../integrators/fix_nve.js';
import { createFixNVT } from '../integrators/fix_nvt.js';
import { createFixCvConstraint } from '../integrators/fix_cv_constraint.js';
import { createFixPlumed } from '../integrators/fix_plumed.js';
import { createFixTempBerendsen } from '../integrators/fix_temp_berendsen.js';
import { createFixSetForce } from '../integrators/fix_setforce.js';
import { createFixAddForce } from '../integrators/fix_addforce.js';
import { createFixSpring } from '../integrators/fix_spring.js';
import { createFixMomentum } from '../integrators/fix_momentum.js';
import { createFixViscous } from '../integrators/fix_viscous.js';
import { createFixAveForce } from '../integrators/fix_aveforce.js';
import { createFixSpringSelf } from '../integrators/fix_spring_self.js';
import { createFixRecenter } from '../integrators/fix_recenter.js';
import { createFixTempRescale } from '../integrators/fix_temp_rescale.js';
import { createFixWallReflect } from '../integrators/fix_wall_reflect.js';
import { createFixWallLJ93 } from '../integrators/fix_wall_lj93.js';
import { createFixWallHarmonic } from '../integrators/fix_wall_harmonic.js';
import { createFixPrint } from '../integrators/fix_print.js';
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
  PAIR_STYLES.register('morse', () => new PairMorse());
  PAIR_STYLES.register('soft', () => new PairSoft());
  PAIR_STYLES.register('buck', () => new PairBuck());
  PAIR_STYLES.register('born', () => new PairBorn());
  PAIR_STYLES.register('yukawa', () => new PairYukawa());
  PAIR_STYLES.register('coul/cut', () => new PairCoulCut());
  PAIR_STYLES.register('sw', () => new PairSW());
  PAIR_STYLES.register('tersoff', () => new PairTersoff());
  PAIR_STYLES.register('table', () => new PairTable());
  // fix styles
  FIX_STYLES.register('nve', createFixNVE);
  FIX_STYLES.register('nvt', createFixNVT);
  FIX_STYLES.register('npt', createFixNPT);
  FIX_STYLES.register('nph', createFixNPH);
  FIX_STYLES.register('langevin', createFixLangevin);
  FIX_STYLES.register('temp/berendsen', createFixTempBerendsen);
  FIX_STYLES.register('ave/time', createFixAveTime);
  FIX_STYLES.register('plumed', createFixPlumed);
  FIX_STYLES.register('cv/constraint', createFixCvConstraint);
  FIX_STYLES.register('setforce', createFixSetForce);
  FIX_STYLES.register('addforce', createFixAddForce);
  FIX_STYLES.register('spring', createFixSpring);
  FIX_STYLES.register('momentum', createFixMomentum);
  FIX_STYLES.register('viscous', createFixViscous);
  FIX_STYLES.register('aveforce', createFixAveForce);
  FIX_STYLES.register('spring/self', createFixSpringSelf);
  FIX_STYLES.register('recenter', createFixRecenter);
  FIX_STYLES.register('temp/rescale', createFixTempRescale);
  FIX_STYLES.register('wall/reflect', createFixWallReflect);
  FIX_STYLES.register('wall/lj93', createFixWallLJ93);
  FIX_STYLES.register('wall/harmonic', createFixWallHarmonic);
  FIX_STYLES.register('print', createFixPrint);
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
