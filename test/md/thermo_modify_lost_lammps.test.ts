import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * thermo_modify lost ignore|warn against LAMMPS 29 Sep 2021 (goldens in test/golden/thermo_modify_lost):
 * atoms shot through a fixed (f) face are dropped at the next neighbor build, as LAMMPS's exchange
 * drops them, and the run goes on with fewer atoms (thermo `atoms`, the normalisation and the
 * forces follow). Thermo to 1e-9.
 */
function deck(policy: string): string {
  return `units lj
atom_style atomic
boundary f p p
lattice fcc 0.8442
region box block 0 6 0 4 0 4
create_box 1 box
region inner block 0.5 5.5 INF INF INF INF
create_atoms 1 region inner
mass 1 1.0
region edge block 4.6 INF INF INF INF INF
group edge region edge
velocity all create 1.0 87287
velocity edge set 3.0 NULL NULL sum yes
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neigh_modify every 1 delay 0 check yes
fix 1 all nve
thermo_style custom step atoms temp pe ke etotal press
thermo_modify format float %20.15g lost ${policy}
thermo 10
run 100
`;
}

describe('thermo_modify lost: same thermo as LAMMPS', () => {
  it('ignore: atoms leaving through a fixed face are dropped', () => {
    expectSameThermo('thermo_modify_lost/ignore', deck('ignore'), 1e-9);
  });

  it('warn: the same numbers, with LAMMPS warning once', () => {
    expectSameThermo('thermo_modify_lost/warn', deck('warn'), 1e-9);
    const out = runDpmd(deck('warn'), scratchDir());
    expect(out.text.match(/WARNING: Lost atoms: original \d+ current \d+/g)?.length).toBe(1);
  });

  it('error (the default) stops the run; a bad policy is refused', () => {
    expect(() => runDpmd(deck('error'), scratchDir())).toThrow(/Lost atoms/);
    expect(() => runDpmd(deck('maybe'), scratchDir())).toThrow(/thermo_modify lost: expected error, warn or ignore/);
  });
});
