import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/lammps.js';

/** The compiled CLI (npm test builds it first through the pretest script). */
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');

function dpmd(deck: string, extra: string[] = []): { status: number | null; out: string; dir: string } {
  const dir = scratchDir('dpmd-cli-');
  writeFileSync(join(dir, 'in.deck'), deck);
  const r = spawnSync(process.execPath, [CLI, 'run', 'in.deck', '-log', 'log.test', ...extra], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr, dir };
}

const BASE = `units lj
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
`;

describe('dpmd run: failures stop with file, line, command and reason, exit status 1', () => {
  it('unknown command', () => {
    const r = dpmd(`${BASE}frobnicate 1 2\n`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Unknown command 'frobnicate'.*in\.deck:7: frobnicate 1 2/);
  });

  it('bad argument', () => {
    const r = dpmd(`${BASE}pair_style lj/cut abc\n`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Expected a number for lj\/cut cutoff, got 'abc'.*in\.deck:7/);
  });

  it('missing potential file', () => {
    const r = dpmd(
      `${BASE.replace('units lj', 'units metal')}pair_style eam/fs\npair_coeff * * no_such_file.eam.fs Al\n`,
    );
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/no_such_file\.eam\.fs/);
    expect(r.out).toMatch(/in\.deck:8/);
  });

  it('lost atoms through a fixed boundary', () => {
    const r = dpmd(`units lj
boundary p p f
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 3.0 1234
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
fix 1 all nve
run 500
`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Lost atoms: \d+ atom\(s\) left the box/);
  });

  it('NaN/Inf forces from overlapping atoms', () => {
    const r = dpmd(`units lj
region box block 0 5 0 5 0 5 units box
create_box 1 box
create_atoms 1 single 1 1 1 units box
create_atoms 1 single 1 1 1 units box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
run 0
`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Non-numeric forces/);
  });

  it('a good deck exits 0, prints LAMMPS-style thermo and writes the log', () => {
    const r = dpmd(
      BASE +
        'velocity all create 1.0 5\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\nfix 1 all nve\nthermo 5\nrun ${n}\n',
      ['-var', 'n', '10'],
    );
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^Step Temp E_pair E_mol TotEng Press $/m);
    expect(r.out).toMatch(/^\s+10\s+\S+\s+\S+\s+0\s+\S+\s+\S+ $/m);
    const log = spawnSync('cat', [join(r.dir, 'log.test')], { encoding: 'utf8' }).stdout;
    expect(log).toMatch(/^Step Temp/m);
  });
});
