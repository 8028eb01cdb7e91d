import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/lammps.js';

/** The compiled CLI (npm test builds it first through the pretest script). */
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');

const DECK = `units lj
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
thermo_style custom step pe
run 0
`;

function dpmd(args: string[], input?: string): { status: number | null; out: string; dir: string } {
  const dir = scratchDir('dpmd-inv-');
  writeFileSync(join(dir, 'in.deck'), DECK);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', input: input ?? '' });
  return { status: r.status, out: r.stdout + r.stderr, dir };
}

const PE = /\n\s+0\s+-6\.7733681\s*\n/;

describe("LAMMPS's invocations: the deck by -in, on standard input, or named", () => {
  it('dpmd -in deck, dpmd < deck, dpmd run deck give the same run', () => {
    const a = dpmd(['-in', 'in.deck', '-log', 'none']);
    const b = dpmd(['-log', 'none'], DECK);
    const c = dpmd(['run', 'in.deck', '-log', 'none']);
    for (const r of [a, b, c]) {
      expect(r.status, r.out).toBe(0);
      expect(r.out).toMatch(PE);
    }
    expect(b.out.match(PE)![0]).toBe(a.out.match(PE)![0]);
  });

  it('the log records the deck as read, as LAMMPS echoes it to log.lammps', () => {
    const r = dpmd(['-in', 'in.deck', '-log', 'log.run']);
    expect(r.status).toBe(0);
    const log = readFileSync(join(r.dir, 'log.run'), 'utf8');
    for (const line of DECK.trim().split('\n')) expect(log).toContain(line);
  });

  it('-sf, -pk, -nocite, -skiprun are accepted; --version and -h answer and exit 0', () => {
    const r = dpmd(['-in', 'in.deck', '-log', 'none', '-sf', 'opt', '-pk', 'gpu', '1', '-nocite', '-skiprun']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/-skiprun: run and minimize commands are skipped/);
    expect(r.out).not.toMatch(PE);
    const v = dpmd(['--version']);
    expect(v.status).toBe(0);
    expect(v.out).toMatch(/^dpmd-ts \d+\.\d+\.\d+/);
    expect(dpmd(['-h']).status).toBe(0);
  });

  it('an unknown command suggests the nearest names instead of listing every command', () => {
    const r = dpmd(['-log', 'none'], 'units lj\npair_stlye lj/cut 2.5\n');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Unknown command 'pair_stlye' \(did you mean pair_style/);
    expect(r.out).toMatch(/stdin:2: pair_stlye lj\/cut 2\.5/);
    expect(r.out).not.toMatch(/available:/);
  });
});
