import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * compute coord/atom against LAMMPS 29 Sep 2021 (goldens in test/golden/compute_coord_atom): a
 * three-type LJ fcc crystal melting, coordination numbers reduced over the atoms (sum, max) at
 * every thermo row: the cutoff style with one column, with type ranges (n, m*n, *n, *) on a group,
 * with `group group2-ID` (one column: only group2 neighbors; several columns: LAMMPS 29 Sep 2021
 * counts every group), and the orientorder style on an orientorder/atom compute with `components`
 * (also with `wl yes`, where LAMMPS reads the components from column nqlist on). Counts are exact
 * integers, so any miscount shows.
 */
const deck = `units lj
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 3 box
create_atoms 1 box
region r1 block 0 2.5 INF INF INF INF
set region r1 type 2
set type 1 type/fraction 3 0.3 12345
group g2 type 2
group g13 type 1 3
mass * 1.0
velocity all create 3.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
compute c1 all coord/atom cutoff 1.3
compute c2 g13 coord/atom cutoff 1.5 1 2*3 *
compute c3 all coord/atom cutoff 1.5 group g2 *2 3
compute c6 all coord/atom cutoff 1.5 group g2
compute oo all orientorder/atom components 6 nnn NULL cutoff 1.5
compute c4 all coord/atom orientorder oo 0.5
compute oo2 all orientorder/atom wl yes components 4 nnn 12
compute c5 g2 coord/atom orientorder oo2 0.1
compute r1 all reduce sum c_c1 c_c2[1] c_c2[2] c_c2[3] c_c3[1] c_c3[2] c_c4 c_c5 c_c6
compute r2 all reduce max c_c1 c_c2[3] c_c4 c_c6
thermo_style custom step temp pe c_r1[*] c_r2[*]
thermo_modify format float %20.15g
thermo 10
run 40
`;

describe('LAMMPS cross-check: compute coord/atom', () => {
  it('cutoff (type ranges, group2) and orientorder styles: same thermo as LAMMPS', () => {
    expectSameThermo('compute_coord_atom/styles', deck, 1e-9);
  });

  it('refuses what LAMMPS refuses', () => {
    const dir = scratchDir();
    const base = deck.split('compute c1')[0];
    const fail = (line: string, re: RegExp) => expect(() => runDpmd(`${base}${line}\nrun 0\n`, dir)).toThrow(re);
    fail('compute c all coord/atom cutoff 3.0', /cutoff is longer than pairwise cutoff/);
    fail('compute c all coord/atom cutoff 1.5 4', /out of bounds/);
    fail('compute c all coord/atom cutoff 1.5 group nope', /group2 ID nope does not exist/);
    fail('compute c all coord/atom orientorder nope 0.5', /Could not find compute coord\/atom compute ID/);
    fail('compute t all temp\ncompute c all coord/atom orientorder t 0.5', /is not orientorder\/atom/);
    fail('compute o all orientorder/atom\ncompute c all coord/atom orientorder o 0.5', /requires components option/);
    fail('compute o all orientorder/atom components 6\ncompute c all coord/atom orientorder o 1.0', /threshold/);
    fail('compute c all coord/atom bogus 1.0', /style must be one of cutoff, orientorder/);
  });
});
