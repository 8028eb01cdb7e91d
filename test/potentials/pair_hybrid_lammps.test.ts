import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * pair_style hybrid, hybrid/overlay and atm against LAMMPS 29 Sep 2021: every thermo row (pe,
 * ke, press and its tensor, per-atom energy and stress sums) to 1e-9 relative. The decks cover
 * sub-styles by type pair (a later pair_coeff replaces), overlays, a sub-style used twice (lj/cut
 * 1, lj/cut 2), mixing of an unset pair within one sub-style, pair_modify pair SUB, pair_coeff
 * none, a many-body full-list sub-style with NULL types beside half-list ones (skip lists and
 * half-from-full lists), eam styles with NULL types, the Axilrod-Teller-Muto three-body term with
 * per-triplet nu, and compute pair (sub-style energies; a lone style's without its tail).
 * Goldens in test/golden/pair_hybrid/, live lmp where installed.
 */
const LJ2 = (density: number, cells: number, ntypes: number) => `units lj
atom_style atomic
lattice fcc ${density}
region box block 0 ${cells} 0 ${cells} 0 ${cells}
create_box ${ntypes} box
create_atoms 1 box
mass * 1.0
group second id 1:10000:3
set group second type 2
`;

const THERMO = `compute pa all pe/atom
compute sa all stress/atom NULL
compute r all reduce sum c_pa c_sa[1] c_sa[2] c_sa[3] c_sa[4] c_sa[5] c_sa[6]
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz c_r[1] c_r[2] c_r[5] c_r[7]
thermo_modify format float %20.15g
`;

/** Thermo with the per-atom energy sum only (sw and morse tally no per-atom virials here). */
const THERMO_E = `compute pa all pe/atom
compute r all reduce sum c_pa
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz c_r
thermo_modify format float %20.15g
`;

const SI = `units metal
atom_style atomic
lattice diamond 5.431
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box
mass * 28.06
group second id 1:216:5
set group second type 2
velocity all create 1800.0 5287287 loop geom
`;

const SI_RUN = `${THERMO_E}fix 1 all nvt temp 1800.0 1800.0 0.1
timestep 1.0e-3
neighbor 1.0 bin
neigh_modify every 1 delay 5 check yes
thermo 10
run 60
`;

/** An fcc Cu crystal (metal units) with every fifth atom of type 2 (more types: set by the deck). */
const CU = (cells: number, ntypes = 2) => `units metal
atom_style atomic
lattice fcc 3.615
region box block 0 ${cells} 0 ${cells} 0 ${cells}
create_box ${ntypes} box
create_atoms 1 box
group second id 1:10000:5
set group second type 2
mass * 63.55
velocity all create 800.0 4928459 loop geom
`;

const CU_RUN = `${THERMO_E}fix 1 all nve
timestep 0.002
neighbor 1.0 bin
neigh_modify every 1 delay 5 check yes
thermo 10
run 60
`;

describe('pair hybrid, hybrid/overlay, atm, compute pair: same thermo as LAMMPS', () => {
  it('hybrid/overlay lj/cut + atm (two types, per-triplet nu), nvt, per-atom energy and stress', () => {
    expectSameThermo(
      'pair_hybrid/atm_overlay',
      `${LJ2(0.65, 3, 2)}velocity all create 1.033 12345678 loop geom
pair_style hybrid/overlay lj/cut 4.5 atm 4.5 2.5
pair_coeff * * lj/cut 1.0 1.0
pair_coeff * * atm * 0.072
pair_coeff 1 2 atm 2 0.11
compute plj all pair lj/cut
compute patm all pair atm evdwl
${THERMO}thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz c_r[1] c_r[2] c_r[5] c_r[7] c_plj c_patm
thermo_modify format float %20.15g
fix 1 all nvt temp 1.033 1.033 0.05
timestep 0.002
thermo 5
run 25
`,
      1e-9,
    );
  });

  it('hybrid by type pair: lj/cut twice, morse, mixing within lj/cut 1, pair_modify pair SUB shift', () => {
    expectSameThermo(
      'pair_hybrid/by_type',
      `${LJ2(0.8442, 4, 3)}group third id 2:10000:7
set group third type 3
velocity all create 1.5 87287 loop geom
pair_style hybrid lj/cut 2.5 lj/cut 1.8 morse 2.2
pair_coeff 1 1 lj/cut 1 1.0 1.0
pair_coeff 2 2 lj/cut 1 1.2 1.05
pair_coeff 3 3 morse 1.0 5.0 1.1
pair_coeff 1 3 lj/cut 2 0.8 0.95
pair_coeff 2 3 morse 0.7 4.0 1.2 2.0
pair_modify pair lj/cut 1 shift yes
pair_modify pair morse shift yes
compute p1 all pair lj/cut 1
compute p2 all pair lj/cut 2 epair
compute pm all pair morse ecoul
${THERMO_E}thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz c_r c_p1 c_p2 c_pm
thermo_modify format float %20.15g
fix 1 all nve
timestep 0.002
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
thermo 10
run 60
`,
      1e-9,
    );
  });

  it('hybrid sw with a NULL type + lj/cut + none (skip lists, half list from the full one)', () => {
    expectSameThermo(
      'pair_hybrid/sw_null_lj',
      `${SI}pair_style hybrid sw lj/cut 4.0
pair_coeff * * sw Si.sw Si NULL
pair_coeff 1 2 lj/cut 0.01 2.5
pair_coeff 2 2 none
${SI_RUN}`,
      1e-9,
    );
  });

  it('hybrid tersoff with a NULL type + lj/cut (tersoff three-body loops on a skip list)', () => {
    expectSameThermo(
      'pair_hybrid/tersoff_null_lj',
      `${SI}pair_style hybrid tersoff lj/cut 4.0
pair_coeff * * tersoff Si.tersoff Si NULL
pair_coeff 1*2 2 lj/cut 0.01 2.5
${SI_RUN}`,
      1e-9,
    );
  });

  it('hybrid/overlay sw + lj/cut on every pair (a half list from the full list, no skipping), pair_modify shift to all', () => {
    expectSameThermo(
      'pair_hybrid/sw_overlay_lj',
      `${SI}pair_style hybrid/overlay sw lj/cut 4.0
pair_coeff * * sw Si.sw Si Si
pair_coeff * * lj/cut 0.005 2.2
pair_modify shift yes
${SI_RUN}`,
      1e-9,
    );
  });

  it('hybrid eam/alloy with a NULL type + lj/cut for the adsorbate pairs', () => {
    expectSameThermo(
      'pair_hybrid/eam_alloy_null_lj',
      `${CU(3)}pair_style hybrid eam/alloy lj/cut 5.0
pair_coeff * * eam/alloy CuNi.eam.alloy Cu NULL
pair_coeff 1 2 lj/cut 0.05 2.4
pair_coeff 2 2 lj/cut 0.01 2.6
mass 2 20.0
${CU_RUN}`,
      1e-9,
    );
  });

  it('hybrid eam (funcfl, the 1 2 pair mixed inside eam) + lj/cut for a third type', () => {
    expectSameThermo(
      'pair_hybrid/eam_funcfl_mixed',
      `${CU(3, 3)}group third id 3:10000:7
set group third type 3
pair_style hybrid eam lj/cut 4.0
pair_coeff 1 1 eam Cu_u3.eam
pair_coeff 2 2 eam Ni_u3.eam
pair_coeff 1*2 3 lj/cut 0.02 2.3
pair_coeff 3 3 lj/cut 0.01 2.5
${CU_RUN}`,
      1e-9,
    );
  });

  it('compute pair of a lone style leaves the tail correction out (pe keeps it)', () => {
    expectSameThermo(
      'pair_hybrid/compute_pair_lone',
      `${LJ2(0.8442, 3, 2)}velocity all create 1.5 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0
pair_coeff 2 2 1.2 1.1
pair_modify tail yes
compute p all pair lj/cut
compute pv all pair lj/cut evdwl
thermo_style custom step temp pe c_p c_pv press
thermo_modify format float %20.15g
fix 1 all nve
timestep 0.002
thermo 10
run 40
`,
      1e-9,
    );
  });

  it('errors: unknown sub-style, unused sub-style, unset pair across sub-styles, index of a repeated style', () => {
    const run = (pair: string) => () => runDpmd(`${LJ2(0.8442, 3, 2)}${pair}\nrun 0\n`);
    expect(run('pair_style hybrid lj/cut 2.5 python 2.5')).toThrow(/Unknown pair style 'python'/);
    expect(run('pair_style hybrid lj/cut 2.5 morse 2.0\npair_coeff * * lj/cut 1.0 1.0')).toThrow(
      /Pair hybrid sub-style morse is not used/,
    );
    expect(
      run('pair_style hybrid lj/cut 2.5 morse 2.0\npair_coeff 1 1 lj/cut 1.0 1.0\npair_coeff 2 2 morse 1.0 5.0 1.1'),
    ).toThrow(/All pair coeffs are not set \(pair hybrid types 1 2/);
    expect(run('pair_style hybrid lj/cut 2.5 lj/cut 2.0\npair_coeff * * lj/cut 1.0 1.0')).toThrow(
      /sub-style lj\/cut is used 2 times: give its index 1-2/,
    );
    expect(run('pair_style hybrid/overlay lj/cut 2.5\npair_coeff * * soft 1.0')).toThrow(
      /'soft' is not a sub-style of pair_style hybrid\/overlay/,
    );
    expect(
      run('pair_style hybrid lj/cut 2.5 lj/cut 2.0\npair_coeff * * lj/cut 1 1.0 1.0\ncompute p all pair lj/cut'),
    ).toThrow(/Unrecognized pair style lj\/cut in compute pair command/);
    expect(run('pair_style lj/cut 2.5\npair_coeff * * 1.0 1.0\ncompute p all pair lj/cut etotal')).toThrow(
      /Unknown compute pair keyword etotal/,
    );
    expect(run('pair_style hybrid/overlay lj/cut 2.5 atm 2.5 2.5\npair_modify pair atm table 12')).toThrow(
      /Illegal pair_modify command for pair atm: 'table 12' is not supported/,
    );
    expect(run('pair_style hybrid/overlay lj/cut 2.5 atm 2.5\npair_coeff * * lj/cut 1.0 1.0')).toThrow(
      /Illegal pair_style atm command/,
    );
  });
});
