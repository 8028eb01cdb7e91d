/**
 * Deep Potential benchmark: a model of DeePMD-kit's water-example size (se_e2_a, sel [46, 92], rcut 6,
 * embedding [25, 50, 100], axis_neuron 16, fitting [240, 240, 240]; random seeded weights, built through
 * spec.ts) on liquid water (frame 0 of systems/water/data/data_0, 192 atoms) replicated 2x2x2 (1,536)
 * and 4x4x4 (12,288). Every path runs in its own child process (clean peak RSS):
 *   ts      TypeScript float64 (DeepPotEvaluator)
 *   tsc     TypeScript float64, compressed model (tabulated embedding, dpmd compress defaults)
 *   ts2     TypeScript float64 on 2 threads (DeepPotThreaded over a WorkerPool)
 *   tsc2    TypeScript float64 compressed on 2 threads
 *   onnx64  onnxruntime-node float64 (intraOpNumThreads 2, basic graph optimisations)
 *   onnx32  onnxruntime-node float32 (intraOpNumThreads 2, all graph optimisations)
 *   torch64 PyTorch float64 (scripts/torch_deepmd.py: DeePMD-kit's PyTorch backend ops, forces by
 *   torch32 autograd; Debian's python3-torch on OpenBLAS with TCMalloc preloaded, installed with apt-get
 *           when missing), float32
 * A path may name its threads: onnx64@1 (intraOpNumThreads 1), torch64@2 (torch.set_num_threads(2)); ts
 * and tsc run on one thread, onnx64/onnx32 alone mean @2, torch64/torch32 alone @1.
 * Prints µs/atom-step (median and spread of the repeats), a per-stage breakdown, network FLOPs per
 * atom-step, the onnxruntime float64 roofline (2048³ MatMul, 1 and 2 threads) and % of it, peak RSS,
 * and the compressed model's speed-up and max force error against the uncompressed model.
 *
 *   npx tsx scripts/bench_deepmd.ts [--sizes 1536,12288] [--repeats 3] [--paths ts,tsc,ts2,tsc2,onnx64,onnx32,...] [--ab 5] [--chunks 64,1024]
 *       [--torch-variant deepmd|lean] [--torch-malloc tcmalloc|glibc]
 * (--ab N: the compressed speed-up measured interleaved in one process at the first size, N rounds, wall
 *  and process CPU time; DPMD_TABLE=js in the environment selects the JavaScript table kernels;
 *  --torch-variant lean: the peer's optimised variant, not DeePMD-kit's ops (default deepmd, the headline peer);
 *  --torch-malloc glibc: the peer on glibc's malloc instead of TCMalloc (page-fault bound; for the record);
 *  --ab-torch N: onnx64/onnx32 vs PyTorch at 1 and 2 threads, interleaved, first size, N rounds;
 *  --chunks: onnx64 at other chunk sizes, first size.) Also runs compiled: node dist/scripts/bench_deepmd.js.
 * The default paths add onnx64@1, onnx32@1 and torch64/torch32 at 1 and 2 threads; with a torch path the
 * run first validates the peer against the TS float64 evaluator (192 atoms, and the first size when ts
 * runs there: energy 1e-10 relative, forces 1e-10 eV/Å, virial 1e-10 relative) and ends with the
 * speed-up of dpmd-ts's fastest float64 path over PyTorch float64 at equal threads (and float32 alike).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxpkg from 'onnx-proto';
import { DeepPotEvaluator, type EvalOutput } from '../src/deepmd/evaluator.js';
import { DeepPotOnnxEvaluator } from '../src/deepmd/onnx_export.js';
import { DeepPotThreaded } from '../src/deepmd/evaluator_threads.js';
import { WorkerPool } from '../src/parallel/worker_pool.js';
import { compressModel } from '../src/deepmd/compress.js';
import type { ModelSpec } from '../src/deepmd/spec.js';
import {
  buildNeighbors,
  minNeighborDistance,
  readWaterFrame,
  replicate,
  waterModel,
  type Frame,
} from './deepmd_water.js';
import {
  ensureTorch,
  peerDifference,
  runTorchPeer,
  startTorchServer,
  usesOpenblas,
  usesTcmalloc,
  writeTorchInputs,
  type TorchMalloc,
  type TorchVariant,
} from './torch_deepmd_peer.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = existsSync(resolve(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..');
const WATER = resolve(root, 'systems/water/data/data_0');
const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : def;
};
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const torchVariant = opt('--torch-variant', 'deepmd') as TorchVariant;
const torchMalloc = opt('--torch-malloc', 'tcmalloc') as TorchMalloc;
if (!['deepmd', 'lean'].includes(torchVariant)) throw new Error(`--torch-variant ${torchVariant}: deepmd or lean`);
if (!['tcmalloc', 'glibc'].includes(torchMalloc)) throw new Error(`--torch-malloc ${torchMalloc}: tcmalloc or glibc`);
/** The peer's options as arguments for child processes of this script. */
const torchArgs = ['--torch-variant', torchVariant, '--torch-malloc', torchMalloc];
const REPS: Record<number, [number, number, number]> = { 192: [1, 1, 1], 1536: [2, 2, 2], 12288: [4, 4, 4] };

function system(natoms: number): Frame {
  const fr = readWaterFrame(WATER);
  const r = REPS[natoms];
  if (!r) throw new Error(`size ${natoms}: use 192, 1536 or 12288`);
  return replicate(fr, ...r);
}

function model(): { spec: ModelSpec; dmin: number } {
  const fr = readWaterFrame(WATER);
  const spec = waterModel(fr);
  const { g, nl } = buildNeighbors(fr, 6.0);
  return { spec, dmin: minNeighborDistance(g, nl) };
}

/** A path name with its threads: onnx64@1 -> { kind: 'onnx64', threads: 1 }. */
function parsePath(p: string): { kind: string; threads: number } {
  const [kind, t] = p.split('@');
  const kinds = ['ts', 'tsc', 'ts2', 'tsc2', 'onnx64', 'onnx32', 'torch64', 'torch32'];
  if (!kinds.includes(kind)) throw new Error(`unknown path '${p}' (expected ${kinds.join(', ')}, with @threads)`);
  const fixed = kind === 'ts' || kind === 'tsc' ? 1 : kind === 'ts2' || kind === 'tsc2' ? 2 : 0;
  const threads = t === undefined ? fixed || (kind.startsWith('onnx') ? 2 : 1) : Number(t);
  if (!Number.isInteger(threads) || threads < 1 || (fixed && threads !== fixed))
    throw new Error(`path '${p}': bad thread count (ts/tsc run on one thread, ts2/tsc2 on two)`);
  return { kind, threads };
}

interface ChildResult {
  path: string;
  threads: number;
  natoms: number;
  chunk: number;
  stepMs: number[];
  nlistMs: number[];
  stages: number[];
  stageNames: string[];
  maxRssMB: number;
  energy: number;
  force: number[];
  virial: number[];
  realSlots: number;
  /** torch paths: BLAS and malloc libraries the peer mapped, its CPU time per evaluation (ms), and its float64 2048³ matmul GFLOP/s at its threads. */
  blas?: string[];
  malloc?: string[];
  cpuMs?: number[];
  torchGflops?: number;
  /** onnxruntime float64 2048^3 MatMul GFLOP/s (2 threads) measured in the child right after the path (same load). */
  roof: number;
}

// ------------------------------------------------------------------------------------------------
// Child: one path, one size.
async function child(path: string, natoms: number, repeats: number, chunk: number): Promise<void> {
  const { kind, threads } = parsePath(path);
  if (kind.startsWith('torch')) return torchChild(path, natoms, repeats);
  const { spec, dmin } = model();
  const sp = path === 'tsc' || path === 'tsc2' ? compressModel(spec, { minNborDist: dmin }) : spec;
  let pool: WorkerPool | null = null;
  const fr = system(natoms);
  let ev: {
    compute: (g: any, nl: any, o: EvalOutput) => number | Promise<number>;
    stageMs: Float64Array;
    profile: boolean;
    chunk: number;
  };
  let names: string[];
  if (path === 'ts' || path === 'tsc') {
    ev = new DeepPotEvaluator(sp, chunk > 0 ? { chunk } : {});
    names = ['slots', 'env', 'embed+contract', 'fitting', 'contract bwd', 'forces'];
  } else if (path === 'ts2' || path === 'tsc2') {
    pool = WorkerPool.create(2, (m) => console.error(m));
    if (!pool) throw new Error(`${path}: no worker pool`);
    ev = new DeepPotThreaded(sp, pool, chunk > 0 ? { chunk } : {});
    names = ['slots', 'env', 'embed+contract', 'fitting', 'contract bwd', 'forces'].map((v) => `${v} (thread 0)`);
  } else {
    ev = await DeepPotOnnxEvaluator.create(sp, {
      precision: kind === 'onnx64' ? 'float64' : 'float32',
      intraOpNumThreads: threads,
      ...(chunk > 0 ? { chunk } : {}),
    });
    names = ['slots', 'env', 'network', 'forces'];
  }
  // warm-up on the 192-atom cell (JIT, onnxruntime arenas)
  const w = buildNeighbors(readWaterFrame(WATER), 6.0);
  await ev.compute(w.g, w.nl, {
    force: new Float64Array(3 * w.g.nall),
    virial: new Float64Array(9),
    atomEnergy: null,
    atomVirial: null,
  });
  const stepMs: number[] = [],
    nlistMs: number[] = [];
  let energy = 0,
    force: Float64Array = new Float64Array(0),
    virial: number[] = [],
    realSlots = 0;
  ev.stageMs.fill(0);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const { g, nl } = buildNeighbors(fr, 6.0);
    const t1 = performance.now();
    const out: EvalOutput = {
      force: new Float64Array(3 * g.nall),
      virial: new Float64Array(9),
      atomEnergy: null,
      atomVirial: null,
    };
    ev.profile = true;
    energy = await ev.compute(g, nl, out);
    ev.profile = false;
    g.fold(out.force, 3);
    const t2 = performance.now();
    nlistMs.push(t1 - t0);
    stepMs.push(t2 - t0);
    force = out.force.slice(0, 3 * g.nlocal);
    virial = [...out.virial];
    if (r === 0) {
      for (let i = 0; i < g.nlocal; i++) {
        for (let p = nl.offset[i]; p < nl.offset[i + 1]; p++) {
          const j = nl.list[p];
          const d = Math.hypot(
            g.xAll[3 * j] - g.xAll[3 * i],
            g.xAll[3 * j + 1] - g.xAll[3 * i + 1],
            g.xAll[3 * j + 2] - g.xAll[3 * i + 2],
          );
          if (d <= 6.0 && j !== i) realSlots++;
        }
      }
    }
  }
  pool?.close();
  const maxRssMB = process.resourceUsage().maxRSS / 1024; // before the roofline's 100 MB of matrices
  const roof = median([await roofline(2, 2048, 1), await roofline(2, 2048, 1)]);
  const res: ChildResult = {
    path,
    threads,
    natoms,
    chunk: ev.chunk,
    stepMs,
    nlistMs,
    stages: [...ev.stageMs].map((v) => v / repeats),
    stageNames: names,
    maxRssMB,
    roof,
    energy,
    force: natoms <= 1536 ? [...force] : [],
    virial,
    realSlots: realSlots / natoms,
  };
  process.stdout.write(`@@RESULT ${JSON.stringify(res)}\n`);
}

/**
 * A PyTorch path: this child builds the extended atoms and the full neighbor list as the other paths
 * do (timed, reported as the nlist build), writes them and the model for scripts/torch_deepmd.py, which
 * times `repeats` evaluations after one warm-up (neighbor formatting, network, autograd forces, ghost
 * fold; the interpreter start and model load are not timed). Peak RSS is the Python process's.
 */
async function torchChild(path: string, natoms: number, repeats: number): Promise<void> {
  const { kind, threads } = parsePath(path);
  const { spec } = model();
  const fr = system(natoms);
  const nlistMs: number[] = [];
  let built = buildNeighbors(fr, 6.0);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    built = buildNeighbors(fr, 6.0);
    nlistMs.push(performance.now() - t0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-bench-torch-'));
  let t: ReturnType<typeof runTorchPeer>;
  try {
    await writeTorchInputs(dir, spec, built.g, built.nl);
    t = runTorchPeer(dir, {
      threads,
      precision: kind === 'torch64' ? 'float64' : 'float32',
      repeats,
      // the first evaluation grows the allocator's heap (first-touch page faults of the whole footprint,
      // 4x a later one at 12,288 atoms): untimed, except on glibc's malloc, where every evaluation pays it
      // again and one at 12,288 atoms takes minutes
      warmup: natoms >= 12288 && torchMalloc === 'glibc' ? 0 : 1,
      roofline: true,
      variant: torchVariant,
      malloc: torchMalloc,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const roof = median([await roofline(2, 2048, 1), await roofline(2, 2048, 1)]);
  const res: ChildResult = {
    path,
    threads,
    natoms,
    chunk: natoms,
    stepMs: t.stepMs,
    nlistMs,
    stages: [],
    stageNames: [],
    maxRssMB: t.maxRssMB,
    roof,
    energy: t.energy,
    force: natoms <= 1536 ? t.force : [],
    virial: t.virial,
    realSlots: 0,
    blas: t.blas,
    malloc: t.malloc,
    cpuMs: t.cpuMs,
    torchGflops: t.matmulGflops64,
  };
  process.stdout.write(`@@RESULT ${JSON.stringify(res)}\n`);
}

/**
 * The peer against the project before any timing: TS float64 and PyTorch float64 (and float32, for
 * the record) on the 192-atom water frame. Returns false when float64 misses 1e-10.
 */
async function validateTorch(): Promise<boolean> {
  const { spec } = model();
  const { g, nl } = buildNeighbors(readWaterFrame(WATER), 6.0);
  const out: EvalOutput = {
    force: new Float64Array(3 * g.nall),
    virial: new Float64Array(9),
    atomEnergy: null,
    atomVirial: null,
  };
  const energy = new DeepPotEvaluator(spec).compute(g, nl, out);
  g.fold(out.force, 3);
  const ours = { energy, force: out.force.slice(0, 3 * g.nlocal), virial: out.virial };
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-bench-torch-'));
  try {
    await writeTorchInputs(dir, spec, g, nl);
    const o = { threads: 1, repeats: 1, variant: torchVariant, malloc: torchMalloc };
    const t64 = runTorchPeer(dir, { ...o, precision: 'float64' });
    const t32 = runTorchPeer(dir, { ...o, precision: 'float32' });
    const d64 = peerDifference(t64, ours),
      d32 = peerDifference(t32, ours);
    const ok = d64.energyRel < 1e-10 && d64.forceAbs < 1e-10 && d64.virialRel < 1e-10;
    console.log(
      `PyTorch peer: torch ${t64.torch}, variant ${t64.variant}${t64.variant === 'deepmd' ? " (DeePMD-kit's ops)" : " (optimised, NOT DeePMD-kit's ops)"}, ` +
        `BLAS ${t64.blas.join(', ') || 'none mapped'}${usesOpenblas(t64) ? '' : '  <-- NOT OpenBLAS: not the fair peer'}, ` +
        `malloc ${t64.malloc.join(', ')}${usesTcmalloc(t64) ? '' : '  <-- NOT TCMalloc: page-fault bound, not the fair peer'}; build ${t64.blasInfo.join('; ').slice(0, 120)}`,
    );
    console.log(
      `validation, 192 water atoms, PyTorch vs TS float64: float64 |ΔE|/|E| ${d64.energyRel.toExponential(1)}, max |ΔF| ${d64.forceAbs.toExponential(1)} eV/Å, ` +
        `|ΔW|/max|W| ${d64.virialRel.toExponential(1)} -> ${ok ? 'PASS' : 'FAIL'} (1e-10); float32 ${d32.energyRel.toExponential(1)}, ${d32.forceAbs.toExponential(1)} eV/Å, ${d32.virialRel.toExponential(1)}`,
    );
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Compressed vs uncompressed, interleaved in one process (ts, tsc, ts, tsc, ...) so that the shared
 * machine's load hits both alike: per-round ratios, their median, and the max force/energy differences.
 */
async function abChild(natoms: number, rounds: number): Promise<void> {
  const { spec, dmin } = model();
  const plain = new DeepPotEvaluator(spec),
    comp = new DeepPotEvaluator(compressModel(spec, { minNborDist: dmin }));
  const { g, nl } = buildNeighbors(system(natoms), 6.0);
  // wall time and process CPU time (user + system; one thread here, so it is this evaluation's work and
  // less sensitive than wall time to other jobs on a shared machine)
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const run = (ev: DeepPotEvaluator): { t: number; c: number; e: number; f: Float64Array } => {
    const out: EvalOutput = {
      force: new Float64Array(3 * g.nall),
      virial: new Float64Array(9),
      atomEnergy: null,
      atomVirial: null,
    };
    const t0 = performance.now(),
      c0 = cpuMs();
    const e = ev.compute(g, nl, out);
    return { t: performance.now() - t0, c: cpuMs() - c0, e, f: out.force };
  };
  run(plain);
  run(comp);
  const ratios: number[] = [],
    cpuRatios: number[] = [],
    tp: number[] = [],
    tc: number[] = [],
    cp: number[] = [],
    cc: number[] = [];
  let df = 0,
    de = 0;
  for (let r = 0; r < rounds; r++) {
    // the order alternates so that neither path always runs right after the other
    let a: ReturnType<typeof run>, b: ReturnType<typeof run>;
    if (r % 2) {
      b = run(comp);
      a = run(plain);
    } else {
      a = run(plain);
      b = run(comp);
    }
    tp.push(a.t);
    tc.push(b.t);
    cp.push(a.c);
    cc.push(b.c);
    ratios.push(a.t / b.t);
    cpuRatios.push(a.c / b.c);
    for (let k = 0; k < a.f.length; k++) df = Math.max(df, Math.abs(a.f[k] - b.f[k]));
    de = Math.max(de, Math.abs(a.e - b.e));
  }
  const us = (t: number): string => ((t * 1000) / natoms).toFixed(0);
  console.log(
    `compressed vs uncompressed, interleaved at ${natoms} atoms, ${rounds} rounds: speed-up median ${median(ratios).toFixed(2)}x wall ` +
      `(rounds ${ratios.map((v) => v.toFixed(2)).join('/')}), ${median(cpuRatios).toFixed(2)}x CPU time (rounds ${cpuRatios.map((v) => v.toFixed(2)).join('/')}); ` +
      `µs/atom-step wall ts ${tp.map(us).join('/')}, tsc ${tc.map(us).join('/')}; CPU ts ${cp.map(us).join('/')}, tsc ${cc.map(us).join('/')}; ` +
      `max |ΔF| ${df.toExponential(2)} eV/Å, |ΔE| ${de.toExponential(2)} eV (${(de / natoms).toExponential(2)} eV/atom)`,
  );
}

/**
 * dpmd-ts (onnx64/onnx32 at 1 and 2 threads, this process) against the PyTorch peer (a server process
 * holding the same frame), interleaved evaluation by evaluation for `rounds` rounds, so the shared
 * machine's load hits both alike. Both times cover the same work: neighbor slots/formatting, network,
 * forces and virial, ghost fold (the neighbor list is built once, outside). Per pair: the median of the
 * per-round ratios PyTorch time / dpmd-ts time.
 */
async function abTorchChild(natoms: number, rounds: number): Promise<void> {
  const { spec } = model();
  const { g, nl } = buildNeighbors(system(natoms), 6.0);
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-bench-torch-'));
  await writeTorchInputs(dir, spec, g, nl);
  const peer = await startTorchServer(dir, { maxThreads: 2, variant: torchVariant, malloc: torchMalloc });
  try {
    const pairs: ['float64' | 'float32', number][] = [
      ['float64', 1],
      ['float64', 2],
      ['float32', 1],
      ['float32', 2],
    ];
    const evs = await Promise.all(
      pairs.map(([precision, threads]) => DeepPotOnnxEvaluator.create(spec, { precision, intraOpNumThreads: threads })),
    );
    const ours = async (k: number): Promise<number> => {
      const out: EvalOutput = {
        force: new Float64Array(3 * g.nall),
        virial: new Float64Array(9),
        atomEnergy: null,
        atomVirial: null,
      };
      const t0 = performance.now();
      await evs[k].compute(g, nl, out);
      g.fold(out.force, 3);
      return performance.now() - t0;
    };
    for (let k = 0; k < pairs.length; k++) {
      await ours(k);
      await peer.evaluate(pairs[k][1], pairs[k][0]);
    }
    const tOurs = pairs.map((): number[] => []),
      tPeer = pairs.map((): number[] => []),
      cOurs = pairs.map((): number[] => []),
      cPeer = pairs.map((): number[] => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < pairs.length; k++) {
        const c0 = process.cpuUsage();
        tOurs[k].push(await ours(k));
        const c1 = process.cpuUsage(c0);
        cOurs[k].push((c1.user + c1.system) / 1000);
        const p = await peer.evaluate(pairs[k][1], pairs[k][0]);
        tPeer[k].push(p.ms);
        cPeer[k].push(p.cpuMs);
      }
    }
    const us = (t: number): string => ((t * 1000) / natoms).toFixed(0);
    for (let k = 0; k < pairs.length; k++) {
      const [precision, threads] = pairs[k];
      const ratios = tPeer[k].map((t, r) => t / tOurs[k][r]);
      console.log(
        `interleaved at ${natoms} atoms, ${precision}, ${threads} thread(s), ${rounds} rounds: speed-up of dpmd-ts onnx over PyTorch ` +
          `median ${median(ratios).toFixed(2)}x (rounds ${ratios.map((v) => v.toFixed(2)).join('/')}); ` +
          `µs/atom-step onnx ${tOurs[k].map(us).join('/')}, torch ${tPeer[k].map(us).join('/')}; ` +
          `CPU time (all threads) ratio median ${median(cPeer[k].map((c, r) => c / cOurs[k][r])).toFixed(2)}x, ` +
          `CPU µs/atom-step onnx ${cOurs[k].map(us).join('/')}, torch ${cPeer[k].map(us).join('/')}`,
      );
    }
  } finally {
    peer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------
// Roofline: onnxruntime float64 MatMul 2048^3, one-node graph built with onnx-proto.
async function roofline(threads: number, n = 2048, reps = 3): Promise<number> {
  const { onnx } = onnxpkg;
  const T_DOUBLE = 11;
  const vi = (name: string) => ({
    name,
    type: { tensorType: { elemType: T_DOUBLE, shape: { dim: [{ dimValue: n }, { dimValue: n }] } } },
  });
  const m = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'dpmd-ts bench',
    graph: {
      name: 'mm',
      node: [{ opType: 'MatMul', input: ['A', 'B'], output: ['C'], name: 'mm' }],
      input: [vi('A'), vi('B')],
      output: [vi('C')],
    },
  });
  const ort = await import('onnxruntime-node');
  const sess = await ort.InferenceSession.create(onnx.ModelProto.encode(m).finish(), {
    intraOpNumThreads: threads,
    executionProviders: ['cpu'],
  });
  const A = new ort.Tensor(
    'float64',
    Float64Array.from({ length: n * n }, (_, k) => Math.sin(k)),
    [n, n],
  );
  const B = new ort.Tensor(
    'float64',
    Float64Array.from({ length: n * n }, (_, k) => Math.cos(k)),
    [n, n],
  );
  await sess.run({ A, B });
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    await sess.run({ A, B });
    ts.push(performance.now() - t);
  }
  return (2 * n * n * n) / (median(ts) * 1e6);
}

/** Network FLOPs per atom-step: nominal (every slot, as DeePMD-kit computes) and executed (real slots only). */
function flops(
  spec: ModelSpec,
  realSlots: number,
): { fwd: number; bwd: number; fwdExec: number; bwdExec: number; compFwd: number; compBwd: number } {
  const d = spec.descriptor,
    nnei = d.sel.reduce((a, b) => a + b, 0),
    ng = d.neuron[d.neuron.length - 1],
    axis = 'axisNeuron' in d ? d.axisNeuron : 0;
  let embV = 0,
    embD = 0;
  for (const L of d.embeddings[0]!.layers) {
    embV += 2 * L.nin * L.nout;
    if (L.nin > 1) embD += 2 * L.nin * L.nout;
  }
  let fit = 0;
  for (const L of spec.fitting.nets[0].layers) fit += 2 * L.nin * L.nout;
  const contrF = 8 * ng,
    contrB = 18 * ng; // per slot: gr += G R (8 ng); backward rows (8 ng) + ds (10 ng)
  const atomF = 8 * ng * axis,
    atomB = 16 * ng * axis; // D = gr gr^T ; dgr
  const fwd = nnei * (embV + contrF) + atomF + fit;
  const bwd = nnei * (embD + contrB) + atomB + fit;
  const fwdExec = realSlots * (embV + contrF) + atomF + fit;
  const bwdExec = realSlots * (embD + contrB) + atomB + fit;
  const compFwd = realSlots * (11 * ng + contrF) + atomF + fit; // quintic value 11 flops / feature
  const compBwd = realSlots * (20 * ng + contrB) + atomB + fit; // value + derivative recomputed
  return { fwd, bwd, fwdExec, bwdExec, compFwd, compBwd };
}

async function main(): Promise<void> {
  if (args[0] === '--child') {
    await child(args[1], Number(args[2]), Number(args[3]), Number(args[4]));
    return;
  }
  if (args[0] === '--ab') {
    await abChild(Number(args[1]), Number(args[2]));
    return;
  }
  if (args[0] === '--ab-torch-child') {
    await abTorchChild(Number(args[1]), Number(args[2]));
    return;
  }
  const sizes = opt('--sizes', '1536,12288').split(',').map(Number);
  const repeats = Number(opt('--repeats', '3'));
  const paths = opt(
    '--paths',
    'ts,tsc,ts2,tsc2,onnx64,onnx32,onnx64@1,onnx32@1,torch64@1,torch64@2,torch32@1,torch32@2',
  ).split(',');
  for (const p of paths) parsePath(p);
  const torchPaths = paths.filter((p) => p.startsWith('torch'));
  const chunks = opt('--chunks', '').split(',').filter(Boolean).map(Number);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  console.log(`dpmd Deep Potential benchmark  commit ${commit} (+ working tree)  ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load avg ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  const { spec } = model();
  console.log(
    'model: se_e2_a sel [46, 92] rcut 6 rcut_smth 0.5, embedding [25, 50, 100] (type_one_side), axis 16, fitting [240, 240, 240] resnet_dt; random weights (seeded)',
  );

  const roof1: number[] = [],
    roof2: number[] = [];
  for (let r = 0; r < 2; r++) {
    roof1.push(await roofline(1));
    roof2.push(await roofline(2));
  }
  const roof = median(roof2);
  console.log(
    `roofline: onnxruntime float64 MatMul 2048^3: ${median(roof1).toFixed(1)} GFLOP/s (1 thread, ${roof1.map((v) => v.toFixed(1)).join('/')}), ` +
      `${roof.toFixed(1)} GFLOP/s (2 threads, ${roof2.map((v) => v.toFixed(1)).join('/')})`,
  );

  let torchOk = true;
  if (torchPaths.length) {
    ensureTorch((line) => console.log(line));
    torchOk = await validateTorch();
  }

  const runChild = (path: string, n: number, reps: number, chunk: number): ChildResult => {
    const tsx = process.execArgv.length ? process.execArgv : [];
    const text = execFileSync(
      process.execPath,
      [...tsx, fileURLToPath(import.meta.url), '--child', path, String(n), String(reps), String(chunk), ...torchArgs],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = text.split('\n').find((l) => l.startsWith('@@RESULT '));
    if (!line) throw new Error(`child ${path} ${n}: no result`);
    return JSON.parse(line.slice(9)) as ChildResult;
  };

  const results: ChildResult[] = [];
  for (const n of sizes) {
    const reps = n >= 12288 ? Math.max(1, Math.min(repeats, 2)) : repeats;
    for (const p of paths) {
      const r = runChild(p, n, reps, 0);
      results.push(r);
      const us = r.stepMs.map((t) => (t * 1000) / n);
      if (p.startsWith('torch')) {
        const fl = flops(spec, results.find((q) => q.realSlots > 0)?.realSlots ?? 0);
        console.log(
          `${String(n).padStart(6)} ${p.padEnd(9)} ${median(us).toFixed(0).padStart(6)} µs/atom-step (runs ${us.map((v) => v.toFixed(0)).join('/')}) ` +
            `+ nlist build ${((median(r.nlistMs) * 1000) / n).toFixed(1)} (TS, not in the peer's time) | ` +
            `${((fl.fwd + fl.bwd) / median(us) / 1e3).toFixed(2)} GFLOP/s nominal | torch float64 matmul ${r.torchGflops?.toFixed(1)} GFLOP/s at ${r.threads} thread(s), ` +
            `onnxruntime roofline ${r.roof.toFixed(1)} | peak RSS ${r.maxRssMB.toFixed(0)} MB (python) | ` +
            `CPU ${median((r.cpuMs ?? []).map((t) => (t * 1000) / n)).toFixed(0)} µs/atom-step (all threads) | ${torchVariant}, ` +
            `${r.malloc?.some((b) => /tcmalloc/i.test(b)) ? 'TCMalloc' : 'NOT on TCMalloc'}${r.blas?.some((b) => /openblas/i.test(b)) ? '' : ' | NOT on OpenBLAS'}`,
        );
        continue;
      }
      const fl = flops(spec, r.realSlots);
      const nominal = fl.fwd + fl.bwd;
      const pct = (nominal / (median(us) * 1e-6) / 1e9 / r.roof) * 100;
      const stages = r.stages.map((v, k) => `${r.stageNames[k]} ${((v * 1000) / n).toFixed(0)}`).join(', ');
      console.log(
        `${String(n).padStart(6)} ${p.padEnd(9)} ${median(us).toFixed(0).padStart(6)} µs/atom-step (runs ${us.map((v) => v.toFixed(0)).join('/')}; ` +
          `chunk ${r.chunk}) | nlist build ${((median(r.nlistMs) * 1000) / n).toFixed(1)} | ${stages} | ` +
          `${(nominal / median(us) / 1e3).toFixed(2)} GFLOP/s nominal = ${pct.toFixed(1)}% of roofline ${r.roof.toFixed(1)} (same process) | peak RSS ${r.maxRssMB.toFixed(0)} MB`,
      );
    }
  }
  const slotsRun = results.find((r) => r.realSlots > 0);
  const fl = flops(spec, slotsRun?.realSlots ?? 0);
  console.log(`\nreal neighbors within rcut: ${slotsRun?.realSlots.toFixed(1)} per atom of nnei = 138 slots`);
  console.log(
    `network FLOPs per atom-step, nominal (all 138 slots, as DeePMD-kit computes): forward ${(fl.fwd / 1e6).toFixed(2)} M, ` +
      `backward to forces ${(fl.bwd / 1e6).toFixed(2)} M, total ${((fl.fwd + fl.bwd) / 1e6).toFixed(2)} M`,
  );
  console.log(
    `  executed by the TS path (padded slots embedded once per type at bind time): forward ${(fl.fwdExec / 1e6).toFixed(2)} M, backward ${(fl.bwdExec / 1e6).toFixed(2)} M`,
  );
  console.log(
    `  compressed (tables): forward ${(fl.compFwd / 1e6).toFixed(2)} M, backward ${(fl.compBwd / 1e6).toFixed(2)} M`,
  );
  for (const n of sizes)
    for (const [pa, pb] of [
      ['ts', 'tsc'],
      ['ts2', 'tsc2'],
    ]) {
      const a = results.find((r) => r.path === pa && r.natoms === n),
        b = results.find((r) => r.path === pb && r.natoms === n);
      if (!a || !b) continue;
      let err = NaN;
      if (a.force.length && b.force.length) {
        err = 0;
        for (let k = 0; k < a.force.length; k++) err = Math.max(err, Math.abs(a.force[k] - b.force[k]));
      }
      console.log(
        `compressed vs uncompressed (${pa}) at ${n}: speed-up ${(median(a.stepMs) / median(b.stepMs)).toFixed(2)}x, ` +
          `max |ΔF| ${Number.isNaN(err) ? 'n/a' : err.toExponential(2)} eV/Å, |ΔE| ${Math.abs(a.energy - b.energy).toExponential(2)} eV`,
      );
    }
  if (torchPaths.length) torchOk = torchSummary(results, sizes) && torchOk;
  if (!torchOk) {
    console.log('PyTorch peer validation FAILED: its timings compare different numbers');
    process.exitCode = 1;
  }
  const abRounds = Number(opt('--ab', '0'));
  if (abRounds > 0) {
    const tsx = process.execArgv.length ? process.execArgv : [];
    execFileSync(
      process.execPath,
      [...tsx, fileURLToPath(import.meta.url), '--ab', String(sizes[0]), String(abRounds)],
      { stdio: 'inherit' },
    );
  }
  const abTorch = Number(opt('--ab-torch', '0'));
  if (abTorch > 0) {
    if (!torchPaths.length) ensureTorch((line) => console.log(line));
    const tsx = process.execArgv.length ? process.execArgv : [];
    execFileSync(
      process.execPath,
      [...tsx, fileURLToPath(import.meta.url), '--ab-torch-child', String(sizes[0]), String(abTorch), ...torchArgs],
      { stdio: 'inherit' },
    );
  }
  for (const c of chunks) {
    const n = sizes[0];
    const r = runChild('onnx64', n, repeats, c);
    console.log(
      `onnx64 chunk ${c} at ${n}: ${median(r.stepMs.map((t) => (t * 1000) / n)).toFixed(0)} µs/atom-step, peak RSS ${r.maxRssMB.toFixed(0)} MB`,
    );
  }
}

/**
 * The peer at the first size against ts (when both ran there), then the speed-ups at equal threads:
 * PyTorch time / dpmd-ts time, dpmd-ts's fastest uncompressed float64 path (ts on 1 thread, onnx64@T)
 * against torch64@T, and onnx32@T against torch32@T. dpmd-ts times exclude its neighbor-list build,
 * which the peer is handed (the peer's time covers formatting that list, the network, autograd, fold).
 */
function torchSummary(results: ChildResult[], sizes: number[]): boolean {
  let ok = true;
  const us = (r: ChildResult): number => (median(r.stepMs) * 1000) / r.natoms;
  const net = (r: ChildResult): number => us(r) - (median(r.nlistMs) * 1000) / r.natoms;
  const ts = results.find((r) => r.path === 'ts' && r.force.length),
    t64 = results.find((r) => r.path.startsWith('torch64') && ts && r.natoms === ts.natoms && r.force.length);
  if (ts && t64) {
    const d = peerDifference(t64, ts);
    const pass = d.energyRel < 1e-10 && d.forceAbs < 1e-10 && d.virialRel < 1e-10;
    ok &&= pass;
    console.log(
      `validation at ${ts.natoms} atoms, ${t64.path} vs ts: |ΔE|/|E| ${d.energyRel.toExponential(1)}, max |ΔF| ${d.forceAbs.toExponential(1)} eV/Å, ` +
        `|ΔW|/max|W| ${d.virialRel.toExponential(1)} -> ${pass ? 'PASS' : 'FAIL'} (1e-10)`,
    );
  }
  for (const n of sizes) {
    for (const T of [1, 2]) {
      const at = results.filter((r) => r.natoms === n && r.threads === T);
      const pair = (ours: ChildResult[], theirs: ChildResult | undefined, what: string): void => {
        if (!ours.length || !theirs) return;
        const best = ours.reduce((a, b) => (net(b) < net(a) ? b : a));
        console.log(
          `${what} at ${n} atoms, ${T} thread(s): dpmd-ts ${best.path} ${net(best).toFixed(0)} µs/atom-step (without its nlist build), ` +
            `PyTorch ${theirs.path} ${us(theirs).toFixed(0)} -> speed-up of dpmd-ts over PyTorch ${(us(theirs) / net(best)).toFixed(2)}x` +
            (what === 'float64' ? ' (required ≥ 1.5x, target 2.5x)' : ''),
        );
      };
      pair(
        at.filter((r) => r.path === 'ts' || r.path.startsWith('onnx64')),
        at.find((r) => r.path.startsWith('torch64')),
        'float64',
      );
      pair(
        at.filter((r) => r.path.startsWith('onnx32')),
        at.find((r) => r.path.startsWith('torch32')),
        'float32',
      );
    }
  }
  return ok;
}

await main();
