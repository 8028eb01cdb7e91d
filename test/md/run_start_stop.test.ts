import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * `run N start S stop E` (ramped thermostat/barostat targets interpolate between steps S and E,
 * not the run's own first and last step), `run N every M`, `run N upto` and `post no` against
 * LAMMPS 29 Sep 2021 (goldens in test/golden/run_start_stop, live lmp where installed): every
 * thermo row of every run to 1e-9 relative.
 */
function expectSame(name: string, deck: string, nTables: number): void {
  expect(runDpmd(deck).tables.length).toBe(nTables);
  expectSameThermo(`run_start_stop/${name}`, deck, 1e-9);
}

const LJ = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
thermo_style custom step temp pe etotal press vol elaplong
thermo_modify format float %20.15g
thermo 10
`;

describe('run start/stop, every, upto, post: same thermo as LAMMPS', () => {
  it('nvt: two runs ramp 1.0 -> 2.0 over steps 0..200 (not over each run)', () => {
    expectSame('nvt', `${LJ}fix 1 all nvt temp 1.0 2.0 0.5\nrun 50 start 0 stop 200\nrun 50 start 0 stop 200\n`, 2);
  });

  it('langevin and temp/berendsen ramps with start/stop; upto', () => {
    expectSame(
      'langevin',
      `${LJ}fix 1 all langevin 1.0 3.0 0.5 48279\nfix 2 all nve\nrun 40 start 0 stop 100\nrun 80 upto start 0 stop 100\n`,
      2,
    );
    expectSame(
      'berendsen',
      `${LJ}fix 1 all nve\nfix 2 all temp/berendsen 1.0 2.0 0.2\nrun 30 stop 120\nrun 30 start 10 stop 120\n`,
      2,
    );
  });

  it('npt: a pressure ramp over start/stop', () => {
    expectSame('npt', `${LJ}fix 1 all npt temp 1.0 1.0 0.5 iso 0.0 2.0 2.0\nrun 40 start 0 stop 160\n`, 1);
  });

  it('every M with commands and NULL; post no', () => {
    expectSame(
      'every_post',
      `${LJ}variable s equal step\nfix 1 all nvt temp 1.0 1.5 0.5\nrun 60 post no every 20 "print 'at \${s}'"\nrun 20 every 10 NULL\n`,
      5,
    );
  });

  it('refuses start after the run begins and stop before it ends, as LAMMPS does', () => {
    expect(() => runDpmd(`${LJ}fix 1 all nve\nrun 10\nrun 10 start 20\n`)).toThrow(
      /start 20 is after the start of the run/,
    );
    expect(() => runDpmd(`${LJ}fix 1 all nve\nrun 10 stop 5\n`)).toThrow(/stop 5 is before the end of the run/);
    expect(() => runDpmd(`${LJ}fix 1 all nve\nrun 10 every 0 NULL\n`)).toThrow(/every must be > 0/);
  });
});
