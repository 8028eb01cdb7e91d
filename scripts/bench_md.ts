/**
 * MD engine benchmark: LAMMPS's LJ melt (32,000 atoms) and an Al-10%Mg eam/fs deck (32,000 atoms)
 * through dpmd and through LAMMPS (Debian's lmp) in the same run, alternating programs so machine
 * noise hits both alike. Prints per-run loop times, medians, µs/atom-step and the wall-time ratio
 * dpmd/LAMMPS (required <= 2.0 against serial LAMMPS).
 *
 *   npm run build && node dist/scripts/bench_md.js [--repeats 3] [--steps 100] [--mpi2] [--threads 1,2]
 *
 * --threads: dpmd thread counts to run (comma-separated, default 1,2); every repeat runs each
 * program once, in turn, so background load hits all alike. Medians and spread (max-min)/median.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : def;
};
const repeats = opt('--repeats', 3);
const steps = opt('--steps', 100);
const mpi2 = args.includes('--mpi2');
const threadArg = (() => {
  const k = args.indexOf('--threads');
  return k >= 0 ? args[k + 1] : '1,2';
})();
const threadCounts = threadArg.split(',').map(Number);
if (!threadCounts.every((t) => Number.isInteger(t) && t >= 1))
  throw new Error(`--threads: expected e.g. 1,2, got '${threadArg}'`);
const lmp = process.env.LMP ?? '/usr/bin/lmp';

interface Case {
  name: string;
  dir: string;
  deck: string;
  vars: string[];
}
const cases: Case[] = [
  { name: 'LJ melt 32k (lj/cut 2.5)', dir: join(root, 'systems/lj_melt'), deck: 'in.melt', vars: ['t', String(steps)] },
  {
    name: 'Al-10%Mg 32k (eam/fs Mendelev)',
    dir: join(root, 'systems/almg'),
    deck: 'in.almg',
    vars: ['t', String(steps), 'pot', resolve(root, 'potentials/data/AlMg_Mendelev2009.eam.fs')],
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

function runDpmd(c: Case, threads: number): number {
  const text = execFileSync(
    process.execPath,
    [join(root, 'dist/src/cli.js'), 'run', c.deck, '-log', 'none', '-threads', String(threads), ...varArgs(c.vars)],
    { cwd: c.dir, encoding: 'utf8' },
  );
  return loopTime(text);
}

function runLammps(c: Case, ranks: number): number {
  const env = {
    ...process.env,
    OMP_NUM_THREADS: '1',
    OMPI_ALLOW_RUN_AS_ROOT: '1',
    OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  };
  const cmd = ranks > 1 ? 'mpirun' : lmp;
  const a = ranks > 1 ? ['-np', String(ranks), lmp] : [];
  const text = execFileSync(cmd, [...a, '-in', c.deck, '-log', 'none', ...varArgs(c.vars)], {
    cwd: c.dir,
    encoding: 'utf8',
    env,
  });
  return loopTime(text);
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
} catch {
  /* not a checkout */
}
console.log(`dpmd MD benchmark  commit ${commit}  ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load avg ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  `settings: ${steps} steps, ${repeats} repeats alternating dpmd/LAMMPS, LAMMPS serial${mpi2 ? ' and 2 MPI ranks' : ''}`,
);
console.log(`dpmd threads: ${threadCounts.join(', ')}`);
const rows: string[] = [];
const us = (t: number) => ((t / steps / 32000) * 1e6).toFixed(3);
const spread = (a: number[]) => `${(((Math.max(...a) - Math.min(...a)) / median(a)) * 100).toFixed(0)}%`;
for (const c of cases) {
  const d: number[][] = threadCounts.map(() => []);
  const l: number[] = [],
    l2: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const parts: string[] = [];
    threadCounts.forEach((t, k) => {
      d[k].push(runDpmd(c, t));
      parts.push(`dpmd ${t}T ${d[k][r].toFixed(3)} s`);
    });
    l.push(runLammps(c, 1));
    parts.push(`LAMMPS ${l[r].toFixed(3)} s`);
    if (mpi2) {
      l2.push(runLammps(c, 2));
      parts.push(`LAMMPS 2 ranks ${l2[r].toFixed(3)} s`);
    }
    console.log(`  ${c.name} repeat ${r + 1}: ${parts.join(', ')}  (load ${loadavg()[0].toFixed(2)})`);
  }
  threadCounts.forEach((t, k) => {
    const ratio = median(d[k]) / median(l);
    const ratio2 = mpi2 ? (median(d[k]) / median(l2)).toFixed(2) : '-';
    rows.push(
      `| ${c.name} | ${t} | ${us(median(d[k]))} | ${us(median(l))} | ${mpi2 ? us(median(l2)) : '-'} | ${ratio.toFixed(2)} | ${ratio2} | ${spread(d[k])} / ${spread(l)}${mpi2 ? ` / ${spread(l2)}` : ''} |`,
    );
    console.log(
      `${c.name}, dpmd ${t} thread(s): dpmd/LAMMPS serial wall-time ratio = ${ratio.toFixed(2)} ${ratio <= 2 ? '(<= 2.0 required: OK)' : '(> 2.0: FAILS the requirement)'}${mpi2 ? `; vs LAMMPS 2 ranks ${ratio2}` : ''}`,
    );
  });
}
console.log(
  `\nload avg at end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  '\n| deck | dpmd threads | dpmd µs/atom-step | LAMMPS serial | LAMMPS 2 ranks | ratio vs serial | ratio vs 2 ranks | spread dpmd / LAMMPS / LAMMPS 2 |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
