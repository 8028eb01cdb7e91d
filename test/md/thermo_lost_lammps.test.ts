import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * `thermo_modify lost warn|ignore`: accepted (LAMMPS's examples set it), the same thermo as LAMMPS
 * while no atom is lost, with a NOTE that a loss still stops the run; a bad value is refused.
 */
const DECK = (lost: string) => `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.5 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
fix 1 all nve
thermo 10
thermo_modify format float %20.15g lost ${lost}
run 50
`;

describe('thermo_modify lost', () => {
  it('warn: LAMMPS thermo while nothing is lost, and a NOTE', () => {
    expectSameThermo('thermo_lost/warn', DECK('warn'), 1e-9);
    expect(runDpmd(DECK('warn')).text).toMatch(/NOTE: thermo_modify lost warn: dpmd still stops the run/);
    expect(runDpmd(DECK('ignore')).text).toMatch(/NOTE: thermo_modify lost ignore/);
  });

  it('a value other than error, warn, ignore is refused', () => {
    expect(() => runDpmd(DECK('maybe'))).toThrow(/Illegal thermo_modify lost value 'maybe'/);
  });
});
