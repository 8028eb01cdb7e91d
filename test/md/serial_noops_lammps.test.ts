import { describe, expect, it } from 'vitest';
import { lammpsReference, parseThermo, runDpmd, scratchDir, thermoAgrees } from '../helpers/lammps.js';
import { expectThermoClose } from '../helpers/lammps.js';

/**
 * Commands that only shape a parallel LAMMPS run (processors, newton, comm_modify, comm_style,
 * balance) change nothing in a serial run: same thermo as LAMMPS 29 Sep 2021 with them in the deck,
 * and the same "Neighbor list builds" / "Dangerous builds" counts after every run (LAMMPS zeroes
 * them at each setup and keeps counting through `run ... pre no`). Goldens in test/golden/serial_noops.
 */
const DECK = `units lj
atom_style atomic
processors * * 1
newton on
comm_modify mode single cutoff 3.0 vel yes
comm_style brick
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
balance 1.1 shift xyz 10 1.05
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify every 2 delay 4 check yes
newton off on
run_style verlet
fix 1 all nve
thermo_style custom step temp pe ke etotal press
thermo_modify format float %20.15g
thermo 20
run 100
run 60
run 40 pre no post no
run 40 pre no
neigh_modify every 20 delay 0 check no
run 100
`;

/** The counts LAMMPS prints after each run. */
function buildCounts(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(Neighbor list builds|Dangerous builds)/.test(l));
}

describe('serial no-ops and neighbor build counts', () => {
  it('processors/newton/comm_modify/comm_style/balance: same thermo and build counts as LAMMPS', () => {
    const spec = { deck: DECK, repoFiles: {} };
    const golden = lammpsReference('serial_noops/counts', spec, (live, gold) => {
      thermoAgrees(1e-9)(live, gold);
      expect(buildCounts(live.screen)).toEqual(buildCounts(gold.screen));
    });
    const ours = runDpmd(DECK, scratchDir());
    expectThermoClose(ours.tables, parseThermo(golden.screen), 1e-9, 'dpmd vs LAMMPS');
    // Four runs print their statistics (the one with post no does not): eight lines.
    expect(buildCounts(golden.screen).length).toBe(8);
    expect(buildCounts(ours.text)).toEqual(buildCounts(golden.screen));
    expect(ours.text).toMatch(/NOTE: processors changes nothing in a serial run/);
  });

  it('refusals: a processor grid other than 1x1x1, a bad newton or comm_modify word', () => {
    const fails = (deck: string, msg: RegExp) => expect(() => runDpmd(deck, scratchDir())).toThrow(msg);
    fails('processors 2 1 1\n', /Specified processors != physical processors/);
    fails('newton maybe\n', /newton: pair\/bond setting must be one of on, off/);
    fails('region b block 0 1 0 1 0 1\ncreate_box 1 b\nnewton off\n', /Newton bond change after simulation box/);
    fails('comm_modify vel perhaps\n', /comm_modify: vel takes yes or no/);
    fails('comm_style snake\n', /comm_style: style must be one of brick, tiled/);
    fails('run_style respa 2 2\n', /run_style: style respa is not supported by dpmd yet/);
    fails('balance 1.0 shift xyz 10 1.1\n', /Balance command before simulation box is defined/);
  });
});
