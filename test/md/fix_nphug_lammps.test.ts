import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix nphug (the Hugoniostat, LAMMPS FixNPHug on FixNH) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/fix_nphug): an fcc LJ crystal shocked uniaxially along z to Pzz = 40, as the
 * hugoniostat example (lj/cut here), with the thermostat target from the Hugoniot condition. Thermo
 * to 1e-9 every 10 steps: temp, ke, epair, econserve, pzz, a shear-stress variable, lz, f_ID (the
 * chains' energy) and f_ID[1..3] (Hugoniot distance, shock and particle velocity) through
 * variables; with and without drag, one-link or default chains, and with the reference state given
 * by fix_modify e0/p0/v0 or taken from the first setup.
 */
function deck(nphug: string, modify: string): string {
  return `units lj
atom_style atomic
lattice fcc 1.4142136
region mycell block 0.0 4.0 0.0 4.0 0.0 4.0 units lattice
create_box 1 mycell
mass * 1.0
create_atoms 1 box
pair_style lj/cut 1.5
pair_coeff * * 1.0 0.8908987
velocity all create 0.01 87287 mom yes rot yes dist gaussian
neighbor 0.2 bin
neigh_modify every 1 delay 0 check yes
timestep 0.001
fix myhug all nphug ${nphug}
${modify}
variable dele equal f_myhug[1]
variable us equal f_myhug[2]
variable up equal f_myhug[3]
variable tau equal 0.5*(pzz-0.5*(pxx+pyy))
thermo 10
thermo_style custom step temp ke epair econserve pzz v_tau lz f_myhug v_dele v_us v_up
thermo_modify format float %20.15g
run 200
`;
}

const REF = 'fix_modify myhug e0 -1500.0 p0 0.0 v0 170.0';

describe('fix nphug: same shock as LAMMPS', () => {
  it('no drag, one-link chain, no barostat chain (the example first run)', () => {
    expectSameThermo(
      'fix_nphug/nodrag',
      deck('temp 1.0 1.0 10.0 z 40.0 40.0 70.0 drag 0.0 tchain 1 pchain 0', REF),
      1e-9,
    );
  });

  it('drag 200 (the example second run)', () => {
    expectSameThermo(
      'fix_nphug/drag',
      deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0 drag 200.0 tchain 1 pchain 0', REF),
      1e-9,
    );
  });

  it('default Nose-Hoover chains (the example third run)', () => {
    expectSameThermo('fix_nphug/chains', deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0', REF), 1e-9);
  });

  it('reference state e0, v0, p0 from the first setup', () => {
    // Δ (v_dele) starts at 0 here: e0 - e cancels two ~-1700 energies to ~1e-8, so its last digits
    // are the roundoff of the energy sums (4e-9 relative); 1e-6 is the survey's criterion.
    expectSameThermo('fix_nphug/initial_reference', deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0', ''), 1e-6);
  });
});

describe('fix nphug: restart files carry the reference state', () => {
  it('e0, v0, p0 (taken at the first setup) and the chains continue after write_restart / read_restart', () => {
    // LAMMPS FixNPHug writes e0, v0, p0 before FixNH's data and marks them set on restart; without
    // them the second run would take a new reference state at its setup (Δ back to ~0).
    const first = deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0', '').replace('run 200', 'run 100');
    const again = first
      .split('\n')
      .filter((l) => !/^(units|atom_style|lattice|region|create_box|mass|create_atoms|velocity)\b/.test(l))
      .join('\n');
    const d = `${first}write_restart hug.restart\nclear\nread_restart hug.restart\n${again}`;
    const ours = runDpmd(d, scratchDir());
    expect(ours.text).toMatch(/Resetting global fix info from restart file:\n {2}fix style: nphug, fix ID: myhug/);
    // The shock velocity u_s = sqrt((p − p0)/(ρ0 (1 − v/v0))) carries on from the last row before the
    // restart; a fresh reference state (v0 = v) would give u_s = 0 there.
    const [a, b] = ours.tables;
    const col = a.columns.indexOf('v_us');
    expect(b.rows[0][col]).toBeGreaterThan(1);
    expect(b.rows[0][col]).toBeCloseTo(a.rows[a.rows.length - 1][col], 9);
    // 1e-6 for Δ's cancellation near the start (as the initial_reference case above).
    expectSameThermo('fix_nphug/restart', d, 1e-6);
  });
});

describe('fix nphug: a second run', () => {
  it("its setup row counts f_ID with ke_target at t_target = 0.01, as LAMMPS's setup sets them", () => {
    const d = deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0', '').replace('run 200', 'run 100\nrun 50');
    expectSameThermo('fix_nphug/two_runs', d, 1e-6);
  });
});

describe('fix nphug: refusals', () => {
  it('needs equal Pstart and Pstop, a thermostat and a uniaxial or hydrostatic target', () => {
    const d = (args: string) => deck(args, '').replace('run 200', 'run 1');
    expect(() => runDpmd(d('temp 1.0 1.0 1.0 z 40.0 41.0 70.0'))).toThrow(/Pstart and Pstop must have the same value/);
    expect(() => runDpmd(d('z 40.0 40.0 70.0'))).toThrow(/Temperature control must be used with fix nphug/);
    expect(() => runDpmd(d('temp 1.0 1.0 1.0 x 40.0 40.0 70.0 z 40.0 40.0 70.0 y 1.0 1.0 70.0'))).toThrow(
      /uniaxial or hydrostatic/,
    );
    expect(() => runDpmd(deck('temp 1.0 1.0 1.0 z 40.0 40.0 70.0', 'fix_modify myhug e1 3.0'))).toThrow(
      /unknown keyword 'e1'/,
    );
  });
});
