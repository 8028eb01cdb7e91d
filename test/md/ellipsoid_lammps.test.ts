import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * atom_style ellipsoid against LAMMPS 29 Sep 2021 (goldens in test/golden/ellipsoid): `set`
 * shape/quat/quat/random/mass, pair gayberne (ellipsoid-ellipsoid, ellipsoid-sphere, LJ spheres)
 * and pair resquared (ellipsoid-ellipsoid and ellipsoid-LJ point), fix nve/asphere,
 * nvt/npt/nph asphere (2d barostat included), compute temp/asphere (with compute_modify
 * extra/dof), erotate/asphere and property/atom quaternions and torques (summed by compute
 * reduce), fix enforce2d on angular momentum and torque; plus a plain 2d fix npt/nph. Thermo at
 * full precision; the ellipsoid runs agree with LAMMPS to ~1e-13, checked to 1e-8.
 */
const GB_2D = `units lj
atom_style ellipsoid
dimension 2
lattice sq 0.1
region box block 0 8 0 8 -0.5 0.5
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.4 95392
set type 1 mass 1.0
set type 2 mass 1.5
set type 1 shape 1 1 1
set type 2 shape 3 1 1
set group all quat/random 18238
compute rot all temp/asphere
group spheroid type 1
variable dof equal count(spheroid)+2
compute_modify rot extra/dof \${dof}
compute er all erotate/asphere
compute q all property/atom quatw quatk tqz angmomz shapex shapey
compute sq all reduce sum c_q[1] c_q[2] c_q[5] c_q[6]
compute st all reduce sumsq c_q[3] c_q[4]
velocity all create 2.4 87287 loop geom
pair_style gayberne 1.0 3.0 1.0 4.0
pair_coeff 1 1 3.0 1.0 1 1 1 1 1 1 2.5
pair_coeff 1 2 3.0 1.0 1 1 1 0 0 0
pair_coeff 2 2 1.0 1.0 1 1 0.2 0 0 0
neighbor 0.8 bin
timestep 0.002
thermo_style custom step c_rot epair etotal press c_er c_sq[1] c_sq[2] c_sq[3] c_sq[4] c_st[1] c_st[2]
thermo_modify format float %20.15g
thermo 100
`;

describe('atom_style ellipsoid: same thermo as LAMMPS', () => {
  it('gayberne in 2d with nve/asphere and enforce2d; temp/asphere extra/dof, erotate, quaternions', () => {
    expectSameThermo(
      'ellipsoid/gayberne_2d_nve',
      `${GB_2D}fix 1 all nve/asphere\nfix 2 all enforce2d\nrun 500\n`,
      1e-8,
    );
  });

  it('npt/asphere then nph/asphere in 2d (its own compute temp/asphere, compute_modify 1_temp)', () => {
    const d = `${GB_2D}fix 1 all npt/asphere temp 2.0 2.0 0.1 iso 0.0 1.0 1.0 mtk no pchain 0 tchain 1
fix 2 all enforce2d
compute_modify 1_temp extra/dof \${dof}
run 300
unfix 1
fix 1 all nph/asphere x 0.5 0.5 1.0 y 0.5 0.5 1.0
run 200
`;
    expectSameThermo('ellipsoid/npt_nph_asphere_2d', d, 1e-8);
  });

  it('gayberne in 3d: biaxial wells, set quat, nvt/asphere (f_1 its energy)', () => {
    const d = `units lj
atom_style ellipsoid
lattice sc 0.05
region box block 0 5 0 5 0 5
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.5 95392
set type 1 mass 1.0
set type 2 mass 2.5
set type 1 shape 1 1 1
set type 2 shape 3 1.5 1
set group all quat/random 18238
set atom 5 quat 1 1 0 60
compute rot all temp/asphere
compute rr all temp/asphere dof rotate
compute er all erotate/asphere
velocity all create 2.4 87287 loop geom
pair_style gayberne 1.0 3.0 1.0 4.0
pair_coeff 1 1 3.0 1.0 1 1 1 1 1 1 2.5
pair_coeff 1 2 3.0 1.0 1 1 1 0 0 0
pair_coeff 2 2 1.0 1.0 1 0.5 0.2 0 0 0
neighbor 0.8 bin
timestep 0.002
fix 1 all nvt/asphere temp 2.0 2.0 0.1
thermo_style custom step c_rot c_rr epair etotal press c_er f_1 c_rot[1] c_rot[4]
thermo_modify format float %20.15g
thermo 50
run 300
`;
    expectSameThermo('ellipsoid/gayberne_3d_nvt', d, 1e-8);
  });

  const POINTS = (pair: string, coeff22: string) => `units lj
atom_style ellipsoid
lattice sc 0.015
region box block 0 5 0 5 0 5
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.5 95392
set type 2 mass 2.5
set type 2 shape 3 1.5 1
group sph type 1
group ell type 2
set group ell quat/random 18238
velocity all create 2.4 87287 loop geom
pair_style ${pair}
pair_coeff 1 1 3.0 1.0 1 1 1 1 1 1 2.5
pair_coeff 1 2 3.0 1.0 1 1 1 0 0 0
pair_coeff 2 2 ${coeff22}
neighbor 0.8 bin
timestep 0.002
fix 1 sph nve
fix 2 ell nve/asphere
compute er ell erotate/asphere
thermo_style custom step temp epair etotal press c_er
thermo_modify format float %20.15g
thermo 50
run 300
`;

  it('gayberne with point particles (ellipsoid-sphere) under nve + nve/asphere', () => {
    expectSameThermo(
      'ellipsoid/gayberne_points',
      POINTS('gayberne 1.0 3.0 1.0 6.0', '1.0 1.0 1 0.5 0.2 0 0 0 3.5'),
      1e-8,
    );
  });

  it('resquared with point particles (ellipsoid-LJ) under nve + nve/asphere', () => {
    expectSameThermo('ellipsoid/resquared_points', POINTS('resquared 6.0', '1.0 1.0 1 0.5 0.2 0 0 0'), 1e-8);
  });

  // Inside pair_style hybrid the sub-styles are bound through initMapped: the per-type shapes and
  // well checks of init_style/init_one must happen there too (they were skipped: NaN forces).
  it('hybrid gayberne + lj/cut in 2d: ellipsoid-ellipsoid and ellipsoid-sphere pairs from gayberne', () => {
    const d = GB_2D.replace(
      'set type 1 shape 1 1 1\nset type 2 shape 3 1 1',
      'set type 1 shape 3 1 1\nset type 2 shape 1 1 1',
    )
      .replace('group spheroid type 1', 'group spheroid type 2')
      .replace(
        /pair_style gayberne[\s\S]*?pair_coeff 2 2 [^\n]*\n/,
        `pair_style hybrid gayberne 1.0 3.0 1.0 4.0 lj/cut 2.5
pair_coeff 1 1 gayberne 1.0 1.0 1 1 0.2 1 1 0.2
pair_coeff 1 2 gayberne 3.0 1.0 1 1 0.2 1 1 1 2.5
pair_coeff 2 2 lj/cut 1.0 1.0 2.5
`,
      );
    expect(d).toContain('pair_coeff 2 2 lj/cut');
    expectSameThermo('ellipsoid/hybrid_gayberne_lj', `${d}fix 1 all nve/asphere\nfix 2 all enforce2d\nrun 300\n`, 1e-8);
  });

  it('hybrid resquared + lj/cut: points by lj/cut, ellipsoid-LJ and ellipsoid-ellipsoid by resquared', () => {
    const d = POINTS('hybrid resquared 6.0 lj/cut 2.5', 'resquared 1.0 1.0 1 0.5 0.2 0 0 0')
      .replace('pair_coeff 1 1 3.0 1.0 1 1 1 1 1 1 2.5', 'pair_coeff 1 1 lj/cut 3.0 1.0')
      .replace('pair_coeff 1 2 3.0', 'pair_coeff 1 2 resquared 3.0');
    expect(d).toContain('pair_coeff 1 1 lj/cut');
    expectSameThermo('ellipsoid/hybrid_resquared_lj', d, 1e-8);
  });

  it('resquared between ellipsoids in 3d with nve/asphere', () => {
    const d = `units lj
atom_style ellipsoid
lattice sc 0.03
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
set type 1 shape 3 1.5 1
set type 1 mass 2.0
set group all quat/random 4321
velocity all create 1.5 87287 loop geom
pair_style resquared 6.0
pair_coeff 1 1 1.0 1.0 1 0.5 0.2 1 0.5 0.2
neighbor 0.8 bin
timestep 0.002
fix 1 all nve/asphere
compute er all erotate/asphere
thermo_style custom step temp epair etotal press c_er
thermo_modify format float %20.15g
thermo 50
run 300
`;
    expectSameThermo('ellipsoid/resquared_3d_nve', d, 1e-8);
  });

  it('plain fix npt and nph in 2d (the z terms dropped as LAMMPS does)', () => {
    const d = `units lj
dimension 2
lattice sq 0.7
region box block 0 10 0 10 -0.5 0.5
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.5 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
fix 1 all npt temp 1.5 1.5 0.5 iso 1.0 1.0 2.0
fix 2 all enforce2d
thermo_style custom step temp epair etotal press vol f_1
thermo_modify format float %20.15g
thermo 100
run 300
unfix 1
fix 1 all nph x 1.0 1.5 2.0 y 1.0 1.0 2.0 mtk no pchain 2
run 200
`;
    expectSameThermo('ellipsoid/npt_nph_plain_2d', d, 1e-6);
  });
});

describe('atom_style ellipsoid: refusals name the rule', () => {
  const BOX =
    'units lj\natom_style ellipsoid\nlattice sc 0.1\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\n';
  const fails = (deck: string, msg: RegExp) => expect(() => runDpmd(deck)).toThrow(msg);
  it('per-type mass, data and restart files, mixed masses within a type', () => {
    fails(`${BOX}mass 1 2.0\n`, /Cannot set mass for atom style ellipsoid/);
    fails(`${BOX}write_data x.data\n`, /write_data with atom_style ellipsoid/);
    fails(`${BOX}write_restart x.rst\n`, /write_restart with atom_style ellipsoid/);
    fails(`${BOX}set atom 1 mass 2.0\n`, /atoms of type 1 would get different masses/);
    const two = BOX.replace('create_box 1 b', 'create_box 2 b');
    fails(`${two}set type 1 mass 2.0\nset atom 1 type 2\n`, /atom 1 of type 2 has mass 2 .* its type's mass is 1/);
    fails(`${two}set type 1 mass 2.0\ncreate_atoms 1 single 0.5 0.5 0.5\n`, /has mass 1 .* its type's mass is 2/);
  });
  it('bad shapes and quaternions', () => {
    fails(`${BOX}set type 1 shape 1 0 1\n`, /Invalid shape in set command/);
    fails(`${BOX}set type 1 quat 0 0 1 30\n`, /Cannot set quaternion for atom that has none/);
    fails(`${BOX}set type 1 quat/random 123\n`, /Cannot set quaternion for atom that has none/);
  });
  it('styles that need ellipsoids', () => {
    const atomic =
      'units lj\nlattice sc 0.1\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\n';
    fails(
      `${atomic}pair_style gayberne 1 3 1 4\npair_coeff 1 1 1 1 1 1 1 1 1 1\nrun 0\n`,
      /Pair gayberne requires atom style ellipsoid/,
    );
    fails(`${atomic}compute t all temp/asphere\n`, /Compute temp\/asphere requires atom style ellipsoid/);
    fails(
      `${BOX}pair_style resquared 4\npair_coeff 1 1 1 1 1 1 1 1 1 1\nfix 1 all nve/asphere\nrun 0\n`,
      /Fix nve\/asphere requires extended particles/,
    );
    fails(`${BOX}compute t all temp/asphere bias b\n`, /bias is not supported/);
    fails(
      `${BOX}set type 1 shape 1 1 1\npair_style gayberne 1 3 1 4\npair_coeff 1 1 1 1 0 0 0 0 0 0\nrun 0\n`,
      /epsilon a,b,c coeffs are not all set/,
    );
  });
});
