/**
 * MD engine benchmark: LAMMPS's LJ melt (32,000 atoms) and an Al-10%Mg eam/fs deck (32,000 atoms)
 * through dpmd and through LAMMPS (Debian's lmp) in the same run, alternating programs so machine
 * noise hits both alike. Prints per-run loop times, medians, µs/atom-step and the wall-time ratio
 * dpmd/LAMMPS (required <= 2.0 against serial LAMMPS).
 *
 *   npm run build && node dist/scripts/bench_md.js [--repeats 3] [--steps 100] [--mpi2]
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const k = args.indexOf(name); return k >= 0 ? Number(args[k + 1]) : def; };
const repeats = opt('--repeats', 3);
const steps = opt('--steps', 100);
const mpi2 = args.includes('--mpi2');
const lmp = process.env.LMP ?? '/usr/bin/lmp';

interface Case { name: string; dir: string; deck: string; vars: string[] }
const cases: Case[] = [
  { name: 'LJ melt 32k (lj/cut 2.5)', dir: join(root, 'systems/lj_melt'), deck: 'in.melt', vars: ['t', String(steps)] },
  {
    name: 'Al-10%Mg 32k (eam/fs Mendelev)', dir: join(root, 'systems/almg'), deck: 'in.almg',
    vars: ['t', String(steps), 'pot', resolve(root, '../shared/potentials/AlMg_Mendelev2009.eam.fs')],
  },
];

function loopTime(text: string): number {
  const m = /Loop time of ([\d.eE+-]+) on/.exec(text);
  if (!m) throw new Error(`no "Loop time" in output:\n${text.slice(-2000)}`);
  return Number(m[1]);
}

function varArgs(vars: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < vars.length; k += 2) out.push('-var', vars[k], vars[k + 1]);
  return out;
}

function runDpmd(c: Case): number {
  const text = execFileSync(process.execPath, [join(root, 'dist/src/cli.js'), 'run', c.deck, '-log', 'none', ...varArgs(c.vars)], { cwd: c.dir, encoding: 'utf8' });
  return loopTime(text);
}

function runLammps(c: Case, ranks: number): number {
  const env = { ...process.env, OMP_NUM_THREADS: '1', OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' };
  const cmd = ranks > 1 ? 'mpirun' : lmp;
  const a = ranks > 1 ? ['-np', String(ranks), lmp] : [];
  const text = execFileSync(cmd, [...a, '-in', c.deck, '-log', 'none', ...varArgs(c.vars)], { cwd: c.dir, encoding: 'utf8', env });
  return loopTime(text);
}

const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
let commit = 'unknown';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
console.log(`dpmd MD benchmark  commit ${commit}  ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load avg ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`settings: ${steps} steps, ${repeats} repeats alternating dpmd/LAMMPS, LAMMPS serial${mpi2 ? ' and 2 MPI ranks' : ''}`);
const rows: string[] = [];
for (const c of cases) {
  const natoms = 32000;
  const d: number[] = [], l: number[] = [], l2: number[] = [];
  for (let r = 0; r < repeats; r++) {
    d.push(runDpmd(c));
    l.push(runLammps(c, 1));
    if (mpi2) l2.push(runLammps(c, 2));
    console.log(`  ${c.name} repeat ${r + 1}: dpmd ${d[r].toFixed(3)} s, LAMMPS ${l[r].toFixed(3)} s${mpi2 ? `, LAMMPS 2 ranks ${l2[r].toFixed(3)} s` : ''}`);
  }
  const us = (t: number) => (t / steps / natoms * 1e6).toFixed(3);
  const ratio = median(d) / median(l);
  const spread = (a: number[]) => `${((Math.max(...a) - Math.min(...a)) / median(a) * 100).toFixed(0)}%`;
  rows.push(`| ${c.name} | ${us(median(d))} | ${us(median(l))} | ${mpi2 ? us(median(l2)) : '-'} | ${ratio.toFixed(2)} | ${mpi2 ? (median(d) / median(l2)).toFixed(2) : '-'} | ${spread(d)} / ${spread(l)} |`);
  console.log(`${c.name}: dpmd/LAMMPS serial wall-time ratio = ${ratio.toFixed(2)} ${ratio <= 2 ? '(<= 2.0 required: OK)' : '(> 2.0: FAILS the requirement)'}`);
}
console.log('\n| deck | dpmd µs/atom-step | LAMMPS serial | LAMMPS 2 ranks | ratio vs serial | ratio vs 2 ranks | spread dpmd / LAMMPS |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
