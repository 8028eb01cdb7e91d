import { describe, expect, it } from 'vitest';
import { expectSameThermo, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * pair edip/multi against LAMMPS 29 Sep 2021 with the files of LAMMPS's examples/PACKAGES/edip:
 * every thermo row to 1e-9 relative. Silicon on the diamond lattice of the example with a vacancy
 * (so coordinations differ from 4 and the f(Z) transition region is populated as atoms move), and
 * SiC (zincblende, two elements: the (i,j,j) and (i,j,k) lookups). Goldens in test/golden/edip/.
 */
const lattice = (a: number) => `units metal
atom_style atomic
atom_modify map array
boundary p p p
atom_modify sort 0 0.0
lattice custom ${a} a1 1.0 0.0 0.0 a2 0.0 1.0 0.0 a3 0.0 0.0 1.0 &
  basis 0.0 0.0 0.0 basis 0.0 0.5 0.5 basis 0.5 0.0 0.5 basis 0.5 0.5 0.0 &
  basis 0.25 0.25 0.25 basis 0.25 0.75 0.75 basis 0.75 0.25 0.75 basis 0.75 0.75 0.25
region myreg block 0 3 0 3 0 3
create_box 2 myreg
create_atoms 1 region myreg basis 5 2 basis 6 2 basis 7 2 basis 8 2
mass 1 28.06
mass 2 12.01
group del id 100
delete_atoms group del
velocity all create 1800.0 5287287 mom yes rot yes dist gaussian
`;

const RUN = `thermo_style custom step temp epair etotal econserve press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
thermo 10
fix 1 all nvt temp 1800.0 1800.0 0.1
timestep 1.0e-3
neighbor 1.0 bin
neigh_modify every 1 delay 10 check yes
run 100
`;

describe('pair edip/multi: same thermo as LAMMPS', () => {
  it('silicon with a vacancy (Si.edip), the example edip-Si-multi shortened', () => {
    expectSameThermo(
      'edip/multi_si',
      `${lattice(5.431)}pair_style edip/multi\npair_coeff * * Si.edip Si Si\n${RUN}`,
      1e-9,
    );
  });

  it('SiC zincblende (SiC.edip), two elements', () => {
    expectSameThermo(
      'edip/multi_sic',
      `${lattice(4.36)}pair_style edip/multi\npair_coeff * * SiC.edip Si C\n${RUN}`,
      1e-9,
    );
  });

  it('errors: arguments, missing entry', () => {
    const run = (style: string, coeff: string) => () => {
      const deck = `${lattice(5.431)}pair_style ${style}\n${coeff}\nrun 0\n`;
      runDpmd(deck, scratchDir(), { deck, repoFiles: potentialsIn(deck) });
    };
    expect(run('edip/multi 1', 'pair_coeff * * Si.edip Si Si')).toThrow(/Illegal pair_style edip\/multi command/);
    expect(run('edip/multi', 'pair_coeff * * Si.edip Si C')).toThrow(/missing an entry for: Si Si C/);
  });
});

describe('pair edip (tabulated, single element): same thermo as LAMMPS', () => {
  it('silicon with a vacancy (Si.edip), the example edip-Si shortened', () => {
    expectSameThermo('edip/edip_si', `${lattice(5.431)}pair_style edip\npair_coeff * * Si.edip Si Si\n${RUN}`, 1e-9);
  });

  it('errors: arguments, more than one element', () => {
    const run = (style: string, coeff: string) => () => {
      const deck = `${lattice(4.36)}pair_style ${style}\n${coeff}\nrun 0\n`;
      runDpmd(deck, scratchDir(), { deck, repoFiles: potentialsIn(deck) });
    };
    expect(run('edip 1', 'pair_coeff * * Si.edip Si Si')).toThrow(/Illegal pair_style command/);
    expect(run('edip', 'pair_coeff * * SiC.edip Si C')).toThrow(
      /Pair style edip only supports single element potentials/,
    );
  });
});
