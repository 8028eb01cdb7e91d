/**
 * Alanine dipeptide MD speed, dpmd vs LAMMPS serial in the same run: systems/ala2 (AMBER ff99SB,
 * 22 atoms in vacuum, lj/cut/coul/cut 50 so every pair interacts, bond/angle harmonic, dihedral
 * charmm, special_bonds 0 0 0.5 / 0 0 0.833333), velocity create 300 K, fix nve, N steps of 1 fs.
 * Each program runs `--repeats` times; medians of the loop time (LAMMPS's "Loop time", dpmd's
 * own) are printed as microseconds per step with their ratio.
 *
 * Usage: npx tsx scripts/bench_ala2_md.ts [--steps 10000] [--repeats 3]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerAll } from '../src/commands/index.js';
import { Deck } from '../src/deck.js';
import { Output } from '../src/output.js';
import { Simulation } from '../src/simulation.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const steps = arg('steps', 10000);
const repeats = arg('repeats', 3);
const repo = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bench-ala2-'));
copyFileSync(join(repo, 'systems/ala2/ala2.data'), join(dir, 'ala2.data'));
const deck = `units real
atom_style full
boundary f f f
pair_style lj/cut/coul/cut 50.0
pair_modify mix arithmetic
bond_style harmonic
angle_style harmonic
dihedral_style charmm
read_data ala2.data
special_bonds lj 0.0 0.0 0.5 coul 0.0 0.0 0.833333
neighbor 2.0 bin
neigh_modify delay 0 every 1 check yes
velocity all create 300 4928459 loop geom
fix 1 all nve
thermo ${steps}
run ${steps}
`;
writeFileSync(join(dir, 'in.ala2'), deck);

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

function lammps(): number {
  const text = execFileSync('lmp', ['-in', 'in.ala2', '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8' });
  const m = /Loop time of (\S+) on/.exec(text);
  if (!m) throw new Error(`no Loop time in LAMMPS output:\n${text}`);
  return Number(m[1]);
}

function dpmd(): number {
  registerAll();
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  const d = new Deck(sim);
  d.cwd = dir;
  d.runFile(join(dir, 'in.ala2'));
  const m = /Loop time of (\S+) on/.exec(out.captured!.join('\n'));
  if (!m) throw new Error('no Loop time in dpmd output');
  return Number(m[1]);
}

const tl: number[] = [],
  td: number[] = [];
for (let r = 0; r < repeats; r++) {
  tl.push(lammps());
  td.push(dpmd());
}
const us = (t: number) => (t / steps) * 1e6;
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
} catch {}
console.log(
  `ala2 (22 atoms) NVE ${steps} steps, ${repeats} repeats, ${hostname()} ${cpus()[0]?.model ?? ''}, commit ${commit}`,
);
console.log(
  `LAMMPS serial: ${tl
    .map(us)
    .map((x) => x.toFixed(2))
    .join(' ')} us/step, median ${us(median(tl)).toFixed(2)}`,
);
console.log(
  `dpmd:          ${td
    .map(us)
    .map((x) => x.toFixed(2))
    .join(' ')} us/step, median ${us(median(td)).toFixed(2)}`,
);
console.log(`ratio dpmd/LAMMPS: ${(median(td) / median(tl)).toFixed(2)}`);
