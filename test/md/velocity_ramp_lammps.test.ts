import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * velocity ramp and velocity create/scale with `temp ID` against LAMMPS 29 Sep 2021 (golden
 * test/golden/velocity_ramp): the crack example's way of starting a run (a group thermalised by a
 * compute temp on it, then a velocity ramp added with sum yes, in lattice units). Thermo to 1e-9.
 */
const DECK = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
region top block INF INF INF INF 2.5 INF
group top region top
compute new top temp
velocity top create 1.5 887723 temp new
velocity top ramp vy 0.0 0.3 z 2.5 5 sum yes
velocity all ramp vx -0.1 0.1 y 0 5 units lattice sum yes
velocity top scale 2.0 temp new
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
thermo_style custom step temp pe etotal press c_new
thermo_modify format float %20.15g
thermo 20
run 60
`;

describe('velocity ramp and temp ID: same thermo as LAMMPS', () => {
  it('create and scale by a group compute, ramps with sum yes', () => {
    expect(runDpmd(DECK).tables.length).toBe(1);
    expectSameThermo('velocity_ramp/crack_start', DECK, 1e-9);
  });

  it('create and scale by biased computes (temp/partial, temp/com) with the default bias no, as examples/friction', () => {
    const d = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
region low block INF INF INF 2 INF INF
group low region low
compute tp low temp/partial 0 1 0
compute tc all temp/com
velocity low create 0.1 482748 temp tp
velocity all create 0.8 5512 temp tc sum yes bias no
velocity low scale 0.3 temp tp
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
thermo_style custom step temp pe etotal press c_tp c_tc
thermo_modify format float %20.15g
thermo 20
run 60
`;
    expect(runDpmd(d).tables.length).toBe(1);
    expectSameThermo('velocity_ramp/biased_temp', d, 1e-9);
  });

  it('refusals: a missing temperature compute, a bad ramp axis', () => {
    const base = DECK.replace(/velocity[\s\S]*/, '');
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}velocity all create 1.0 1 temp nope\n`, /Could not find velocity temperature ID 'nope'/);
    fails(`${base}velocity all ramp vw 0 1 x 0 1\n`, /vdim must be one of vx, vy, vz/);
    fails(`${base}compute p all pe\nvelocity all create 1.0 1 temp p\n`, /does not compute temperature/);
    fails(`${base}compute t all temp/partial 0 1 0\nvelocity all create 1.0 1 temp t bias yes\n`, /bias yes/);
  });
});
