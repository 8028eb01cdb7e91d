import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, sharedDeck } from '../helpers/lammps.js';

/**
 * fix langevin ... gjf vfull|vhalf (Grønbech-Jensen–Farago) against LAMMPS 29 Sep 2021: the same
 * Gaussian RanMars stream, the setup velocity rescaling, the f/a and v = lv bookkeeping around fix
 * nve and the end-of-step velocity swap give the same thermo (incl. the reservoir energy with
 * tally yes) to 1e-9 relative over 200 steps and a second run (franprev and lv carried over);
 * measured ~1e-13. A temperature ramp, type scaling and zero yes on a two-type crystal.
 */
function deck(fix: string, runs = 'run 200'): string {
  return `variable n index 3
${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 1 check yes
${fix}
fix 2 all nve
thermo_style custom step temp pe ke etotal press ecouple econserve pxx pyy pzz pxy
thermo_modify format float %20.15g norm no
thermo 25
${runs}
`;
}

describe('LAMMPS cross-check: fix langevin gjf', () => {
  it('gjf vfull with a ramp, then a second run', () => {
    const d = deck('fix 1 all langevin 1.44 2.0 0.5 48279 gjf vfull', 'run 200\nrun 100');
    expectSameThermo('fix_langevin_gjf_lammps/vfull_ramp', d, 1e-9);
  });

  it('gjf vhalf', () => {
    expectSameThermo('fix_langevin_gjf_lammps/vhalf', deck('fix 1 all langevin 1.0 1.0 0.3 4242 gjf vhalf'), 1e-9);
  });

  it('gjf vfull with tally yes and zero yes (Ecouple, Econserve)', () => {
    const d = deck('fix 1 all langevin 1.0 1.0 0.3 4242 gjf vfull tally yes zero yes', 'run 150\nrun 50');
    expectSameThermo('fix_langevin_gjf_lammps/vfull_tally_zero', d, 1e-9);
  });

  it('gjf vhalf with tally yes and scale on a second type', () => {
    const d = deck(
      'fix 1 all langevin 1.0 1.0 0.3 4242 gjf vhalf tally yes scale 2 1.7',
      'group odd id 1:108:2\nset group odd type 2\nrun 200',
    )
      .replace('create_box\t1 box', 'create_box\t2 box')
      .replace('mass\t\t1 1.0', 'mass\t\t* 1.0')
      .replace('pair_coeff\t1 1 1.0 1.0 2.5', 'pair_coeff\t* * 1.0 1.0 2.5');
    expectSameThermo('fix_langevin_gjf_lammps/vhalf_tally_scale', d, 1e-9);
  });

  it('refuses what LAMMPS refuses, by name', () => {
    const run = (fixes: string) => () => runDpmd(deck('', 'run 10').replace('fix 2 all nve', fixes));
    expect(run('fix 2 all nve\nfix 1 all langevin 1.0 1.0 0.3 4242 gjf vhalf')).toThrow(
      /Fix langevin gjf should come before fix nve/,
    );
    expect(run('fix 1 all langevin 1.0 1.0 0.3 4242 gjf maybe\nfix 2 all nve')).toThrow(/gjf maybe/);
    expect(run('fix 1 all langevin 1.0 1.0 0.0025 4242 gjf vhalf\nfix 2 all nve')).toThrow(
      /cannot have t_period equal to dt\/2/,
    );
    expect(
      run(
        'compute tp all temp/partial 1 1 0\nfix 1 all langevin 1.0 1.0 0.3 4242 gjf vhalf\nfix_modify 1 temp tp\nfix 2 all nve',
      ),
    ).toThrow(/gjf with a biased temperature/);
  });
});
