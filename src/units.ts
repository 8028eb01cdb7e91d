/**
 * LAMMPS unit systems with LAMMPS's own constants (update.cpp, version 29 Sep 2021), so that
 * temperatures, pressures and energies agree with LAMMPS to the last printed digit.
 * Conversion happens at input and output only; the engine works in the deck's units throughout.
 */
export interface UnitSystem {
  readonly name: 'lj' | 'metal' | 'real';
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

const ALL: Record<string, UnitSystem> = { lj: LJ, metal: METAL, real: REAL };

export function unitSystem(name: string): UnitSystem {
  const u = ALL[name];
  if (!u) throw new Error(`Unknown units style '${name}' (supported: ${Object.keys(ALL).join(', ')})`);
  return u;
}
