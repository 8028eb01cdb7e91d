import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * fix grem (generalized replica exchange method, LAMMPS FixGrem) against LAMMPS 29 Sep 2021 (goldens
 * in test/golden/fix_grem): an LJ fcc crystal (real units, the lj-single example's ε and σ) under
 * fix nvt or fix npt iso with the forces scaled by T_bath / T_eff, T_eff = λ + η (H − H0). Thermo to
 * 1e-9 every 10 steps: temperature, pe, pressure (the fix's PRESSURE/GREM compute through
 * `thermo_modify press`, whose kinetic part is divided by the scale, and the barostat's), volume,
 * pxx/pyz and f_ID (T_eff); a second run keeps the scale factor.
 */
function deck(fixes: string, extra = ''): string {
  return `units real
atom_style atomic
lattice fcc 4.6
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 62.5
pair_style lj/cut 5.0
pair_coeff 1 1 1.1 2.8
velocity all create 300.0 4928459
region half block 0 2 INF INF INF INF
group half region half
${fixes}
thermo_style custom step temp pe etotal press vol f_2 pxx pyz
${extra}
thermo_modify format float %20.15g
thermo 10
run 50
run 20
`;
}

describe('fix grem: same generalized ensemble as LAMMPS', () => {
  it('with fix nvt on all atoms', () => {
    expectSameThermo('fix_grem/nvt', deck('fix 1 all nvt temp 300 300 100.0\nfix 2 all grem 400 -0.01 -1500 1'), 1e-9);
  });

  it('with fix npt iso: the barostat and thermo read the PRESSURE/GREM compute', () => {
    expectSameThermo(
      'fix_grem/npt',
      deck(
        'fix 1 all npt temp 300 300 100.0 iso 0 0 1000.0\nfix 2 all grem 400 -0.01 -1500 1',
        'thermo_modify press 2_press',
      ),
      1e-9,
    );
  });

  it('npt at a nonzero pressure (enthalpy H = U + P V), thermo keeps the default pressure', () => {
    expectSameThermo(
      'fix_grem/npt_p',
      deck('fix 1 all npt temp 300 300 100.0 iso 500 500 1000.0\nfix 2 all grem 350 -0.02 -1700 1'),
      1e-9,
    );
  });

  it('on a group: only its atoms feel the scaled forces', () => {
    expectSameThermo(
      'fix_grem/group',
      deck('fix 0 all nve\nfix 1 half nvt temp 300 300 100.0\nfix 2 half grem 400 -0.01 -1500 1'),
      1e-9,
    );
  });
});

describe('thermo_modify press', () => {
  it('a compute pressure (virial only) stands in for thermo_press in press, pxx, pyz', () => {
    expectSameThermo(
      'fix_grem/thermo_press',
      deck(
        'fix 1 all nvt temp 300 300 100.0\ncompute pv all pressure NULL virial\nfix 2 all grem 400 -0.01 -1500 1',
        'thermo_modify press pv',
      ),
      1e-9,
    );
  });

  it('refuses a compute that is not a pressure', () => {
    const d = deck(
      'fix 1 all nvt temp 300 300 100.0\nfix 2 all grem 400 -0.01 -1500 1',
      'thermo_modify press thermo_temp',
    );
    expect(() => runDpmd(d.replace('run 20', ''))).toThrow(
      /Thermo_modify pressure ID 'thermo_temp' does not compute pressure/,
    );
  });
});

describe('fix grem: refusals', () => {
  it('names the cause', () => {
    const d = (f: string) => deck(f).replace('run 20', '').replace('run 50', 'run 1');
    expect(() => runDpmd(d('fix 2 all grem 400 -0.01 -1500 1'))).toThrow(/Fix id for nvt or npt fix does not exist/);
    expect(() => runDpmd(d('fix 1 all nvt temp 300 310 100.0\nfix 2 all grem 400 -0.01 -1500 1'))).toThrow(
      /Thermostat temperature ramp not allowed/,
    );
    expect(() => runDpmd(d('fix 1 all langevin 300 300 100.0 1\nfix 2 all grem 400 -0.01 -1500 1'))).toThrow(
      /Problem extracting target temperature/,
    );
    expect(() =>
      runDpmd(d('fix 1 all npt temp 300 300 100.0 iso 0 10 1000.0\nfix 2 all grem 400 -0.01 -1500 1')),
    ).toThrow(/Unsupported pressure settings in fix npt/);
    expect(() => runDpmd(d('fix 1 all nvt temp 300 300 100.0\nfix 2 all grem 400 -0.01 -1500'))).toThrow(/fix grem/);
  });
});
