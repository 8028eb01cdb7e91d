import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('group IDs with punctuation (LAMMPS 29 Sep 2021 puts no rule on them, examples/friction uses lo-fixed)', () => {
    const deck = `${LJ2}group lo-fixed region left
group a.b type 2
group hi+x:1 subtract all lo-fixed
group all-but union a.b hi+x:1
set group lo-fixed type 2
`;
    const spec = { deck, repoFiles: {} };
    const golden = lammpsReference('groups/punct_ids', spec, (live, gold) => {
      expect(countLines(live.screen)).toEqual(countLines(gold.screen));
    });
    const ours = runDpmd(deck, scratchDir()).text;
    expect(countLines(ours).length).toBe(7);
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

  it('nvt on a group, spring tether with fix_modify energy yes in pe, spring couple (energy no), f_ID[i]', () => {
    expectSame(
      'spring_nvt',
      `${LJ2}compute tl left temp
fix 1 left nvt temp 1.0 1.0 0.5
fix 2 right nve
fix 3 left spring tether 10.0 2.0 NULL 2.0 0.0
fix_modify 3 energy yes
fix 4 heavy spring couple left 5.0 1.0 0.0 0.0 0.5
${thermo('step temp c_tl pe etotal press f_1 f_3 f_3[1] f_3[2] f_3[3] f_3[4] f_4 f_4[1] f_4[4] econserve')}run 60
`,
    );
  });

  it('addforce with fix_modify energy yes virial yes (pe, press, tensor), setforce, temp/berendsen on a group, compute reduce/pe', () => {
    expectSame(
      'addforce_setforce',
      `${LJ2}velocity left create 2.0 4928459 loop geom
velocity right scale 0.5
fix 1 all nve
fix 2 left addforce 0.1 -0.2 0.05
fix_modify 2 energy yes virial yes
fix 3 heavy setforce NULL 0.0 NULL
fix 4 right temp/berendsen 1.2 1.2 0.1
compute r all reduce max vx vy
compute s left reduce sum fx fy fz
compute a right reduce ave x
compute p all pe
compute pp all pe pair
${thermo('step temp pe etotal press pxx pyy pzz pxy pxz pyz f_2 f_2[1] f_2[3] f_3[1] f_3[2] c_r[1] c_r[2] c_s[1] c_s[2] c_a c_p c_pp f_4')}run 50
`,
    );
  });

  it('velocity on groups (create loop all/local, set, zero), fix momentum, npt with a group thermostat', () => {
    expectSame(
      'velocity_momentum_npt',
      `${LJ2}velocity heavy create 3.0 1234 loop all
velocity right create 0.5 777 loop local mom yes rot yes
velocity left set 0.1 NULL -0.1 sum yes
velocity heavy zero linear
fix 1 all npt temp 1.0 1.0 0.5 iso 0.0 0.0 2.0
fix 2 right momentum 10 linear 1 1 0 rescale
${thermo('step temp pe etotal press vol f_1')}run 40
`,
    );
  });

  it('run start/stop: thermostat ramps on groups (nvt on one, langevin on the other) over several runs', () => {
    expectSame(
      'ramps_start_stop',
      `${LJ2}compute tl left temp
compute tr right temp
fix 1 left nvt temp 1.0 2.0 0.5
fix 2 right langevin 1.0 0.5 0.5 48279 tally yes
fix 3 right nve
${thermo('step temp c_tl c_tr f_1 f_2 elaplong')}run 30 start 0 stop 90
run 30 start 0 stop 90
run 30 start 0 stop 90
`,
      3,
    );
  });

  it('minimize with setforce on a group and a spring whose energy enters the minimised pe', () => {
    expectSame(
      'minimize',
      `${LJ2}fix 1 heavy setforce NULL NULL 0.0
fix 2 left spring tether 20.0 2.0 NULL NULL 0.0
fix_modify 2 energy yes
${thermo('step pe etotal press f_1[3] f_2 fnorm')}minimize 1e-12 1e-12 200 2000
`,
    );
  });

  it('equal-style variables and fix ave/time read c_ID, c_ID[i], f_ID, f_ID[i]', () => {
    const deck = `${LJ2}compute tl left temp
compute p all pe
fix 1 all nve
fix 2 left spring tether 2.0 2.0 2.0 2.0 0.0
variable s equal f_2+c_tl+c_tl[1]+f_2[4]
variable q equal c_p
fix 3 all ave/time 5 2 20 c_tl c_tl[2] f_2 f_2[4] v_s v_q file ave.txt
thermo 20
${thermo('step temp pe v_s v_q f_3[1] f_3[5]')}run 40
`;
    const spec = { deck, repoFiles: {}, outputs: ['ave.txt'] };
    const dir = scratchDir();
    const ours = runDpmd(deck, dir, spec);
    expectSameThermo('groups/variables_ave_time', deck, 1e-9);
    const golden = lammpsReference('groups/variables_ave_time_file', spec, (live, gold) => {
      expect(live.files['ave.txt']).toEqual(gold.files['ave.txt']);
    });
    const mine = readFileSync(join(dir, 'ave.txt'), 'utf8');
    expect(numbersOf(mine).length).toBeGreaterThan(10);
    expectNumbersClose(numbersOf(mine), numbersOf(golden.files['ave.txt']), 1e-5);
    expect(ours.tables.length).toBe(1);
  });
});

function numbersOf(text: string): number[] {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .flatMap((l) => l.trim().split(/\s+/).map(Number));
}

/** Same count; each within tol relative (the file has LAMMPS's %g: 6 significant digits). */
function expectNumbersClose(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++)
    expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[k])));
}

function countLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /^\d+ atoms in group /.test(l.trim()))
    .map((l) => l.trim());
}
