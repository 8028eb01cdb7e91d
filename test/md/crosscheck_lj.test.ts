import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, sharedDeck } from '../helpers/lammps.js';

/**
 * The same deck through LAMMPS and through dpmd: thermo must agree to 1e-6 relative over a few
 * hundred steps. Full-precision thermo output so the comparison is not limited by printing.
 */
const FMT = 'thermo_modify format float %20.15g';

describe('LAMMPS cross-check: lj/cut', () => {
  it('LJ melt (fcc 0.8442, loop geom) matches over 300 steps', () => {
    expectSameThermo(
      'crosscheck_lj/melt',
      `${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 20 check no
fix 1 all nve
thermo_style custom step temp epair emol etotal press pxx pyy pzz pxy pxz pyz
${FMT}
thermo 50
run 300
`,
    );
  });

  it('two types, mixing, shift, gaussian loop all, triclinic box, default neighbor checks', () => {
    expectSameThermo(
      'crosscheck_lj/two_types_triclinic',
      `
units lj
atom_style atomic
lattice fcc 0.9
region box prism 0 4 0 4 0 4 0.7 -0.4 0.3
create_box 2 box
create_atoms 1 box basis 2 2 basis 3 2
mass 1 1.0
mass 2 2.5
velocity all create 1.2 4928459 dist gaussian mom yes rot yes
pair_style lj/cut 2.8
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.8 1.2 3.0
pair_modify shift yes mix arithmetic
fix 1 all nve
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz vol
${FMT}
thermo 25
run 200
`,
    );
  });

  it('cutoff larger than half the box and fixed boundaries in z', () => {
    expectSameThermo(
      'crosscheck_lj/big_cutoff_fixed_z',
      `
units lj
atom_style atomic
boundary p p f
lattice fcc 0.8
region box block 0 2 0 2 0 4
create_box 1 box
region slab block INF INF INF INF 0.5 3.4
create_atoms 1 region slab
mass 1 1.0
velocity all create 0.3 1234 loop all
pair_style lj/cut 3.0
pair_coeff 1 1 1.0 1.0
timestep 0.002
fix 1 all nve
thermo_style custom step temp pe etotal press pxx pzz
${FMT}
thermo 50
run 200
`,
    );
  });

  it('metal units thermo (constants), thermo_style one header and norm', () => {
    const deck = `
units metal
atom_style atomic
lattice fcc 5.26
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 39.948
velocity all create 80.0 777 loop geom
pair_style lj/cut 8.5
pair_coeff 1 1 0.0104 3.40
fix 1 all nve
${FMT}
thermo 20
run 100
`;
    expectSameThermo('crosscheck_lj/metal_units', deck);
    const ours = runDpmd(deck).tables[0];
    expect(ours.columns).toEqual(['Step', 'Temp', 'E_pair', 'E_mol', 'TotEng', 'Press']);
  });
});
