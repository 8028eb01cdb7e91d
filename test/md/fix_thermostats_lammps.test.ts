import { describe, it } from 'vitest';
import { expectSameThermo, sharedDeck } from '../helpers/lammps.js';

/**
 * fix langevin and fix temp/berendsen against LAMMPS 29 Sep 2021: same deck, same seed, same
 * thermo (incl. the reservoir energy in Ecouple) to 1e-6 relative over 300 steps; measured ~1e-12.
 */
function deck(fixes: string, run = 'run 300', extra = ''): string {
  return `variable n index 4
${extra}
${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 1 check yes
${fixes}
thermo_style custom step temp pe ke etotal press ecouple econserve vol pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g norm no
thermo 50
${run}
`;
}

describe('LAMMPS cross-check: fix langevin, fix temp/berendsen', () => {
  it('langevin with a ramp, tally yes, zero yes (same RanMars stream as LAMMPS)', () => {
    const d = deck('fix 1 all langevin 1.0 1.5 0.5 48279 tally yes zero yes\nfix 2 all nve');
    expectSameThermo('fix_thermostats_lammps/langevin_ramp_tally', d);
  });

  it('langevin defaults', () => {
    const d = deck('fix 1 all langevin 1.0 1.0 0.5 48279\nfix 2 all nve');
    expectSameThermo('fix_thermostats_lammps/langevin_defaults', d);
  });

  it('langevin in a second run after npt (atoms re-sorted at each run setup, as in LAMMPS)', () => {
    // LAMMPS sorts atoms spatially at every run setup and every 1000 steps, which decides which
    // atom gets which random number; dpmd ports that sort, so the same deck must agree.
    const run = 'run 300\nunfix 1\nfix 2 all langevin 1.0 1.0 0.5 99 tally yes\nfix 3 all nve\nrun 100';
    const d = deck('fix 1 all npt temp 1.0 1.0 0.5 aniso 1.0 1.0 2.0', run);
    expectSameThermo('fix_thermostats_lammps/langevin_after_npt', d);
  });

  it('langevin across the 1000-step re-sort, and with sorting switched off on both sides', () => {
    const d = deck('fix 1 all langevin 1.0 1.0 0.5 48279\nfix 2 all nve', 'thermo 101\nrun 1010');
    expectSameThermo('fix_thermostats_lammps/langevin_resort_1010', d);
    const off = deck(
      'fix 1 all langevin 1.0 1.0 0.5 48279\nfix 2 all nve',
      'run 300\nrun 300',
      'atom_modify sort 0 0.0',
    );
    expectSameThermo('fix_thermostats_lammps/langevin_sort_off', off);
  });

  it('Ecouple/Econserve under lj normalisation (norm yes) as LAMMPS prints them', () => {
    const d = deck('fix 1 all nvt temp 1.0 1.0 0.5', 'run 200').replace(' norm no', '');
    expectSameThermo('fix_thermostats_lammps/nvt_norm_yes', d);
  });

  it('temp/berendsen with a ramp', () => {
    const d = deck('fix 1 all nve\nfix 2 all temp/berendsen 1.0 1.3 0.2');
    expectSameThermo('fix_thermostats_lammps/berendsen_ramp', d);
  });
});
