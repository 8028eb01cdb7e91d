/**
 * The simple pair styles (born, buck, morse, soft, yukawa, coul/cut, table linear) on one system,
 * build against build: a 32,000-atom fcc lattice melt (LAMMPS's examples/melt geometry, two types,
 * T* = 1.0, NVE, neighbor every step with check), 200 steps, one thread. Each repeat runs every
 * build once in turn, each in a fresh node process, so background load hits all alike; the measure
 * is that process's CPU time (process.cpuUsage, user + system) over the deck (setup and run; the
 * machines are shared, and wall time follows their load). Prints each run, the medians, and the
 * ratio of the second build to the first.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench_pair_styles.js --builds OLD_DIST,dist [--repeats 3]
 *     [--steps 200] [--cells 20] [--styles born,buck,...] [--warm-all]
 *
 * --warm-all: before the timed deck, the same process runs every style for 20 steps on 500 atoms,
 * so code shared by the styles has seen all their classes (a process switching styles, a test
 * process). A build is a compiled `dist` folder (`npx tsc -p tsconfig.json --outDir DIR` of a
 * checkout); the table style reads the committed LJ table test/golden/pairs_simple/table_linear/lj.table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : def;
};
const builds = opt('--builds', 'dist')
  .split(',')
  .map((b) => resolve(b));
const repeats = Number(opt('--repeats', '3'));
const steps = Number(opt('--steps', '200'));
const cells = Number(opt('--cells', '20'));
const styles = opt('--styles', 'born,buck,morse,soft,yukawa,coul_cut,table').split(',');
const warmAll = args.includes('--warm-all');

/** Pair setup per style: the coefficients of test/potentials/pairs_simple_lammps.test.ts (buck with half its C: the full one collapses pairs of this larger system), cutoffs near 2.5. */
const PAIRS: Record<string, { atomStyle: string; lines: string }> = {
  born: {
    atomStyle: 'atomic',
    lines:
      'pair_style born 2.5\npair_coeff 1 1 10.0 0.2 1.0 1.0 0.5\npair_coeff 1 2 12.0 0.2 1.05 1.2 0.6 2.2\npair_coeff 2 2 14.0 0.18 1.1 1.5 0.7\npair_modify shift yes',
  },
  buck: {
    atomStyle: 'atomic',
    lines:
      'pair_style buck 2.5\npair_coeff 1 1 200.0 0.25 0.25\npair_coeff 1 2 250.0 0.25 0.3 2.0\npair_coeff 2 2 300.0 0.24 0.35\npair_modify shift yes',
  },
  morse: {
    atomStyle: 'atomic',
    lines:
      'pair_style morse 2.5\npair_coeff 1 1 1.0 5.0 1.12\npair_coeff 1 2 1.2 4.5 1.15 2.2\npair_coeff 2 2 0.8 4.0 1.1\npair_modify shift yes',
  },
  soft: {
    atomStyle: 'atomic',
    lines: 'pair_style soft 2.5\npair_coeff 1 1 20.0\npair_coeff 2 2 30.0 2.4\npair_modify mix arithmetic',
  },
  yukawa: {
    atomStyle: 'atomic',
    lines: 'pair_style yukawa 2.0 2.5\npair_coeff 1 1 10.0\npair_coeff 2 2 20.0 2.2\npair_modify shift yes',
  },
  coul_cut: {
    atomStyle: 'charge',
    lines: 'set type 1 charge 0.5\nset type 2 charge 0.25\npair_style coul/cut 2.5\npair_coeff * *',
  },
  table: {
    atomStyle: 'atomic',
    lines:
      'pair_style table linear 1000\npair_coeff 1 1 lj.table LJ11\npair_coeff 2 2 lj.table LJ22 2.5\npair_coeff 1 2 lj.table LJ12',
  },
};

function deck(style: string, cells: number, steps: number): string {
  const p = PAIRS[style];
  if (!p) throw new Error(`--styles: unknown style '${style}' (${Object.keys(PAIRS).join(', ')})`);
  const n = 4 * cells ** 3;
  return `units lj
atom_style ${p.atomStyle}
lattice fcc 0.8442
region box block 0 ${cells} 0 ${cells} 0 ${cells}
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
group heavy id 1:${n}:3
set group heavy type 2
velocity all create 1.0 87287 loop geom
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
fix 1 all nve
thermo 100
${p.lines}
run ${steps}
`;
}

/**
 * Child mode (`--child DIST STYLE`, cwd holding the decks): run the deck with DIST's modules in this
 * process and print the CPU seconds it took.
 */
async function child(dist: string, style: string): Promise<void> {
  const mod = (path: string) => import(pathToFileURL(join(dist, path)).href);
  const { registerAll } = await mod('src/commands/index.js');
  const { Deck } = await mod('src/deck.js');
  const { Output } = await mod('src/output.js');
  const { Simulation } = await mod('src/simulation.js');
  registerAll();
  const runDeck = (text: string) => {
    const sim = new Simulation(new Output({ screen: false }));
    sim.threads = 1;
    new Deck(sim).runText(text, `in.${style}`);
  };
  if (warmAll)
    for (const s of Object.keys(PAIRS)) {
      const small = readFileSync(`in.${s}.warm`, 'utf8');
      runDeck(small);
    }
  const c0 = process.cpuUsage();
  runDeck(readFileSync(`in.${style}`, 'utf8'));
  const c = process.cpuUsage(c0);
  console.log(`cpu ${(c.user + c.system) / 1e6}`);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pair-'));
  try {
    writeFileSync(join(dir, 'lj.table'), readFileSync(join(root, 'test/golden/pairs_simple/table_linear/lj.table')));
    for (const s of Object.keys(PAIRS)) writeFileSync(join(dir, `in.${s}.warm`), deck(s, 5, 20));
    console.log(
      `builds: ${builds.join(', ')}; ${4 * cells ** 3} atoms, ${steps} steps, 1 thread, ${repeats} repeats${warmAll ? ', every style warmed first' : ''}`,
    );
    const rows: string[] = [];
    for (const style of styles) {
      writeFileSync(join(dir, `in.${style}`), deck(style, cells, steps));
      const cpu: number[][] = builds.map(() => []);
      for (let r = 0; r < repeats; r++) {
        builds.forEach((b, k) => {
          const load = loadavg()[0];
          const childArgs = [fileURLToPath(import.meta.url), '--child', b, style, ...(warmAll ? ['--warm-all'] : [])];
          const res = spawnSync(process.execPath, childArgs, { cwd: dir, encoding: 'utf8' });
          const m = /^cpu ([\d.eE+-]+)$/m.exec(res.stdout);
          if (res.status !== 0 || !m)
            throw new Error(`${style} with ${b} failed:\n${(res.stdout + res.stderr).slice(-2000)}`);
          const c = Number(m[1]);
          cpu[k].push(c);
          console.log(`${style} build ${k} run ${r + 1}: ${c.toFixed(2)} s CPU (1-min load ${load.toFixed(1)})`);
        });
      }
      const med = cpu.map(median);
      const ratio = builds.length > 1 ? ` ratio ${(med[1] / med[0]).toFixed(3)}` : '';
      rows.push(`${style}: median CPU ${med.map((m) => `${m.toFixed(2)} s`).join(' / ')}${ratio}`);
    }
    console.log(rows.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ci = args.indexOf('--child');
if (ci >= 0) await child(resolve(args[ci + 1]), args[ci + 2]);
else await main();
