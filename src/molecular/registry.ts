/**
 * Bonded style registries by LAMMPS name (as PAIR_STYLES in src/styles.ts): `bond_style`,
 * `angle_style`, `dihedral_style`, `improper_style` look their style up here. `none` is handled
 * by the commands (no style: the terms contribute nothing).
 */
import { Registry } from '../registry.js';
import { AngleCharmm } from './angle_charmm.js';
import { AngleHarmonic } from './angle_harmonic.js';
import type { BondedFactory } from './bonded_style.js';
import { BondFENE } from './bond_fene.js';
import { BondHarmonic } from './bond_harmonic.js';
import { BondMorse } from './bond_morse.js';
import { DihedralCharmm } from './dihedral_charmm.js';
import { DihedralFourier } from './dihedral_fourier.js';
import { DihedralHarmonic } from './dihedral_harmonic.js';
import { ImproperCvff } from './improper_cvff.js';
import { ImproperHarmonic } from './improper_harmonic.js';
import type { TermKind } from './topology.js';

export const BOND_STYLES = new Registry<BondedFactory>('bond style');
export const ANGLE_STYLES = new Registry<BondedFactory>('angle style');
export const DIHEDRAL_STYLES = new Registry<BondedFactory>('dihedral style');
export const IMPROPER_STYLES = new Registry<BondedFactory>('improper style');

export const BONDED_STYLES: Record<TermKind, Registry<BondedFactory>> = {
  bond: BOND_STYLES,
  angle: ANGLE_STYLES,
  dihedral: DIHEDRAL_STYLES,
  improper: IMPROPER_STYLES,
};

BOND_STYLES.register('harmonic', () => new BondHarmonic());
BOND_STYLES.register('morse', () => new BondMorse());
BOND_STYLES.register('fene', () => new BondFENE());
ANGLE_STYLES.register('harmonic', () => new AngleHarmonic());
ANGLE_STYLES.register('charmm', () => new AngleCharmm());
DIHEDRAL_STYLES.register('charmm', () => new DihedralCharmm());
DIHEDRAL_STYLES.register('fourier', () => new DihedralFourier());
DIHEDRAL_STYLES.register('harmonic', () => new DihedralHarmonic());
IMPROPER_STYLES.register('harmonic', () => new ImproperHarmonic());
IMPROPER_STYLES.register('cvff', () => new ImproperCvff());
