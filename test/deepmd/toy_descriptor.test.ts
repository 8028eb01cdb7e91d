/**
 * A new descriptor is one module plus one registry line: a toy "se_toy_sr" defined entirely in this
 * file (not shipped) runs through the inference evaluator, the serialized dict, ONNX export and
 * training, checked against central differences and the TypeScript evaluator.
 *
 * se_toy_sr: the se_e2_r environment (s = w(r)/r, one component per slot), contracted with the
 * radial feature as a weight,   D = (1/nnei) Σ_j s_j G(s_j)   (ng).
 *   backward  dE/ds_j = (1/nnei) Σ_m dD_m (G_jm + s_j G'_jm)
 *   tangent   Dd = (1/nnei) Σ_j τ_j (G_j + s_j G'_j)
 *   reverse   G adjoint (1/nnei)(Db s_j + Ddb τ_j),  G' (unit-tangent output) adjoint (1/nnei) Ddb s_j τ_j
 */
import { describe, expect, it } from 'vitest';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { DeepPotEvaluator, type EvalOutput } from '../../src/deepmd/evaluator.js';
import { modelToYaml, parseModelText } from '../../src/deepmd/model_file.js';
import { DeepPotOnnxEvaluator } from '../../src/deepmd/onnx_export.js';
import { modelFromDict, modelToDict, type ModelSpec } from '../../src/deepmd/spec.js';
import { compressModel } from '../../src/deepmd/compress.js';
import type { DescriptorCommon, DescriptorModule } from '../../src/deepmd/descriptors/descriptor.js';
import { findDescriptor, registerDescriptor } from '../../src/deepmd/descriptors/registry.js';
import { TrainModel, type ModelConfig } from '../../src/train/model.js';
import { FrameEngine } from '../../src/train/engine.js';
import { prepareFrame } from '../../src/train/frame.js';
import { batchLossGrad } from '../../src/train/batch_grad.js';
import { lossValues, type Prefactors } from '../../src/train/loss.js';
import { parseInput } from '../../src/train/input.js';
import { Rng } from '../../src/nn/rng.js';

// ---- the toy descriptor: everything it needs ------------------------------------------------------
interface ToySpec extends DescriptorCommon {
  type: 'se_toy_sr';
}
declare module '../../src/deepmd/descriptors/descriptor.js' {
  interface DescriptorSpecs {
    se_toy_sr: ToySpec;
  }
}
const ngOf = (s: { neuron: number[] }) => s.neuron[s.neuron.length - 1];

const toy: DescriptorModule<ToySpec> = {
  type: 'se_toy_sr',
  aliases: ['toy_sr'],
  dictName: 'se_toy_sr',
  ncomp: 1,
  dictKeys: [],
  fromDict: (_d, _cls, c) => ({ type: 'se_toy_sr', ...c }),
  toDict: () => ({}),
  dimD: (s) => ngOf(s),
  inputKeys: [],
  readInput: () => ({ axisNeuron: 0 }),
  trainDimD: (ng) => ng,
  fromTrain: (c) => ({ type: 'se_toy_sr', ...c }),
  sameAsTrain: () => true,
  settings: () => ({ axisNeuron: 0 }),
  bind(_c, { ng, nnei }) {
    const k = 1 / nnei;
    return {
      forward(nc, G, env, D) {
        for (let a = 0; a < nc; a++) {
          D.fill(0, a * ng, (a + 1) * ng);
          for (let j = 0; j < nnei; j++) {
            const sl = a * nnei + j,
              s = env[sl];
            for (let m = 0; m < ng; m++) D[a * ng + m] += k * s * G[sl * ng + m];
          }
        }
      },
      backward(nc, G, dG, env, dD, dEnv) {
        for (let a = 0; a < nc; a++) {
          for (let j = 0; j < nnei; j++) {
            const sl = a * nnei + j,
              s = env[sl];
            let acc = 0;
            for (let m = 0; m < ng; m++) acc += dD[a * ng + m] * (G[sl * ng + m] + s * dG[sl * ng + m]);
            dEnv[sl] = k * acc;
          }
        }
      },
      tangent(nc, G, dG, env, tau, Dd) {
        for (let a = 0; a < nc; a++) {
          Dd.fill(0, a * ng, (a + 1) * ng);
          for (let j = 0; j < nnei; j++) {
            const sl = a * nnei + j,
              s = env[sl],
              t = tau[sl];
            for (let m = 0; m < ng; m++) Dd[a * ng + m] += k * t * (G[sl * ng + m] + s * dG[sl * ng + m]);
          }
        }
      },
      tangentBackward(nc, _G, env, tau, Db, Ddb, Gb, Gdb) {
        for (let a = 0; a < nc; a++) {
          for (let j = 0; j < nnei; j++) {
            const sl = a * nnei + j,
              s = env[sl],
              t = tau[sl];
            for (let m = 0; m < ng; m++) {
              Gb[sl * ng + m] = k * (Db[a * ng + m] * s + Ddb[a * ng + m] * t);
              Gdb[sl * ng + m] = k * Ddb[a * ng + m] * s * t;
            }
          }
        }
      },
    };
  },
  onnxEmbeddingInput: (_g, Rb) => Rb,
  onnxContraction(g, s, R, G, dG, nnei) {
    const ng = ngOf(s);
    return {
      D: g.op('Mul', [g.op('ReduceSum', [g.op('Mul', [G, R]), g.constI64([1])], { keepdims: 0 }), g.scalar(1 / nnei)]),
      backward: (dD) =>
        g.op('Mul', [
          g.op('MatMul', [g.op('Add', [G, g.op('Mul', [R, dG])]), g.op('Reshape', [dD, g.constI64([-1, ng, 1])])]),
          g.scalar(1 / nnei),
        ]),
    };
  },
  tf: { envOps: [], selAttr: 'sel', rcutSmthAttr: 'rcut_smth' },
  fromGraph: (_c, _dimD, err) => err('se_toy_sr has no TensorFlow graph'),
  compressible: false,
  isCompressed: () => false,
  bindTabulated() {
    throw new Error('se_toy_sr: not compressible');
  },
};
registerDescriptor(toy);
// ---- end of the toy descriptor --------------------------------------------------------------------

function config(typeOneSide: boolean): ModelConfig {
  return {
    typeMap: ['A', 'B'],
    descriptor: 'se_toy_sr',
    rcut: 3.2,
    rcutSmth: 1.0,
    sel: [9, 14],
    neuron: [3, 6],
    axisNeuron: 0,
    typeOneSide,
    embResnetDt: true,
    envProtection: 0,
    setDavgZero: false,
    fitNeuron: [5, 5],
    fitResnetDt: true,
    rcond: null,
  };
}

function trainedModel(typeOneSide: boolean, seed = 3): TrainModel {
  const rng = new Rng(seed);
  const model = new TrainModel(config(typeOneSide));
  model.init(rng);
  for (let i = 0; i < model.davg.length; i++) {
    model.davg[i] = 0.1 * rng.normal();
    model.dstd[i] = 0.5 + rng.uniform();
  }
  model.biasAtomE.set([0.3, -0.2]);
  return model;
}

/** 10 atoms in a 4.5 Å periodic cube (rcut 3.2 > half the box: ghosts and images matter). */
function atoms(seed: number): { x: Float64Array; cell: number[]; type: Int32Array } {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: 30 }, () => 4.5 * rng.uniform());
  return {
    x,
    cell: [4.5, 0, 0, 0, 4.5, 0, 0, 0, 4.5],
    type: Int32Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? 0 : 1)),
  };
}

describe('a descriptor defined in one file (se_toy_sr)', () => {
  it('is found by name and alias; a second registration of the name throws', () => {
    expect(findDescriptor('se_toy_sr')).toBe(toy);
    expect(findDescriptor('toy_sr')).toBe(toy);
    expect(() => registerDescriptor(toy)).toThrow(/already registered/);
    expect(() => registerDescriptor({ ...toy, type: 'se_toy_other' as 'se_toy_sr', aliases: ['se_a'] })).toThrow(
      /'se_a' is already registered/,
    );
  });

  for (const one of [true, false]) {
    it(`type_one_side=${one}: evaluator forces and virial are minus the central-difference gradient of its energy`, () => {
      const spec = trainedModel(one).toSpec();
      const dp = new DeepPot(spec);
      const { x, cell, type } = atoms(5);
      const r = dp.eval(x, cell, type);
      const fmax = Math.max(...r.force.map(Math.abs));
      expect(fmax).toBeGreaterThan(1e-3);
      const h = 1e-5;
      let worst = 0;
      for (let k = 0; k < x.length; k++) {
        const v = x[k];
        x[k] = v + h;
        const ep = dp.eval(x, cell, type).energy[0];
        x[k] = v - h;
        const em = dp.eval(x, cell, type).energy[0];
        x[k] = v;
        worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - r.force[k]));
      }
      expect(worst / fmax).toBeLessThan(1e-7);
      // virial W_ab = -dE/dε_ab under the homogeneous strain x -> (1 + ε) x, cell -> (1 + ε) cell
      const strained = (a: number, b: number, e: number): number => {
        const xs = Float64Array.from(x),
          cs = [...cell];
        for (let i = 0; i < 10; i++) xs[3 * i + b] += e * x[3 * i + a];
        for (let i = 0; i < 3; i++) cs[3 * i + b] += e * cell[3 * i + a];
        return dp.eval(xs, cs, type).energy[0];
      };
      for (const [a, b] of [
        [0, 0],
        [1, 2],
        [2, 1],
      ]) {
        const fd = -(strained(a, b, h) - strained(a, b, -h)) / (2 * h);
        expect(Math.abs(fd - r.virial[3 * a + b])).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it('serialize -> deserialize round trip (dict and YAML text) keeps the spec and the numbers bit for bit', () => {
    const spec = trainedModel(false).toSpec();
    const dict = modelToDict(spec);
    expect((dict.model as { descriptor: { type: string } }).descriptor.type).toBe('se_toy_sr');
    const back = modelFromDict(dict);
    expect(back.descriptor).toEqual(spec.descriptor);
    const text = parseModelText(modelToYaml(spec));
    const { x, cell, type } = atoms(8);
    const a = new DeepPot(spec).eval(x, cell, type),
      b = new DeepPot(text).eval(x, cell, type);
    expect(b.energy[0]).toBe(a.energy[0]);
    expect([...b.force]).toEqual([...a.force]);
    // unknown descriptor keys are still refused, naming the descriptor
    const bad = modelToDict(spec) as { model: { descriptor: Record<string, unknown> } };
    bad.model.descriptor.axis_neuron = 4;
    expect(() => modelFromDict(bad)).toThrow(/Descriptor \(se_toy_sr\).*axis_neuron/);
  });

  it('is refused by compression by name', () => {
    expect(() => compressModel(trainedModel(true).toSpec(), { minNborDist: 0.5 })).toThrow(
      /descriptor 'se_toy_sr' is not supported/,
    );
  });

  it('ONNX export agrees with the TypeScript evaluator (float64)', async () => {
    const spec: ModelSpec = trainedModel(false).toSpec();
    const { x, type } = atoms(9);
    const g = new Ghosts();
    g.build(Box.fromCell([4.5, 0, 0, 0, 4.5, 0, 0, 0, 4.5]), x, type, 10, 3.5);
    const nl = new NeighborList(false);
    nl.build(g, 3.5);
    const out = (): EvalOutput => ({
      force: new Float64Array(3 * g.nall),
      virial: new Float64Array(9),
      atomEnergy: new Float64Array(10),
      atomVirial: null,
    });
    const a = out(),
      b = out();
    const ea = new DeepPotEvaluator(spec).compute(g, nl, a);
    const eb = await (await DeepPotOnnxEvaluator.create(spec, { precision: 'float64' })).compute(g, nl, b);
    expect(Math.abs(ea - eb)).toBeLessThan(1e-10);
    for (let k = 0; k < a.force.length; k++) expect(Math.abs(a.force[k] - b.force[k])).toBeLessThan(1e-10);
  });

  it('input.json: the descriptor type is accepted by the training input reader', () => {
    const inp = parseInput(
      JSON.stringify({
        model: {
          type_map: ['A', 'B'],
          descriptor: { type: 'toy_sr', sel: [4, 4], rcut: 3, rcut_smth: 1, neuron: [3, 6] },
          fitting_net: { neuron: [5] },
        },
        training: { training_data: { systems: ['x'] }, numb_steps: 1 },
      }),
    );
    expect(inp.model.descriptor).toBe('se_toy_sr');
  });

  for (const one of [true, false]) {
    it(`type_one_side=${one}: training pass 1 equals the evaluator, and dL/dθ matches central differences`, () => {
      const model = trainedModel(one);
      const engine = new FrameEngine(model, 3);
      const rng = new Rng(4);
      const cellT = Float64Array.of(4.2, 0.1, 0.0, 0.4, 4.0, 0.2, -0.3, 0.2, 4.4);
      const frames = [0, 1].map(() => {
        const coord = Float64Array.from({ length: 21 }, () => 4 * rng.uniform());
        const force = Float64Array.from({ length: 21 }, () => 0.5 * rng.normal());
        const virial = Float64Array.from({ length: 9 }, () => rng.normal());
        return prepareFrame(
          coord,
          cellT,
          Int32Array.from({ length: 7 }, (_, i) => (i % 3 === 0 ? 0 : 1)),
          3.2,
          [9, 14],
          { energy: rng.normal(), force, virial },
        );
      });
      // pass 1 against the inference evaluator on the exported spec (cubic-free check: energy only, orientation-independent)
      const fr = frames[0];
      const p1 = { energy: 0, force: new Float64Array(3 * fr.nloc), virial: new Float64Array(9) };
      engine.pass1(fr, 0, fr.nloc, p1);
      const ev = new DeepPotEvaluator(model.toSpec());
      const o = {
        force: new Float64Array(3 * fr.nall),
        virial: new Float64Array(9),
        atomEnergy: null,
        atomVirial: null,
      };
      const e = ev.compute({ nlocal: fr.nloc, nall: fr.nall, xAll: fr.xAll, type: fr.type }, fullList(fr), o);
      expect(Math.abs(e - p1.energy)).toBeLessThan(1e-12 * Math.max(1, Math.abs(e)));
      expect(Math.abs(o.virial[4] - p1.virial[4])).toBeLessThan(1e-10);
      // parameter gradient of the whole ener loss
      const pref: Prefactors = { pe: 0.7, pf: 3.0, pv: 0.4 },
        has = { e: true, f: true, v: true };
      model.flatGrad.fill(0);
      batchLossGrad(engine, frames, has, pref, true);
      const grad = Float64Array.from(model.flatGrad);
      const lossAt = () => lossValues(batchLossGrad(engine, frames, has, pref, false), pref).loss;
      let worst = 0;
      const pick = new Rng(11);
      for (let q = 0; q < 80; q++) {
        const k = Math.floor(pick.uniform() * model.numParams),
          v = model.flat[k],
          h = 1e-5;
        model.flat[k] = v + h;
        const lp = lossAt();
        model.flat[k] = v - h;
        const lm = lossAt();
        model.flat[k] = v;
        worst = Math.max(
          worst,
          Math.abs((lp - lm) / (2 * h) - grad[k]) / Math.max(1e-3, Math.abs((lp - lm) / (2 * h))),
        );
      }
      expect(worst).toBeLessThan(2e-6);
    });
  }
});

/** Full neighbor list of a prepared frame's extended atoms (all pairs within 3.2 Å, brute force). */
function fullList(fr: { nloc: number; nall: number; xAll: Float64Array }): { list: Int32Array; offset: Int32Array } {
  const list: number[] = [],
    offset = [0];
  for (let i = 0; i < fr.nloc; i++) {
    for (let j = 0; j < fr.nall; j++) {
      if (j === i) continue;
      const dx = fr.xAll[3 * j] - fr.xAll[3 * i],
        dy = fr.xAll[3 * j + 1] - fr.xAll[3 * i + 1],
        dz = fr.xAll[3 * j + 2] - fr.xAll[3 * i + 2];
      if (dx * dx + dy * dy + dz * dz < 3.2 * 3.2) list.push(j);
    }
    offset.push(list.length);
  }
  return { list: Int32Array.from(list), offset: Int32Array.from(offset) };
}
