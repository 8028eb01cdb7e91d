/**
 * ONNX export of the network part of a Deep Potential (embedding, contraction, fitting, and the backward
 * pass to dE/dR written out as ONNX nodes: onnxruntime has no autodiff). One graph, one input/output
 * pair per (non-excluded) centre type ti, batch dimension n_ti dynamic:
 *
 *   env_<ti>   [n, nnei, ncomp]  normalised environment rows (kernels.ts envMat, padding included)
 *   energy_<ti> [n]              atomic energies (fit + bias_atom_e + out_bias)
 *   denv_<ti>  [n, nnei, ncomp]  dE/d env
 *
 * The neighbor slots, environment matrix, forces and virials stay in TypeScript (kernels.ts), so the
 * ONNX path and the TypeScript path share everything but the network arithmetic.
 * Embedding derivatives are forward-mode (the input is one scalar per slot), as in network.ts.
 */
import onnxpkg from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import type { InferenceSession as OrtSession } from 'onnxruntime-node';
import type { ModelSpec, NetSpec } from './spec.js';
import { descriptorModule } from './descriptors/registry.js';
import type { OnnxEmbedTerm } from './descriptors/descriptor.js';
import {
  bindEnvironment,
  envMat,
  formatNeighbors,
  NeighborScratch,
  prodForceVirial,
  type BoundEnvironment,
} from './kernels.js';
import type { EvalOutput, ExtendedAtoms, FullNeighbors } from './evaluator.js';

const { onnx } = onnxpkg;
type Precision = 'float64' | 'float32';
const T_FLOAT = 1,
  T_INT64 = 7,
  T_DOUBLE = 11;
const A_INT = 2,
  A_INTS = 7;

/** Small graph builder: nodes, initializers, unique names. */
class Graph {
  nodes: P.INodeProto[] = [];
  inits: P.ITensorProto[] = [];
  private k = 0;
  constructor(readonly elem: number) {}
  private fresh(p: string): string {
    return `${p}_${this.k++}`;
  }
  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    const out = this.fresh(type.toLowerCase());
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: A_INTS, ints: v } : { name, type: A_INT, i: v },
    );
    this.nodes.push({ opType: type, input: inputs, output: [out], name: out, attribute });
    return out;
  }
  /** Rename the last node's output (for graph outputs). */
  alias(src: string, name: string): void {
    this.nodes.push({ opType: 'Identity', input: [src], output: [name], name: `id_${name}` });
  }
  constF(data: ArrayLike<number>, dims: number[]): string {
    const name = this.fresh('c');
    const buf = this.elem === T_DOUBLE ? new Float64Array(data) : new Float32Array(data);
    this.inits.push({
      name,
      dims,
      dataType: this.elem,
      rawData: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
    });
    return name;
  }
  constI64(data: number[]): string {
    const name = this.fresh('i');
    const buf = BigInt64Array.from(data.map(BigInt));
    this.inits.push({ name, dims: [data.length], dataType: T_INT64, rawData: new Uint8Array(buf.buffer) });
    return name;
  }
  scalar(v: number): string {
    return this.constF([v], [1]);
  }
  slice(x: string, start: number, end: number, axis: number): string {
    return this.op('Slice', [x, this.constI64([start]), this.constI64([end]), this.constI64([axis])]);
  }
  t(x: string, perm: number[]): string {
    return this.op('Transpose', [x], { perm });
  }
}

function transposeW(w: Float64Array, nin: number, nout: number): Float64Array {
  const t = new Float64Array(nin * nout);
  for (let k = 0; k < nin; k++) for (let j = 0; j < nout; j++) t[j * nin + k] = w[k * nout + j];
  return t;
}

function checkAct(net: NetSpec): void {
  for (const l of net.layers) {
    if (l.activation !== 'tanh' && l.activation !== 'none' && l.activation !== 'linear') {
      throw new Error(`ONNX export: activation '${l.activation}' is not supported (tanh, none)`);
    }
  }
}

const resKind = (L: NetSpec['layers'][number]): number =>
  !L.resnet ? 0 : L.nout === L.nin ? 1 : L.nout === 2 * L.nin ? 2 : 0;

/** [I I] (n x 2n): x [I I] = [x, x]. */
function dupMatrix(n: number): Float64Array {
  const e = new Float64Array(n * 2 * n);
  for (let i = 0; i < n; i++) e[i * 2 * n + i] = e[i * 2 * n + n + i] = 1;
  return e;
}

/**
 * Embedding net on s [n, sel, 1] with its forward-mode derivative, as a sum of terms (OnnxEmbedTerm):
 * G = Σ_k x_k E_k, dG/ds = Σ_k dx_k E_k, each x_k, dx_k [n, sel, width_k]. Laid out for onnxruntime,
 * where elementwise passes and copies, not the MatMuls, dominated (measured per node with
 * enableProfiling):
 *  - rows flattened to [n·sel, width], each layer one Gemm with its bias (no broadcast Add);
 *  - the hidden residual [x, x] of a doubling layer is x [I I] (a small MatMul, exact: one product 1·x
 *    per element) added as a same-shape Add, never a Concat (onnxruntime copies row by row);
 *  - tanh'(z) dz = dz - t (t dz): same-shape Mul/Sub instead of a broadcast 1 - t²;
 *  - the last layer's residual (+x or +[x, x]) is not added at all: it is the second term, folded
 *    into the contraction's small products (descriptor onnxContractionBlocks).
 */
function embedding(g: Graph, net: NetSpec, s: string, sel: number): OnnxEmbedTerm[] {
  checkAct(net);
  const L = net.layers,
    nL = L.length;
  let x = g.op('Reshape', [s, g.constI64([-1, 1])]),
    dx = '';
  const to3 = (v: string, w: number): string => g.op('Reshape', [v, g.constI64([-1, sel, w])]);
  for (let l = 0; l < nL; l++) {
    const Lr = L[l],
      res = resKind(Lr),
      last = l === nL - 1,
      nout = Lr.nout;
    const W = g.constF(Lr.w, [Lr.nin, nout]);
    const z = g.op('Gemm', [x, W, g.constF(Lr.b ?? new Float64Array(nout), [nout])]);
    const tanh = Lr.activation === 'tanh';
    const t = tanh ? g.op('Tanh', [z]) : z;
    let y = Lr.idt ? g.op('Mul', [t, g.constF(Lr.idt, [nout])]) : t;
    let dy: string;
    if (l === 0) {
      // dx = 1: dz = W (row), dy = act'(z) * W * idt
      const wIdt = Float64Array.from(Lr.w, (v, j) => v * (Lr.idt ? Lr.idt[j] : 1));
      dy = tanh
        ? g.op('Mul', [g.op('Sub', [g.scalar(1), g.op('Mul', [t, t])]), g.constF(wIdt, [nout])])
        : g.op('Add', [g.op('Mul', [z, g.scalar(0)]), g.constF(wIdt, [nout])]);
    } else {
      let dz = g.op('MatMul', [dx, W]);
      if (Lr.idt) dz = g.op('Mul', [dz, g.constF(Lr.idt, [nout])]);
      dy = tanh ? g.op('Sub', [dz, g.op('Mul', [t, g.op('Mul', [t, dz])])]) : dz;
    }
    if (last) {
      const terms: OnnxEmbedTerm[] = [{ x: to3(y, nout), dx: to3(dy, nout), width: nout, E: null }];
      if (res && l === 0) {
        // a single layer with a residual: x = s, dx = 1
        const ones = g.constF(new Float64Array(nout).fill(1), [nout]);
        terms.push({
          x: to3(g.op('Mul', [x, ones]), nout),
          dx: to3(g.op('Add', [g.op('Mul', [x, g.scalar(0)]), ones]), nout),
          width: nout,
          E: null,
        });
      } else if (res) {
        terms.push({ x: to3(x, Lr.nin), dx: to3(dx, Lr.nin), width: Lr.nin, E: res === 1 ? null : dupMatrix(Lr.nin) });
      }
      return terms;
    }
    if (res === 1 || (res === 2 && l === 0)) {
      // same shape, or s [N, 1] broadcast over the 2 columns
      y = g.op('Add', [y, x]);
      dy = l === 0 ? g.op('Add', [dy, g.scalar(1)]) : g.op('Add', [dy, dx]);
    } else if (res === 2) {
      const E = g.constF(dupMatrix(Lr.nin), [Lr.nin, nout]);
      y = g.op('Add', [y, g.op('MatMul', [x, E])]);
      dy = g.op('Add', [dy, g.op('MatMul', [dx, E])]);
    }
    x = y;
    dx = dy;
  }
  throw new Error('ONNX export: embedding net without layers');
}

/** G (or dG) of a block as one tensor [n, sel, ng]: Σ_k x_k E_k (for descriptors without blocks). */
function materialise(g: Graph, terms: OnnxEmbedTerm[], which: 'x' | 'dx'): string {
  let out = '';
  for (const k of terms) {
    const v = k.E === null ? k[which] : g.op('Concat', [k[which], k[which]], { axis: -1 });
    out = out === '' ? v : g.op('Add', [out, v]);
  }
  return out;
}

/** Fitting forward on D [n, dimD] and reverse pass: returns [e [n,1], dD [n, dimD]]. */
function fitting(g: Graph, net: NetSpec, D: string): [string, string] {
  checkAct(net);
  const xs: string[] = [D],
    ts: string[] = [];
  for (const L of net.layers) {
    const x = xs[xs.length - 1];
    let z = g.op('MatMul', [x, g.constF(L.w, [L.nin, L.nout])]);
    if (L.b) z = g.op('Add', [z, g.constF(L.b, [L.nout])]);
    const t = L.activation === 'tanh' ? g.op('Tanh', [z]) : z;
    ts.push(t);
    let y = L.idt ? g.op('Mul', [t, g.constF(L.idt, [L.nout])]) : t;
    const res = !L.resnet ? 0 : L.nout === L.nin ? 1 : L.nout === 2 * L.nin ? 2 : 0;
    if (res) y = g.op('Add', [y, res === 1 ? x : g.op('Concat', [x, x], { axis: -1 })]);
    xs.push(y);
  }
  const e = xs[xs.length - 1];
  let gy = g.op('Add', [g.op('Sub', [e, e]), g.scalar(1)]); // ones [n, 1]
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const L = net.layers[l];
    let gz = L.idt ? g.op('Mul', [gy, g.constF(L.idt, [L.nout])]) : gy;
    if (L.activation === 'tanh') gz = g.op('Mul', [gz, g.op('Sub', [g.scalar(1), g.op('Mul', [ts[l], ts[l]])])]);
    let gx = g.op('MatMul', [gz, g.constF(transposeW(L.w, L.nin, L.nout), [L.nout, L.nin])]);
    const res = !L.resnet ? 0 : L.nout === L.nin ? 1 : L.nout === 2 * L.nin ? 2 : 0;
    if (res === 1) gx = g.op('Add', [gx, gy]);
    else if (res === 2)
      gx = g.op('Add', [gx, g.op('Add', [g.slice(gy, 0, L.nin, 1), g.slice(gy, L.nin, 2 * L.nin, 1)])]);
    gy = gx;
  }
  return [e, gy];
}

/** Centre types that have a graph input (not excluded by fitting exclude_types or atom_exclude_types). */
export function onnxTypes(spec: ModelSpec): number[] {
  const out: number[] = [];
  for (let t = 0; t < spec.typeMap.length; t++) {
    if (!spec.fitting.excludeTypes.includes(t) && !spec.atomExcludeTypes.includes(t)) out.push(t);
  }
  return out;
}

/**
 * What both ONNX evaluators (async DeepPotOnnxEvaluator, sync DeepPotOnnxSyncEvaluator) bind from a model:
 * the kernels' neighbor tables (bindEnvironment), the centre types the graph has outputs for, and each
 * type's constant atomic energy outside the graph (its out bias; 0 for atom_exclude_types).
 */
export interface OnnxBinding extends BoundEnvironment {
  types: number[];
  constE: Float64Array;
}

export function onnxBinding(spec: ModelSpec): OnnxBinding {
  const nt = spec.typeMap.length;
  return {
    ...bindEnvironment(spec),
    types: onnxTypes(spec),
    constE: Float64Array.from({ length: nt }, (_, t) => (spec.atomExcludeTypes.includes(t) ? 0 : spec.outBias[t])),
  };
}

/** Build the ONNX model (serialized bytes). */
export function buildOnnxModel(spec: ModelSpec, precision: Precision = 'float64'): Uint8Array {
  const elem = precision === 'float64' ? T_DOUBLE : T_FLOAT;
  const g = new Graph(elem);
  const d = spec.descriptor,
    nt = spec.typeMap.length;
  const desc = descriptorModule(d),
    ncomp = desc.ncomp;
  const nnei = d.sel.reduce((a, b) => a + b, 0);
  const ng = d.neuron[d.neuron.length - 1];
  const sec = [0];
  for (const s of d.sel) sec.push(sec[sec.length - 1] + s);
  const inputs: P.IValueInfoProto[] = [],
    outputs: P.IValueInfoProto[] = [];
  const vi = (name: string, dims: (number | string)[]): P.IValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: elem,
        shape: { dim: dims.map((v) => (typeof v === 'string' ? { dimParam: v } : { dimValue: v })) },
      },
    },
  });
  for (const ti of onnxTypes(spec)) {
    const R = `env_${ti}`;
    inputs.push(vi(R, [`n${ti}`, nnei, ncomp]));
    const blocks: OnnxEmbedTerm[][] = [],
      Rs: string[] = [];
    for (let tt = 0; tt < nt; tt++) {
      const Rb = nt > 1 ? g.slice(R, sec[tt], sec[tt + 1], 1) : R;
      Rs.push(Rb);
      const s = desc.onnxEmbeddingInput(g, Rb);
      const net = d.embeddings[d.typeOneSide ? tt : ti + tt * nt];
      if (!net) {
        const zero = g.op('Mul', [s, g.constF(new Float64Array(ng), [ng])]);
        blocks.push([{ x: zero, dx: zero, width: ng, E: null }]);
        continue;
      }
      blocks.push(embedding(g, net, s, d.sel[tt]));
    }
    const whole = (which: 'x' | 'dx'): string => {
      const parts = blocks.map((b) => materialise(g, b, which));
      return nt > 1 ? g.op('Concat', parts, { axis: 1 }) : parts[0];
    };
    const contraction = desc.onnxContractionBlocks
      ? desc.onnxContractionBlocks(g, d, Rs, blocks, nnei)
      : desc.onnxContraction(g, d, R, whole('x'), whole('dx'), nnei);
    const D = contraction.D;
    const [e, dD] = fitting(g, spec.fitting.nets[ti], D);
    const bias = spec.fitting.biasAtomE[ti] + spec.outBias[ti];
    g.alias(g.op('Reshape', [g.op('Add', [e, g.scalar(bias)]), g.constI64([-1])]), `energy_${ti}`);
    const dEnv = contraction.backward(dD);
    g.alias(dEnv, `denv_${ti}`);
    outputs.push(vi(`energy_${ti}`, [`n${ti}`]), vi(`denv_${ti}`, [`n${ti}`, nnei, ncomp]));
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'dpmd-ts',
    producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: 17 }],
    docString: `DeePMD-kit ${d.type} model, type_map ${spec.typeMap.join(' ')}, rcut ${d.rcut}, sel [${d.sel.join(', ')}], ${precision}`,
    graph: { name: 'deepmd_network', node: g.nodes, initializer: g.inits, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Deep Potential evaluated through onnxruntime-node: neighbor slots, environment matrix and forces in
 * TypeScript, the network in the ONNX graph. Same contract as DeepPotEvaluator.compute, but async.
 * executionProviders: e.g. ['cuda', 'cpu'] where onnxruntime-node has the CUDA provider.
 */
export class DeepPotOnnxEvaluator {
  readonly rcut: number;
  lastDropped = 0;
  /** Local atoms per graph run (buffers are O(chunk), independent of N). */
  readonly chunk: number;
  /** Wall time (ms) per stage while `profile`: [neighbor slots, environment matrix, network (graph run + copies), forces/virial]. */
  readonly stageMs = new Float64Array(4);
  profile = false;
  private readonly nlistB: Int32Array;
  private readonly envB: Float64Array;
  private readonly envDB: Float64Array;
  private readonly rijB: Float64Array;
  private readonly dEnvB: Float64Array;
  private readonly feedB: (Float64Array | Float32Array)[];
  private readonly rowsB: Int32Array[];
  private readonly nsc = new NeighborScratch();
  /** Neighbor tables, graph types and constant energies of the model (onnxBinding). */
  private readonly bind: OnnxBinding;

  private constructor(
    readonly spec: ModelSpec,
    readonly precision: Precision,
    private readonly session: OrtSession,
    private readonly ort: typeof import('onnxruntime-node'),
    chunk: number,
  ) {
    const d = spec.descriptor,
      nt = spec.typeMap.length;
    this.rcut = d.rcut;
    this.bind = onnxBinding(spec);
    const C = (this.chunk = Math.max(1, Math.floor(chunk)));
    const nn = C * this.bind.nnei,
      ncomp = this.bind.ncomp;
    this.nlistB = new Int32Array(nn);
    this.envB = new Float64Array(nn * ncomp);
    this.envDB = new Float64Array(nn * ncomp * 3);
    this.rijB = new Float64Array(nn * 3);
    this.dEnvB = new Float64Array(nn * ncomp);
    this.feedB = Array.from({ length: nt }, () =>
      precision === 'float64' ? new Float64Array(nn * ncomp) : new Float32Array(nn * ncomp),
    );
    this.rowsB = Array.from({ length: nt }, () => new Int32Array(C));
  }

  /**
   * graphOptimizationLevel defaults to 'basic' for float64: onnxruntime's 'extended' fusions changed
   * float64 results by ~1e-11 relative (measured: 9e-9 eV on a 930 eV energy), 'basic' is exact to 1e-16.
   */
  static async create(
    spec: ModelSpec,
    opts: {
      precision?: Precision;
      executionProviders?: string[];
      intraOpNumThreads?: number;
      graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
      /** Local atoms per graph run (default 256: ~0.3 GB of onnxruntime intermediates for the water-size model). */
      chunk?: number;
    } = {},
  ): Promise<DeepPotOnnxEvaluator> {
    const ort = await import('onnxruntime-node');
    const precision = opts.precision ?? 'float64';
    const so: import('onnxruntime-node').InferenceSession.SessionOptions = {
      executionProviders: opts.executionProviders ?? ['cpu'],
      graphOptimizationLevel: opts.graphOptimizationLevel ?? (precision === 'float64' ? 'basic' : 'all'),
    };
    if (opts.intraOpNumThreads !== undefined) so.intraOpNumThreads = opts.intraOpNumThreads;
    // No busy-waiting of onnxruntime's pool threads between runs: the TypeScript stages (neighbor slots,
    // environment matrix, forces) run on the same cores in between.
    so.extra = { session: { intra_op: { allow_spinning: '0' } } };
    const session = await ort.InferenceSession.create(buildOnnxModel(spec, precision), so);
    return new DeepPotOnnxEvaluator(spec, precision, session, ort, opts.chunk ?? 256);
  }

  /** As DeepPotEvaluator.compute (in chunks of `chunk` local atoms, one graph run each). Returns the total energy. */
  async compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput): Promise<number> {
    const { nlocal, xAll: x, type } = ext;
    const nnei = this.bind.nnei,
      ncomp = this.bind.ncomp,
      nt = this.spec.typeMap.length,
      sel = this.spec.descriptor.sel,
      C = this.chunk;
    const nlist = this.nlistB,
      env = this.envB,
      envD = this.envDB,
      rij = this.rijB,
      dEnv = this.dEnvB;
    const stride = nnei * ncomp;
    const prof = this.profile,
      st = this.stageMs;
    let t0 = prof ? performance.now() : 0;
    const lap = (k: number): void => {
      if (!prof) return;
      const t1 = performance.now();
      st[k] += t1 - t0;
      t0 = t1;
    };
    let dropped = 0,
      etot = 0;
    const nrow = new Int32Array(nt);
    for (let i0 = 0; i0 < nlocal; i0 += C) {
      const nc = Math.min(C, nlocal - i0);
      for (let a = 0; a < nc; a++) {
        const i = i0 + a;
        dropped += formatNeighbors(
          i,
          nl.list,
          nl.offset[i],
          nl.offset[i + 1],
          x,
          type,
          this.rcut,
          sel,
          this.bind.sec,
          nt,
          this.bind.pairExcl,
          nlist,
          a * nnei,
          this.nsc,
        );
      }
      lap(0);
      envMat(this.bind.env, i0, nc, nlist, x, type, env, envD, rij);
      lap(1);
      nrow.fill(0);
      for (let a = 0; a < nc; a++) {
        const t = type[i0 + a];
        this.rowsB[t][nrow[t]++] = a;
      }
      const feeds: Record<string, InstanceType<typeof this.ort.Tensor>> = {};
      for (const t of this.bind.types) {
        const rows = this.rowsB[t],
          buf = this.feedB[t];
        for (let r = 0; r < nrow[t]; r++) {
          const src = rows[r] * stride,
            dst = r * stride;
          for (let q = 0; q < stride; q++) buf[dst + q] = env[src + q];
        }
        // onnxruntime's batched MatMul rejects an empty batch: a chunk without this type runs one dummy row (ignored)
        const nf = Math.max(1, nrow[t]);
        if (nrow[t] === 0) buf.fill(0, 0, stride);
        feeds[`env_${t}`] = new this.ort.Tensor(this.precision, buf.subarray(0, nf * stride), [nf, nnei, ncomp]);
      }
      const res = await this.session.run(feeds);
      for (let t = 0; t < nt; t++) {
        const rows = this.rowsB[t];
        if (!this.bind.types.includes(t)) {
          for (let r = 0; r < nrow[t]; r++) {
            etot += this.bind.constE[t];
            if (out.atomEnergy) out.atomEnergy[i0 + rows[r]] = this.bind.constE[t];
            dEnv.fill(0, rows[r] * stride, (rows[r] + 1) * stride);
          }
          continue;
        }
        const e = res[`energy_${t}`].data as Float64Array | Float32Array;
        const de = res[`denv_${t}`].data as Float64Array | Float32Array;
        for (let r = 0; r < nrow[t]; r++) {
          const a = rows[r];
          etot += e[r];
          if (out.atomEnergy) out.atomEnergy[i0 + a] = e[r];
          const dst = a * stride,
            src = r * stride;
          for (let q = 0; q < stride; q++) dEnv[dst + q] = de[src + q];
        }
      }
      for (const v of Object.values(res)) (v as { dispose?: () => void }).dispose?.();
      lap(2);
      prodForceVirial(i0, nc, nnei, ncomp, nlist, dEnv, envD, rij, out.force, out.virial, out.atomVirial);
      lap(3);
    }
    this.lastDropped = dropped;
    return etot;
  }
}

/** `dpmd export-onnx -m MODEL -o OUT [--precision float64|float32]`: read a model file, write the graph. */
export async function exportOnnx(
  modelPath: string,
  outPath: string,
  precision: Precision = 'float64',
): Promise<number> {
  const { loadModelFile } = await import('./model_file.js');
  const { writeFileSync } = await import('node:fs');
  const bytes = buildOnnxModel(await loadModelFile(modelPath), precision);
  writeFileSync(outPath, bytes);
  return bytes.length;
}
