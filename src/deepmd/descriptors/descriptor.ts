/**
 * The contract every descriptor module (se_e2_a.ts, se_e2_r.ts, ...) fulfils. A descriptor owns the
 * part of a Deep Potential between the environment matrix and the fitting input D: its serialized
 * keys, its input.json keys, the contraction G, R -> D with its backward (inference) and its dual
 * tangent and reverse (training), its ONNX nodes, its TensorFlow-graph attributes and whether it can
 * be compressed. Consumers look the module up once (registry.ts), bind it to the model's sizes, and
 * call the bound functions per chunk: no per-atom dispatch, no branch on the type name.
 *
 * Everything every two-body embedding descriptor shares (cutoffs, sel, embedding nets, davg/dstd,
 * the environment matrix with `ncomp` components per slot, computed by kernels.ts envMat) lives in
 * DescriptorCommon and is read and written by spec.ts; a module adds its own keys on top.
 */
import type { Activation, NetSpec } from '../spec.js';
import type { CompressSpec } from '../compress.js';
import type { Dict } from '../spec_read.js';
import type { ConfigObject } from '../../config_reader.js';

/** Fields every embedding descriptor has (read/written by spec.ts). */
export interface DescriptorCommon {
  rcut: number;
  rcutSmth: number;
  /** Max neighbors per type. */
  sel: number[];
  /** Embedding widths. */
  neuron: number[];
  typeOneSide: boolean;
  /** Unordered pairs (ti, tj) whose environment rows are zeroed. */
  excludeTypes: [number, number][];
  envProtection: number;
  resnetDt: boolean;
  activation: Activation;
  precision: string;
  setDavgZero: boolean;
  /** ntypes x nnei x ncomp (the module's ncomp). */
  davg: Float64Array;
  dstd: Float64Array;
  /** type_one_side: ntypes nets indexed by neighbor type; else ntypes^2, index ti + tt*ntypes (null: cleared). */
  embeddings: (NetSpec | null)[];
  /**
   * Tables of the embedding nets (model compression, compress.ts), or absent. Present only where
   * the module is `compressible`; spec.ts reads and writes the `compress` key for those.
   */
  compress?: CompressSpec | null;
}

/**
 * Spec of each registered descriptor, keyed by its canonical type name. Each module adds its entry
 * by declaration merging (`declare module './descriptor.js' { interface DescriptorSpecs { ... } }`),
 * so DescriptorSpec below is a discriminated union on `type` over every module in the program.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each descriptor module
export interface DescriptorSpecs {}

export type DescriptorSpec = DescriptorSpecs[keyof DescriptorSpecs];

/**
 * The contraction bound to one model's sizes (ng, nnei, axis, chunk): flat typed arrays in, flat
 * typed arrays out, scratch owned by the binding. Shapes for nc atoms of a chunk:
 * env nc x nnei x ncomp, G/dG nc x nnei x ng, D/dD nc x dimD, dEnv nc x nnei x ncomp.
 */
export interface BoundContraction {
  /** D from G and env (keeps what backward and the training tangent need in its scratch). */
  forward(nc: number, G: Float64Array, env: Float64Array, D: Float64Array): void;
  /** dEnv = dE/d env from dD = dE/dD, through G(s) (dG = dG/ds; s = env[slot*ncomp]) and the contraction; padded slots (nlist < 0) get 0 where the module needs it. */
  backward(
    nc: number,
    G: Float64Array,
    dG: Float64Array,
    env: Float64Array,
    dD: Float64Array,
    dEnv: Float64Array,
    nlist: Int32Array,
  ): void;
  /** Training: tangent Dd of D when env moves along tau (after forward on the same chunk). */
  tangent(nc: number, G: Float64Array, dG: Float64Array, env: Float64Array, tau: Float64Array, Dd: Float64Array): void;
  /**
   * Training: reverse of (D, Dd) given adjoints Db, Ddb (nc x dimD): Gb = value adjoint of G and
   * Gdb = tangent adjoint seed (s_dot * Gdot_bar), both nc x nnei x ng.
   */
  tangentBackward(
    nc: number,
    G: Float64Array,
    env: Float64Array,
    tau: Float64Array,
    Db: Float64Array,
    Ddb: Float64Array,
    Gb: Float64Array,
    Gdb: Float64Array,
  ): void;
}

/** Minimal ONNX graph builder surface a module needs (onnx_export.ts Graph). */
export interface OnnxGraph {
  op(type: string, inputs: string[], attrs?: Record<string, number | number[]>): string;
  slice(x: string, start: number, end: number, axis: number): string;
  t(x: string, perm: number[]): string;
  scalar(v: number): string;
  constF(v: ArrayLike<number>, dims: number[]): string;
  constI64(v: number[]): string;
}

/**
 * One term of an embedding output in the ONNX graph, G = Σ_k x_k E_k and dG/ds = Σ_k dx_k E_k:
 * x, dx [n, sel, width]; E null (width = ng) or a constant width x ng matrix (the residual [x, x] of a
 * doubling last layer is the term x · [I I]).
 */
export interface OnnxEmbedTerm {
  x: string;
  dx: string;
  width: number;
  E: Float64Array | null;
}

/** ONNX nodes of the contraction for one centre type: R [n, nnei, ncomp], G/dG [n, nnei, ng]. */
export interface OnnxContraction {
  /** D [n, dimD]. */
  D: string;
  /** dEnv [n, nnei, ncomp] from dD [n, dimD]. */
  backward(dD: string): string;
}

/** TensorFlow frozen-graph reading (tf_graph.ts): op names and attribute names of this descriptor. */
export interface TfGraphPart {
  /** Environment-matrix op names of this descriptor (e.g. ProdEnvMatA, DescrptSeA). */
  envOps: string[];
  selAttr: string;
  rcutSmthAttr: string;
}

/**
 * Descriptor-specific hyper-parameters in the flat form a training config (train/model.ts
 * ModelConfig) carries and the kernels are bound with; a descriptor without any ignores them.
 */
export interface DescriptorSettings {
  /** se_e2_a's axis_neuron (0 where unused). */
  axisNeuron: number;
}

export interface DescriptorModule<S extends DescriptorCommon & { type: string } = DescriptorSpec> {
  /** Canonical DeePMD-kit type name (the spec's `type`). */
  readonly type: S['type'];
  /** Other names DeePMD-kit accepts for it (e.g. se_a). */
  readonly aliases: readonly string[];
  /** The name written to a serialized dict (DeePMD-kit writes se_e2_r as 'se_r'). */
  readonly dictName: string;
  /** Environment-matrix components per slot: 4 (1/r, x/r², y/r², z/r²) or 1 (1/r), kernels.ts envMat. */
  readonly ncomp: 1 | 4;

  // --- serialized dict (spec.ts) ---
  /** Keys this descriptor adds to the common ones (for the unknown-key check). */
  readonly dictKeys: readonly string[];
  /** Read this descriptor's own keys; `common` is already validated, `cls` names it in errors. */
  fromDict(d: Dict, cls: string, common: DescriptorCommon): S;
  /** This descriptor's own keys for the dict. */
  toDict(s: S): Dict;
  /** Width of D (the fitting input). */
  dimD(s: S): number;

  // --- input.json (train/input.ts) and the training model (train/model.ts) ---
  readonly inputKeys: readonly string[];
  /** Read its own input.json keys (after the common ones); ng = last embedding width. */
  readInput(d: ConfigObject, ng: number): DescriptorSettings;
  /** Width of D for a training config. */
  trainDimD(ng: number, c: DescriptorSettings): number;
  /** The spec of a trained model from the common part and its config. */
  fromTrain(common: DescriptorCommon, c: DescriptorSettings): S;
  /** Whether a spec carries the same descriptor-specific settings as a training config. */
  sameAsTrain(s: S, c: DescriptorSettings): boolean;

  // --- inference and training kernels ---
  /** A spec's settings (the inverse of fromTrain's second argument). */
  settings(s: S): DescriptorSettings;
  /** Bind the contraction to its settings, ng and nnei, with scratch for up to `chunk` atoms. */
  bind(c: DescriptorSettings, size: { ng: number; nnei: number; chunk: number }): BoundContraction;

  // --- ONNX export (onnx_export.ts) ---
  /** The slice of R that feeds the embedding nets (R [n, k, ncomp] -> s [n, k, 1]). */
  onnxEmbeddingInput(g: OnnxGraph, Rb: string): string;
  onnxContraction(g: OnnxGraph, s: S, R: string, G: string, dG: string, nnei: number): OnnxContraction;
  /**
   * Optional: the same contraction on the neighbor-type blocks, Rs[b] [n, sel_b, ncomp] and the block's
   * embedding as a sum of terms Gs[b] (G_b = Σ_k x_k E_k, OnnxEmbedTerm), without concatenating blocks
   * or materialising the last layer's residual: in onnxruntime those copies cost more than the
   * contraction's MatMuls. When present, onnx_export.ts uses it.
   */
  onnxContractionBlocks?(g: OnnxGraph, s: S, Rs: string[], Gs: OnnxEmbedTerm[][], nnei: number): OnnxContraction;

  // --- TensorFlow graphs (tf_graph.ts) ---
  readonly tf: TfGraphPart;
  /** Descriptor settings from the fitting input width; `err` throws with the graph's name. */
  fromGraph(common: DescriptorCommon, dimD: number, err: (m: string) => never): S;

  // --- model compression (compress.ts tabulates the embedding nets; evaluator.ts runs the tables) ---
  /** Whether `dpmd compress` can tabulate this descriptor's embedding nets. */
  readonly compressible: boolean;
  /** Whether this spec carries compression tables. */
  isCompressed(s: S): boolean;
  /** The tabulated forward/backward of a spec that carries tables (isCompressed). */
  bindTabulated(s: S, c: TabulatedContext): BoundTabulated;
}

/** What a tabulated (compressed) descriptor binding needs from the evaluator. */
export interface TabulatedContext {
  ntypes: number;
  nnei: number;
  ng: number;
  chunk: number;
  sel: number[];
  /** ntypes+1 prefix sums of sel. */
  sec: Int32Array;
  typeOneSide: boolean;
  /** Embedding of the padded-slot input per (centre type, slot), ntypes x nnei x ng. */
  padG: Float64Array;
  davg: Float64Array;
  dstd: Float64Array;
}

/** Compressed descriptor on a chunk: table lookup fused with the contraction. */
export interface BoundTabulated {
  /** The table's min_nbor_dist (for the out-of-table warning). */
  readonly minNborDist: number;
  /** Which table kernels run: WebAssembly SIMD or the JavaScript loops. */
  readonly kernel: 'wasm' | 'js';
  /** D for atoms i0..i0+nc; returns the number of slots beyond the table. */
  forward(i0: number, nc: number, type: Int32Array, nlist: Int32Array, env: Float64Array, D: Float64Array): number;
  /** dEnv from dD (after forward on the same chunk). */
  backward(
    i0: number,
    nc: number,
    type: Int32Array,
    nlist: Int32Array,
    env: Float64Array,
    dD: Float64Array,
    dEnv: Float64Array,
  ): void;
}

/** Last embedding width. */
export function ngOf(d: { neuron: number[] }): number {
  return d.neuron[d.neuron.length - 1];
}
