/**
 * Validated, serialisable description of a DeePMD-kit energy model (descriptor se_e2_a or se_e2_r,
 * energy fitting), read from DeePMD-kit's serialized dict (the content of a `.yaml` / `.dp` file, see
 * model_file.ts) and written back to the same dict layout. The spec holds parameters only; the
 * evaluator (evaluator.ts) binds it to kernels.
 *
 * Everything DeePMD-kit could put in the dict but that this code does not implement stops with an
 * error naming the class and the key (e.g. `Fitting: unsupported numb_fparam = 2`).
 */

/** Dense float64 array with its shape (row-major). */
export interface NdArray {
  shape: number[];
  data: Float64Array;
}

import type { ACTIVATIONS } from './spec_read.js';
export { ACTIVATIONS, ModelFormatError } from './spec_read.js';
export type Activation = (typeof ACTIVATIONS)[number];

/** One dense layer: y = act(x W + b) * idt (+ x or + [x, x] when resnet and widths allow). */
export interface LayerSpec {
  nin: number;
  nout: number;
  /** nin x nout, row-major. */
  w: Float64Array;
  /** nout, or null (bias false). */
  b: Float64Array | null;
  /** nout timestep scale (resnet_dt), or null. */
  idt: Float64Array | null;
  activation: Activation;
  resnet: boolean;
  precision: string;
}

export interface NetSpec {
  /** 'EmbeddingNetwork' or 'FittingNetwork' (kept for serialisation). */
  cls: 'EmbeddingNetwork' | 'FittingNetwork';
  inDim: number;
  neuron: number[];
  activation: Activation;
  resnetDt: boolean;
  precision: string;
  bias: boolean;
  /** FittingNetwork only. */
  outDim: number;
  layers: LayerSpec[];
}

/** Descriptor specs: a discriminated union on `type` over the registered modules (descriptors/). */
export type { DescriptorCommon, DescriptorSpec } from './descriptors/descriptor.js';
import type { DescriptorCommon, DescriptorSpec } from './descriptors/descriptor.js';
import { descriptorModule, descriptorNames, findDescriptor } from './descriptors/registry.js';
import { compressFromDict, compressToDict } from './compress.js';

export interface FittingSpec {
  neuron: number[];
  resnetDt: boolean;
  activation: Activation;
  precision: string;
  dimDescrpt: number;
  /** ntypes. */
  biasAtomE: Float64Array;
  /** Atom types whose fitted energy (incl. bias_atom_e) is zeroed. */
  excludeTypes: number[];
  rcond: number | null;
  totEnerZero: boolean;
  /** One net per atom type. */
  nets: NetSpec[];
}

export interface ModelSpec {
  typeMap: string[];
  descriptor: DescriptorSpec;
  fitting: FittingSpec;
  /** ntypes: added to every atomic energy after the fitting (DeePMD-kit apply_out_stat). */
  outBias: Float64Array;
  /** ntypes: kept for serialisation, not used for energies. */
  outStd: Float64Array;
  atomExcludeTypes: number[];
  pairExcludeTypes: [number, number][];
  /** Top-level metadata kept for serialisation (software, version, model_def_script, ...). */
  meta: Record<string, unknown>;
}

import {
  activation,
  arr,
  bool,
  checkKeys,
  checkVersion,
  fail,
  ModelFormatError,
  intList,
  isDict,
  MAX_LAYERS,
  MAX_NTYPES,
  MAX_RCUT,
  MAX_SEL,
  MAX_WIDTH,
  num,
  pairList,
  refuseUnless,
  show,
  str,
  vars,
  type Dict,
} from './spec_read.js';

function layerFromDict(d: unknown, where: string): LayerSpec {
  const cls = `Layer (${where})`;
  if (!isDict(d)) fail(cls, 'layers', 'expected a mapping');
  if (d['@class'] !== undefined && d['@class'] !== 'Layer')
    fail(cls, '@class', `unsupported class ${show(d['@class'])}`);
  checkKeys(d, cls, [
    '@class',
    '@version',
    '@variables',
    'activation_function',
    'bias',
    'precision',
    'resnet',
    'use_timestep',
    'trainable',
  ]);
  checkVersion(d, cls, 'Layer');
  const v = vars(d, cls);
  checkKeys(v, cls, ['w', 'b', 'idt']);
  const w = arr(v.w, cls, 'w');
  if (w.shape.length !== 2) fail(cls, 'w', `expected a 2-d weight, got shape [${w.shape}]`);
  const [nin, nout] = w.shape;
  if (nin < 1 || nout < 1 || nin > MAX_WIDTH || nout > MAX_WIDTH)
    fail(cls, 'w', `shape [${w.shape}] outside 1..${MAX_WIDTH}`);
  const hasBias = bool(d, cls, 'bias', true);
  const b = v.b === null || v.b === undefined ? null : arr(v.b, cls, 'b', nout).data;
  if (hasBias !== (b !== null))
    fail(cls, 'bias', hasBias ? 'bias is true but b is missing' : 'bias is false but b is given (inconsistent layer)');
  const useTimestep = bool(d, cls, 'use_timestep', false);
  const idt = v.idt === null || v.idt === undefined ? null : arr(v.idt, cls, 'idt', nout).data;
  if (useTimestep !== (idt !== null))
    fail(
      cls,
      'use_timestep',
      useTimestep
        ? 'use_timestep is true but idt is missing'
        : 'use_timestep is false but idt is given (inconsistent layer)',
    );
  return {
    nin,
    nout,
    w: w.data,
    b: hasBias ? b : null,
    idt: useTimestep ? idt : null,
    activation: activation(d, cls, 'activation_function'),
    resnet: bool(d, cls, 'resnet', false),
    precision: str(d, cls, 'precision', 'float64'),
  };
}

function netFromDict(d: unknown, where: string, kind: 'EmbeddingNetwork' | 'FittingNetwork'): NetSpec | null {
  if (d === null || d === undefined || (isDict(d) && Object.keys(d).length === 0)) return null;
  const cls = `${kind} (${where})`;
  if (!isDict(d)) fail(cls, 'networks', 'expected a mapping');
  if (d['@class'] !== kind) fail(cls, '@class', `unsupported class ${show(d['@class'])}, expected '${kind}'`);
  checkKeys(d, cls, [
    '@class',
    '@version',
    'activation_function',
    'bias',
    'bias_out',
    'in_dim',
    'out_dim',
    'layers',
    'neuron',
    'precision',
    'resnet_dt',
    'trainable',
    'seed',
  ]);
  checkVersion(d, cls, kind);
  const layersRaw = d.layers;
  if (!Array.isArray(layersRaw) || layersRaw.length === 0) fail(cls, 'layers', 'expected a non-empty list');
  if (layersRaw.length > MAX_LAYERS)
    fail(cls, 'layers', `${layersRaw.length} layers, more than the dpmd-ts bound ${MAX_LAYERS}`);
  const layers = layersRaw.map((l, i) => layerFromDict(l, `${where} layer ${i}`));
  const inDim = num(d, cls, 'in_dim');
  let prev = inDim;
  for (const [i, l] of layers.entries()) {
    if (l.nin !== prev) fail(cls, 'layers', `layer ${i} takes ${l.nin} inputs but the previous width is ${prev}`);
    prev = l.nout;
  }
  // neuron must describe the layers (hidden widths; a FittingNetwork's last layer is its output)
  const neuron = intList(d, cls, 'neuron', undefined, 1, MAX_WIDTH);
  const widths = layers.slice(0, kind === 'FittingNetwork' ? -1 : undefined).map((l) => l.nout);
  if (neuron.length !== widths.length || neuron.some((x, i) => x !== widths[i]))
    fail(cls, 'neuron', `neuron [${neuron}] does not match the layer widths [${widths}]`);
  return {
    cls: kind,
    inDim,
    neuron,
    activation: activation(d, cls, 'activation_function'),
    resnetDt: bool(d, cls, 'resnet_dt', false),
    precision: str(d, cls, 'precision', 'float64'),
    bias: bool(d, cls, kind === 'FittingNetwork' ? 'bias_out' : 'bias', true),
    outDim: kind === 'FittingNetwork' ? num(d, cls, 'out_dim', 1) : layers[layers.length - 1].nout,
    layers,
  };
}

function collection(
  d: unknown,
  cls: string,
  key: string,
  ndim: number,
  ntypes: number,
  kind: 'EmbeddingNetwork' | 'FittingNetwork',
): (NetSpec | null)[] {
  const c = 'NetworkCollection';
  if (!isDict(d)) fail(cls, key, 'expected a NetworkCollection');
  if (d['@class'] !== c) fail(c, '@class', `unsupported class ${show(d['@class'])}`);
  checkKeys(d, c, ['@class', '@version', 'ndim', 'network_type', 'networks', 'ntypes']);
  checkVersion(d, c, c);
  if (d.ndim !== ndim) fail(c, 'ndim', `expected ndim ${ndim} for ${cls}, got ${show(d.ndim)}`);
  if (d.ntypes !== ntypes) fail(c, 'ntypes', `expected ${ntypes}, got ${show(d.ntypes)}`);
  const nets = d.networks;
  const n = ntypes ** ndim;
  if (!Array.isArray(nets) || nets.length !== n) fail(c, 'networks', `expected ${n} networks`);
  return nets.map((x, i) => netFromDict(x, `${cls} net ${i}`, kind));
}

function descriptorFromDict(d: unknown, ntypes: number): DescriptorSpec {
  if (!isDict(d)) fail('Model', 'descriptor', 'expected a mapping');
  if (typeof d.type !== 'string') fail('Descriptor', 'type', `expected the descriptor type name, got ${show(d.type)}`);
  const type = d.type;
  const mod = findDescriptor(type);
  if (!mod)
    fail(`Descriptor`, 'type', `unsupported descriptor type '${type}' (supported: ${descriptorNames().join(', ')})`);
  const cls = `Descriptor (${type})`;
  if (d['@class'] !== 'Descriptor') fail(cls, '@class', `unsupported class ${show(d['@class'])}`);
  checkKeys(d, cls, [
    '@class',
    '@version',
    '@variables',
    'type',
    'activation_function',
    'embeddings',
    'env_mat',
    'env_protection',
    'exclude_types',
    'neuron',
    'precision',
    'rcut',
    'rcut_smth',
    'resnet_dt',
    'sel',
    'set_davg_zero',
    'spin',
    'trainable',
    'type_map',
    'type_one_side',
    'seed',
    'ntypes',
    ...mod.dictKeys,
    ...(mod.compressible ? ['compress'] : []),
  ]);
  checkVersion(d, cls, 'Descriptor');
  if (d.spin !== null && d.spin !== undefined) fail(cls, 'spin', 'spin models are not supported by dpmd-ts');
  const sel = intList(d, cls, 'sel', undefined, 0, MAX_SEL);
  if (sel.length !== ntypes) fail(cls, 'sel', `has ${sel.length} entries for ${ntypes} types`);
  const rcut = num(d, cls, 'rcut');
  if (rcut > MAX_RCUT)
    fail(
      cls,
      'rcut',
      `rcut = ${rcut} exceeds the dpmd-ts bound ${MAX_RCUT} Å (ghost atoms and neighbor lists grow as rcut³)`,
    );
  const rcutSmth = num(d, cls, 'rcut_smth');
  if (!(rcutSmth < rcut) || rcut <= 0) fail(cls, 'rcut_smth', `need 0 <= rcut_smth < rcut, got ${rcutSmth}, ${rcut}`);
  const envProtection = num(d, cls, 'env_protection', 0);
  if (envProtection < 0) fail(cls, 'env_protection', `must be >= 0, got ${envProtection}`);
  if (d.ntypes !== undefined && d.ntypes !== ntypes)
    fail(cls, 'ntypes', `is ${show(d.ntypes)}, type_map has ${ntypes} types`);
  envMatCheck(d.env_mat, cls, rcut, rcutSmth, envProtection);
  const neuron = intList(d, cls, 'neuron', undefined, 1, MAX_WIDTH);
  if (neuron.length === 0 || neuron.length > MAX_LAYERS) fail(cls, 'neuron', `needs 1..${MAX_LAYERS} widths`);
  const typeOneSide = bool(d, cls, 'type_one_side', true);
  const nnei = sel.reduce((a, b) => a + b, 0);
  if (nnei < 1 || nnei > MAX_SEL) fail(cls, 'sel', `sum(sel) = ${nnei} must be in 1..${MAX_SEL} (dpmd-ts bound)`);
  const ncomp = mod.ncomp;
  const v = vars(d, cls);
  checkKeys(v, cls, ['davg', 'dstd']);
  const davg = arr(v.davg, cls, 'davg', ntypes * nnei * ncomp).data;
  const dstd = arr(v.dstd, cls, 'dstd', ntypes * nnei * ncomp).data;
  for (let i = 0; i < dstd.length; i++)
    if (Math.abs(dstd[i]) < 1e-12)
      fail(cls, 'dstd', `value ${dstd[i]} at index ${i} is (nearly) zero: it divides the environment matrix`);
  const excludeTypes = pairList(d, cls, 'exclude_types', ntypes);
  const embeddings = collection(d.embeddings, cls, 'embeddings', typeOneSide ? 1 : 2, ntypes, 'EmbeddingNetwork');
  const ng = neuron[neuron.length - 1];
  embeddings.forEach((net, i) => {
    if (!net) {
      // Only nets of excluded (ti, tt) pairs may be cleared.
      const ti = i % ntypes,
        tt = Math.floor(i / ntypes);
      if (typeOneSide || !excludeTypes.some(([a, b]) => (a === ti && b === tt) || (a === tt && b === ti))) {
        fail(cls, 'embeddings', `network ${i} is empty`);
      }
      return;
    }
    if (net.inDim !== 1 || net.layers[net.layers.length - 1].nout !== ng)
      fail(cls, 'embeddings', `network ${i} must map 1 -> ${ng}`);
  });
  const common: DescriptorCommon = {
    rcut,
    rcutSmth,
    sel,
    neuron,
    typeOneSide,
    excludeTypes,
    envProtection,
    resnetDt: bool(d, cls, 'resnet_dt', false),
    activation: activation(d, cls, 'activation_function'),
    precision: str(d, cls, 'precision', 'float64'),
    setDavgZero: bool(d, cls, 'set_davg_zero', false),
    davg,
    dstd,
    embeddings,
    compress: d.compress === undefined || d.compress === null ? null : compressFromDict(d.compress, embeddings, ng),
  };
  return mod.fromDict(d, cls, common);
}

/**
 * env_mat (EnvMat.serialize: rcut, rcut_smth, protection, use_exp_switch). DeePMD-kit's se_e2_a /
 * se_e2_r rebuild it from the descriptor's own keys on reading, so it must agree with them; the
 * exponential switch (env_mat.py compute_exp_sw) is only used by DPA-3-type descriptors and is refused.
 */
function envMatCheck(e: unknown, cls: string, rcut: number, rcutSmth: number, protection: number): void {
  if (e === undefined || e === null) return;
  const c = `${cls} env_mat`;
  if (!isDict(e)) fail(c, 'env_mat', 'expected a mapping');
  checkKeys(e, c, ['rcut', 'rcut_smth', 'protection', 'use_exp_switch', '@class', '@version']);
  refuseUnless(
    e,
    c,
    'use_exp_switch',
    (v) => v === false || v === null,
    'the exponential switch exp(-exp(20 (r - rcut_smth) / rcut_smth)) is not implemented for se_e2_a / se_e2_r',
  );
  const same = (k: string, want: number): void => {
    if (e[k] !== undefined && e[k] !== want)
      fail(c, k, `env_mat ${k} = ${JSON.stringify(e[k])} differs from the descriptor's ${want}`);
  };
  same('rcut', rcut);
  same('rcut_smth', rcutSmth);
  same('protection', protection);
}

function fittingFromDict(d: unknown, ntypes: number, dimDescrpt: number): FittingSpec {
  if (!isDict(d)) fail('Model', 'fitting', 'expected a mapping');
  if (typeof d.type !== 'string') fail('Fitting', 'type', `expected the fitting type name, got ${show(d.type)}`);
  const type = d.type;
  if (type !== 'ener' && type !== 'invar')
    fail('Fitting', 'type', `unsupported fitting type '${type}' (supported: ener, invar with var_name energy)`);
  const cls = `Fitting (${type})`;
  if (d['@class'] !== 'Fitting') fail(cls, '@class', `unsupported class ${show(d['@class'])}`);
  checkKeys(d, cls, [
    '@class',
    '@version',
    '@variables',
    'type',
    'activation_function',
    'atom_ener',
    'dim_descrpt',
    'dim_out',
    'exclude_types',
    'layer_name',
    'mixed_types',
    'nets',
    'neuron',
    'ntypes',
    'numb_aparam',
    'numb_fparam',
    'precision',
    'rcond',
    'resnet_dt',
    'spin',
    'tot_ener_zero',
    'trainable',
    'type_map',
    'use_aparam_as_mask',
    'var_name',
    'dim_case_embd',
    'seed',
    'default_fparam',
    'remove_vaccum_contribution',
    'bias_atom_e',
    'type_one_side',
  ]);
  checkVersion(d, cls, 'Fitting');
  for (const k of ['numb_fparam', 'numb_aparam', 'dim_case_embd']) {
    if ((d[k] ?? 0) !== 0)
      fail(cls, k, `unsupported ${k} = ${show(d[k])}: frame/atomic/case parameters are not supported by dpmd-ts`);
  }
  // with numb_fparam = numb_aparam = 0 these have no effect (general_fitting.py _call_common)
  bool(d, cls, 'use_aparam_as_mask', false);
  if (d.mixed_types === true) fail(cls, 'mixed_types', 'mixed_types fitting is not supported by dpmd-ts');
  if (d.spin !== null && d.spin !== undefined) fail(cls, 'spin', 'spin models are not supported by dpmd-ts');
  if (d.layer_name !== null && d.layer_name !== undefined)
    fail(cls, 'layer_name', 'shared fitting layers are not supported by dpmd-ts');
  refuseUnless(
    d,
    cls,
    'remove_vaccum_contribution',
    (x) => x === null || (Array.isArray(x) && x.every((y) => y === false)),
    'subtracting the fitting net at zero descriptor (atom_ener) is not implemented',
  );
  if ((d.dim_out ?? 1) !== 1) fail(cls, 'dim_out', `energy fitting must have dim_out 1, got ${show(d.dim_out)}`);
  if ((d.var_name ?? 'energy') !== 'energy')
    fail(cls, 'var_name', `unsupported var_name ${show(d.var_name)} (not supported by dpmd-ts: energy models only)`);
  if (Array.isArray(d.atom_ener) && d.atom_ener.some((x) => x !== null))
    fail(cls, 'atom_ener', `atom_ener ${JSON.stringify(d.atom_ener)} (vacuum energy) is not supported by dpmd-ts`);
  if (d.atom_ener !== null && d.atom_ener !== undefined && !Array.isArray(d.atom_ener))
    fail(cls, 'atom_ener', 'expected a list');
  if (d.dim_descrpt !== undefined && d.dim_descrpt !== dimDescrpt)
    fail(cls, 'dim_descrpt', `is ${show(d.dim_descrpt)}, descriptor gives ${dimDescrpt}`);
  if (d.ntypes !== undefined && d.ntypes !== ntypes)
    fail(cls, 'ntypes', `is ${show(d.ntypes)}, type_map has ${ntypes} types`);
  const v = vars(d, cls);
  checkKeys(v, cls, [
    'bias_atom_e',
    'fparam_avg',
    'fparam_inv_std',
    'aparam_avg',
    'aparam_inv_std',
    'case_embd',
    'default_fparam',
    'scale',
  ]);
  if (v.scale !== undefined && v.scale !== null && arr(v.scale, cls, 'scale').data.some((x) => x !== 1)) {
    fail(cls, 'scale', 'a fitting output scale other than 1 is not supported by dpmd-ts');
  }
  const biasAtomE = arr(v.bias_atom_e, cls, 'bias_atom_e', ntypes).data;
  const nets = collection(d.nets, cls, 'nets', 1, ntypes, 'FittingNetwork').map((n, i) => {
    if (!n) fail(cls, 'nets', `network ${i} is empty`);
    if (n.inDim !== dimDescrpt || n.layers[n.layers.length - 1].nout !== 1)
      fail(cls, 'nets', `network ${i} must map ${dimDescrpt} -> 1`);
    return n;
  });
  const excl = intList(d, cls, 'exclude_types', []);
  if (excl.some((t) => t < 0 || t >= ntypes)) fail(cls, 'exclude_types', `types must be in 0..${ntypes - 1}`);
  return {
    neuron: intList(d, cls, 'neuron', undefined, 1, MAX_WIDTH),
    resnetDt: bool(d, cls, 'resnet_dt', true),
    activation: activation(d, cls, 'activation_function'),
    precision: str(d, cls, 'precision', 'float64'),
    dimDescrpt,
    biasAtomE,
    excludeTypes: excl,
    rcond: typeof d.rcond === 'number' ? d.rcond : null,
    totEnerZero: bool(d, cls, 'tot_ener_zero', false),
    nets,
  };
}

/**
 * Build a ModelSpec from DeePMD-kit's serialized dict (arrays already decoded to NdArray). Accepts
 * the whole file dict ({model: {...}, backend, software, ...}) or the bare model dict.
 */
export function modelFromDict(root: unknown): ModelSpec {
  if (!isDict(root)) throw new ModelFormatError('model file: expected a mapping at the top level');
  const m = isDict(root.model) ? root.model : root;
  const meta: Record<string, unknown> = {};
  if (m !== root) for (const [k, v] of Object.entries(root)) if (k !== 'model') meta[k] = v;
  const cls = 'Model';
  if (m['@class'] !== 'Model') fail(cls, '@class', `unsupported class ${show(m['@class'])}`);
  const type = m.type ?? 'standard';
  if (type !== 'standard')
    fail(cls, 'type', `unsupported model type ${show(type)} (supported: standard energy models)`);
  checkKeys(m, cls, [
    '@class',
    '@version',
    '@variables',
    'type',
    'type_map',
    'descriptor',
    'fitting',
    'atom_exclude_types',
    'pair_exclude_types',
    'preset_out_bias',
    'rcond',
    'data_stat_protect',
  ]);
  checkVersion(m, cls, 'Model');
  const typeMap = m.type_map;
  if (!Array.isArray(typeMap) || typeMap.length === 0 || !typeMap.every((t) => typeof t === 'string'))
    fail(cls, 'type_map', 'expected a list of names');
  const ntypes = typeMap.length;
  if (ntypes > MAX_NTYPES) fail(cls, 'type_map', `${ntypes} types, more than the dpmd-ts bound ${MAX_NTYPES}`);
  if (new Set(typeMap).size !== ntypes) fail(cls, 'type_map', `repeated names in [${typeMap.join(', ')}]`);
  // the sub-dicts repeat the model's type_map (DeePMD-kit writes the same list three times)
  for (const part of ['descriptor', 'fitting']) {
    const sub = m[part];
    const tm = isDict(sub) ? sub.type_map : undefined;
    if (tm !== undefined && tm !== null && JSON.stringify(tm) !== JSON.stringify(typeMap)) {
      fail(
        `Model ${part}`,
        'type_map',
        `${part}.type_map ${JSON.stringify(tm).slice(0, 80)} differs from the model's [${typeMap.join(', ')}]`,
      );
    }
  }
  const descriptor = descriptorFromDict(m.descriptor, ntypes);
  const dimDescrpt = descriptorModule(descriptor).dimD(descriptor);
  const fitting = fittingFromDict(m.fitting, ntypes, dimDescrpt);
  const v = vars(m, cls);
  checkKeys(v, cls, ['out_bias', 'out_std']);
  const outBias =
    v.out_bias === undefined || v.out_bias === null
      ? new Float64Array(ntypes)
      : arr(v.out_bias, cls, 'out_bias', ntypes).data;
  const outStd =
    v.out_std === undefined || v.out_std === null
      ? new Float64Array(ntypes).fill(1)
      : arr(v.out_std, cls, 'out_std', ntypes).data;
  // out_std is kept for serialisation: DeePMD-kit's apply_out_stat adds out_bias to the energy and does not scale by out_std
  const atomExcl = intList(m, cls, 'atom_exclude_types', []);
  if (atomExcl.some((t) => t < 0 || t >= ntypes)) fail(cls, 'atom_exclude_types', `types must be in 0..${ntypes - 1}`);
  return {
    typeMap: typeMap as string[],
    descriptor,
    fitting,
    outBias: Float64Array.from(outBias),
    outStd: Float64Array.from(outStd),
    atomExcludeTypes: atomExcl,
    pairExcludeTypes: pairList(m, cls, 'pair_exclude_types', ntypes),
    meta,
  };
}

// ---------------------------------------------------------------------------------------------
// Serialisation back to DeePMD-kit's dict layout (arrays as NdArray; model_file.ts encodes them).

function nd(data: Float64Array, shape: number[]): NdArray {
  return { shape, data: Float64Array.from(data) };
}

function layerToDict(l: LayerSpec): Dict {
  return {
    '@class': 'Layer',
    '@version': 1,
    '@variables': {
      w: nd(l.w, [l.nin, l.nout]),
      b: l.b ? nd(l.b, [l.nout]) : null,
      idt: l.idt ? nd(l.idt, [l.nout]) : null,
    },
    activation_function: l.activation,
    bias: l.b !== null,
    precision: l.precision,
    resnet: l.resnet,
    use_timestep: l.idt !== null,
  };
}

function netToDict(n: NetSpec | null): Dict {
  if (!n) return {};
  const d: Dict = {
    '@class': n.cls,
    '@version': n.cls === 'EmbeddingNetwork' ? 2 : 1,
    activation_function: n.activation,
    in_dim: n.inDim,
    layers: n.layers.map(layerToDict),
    neuron: n.neuron,
    precision: n.precision,
    resnet_dt: n.resnetDt,
  };
  if (n.cls === 'EmbeddingNetwork') d.bias = n.bias;
  else {
    d.bias_out = n.bias;
    d.out_dim = n.outDim;
  }
  return d;
}

/** Inverse of modelFromDict: the whole file dict, DeePMD-kit layout. */
export function modelToDict(s: ModelSpec): Dict {
  const ntypes = s.typeMap.length;
  const dsc = s.descriptor;
  const nnei = dsc.sel.reduce((a, b) => a + b, 0);
  const mod = descriptorModule(dsc);
  const ncomp = mod.ncomp;
  const descriptor: Dict = {
    '@class': 'Descriptor',
    '@version': 2,
    type: mod.dictName,
    '@variables': { davg: nd(dsc.davg, [ntypes, nnei, ncomp]), dstd: nd(dsc.dstd, [ntypes, nnei, ncomp]) },
    activation_function: dsc.activation,
    embeddings: {
      '@class': 'NetworkCollection',
      '@version': 1,
      ndim: dsc.typeOneSide ? 1 : 2,
      network_type: 'embedding_network',
      ntypes,
      networks: dsc.embeddings.map(netToDict),
    },
    env_mat: { rcut: dsc.rcut, rcut_smth: dsc.rcutSmth },
    env_protection: dsc.envProtection,
    exclude_types: dsc.excludeTypes.map((p) => [...p]),
    neuron: [...dsc.neuron],
    precision: dsc.precision,
    rcut: dsc.rcut,
    rcut_smth: dsc.rcutSmth,
    resnet_dt: dsc.resnetDt,
    sel: [...dsc.sel],
    set_davg_zero: dsc.setDavgZero,
    spin: null,
    trainable: true,
    type_map: [...s.typeMap],
    type_one_side: dsc.typeOneSide,
  };
  Object.assign(descriptor, mod.toDict(dsc));
  if (dsc.compress) descriptor.compress = compressToDict(dsc.compress, dsc.neuron[dsc.neuron.length - 1]);
  const f = s.fitting;
  const fitting: Dict = {
    '@class': 'Fitting',
    '@version': 2,
    type: 'ener',
    '@variables': {
      bias_atom_e: nd(f.biasAtomE, [ntypes, 1]),
      fparam_avg: null,
      fparam_inv_std: null,
      aparam_avg: null,
      aparam_inv_std: null,
    },
    activation_function: f.activation,
    atom_ener: [],
    dim_descrpt: f.dimDescrpt,
    dim_out: 1,
    exclude_types: [...f.excludeTypes],
    layer_name: null,
    mixed_types: false,
    nets: {
      '@class': 'NetworkCollection',
      '@version': 1,
      ndim: 1,
      network_type: 'fitting_network',
      ntypes,
      networks: f.nets.map(netToDict),
    },
    neuron: [...f.neuron],
    ntypes,
    numb_aparam: 0,
    numb_fparam: 0,
    precision: f.precision,
    rcond: f.rcond,
    resnet_dt: f.resnetDt,
    spin: null,
    tot_ener_zero: f.totEnerZero,
    trainable: true,
    type_map: [...s.typeMap],
    use_aparam_as_mask: false,
    var_name: 'energy',
  };
  const model: Dict = {
    '@class': 'Model',
    '@version': 2,
    type: 'standard',
    type_map: [...s.typeMap],
    '@variables': { out_bias: nd(s.outBias, [1, ntypes, 1]), out_std: nd(s.outStd, [1, ntypes, 1]) },
    atom_exclude_types: [...s.atomExcludeTypes],
    descriptor,
    fitting,
    pair_exclude_types: s.pairExcludeTypes.map((p) => [...p]),
    preset_out_bias: null,
    rcond: null,
  };
  return { ...s.meta, model };
}
