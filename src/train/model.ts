/**
 * The trainable Deep Potential (a registered descriptor + ener fitting): hyper-parameters, statistics
 * (davg/dstd, bias_atom_e) and TangentNets whose Params live in ONE flat Float64Array (optionally on
 * a SharedArrayBuffer, so worker threads read the same weights), with a parallel flat gradient array.
 * Converts to/from the inference ModelSpec (DeePMD-kit's serialized layout, src/deepmd/spec.ts).
 */
import type { Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import type { FittingSpec, LayerSpec, ModelSpec, NetSpec } from '../deepmd/spec.js';
import type { DescriptorModule, DescriptorSpec } from '../deepmd/descriptors/descriptor.js';
import { descriptorModule } from '../deepmd/descriptors/registry.js';
import { makeTangentLayer, TangentNet, type TangentLayer } from './tangent_net.js';

export interface ModelConfig {
  typeMap: string[];
  /** Canonical descriptor type name (descriptors/registry.ts). */
  descriptor: DescriptorSpec['type'];
  rcut: number;
  rcutSmth: number;
  sel: number[];
  neuron: number[];
  /** se_e2_a's axis_neuron (ignored by descriptors without it). */
  axisNeuron: number;
  typeOneSide: boolean;
  embResnetDt: boolean;
  envProtection: number;
  setDavgZero: boolean;
  fitNeuron: number[];
  fitResnetDt: boolean;
  /** Passed through to the model file. */
  rcond: number | null;
}

export class TrainModel {
  readonly ntypes: number;
  readonly nnei: number;
  readonly ncomp: number;
  readonly ng: number;
  readonly dimD: number;
  /** The descriptor module (descriptors/). */
  readonly desc: DescriptorModule;
  readonly embeddings: TangentNet[];
  readonly fittings: TangentNet[];
  davg: Float64Array;
  dstd: Float64Array;
  biasAtomE: Float64Array;
  /** All parameter values / gradients, flat (Param.value / .grad are views). */
  flat: Float64Array;
  flatGrad: Float64Array;
  readonly params: Param[];

  constructor(
    readonly cfg: ModelConfig,
    storage?: { values: Float64Array; grads: Float64Array },
  ) {
    const nt = cfg.typeMap.length;
    this.ntypes = nt;
    this.nnei = cfg.sel.reduce((a, b) => a + b, 0);
    this.desc = descriptorModule({ type: cfg.descriptor });
    this.ncomp = this.desc.ncomp;
    this.ng = cfg.neuron[cfg.neuron.length - 1];
    this.dimD = this.desc.trainDimD(this.ng, cfg);
    const nEmb = cfg.typeOneSide ? nt : nt * nt;
    this.embeddings = [];
    for (let k = 0; k < nEmb; k++) {
      const layers: TangentLayer[] = [];
      let nin = 1;
      cfg.neuron.forEach((w, l) => {
        layers.push(
          makeTangentLayer(`emb${k}.layer${l}`, nin, w, { tanh: true, resnet: true, timestep: cfg.embResnetDt }),
        );
        nin = w;
      });
      this.embeddings.push(new TangentNet(layers));
    }
    this.fittings = [];
    for (let t = 0; t < nt; t++) {
      const layers: TangentLayer[] = [];
      let nin = this.dimD;
      cfg.fitNeuron.forEach((w, l) => {
        layers.push(
          makeTangentLayer(`fit${t}.layer${l}`, nin, w, {
            tanh: true,
            resnet: true,
            timestep: cfg.fitResnetDt && l > 0,
          }),
        );
        nin = w;
      });
      layers.push(
        makeTangentLayer(`fit${t}.layer${cfg.fitNeuron.length}`, nin, 1, {
          tanh: false,
          resnet: false,
          timestep: false,
        }),
      );
      this.fittings.push(new TangentNet(layers));
    }
    this.params = [...this.embeddings.flatMap((n) => n.params()), ...this.fittings.flatMap((n) => n.params())];
    const total = this.params.reduce((a, p) => a + p.value.length, 0);
    this.flat = storage?.values ?? new Float64Array(total);
    this.flatGrad = storage?.grads ?? new Float64Array(total);
    if (this.flat.length !== total || this.flatGrad.length !== total)
      throw new Error(`TrainModel: storage has ${this.flat.length} values, model needs ${total}`);
    let o = 0;
    for (const p of this.params) {
      const n = p.value.length;
      p.value = this.flat.subarray(o, o + n);
      o += n;
    }
    this.pointGrads(this.flatGrad);
    const sz = nt * this.nnei * this.ncomp;
    this.davg = new Float64Array(sz);
    this.dstd = new Float64Array(sz).fill(1);
    this.biasAtomE = new Float64Array(nt);
  }

  /**
   * Point every Param.grad view into buf (numParams long, the layout of flatGrad): the training engine
   * accumulates one atom group's gradient into its own array this way (train/batch_grad.ts).
   */
  pointGrads(buf: Float64Array): void {
    if (buf.length !== this.flat.length)
      throw new Error(`TrainModel.pointGrads: ${buf.length} values for ${this.flat.length} parameters`);
    let o = 0;
    for (const p of this.params) {
      const n = p.value.length;
      p.grad = buf.subarray(o, o + n);
      o += n;
    }
  }

  get numParams(): number {
    return this.flat.length;
  }

  /** DeePMD-kit's initialisation: w ~ N(0, 1/(nin+nout)), b ~ N(0, 1), idt ~ N(0.1, 0.001^2); output layer bias 0. */
  init(rng: Rng): void {
    const all = [...this.embeddings, ...this.fittings];
    for (const net of all) {
      net.layers.forEach((l, li) => {
        const isOut = this.fittings.includes(net) && li === net.layers.length - 1;
        const sw = 1 / Math.sqrt(l.nin + l.nout);
        for (let i = 0; i < l.w.value.length; i++) l.w.value[i] = sw * rng.normal();
        for (let i = 0; i < l.b.value.length; i++) l.b.value[i] = isOut ? 0 : rng.normal();
        if (l.idt) for (let i = 0; i < l.idt.value.length; i++) l.idt.value[i] = 0.1 + 0.001 * rng.normal();
      });
    }
  }

  /** Copy weights and statistics from a model spec of the same architecture (--init-model). */
  loadSpec(spec: ModelSpec): void {
    const d = spec.descriptor;
    const where = (what: string): never => {
      throw new Error(`init-model: ${what} differs from input.json`);
    };
    if (spec.typeMap.join(',') !== this.cfg.typeMap.join(',')) where(`type_map [${spec.typeMap}]`);
    if (
      d.type !== this.cfg.descriptor ||
      d.sel.join(',') !== this.cfg.sel.join(',') ||
      d.typeOneSide !== this.cfg.typeOneSide ||
      d.rcut !== this.cfg.rcut ||
      d.rcutSmth !== this.cfg.rcutSmth ||
      !this.desc.sameAsTrain(d, this.cfg)
    ) {
      where(
        `descriptor (type, sel, rcut, rcut_smth, type_one_side${this.desc.inputKeys.map((k) => ` or ${k}`).join('')})`,
      );
    }
    if (
      d.excludeTypes.length ||
      spec.pairExcludeTypes.length ||
      spec.atomExcludeTypes.length ||
      spec.fitting.excludeTypes.length
    )
      where('exclusion settings');
    const copyNet = (src: NetSpec | null, dst: TangentNet, name: string) => {
      if (!src || src.layers.length !== dst.layers.length) where(`${name} layers`);
      src!.layers.forEach((l, i) => {
        const t = dst.layers[i];
        if (l.nin !== t.nin || l.nout !== t.nout) where(`${name} layer ${i} shape`);
        if ((l.idt !== null) !== (t.idt !== null)) where(`${name} layer ${i} timestep (resnet_dt)`);
        if (l.resnet !== t.resnetFlag) where(`${name} layer ${i} resnet`);
        const act = l.activation === 'linear' ? 'none' : l.activation;
        if (act !== t.activation) where(`${name} layer ${i} activation '${l.activation}'`);
        t.w.value.set(l.w);
        if (l.b) t.b.value.set(l.b);
        else t.b.value.fill(0);
        if (t.idt) {
          if (l.idt) t.idt.value.set(l.idt);
          else t.idt.value.fill(1);
        }
      });
    };
    this.embeddings.forEach((n, k) => {
      copyNet(d.embeddings[k], n, `embedding ${k}`);
    });
    this.fittings.forEach((n, k) => {
      copyNet(spec.fitting.nets[k], n, `fitting ${k}`);
    });
    this.davg.set(d.davg);
    this.dstd.set(d.dstd);
    for (let t = 0; t < this.ntypes; t++) this.biasAtomE[t] = spec.fitting.biasAtomE[t] + spec.outBias[t];
  }

  /** The inference spec (DeePMD-kit serialized layout, float64). */
  toSpec(meta: Record<string, unknown> = {}): ModelSpec {
    const c = this.cfg;
    const layerSpec = (l: TangentLayer): LayerSpec => ({
      nin: l.nin,
      nout: l.nout,
      w: Float64Array.from(l.w.value),
      b: Float64Array.from(l.b.value),
      idt: l.idt ? Float64Array.from(l.idt.value) : null,
      activation: l.tanh ? 'tanh' : 'none',
      resnet: l.resnetFlag,
      precision: 'float64',
    });
    const netSpec = (
      n: TangentNet,
      cls: 'EmbeddingNetwork' | 'FittingNetwork',
      neuron: number[],
      resnetDt: boolean,
    ): NetSpec => ({
      cls,
      inDim: n.nin,
      neuron: [...neuron],
      activation: 'tanh',
      resnetDt,
      precision: 'float64',
      bias: true,
      outDim: cls === 'FittingNetwork' ? 1 : n.nout,
      layers: n.layers.map(layerSpec),
    });
    const descriptor: DescriptorSpec = this.desc.fromTrain(
      {
        rcut: c.rcut,
        rcutSmth: c.rcutSmth,
        sel: [...c.sel],
        neuron: [...c.neuron],
        typeOneSide: c.typeOneSide,
        excludeTypes: [],
        envProtection: c.envProtection,
        resnetDt: c.embResnetDt,
        activation: 'tanh',
        precision: 'float64',
        setDavgZero: c.setDavgZero,
        davg: Float64Array.from(this.davg),
        dstd: Float64Array.from(this.dstd),
        embeddings: this.embeddings.map((n) => netSpec(n, 'EmbeddingNetwork', c.neuron, c.embResnetDt)),
        compress: null,
      },
      c,
    );
    const fitting: FittingSpec = {
      neuron: [...c.fitNeuron],
      resnetDt: c.fitResnetDt,
      activation: 'tanh',
      precision: 'float64',
      dimDescrpt: this.dimD,
      biasAtomE: Float64Array.from(this.biasAtomE),
      excludeTypes: [],
      rcond: c.rcond,
      totEnerZero: false,
      nets: this.fittings.map((n) => netSpec(n, 'FittingNetwork', c.fitNeuron, c.fitResnetDt)),
    };
    return {
      typeMap: [...c.typeMap],
      descriptor,
      fitting,
      outBias: new Float64Array(this.ntypes),
      outStd: new Float64Array(this.ntypes).fill(1),
      atomExcludeTypes: [],
      pairExcludeTypes: [],
      meta: { backend: 'dpmd-ts', software: 'dpmd-ts', ...meta },
    };
  }
}
