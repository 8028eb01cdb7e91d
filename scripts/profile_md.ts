/**
 * Per-phase profile of an MD run: runs a deck in this process with timers wrapped around the
 * phases of Simulation's step (integrate, neighbor decision, ghost build/refresh, list build, pair
 * compute, the worker-pool jobs and thread 0's own share of each, ghost fold, copy, thermo) and
 * prints milliseconds per step for each, plus the process CPU time (all threads) against wall time.
 * Only the timesteps of the run are counted (setup is not).
 *
 *   npm run build && node dist/scripts/profile_md.js systems/lj_melt/in.melt -threads 2 -var t 200
 *
 * Each timer reads the wall clock and the process CPU time (getrusage, about 1 µs); a phase's time
 * includes whatever it calls (nested timers are listed indented and counted in their parents too). For a worker-pool job, "own share" is thread 0's runJob and "wait" is the rest of
 * pool.run (waking the workers, their longer share, the completion barrier).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { registerAll } from '../src/commands/index.js';
import { Deck } from '../src/deck.js';
import { Output } from '../src/output.js';
import { Simulation } from '../src/simulation.js';
import { WorkerPool } from '../src/parallel/worker_pool.js';
import { Neighbor } from '../src/neighbor.js';
import { Ghosts } from '../src/ghosts.js';
import { NeighborList } from '../src/neighbor_list.js';
import { Thermo } from '../src/thermo.js';
import { FixNVE } from '../integrators/fix_nve.js';
import { PairLJCut } from '../potentials/pair_lj_cut.js';
import { PairEAMBase } from '../potentials/eam_core.js';
import { ForceBuffers } from '../src/potential.js';

const args = process.argv.slice(2);
if (args.length === 0) {
  process.stderr.write('usage: profile_md.js DECK [-threads N] [-var NAME VALUE ...]\n');
  process.exit(1);
}
const deckPath = resolve(args[0]);
let threads: number | null = null;
const vars: [string, string[]][] = [];
for (let k = 1; k < args.length; k++) {
  if (args[k] === '-threads') threads = Number(args[++k]);
  else if (args[k] === '-var') {
    vars.push([args[k + 1], [args[k + 2]]]);
    k += 2;
  } else throw new Error(`unknown option ${args[k]}`);
}

/**
 * CPU time of the whole process (all threads) in ms: getrusage, which Linux sums exactly over the
 * threads (unlike /proc schedstat, updated only at scheduler ticks). On a loaded machine wall time
 * mostly measures waiting for a core; CPU time does not. With 1 thread it is the main thread's
 * (plus V8's GC/compiler threads); with workers, a job's CPU includes every thread's share.
 */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** Per timer: [wall ms, main-thread CPU ms, calls]. */
const totals = new Map<string, [number, number, number]>();
let counting = false;
const add = (name: string, ms: number, cms: number) => {
  if (!counting) return;
  const t = totals.get(name) ?? [0, 0, 0];
  t[0] += ms;
  t[1] += cms;
  t[2]++;
  totals.set(name, t);
};

/** Wrap proto[method] with a timer named name (nested timers each count their own full time). */
function timeMethod(proto: object, method: string, name: string | ((self: object, a: unknown[]) => string)): void {
  const p = proto as Record<string, (...a: unknown[]) => unknown>;
  const orig = p[method];
  if (typeof orig !== 'function') throw new Error(`no method ${method}`);
  p[method] = function (this: object, ...a: unknown[]) {
    const c0 = cpuMs();
    const t0 = performance.now();
    try {
      return orig.apply(this, a);
    } finally {
      add(typeof name === 'string' ? name : name(this, a), performance.now() - t0, cpuMs() - c0);
    }
  };
}

timeMethod(FixNVE.prototype, 'initialIntegrate', 'integrate (initial)');
timeMethod(FixNVE.prototype, 'finalIntegrate', 'integrate (final)');
timeMethod(Neighbor.prototype, 'decide', 'neighbor decide');
timeMethod(Neighbor.prototype, 'build', 'neighbor build (all)');
timeMethod(Neighbor.prototype, 'refresh', 'ghost refresh (forward comm)');
timeMethod(Ghosts.prototype, 'build', '  ghost build');
timeMethod(NeighborList.prototype, 'build', '  list build');
// Every list build's CPU (all threads), setup builds included: the first builds of a run show the
// JIT warm-up (or its absence: the WebAssembly candidate loop, src/neighbor_wasm.ts).
const listBuildCpu: number[] = [];
{
  const p = NeighborList.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const orig = p.build;
  p.build = function (this: object, ...a: unknown[]) {
    const c0 = cpuMs();
    try {
      return orig.apply(this, a);
    } finally {
      listBuildCpu.push(cpuMs() - c0);
    }
  };
}
timeMethod(Ghosts.prototype, 'fold', 'ghost fold (reverse comm)');
timeMethod(ForceBuffers.prototype, 'clear', 'force buffer clear');
timeMethod(Simulation.prototype, 'computeForces', 'computeForces (all)');
timeMethod(Thermo.prototype, 'row', 'thermo row');
for (const P of [PairLJCut, PairEAMBase]) {
  timeMethod(P.prototype, 'compute', 'pair compute (serial)');
  timeMethod(P.prototype, 'computeThreaded', 'pair computeThreaded (all)');
}
// Worker-pool jobs: total and thread 0's share, per module file and job number.
const origRun = WorkerPool.prototype.run;
const wrappedModules = new WeakSet<object>();
WorkerPool.prototype.run = function (this: WorkerPool, h, job, meanwhile) {
  const name = `  job ${h.module.url.replace(/.*\//, '').replace(/\.[jt]s$/, '')}#${job}`;
  const m = h.module as unknown as { runJob: (j: number, c: unknown) => void };
  if (!wrappedModules.has(m)) {
    wrappedModules.add(m);
    const orig = m.runJob;
    m.runJob = (j: number, c: unknown) => {
      const c0 = cpuMs();
      const t0 = performance.now();
      orig(j, c);
      add(
        `  job ${h.module.url.replace(/.*\//, '').replace(/\.[jt]s$/, '')}#${j} own share`,
        performance.now() - t0,
        cpuMs() - c0,
      );
    };
  }
  const c0 = cpuMs();
  const t0 = performance.now();
  origRun.call(this, h, job, meanwhile);
  add(name, performance.now() - t0, cpuMs() - c0);
};
/**
 * CPU time of the main thread alone (ms; Linux /proc schedstat, exact over a whole run though
 * updated only at scheduler events): with workers, the main thread's share of the critical path.
 */
function mainThreadMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

// Count only the timesteps of runs (Simulation.steps is private: wrap it through the prototype).
let stepsRun = 0;
let wall = 0;
let cpu = 0;
let cpuMain = 0;
const sp = Simulation.prototype as unknown as Record<string, (n: number, p: unknown) => void>;
const origSteps = sp.steps;
sp.steps = function (this: Simulation, n: number, p: unknown) {
  counting = true;
  const c0 = process.cpuUsage();
  const m0 = mainThreadMs();
  const t0 = performance.now();
  try {
    origSteps.call(this, n, p);
  } finally {
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    cpuMain += mainThreadMs() - m0;
    counting = false;
    stepsRun += n;
  }
};

registerAll();
const out = new Output({ screen: false, capture: true });
const sim = new Simulation(out);
if (threads !== null) sim.threads = threads;
for (const [name, values] of vars) sim.variables.preset(name, values);
const deck = new Deck(sim);
process.chdir(dirname(deckPath));
deck.cwd = dirname(deckPath);
const load0 = loadavg()[0];
deck.runFile(deckPath);
const natoms = sim.system.n;
sim.dispose();
const rss = process.resourceUsage().maxRSS / 1024;

console.log(
  `profile ${args.join(' ')}: ${natoms} atoms, ${stepsRun} steps, ${sim.activeThreads || threads} thread(s), load ${load0.toFixed(2)} -> ${loadavg()[0].toFixed(2)}, peak RSS ${rss.toFixed(0)} MiB`,
);
const per = (ms: number) => (ms / stepsRun).toFixed(3).padStart(8);
console.log(
  `steps: wall ${per(wall)} ms/step (${((wall / stepsRun / natoms) * 1e3).toFixed(3)} µs/atom-step); CPU (all threads) ${per(cpu)} ms/step (${((cpu / stepsRun / natoms) * 1e3).toFixed(3)} µs/atom-step), main thread ${per(cpuMain)} ms/step; ${(cpu / wall).toFixed(2)} cores busy`,
);
console.log(`list builds, CPU ms each (setup included): ${listBuildCpu.map((v) => v.toFixed(1)).join(' ')}`);
console.log(`${'phase (ms per step)'.padEnd(44)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}    %CPU  calls/step`);
for (const [name, [ms, cms, calls]] of [...totals.entries()].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(
    `${name.padEnd(44)} ${per(ms)} ${per(cms)}  ${((100 * cms) / cpu).toFixed(1).padStart(8)}%  ${(calls / stepsRun).toFixed(2).padStart(8)}`,
  );
