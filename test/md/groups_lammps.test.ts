import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Groups, fixes acting on their group, fix_modify energy/virial and f_ID / c_ID outputs against
 * LAMMPS 29 Sep 2021 (goldens in test/golden/groups, live lmp where installed): every thermo row
 * of every run to 1e-9 relative, and the "N atoms in group ID" lines of the group command.
 */
const LJ2 = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
region left block 0 2 INF INF INF INF
group left region left
group right subtract all left
group heavy id 1:256:3
set group heavy type 2
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
thermo 10
`;

/** thermo_style custom with full precision (thermo_style resets thermo_modify format in LAMMPS). */
const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\n`;

function expectSame(name: string, deck: string, nTables = 1): void {
  expect(runDpmd(deck).tables.length).toBe(nTables);
  expectSameThermo(`groups/${name}`, deck, 1e-9);
}

describe('groups and group fixes: same thermo as LAMMPS', () => {
  it('group arithmetic: the counts LAMMPS prints', () => {
    const deck = `${LJ2}group t2 type 2
group t1 type < 2
group ids id <> 10 20
group few id 1 2 5:10 20:30:3
group notfew subtract all few
group both union t2 few
group inter intersect left t2 few
group gt id >= 200
group ne type != 1
group e empty
group few clear
group few id 3
group e delete
group e type 1 2
`;
    const spec = { deck, repoFiles: {} };
    const golden = lammpsReference('groups/counts', spec, (live, gold) => {
      expect(countLines(live.screen)).toEqual(countLines(gold.screen));
    });
    const ours = runDpmd(deck, scratchDir()).text;
    expect(countLines(ours).length).toBe(15);
    expect(countLines(ours)).toEqual(countLines(golden.screen));
  });

  it('nve on one group, langevin + nve on another, thermo temp of all and c_ID temp of each', () => {
    expectSame(
      'nve_langevin',
      `${LJ2}compute tl left temp
compute tr right temp
compute kr right ke
fix 1 left nve
fix 2 right nve
fix 3 right langevin 1.5 1.5 0.5 48279
${thermo('step temp pe etotal press c_tl c_tr c_kr c_tr[1] c_tr[4]')}run 60
`,
    );
  });
});

function countLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /^\d+ atoms in group /.test(l.trim()))
    .map((l) => l.trim());
}
