import { describe, expect, it } from 'vitest';
import {
  expectThermoClose,
  type GoldenSpec,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * fix deposit (LAMMPS FixDeposit) against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_deposit):
 * atoms or bonded dimers (the deposit example's molecule.dimer) dropped every 10 steps onto an LJ
 * fcc substrate held by fix langevin, over two runs (the insertion schedule carries on). Thermo to
 * 1e-9 every 10 steps: the atom count, thermo's temp (its dof counted at setup, as LAMMPS's
 * compute temp does), c_add (compute_modify dynamic/dof yes on the deposited group), pe, etotal,
 * press. Any difference in the RanPark stream's use (30 warm-up draws, point, height, rotation,
 * near rejections, velocity), the IDs, the specials of a new bond or the forced neighbor build
 * shows up in these numbers.
 */
function deck(deposit: string, molecular = false): string {
  const style = molecular ? 'bond' : 'atomic';
  const box = molecular ? 'create_box 3 box bond/types 1 extra/bond/per/atom 1' : 'create_box 2 box';
  const bonds = molecular ? 'bond_style harmonic\nbond_coeff 1 5.0 1.0\nmolecule dimer molecule.dimer' : '';
  return `units lj
atom_style ${style}
boundary p p f
lattice fcc 1.0
region box block 0 4 0 4 0 8
${box}
region substrate block INF INF INF INF INF 2
create_atoms 1 region substrate
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0
pair_coeff 1 2 1.0 1.0 4.0
mass * 1.0
${bonds}
neigh_modify delay 0
group addatoms type 2 3
region mobile block 0 4 0 4 1 INF
group mobile region mobile
compute add addatoms temp
compute_modify add dynamic/dof yes extra/dof 0
fix 1 addatoms nve
fix 2 mobile langevin 1.0 1.0 0.1 587283
fix 3 mobile nve
${deposit}
fix 5 addatoms wall/reflect zhi EDGE
thermo_style custom step atoms temp c_add pe etotal press
thermo_modify format float %20.15g
thermo 10
run 60
run 40
`;
}

const DIMER = { 'molecule.dimer': 'test/fixtures/lammps-examples/deposit/molecule.dimer' };

function same(name: string, text: string, molecular = false): void {
  const spec: GoldenSpec = { deck: text, repoFiles: molecular ? DIMER : {} };
  const ref = lammpsReference(`fix_deposit/${name}`, spec, thermoAgrees(1e-9));
  const ours = runDpmd(text, scratchDir(), spec).tables;
  expect(ours.length).toBe(2);
  expectThermoClose(ours, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
}

describe('fix deposit: same insertions as LAMMPS', () => {
  it('atoms: near, attempt, vx/vy/vz ranges, id next, lattice units', () => {
    same(
      'atoms',
      deck(
        'region slab block 0 4 0 4 6 7\nfix 4 addatoms deposit 8 2 10 12345 region slab near 1.0 attempt 20 vx -0.3 0.3 vy -0.2 0.2 vz -1.0 -0.5 id next',
      ),
    );
  });

  it('global height above the highest atom, units box', () => {
    same(
      'global',
      deck(
        'region slab block 0 6.3 0 6.3 1 2 units box\nfix 4 addatoms deposit 4 2 15 777 region slab global 0.5 1.0 near 0.9 vz -1.0 -1.0 units box',
      ),
    );
  });

  it('local height above nearby atoms, target, rate', () => {
    same(
      'local',
      deck(
        'region slab block 0 4 0 4 5 6\nfix 4 addatoms deposit 5 2 10 4321 region slab local 0.5 1.0 1.0 target 2.0 2.0 0.0 vz -1.0 -0.5 rate 0.5',
      ),
    );
  });

  it('a sphere region: points drawn in its bounding box until inside', () => {
    same(
      'sphere',
      deck('region slab sphere 2 2 6 0.8\nfix 4 addatoms deposit 5 2 10 99 region slab near 0.5 vz -1 -1'),
    );
  });

  it('bonded dimers (mol): random rotations, new bonds excluded from the pair list, an unsuccessful try', () => {
    same(
      'dimer',
      deck(
        'region slab block 0 4 0 4 6 7\nfix 4 addatoms deposit 6 0 10 9876 region slab near 1.0 mol dimer vz -1.0 -1.0',
        true,
      ),
      true,
    );
  });

  it('insertion steps off the neighbor schedule force their own builds (neigh_modify every 4 check no)', () => {
    const text = deck(
      'region slab block 0 4 0 4 6 7\nfix 4 addatoms deposit 8 2 7 2468 region slab near 1.0 vz -1.0 -0.5',
    )
      .replace('neigh_modify delay 0', 'neigh_modify delay 0 every 4 check no')
      .replace('thermo_style custom step atoms temp c_add pe etotal press', '$& nbuild');
    same('off_schedule', text);
    // every 4 alone would build 15 times in the first 60 steps; the insertions at steps 1, 8, 15, ...
    // add their own (LAMMPS: 17), which only the forcesReneighbor hook gives.
    const first = runDpmd(text).tables[0];
    const nb = first.columns.indexOf('Nbuild');
    expect(first.rows[first.rows.length - 1][nb]).toBeGreaterThan(60 / 4);
  });

  it('dimers with a fixed rotation axis (orient) and id next', () => {
    same(
      'dimer_orient',
      deck(
        'region slab block 0 4 0 4 6 7\nfix 4 addatoms deposit 6 0 10 9876 region slab near 1.0 mol dimer orient 0 0 1 vz -1.0 -1.0 id next',
        true,
      ),
      true,
    );
  });
});

describe('fix deposit: refusals', () => {
  it('names the cause', () => {
    const run =
      (d: string, mol = false) =>
      () =>
        runDpmd(deck(d, mol).replace('run 40', '').replace('run 60', 'run 1'), scratchDir(), {
          deck: '',
          repoFiles: mol ? DIMER : {},
        });
    expect(run('fix 4 addatoms deposit 2 2 10 5')).toThrow(/Must specify a region in fix deposit/);
    expect(run('fix 4 addatoms deposit 2 2 10 5 region nope')).toThrow(/Region ID nope for fix deposit does not exist/);
    expect(run('fix 4 addatoms deposit 2 7 10 5 region mobile')).toThrow(/Invalid atom type in fix deposit command/);
    expect(run('fix 4 addatoms deposit 2 2 10 0 region mobile')).toThrow(/seed must be a positive integer/);
    expect(run('region big block 0 4 0 4 0 9\nfix 4 addatoms deposit 2 2 10 5 region big')).toThrow(
      /Deposition region extends outside simulation box/,
    );
    expect(run('fix 4 addatoms deposit 2 0 10 5 region mobile mol dimer rigid r', true)).toThrow(/keyword rigid/);
    expect(run('fix 4 addatoms deposit 2 0 10 5 region mobile mol dimer shake s', true)).toThrow(/keyword shake/);
    expect(run('fix 4 addatoms deposit 2 2 10 5 region mobile gaussian 1 1 1 1')).toThrow(/keyword gaussian/);
  });
});
