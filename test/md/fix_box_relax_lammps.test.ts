import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, thermoAgrees } from '../helpers/lammps.js';

/**
 * fix box/relax with min_style cg against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_box_relax):
 * the box as extra global degrees of freedom of the line searches (iso, aniso, tri, deviatoric
 * x/y/z/xy targets with nreset, couple, dilate partial, fixedpoint, scalexy), in 3d and 2d, with
 * the quadratic, backtrack and forcezero line searches. Thermo rows (pe, pressure tensor, box, f_ID)
 * to 1e-9 at every iteration, and the stop criterion, iteration and evaluation counts and force
 * norms of LAMMPS's "Minimization stats" (which include the box forces).
 */

function deck3d(relax: string, opts: { line?: string; iters?: number; tilt?: string } = {}): string {
  return `units lj
atom_style atomic
lattice fcc 0.9
region box prism 0 3 0 3 0 3 ${opts.tilt ?? '0.0 0.0 0.0'}
create_box 1 box
create_atoms 1 box
mass 1 1.0
displace_atoms all random 0.05 0.05 0.05 12345 units box
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
fix 3 all box/relax ${relax}
thermo 1
thermo_style custom step pe press pxx pyy pzz pxy pxz pyz lx ly lz xy xz yz f_3
thermo_modify format float %20.15g
min_modify line ${opts.line ?? 'quadratic'}
minimize 0.0 1.0e-8 ${opts.iters ?? 40} 10000
`;
}

function deck2d(relax: string, iters = 40): string {
  return `units lj
dimension 2
atom_style atomic
lattice sq2 0.8442
region box block 0 6 0 6 -0.1 0.1
create_box 1 box
create_atoms 1 box
mass 1 1.0
displace_atoms all random 0.05 0.05 0.0 12345 units box
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
pair_modify shift yes
neighbor 0.3 bin
fix 2 all enforce2d
fix 3 all box/relax ${relax}
variable emin equal pe+f_3/atoms
thermo 1
thermo_style custom step pe pxx pyy pxy lx ly f_3 v_emin
thermo_modify format float %20.15g
minimize 0.0 1.0e-8 ${iters} 10000
`;
}

/** LAMMPS's "Minimization stats" lines that do not depend on timing. */
function stats(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /Stopping criterion|Iterations, force evaluations|Force two-norm|Force max component/.test(l))
    .map((l) => l.trim());
}

/** Thermo to 1e-9 and the same minimization stats as LAMMPS. */
function expectSameMinimization(name: string, deck: string): void {
  expectSameThermo(name, deck, 1e-9);
  const ref = lammpsReference(name, { deck }, thermoAgrees(1e-9));
  expect(stats(runDpmd(deck).text)).toEqual(stats(ref.screen));
}

describe('fix box/relax: the box relaxes as in LAMMPS', () => {
  it('iso and aniso targets, quadratic line search (3d)', () => {
    expectSameMinimization('fix_box_relax/iso', deck3d('iso 0.0 vmax 1.0e-3', { iters: 30 }));
    expectSameMinimization('fix_box_relax/aniso', deck3d('aniso 0.3 vmax 1.0e-3'));
  });

  it('tri: six box dof on a tilted box; couple xy', () => {
    expectSameMinimization('fix_box_relax/tri', deck3d('tri 0.5 vmax 1.0e-3', { tilt: '0.1 0.0 0.0' }));
    expectSameMinimization('fix_box_relax/couple_xy', deck3d('aniso 0.5 couple xy vmax 1.0e-3'));
  });

  it('deviatoric targets x y z xy with the strain energy; nreset resets the reference box', () => {
    expectSameMinimization(
      'fix_box_relax/deviatoric',
      deck3d('x 1.0 y 0.5 z 0.2 xy 0.1 vmax 1.0e-3', { tilt: '0.1 0.0 0.0' }),
    );
    expectSameMinimization('fix_box_relax/nreset', deck3d('x 1.0 y 0.5 nreset 5 vmax 1.0e-3'));
  });

  it('dilate partial, fixedpoint, scalexy no; backtrack and forcezero line searches', () => {
    expectSameMinimization('fix_box_relax/dilate_partial', deck3d('iso 0.2 dilate partial vmax 1.0e-3'));
    expectSameMinimization(
      'fix_box_relax/fixedpoint_backtrack',
      deck3d('aniso 0.1 fixedpoint 0 0 0 vmax 1.0e-3', { line: 'backtrack', iters: 30 }),
    );
    expectSameMinimization(
      'fix_box_relax/scalexy_forcezero',
      deck3d('aniso 0.2 scalexy no vmax 1.0e-3', { line: 'forcezero', tilt: '0.1 0.0 0.0' }),
    );
  });

  it('2d: iso, aniso and x/y targets with nreset (the min.box example), f_3 in v_emin', () => {
    expectSameMinimization('fix_box_relax/2d_iso', deck2d('iso 1.5 vmax 1.0e-3', 30));
    expectSameMinimization('fix_box_relax/2d_aniso', deck2d('aniso 1.5 vmax 1.0e-3'));
    expectSameMinimization('fix_box_relax/2d_xy_nreset', deck2d('x 1.0 y 2.0 vmax 1.0e-3 nreset 10'));
  });
});

describe('fix box/relax: refusals', () => {
  const base = deck3d('iso 0.0')
    .replace('prism 0 3 0 3 0 3 0.0 0.0 0.0', 'block 0 3 0 3 0 3')
    .replace(/fix 3 all box\/relax iso 0.0\n[\s\S]*$/, '');
  const refuse = (tail: string, msg: RegExp): void => {
    expect(() => runDpmd(`${base}${tail}`)).toThrow(msg);
  };

  it('names the bad keyword or setting', () => {
    refuse('fix 3 all box/relax iso 0.0 bogus 1\n', /fix box\/relax: unknown keyword 'bogus'/);
    refuse('fix 3 all box/relax iso 0.0 vmax 0\n', /vmax must be > 0/);
    refuse('fix 3 all box/relax xy 0.1\n', /non-triclinic box/);
    refuse('fix 3 all box/relax x 1.0 y 2.0 couple xy\n', /must be the same with couple xy/);
  });

  it('damped dynamics min styles cannot move the box', () => {
    refuse('fix 3 all box/relax iso 0.0\nmin_style fire\nminimize 0 1e-6 10 100\n', /damped dynamics min style/);
  });
});
