import type { ActionReader } from './action_reader.js';

/**
 * Units between the MD engine and PLUMED. PLUMED works in nm, kJ/mol and ps unless the input's
 * UNITS action says otherwise; LAMMPS's fix plumed tells PLUMED the deck's units (FixPlumed
 * constructor): energy real kcal/mol = 4.184 kJ/mol, metal eV = 96.48530749925791 kJ/mol; length
 * 0.1/angstrom nm (Å = 0.1 nm); time 0.001/femtosecond ps (real fs = 0.001 ps, metal ps = 1 ps);
 * `units lj` sets PLUMED's natural units (every factor 1, k_B = 1).
 */
export interface MdUnits {
  /** One MD length unit in nm, energy unit in kJ/mol, time unit in ps; natural for lj. */
  readonly length: number;
  readonly energy: number;
  readonly time: number;
  readonly natural: boolean;
}

/** (LAMMPS's fix plumed writes eV as 96.48530749925792 kJ/mol; the double nearest it is 96.48530749925791.) */
/** PLUMED's Boltzmann constant, kJ/mol/K (PLUMED 2 src/tools/Units: kBoltzmann). */
export const PLUMED_KB = 0.0083144621;

export function mdUnitsOf(style: 'lj' | 'metal' | 'real'): MdUnits {
  if (style === 'real') return { length: 0.1, energy: 4.184, time: 0.001, natural: false };
  if (style === 'metal') return { length: 0.1, energy: 96.48530749925791, time: 1, natural: false };
  return { length: 1, energy: 1, time: 1, natural: true };
}

/** The conversion factors the engine applies at its edges. */
export class PlumedUnits {
  /** PLUMED's own units (nm, kJ/mol, ps by default) as set by the UNITS action. */
  length = 1;
  energy = 1;
  time = 1;

  constructor(readonly md: MdUnits) {}

  /** An MD length times this is a PLUMED length. */
  get lengthToPlumed(): number {
    return this.md.natural ? 1 : this.md.length / this.length;
  }
  /** A PLUMED energy times this is an MD energy. */
  get energyToMd(): number {
    return this.md.natural ? 1 : this.energy / this.md.energy;
  }
  /** An MD time times this is a PLUMED time. */
  get timeToPlumed(): number {
    return this.md.natural ? 1 : this.md.time / this.time;
  }
  /** k_B in PLUMED's energy unit per kelvin (1 in natural units). */
  get kB(): number {
    return this.md.natural ? 1 : PLUMED_KB / this.energy;
  }

  /** UNITS LENGTH=... ENERGY=... TIME=... (PLUMED's named units or a number of nm / kJ/mol / ps). */
  read(r: ActionReader): void {
    if (r.flag('NATURAL')) r.fail('NATURAL is not supported: use units lj in the deck for natural units');
    const len = r.raw('LENGTH');
    const en = r.raw('ENERGY');
    const t = r.raw('TIME');
    if (r.raw('CHARGE') !== undefined || r.raw('MASS') !== undefined)
      r.fail('CHARGE and MASS units are not supported (no action here uses them)');
    if (this.md.natural && (len ?? en ?? t) !== undefined)
      r.fail('with units lj (natural units) PLUMED ignores UNITS: remove it');
    if (len !== undefined) this.length = named(r, 'LENGTH', len, { nm: 1, A: 0.1, um: 1000, Bohr: 0.052917721067 });
    if (en !== undefined)
      this.energy = named(r, 'ENERGY', en, {
        'kj/mol': 1,
        'kcal/mol': 4.184,
        'j/mol': 0.001,
        eV: 96.48530749925791,
        Ha: 2625.499638,
      });
    if (t !== undefined) this.time = named(r, 'TIME', t, { ps: 1, fs: 0.001, ns: 1000, atomic: 2.418884326509e-5 });
  }
}

function named(r: ActionReader, key: string, s: string, table: Record<string, number>): number {
  if (Object.hasOwn(table, s)) return table[s];
  const x = Number(s);
  if (s.trim() === '' || !Number.isFinite(x) || x <= 0)
    r.fail(`${key}=${s}: expected one of ${Object.keys(table).join(', ')} or a positive number`);
  return x;
}
