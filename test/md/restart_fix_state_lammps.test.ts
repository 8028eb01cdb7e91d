import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Fix state carried by restart files, against LAMMPS 29 Sep 2021: fixes with LAMMPS's
 * restart_global (fix nvt/npt's Nosé-Hoover chains and barostat, temp/berendsen's and
 * temp/rescale's exchanged energy) continue after write_restart / clear / read_restart when a fix
 * of the same ID and style is defined before the first run, and start afresh otherwise (other ID,
 * other style). Thermo prints econserve and f_ID, which read the chain variables directly.
 * Goldens in test/golden/restart_fix_state.
 */
const SETUP = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.5 87287 loop geom
`;

const FORCES = `pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
thermo 10
`;

function deck(fix: string, thermo: string): string {
  const out = (t: string) => `thermo_style custom ${t}\nthermo_modify format float %20.15g\n`;
  return `${SETUP}${FORCES}${fix}
${out(thermo)}run 50
write_restart state.restart
clear
read_restart state.restart
${FORCES}${fix}
${out(thermo)}run 50
clear
read_restart state.restart
${FORCES}${fix.replace('fix 1 ', 'fix 2 ')}
${out(thermo.replace(/f_1/g, 'f_2'))}run 30
`;
}

describe('restart files carry the state of fixes that LAMMPS restores', () => {
  it('fix nvt: the chain (eta, eta_dot) continues; a fix of another ID starts afresh', () => {
    const d = deck('fix 1 all nvt temp 1.0 1.0 0.5 tchain 3', 'step temp pe etotal econserve f_1');
    const ours = runDpmd(d, scratchDir());
    expect(ours.text).toMatch(/Resetting global fix info from restart file:\n {2}fix style: nvt, fix ID: 1/);
    expect(ours.text).toMatch(/Unused restart file global fix info:\n {2}fix style: nvt, fix ID: 1/);
    // f_1 at the first row after read_restart is the chain energy of the last row before it.
    const [a, b] = ours.tables;
    const col = a.columns.indexOf('f_1');
    expect(b.rows[0][col]).toBe(a.rows[a.rows.length - 1][col]);
    expect(b.rows[0][col]).not.toBe(0);
    expectSameThermo('restart_fix_state/nvt', d, 1e-9);
  });

  it('fix npt: barostat omega, omega_dot, vol0, t0 and its chain continue', () => {
    const d = deck('fix 1 all npt temp 1.0 1.0 0.5 iso 1.0 1.5 2.0', 'step temp pe etotal press vol econserve f_1');
    expectSameThermo('restart_fix_state/npt', d, 1e-9);
  });

  it('fix temp/berendsen and temp/rescale: the exchanged energy (ecouple) continues', () => {
    const d = deck(
      'fix 1 all nve\nfix 3 all temp/berendsen 1.0 1.0 0.5\nfix 4 all temp/rescale 5 1.2 1.2 0.05 0.5',
      'step temp pe etotal ecouple econserve',
    );
    expectSameThermo('restart_fix_state/berendsen_rescale', d, 1e-9);
  });
});
