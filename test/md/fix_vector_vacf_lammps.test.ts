import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix vector, the formula functions sum/min/max/ave/trap/slope on its samples, and compute vacf,
 * against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_vector_vacf): LAMMPS's DIFFUSE examples
 * (in.msd.2d, in.vacf.2d) at full precision in a smaller box and shorter runs. Samples are taken
 * on multiples of Nevery from the fix command on, including the setup of each run, and kept
 * across runs; with several values the fix holds an array whose column j is f_ID[j] for the
 * functions.
 */
const SETUP = `units lj
dimension 2
atom_style atomic
neigh_modify delay 0 every 1
lattice sq2 0.6
region simbox block 0 10 0 10 -0.1 0.1
create_box 1 simbox
create_atoms 1 box
pair_style lj/cut 2.5
pair_coeff * * 1 1
mass * 1.0
velocity all create 1.0 97287
fix 1 all nve
fix 2 all langevin 1.0 1.0 0.1 498094
fix 3 all enforce2d
run 100
unfix 2
reset_timestep 0
`;

const DECK = `${SETUP}compute msd all msd com yes
compute vacf all vacf
variable twopoint equal c_msd[4]/4/(step*dt+1.0e-6)
fix 9 all vector 10 c_msd[4]
fix 5 all vector 1 c_vacf[4]
fix 6 all vector 5 c_vacf[1] c_vacf[2] v_twopoint
variable fitslope equal slope(f_9)/4/(10*dt)
variable vacf equal 0.5*dt*trap(f_5)
variable stats equal sum(f_9)+min(f_5)-max(f_5)+ave(f_9)
variable cols equal trap(f_6[1])+slope(f_6[2])+ave(f_6[3])
thermo_style custom step temp c_msd[4] v_twopoint v_fitslope c_vacf[4] v_vacf v_stats v_cols
thermo_modify format float %20.15g
thermo 20
run 100
run 60
`;

describe('fix vector and compute vacf give LAMMPS thermo', () => {
  it('msd/vacf samples, slope/trap/sum/min/max/ave of vectors and array columns, across two runs', () => {
    const ours = runDpmd(DECK, scratchDir());
    const t = ours.tables[1];
    expect(t.columns).toContain('v_fitslope');
    // slope of fewer than two samples is LAMMPS's 1e20 (here divided by 4 * 10 dt)
    expect(t.rows[0][t.columns.indexOf('v_fitslope')]).toBeCloseTo(1e20 / 4 / (10 * 0.005), -5);
    expectSameThermo('fix_vector_vacf/diffuse_2d', DECK, 1e-9);
  });

  it('refuses values it cannot store, by name', () => {
    expect(() => runDpmd(`${SETUP}fix 9 all vector 10 x`)).toThrow(/Illegal fix vector command: 'x'/);
    expect(() => runDpmd(`${SETUP}fix 9 all vector 10 c_nope`)).toThrow(/Could not find fix vector compute ID 'nope'/);
    expect(() => runDpmd(`${SETUP}variable s equal slope(v_a)\nprint "\${s}"`)).toThrow(/slope\(v_a\)/);
  });
});
