import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * 2d simulations (`dimension 2`) against LAMMPS 29 Sep 2021 (goldens in test/golden/dimension2,
 * live lmp where installed): lattices sq/sq2/hex with LAMMPS's reduced-density scale (a = (n/(A
 * rho*))^(1/2)), velocity create with vz = 0, dof 2N - 2, area as volume in press/vol/density, the
 * 2d pressure (W_xx + W_yy)/2, no periodic images along z for a box thinner than the cutoff, fix
 * enforce2d, and the thermostats that act in the plane. Every thermo row to 1e-9 relative.
 */
const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\n`;
const COLS = 'step temp pe ke etotal press vol density pxx pyy pzz pxy';

function lj2d(lattice: string, extra: string): string {
  return `dimension 2
units lj
atom_style atomic
lattice ${lattice}
region box block 0 12 0 10 -0.25 0.25
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
region left block 0 6 INF INF INF INF
group left region left
set group left type 2
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
${extra}`;
}

describe('dimension 2: same thermo as LAMMPS', () => {
  it('hex lattice, nve + enforce2d: pressure tensor, area, density', () => {
    const deck = lj2d('hex 0.7', `fix 1 all nve\nfix 2 all enforce2d\n${thermo(COLS)}thermo 25\nrun 200\n`);
    expect(runDpmd(deck).tables.length).toBe(1);
    expectSameThermo('dimension2/hex_nve', deck, 1e-9);
  });

  it('sq2 lattice, langevin + nve + enforce2d, velocity with rotation removed, a second run', () => {
    const deck = lj2d(
      'sq2 0.8442',
      `velocity all create 1.5 4928459 loop all mom yes rot yes
fix 1 all nve
fix 2 all langevin 1.0 1.0 0.5 48279
fix 3 all enforce2d
${thermo(COLS)}thermo 20
run 100
run 100
`,
    );
    expect(runDpmd(deck).tables.length).toBe(2);
    expectSameThermo('dimension2/sq2_langevin', deck, 1e-9);
  });

  // sq2 0.8: a = (2/0.8)^(1/2), the (3/2, 1/2)a neighbour shell sits at sqrt(10) a/2 = 2.5 exactly. With
  // cutoff 2.5 those pairs are in or out by roundoff, and LAMMPS's choice hangs on which of the two
  // atoms its half list makes the ghost (6x6 cells: pe -2.55245 there, -2.55109 here): not a lattice matter.
  // Cutoffs either side of the shell give LAMMPS's lattice and energies to 1e-9.
  for (const cut of ['2.49', '2.51']) {
    it(`sq2 0.8 with cutoff ${cut} (either side of its neighbour shell at 2.5): positions and pe as LAMMPS`, () => {
      const deck =
        `${lj2d('sq2 0.8', 'fix 1 all nve\nfix 2 all enforce2d\n')}${thermo(COLS)}thermo 5\nrun 20\n`.replace(
          /2\.5/g,
          cut,
        );
      expect(deck).toContain(`pair_coeff * * 1.0 1.0 ${cut}`);
      expectSameThermo(`dimension2/sq2_shell_${cut.replace('.', '')}`, deck, 1e-9);
    });
  }

  it('sq lattice in metal units (scale is the lattice constant), nvt on a group, compute temp', () => {
    const deck = `dimension 2
units metal
lattice sq 3.0
region box block 0 10 0 10 -0.5 0.5
create_box 1 box
create_atoms 1 box
mass 1 39.95
region half block 0 5 INF INF INF INF
group half region half
velocity all create 300.0 12345 loop geom
pair_style lj/cut 8.0
pair_coeff 1 1 0.0104 3.4
compute th half temp
fix 1 half nvt temp 300.0 300.0 0.1
fix 2 all enforce2d
${thermo(`${COLS} c_th`)}thermo 20
run 100
`;
    expect(runDpmd(deck).tables.length).toBe(1);
    expectSameThermo('dimension2/sq_metal_nvt', deck, 1e-9);
  });
});

describe('dimension 2: refusals name the rule', () => {
  const fails = (deck: string, msg: RegExp) => expect(() => runDpmd(deck, scratchDir())).toThrow(msg);
  it('a 3d lattice in 2d and a 2d lattice in 3d', () => {
    fails('dimension 2\nlattice fcc 0.8\n', /Lattice style fcc incompatible with simulation dimension 2/);
    fails('lattice hex 0.8\n', /Lattice style hex incompatible with simulation dimension 3/);
  });
  it('dimension after the box, a bad value, a non-periodic z', () => {
    fails('region b block 0 1 0 1 0 1\ncreate_box 1 b\ndimension 2\n', /Dimension command after simulation box/);
    fails('dimension 4\n', /dimension must be one of 2, 3/);
    fails('dimension 2\nboundary p p f\nregion b block 0 1 0 1 -1 1\ncreate_box 1 b\n', /nonperiodic Z dimension/);
  });
  it('fix enforce2d in 3d, non-zero vz in 2d, a z barostat in 2d', () => {
    const box3 = 'lattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\n';
    fails(`${box3}fix 1 all enforce2d\n`, /Cannot use fix enforce2d with 3d simulation/);
    const box2 =
      'dimension 2\nlattice sq 0.8\nregion b block 0 4 0 4 -0.5 0.5\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\n';
    fails(`${box2}velocity all set 0 0 1\n`, /Cannot set non-zero z velocity for 2d simulation/);
    fails(
      `${box2}pair_style lj/cut 2.5\npair_coeff 1 1 1 1\nfix 1 all npt temp 1 1 1 z 1 1 1\nrun 1\n`,
      /Invalid fix npt command for a 2d simulation \(z\)/,
    );
  });
});
