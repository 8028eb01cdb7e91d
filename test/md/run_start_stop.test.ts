import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

/**
 * `run N start S stop E` (ramped thermostat/barostat targets interpolate between steps S and E,
 * not the run's own first and last step), `run N every M`, `run N upto` and `post no` against
 * LAMMPS 29 Sep 2021 on the same deck: every thermo row to 1e-9 relative.
 */
const LMP = process.env.LMP ?? '/usr/bin/lmp';

type Table = number[][];

/** Thermo rows (lines of numbers between a "Step" header and "Loop time"), one table per run. */
function tables(text: string): Table[] {
  const out: Table[] = [];
  let cur: Table | null = null;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('Step ')) { cur = []; out.push(cur); continue; }
    if (/^Loop time/.test(t)) { cur = null; continue; }
    if (cur && /^[-\d]/.test(t)) {
      const v = t.split(/\s+/).map(Number);
      if (v.every(Number.isFinite)) cur.push(v);
    }
  }
  return out;
}

function lammps(deck: string): Table[] {
  if (!existsSync(LMP)) throw new Error(`LAMMPS not found at ${LMP}: apt-get install lammps, or set LMP`);
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-startstop-'));
  writeFileSync(join(dir, 'in.lammps'), deck);
  return tables(execFileSync(LMP, ['-in', 'in.lammps', '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } }));
}

function dpmd(deck: string): Table[] {
  registerAll();
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  sim.threads = 1;
  try {
    new Deck(sim).runText(deck, 'in.deck');
  } finally {
    sim.dispose();
  }
  return tables(out.captured!.join('\n'));
}

function expectSame(deck: string, nTables: number): void {
  const ref = lammps(deck);
  const ours = dpmd(deck);
  expect(ref.length).toBe(nTables);
  expect(ours.length).toBe(ref.length);
  for (let k = 0; k < ref.length; k++) {
    expect(ours[k].length, `table ${k}`).toBe(ref[k].length);
    for (let r = 0; r < ref[k].length; r++) {
      for (let c = 0; c < ref[k][r].length; c++) {
        const a = ours[k][r][c], b = ref[k][r][c];
        expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-6), `table ${k} row ${r} column ${c}: ${a} vs ${b}`).toBeLessThan(1e-9);
      }
    }
  }
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
    expectSame(`${LJ}fix 1 all nvt temp 1.0 2.0 0.5\nrun 50 start 0 stop 200\nrun 50 start 0 stop 200\n`, 2);
  });

  it('langevin and temp/berendsen ramps with start/stop; upto', () => {
    expectSame(`${LJ}fix 1 all langevin 1.0 3.0 0.5 48279\nfix 2 all nve\nrun 40 start 0 stop 100\nrun 80 upto start 0 stop 100\n`, 2);
    expectSame(`${LJ}fix 1 all nve\nfix 2 all temp/berendsen 1.0 2.0 0.2\nrun 30 stop 120\nrun 30 start 10 stop 120\n`, 2);
  });

  it('npt: a pressure ramp over start/stop', () => {
    expectSame(`${LJ}fix 1 all npt temp 1.0 1.0 0.5 iso 0.0 2.0 2.0\nrun 40 start 0 stop 160\n`, 1);
  });

  it('every M with commands and NULL; post no', () => {
    expectSame(`${LJ}variable s equal step\nfix 1 all nvt temp 1.0 1.5 0.5\nrun 60 post no every 20 "print 'at \${s}'"\nrun 20 every 10 NULL\n`, 5);
  });

  it('refuses start after the run begins and stop before it ends, as LAMMPS does', () => {
    expect(() => dpmd(`${LJ}fix 1 all nve\nrun 10\nrun 10 start 20\n`)).toThrow(/start 20 is after the start of the run/);
    expect(() => dpmd(`${LJ}fix 1 all nve\nrun 10 stop 5\n`)).toThrow(/stop 5 is before the end of the run/);
    expect(() => dpmd(`${LJ}fix 1 all nve\nrun 10 every 0 NULL\n`)).toThrow(/every must be > 0/);
  });
});
