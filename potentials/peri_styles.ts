import { createComputeDamageAtom } from '../src/compute_damage_atom.js';
import { createComputeDilatationAtom, createComputePlasticityAtom } from '../src/compute_dilatation_atom.js';
import { COMPUTE_STYLES, PAIR_STYLES } from '../src/styles.js';
import { PairPeriEPS } from './pair_peri_eps.js';
import { PairPeriLPS } from './pair_peri_lps.js';
import { PairPeriPMB } from './pair_peri_pmb.js';
import { PairPeriVES } from './pair_peri_ves.js';

/** The PERI package's styles (docs/peridynamics.md): the peri pair styles and their per-atom computes. */
export function registerPeriStyles(): void {
  PAIR_STYLES.register('peri/pmb', () => new PairPeriPMB());
  PAIR_STYLES.register('peri/lps', () => new PairPeriLPS());
  PAIR_STYLES.register('peri/ves', () => new PairPeriVES());
  PAIR_STYLES.register('peri/eps', () => new PairPeriEPS());
  COMPUTE_STYLES.register('damage/atom', createComputeDamageAtom);
  COMPUTE_STYLES.register('dilatation/atom', createComputeDilatationAtom);
  COMPUTE_STYLES.register('plasticity/atom', createComputePlasticityAtom);
}
