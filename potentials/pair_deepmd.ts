/**
 * pair_style deepmd M1 [M2 ...] [out_freq N] [out_file F] [atomic] [relative L] [relative_v L]
 *                   [backend ts|onnx] [precision float64|float32]
 * pair_coeff * * El1 ... ElN
 *
 * DeePMD-kit's LAMMPS pair style (source/lmp/pair_deepmd.cpp) on this engine:
 * - Models are DeePMD-kit `.yaml`/`.json`/`.dp` files (relative names resolve against the working
 *   directory, as LAMMPS does). Units must be metal (eV, Å), as DeePMD-kit requires.
 * - `pair_coeff * * O H` maps LAMMPS type k to the model type named by the k-th word (an element missing
 *   from the model's type_map is an error naming it); a bare `pair_coeff * *` maps type k to model type
 *   k-1. NULL (virtual atoms) is not supported.
 * - The first model drives the dynamics: energy, forces, the virial (the model's own, analytic, as
 *   DeePMD-kit hands it to LAMMPS: computesVirial = true), per-atom energies (ForceBuffers.eatom) and
 *   per-atom virials (ForceBuffers.vatom, xx yy zz xy xz yz) when the flags ask.
 * - With several models and out_freq > 0, every force evaluation at a step that is a multiple of
 *   out_freq (including the setup evaluation of `run`, so `run 0` writes step 0) evaluates every
 *   model and appends one line to out_file (default model_devi.out, truncated with a header at
 *   pair_style time): max/min/avg deviation of the virial and of the forces (model_devi.ts). The
 *   deviation is written from inside compute(), keyed on the simulation's step (PairHost), because
 *   that is where all models' forces exist; the extra models cost nothing on other steps.
 * - backend onnx evaluates the networks with onnxruntime-node through a worker thread
 *   (src/deepmd/onnx_sync.ts); precision float32 is for that backend only.
 */
import { isAbsolute, resolve } from 'node:path';
import { appendFileSync, writeFileSync } from 'node:fs';
import type { ComputeFlags, ForceBuffers, PairContext, PairHost, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { parseTypeRange } from '../src/parse.js';
import { DeepPotEvaluator, type EvalOutput, type ExtendedAtoms, type FullNeighbors } from '../src/deepmd/evaluator.js';
import { loadModelFileSync } from '../src/deepmd/model_file_sync.js';
import { DeepPotOnnxSyncEvaluator } from '../src/deepmd/onnx_sync.js';
import { DeepPotThreaded } from '../src/deepmd/evaluator_threads.js';
import type { WorkerPool } from '../src/parallel/worker_pool.js';
import {
  forceDeviation,
  modelDeviHeader,
  modelDeviLine,
  summarize,
  virialDeviation,
} from '../src/deepmd/model_devi.js';
import type { ModelSpec } from '../src/deepmd/spec.js';

/** The part of an evaluator the pair style uses (DeepPotEvaluator, DeepPotOnnxSyncEvaluator). */
interface Evaluator {
  readonly rcut: number;
  compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput): number;
  close?(): void;
}

const KEYS = new Set([
  'out_freq',
  'out_file',
  'atomic',
  'relative',
  'relative_v',
  'backend',
  'precision',
  'fparam',
  'aparam',
  'ttm',
  'fparam_from_compute',
  'aparam_from_compute',
]);

export class PairDeepMD implements PairStyle {
  readonly style = 'deepmd';
  readonly neighborKind = 'full' as const;
  readonly computesVirial = true;
  readonly perAtomVirial = true;
  models: string[] = [];
  outFreq = 100;
  outFile = 'model_devi.out';
  atomic = false;
  relative: number | null = null;
  relativeV: number | null = null;
  backend: 'ts' | 'onnx' = 'ts';
  precision: 'float64' | 'float32' = 'float64';
  private specs: ModelSpec[] = [];
  private evals: Evaluator[] = [];
  /** The first model on the worker pool's threads (computeThreaded), bound to that pool. */
  private threaded: DeepPotThreaded | null = null;
  private threadedPool: WorkerPool | null = null;
  private warn: (msg: string) => void = (m) => console.warn(m);
  /** Per model: LAMMPS type (1..ntypes) -> model type index; null until pair_coeff. */
  private typeIdx: Int32Array[] | null = null;
  private elementNames: string[] | null = null;
  private host: PairHost | null = null;
  private rcut = 0;
  // scratch over extended atoms
  private mtype: Int32Array[] = [];
  private fm: Float64Array[] = [];
  private folded: Float64Array[] = [];
  private vm: Float64Array[] = [];
  private eat = new Float64Array(0);
  private vat = new Float64Array(0);

  settings(args: string[]): void {
    let k = 0;
    while (k < args.length && !KEYS.has(args[k])) k++;
    if (k === 0) throw new Error('Illegal pair_style deepmd command: no model file given');
    this.models = args.slice(0, k).map((m) => (isAbsolute(m) ? m : resolve(process.cwd(), m)));
    const need = (key: string): string => {
      const v = args[k + 1];
      if (v === undefined || KEYS.has(v)) throw new Error(`Illegal ${key}, not provided`);
      return v;
    };
    const number = (key: string): number => {
      const v = Number(need(key));
      if (!Number.isFinite(v)) throw new Error(`Illegal pair_style deepmd ${key} '${args[k + 1]}': not a number`);
      return v;
    };
    while (k < args.length) {
      const key = args[k];
      switch (key) {
        case 'out_freq': {
          const v = number(key);
          if (!Number.isInteger(v) || v < 0) throw new Error('Illegal out_freq, should be >= 0');
          this.outFreq = v;
          k += 2;
          break;
        }
        case 'out_file':
          this.outFile = need(key);
          k += 2;
          break;
        case 'atomic':
          this.atomic = true;
          k += 1;
          break;
        case 'relative':
          this.relative = number(key);
          k += 2;
          break;
        case 'relative_v':
          this.relativeV = number(key);
          k += 2;
          break;
        case 'backend': {
          const v = need(key);
          if (v !== 'ts' && v !== 'onnx') throw new Error(`Illegal pair_style deepmd backend '${v}' (ts or onnx)`);
          this.backend = v;
          k += 2;
          break;
        }
        case 'precision': {
          const v = need(key);
          if (v !== 'float64' && v !== 'float32')
            throw new Error(`Illegal pair_style deepmd precision '${v}' (float64 or float32)`);
          this.precision = v;
          k += 2;
          break;
        }
        default:
          throw new Error(`pair_style deepmd: keyword '${key}' is not supported (models here have no fparam/aparam)`);
      }
    }
    if (this.precision === 'float32' && this.backend !== 'onnx') {
      throw new Error('pair_style deepmd: precision float32 needs backend onnx (the TypeScript evaluator is float64)');
    }
    this.specs = this.models.map((m) => {
      try {
        return loadModelFileSync(m);
      } catch (e) {
        throw new Error(`pair_style deepmd: cannot load model: ${(e as Error).message}`); // the loader says why (unsupported key, damage, ...)
      }
    });
    const s0 = this.specs[0];
    for (let m = 1; m < this.specs.length; m++) {
      const s = this.specs[m];
      if (s.descriptor.rcut !== s0.descriptor.rcut) {
        throw new Error(
          `pair_style deepmd: model ${this.models[m]} has rcut ${s.descriptor.rcut}, the first model ${s0.descriptor.rcut}`,
        );
      }
    }
    this.rcut = s0.descriptor.rcut;
    this.close();
    const warn = (msg: string): void => {
      if (this.host) this.host.out.warn(msg);
      else console.warn(msg);
    };
    this.warn = warn;
    this.evals = this.specs.map((s) =>
      this.backend === 'onnx'
        ? new DeepPotOnnxSyncEvaluator(s, { precision: this.precision, warn })
        : new DeepPotEvaluator(s, { warn }),
    );
    if (this.models.length > 1 && this.outFreq > 0) writeFileSync(this.outPath(), `${modelDeviHeader(this.atomic)}\n`);
  }

  private outPath(): string {
    return isAbsolute(this.outFile) ? this.outFile : resolve(process.cwd(), this.outFile);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (this.specs.length === 0) throw new Error('pair_coeff before pair_style deepmd has loaded a model');
    if (args.length < 2)
      throw new Error('Incorrect args for pair coefficients: pair_coeff * * [El1 ... ElN] for pair deepmd');
    const n = system.ntypes;
    const [ilo, ihi] = parseTypeRange(args[0], n);
    const [jlo, jhi] = parseTypeRange(args[1], n);
    if (ilo !== 1 || jlo !== 1 || ihi !== n || jhi !== n) {
      throw new Error('deepmd requires that the scale should be set to all atom types, i.e. pair_coeff * *.');
    }
    const names = args.slice(2);
    const tm0 = this.specs[0].typeMap;
    if (names.length === 0) {
      if (tm0.length < n)
        throw new Error(`pair_coeff * *: the box has ${n} atom types, the model only ${tm0.length} (${tm0.join(' ')})`);
      if (tm0.length > n) {
        console.warn(
          `pair_coeff * * maps the system atom types onto the first ${n} of the model's ${tm0.length} element types; ` +
            'list the elements explicitly, e.g. pair_coeff * * O H, to avoid a possible mislabeling.',
        );
      }
      this.elementNames = tm0.slice(0, n);
    } else {
      if (names.length < n) {
        throw new Error(
          `pair_coeff * * for pair deepmd needs one element per atom type: ${n} types, ${names.length} given (${names.join(' ')})`,
        );
      }
      for (const name of names) {
        if (name === 'NULL')
          throw new Error('pair_coeff: NULL (virtual atoms) is not supported by pair_style deepmd here');
        if (!tm0.includes(name))
          throw new Error(`pair_coeff: element ${name} not found in the model (type_map: ${tm0.join(' ')})`);
      }
      this.elementNames = names.slice(0, n);
    }
    this.typeIdx = this.specs.map((s, m) => {
      const t = new Int32Array(n + 1).fill(-1);
      for (let k = 1; k <= n; k++) {
        const idx = s.typeMap.indexOf(this.elementNames![k - 1]);
        if (idx < 0)
          throw new Error(
            `pair_coeff: element ${this.elementNames![k - 1]} not found in model ${this.models[m]} (type_map: ${s.typeMap.join(' ')})`,
          );
        t[k] = idx;
      }
      return t;
    });
  }

  modify(args: string[]): void {
    if (args.length) throw new Error(`Illegal pair_modify command for pair deepmd: '${args.join(' ')}'`);
  }

  init(system: AtomSystem, host?: PairHost): void {
    if (system.units.name !== 'metal')
      throw new Error('Pair deepmd requires metal unit, please set it by "units metal"');
    if (!this.typeIdx || this.typeIdx[0].length !== system.ntypes + 1) {
      throw new Error('All pair coeffs are not set: pair deepmd needs pair_coeff * * El1 ... ElN');
    }
    this.host = host ?? null;
  }

  cutoff(): number {
    return this.rcut;
  }

  /** Terminate onnxruntime worker threads (they are unref'd, so a process exits without this). */
  close(): void {
    for (const e of this.evals) e.close?.();
  }

  private reserve(nall: number): void {
    const M = this.evals.length;
    if (this.mtype.length === M && this.mtype[0].length >= nall) return;
    const cap = Math.ceil(nall * 1.2) + 16;
    this.mtype = Array.from({ length: M }, () => new Int32Array(cap));
    this.fm = Array.from({ length: M }, () => new Float64Array(3 * cap));
    this.folded = Array.from({ length: M }, () => new Float64Array(3 * cap));
    this.vm = Array.from({ length: M }, () => new Float64Array(9));
    this.eat = new Float64Array(cap);
    this.vat = new Float64Array(9 * cap);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    this.computeWith(ctx, out, flags, this.evals[0]);
  }

  /** Only the TypeScript backend runs on the pool: `-threads auto` starts none for onnx. */
  threadable(): boolean {
    return this.backend === 'ts';
  }

  /**
   * `-threads N` / `package omp N`: the TypeScript backend runs the first model on the pool's threads
   * (DeepPotThreaded: one slice of local atoms per thread, forces summed in thread order); further
   * models of a deviation step and the onnx backend (onnxruntime has its own threads) stay serial.
   */
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean {
    if (!this.threadable()) return false;
    if (this.threadedPool !== pool || !this.threaded) {
      this.threaded = new DeepPotThreaded(this.specs[0], pool, { warn: this.warn });
      this.threadedPool = pool;
    }
    this.computeWith(ctx, out, flags, this.threaded);
    return true;
  }

  private computeWith(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, ev0: Evaluator): void {
    const g = ctx.ghosts;
    const nall = g.nall,
      nlocal = g.nlocal;
    this.reserve(nall);
    const step = this.host?.step ?? 0;
    const devi = this.evals.length > 1 && this.outFreq > 0 && step % this.outFreq === 0;
    const nModels = devi ? this.evals.length : 1;
    for (let m = 0; m < nModels; m++) {
      const map = this.typeIdx![m],
        mt = this.mtype[m];
      for (let k = 0; k < nall; k++) mt[k] = map[g.type[k]];
      const f = this.fm[m],
        v = this.vm[m];
      f.fill(0, 0, 3 * nall);
      v.fill(0);
      const first = m === 0;
      if (first && flags.vatom) this.vat.fill(0, 0, 9 * nall);
      const e = (m === 0 ? ev0 : this.evals[m]).compute({ nlocal, nall, xAll: g.xAll, type: mt }, ctx.list, {
        force: f,
        virial: v,
        atomEnergy: first && flags.eatom ? this.eat : null,
        atomVirial: first && flags.vatom ? this.vat : null,
      });
      if (!first) continue;
      const of = out.f;
      for (let k = 0; k < 3 * nall; k++) of[k] += f[k];
      out.energy += e;
      // DeePMD-kit's 3x3 row-major virial -> LAMMPS xx yy zz xy xz yz
      const w = out.virial;
      w[0] += v[0];
      w[1] += v[4];
      w[2] += v[8];
      w[3] += v[3];
      w[4] += v[6];
      w[5] += v[7];
      if (flags.eatom) for (let i = 0; i < nlocal; i++) out.eatom[i] += this.eat[i];
      if (flags.vatom) {
        const va = out.vatom,
          a = this.vat;
        for (let k = 0; k < nall; k++) {
          va[6 * k] += a[9 * k];
          va[6 * k + 1] += a[9 * k + 4];
          va[6 * k + 2] += a[9 * k + 8];
          va[6 * k + 3] += a[9 * k + 3];
          va[6 * k + 4] += a[9 * k + 6];
          va[6 * k + 5] += a[9 * k + 7];
        }
      }
    }
    if (devi) this.writeDeviation(ctx, step);
  }

  /** Fold each model's forces to local atoms and append one model_devi line. */
  private writeDeviation(ctx: PairContext, step: number): void {
    const g = ctx.ghosts,
      nall = g.nall,
      n = g.nlocal;
    const forces: Float64Array[] = [];
    for (let m = 0; m < this.evals.length; m++) {
      const fo = this.folded[m];
      fo.set(this.fm[m].subarray(0, 3 * nall));
      g.fold(fo, 3);
      forces.push(fo.subarray(0, 3 * n));
    }
    const devF = forceDeviation(forces, n, this.relative);
    const devV = virialDeviation(this.vm, n, this.relativeV);
    let perAtom: Float64Array | null = null;
    if (this.atomic) {
      // by atom ID (LAMMPS tags), as DeePMD-kit gathers them
      const tag = ctx.system.tag;
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => tag[a] - tag[b]);
      perAtom = Float64Array.from(order, (i) => devF[i]);
    }
    appendFileSync(this.outPath(), `${modelDeviLine(step, summarize(devF, devV), perAtom)}\n`);
  }
}

export function createPairDeepMD(): PairStyle {
  return new PairDeepMD();
}
