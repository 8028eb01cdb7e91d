/**
 * LAMMPS unit systems with LAMMPS's own constants (Update::set_units, version 29 Sep 2021), so that
 * temperatures, pressures and energies agree with LAMMPS to the last printed digit.
 * Conversion happens at input and output only; the engine works in the deck's units throughout.
 */
/** LAMMPS's unit style names. */
export type UnitStyle = 'lj' | 'metal' | 'real' | 'si' | 'cgs' | 'electron' | 'micro' | 'nano';

export interface UnitSystem {
  readonly name: UnitStyle;
  /** Boltzmann constant in energy/temperature units. */
  readonly boltz: number;
  /** mass*velocity^2 -> energy. */
  readonly mvv2e: number;
  /** force/mass*time -> velocity (force * dt / m gives a velocity after multiplying by ftm2v). */
  readonly ftm2v: number;
  /** mass/volume -> density units printed by thermo `density`. */
  readonly mv2d: number;
  /** (N*k*T or virial)/volume -> pressure units. */
  readonly nktv2p: number;
  /** Default timestep (time units). */
  readonly dt: number;
  /** Default neighbor skin (length units). */
  readonly skin: number;
  /** thermo: extensive quantities normalised by atom count by default (LAMMPS: lj only). */
  readonly normDefault: boolean;
  /** Coulomb constant q_i q_j / r -> energy (LAMMPS force->qqr2e). */
  readonly qqr2e: number;
}

const LJ: UnitSystem = {
  name: 'lj',
  boltz: 1,
  mvv2e: 1,
  ftm2v: 1,
  mv2d: 1,
  nktv2p: 1,
  dt: 0.005,
  skin: 0.3,
  normDefault: true,
  qqr2e: 1.0,
};

const METAL: UnitSystem = {
  name: 'metal',
  boltz: 8.617343e-5,
  mvv2e: 1.0364269e-4,
  ftm2v: 1 / 1.0364269e-4,
  mv2d: 1 / 0.602214129,
  nktv2p: 1.6021765e6,
  dt: 0.001,
  skin: 2.0,
  normDefault: false,
  qqr2e: 14.399645,
};

const REAL: UnitSystem = {
  name: 'real',
  boltz: 0.0019872067,
  mvv2e: 48.88821291 * 48.88821291,
  ftm2v: 1 / 48.88821291 / 48.88821291,
  mv2d: 1 / 0.602214129,
  nktv2p: 68568.415,
  dt: 1.0,
  skin: 2.0,
  normDefault: false,
  qqr2e: 332.06371,
};

/** SI: kg, m, s, J, K, Pa, C (qqr2e = 1/(4 pi eps0) as LAMMPS rounds it). */
const SI: UnitSystem = {
  name: 'si',
  boltz: 1.3806504e-23,
  mvv2e: 1,
  ftm2v: 1,
  mv2d: 1,
  nktv2p: 1,
  dt: 1.0e-8,
  skin: 0.001,
  normDefault: false,
  qqr2e: 8.9876e9,
};

/** CGS: g, cm, s, erg, K, dyne/cm^2, statcoulomb (Gaussian: qqr2e = 1). */
const CGS: UnitSystem = {
  name: 'cgs',
  boltz: 1.3806504e-16,
  mvv2e: 1,
  ftm2v: 1,
  mv2d: 1,
  nktv2p: 1,
  dt: 1.0e-8,
  skin: 0.1,
  normDefault: false,
  qqr2e: 1,
};

/** Electron: amu, Bohr, fs, Hartree, K, Pa, e. */
const ELECTRON: UnitSystem = {
  name: 'electron',
  boltz: 3.16681534e-6,
  mvv2e: 1.06657236,
  ftm2v: 0.937582899,
  mv2d: 1,
  nktv2p: 2.94210108e13,
  dt: 0.001,
  skin: 2.0,
  normDefault: false,
  qqr2e: 1,
};

/** Micro: picogram, micrometre, microsecond, picogram-um^2/us^2, K, picogram/(um-us^2), picocoulomb. */
const MICRO: UnitSystem = {
  name: 'micro',
  boltz: 1.3806504e-8,
  mvv2e: 1,
  ftm2v: 1,
  mv2d: 1,
  nktv2p: 1,
  dt: 2.0,
  skin: 0.1,
  normDefault: false,
  qqr2e: 8.987556e6,
};

/** Nano: attogram, nanometre, nanosecond, attogram-nm^2/ns^2, K, attogram/(nm-ns^2), e. */
const NANO: UnitSystem = {
  name: 'nano',
  boltz: 0.013806504,
  mvv2e: 1,
  ftm2v: 1,
  mv2d: 1,
  nktv2p: 1,
  dt: 0.00045,
  skin: 0.1,
  normDefault: false,
  qqr2e: 230.7078669,
};

const ALL: Record<string, UnitSystem> = {
  lj: LJ,
  metal: METAL,
  real: REAL,
  si: SI,
  cgs: CGS,
  electron: ELECTRON,
  micro: MICRO,
  nano: NANO,
};

export function unitSystem(name: string): UnitSystem {
  const u = Object.hasOwn(ALL, name) ? ALL[name] : undefined;
  if (!u) throw new Error(`Unknown units style '${name}' (supported: ${Object.keys(ALL).join(', ')})`);
  return u;
}
