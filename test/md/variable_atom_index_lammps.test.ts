import { describe, expect, it } from 'vitest';
import {
  compareThermo,
  expectSameThermo,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  type ThermoTable,
} from '../helpers/lammps.js';

/**
 * Atom values indexed by a variable in an equal-style formula (`x[v_i]`, LAMMPS's
 * int_between_brackets with a variable) and the thermo keywords nbuild / ndanger, against LAMMPS
 * 29 Sep 2021 (goldens in test/golden/variable_atom_index, live lmp where installed):
 * - x_of_variable: x, vx and fy of the atom whose ID is a non-integer equal-style variable's value
 *   (truncated, as LAMMPS does) through an NVE run, with nbuild/ndanger columns, to 1e-9;
 * - mc_loop: a small Monte Carlo loop in the style of examples/MC (random() draws, `set atom`,
 *   `run 1 pre no post no`, `if ... elif ... else`, `next` + `jump SELF`), every thermo row to 1e-9
 *   and the printed acceptance and neighbor-build counts equal.
 */
const NVE = `units lj
atom_style atomic
atom_modify map array
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.1 bin
neigh_modify delay 0 every 2 check yes
fix 1 all nve
variable k equal 1+(step%7)*13.6
variable xk equal x[v_k]
variable vk equal vx[v_k]+fy[v_k]
thermo_style custom step temp pe v_k v_xk v_vk nbuild ndanger
thermo_modify format float %20.15g
thermo 10
run 100
`;

const MC = `variable iter loop 40
variable seed equal 582783
units lj
atom_style atomic
atom_modify map array sort 0 0.0
dimension 2
lattice hex 1.0
region box block 0 5 0 3 -0.5 0.5
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
pair_modify shift yes
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
variable e equal pe
variable x atom x+0.2*random(-1.0,1.0,\${seed})
variable y atom y+0.2*random(-1.0,1.0,\${seed})
set group all x v_x
set group all y v_y
thermo_style custom step pe nbuild ndanger
thermo_modify format float %20.15g
run 0
variable elast equal $e
variable naccept equal 0
variable increment equal v_naccept+1
variable irandom equal floor(atoms*random(0.0,1.0,\${seed})+1)
variable rn equal random(0.0,1.0,\${seed})
variable boltzfactor equal "exp(atoms*(v_elast - v_e) / 0.05)"
variable xnew equal x[v_i]+0.1*random(-1.0,1.0,\${seed})
variable ynew equal y[v_i]+0.1*random(-1.0,1.0,\${seed})
variable xi equal x[v_i]
variable yi equal y[v_i]
label loop
variable i equal \${irandom}
variable x0 equal \${xi}
variable y0 equal \${yi}
set atom $i x \${xnew}
set atom $i y \${ynew}
run 1 pre no post no
if "$e <= \${elast}" then "variable elast equal $e" "variable naccept equal \${increment}" elif "\${rn} <= \${boltzfactor}" "variable elast equal $e" "variable naccept equal \${increment}" else "set atom $i x \${x0}" "set atom $i y \${y0}"
next iter
jump SELF loop
variable nb equal nbuild
variable nbuild equal \${nb}
variable xlast equal x[v_i]
print "accepted \${naccept} builds \${nbuild} x \${xlast}"
run 0
`;

/** Every table row by row to 1e-9 (run 0 tables hold one row each, which expectThermoClose refuses). */
function expectTablesClose(ours: ThermoTable[], ref: ThermoTable[], what: string): void {
  expect(ours.length, what).toBe(ref.length);
  for (let k = 0; k < ref.length; k++) {
    const { maxRel, where } = compareThermo(ours[k], ref[k]);
    expect(maxRel, `${what}, table ${k}: ${where}`).toBeLessThan(1e-9);
  }
}

const stats = (text: string) => text.split('\n').filter((l) => l.startsWith('accepted '));

describe('x[v_i] in equal-style formulas, nbuild/ndanger: same as LAMMPS', () => {
  it('x, vx and fy of the atom a variable names through an NVE run, with the neighbor build counts', () => {
    const ours = runDpmd(NVE).tables[0];
    const nb = ours.columns.indexOf('Nbuild');
    expect(ours.rows[ours.rows.length - 1][nb]).toBeGreaterThan(0);
    expectSameThermo('variable_atom_index/x_of_variable', NVE, 1e-9);
  });

  it('refuses an unknown variable between brackets', () => {
    expect(() => runDpmd(`${NVE.split('fix 1')[0]}variable xk equal x[v_nope]\nprint "\${xk}"\n`)).toThrow(
      /Invalid variable name 'nope'/,
    );
  });

  it('a small Monte Carlo loop (examples/MC in small)', () => {
    const spec = { deck: MC, repoFiles: {} };
    const golden = lammpsReference('variable_atom_index/mc_loop', spec, (live, gold) => {
      expectTablesClose(parseThermo(live.screen), parseThermo(gold.screen), 'live LAMMPS vs golden');
      expect(stats(live.screen)).toEqual(stats(gold.screen));
    });
    const ours = runDpmd(MC, scratchDir(), spec);
    const ref = parseThermo(golden.screen);
    expect(ref.length).toBe(42);
    expectTablesClose(ours.tables, ref, 'dpmd vs LAMMPS');
    expect(stats(ours.text)).toEqual(stats(golden.screen));
    expect(stats(ours.text)).toHaveLength(1);
  });
});
