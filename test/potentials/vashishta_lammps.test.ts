import { describe, expect, it } from 'vitest';
import { expectSameThermo, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * pair vashishta and vashishta/table against LAMMPS 29 Sep 2021 with LAMMPS's own potential files
 * (test/fixtures/lammps-potentials): every thermo row to 1e-9 relative, as the other many-body
 * styles. The decks follow examples/threebody/in.threebody: eight types on a diamond-like custom
 * lattice mapped to two elements, so the (i,j,j) pair and (i,j,k) triplet lookups, the Coulomb
 * term (qqr2e) and the short three-body list are exercised. Goldens in test/golden/vashishta/,
 * live lmp where installed.
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
create_box 8 myreg
create_atoms 1 region myreg basis 1 1 basis 2 2 basis 3 3 basis 4 4 basis 5 5 basis 6 6 basis 7 7 basis 8 8
mass * 28.06
velocity all create 1800.0 5287287 loop geom
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

const INP = 'pair_coeff * * InP.vashishta In In In In P P P P\n';
const SIO = 'pair_coeff * * SiO.1990.vashishta Si Si Si Si O O O O\n';

describe('pair vashishta: same thermo as LAMMPS', () => {
  it('vashishta: InP (InP.vashishta) on the threebody example lattice', () => {
    expectSameThermo('vashishta/inp', `${lattice(5.431)}pair_style vashishta\n${INP}${RUN}`, 1e-9);
  });

  it('vashishta: SiO2 parameters (SiO.1990.vashishta), compressed lattice', () => {
    expectSameThermo('vashishta/sio', `${lattice(4.2)}pair_style vashishta\n${SIO}${RUN}`, 1e-9);
  });

  it('vashishta/table: InP, tables of 100000 points from r = 0.2 (the example settings)', () => {
    expectSameThermo(
      'vashishta/table_inp',
      `${lattice(5.431)}pair_style vashishta/table 100000 0.2\n${INP}${RUN}`,
      1e-9,
    );
  });

  it('vashishta/table: a coarse table (1000 points from r = 1.5) follows LAMMPS too', () => {
    expectSameThermo(
      'vashishta/table_coarse',
      `${lattice(4.2)}pair_style vashishta/table 1000 1.5\n${SIO}${RUN}`,
      1e-9,
    );
  });

  it('errors: arguments, file, elements', () => {
    const run = (style: string, coeff: string) => () => {
      const deck = `${lattice(5.431)}pair_style ${style}\n${coeff}\nrun 0\n`;
      runDpmd(deck, scratchDir(), { deck, repoFiles: potentialsIn(deck) });
    };
    expect(run('vashishta 1', INP)).toThrow(/Illegal pair_style vashishta command/);
    expect(run('vashishta/table 1000', INP)).toThrow(/expected Ntable inner/);
    expect(run('vashishta/table 1000 0', INP)).toThrow(/Illegal inner cutoff for tabulation/);
    expect(run('vashishta', 'pair_coeff * * nofile In In In In P P P P')).toThrow(
      /Cannot open Vashishta potential file/,
    );
    expect(run('vashishta', 'pair_coeff * * InP.vashishta In In In In P P P Ga')).toThrow(
      /missing an entry for In In Ga/,
    );
  });
});
