import type { PairStyle } from '../src/potential.js';
import { PairEAMAlloy } from './pair_eam_alloy.js';

/**
 * pair_style eam/fs: Finnis-Sinclair setfl files (LAMMPS PairEAMFS, 29 Sep 2021). As eam/alloy,
 * but the density depends on both elements: the block of element i lists rho_{i,j}(r) for every
 * j, and the density at atom j due to atom i uses table map[i]*N + map[j] (LAMMPS type2rhor).
 * `pair_coeff * * file El1 ... ElN` (NULL allowed at pair_coeff, refused at init).
 */
export class PairEAMFS extends PairEAMAlloy {
  override readonly style: string = 'eam/fs';
  protected override readonly fsFormat: boolean = true;
}

export const createPairEAMFS = (): PairStyle => new PairEAMFS();
