/**
 * Registers every built-in pair, fix and min style under its LAMMPS name. One line per style;
 * importing this module once (the CLI and the API do) makes the styles available to decks.
 */
import { createFixNVE } from '../integrators/fix_nve.js';
import { FIX_STYLES, MIN_STYLES, PAIR_STYLES } from './styles.js';

let done = false;
export function registerBuiltinStyles(): void {
  if (done) return;
  done = true;
  // pair styles
  // fix styles
  FIX_STYLES.register('nve', createFixNVE);
  // min styles
  void PAIR_STYLES; void FIX_STYLES; void MIN_STYLES;
}
