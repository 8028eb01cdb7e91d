/**
 * DeePMD-kit TensorFlow frozen graphs (`dp freeze` output, v1 and v2, descriptors se_e2_a / se_e2_r,
 * energy fitting) turned into a ModelSpec, without TensorFlow: the weights are the graph's Const nodes,
 * named by DeePMD-kit's TF code (deepmd/tf/descriptor/se_a.py, se_r.py, fit/ener.py, utils/network.py):
 *
 *   descrpt_attr/{rcut, ntypes, t_avg [ntypes, nnei*ncomp], t_std}   model_attr/{tmap "O H", model_type}
 *   filter_type_{ti|all}/{matrix,bias,idt}_{l}_{tt}    embedding net of centre ti (or all) and neighbour tt,
 *                                                      layers l = 1..; type_one_side when the scope is 'all'
 *   layer_{l}_type_{t}/{matrix,bias,idt}, final_layer_type_{t}/{matrix,bias}    fitting net of type t
 *   fitting_attr/{dfparam, daparam, t_bias_atom_e}     (old graphs fold bias_atom_e into the final bias)
 *
 * The settings the ops carry: sel / rcut_smth from the ProdEnvMatA (sel_a, rcut_r_smth) or ProdEnvMatR
 * (sel, rcut_smth) attributes; neuron / axis_neuron from the weight shapes; activation from the op
 * applied inside the nets; resnet_dt from the presence of idt. The training script, when the graph
 * holds it (train_attr/training_script), supplies exclude_types and lets us refuse atom_ener.
 * Residuals follow TF exactly: embedding layers add x (or [x, x]) when the width is kept (doubled);
 * fitting layers l >= 1 add x only when the width is kept. Other graph layouts are refused by name.
 */
import {
  DT,
  decodeGraphDef,
  tensorNumbers,
  tensorString,
  type GraphDef,
  type TfNode,
  type TfTensor,
} from './tf_graphdef.js';
import { WireError } from './protobuf_wire.js';
import {
  ModelFormatError,
  modelFromDict,
  modelToDict,
  type Activation,
  type DescriptorSpec,
  type LayerSpec,
  type ModelSpec,
  type NetSpec,
} from './spec.js';
import { descriptorForOp, descriptorModule, descriptorNames, findDescriptor } from './descriptors/registry.js';

const ACT_OPS: Record<string, Activation> = {
  Tanh: 'tanh',
  Relu: 'relu',
  Relu6: 'relu6',
  Softplus: 'softplus',
  Sigmoid: 'sigmoid',
  GeluCustom: 'gelu',
  Gelu: 'gelu_tf',
};

/** Graph contents we recognise but do not implement, by a node op or name pattern. */
const UNSUPPORTED: [RegExp, 'op' | 'name', string][] = [
  [/^ProdEnvMatAMix/, 'op', 'descriptor se_atten / dpa1 (attention, type embedding)'],
  [/^type_embed_net/, 'name', 'type embedding (se_atten, dpa1 or type_embedding models)'],
  [
    /^TabulateFusion/,
    'op',
    "a compressed graph (dp compress: TabulateFusion ops); use the uncompressed model or 'dpmd compress'",
  ],
  [/^o_dipole$/, 'name', 'a dipole model'],
  [/^o_polar$|^o_global_polar$/, 'name', 'a polarizability model'],
  [/^o_dos$/, 'name', 'a DOS model'],
  [/^o_wfc$/, 'name', 'a Wannier-centre model'],
];

class Graph {
  readonly byName = new Map<string, TfNode>();
  constructor(
    g: GraphDef,
    private readonly where: string,
  ) {
    for (const n of g.nodes) this.byName.set(n.name, n);
  }

  err(what: string): never {
    throw new ModelFormatError(`${this.where}: TF graph: ${what}`);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  tensor(name: string): TfTensor {
    const n = this.byName.get(name);
    if (!n) this.err(`node '${name}' is missing`);
    const t = n.attr.get('value')?.tensor;
    if (n.op !== 'Const' || !t)
      this.err(`node '${name}' is not a constant (op ${n.op}; was the graph frozen with 'dp freeze'?)`);
    return t;
  }

  numbers(name: string): Float64Array {
    let v: Float64Array;
    try {
      v = tensorNumbers(this.tensor(name));
    } catch (e) {
      if (e instanceof WireError) this.err(`node '${name}': ${e.message}`);
      throw e;
    }
    for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) this.err(`node '${name}': non-finite value at ${k}`);
    return v;
  }

  scalar(name: string): number {
    const v = this.numbers(name);
    if (v.length !== 1) this.err(`node '${name}' should be a scalar, has ${v.length} values`);
    return v[0];
  }

  string(name: string): string {
    try {
      return tensorString(this.tensor(name));
    } catch (e) {
      if (e instanceof WireError) this.err(`node '${name}': ${e.message}`);
      throw e;
    }
  }

  /** A 2-d weight and its shape. */
  matrix(name: string): { rows: number; cols: number; data: Float64Array } {
    const t = this.tensor(name);
    if (t.shape.dims.length !== 2) this.err(`node '${name}' should be a matrix, has shape [${t.shape.dims}]`);
    return { rows: t.shape.dims[0], cols: t.shape.dims[1], data: this.numbers(name) };
  }

  vector(name: string, n: number): Float64Array {
    const v = this.numbers(name);
    if (v.length !== n) this.err(`node '${name}' has ${v.length} values, expected ${n}`);
    return v;
  }

  /** The activation op inside a scope (e.g. 'filter_type_0/Tanh_2'), or 'none' when the scope has none. */
  activation(scopePrefix: string): Activation {
    const found = new Set<Activation>();
    for (const n of this.byName.values()) {
      if (n.name.startsWith(scopePrefix) && n.op in ACT_OPS) found.add(ACT_OPS[n.op]);
    }
    if (found.size > 1) this.err(`several activations under '${scopePrefix}': ${[...found].join(', ')}`);
    return found.size === 1 ? [...found][0] : 'none';
  }
}

function precisionOf(t: TfTensor): string {
  return t.dtype === DT.DOUBLE ? 'float64' : t.dtype === DT.FLOAT ? 'float32' : 'float16';
}

function layer(g: Graph, w: string, b: string, idt: string | null, act: Activation, resnet: boolean): LayerSpec {
  const m = g.matrix(w);
  const hasIdt = idt !== null && g.has(idt);
  return {
    nin: m.rows,
    nout: m.cols,
    w: m.data,
    b: g.vector(b, m.cols),
    idt: hasIdt ? g.vector(idt!, m.cols) : null,
    activation: act,
    resnet,
    precision: precisionOf(g.tensor(w)),
  };
}

function net(cls: NetSpec['cls'], layers: LayerSpec[], act: Activation): NetSpec {
  return {
    cls,
    inDim: layers[0].nin,
    neuron: layers.slice(0, cls === 'FittingNetwork' ? -1 : undefined).map((l) => l.nout),
    activation: act,
    resnetDt: layers.some((l) => l.idt !== null),
    precision: layers[0].precision,
    bias: true,
    outDim: layers[layers.length - 1].nout,
    layers,
  };
}

/** Embedding net of scope (e.g. 'filter_type_0') and neighbour type tt, or null when the graph has none. */
function embeddingNet(g: Graph, scope: string, tt: number, act: Activation): NetSpec | null {
  const layers: LayerSpec[] = [];
  for (let l = 1; g.has(`${scope}/matrix_${l}_${tt}`); l++) {
    layers.push(
      layer(g, `${scope}/matrix_${l}_${tt}`, `${scope}/bias_${l}_${tt}`, `${scope}/idt_${l}_${tt}`, act, true),
    );
  }
  return layers.length ? net('EmbeddingNetwork', layers, act) : null;
}

function fittingNet(g: Graph, t: number, act: Activation): NetSpec {
  const layers: LayerSpec[] = [];
  for (let l = 0; g.has(`layer_${l}_type_${t}/matrix`); l++) {
    const p = `layer_${l}_type_${t}`;
    const m = g.matrix(`${p}/matrix`);
    layers.push(layer(g, `${p}/matrix`, `${p}/bias`, `${p}/idt`, act, l >= 1 && m.rows === m.cols));
  }
  if (!g.has(`final_layer_type_${t}/matrix`))
    g.err(`node 'final_layer_type_${t}/matrix' is missing (fitting net of type ${t})`);
  layers.push(layer(g, `final_layer_type_${t}/matrix`, `final_layer_type_${t}/bias`, null, 'none', false));
  return net('FittingNetwork', layers, act);
}

function intListAttr(g: Graph, node: TfNode, key: string): number[] {
  const v = node.attr.get(key)?.list?.i;
  if (!v || v.length === 0) g.err(`op ${node.op} has no attribute '${key}'`);
  return v;
}

function floatAttr(g: Graph, node: TfNode, key: string): number {
  const v = node.attr.get(key)?.f;
  if (v === undefined || !Number.isFinite(v)) g.err(`op ${node.op} has no attribute '${key}'`);
  return v;
}

/** The training script (JSON) when the graph holds one. */
// biome-ignore lint/suspicious/noExplicitAny: the training script is free-form JSON, read with optional chaining and checked value by value
type Json = Record<string, any>;

function trainingScript(g: Graph): Json | null {
  if (!g.has('train_attr/training_script')) return null;
  try {
    return JSON.parse(g.string('train_attr/training_script')) as Json;
  } catch {
    return null;
  }
}

/** Build a ModelSpec from a decoded GraphDef. `where` names the file in messages. */
export function modelFromGraph(gd: GraphDef, where: string): ModelSpec {
  const g = new Graph(gd, where);
  for (const [re, kind, what] of UNSUPPORTED) {
    for (const n of gd.nodes)
      if (re.test(kind === 'op' ? n.op : n.name))
        g.err(`${what} (${kind} '${kind === 'op' ? n.op : n.name}') is not supported by dpmd-ts`);
  }
  const modelType = g.has('model_attr/model_type') ? g.string('model_attr/model_type') : 'ener';
  if (modelType !== 'ener')
    g.err(`model_attr/model_type '${modelType}' is not supported by dpmd-ts (energy models only)`);
  const envOps = gd.nodes.filter((n) => /^(ProdEnvMat|DescrptSe)/.test(n.op));
  if (envOps.length === 0) g.err('no ProdEnvMatA / ProdEnvMatR op: not a DeePMD-kit se_e2_a / se_e2_r energy model');
  if (envOps.length > 1)
    g.err(
      `${envOps.length} environment-matrix ops (${envOps.map((n) => n.op).join(', ')}): hybrid descriptors are not supported by dpmd-ts`,
    );
  const env = envOps[0];
  const desc =
    descriptorForOp(env.op) ??
    g.err(`environment op '${env.op}' is not supported by dpmd-ts (${descriptorNames().join(', ')} only)`);
  const script = trainingScript(g);
  const dscScript = script?.model?.descriptor ?? {};
  const fitScript = script?.model?.fitting_net ?? {};
  if (typeof dscScript.type === 'string' && !findDescriptor(dscScript.type)) {
    g.err(`descriptor type '${dscScript.type}' (training script) is not supported by dpmd-ts`);
  }
  if (Array.isArray(fitScript.atom_ener) && fitScript.atom_ener.some((x: unknown) => x !== null)) {
    g.err(`fitting_net.atom_ener ${JSON.stringify(fitScript.atom_ener)} is not supported by dpmd-ts`);
  }
  const ntypes = g.scalar('descrpt_attr/ntypes');
  if (!Number.isInteger(ntypes) || ntypes < 1 || ntypes > 128)
    g.err(`descrpt_attr/ntypes = ${ntypes} is not a type count in 1..128`);
  const typeMap = g.has('model_attr/tmap')
    ? g
        .string('model_attr/tmap')
        .trim()
        .split(/\s+/)
        .filter((s) => s)
    : [];
  if (typeMap.length === 0) for (let t = 0; t < ntypes; t++) typeMap.push(`type_${t}`);
  if (typeMap.length !== ntypes) g.err(`model_attr/tmap has ${typeMap.length} names for ${ntypes} types`);
  for (const k of ['fitting_attr/dfparam', 'fitting_attr/daparam']) {
    if (g.has(k) && g.scalar(k) !== 0)
      g.err(`${k} = ${g.scalar(k)}: frame/atomic parameters are not supported by dpmd-ts`);
  }
  const rcut = g.scalar('descrpt_attr/rcut');
  const sel = intListAttr(g, env, desc.tf.selAttr);
  const rcutSmth = floatAttr(g, env, desc.tf.rcutSmthAttr);
  if (sel.length !== ntypes) g.err(`op ${env.op} sel has ${sel.length} entries for ${ntypes} types`);
  const nnei = sel.reduce((a, b) => a + b, 0);
  const ncomp = desc.ncomp;
  const davg = g.vector('descrpt_attr/t_avg', ntypes * nnei * ncomp);
  const dstd = g.vector('descrpt_attr/t_std', ntypes * nnei * ncomp);

  const oneSide = g.has('filter_type_all/matrix_1_0');
  const dAct = g.activation(oneSide ? 'filter_type_all/' : 'filter_type_');
  const embeddings: (NetSpec | null)[] = [];
  const excludeTypes: [number, number][] = [];
  if (oneSide) {
    for (let tt = 0; tt < ntypes; tt++) {
      const n = embeddingNet(g, 'filter_type_all', tt, dAct);
      if (!n) g.err(`node 'filter_type_all/matrix_1_${tt}' is missing (embedding net of neighbour type ${tt})`);
      embeddings.push(n);
    }
  } else {
    for (let tt = 0; tt < ntypes; tt++) {
      for (let ti = 0; ti < ntypes; ti++) {
        if (!g.has(`filter_type_${ti}/matrix_1_0`) && !g.has(`filter_type_${ti}/matrix_1_${tt}`)) {
          g.err(
            `no embedding nets for centre type ${ti} (expected nodes 'filter_type_${ti}/matrix_<layer>_<type>'): unknown graph layout`,
          );
        }
        const n = embeddingNet(g, `filter_type_${ti}`, tt, dAct);
        // TF builds no net for an excluded (centre, neighbour) pair
        if (!n && !excludeTypes.some(([a, b]) => (a === ti && b === tt) || (a === tt && b === ti)))
          excludeTypes.push([ti, tt]);
        embeddings[ti + tt * ntypes] = n;
      }
    }
  }
  for (const p of Array.isArray(dscScript.exclude_types) ? dscScript.exclude_types : []) {
    if (
      Array.isArray(p) &&
      p.length === 2 &&
      !excludeTypes.some(([a, b]) => (a === p[0] && b === p[1]) || (a === p[1] && b === p[0]))
    ) {
      excludeTypes.push([p[0], p[1]]);
    }
  }
  const first = embeddings.find((n): n is NetSpec => n !== null);
  if (!first) return g.err('no embedding nets');
  const neuron = first.neuron;
  const _ng = neuron[neuron.length - 1];
  const fAct = g.activation('layer_0_type_');
  const nets = Array.from({ length: ntypes }, (_, t) => fittingNet(g, t, fAct));
  const dimD = nets[0].inDim;
  const biasAtomE = g.has('fitting_attr/t_bias_atom_e')
    ? g.vector('fitting_attr/t_bias_atom_e', ntypes)
    : new Float64Array(ntypes);
  const precision = first.precision;
  const spec: ModelSpec = {
    typeMap,
    descriptor: desc.fromGraph(
      {
        rcut,
        rcutSmth,
        sel,
        neuron,
        typeOneSide: oneSide,
        excludeTypes,
        envProtection: 0,
        resnetDt: first.resnetDt,
        activation: dAct,
        precision,
        setDavgZero: false,
        davg,
        dstd,
        embeddings,
      },
      dimD,
      (m) => g.err(m),
    ),
    fitting: {
      neuron: nets[0].neuron,
      resnetDt: nets[0].resnetDt,
      activation: fAct,
      precision,
      dimDescrpt: dimD,
      biasAtomE,
      excludeTypes: [],
      rcond: null,
      totEnerZero: false,
      nets,
    },
    outBias: new Float64Array(ntypes),
    outStd: new Float64Array(ntypes).fill(1),
    atomExcludeTypes: [],
    pairExcludeTypes: [],
    meta: {},
  };
  // top level as DeePMD-kit's serializers write it; model_def_script from the graph's training script when present
  spec.meta = {
    '@variables': {},
    backend: 'TensorFlow',
    model_def_script: script?.model ?? defScript(spec),
    software: 'dpmd-ts',
    converted_from: `TensorFlow frozen graph, model_version ${g.has('model_attr/model_version') ? g.string('model_attr/model_version') : 'unknown'}`,
    time: new Date().toISOString(),
    // dp freeze keeps the training data's smallest interatomic distance (what dpmd compress needs)
    ...(g.has('train_attr/min_nbor_dist') ? { min_nbor_dist: g.scalar('train_attr/min_nbor_dist') } : {}),
  };
  // Validate through the same checks as every other model file (shapes, widths, sizes).
  try {
    return modelFromDict(modelToDict(spec));
  } catch (e) {
    if (e instanceof ModelFormatError) g.err(e.message);
    throw e;
  }
}

/** The descriptor's own input.json keys (e.g. axis_neuron) as its serialized dict has them. */
function inputKeysOf(d: DescriptorSpec): Json {
  const own = descriptorModule(d).toDict(d),
    out: Json = {};
  for (const k of descriptorModule(d).inputKeys) if (own[k] !== undefined) out[k] = own[k];
  return out;
}

/** The input-script `model` section that describes spec (DeePMD-kit's model_def_script). */
function defScript(s: ModelSpec): Json {
  const d = s.descriptor,
    f = s.fitting;
  return {
    type_map: [...s.typeMap],
    descriptor: {
      type: d.type,
      sel: [...d.sel],
      rcut: d.rcut,
      rcut_smth: d.rcutSmth,
      neuron: [...d.neuron],
      ...inputKeysOf(d),
      type_one_side: d.typeOneSide,
      resnet_dt: d.resnetDt,
      activation_function: d.activation,
      exclude_types: d.excludeTypes.map((p) => [...p]),
      precision: d.precision,
    },
    fitting_net: {
      type: 'ener',
      neuron: [...f.neuron],
      resnet_dt: f.resnetDt,
      activation_function: f.activation,
      precision: f.precision,
    },
  };
}

/** Decode a binary `.pb` and convert it. */
export function modelFromPb(bytes: Uint8Array, where: string): ModelSpec {
  let gd: GraphDef;
  try {
    gd = decodeGraphDef(bytes);
  } catch (e) {
    if (e instanceof WireError)
      throw new ModelFormatError(`${where}: not a TensorFlow GraphDef (truncated or corrupted .pb?): ${e.message}`);
    throw e;
  }
  if (gd.nodes.length === 0) throw new ModelFormatError(`${where}: not a TensorFlow GraphDef (no nodes)`);
  return modelFromGraph(gd, where);
}
