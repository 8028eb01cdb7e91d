import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * `neigh_modify exclude` against LAMMPS 29 Sep 2021: type, group and molecule/intra|inter rules
 * take pairs out of the neighbor lists (and so out of the pair forces, energy and pressure), and
 * `exclude none` puts them back; every thermo row of each run to 1e-9 relative. Goldens in
 * test/golden/neigh_exclude/, live lmp where installed.
 */
const SETUP = (style: string) => `units lj
atom_style ${style}
atom_modify map array
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 3 box
create_atoms 1 box
mass * 1.0
region left block INF 2.5 INF INF INF INF
region right block 2.5 INF INF INF INF INF
group left region left
group right region right
set group right type 2
set type 1 type/fraction 3 0.3 4321
velocity all create 1.5 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
pair_coeff 1 3 0.8 1.1 2.5
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
fix 1 all nve
thermo_style custom step temp epair etotal press pxx pyy pzz pxy
thermo_modify format float %20.15g
thermo 10
`;

describe('neigh_modify exclude: same thermo as LAMMPS', () => {
  it('type: pairs of types 2-3 and 1-1 left out; exclude none clears earlier rules', () => {
    expectSameThermo(
      'neigh_exclude/type',
      `${SETUP('atomic')}neigh_modify exclude type 2 3 exclude type 1 1\nrun 30\n`,
      1e-9,
    );
    expectSameThermo(
      'neigh_exclude/none',
      `${SETUP('atomic')}neigh_modify exclude type 1 1\nneigh_modify exclude none\nneigh_modify exclude type 3 2\nrun 100\n`,
      1e-9,
    );
  });

  it('group: pairs across the left and right halves left out', () => {
    expectSameThermo('neigh_exclude/group', `${SETUP('atomic')}neigh_modify exclude group left right\nrun 100\n`, 1e-9);
  });

  it('molecule/intra and molecule/inter (molecule IDs by half)', () => {
    const mol = `${SETUP('molecular')}set group left mol 1\nset group right mol 2\n`;
    expectSameThermo('neigh_exclude/mol_intra', `${mol}neigh_modify exclude molecule/intra all\nrun 50\n`, 1e-9);
    expectSameThermo('neigh_exclude/mol_inter', `${mol}neigh_modify exclude molecule/inter left\nrun 50\n`, 1e-9);
  });

  // examples/crack/in.crack shortened: 2d, shrink-wrapped x and y, so thermo_style one (the default)
  // gets LAMMPS's Volume column; the two notched halves do not interact across the crack.
  it('the crack example: exclude type 2 3 with shrink-wrapped faces and thermo_style one', () => {
    expectSameThermo(
      'neigh_exclude/crack',
      `dimension 2
boundary s s p
atom_style atomic
neighbor 0.3 bin
neigh_modify delay 5
lattice hex 0.93
region box block 0 40 0 20 -0.25 0.25
create_box 5 box
create_atoms 1 box
mass * 1.0
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
region 1 block INF INF INF 1.25 INF INF
group lower region 1
region 2 block INF INF 18.75 INF INF INF
group upper region 2
group boundary union lower upper
group mobile subtract all boundary
region leftupper block INF 10 10 INF INF INF
region leftlower block INF 10 INF 10 INF INF
group leftupper region leftupper
group leftlower region leftlower
set group leftupper type 2
set group leftlower type 3
set group lower type 4
set group upper type 5
compute new mobile temp
velocity mobile create 0.01 887723 temp new
velocity upper set 0.0 0.3 0.0
velocity mobile ramp vy 0.0 0.3 y 1.25 18.75 sum yes
fix 1 all nve
fix 2 boundary setforce NULL 0.0 0.0
timestep 0.003
thermo 50
thermo_modify temp new format float %20.15g
neigh_modify exclude type 2 3
run 300
`,
      1e-9,
    );
  });

  it('errors: unknown style, bad type, unknown group, molecule rule without molecule IDs', () => {
    const run = (line: string) => () => runDpmd(`${SETUP('atomic')}${line}\nrun 0\n`);
    expect(run('neigh_modify exclude bonds 1 2')).toThrow(/exclude style/);
    expect(run('neigh_modify exclude type 1 4')).toThrow(/exclude type J/);
    expect(run('neigh_modify exclude group left nogroup')).toThrow(/Could not find neigh_modify exclude group ID/);
    expect(run('neigh_modify exclude molecule/intra all')).toThrow(/requires an atom style with molecule IDs/);
  });
});
