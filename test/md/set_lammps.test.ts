import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * The set command on atom/type/mol/group/region selections with constant and atom-style variable
 * values against LAMMPS 29 Sep 2021 (goldens in test/golden/set, live lmp where installed): the
 * "N settings made for KEYWORD" lines and every thermo row of the run that follows to 1e-9.
 */
const DECK = `units lj
atom_style full
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 3 box
create_atoms 1 box
mass * 1.0
mass 3 2.5
velocity all create 1.0 4928459 loop geom
region ball block 1 2.5 1 2.5 INF INF
group low id <= 50
variable q atom 0.2*(2*(id%2)-1)
variable xs atom x+0.01*sin(id)
variable t3 atom 2+(id%5==0)
variable zs atom z+0.02*cos(id)
set atom 1*40 type 2
set type 2 vx 0.5 vy -0.3
set region ball type 3 vz v_xs
set group low charge v_q x v_xs
set atom 60*120 charge 0.1 mol 7
set group all image 1 NULL -1
set atom 100*140 image NULL 2 NULL
set type 1 type/fraction 3 0.2 12345
set atom 200* type v_t3
set mol 7 vy 0.7 z v_zs
pair_style lj/cut/coul/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
fix 1 all nve
compute m all reduce sum vx vy vz x
compute c all com
variable n3 equal count(all)*0+mass(all)
thermo_style custom step temp pe etotal press c_m[1] c_m[2] c_m[3] c_m[4] c_c[1] c_c[2] c_c[3] v_n3
thermo_modify format float %20.15g
thermo 20
run 60
`;

const settings = (text: string) => text.split('\n').filter((l) => /settings made for/.test(l));

describe('set: same atoms changed and same dynamics as LAMMPS', () => {
  it('selections atom/type/mol/group/region, keywords type type/fraction mol x z vx vy vz charge image, v_name values', () => {
    const spec = { deck: DECK, repoFiles: {} };
    const golden = lammpsReference('set/keywords_selections', spec, (live, gold) => {
      expect(settings(live.screen)).toEqual(settings(gold.screen));
    });
    const ours = runDpmd(DECK, scratchDir()).text;
    expect(settings(ours).length).toBe(15);
    expect(settings(ours)).toEqual(settings(golden.screen));
    expectSameThermo('set/thermo', DECK, 1e-9);
  });
});
