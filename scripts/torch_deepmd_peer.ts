/**
 * The PyTorch peer of the Deep Potential benchmark (scripts/torch_deepmd.py) seen from TypeScript:
 * find or install Debian's torch, hand it a model and a frame, run it, compare its numbers with ours.
 * A benchmark helper only: `npm test` never needs torch (test/deepmd/torch_peer.test.ts runs the peer
 * live only with DPMD_TORCH=1).
 *
 * What the peer receives is what LAMMPS hands DeePMD-kit's C++ interface: the extended coordinates
 * (locals first, then ghosts), their types, the ghost → owner mapping and the project's full neighbor
 * list padded with -1. It formats that list itself (nearest Σsel, split by type) as DeePMD-kit's
 * forward_lower does, so the comparison is about the network and its derivatives, not the list build.
 *
 * Which Python: Debian's python3-torch lives in /usr/lib/python3/dist-packages, seen only by Debian's
 * interpreter, so the default is /usr/bin/python3 (another interpreter on the PATH, e.g. pyenv's, does
 * not see it); DPMD_PYTHON overrides. Which BLAS: Debian's torch calls the system libblas.so.3, by
 * default the netlib reference BLAS (libblas3), 3.4x slower on these GEMMs. The fair peer runs on
 * OpenBLAS: the child's LD_LIBRARY_PATH puts libopenblas0-openmp's libblas.so.3 first (whatever
 * update-alternatives says), and the peer reports the library the loader really mapped. Which malloc:
 * glibc's malloc serves every tensor above 32 MB with a fresh mmap and returns it with munmap on free,
 * so each of the step's large temporaries (nloc x 138 x 100 activations, 1.4 GB at 12,288 atoms) is
 * paid again in first-touch page faults (the kernel zeroing every page): on this machine that made
 * the peer 8x slower in CPU time, most of it system time. PyTorch's own CPU launcher
 * (python -m torch.backends.xeon.run_cpu) preloads TCMalloc by default for this reason ("better memory
 * reuse and fewer page faults"); the fair peer does the same: LD_PRELOAD=libtcmalloc_minimal.so.4
 * (Debian's libtcmalloc-minimal4), and the peer reports the allocator it really mapped.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ghosts } from '../src/ghosts.js';
import type { NeighborList } from '../src/neighbor_list.js';
import { writeModelFile } from '../src/deepmd/model_file.js';
import type { ModelSpec } from '../src/deepmd/spec.js';

/** Debian packages of the peer: PyTorch 1.13, the OpenMP build of OpenBLAS and TCMalloc. */
export const TORCH_PACKAGES = ['python3-torch', 'libopenblas0-openmp', 'libtcmalloc-minimal4'] as const;

/** How the peer computes: DeePMD-kit's ops (the benchmark's peer), or an optimised variant that is not DeePMD-kit's. */
export type TorchVariant = 'deepmd' | 'lean';
/** The peer's malloc: TCMalloc preloaded (the fair peer, as PyTorch's CPU launcher runs it) or glibc's. */
export type TorchMalloc = 'tcmalloc' | 'glibc';

const here = dirname(fileURLToPath(import.meta.url));
/** scripts/torch_deepmd.py, also when this file runs compiled from dist/scripts. */
export const TORCH_SCRIPT = [
  resolve(here, 'torch_deepmd.py'),
  resolve(here, '..', '..', 'scripts', 'torch_deepmd.py'),
].find((p) => existsSync(p)) as string;

/** The interpreter that sees Debian's python3-torch: $DPMD_PYTHON, else /usr/bin/python3, else python3. */
export function torchPython(): string {
  return process.env.DPMD_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/** Does `python` import torch? ok with its version, or the reason it does not. */
export function probeTorch(python = torchPython()): { ok: boolean; version: string; why: string } {
  const r = spawnSync(python, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) return { ok: false, version: '', why: `${python}: ${r.error.message}` };
  if (r.status !== 0)
    return { ok: false, version: '', why: `${python} cannot import torch: ${r.stderr.trim().split('\n').pop()}` };
  return { ok: true, version: r.stdout.trim(), why: '' };
}

/** The folder holding libopenblas0-openmp's libblas.so.3 (/usr/lib/<triplet>/openblas-openmp), or null. */
export function openblasLibDir(): string | null {
  for (const base of ['/usr/lib', '/usr/lib64']) {
    let entries: string[] = [];
    try {
      entries = readdirSync(base);
    } catch {
      continue;
    }
    for (const d of ['', ...entries]) {
      const dir = join(base, d, 'openblas-openmp');
      if (existsSync(join(dir, 'libblas.so.3'))) return dir;
    }
  }
  return null;
}

/** libtcmalloc-minimal4's library (/usr/lib/<triplet>/libtcmalloc_minimal.so.4), or null. */
export function tcmallocLib(): string | null {
  for (const base of ['/usr/lib', '/usr/lib64']) {
    let entries: string[] = [];
    try {
      entries = readdirSync(base);
    } catch {
      continue;
    }
    for (const d of ['', ...entries]) {
      const lib = join(base, d, 'libtcmalloc_minimal.so.4');
      if (existsSync(lib)) return lib;
    }
  }
  return null;
}

function debInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/**
 * Make the peer usable: install the missing Debian packages with apt-get (saying so through `log`;
 * nothing else is ever downloaded) and return the interpreter and the OpenBLAS folder. Throws an
 * Error saying what is missing and the command to run when it cannot install (not root, no apt-get).
 */
export function ensureTorch(log: (line: string) => void = console.log): { python: string; openblasDir: string } {
  const python = torchPython();
  const missing = TORCH_PACKAGES.filter((p) => !debInstalled(p));
  const needed = missing.length > 0 || !probeTorch(python).ok || !openblasLibDir() || !tcmallocLib();
  if (needed) {
    const pkgs = missing.length ? missing : [...TORCH_PACKAGES];
    const cmd = ['apt-get', 'install', '-y', '--no-install-recommends', ...pkgs];
    if (process.getuid?.() !== 0)
      throw new Error(`the PyTorch peer needs ${pkgs.join(' ')}: run as root: ${cmd.join(' ')}`);
    log(`PyTorch peer: installing Debian's ${pkgs.join(' ')} (${cmd.join(' ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      log('PyTorch peer: apt-get install failed; refreshing the package lists (apt-get update) and retrying');
      spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
    }
    if (r.status !== 0) throw new Error(`could not install ${pkgs.join(' ')} (${cmd.join(' ')} exited ${r.status})`);
  }
  const probe = probeTorch(python);
  if (!probe.ok) throw new Error(`the PyTorch peer is not usable: ${probe.why} (set DPMD_PYTHON to Debian's python3)`);
  const dir = openblasLibDir();
  if (!dir) throw new Error('libopenblas0-openmp is installed but its libblas.so.3 was not found under /usr/lib');
  if (!tcmallocLib())
    throw new Error('libtcmalloc-minimal4 is installed but libtcmalloc_minimal.so.4 was not found under /usr/lib');
  return { python, openblasDir: dir };
}

/**
 * Write the peer's inputs into `dir`: model.json (DeePMD-kit's serialized dict, as `dpmd convert`
 * writes it) and the frame (frame.json, coord.f64 nall x 3, atype.i32, mapping.i32, nlist.i32
 * nloc x maxnn padded with -1, little-endian) from the extended atoms and full neighbor list.
 */
export async function writeTorchInputs(dir: string, spec: ModelSpec, g: Ghosts, nl: NeighborList): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await writeModelFile(spec, join(dir, 'model.json'));
  const nloc = g.nlocal,
    nall = g.nall;
  let maxnn = 0;
  for (let i = 0; i < nloc; i++) maxnn = Math.max(maxnn, nl.offset[i + 1] - nl.offset[i]);
  const nlist = new Int32Array(nloc * maxnn).fill(-1);
  for (let i = 0; i < nloc; i++)
    for (let p = nl.offset[i], k = 0; p < nl.offset[i + 1]; p++, k++) nlist[i * maxnn + k] = nl.list[p];
  const bytes = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(dir, 'frame.json'), JSON.stringify({ nloc, nall, maxnn }));
  writeFileSync(join(dir, 'coord.f64'), bytes(g.xAll.slice(0, 3 * nall)));
  writeFileSync(join(dir, 'atype.i32'), bytes(g.type.slice(0, nall)));
  writeFileSync(join(dir, 'mapping.i32'), bytes(g.map.slice(0, nall)));
  writeFileSync(join(dir, 'nlist.i32'), bytes(nlist));
}

export interface TorchResult {
  /** eV */
  energy: number;
  /** nloc x 3, eV/Å (ghost forces folded onto their owners). */
  force: number[];
  /** 9, row-major, eV: W_ab = Σ F_a x_b over the extended atoms (DeePMD-kit pt; symmetric). */
  virial: number[];
  /** Wall time of each timed evaluation (after one warm-up), ms. */
  stepMs: number[];
  /** Process CPU time (all threads, user + system) of each timed evaluation, ms. */
  cpuMs: number[];
  maxRssMB: number;
  threads: number;
  precision: 'float64' | 'float32';
  variant: TorchVariant;
  torch: string;
  /** BLAS libraries mapped into the process (realpath). */
  blas: string[];
  /** malloc libraries mapped into the process (realpath), ['glibc'] when none was preloaded. */
  malloc: string[];
  /** BLAS/LAPACK lines of torch.__config__.show() (build configuration). */
  blasInfo: string[];
  /** float64 2048³ matmul GFLOP/s at these threads (with roofline). */
  matmulGflops64?: number;
}

export interface TorchRunOptions {
  threads: number;
  precision: 'float64' | 'float32';
  repeats: number;
  /** Untimed evaluations first (default 1; 0 when one evaluation takes minutes). */
  warmup?: number;
  /** Default 'deepmd' (DeePMD-kit's ops). */
  variant?: TorchVariant;
  /** Default 'tcmalloc' when libtcmalloc_minimal.so.4 is there. */
  malloc?: TorchMalloc;
  roofline?: boolean;
  python?: string;
  /** Folder whose libblas.so.3 the child loads first (OpenBLAS); null: the system's choice. */
  openblasDir?: string | null;
}

/**
 * The peer's environment: OMP/OpenBLAS/MKL threads, OpenBLAS's libblas.so.3 first on LD_LIBRARY_PATH,
 * TCMalloc in LD_PRELOAD (unless malloc is 'glibc'; any LD_PRELOAD of the caller is kept after it).
 */
export function torchEnv(
  threads: number,
  o: { openblasDir?: string | null; malloc?: TorchMalloc } = {},
): NodeJS.ProcessEnv {
  const t = String(threads);
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const blasDir = o.openblasDir === undefined ? openblasLibDir() : o.openblasDir;
  if (blasDir) env.LD_LIBRARY_PATH = [blasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const tc = (o.malloc ?? 'tcmalloc') === 'tcmalloc' ? tcmallocLib() : null;
  if (tc) env.LD_PRELOAD = [tc, process.env.LD_PRELOAD].filter(Boolean).join(':');
  return env;
}

/** Run scripts/torch_deepmd.py on the inputs in `dir` (writeTorchInputs); OMP/OpenBLAS threads = torch threads. */
export function runTorchPeer(dir: string, o: TorchRunOptions): TorchResult {
  const python = o.python ?? torchPython();
  const t = String(o.threads);
  const env = torchEnv(o.threads, o);
  const argv = [
    TORCH_SCRIPT,
    '--model',
    join(dir, 'model.json'),
    '--frame',
    dir,
    '--threads',
    t,
    '--precision',
    o.precision,
    '--repeats',
    String(o.repeats),
    '--warmup',
    String(o.warmup ?? 1),
    '--variant',
    o.variant ?? 'deepmd',
    ...(o.roofline ? ['--roofline'] : []),
  ];
  const text = execFileSync(python, argv, { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  return JSON.parse(text.trim().split('\n').pop() as string) as TorchResult;
}

export interface TorchServer {
  /** One evaluation at `threads` in `precision`: its wall and CPU time in the peer (ms) and energy (eV). */
  evaluate(threads: number, precision: 'float64' | 'float32'): Promise<{ ms: number; cpuMs: number; energy: number }>;
  close(): void;
}

/**
 * The peer as a server (torch_deepmd.py --serve) holding the model and frame of `dir`, evaluating on
 * request: for interleaved timings against dpmd-ts, so the load of a shared machine hits both alike.
 * OpenMP/OpenBLAS may use up to `maxThreads`; each request sets torch's thread count.
 */
export async function startTorchServer(
  dir: string,
  o: {
    maxThreads: number;
    python?: string;
    openblasDir?: string | null;
    variant?: TorchVariant;
    malloc?: TorchMalloc;
  },
): Promise<TorchServer> {
  const t = String(o.maxThreads);
  const env = torchEnv(o.maxThreads, o);
  const argv = [
    TORCH_SCRIPT,
    '--model',
    join(dir, 'model.json'),
    '--frame',
    dir,
    '--threads',
    t,
    '--variant',
    o.variant ?? 'deepmd',
    '--serve',
  ];
  const child = spawn(o.python ?? torchPython(), argv, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, number>> => {
    const r = await lines.next();
    if (r.done) throw new Error(`the PyTorch peer server exited (code ${child.exitCode})`);
    return JSON.parse(r.value) as Record<string, number>;
  };
  await next(); // {"ready": true}
  return {
    async evaluate(threads, precision) {
      child.stdin.write(`${JSON.stringify({ threads, precision })}\n`);
      const r = await next();
      return { ms: r.ms, cpuMs: r.cpuMs, energy: r.energy };
    },
    close() {
      child.stdin.end();
    },
  };
}

/** True when the peer's BLAS is OpenBLAS (the fair peer), judged from the libraries it mapped. */
export function usesOpenblas(r: TorchResult): boolean {
  return r.blas.some((p) => /openblas/i.test(p));
}

/** True when the peer ran on TCMalloc (the fair peer), judged from the libraries it mapped. */
export function usesTcmalloc(r: TorchResult): boolean {
  return r.malloc.some((p) => /tcmalloc/i.test(p));
}

export interface PeerDifference {
  /** |ΔE| / |E| */
  energyRel: number;
  /** max |ΔF| over atoms and components, eV/Å */
  forceAbs: number;
  /** max |ΔW| / max(1, max |W|), W compared as symmetric tensors (ours W_ab vs theirs W_ba) */
  virialRel: number;
}

/**
 * Differences between the peer and the project's numbers for one frame: energy relative, forces
 * absolute (eV/Å), virial relative to its largest component. `force` holds nloc x 3 on both sides.
 */
export function peerDifference(
  theirs: { energy: number; force: ArrayLike<number>; virial: ArrayLike<number> },
  ours: { energy: number; force: ArrayLike<number>; virial: ArrayLike<number> },
): PeerDifference {
  if (theirs.force.length !== ours.force.length)
    throw new Error(`force arrays differ in length: ${theirs.force.length} vs ${ours.force.length}`);
  let forceAbs = 0;
  for (let k = 0; k < ours.force.length; k++) forceAbs = Math.max(forceAbs, Math.abs(theirs.force[k] - ours.force[k]));
  let wmax = 1,
    dw = 0;
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      wmax = Math.max(wmax, Math.abs(ours.virial[3 * a + b]));
      dw = Math.max(dw, Math.abs(theirs.virial[3 * b + a] - ours.virial[3 * a + b]));
    }
  const energyRel = Math.abs(theirs.energy - ours.energy) / Math.max(1, Math.abs(ours.energy));
  const bad = (v: number) => (Number.isFinite(v) ? v : Infinity);
  return { energyRel: bad(energyRel), forceAbs: bad(forceAbs), virialRel: bad(dw / wmax) };
}
