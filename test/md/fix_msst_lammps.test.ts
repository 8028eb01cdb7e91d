import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * fix msst (the Multi-Scale Shock Technique, LAMMPS FixMSST) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/fix_msst): argon-like LJ fcc shocked at 28 Å/ps as the msst example (smaller box),
 * after a short nve run. Thermo to 1e-9 every 10 steps: box lengths, pressure tensor, econserve
 * (with the fix's ecouple energy), f_ID and f_ID[1..4] (Hugoniot and Rayleigh distances, Lagrangian
 * speed and position); with viscosity mu (exact propagators) and without (Taylor forms), the
 * default tscale energy transfer and a given reference state p0/v0/e0 with tscale 0, along z and x.
 */
function deck(msst: string): string {
  return `units metal
boundary p p p
atom_style atomic
lattice fcc 5.3589
region box1 block 0 3 0 3 0 3 units lattice
create_box 1 box1
create_atoms 1 region box1
mass 1 40.00
velocity all create 600.0 9999
pair_style lj/cut 7.5
pair_coeff 1 1 0.01032 3.405
timestep 2e-3
fix 2 all nve
thermo 10
run 20
unfix 2
fix msst all msst ${msst}
variable dhug equal f_msst[1]
variable dray equal f_msst[2]
variable lgr_vel equal f_msst[3]
variable lgr_pos equal f_msst[4]
thermo_style custom step temp ke pe lx ly lz pxx pyy pzz econserve v_dhug v_dray v_lgr_vel v_lgr_pos f_msst
thermo_modify format float %20.15g
run 100
`;
}

describe('fix msst: same shock as LAMMPS', () => {
  it('the example settings: z, q 200, mu 300, tscale 0.01', () => {
    expectSameThermo('fix_msst/example', deck('z 28.0 q 200 mu 3e2 tscale 0.01'), 1e-9);
  });

  it('no viscosity (Taylor propagators), shock along x', () => {
    expectSameThermo('fix_msst/mu0_x', deck('x 28.0 q 200 tscale 0.05'), 1e-9);
  });

  it('reference state given, no energy transfer (tscale 0)', () => {
    expectSameThermo('fix_msst/reference', deck('z 20.0 q 100 mu 100 p0 0.0 v0 2500.0 e0 -10.0 tscale 0'), 1e-9);
  });
});

describe('fix msst: refusals', () => {
  it('names the bad keyword or value', () => {
    const d = (a: string) => deck(a).replace('run 100', 'run 1');
    expect(() => runDpmd(d('w 28.0'))).toThrow(/fix msst: direction must be one of x, y, z/);
    expect(() => runDpmd(d('z 28.0 tscale 2'))).toThrow(/tscale must satisfy/);
    expect(() => runDpmd(d('z 28.0 dftb yes'))).toThrow(/dftb yes/);
    expect(() => runDpmd(d('z 28.0 bogus 1'))).toThrow(/unknown keyword 'bogus'/);
  });
});
