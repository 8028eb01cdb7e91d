/**
 * Helpers for the Deep Potential benchmark and tests: DeePMD-kit's water example (deepmd/npy) read in
 * place from systems/water/data (vendored, see its README), replicated into supercells, and a model of the water example's size with
 * random (seeded) weights, built as DeePMD-kit's serialized dict and validated through spec.ts.
 *
 * Water example (examples/water/se_e2_a/input.json): se_e2_a, sel [46, 92], rcut 6.0, rcut_smth 0.5,
 * embedding [25, 50, 100] (resnet_dt false, type_one_side true), axis_neuron 16, fitting
 * [240, 240, 240] (resnet_dt true), type_map [O, H].
 */
import { readFileSync } from 'node:fs';
import { Box } from '../src/box.js';
import { Ghosts } from '../src/ghosts.js';
import { NeighborList } from '../src/neighbor_list.js';
import { envMat, formatNeighbors, NeighborScratch } from '../src/deepmd/kernels.js';
import { readNpy } from '../src/npy.js';
import { modelFromDict, modelToDict, type LayerSpec, type ModelSpec, type NetSpec } from '../src/deepmd/spec.js';

export interface Frame {
  /** natoms x 3, Å. */
  x: Float64Array;
  /** natoms, model type indices (0 = O, 1 = H). */
  type: Int32Array;
  /** Row-major cell (a, b, c rows), Å. */
  cell: Float64Array;
}

/** Frame `f` of a deepmd/npy system directory (set.000). */
export function readWaterFrame(dir: string, f = 0): Frame {
  const coord = readNpy(`${dir}/set.000/coord.npy`),
    box = readNpy(`${dir}/set.000/box.npy`);
  const type = Int32Array.from(readFileSync(`${dir}/type.raw`, 'utf8').trim().split(/\s+/).map(Number));
  const n = type.length;
  return { x: coord.data.slice(3 * n * f, 3 * n * (f + 1)), type, cell: box.data.slice(9 * f, 9 * f + 9) };
}

/** n1 x n2 x n3 supercell of an orthorhombic-or-triclinic frame. */
export function replicate(fr: Frame, n1: number, n2: number, n3: number): Frame {
  const n = fr.type.length,
    c = fr.cell,
    reps = n1 * n2 * n3;
  const x = new Float64Array(3 * n * reps),
    type = new Int32Array(n * reps);
  let k = 0;
  for (let a = 0; a < n1; a++)
    for (let b = 0; b < n2; b++)
      for (let d = 0; d < n3; d++) {
        const sh = [0, 1, 2].map((q) => a * c[q] + b * c[3 + q] + d * c[6 + q]);
        for (let i = 0; i < n; i++, k++) {
          for (let q = 0; q < 3; q++) x[3 * k + q] = fr.x[3 * i + q] + sh[q];
          type[k] = fr.type[i];
        }
      }
  const cell = Float64Array.from(c, (v, q) => v * (q < 3 ? n1 : q < 6 ? n2 : n3));
  return { x, type, cell };
}

/** Ghosts + full neighbor list at cutoff `cut` for a periodic frame. */
export function buildNeighbors(
  fr: Frame,
  cut: number,
  g = new Ghosts(),
  nl = new NeighborList(false),
): { g: Ghosts; nl: NeighborList } {
  const box = Box.fromCell(fr.cell);
  g.build(box, fr.x, fr.type, fr.type.length, cut);
  nl.build(g, cut);
  return { g, nl };
}

/** Smallest interatomic distance in a frame (Å), over the neighbor list. */
export function minNeighborDistance(g: Ghosts, nl: NeighborList): number {
  let m = Infinity;
  for (let i = 0; i < g.nlocal; i++) {
    for (let p = nl.offset[i]; p < nl.offset[i + 1]; p++) {
      const j = nl.list[p];
      const dx = g.xAll[3 * j] - g.xAll[3 * i],
        dy = g.xAll[3 * j + 1] - g.xAll[3 * i + 1],
        dz = g.xAll[3 * j + 2] - g.xAll[3 * i + 2];
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (r > 0 && r < m) m = r;
    }
  }
  return m;
}

/** Deterministic normal deviates (mulberry32 + Box-Muller). */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export interface WaterModelOptions {
  sel?: [number, number];
  neuron?: number[];
  axis?: number;
  fitting?: number[];
  seed?: number;
}

/**
 * A DeePMD-kit water-example-size se_e2_a model with random weights (DeePMD-kit's initialisation:
 * w ~ N(0, 1/sqrt(nin + nout)), b ~ N(0, 1), idt ~ N(0.1, 0.001)), davg/dstd from the environment
 * statistics of `stats` (DeePMD-kit's per-type-block rule: mean and std over all slots of a block,
 * padding counted as zero rows; std floored at 1e-2), energy biases of a water model. Built as the
 * serialized dict and read back through modelFromDict, so it is a valid DeePMD-kit model file.
 */
export function waterModel(stats: Frame, o: WaterModelOptions = {}): ModelSpec {
  const sel = o.sel ?? [46, 92],
    neuron = o.neuron ?? [25, 50, 100],
    axis = o.axis ?? 16,
    fit = o.fitting ?? [240, 240, 240];
  const rnd = gaussian(o.seed ?? 20240501);
  const rcut = 6.0,
    rcutSmth = 0.5,
    nt = 2,
    nnei = sel[0] + sel[1];
  const layer = (nin: number, nout: number, act: 'tanh' | 'none', idt: boolean, resnet: boolean): LayerSpec => ({
    nin,
    nout,
    w: Float64Array.from({ length: nin * nout }, () => rnd() / Math.sqrt(nin + nout)),
    b: Float64Array.from({ length: nout }, () => rnd()),
    idt: idt ? Float64Array.from({ length: nout }, () => 0.1 + 0.001 * rnd()) : null,
    activation: act,
    resnet,
    precision: 'float64',
  });
  const embedding = (): NetSpec => {
    const layers: LayerSpec[] = [];
    let prev = 1;
    for (const w of neuron) {
      layers.push(layer(prev, w, 'tanh', false, true));
      prev = w;
    }
    return {
      cls: 'EmbeddingNetwork',
      inDim: 1,
      neuron,
      activation: 'tanh',
      resnetDt: false,
      precision: 'float64',
      bias: true,
      outDim: prev,
      layers,
    };
  };
  const dimD = neuron[neuron.length - 1] * axis;
  const fitting = (): NetSpec => {
    const layers: LayerSpec[] = [];
    let prev = dimD;
    for (const w of fit) {
      layers.push(layer(prev, w, 'tanh', w === prev, true));
      prev = w;
    }
    layers.push(layer(prev, 1, 'none', false, false));
    return {
      cls: 'FittingNetwork',
      inDim: dimD,
      neuron: fit,
      activation: 'tanh',
      resnetDt: true,
      precision: 'float64',
      bias: true,
      outDim: 1,
      layers,
    };
  };
  // Environment statistics on the given frame (raw rows: davg 0, dstd 1).
  const davg = new Float64Array(nt * nnei * 4),
    dstd = new Float64Array(nt * nnei * 4).fill(1);
  const { g, nl } = buildNeighbors(stats, rcut);
  const n = g.nlocal,
    sec = Int32Array.of(0, sel[0], nnei);
  const nlist = new Int32Array(n * nnei),
    sc = new NeighborScratch();
  for (let i = 0; i < n; i++)
    formatNeighbors(
      i,
      nl.list,
      nl.offset[i],
      nl.offset[i + 1],
      g.xAll,
      g.type,
      rcut,
      sel,
      sec,
      nt,
      null,
      nlist,
      i * nnei,
      sc,
    );
  const env = new Float64Array(n * nnei * 4);
  envMat(
    {
      rcut,
      rcutSmth,
      protection: 0,
      ntypes: nt,
      nnei,
      ncomp: 4,
      davg: new Float64Array(nt * nnei * 4),
      dstd: new Float64Array(nt * nnei * 4).fill(1),
      excl: null,
    },
    0,
    n,
    nlist,
    g.xAll,
    g.type,
    env,
    new Float64Array(n * nnei * 12),
    new Float64Array(n * nnei * 3),
  );
  for (let ti = 0; ti < nt; ti++) {
    for (let tt = 0; tt < nt; tt++) {
      let cnt = 0,
        sr = 0,
        sr2 = 0,
        sa2 = 0;
      for (let i = 0; i < n; i++) {
        if (g.type[i] !== ti) continue;
        for (let s = sec[tt]; s < sec[tt + 1]; s++) {
          const e = (i * nnei + s) * 4;
          cnt++;
          sr += env[e];
          sr2 += env[e] * env[e];
          sa2 += env[e + 1] ** 2 + env[e + 2] ** 2 + env[e + 3] ** 2;
        }
      }
      const mr = sr / cnt,
        stdR = Math.max(1e-2, Math.sqrt(Math.max(0, sr2 / cnt - mr * mr))),
        stdA = Math.max(1e-2, Math.sqrt(sa2 / (3 * cnt)));
      for (let s = sec[tt]; s < sec[tt + 1]; s++) {
        const o4 = (ti * nnei + s) * 4;
        davg[o4] = mr;
        dstd[o4] = stdR;
        dstd[o4 + 1] = dstd[o4 + 2] = dstd[o4 + 3] = stdA;
      }
    }
  }
  const spec: ModelSpec = {
    typeMap: ['O', 'H'],
    descriptor: {
      type: 'se_e2_a',
      rcut,
      rcutSmth,
      sel: [...sel],
      neuron,
      axisNeuron: axis,
      typeOneSide: true,
      excludeTypes: [],
      envProtection: 0,
      resnetDt: false,
      activation: 'tanh',
      precision: 'float64',
      setDavgZero: false,
      davg,
      dstd,
      embeddings: [embedding(), embedding()],
    },
    fitting: {
      neuron: fit,
      resnetDt: true,
      activation: 'tanh',
      precision: 'float64',
      dimDescrpt: dimD,
      biasAtomE: Float64Array.of(-93.6, -187.2 / 4),
      excludeTypes: [],
      rcond: null,
      totEnerZero: false,
      nets: [fitting(), fitting()],
    },
    outBias: new Float64Array(2),
    outStd: Float64Array.of(1, 1),
    atomExcludeTypes: [],
    pairExcludeTypes: [],
    meta: {
      backend: 'dpmd-ts',
      software: 'dpmd-ts',
      version: '0.1.0',
      note: 'random weights, water-example size (scripts/deepmd_water.ts)',
    },
  };
  return modelFromDict(modelToDict(spec));
}
