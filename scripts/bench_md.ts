/**
 * MD engine benchmark: LAMMPS's LJ melt (32,000 atoms) and an Al-10%Mg eam/fs deck (32,000 atoms)
 * through dpmd and through LAMMPS (Debian's lmp) in the same run, alternating programs so machine
 * noise hits both alike. Prints per-run loop times, medians, µs/atom-step and the wall-time ratio
 * dpmd/LAMMPS (required <= 2.0 against serial LAMMPS).
 *
 *   npm run build && node dist/scripts/bench_md.js [--repeats 3] [--steps 100] [--mpi2] [--threads 1,2]
 *     [--scale K] [--decks lj,almg]
 *
 * --threads: dpmd thread counts to run (comma-separated, default 1,2); every repeat runs each
 * program once, in turn, so background load hits all alike. Medians and spread (max-min)/median.
 * --scale K: K^3 times the atoms (LJ: -var x/y/z K, 32,000 K^3 atoms; Al-Mg: -var n 20K), e.g.
 * --scale 2 for the 256,000-atom runs. --decks: which decks (default both).
 * Peak RSS of every run (MiB, GNU time's %M; for mpirun the largest process) goes in the table's
 * last column (median over repeats; '-' where /usr/bin/time is missing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
const scale = opt('--scale', 1);
if (!(Number.isInteger(scale) && scale >= 1)) throw new Error(`--scale: expected a positive integer, got ${scale}`);
const deckArg = (() => {
  const k = args.indexOf('--decks');
  return k >= 0 ? args[k + 1].split(',') : ['lj', 'almg'];
})();
const natoms = 32000 * scale ** 3;
const katoms = `${natoms / 1000}k`;
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const scratch = mkdtempSync(join(tmpdir(), 'bench-md-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

interface Case {
  key: string;
  name: string;
  dir: string;
  deck: string;
  vars: string[];
}
const k = String(scale);
const cases: Case[] = [
  {
    key: 'lj',
    name: `LJ melt ${katoms} (lj/cut 2.5)`,
    dir: join(root, 'systems/lj_melt'),
    deck: 'in.melt',
    vars: ['t', String(steps), 'x', k, 'y', k, 'z', k],
  },
  {
    key: 'almg',
    name: `Al-10%Mg ${katoms} (eam/fs Mendelev)`,
    dir: join(root, 'systems/almg'),
    deck: 'in.almg',
    vars: [
      't',
      String(steps),
      'n',
      String(20 * scale),
      'pot',
      resolve(root, 'potentials/data/AlMg_Mendelev2009.eam.fs'),
    ],
  },
].filter((c) => deckArg.includes(c.key));

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

/** Loop time (s) and peak RSS (MiB, NaN without GNU time) of one run. */
interface Run {
  loop: number;
  rss: number;
}

function timed(cmd: string, a: string[], cwd: string, env?: NodeJS.ProcessEnv): Run {
  const rssFile = join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const text = gnuTime
    ? execFileSync(gnuTime, ['-f', '%M', '-o', rssFile, cmd, ...a], { cwd, encoding: 'utf8', env })
    : execFileSync(cmd, a, { cwd, encoding: 'utf8', env });
  const rss = gnuTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : Number.NaN;
  return { loop: loopTime(text), rss };
}

function runDpmd(c: Case, threads: number): Run {
  return timed(
    process.execPath,
    [join(root, 'dist/src/cli.js'), 'run', c.deck, '-log', 'none', '-threads', String(threads), ...varArgs(c.vars)],
    c.dir,
  );
}

function runLammps(c: Case, ranks: number): Run {
  const env = {
    ...process.env,
    OMP_NUM_THREADS: '1',
    OMPI_ALLOW_RUN_AS_ROOT: '1',
    OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  };
  const cmd = ranks > 1 ? 'mpirun' : lmp;
  const a = ranks > 1 ? ['-np', String(ranks), lmp] : [];
  return timed(cmd, [...a, '-in', c.deck, '-log', 'none', ...varArgs(c.vars)], c.dir, env);
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
const us = (t: number) => ((t / steps / natoms) * 1e6).toFixed(3);
const mib = (runs: Run[]) => (Number.isNaN(runs[0]?.rss) ? '-' : median(runs.map((r) => r.rss)).toFixed(0));
const spread = (a: number[]) => `${(((Math.max(...a) - Math.min(...a)) / median(a)) * 100).toFixed(0)}%`;
for (const c of cases) {
  const d: Run[][] = threadCounts.map(() => []);
  const l: Run[] = [],
    l2: Run[] = [];
  const loops = (runs: Run[]) => runs.map((x) => x.loop);
  for (let r = 0; r < repeats; r++) {
    const parts: string[] = [];
    threadCounts.forEach((t, k) => {
      d[k].push(runDpmd(c, t));
      parts.push(`dpmd ${t}T ${d[k][r].loop.toFixed(3)} s`);
    });
    l.push(runLammps(c, 1));
    parts.push(`LAMMPS ${l[r].loop.toFixed(3)} s`);
    if (mpi2) {
      l2.push(runLammps(c, 2));
      parts.push(`LAMMPS 2 ranks ${l2[r].loop.toFixed(3)} s`);
    }
    console.log(`  ${c.name} repeat ${r + 1}: ${parts.join(', ')}  (load ${loadavg()[0].toFixed(2)})`);
  }
  threadCounts.forEach((t, k) => {
    const dm = median(loops(d[k]));
    const ratio = dm / median(loops(l));
    const ratio2 = mpi2 ? dm / median(loops(l2)) : Number.NaN;
    const rss = `${mib(d[k])} / ${mib(l)}${mpi2 ? ` / ${mib(l2)}` : ''}`;
    rows.push(
      `| ${c.name} | ${t} | ${us(dm)} | ${us(median(loops(l)))} | ${mpi2 ? us(median(loops(l2))) : '-'} | ${ratio.toFixed(2)} | ${mpi2 ? ratio2.toFixed(2) : '-'} | ${spread(loops(d[k]))} / ${spread(loops(l))}${mpi2 ? ` / ${spread(loops(l2))}` : ''} | ${rss} |`,
    );
    // Issue 16's requirement: <= 1.2 serial vs serial, <= 1.0 two threads vs two MPI ranks.
    const verdict =
      t === 1
        ? ratio <= 1.2
          ? '(<= 1.2 required: OK)'
          : '(> 1.2: FAILS the requirement)'
        : t === 2 && mpi2
          ? ratio2 <= 1.0
            ? '(2 threads vs 2 ranks <= 1.0 required: OK)'
            : '(2 threads vs 2 ranks > 1.0: FAILS the requirement)'
          : '';
    console.log(
      `${c.name}, dpmd ${t} thread(s): dpmd/LAMMPS serial wall-time ratio = ${ratio.toFixed(2)}${mpi2 ? `; vs LAMMPS 2 ranks ${ratio2.toFixed(2)}` : ''} ${verdict}`,
    );
  });
}
console.log(
  `\nload avg at end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  '\n| deck | dpmd threads | dpmd µs/atom-step | LAMMPS serial | LAMMPS 2 ranks | ratio vs serial | ratio vs 2 ranks | spread dpmd / LAMMPS / LAMMPS 2 | peak RSS MiB dpmd / LAMMPS / LAMMPS 2 (per process) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
