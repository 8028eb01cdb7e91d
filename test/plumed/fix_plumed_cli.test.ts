import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/lammps.js';

/** The compiled CLI (npm test builds it first through the pretest script). */
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');

const DECK = `units real
lattice fcc 5.0
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
mass 1 39.95
velocity all create 100 4711 loop geom
pair_style lj/cut 8.0
pair_coeff * * 0.2 3.4
fix 1 all nve
fix 2 all plumed plumedfile plumed.dat outfile plumed.log
thermo 10
run 20
`;

function dpmd(plumed: string, deck = DECK): { status: number | null; out: string; dir: string } {
  const dir = scratchDir('dpmd-plumed-');
  writeFileSync(join(dir, 'in.deck'), deck);
  writeFileSync(join(dir, 'plumed.dat'), plumed);
  const r = spawnSync(process.execPath, [CLI, 'run', 'in.deck'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr, dir };
}

describe('dpmd run with fix plumed', () => {
  it('an unsupported action is an ERROR naming it, the PLUMED file:line and the deck line; exit 1', () => {
    const r = dpmd('d: DISTANCE ATOMS=1,2\n# comment\ng: GYRATION ATOMS=1-4\n');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/ERROR: .*plumed\.dat:3: action GYRATION is not supported/);
    expect(r.out).toMatch(/in\.deck:11/);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  it('an atom ID that does not exist is an ERROR', () => {
    const r = dpmd('d: DISTANCE ATOMS=1,99\nRESTRAINT ARG=d AT=0.3 KAPPA=10\n');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/ERROR: .*atom ID 99 named in plumed\.dat does not exist/);
  });

  it('runs METAD with PRINT: COLVAR every STRIDE steps, HILLS every PACE steps, the log', () => {
    const r = dpmd(
      [
        'UNITS LENGTH=A ENERGY=kcal/mol',
        'd: DISTANCE ATOMS=1,2',
        'm: METAD ...',
        '  ARG=d SIGMA=0.1 HEIGHT=0.2 PACE=5',
        '  BIASFACTOR=5 TEMP=100 GRID_MIN=2 GRID_MAX=6 GRID_BIN=400',
        '... METAD',
        'PRINT ARG=d,m.bias STRIDE=10 FILE=COLVAR',
      ].join('\n'),
    );
    expect(r.status, r.out).toBe(0);
    const colvar = readFileSync(join(r.dir, 'COLVAR'), 'utf8').trim().split('\n');
    expect(colvar[0]).toBe('#! FIELDS time d m.bias');
    expect(colvar.slice(1).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([0, 0.01, 0.02]);
    const hills = readFileSync(join(r.dir, 'HILLS'), 'utf8').trim().split('\n');
    expect(hills.filter((l) => !l.startsWith('#')).length).toBe(4); // steps 5, 10, 15, 20
    expect(readFileSync(join(r.dir, 'plumed.log'), 'utf8')).toMatch(/Action METAD with label m/);
  });
});
