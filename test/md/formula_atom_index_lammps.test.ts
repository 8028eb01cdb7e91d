import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * x[v_name] in formulas (the atom whose ID is an equal-style variable's value, as LAMMPS's
 * MC/in.mc picks a random atom) and the thermo keywords nbuild and ndanger (neighbor list builds
 * and dangerous builds since the run's setup), against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/formula_atom_index).
 */
const DECK = `units lj
atom_style atomic
atom_modify map array
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.1 bin
neigh_modify delay 0 every 2 check yes
fix 1 all nve
variable k equal 1+(step%7)*13.6
variable xk equal x[v_k]
variable vk equal vx[v_k]+fy[v_k]
thermo_style custom step temp pe v_k v_xk v_vk nbuild ndanger
thermo_modify format float %20.15g
thermo 10
run 100
`;

describe('x[v_name] and nbuild/ndanger', () => {
  it('read the atom a variable names and the neighbor build counts as LAMMPS does', () => {
    const ours = runDpmd(DECK).tables[0];
    const nb = ours.columns.indexOf('Nbuild');
    expect(ours.rows[ours.rows.length - 1][nb]).toBeGreaterThan(0);
    expectSameThermo('formula_atom_index/x_of_variable', DECK, 1e-9);
  });

  it('refuses an unknown variable between brackets', () => {
    expect(() => runDpmd(`${DECK.split('fix 1')[0]}variable xk equal x[v_nope]\nprint "\${xk}"\n`)).toThrow(
      /Invalid variable name 'nope'/,
    );
  });
});
