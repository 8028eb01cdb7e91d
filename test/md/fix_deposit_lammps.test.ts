import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * fix deposit (atom mode) against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_deposit, live lmp
 * where installed): LAMMPS's RanPark stream with its warm-up, `local lo hi delta` above the highest
 * nearby atom, `near`, `attempt`, velocity ranges in lattice units, the inserted atoms in the fix
 * group (its own temperature with dynamic/dof) and a thermostat on another group. Every thermo row
 * to 1e-9 relative.
 */
const DECK = `units lj
atom_style atomic
boundary p p f
lattice fcc 1.0
region box block 0 4 0 4 0 8
create_box 2 box
region substrate block INF INF INF INF INF 2
create_atoms 1 region substrate
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0
mass 1 1.0
mass 2 2.0
neigh_modify delay 0
group addatoms type 2
region mobile block 0 4 0 4 1 INF
group mobile region mobile
compute add addatoms temp
compute_modify add dynamic/dof yes extra/dof 0
fix 1 addatoms nve
fix 2 mobile langevin 1.0 1.0 0.1 587283
fix 3 mobile nve
region slab block 0 4 0 4 6 7
fix 4 addatoms deposit 20 2 25 4321 region slab local 0.5 1.0 1.5 near 0.8 attempt 20 vx -0.5 0.5 vy -0.5 0.5 vz -1.0 -0.5
fix 5 addatoms wall/reflect zhi EDGE
thermo_style custom step atoms temp c_add epair etotal press
thermo_modify format float %20.15g
thermo 25
run 300
`;

describe('fix deposit: same thermo as LAMMPS', () => {
  it('local placement, near, attempt, velocity ranges, langevin on the substrate', () => {
    expectSameThermo('fix_deposit/local_near', DECK, 1e-9);
    expect(runDpmd(DECK).sim.system.n).toBe(172);
  });

  it('refuses molecules and regions without a block bounding box by name', () => {
    const base = DECK.replace(/fix 4 addatoms deposit[^\n]*\n/, '').replace(/run 300\n/, '');
    expect(() => runDpmd(`${base}fix 4 addatoms deposit 5 2 10 1 region slab mol m\nrun 1\n`)).toThrow(
      /keyword 'mol' is not supported yet/,
    );
    expect(() =>
      runDpmd(`${base}region ball sphere 2 2 6 0.5\nfix 4 addatoms deposit 5 2 10 1 region ball\nrun 1\n`),
    ).toThrow(/region style sphere is not supported yet/);
  });
});
