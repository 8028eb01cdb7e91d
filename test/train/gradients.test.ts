import { describe, it, expect } from 'vitest';
import { TrainModel, type ModelConfig } from '../../src/train/model.js';
import { FrameEngine } from '../../src/train/engine.js';
import { prepareFrame, type PreparedFrame } from '../../src/train/frame.js';
import {
  addGroupGrads,
  batchLossGrad,
  GRAD_GROUPS,
  groupBounds,
  groupOuts,
  groupStride,
  sumGroups,
} from '../../src/train/batch_grad.js';
import { lossValues, type Prefactors } from '../../src/train/loss.js';
import { Rng } from '../../src/nn/rng.js';
import { DeepPotEvaluator } from '../../src/deepmd/evaluator.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';

function config(descriptor: 'se_e2_a' | 'se_e2_r', typeOneSide: boolean, sel = [5, 7]): ModelConfig {
  return {
    typeMap: ['A', 'B'],
    descriptor,
    rcut: 3.2,
    rcutSmth: 1.0,
    sel,
    neuron: [3, 6],
    axisNeuron: 2,
    typeOneSide,
    embResnetDt: true,
    envProtection: 0,
    setDavgZero: false,
    fitNeuron: [5, 5],
    fitResnetDt: true,
    rcond: null,
  };
}

/** Small random triclinic periodic system (cutoff > half the box, so ghosts and images matter). */
function frames(rng: Rng, cfg: ModelConfig, n: number, nat: number): PreparedFrame[] {
  const out: PreparedFrame[] = [];
  for (let f = 0; f < n; f++) {
    const cell = Float64Array.of(4.2, 0.1, 0.0, 0.4, 4.0, 0.2, -0.3, 0.2, 4.4);
    const coord = new Float64Array(3 * nat);
    for (let i = 0; i < 3 * nat; i++) coord[i] = 4 * rng.uniform();
    const type = Int32Array.from({ length: nat }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const force = new Float64Array(3 * nat);
    for (let i = 0; i < force.length; i++) force[i] = 0.5 * rng.normal();
    const virial = new Float64Array(9);
    for (let i = 0; i < 9; i++) virial[i] = rng.normal();
    out.push(prepareFrame(coord, cell, type, cfg.rcut, cfg.sel, { energy: rng.normal(), force, virial }));
  }
  return out;
}

/** tiled: davg/dstd the same for every slot (as the statistics make them), so padded slots share one embedding row. */
function setup(descriptor: 'se_e2_a' | 'se_e2_r', typeOneSide: boolean, tiled = false) {
  const rng = new Rng(3);
  const cfg = config(descriptor, typeOneSide, tiled ? [9, 14] : [5, 7]);
  const model = new TrainModel(cfg);
  model.init(rng);
  for (let i = 0; i < model.davg.length; i++) {
    model.davg[i] = 0.1 * rng.normal();
    model.dstd[i] = 0.5 + rng.uniform();
  }
  if (tiled) {
    const nc = model.ncomp,
      nn = model.nnei;
    for (let t = 0; t < model.ntypes; t++)
      for (let s = 1; s < nn; s++)
        for (let c = 0; c < nc; c++) {
          model.davg[(t * nn + s) * nc + c] = model.davg[t * nn * nc + c];
          model.dstd[(t * nn + s) * nc + c] = model.dstd[t * nn * nc + c];
        }
  }
  model.biasAtomE.set([0.3, -0.2]);
  return { model, engine: new FrameEngine(model, 3), fr: frames(rng, cfg, 2, 7) };
}

const pref: Prefactors = { pe: 0.7, pf: 3.0, pv: 0.4 };
const has = { e: true, f: true, v: true };

describe('training gradients (float64, whole ener loss: energy + force + virial)', () => {
  for (const [desc, one, tiled] of [
    ['se_e2_a', true, false],
    ['se_e2_a', false, false],
    ['se_e2_r', true, false],
    ['se_e2_a', true, true],
    ['se_e2_r', false, true],
  ] as const) {
    it(`${desc} type_one_side=${one}${tiled ? ', padded slots sharing a row' : ''}: dL/dtheta matches central differences`, () => {
      const { model, engine, fr } = setup(desc, one, tiled);
      if (tiled) expect(fr.some((f) => f.nlist.some((j) => j < 0))).toBe(true);
      model.flatGrad.fill(0);
      const s = batchLossGrad(engine, fr, has, pref, true);
      const L0 = lossValues(s, pref).loss;
      expect(L0).toBeGreaterThan(0);
      const g = Float64Array.from(model.flatGrad);
      const lossAt = () => lossValues(batchLossGrad(engine, fr, has, pref, false), pref).loss;
      const rng = new Rng(11);
      const n = model.numParams;
      let worst = 0,
        checked = 0;
      // every parameter of small nets, plus random ones
      const idx = new Set<number>();
      for (let k = 0; k < 120; k++) idx.add(Math.floor(rng.uniform() * n));
      for (const p of model.params)
        if (p.name.includes('idt')) idx.add(p.value.byteOffset / 8 - model.flat.byteOffset / 8);
      for (const k of idx) {
        const h = 1e-5,
          v = model.flat[k];
        model.flat[k] = v + h;
        const lp = lossAt();
        model.flat[k] = v - h;
        const lm = lossAt();
        model.flat[k] = v;
        const fd = (lp - lm) / (2 * h);
        const err = Math.abs(fd - g[k]) / Math.max(1e-3, Math.abs(fd));
        worst = Math.max(worst, err);
        checked++;
      }
      expect(checked).toBeGreaterThan(60);
      expect(worst).toBeLessThan(2e-6);
    });
  }

  it('pass 1 forces/virial/energy equal the inference evaluator on the exported spec', () => {
    const { model, engine, fr } = setup('se_e2_a', true);
    const N = fr[0].nloc;
    const F = new Float64Array(3 * N),
      W = new Float64Array(9);
    const out = { energy: 0, force: F, virial: W };
    engine.pass1(fr[0], 0, N, out);
    const dp = new DeepPot(model.toSpec());
    expect(dp.evaluator).toBeInstanceOf(DeepPotEvaluator);
    // prepared frames are already in LAMMPS orientation: rebuild coordinates of the locals and the cell
    const x = fr[0].xAll.slice(0, 3 * N);
    const cell = Float64Array.of(4.2, 0.1, 0.0, 0.4, 4.0, 0.2, -0.3, 0.2, 4.4);
    const r = dp.eval(x, cellRot(cell), fr[0].type.slice(0, N));
    expect(Math.abs(r.energy[0] - out.energy)).toBeLessThan(1e-12);
    for (let k = 0; k < 3 * N; k++) expect(Math.abs(r.force[k] - F[k])).toBeLessThan(1e-12);
    for (let k = 0; k < 9; k++) expect(Math.abs(r.virial[k] - W[k])).toBeLessThan(1e-12);
  });
});

import { lammpsOrientation } from '../../src/deepmd/deep_pot.js';
function cellRot(cell: Float64Array): Float64Array {
  return lammpsOrientation(cell).cell;
}

describe('pass 2 without the pass-1 cache', () => {
  it('recomputing environment and embedding gives the same gradient as reusing them', async () => {
    const { lossSeeds } = await import('../../src/train/loss.js');
    const { model, engine, fr } = setup('se_e2_a', true, true);
    model.flatGrad.fill(0);
    batchLossGrad(engine, fr, has, pref, true);
    const g1 = Float64Array.from(model.flatGrad);
    model.flatGrad.fill(0);
    // The same groups as batchLossGrad, with the pass-1 cache dropped between the passes.
    const grads = Array.from({ length: GRAD_GROUPS }, () => new Float64Array(model.numParams));
    for (const f of fr) {
      const N = f.nloc,
        F = new Float64Array(3 * N),
        W = new Float64Array(9),
        u = new Float64Array(3 * N),
        V = new Float64Array(9);
      const bounds = groupBounds(N),
        outs = groupOuts(new Float64Array(GRAD_GROUPS * groupStride(N)), N, 0, GRAD_GROUPS);
      engine.pass1Groups(f, bounds, 0, GRAD_GROUPS, outs);
      const E = sumGroups(outs, F, W);
      engine.invalidate();
      const eE = lossSeeds(pref, fr.length, N, has, E, f.energy, F, f.force, W, f.virial, u, V);
      engine.pass2Groups(f, bounds, 0, GRAD_GROUPS, eE, u, V, grads);
    }
    addGroupGrads(model.flatGrad, grads);
    expect(Array.from(model.flatGrad)).toEqual(Array.from(g1));
  });
});
