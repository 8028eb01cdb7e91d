/**
 * EAM kernels in isolation: runs the Al-Mg deck (systems/almg/in.almg, 32,000 atoms) for a few
 * steps, then calls the eam/fs pair style's force evaluation (density loop, embedding, force loop)
 * again and again on that fixed configuration and reports the median CPU time per call. With
 * --baseline DIST (another build's dist/ directory, e.g. a copy of the commit before), a second
 * eam/fs instance from that build is bound to the same atoms and the two are called alternately,
 * call by call, so machine load hits both alike; forces, energy and virial of the two are compared
 * (bitwise hash and largest difference).
 *
 *   npm run build && nice -n 10 node dist/scripts/ab_eam_kernels.js [--threads 1|2] [--calls 21]
 *     [--steps 20] [--energy 0|1] [--baseline /tmp/dist-before] [--js]
 *
 * --js adds this build's JavaScript loops as one more variant (the WebAssembly kernel of
 * potentials/eam_simd.ts switched off for its calls), so the kernel and the loops it replaces are
 * compared in one process on the same atoms.
 *
 * CPU time is process.cpuUsage() (getrusage: all threads), which on a shared machine measures the
 * work far better than the wall clock; with 2 threads it is the CPU of both. Wall medians are
 * printed too (meaningful only on an idle machine), and each busy thread's own CPU per call over
 * all timed calls (Linux /proc/self/task/* /schedstat): with --threads 2 and no baseline, how the
 * main thread's work (its share of the jobs plus the serial parts) compares with the worker's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { registerAll } from '../src/commands/index.js';
import { Deck } from '../src/deck.js';
import { Output } from '../src/output.js';
import { Simulation } from '../src/simulation.js';
import { ForceBuffers, type ComputeFlags, type PairContext, type PairStyle } from '../src/potential.js';
import type { WorkerPool } from '../src/parallel/worker_pool.js';
import { isThreadedPair } from '../src/parallel/threaded_forces.js';
import { eamSimdSwitch } from '../potentials/eam_simd.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : def;
};
const threads = Number(opt('--threads', '1'));
const calls = Number(opt('--calls', '21'));
const steps = opt('--steps', '20');
const energy = opt('--energy', '1') !== '0';
const baselineArg = opt('--baseline', '');
const withJs = args.includes('--js');
// Resolved now: the deck run below changes the working directory.
const baseline = baselineArg ? resolve(baselineArg) : '';

registerAll();
const sim = new Simulation(new Output({ screen: false, capture: true }));
sim.threads = threads; // so that the ghost arrays are shared memory when threaded
sim.variables.preset('t', [steps]);
const deckPath = resolve(root, 'systems/almg/in.almg');
const deck = new Deck(sim);
process.chdir(dirname(deckPath));
deck.cwd = dirname(deckPath);
deck.runFile(deckPath);

const system = sim.system;
const ctx = (sim as unknown as { pairCtx: PairContext }).pairCtx;
const pot = resolve(root, 'potentials/data/AlMg_Mendelev2009.eam.fs');
const pool = (sim as unknown as { pool: WorkerPool | null }).pool;

interface Variant {
  name: string;
  pair: PairStyle;
  out: ForceBuffers;
  /** This build's kernel switch for this variant's calls (null: left as it is). */
  simd: boolean | null;
  cpu: number[];
  wall: number[];
}

async function makePair(dist: string): Promise<PairStyle> {
  const mod = (await import(pathToFileURL(resolve(dist, 'potentials/pair_eam_fs.js')).href)) as {
    createPairEAMFS: () => PairStyle;
  };
  const p = mod.createPairEAMFS();
  p.coeff(['*', '*', pot, 'Al', 'Mg'], system);
  p.init(system);
  return p;
}

const flags: ComputeFlags = { energy, virial: true, eatom: false, vatom: false };
const simdDefault = eamSimdSwitch.on;
function call(v: Variant): void {
  const g = ctx.ghosts;
  eamSimdSwitch.on = v.simd ?? simdDefault;
  v.out.clear(g.nall, flags);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (pool === null || !isThreadedPair(v.pair) || !v.pair.computeThreaded(ctx, v.out, flags, pool))
    v.pair.compute(ctx, v.out, flags);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  v.cpu.push((c.user + c.system) / 1000);
  v.wall.push(wall);
}

/** Local forces after folding ghosts (the threaded path folds them itself). */
function localForces(v: Variant): Float64Array {
  const g = ctx.ghosts;
  const f = v.out.f.slice(0, 3 * g.nall);
  if (!v.out.ghostsFolded) g.fold(f, 3);
  return f.subarray(0, 3 * g.nlocal);
}

function hash(a: Float64Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  let h = 2166136261;
  for (let k = 0; k < u.length; k++) h = Math.imul(h ^ u[k], 16777619);
  return (h >>> 0).toString(16);
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};

const variants: Variant[] = [];
const here = resolve(root, 'dist');
variants.push({
  name: `this build${simdDefault ? '' : ' (DPMD_EAM_SIMD=0)'}`,
  pair: await makePair(here),
  out: new ForceBuffers(),
  simd: null,
  cpu: [],
  wall: [],
});
if (withJs)
  variants.push({
    name: 'this build, JavaScript loops',
    pair: await makePair(here),
    out: new ForceBuffers(),
    simd: false,
    cpu: [],
    wall: [],
  });
if (baseline)
  variants.push({
    name: `baseline ${baseline}`,
    pair: await makePair(baseline),
    out: new ForceBuffers(),
    simd: null,
    cpu: [],
    wall: [],
  });

/** CPU ms of every thread of this process (Linux /proc schedstat; empty elsewhere). */
function threadCpu(): Map<string, number> {
  const m = new Map<string, number>();
  try {
    for (const t of readdirSync('/proc/self/task'))
      m.set(t, Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'latin1').split(' ')[0]) / 1e6);
  } catch {
    // not Linux: no per-thread split
  }
  return m;
}

const load0 = loadavg()[0];
for (let k = 0; k < 3; k++) for (const v of variants) call(v); // warm-up (JIT, buffers, workers)
for (const v of variants) {
  v.cpu.length = 0;
  v.wall.length = 0;
}
const threads0 = threadCpu();
for (let k = 0; k < calls; k++) {
  // Alternate the order too, so neither variant always runs right after the other.
  const order = k % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) call(v);
}
const threads1 = threadCpu();
const npairs = ctx.list.offset[ctx.ghosts.nlocal];
console.log(
  `Al-Mg ${system.n} atoms after ${steps} steps (${ctx.ghosts.nall} with ghosts, ${npairs} half-list entries), ${threads} thread(s), energy ${energy ? 'on' : 'off'}, ${calls} calls each; load ${load0.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`,
);
for (const v of variants) {
  const f = localForces(v);
  console.log(
    `${v.name.padEnd(40)} CPU median ${median(v.cpu).toFixed(2).padStart(8)} ms (min ${Math.min(...v.cpu).toFixed(2)}), wall median ${median(v.wall).toFixed(2)} ms; energy ${v.out.energy.toPrecision(17)}, forces ${hash(f)}${pool ? `, virial ${hash(v.out.virial)}` : ''}`,
  );
}
// Per-thread CPU over all timed calls (both variants): with 2 threads, whether the main thread's
// share (thread 0 plus the serial parts) and the worker's are even.
const perThread = [...threads1.entries()]
  .map(([t, ms]) => [t, (ms - (threads0.get(t) ?? ms)) / (calls * variants.length)] as [string, number])
  .filter(([, ms]) => ms > 0.5)
  .sort((a, b) => b[1] - a[1]);
if (perThread.length > 0)
  console.log(
    `per-thread CPU ms per call (schedstat): ${perThread.map(([t, ms]) => `${t === String(process.pid) ? 'main' : `thread ${t}`} ${ms.toFixed(2)}`).join(', ')}`,
  );
// Every other variant against the first (this build as it runs by default).
for (const v of variants.slice(1)) {
  const a = localForces(variants[0]),
    b = localForces(v);
  let df = 0;
  for (let k = 0; k < a.length; k++) df = Math.max(df, Math.abs(a[k] - b[k]));
  const r = median(variants[0].cpu) / median(v.cpu);
  console.log(
    `this build / ${v.name}: CPU ${r.toFixed(3)}; max |df| ${df.toExponential(2)} eV/A, dE ${(variants[0].out.energy - v.out.energy).toExponential(2)} eV`,
  );
}
sim.dispose();
