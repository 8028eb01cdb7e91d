import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix_modify ID temp cID against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_modify_temp): the
 * thermostats temp/rescale, temp/berendsen, langevin and nvt steering a temperature compute of the
 * deck, plain (another group's dof) and biased (temp/partial: only the counted components;
 * temp/region: only the atoms inside; temp/com: without the centre-of-mass drift), in 3d and in a
 * 2d shear flow as the flow/shear/VISCOSITY/KAPPA examples. Thermo to 1e-9.
 */
const COLS = 'step temp ke pe etotal press ecouple econserve c_t3 c_tp c_tr c_tc';

function deck3d(fixes: string, run: number | string = 200): string {
  return `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
region bot block INF INF INF INF INF 1.2
region hot block INF INF INF INF 2.0 3.5
group bot region bot
group mobile subtract all bot
compute t3 mobile temp
compute tp mobile temp/partial 0 1 1
compute tr all temp/region hot
compute tc mobile temp/com
velocity mobile create 1.5 887723 temp t3
velocity mobile ramp vx 0.0 1.0 z 1.2 5.0 sum yes units lattice
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
fix 2 bot setforce 0.0 0.0 0.0
velocity bot set 0 0 0
${fixes}
thermo_style custom ${COLS}
thermo_modify format float %20.15g
thermo 20
run ${run}
`;
}

describe('fix_modify temp: thermostats steer a deck temperature compute as LAMMPS', () => {
  it('temp/rescale with compute temp on another group, then temp/partial (shear example)', () => {
    const d = deck3d(
      'fix 3 mobile temp/rescale 10 1.0 1.0 0.05 1.0\nfix_modify 3 temp t3',
      '100\nunfix 3\nfix 3 mobile temp/rescale 10 1.0 1.0 0.05 0.5\nfix_modify 3 temp tp\nrun 100',
    );
    expectSameThermo('fix_modify_temp/rescale_partial', d, 1e-9);
  });

  it('langevin with temp/region and tally yes (KAPPA example), langevin with temp/partial', () => {
    expectSameThermo(
      'fix_modify_temp/langevin_region',
      deck3d('fix 3 all langevin 1.5 1.5 1.0 59804 tally yes\nfix_modify 3 temp tr'),
      1e-9,
    );
    expectSameThermo(
      'fix_modify_temp/langevin_partial',
      deck3d('fix 3 mobile langevin 1.0 1.0 0.5 498094\nfix_modify 3 temp tp'),
      1e-9,
    );
  });

  it('temp/berendsen with temp/com, nvt with temp/partial', () => {
    expectSameThermo(
      'fix_modify_temp/berendsen_com',
      deck3d('fix 3 mobile temp/berendsen 1.2 1.2 0.5\nfix_modify 3 temp tc'),
      1e-9,
    );
    const nvt = deck3d('fix 3 mobile nvt temp 1.0 1.0 0.5\nfix_modify 3 temp tp').replace(
      'fix 1 all nve\n',
      'fix 1 bot nve\n',
    );
    expectSameThermo('fix_modify_temp/nvt_partial', nvt, 1e-9);
  });

  it('2d: langevin with temp/partial 0 1 0 in a sheared flow (VISCOSITY wall.2d)', () => {
    const d = `dimension 2
units lj
atom_style atomic
lattice hex 0.7
region box block 0 20 0 10 -0.25 0.25
create_box 2 box
create_atoms 1 box
mass * 1.0
region lower block INF INF INF 0.9 INF INF
region upper block INF INF 8.9 INF INF INF
group lower region lower
group upper region upper
group wall union lower upper
group flow subtract all lower upper
set group lower type 2
set group upper type 2
pair_style lj/cut 1.12246
pair_coeff * * 1.0 1.0 1.12246
velocity flow create 1.0 97287
velocity upper set 1.0 0.0 0.0 units box
compute thermal flow temp/partial 0 1 0
fix 1 all nve
fix 2 flow langevin 1.0 1.0 0.1 498094
fix_modify 2 temp thermal
fix 3 wall setforce 0.0 0.0 0.0
fix 4 all enforce2d
thermo_style custom step temp ke pe etotal press c_thermal
thermo_modify format float %20.15g temp thermal
thermo 50
run 300
`;
    expectSameThermo('fix_modify_temp/langevin_partial_2d', d, 1e-9);
  });

  it('refusals: unknown compute, not a temperature, a fix without a temperature', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\nfix 1 all nve\nfix 2 all temp/rescale 1 1 1 0.1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}fix_modify 2 temp nope\nrun 0\n`, /Could not find fix_modify temperature ID 'nope'/);
    fails(
      `${base}compute p all pe\nfix_modify 2 temp p\nrun 0\n`,
      /Fix_modify temperature ID 'p' does not compute temperature/,
    );
    fails(`${base}compute t all temp\nfix_modify 1 temp t\nrun 0\n`, /fix nve has no temperature/);
  });
});
