import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Fixes of issue 15 against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_walls_forces, live lmp
 * where installed): wall/lj93, wall/harmonic (energies, wall forces, virials with fix_modify),
 * wall/reflect, temp/rescale (ecouple), aveforce, viscous, spring/self, recenter and print. Every
 * thermo row to 1e-9 relative.
 */
const SLAB = `units lj
atom_style atomic
boundary p p f
lattice fcc 0.8442
region box block 0 4 0 4 -0.5 4.5
create_box 2 box
region inner block 0 4 0 4 0 3.9
create_atoms 1 region inner
mass 1 1.0
mass 2 2.0
group heavy id 1:256:3
set group heavy type 2
velocity all create 1.5 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
thermo 10
`;

const BULK = SLAB.replace('boundary p p f', 'boundary p p p')
  .replace('-0.5 4.5', '0 4')
  .replace('region inner block 0 4 0 4 0 3.9\ncreate_atoms 1 region inner', 'create_atoms 1 box');

const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\n`;

describe('walls and force fixes: same thermo as LAMMPS', () => {
  it('wall/lj93 at EDGE and wall/harmonic in lattice units, energy and virial through fix_modify', () => {
    expectSameThermo(
      'fix_walls_forces/lj93_harmonic',
      `${SLAB}fix 1 all nve
fix 2 all wall/lj93 zlo EDGE 1.0 1.0 2.5
fix 3 heavy wall/harmonic zhi 4.3 10.0 1.0 1.5
fix_modify 2 energy yes virial yes
fix_modify 3 energy yes virial yes
${thermo('step temp pe etotal press pxx pzz pxy f_2 f_2[1] f_3 f_3[1]')}run 100
`,
      1e-9,
    );
  });

  it('wall/reflect (EDGE and lattice units) with temp/rescale ramping on a group', () => {
    expectSameThermo(
      'fix_walls_forces/reflect_rescale',
      `${SLAB}velocity all create 3.0 4928459 loop geom
compute th heavy temp
fix 1 all nve
fix 2 all wall/reflect zlo EDGE zhi 4.0
fix 3 heavy temp/rescale 5 2.0 1.0 0.05 0.5
${thermo('step temp c_th pe etotal press pzz f_3 ecouple econserve')}run 100
`,
      1e-9,
    );
  });

  it('aveforce, viscous with scale, spring/self with fix_modify energy, recenter after nve', () => {
    expectSameThermo(
      'fix_walls_forces/ave_viscous_spring_recenter',
      `${BULK}region left block 0 2 INF INF INF INF
group left region left
fix 1 all nve
fix 2 left aveforce NULL 0.05 0.0
fix 3 all viscous 0.5 scale 2 2.0
fix 4 heavy spring/self 5.0 xy
fix_modify 4 energy yes
fix 5 all recenter INIT INIT NULL
${thermo('step temp pe etotal press pxx pyy pxy f_2[1] f_2[2] f_4 f_5 f_5[1] f_5[2]')}run 100
`,
      1e-9,
    );
  });

  it('fix print: the lines LAMMPS prints (screen and file)', () => {
    const deck = `${BULK}variable s equal step
variable e equal pe
fix 1 all nve
fix 2 all print 25 "at step \${s} pe is \${e}" file print.txt
run 100
`;
    const golden = lammpsReference('fix_walls_forces/print', { deck, outputs: ['print.txt'] }, (live, gold) => {
      expect(live.files['print.txt']).toBe(gold.files['print.txt']);
    });
    const dir = scratchDir();
    const ours = runDpmd(deck, dir).text;
    const printed = (t: string) => t.split('\n').filter((l) => l.startsWith('at step'));
    expect(printed(ours).length).toBe(5);
    // Same words; the pe values (15 digits, %.15g as LAMMPS) agree to roundoff of the dynamics.
    const same = (a: string[], b: string[]) => {
      expect(a.length).toBe(b.length);
      a.forEach((line, k) => {
        const [wa, wb] = [line.split(' '), b[k].split(' ')];
        expect(wa.slice(0, -1)).toEqual(wb.slice(0, -1));
        const [x, y] = [Number(wa.at(-1)), Number(wb.at(-1))];
        expect(Math.abs(x - y)).toBeLessThan(1e-12 * Math.abs(y));
      });
    };
    same(printed(ours), printed(golden.screen));
    const file = readFileSync(join(dir, 'print.txt'), 'utf8').split('\n');
    const gfile = golden.files['print.txt'].split('\n');
    expect(file[0]).toBe('# Fix print output for fix 2');
    expect(file[0]).toBe(gfile[0]);
    same(printed(file.join('\n')), printed(gfile.join('\n')));
  });

  it('errors name the fix and the cause', () => {
    const run =
      (fix: string, deck = SLAB) =>
      () =>
        runDpmd(`${deck}${fix}\nrun 0\n`);
    expect(run('fix 2 all wall/lj93 xlo EDGE 1.0 1.0 2.5')).toThrow(/Cannot use fix wall\/lj93 in periodic dimension/);
    expect(run('fix 2 all wall/reflect zlo EDGE zlo 1.0')).toThrow(/wall zlo defined twice/);
    expect(run('fix 2 all wall/lj93 zlo EDGE 1.0 1.0')).toThrow(/expected zlo coord epsilon sigma cutoff/);
    expect(run('fix 2 all wall/harmonic zlo 0.2 1.0 1.0 2.5')).toThrow(/Particle on or inside fix wall surface/);
    expect(run('fix 2 all temp/rescale 0 1.0 1.0 0.1 1.0')).toThrow(/fix temp\/rescale/);
    expect(run('fix 2 all recenter 0 0')).toThrow(/fix recenter: expected x y z/);
    expect(run('fix 2 all spring/self 1.0 w')).toThrow(/fix spring\/self/);
    expect(run('fix 2 all print 10')).toThrow(/fix print: expected N string/);
    expect(run('fix 2 all spring/self 1.0\nfix_modify 2 virial yes')).toThrow(/virial/);
  });
});
