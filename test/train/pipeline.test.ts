import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpySystem, writeRawSystem, smallInput, npyBytes } from '../helpers/train_data.js';
import { loadSystem, DataError } from '../../src/train/data.js';
import { parseInput, expLr, InputError } from '../../src/train/input.js';
import { envStats, energyBias } from '../../src/train/stats.js';
import { prepareFrame } from '../../src/train/frame.js';
import { train } from '../../src/train/trainer.js';
import { readCheckpoint } from '../../src/train/checkpoint.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { loadModelFile, writeModelFile } from '../../src/deepmd/model_file.js';
import { testSystem } from '../../src/train/test_model.js';
import { testMain } from '../../src/train/cli.js';
import { FrameEngine } from '../../src/train/engine.js';
import { prepareSystem } from '../../src/train/systems.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-train-'));
  writeNpySystem(join(dir, 'A'), 6, 4, 1, { virial: true, f32: true, sets: 2 });
  writeNpySystem(join(dir, 'B'), 9, 5, 2, { virial: true });
  writeRawSystem(join(dir, 'C'), 4, 3, 3);
});

describe('data systems', () => {
  it('reads deepmd/npy (float32, two sets) and deepmd/raw (nopbc)', () => {
    const a = loadSystem(join(dir, 'A'), ['O', 'H']);
    expect([a.natoms, a.nframes]).toEqual([6, 8]);
    expect(a.box).not.toBeNull();
    expect(a.virial!.length).toBe(72);
    expect(Array.from(a.types)).toEqual([0, 1, 1, 0, 1, 1]);
    const c = loadSystem(join(dir, 'C'), ['H', 'O']); // mapped through type_map.raw by name
    expect(c.box).toBeNull();
    expect(Array.from(c.types)).toEqual([1, 0, 1, 0]);
    expect(c.virial).toBeNull();
    expect(c.force!.length).toBe(3 * 4 * 3);
  });
  it('stops with the path and the mismatch', () => {
    const bad = join(dir, 'bad');
    writeNpySystem(bad, 3, 2, 5);
    writeFileSync(join(bad, 'set.000', 'force.npy'), npyBytes(new Float64Array(27), [3, 9]));
    expect(() => loadSystem(bad, ['O', 'H'])).toThrow(/bad\/set\.000\/force\.npy: 3 frames, but coord has 2/);
    const bad2 = join(dir, 'bad2');
    writeNpySystem(bad2, 3, 2, 5);
    writeFileSync(join(bad2, 'set.000', 'energy.npy'), npyBytes(new Float64Array(5), [5]));
    expect(() => loadSystem(bad2, ['O', 'H'])).toThrow(/energy\.npy: 5 frames, but coord has 2/);
    expect(() => loadSystem(join(dir, 'A'), ['O', 'C'])).toThrow(DataError);
    expect(() => loadSystem(join(dir, 'A'), ['O', 'C'])).toThrow(/element 'H' is not in the model's type_map/);
    const nobox = join(dir, 'nobox');
    mkdirSync(join(nobox, 'set.000'), { recursive: true });
    writeFileSync(join(nobox, 'type.raw'), '0 0\n');
    writeFileSync(join(nobox, 'set.000', 'coord.npy'), npyBytes(new Float64Array(6), [1, 6]));
    expect(() => loadSystem(nobox, ['O'])).toThrow(/missing box\.npy/);
  });
});

describe('input.json', () => {
  const base = () => smallInput(['A'], null, { dir: '/tmp' });
  it('parses DeePMD-kit defaults and batch_size rules', () => {
    const j = base() as Record<string, any>;
    delete j.learning_rate;
    j.training.training_data.batch_size = 'auto:20';
    const t = parseInput(JSON.stringify(j), 'in.json', '/data');
    expect(t.lr).toEqual({ startLr: 1e-3, stopLr: 1e-8, decaySteps: 5000 });
    expect(t.training.train.batchSize).toEqual({ auto: 20 });
    expect(t.training.train.systems).toEqual(['/data/A']);
    expect(t.model.typeOneSide).toBe(true);
  });
  it('unknown keys are errors that name them', () => {
    const j = base() as Record<string, any>;
    j.training.numb_step = 5;
    j.model.descriptor.foo = 1;
    expect(() => parseInput(JSON.stringify(j))).toThrow(InputError);
    expect(() => parseInput(JSON.stringify(j))).toThrow(/unknown key 'model\.descriptor\.foo'/);
    delete j.model.descriptor.foo;
    expect(() => parseInput(JSON.stringify(j))).toThrow(/unknown key 'training\.numb_step'/);
    const k = base() as Record<string, any>;
    k.loss.type = 'tensor';
    expect(() => parseInput(JSON.stringify(k))).toThrow(/loss\.type: only 'ener'/);
  });
  it('exp learning rate: staircase decay reaching stop_lr at numb_steps', () => {
    const lr = expLr(1e-3, 1e-5, 100, 1000);
    expect(lr(0)).toBe(1e-3);
    expect(lr(99)).toBe(1e-3);
    expect(lr(100)).toBeCloseTo(1e-3 * Math.pow(1e-2, 0.1), 15);
    expect(lr(1000)).toBeCloseTo(1e-5, 15);
  });
});

describe('statistics', () => {
  it('davg/dstd of a dimer equal the DeePMD-kit formulas (padded rows counted)', () => {
    const d = 1.3;
    const fr = prepareFrame(Float64Array.of(0, 0, 0, d, 0, 0), null, Int32Array.of(0, 0), 3.0, [2], {});
    const st = envStats([fr], 1, 2, 4, { rcut: 3.0, rcutSmth: 2.0, protection: 0 });
    // rows per atom: (1/d, +-1/d, 0, 0) and a padded zero row; n = 4
    expect(st.davg[0]).toBeCloseTo(0.5 / d, 14);
    expect(st.dstd[0]).toBeCloseTo(0.5 / d, 14);
    expect(st.davg[1]).toBe(0);
    expect(st.dstd[1]).toBeCloseTo(1 / (d * Math.sqrt(6)), 14);
    expect(st.davg[4]).toBe(st.davg[0]); // tiled over slots
  });
  it('energy bias: least squares, minimum norm when the composition never varies', () => {
    const b = energyBias([Float64Array.of(1, 2), Float64Array.of(2, 1), Float64Array.of(1, 1)], [-5, -4, -3], 2);
    expect(b[0]).toBeCloseTo(-1, 12);
    expect(b[1]).toBeCloseTo(-2, 12);
    const w = energyBias([Float64Array.of(64, 128), Float64Array.of(64, 128)], [-1000, -1002], 2);
    // min-norm solution of 64 b0 + 128 b1 = -1001: b proportional to (64, 128)
    expect(64 * w[0] + 128 * w[1]).toBeCloseTo(-1001, 9);
    expect(w[1] / w[0]).toBeCloseTo(2, 12);
  });
});

describe('training loop', () => {
  it('restart from a checkpoint continues exactly like the uninterrupted run', async () => {
    const run = async (sub: string, split: boolean) => {
      const d = join(dir, sub);
      mkdirSync(d, { recursive: true });
      const j = smallInput([join(dir, 'A'), join(dir, 'B'), join(dir, 'C')], [join(dir, 'B')], { dir: d, pref_v: 0.5 });
      const inp = parseInput(JSON.stringify(j));
      const log = () => {};
      if (split) {
        const r1 = await train(inp, { stopAfter: 3, output: join(d, 'model.yaml'), log });
        expect(r1.step).toBe(3);
        expect(existsSync(join(d, 'model.yaml'))).toBe(false);
        // a killed run may have written lcurve lines past the checkpoint: they are cut back
        writeFileSync(
          join(d, 'lcurve.out'),
          `${readFileSync(join(d, 'lcurve.out'), 'utf8')}      4   9 9 9 9 9 9 9 9 1.0e-03\n`,
        );
        const r2 = await train(inp, { restart: join(d, 'model.ckpt.json'), output: join(d, 'model.yaml'), log });
        return { params: r2.model.flat, lcurve: readFileSync(join(d, 'lcurve.out'), 'utf8'), d };
      }
      const r = await train(inp, { output: join(d, 'model.yaml'), log });
      return { params: r.model.flat, lcurve: readFileSync(join(d, 'lcurve.out'), 'utf8'), d };
    };
    const a = await run('full', false);
    const b = await run('split', true);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    expect(b.lcurve).toBe(a.lcurve);
    const lines = a.lcurve.trim().split('\n');
    expect(lines[0]).toMatch(
      /^# {2}step {6}rmse_val {4}rmse_trn {4}rmse_e_val {2}rmse_e_trn {4}rmse_f_val {2}rmse_f_trn {4}rmse_v_val {2}rmse_v_trn {9}lr$/,
    );
    expect(lines.slice(2).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([0, 2, 4, 6]);
    expect(lines[2]).toMatch(
      /^ {6}0( {3}( {3}\d\.\d\de[+-]\d\d| {8}nan) ( {3}\d\.\d\de[+-]\d\d| {8}nan)){4} {3} 5\.0e-03$/,
    );
    // losses go down on this data
    const first = Number(lines[2].trim().split(/\s+/)[2]),
      last = Number(lines[lines.length - 1].trim().split(/\s+/)[2]);
    expect(last).toBeLessThan(first);
    const ck = readCheckpoint(join(a.d, 'model.ckpt.json'));
    expect(ck.step).toBe(6);
    expect(Array.from(ck.params)).toEqual(Array.from(a.params));
  });

  it('the written model (.yaml and .dp) loads in the inference code and dpmd test reports its errors', async () => {
    const d = join(dir, 'full');
    const spec = await loadModelFile(join(d, 'model.yaml'));
    await writeModelFile(spec, join(d, 'model.dp'));
    const dp = await DeepPot.load(join(d, 'model.dp'));
    const errs = testSystem(dp, join(dir, 'B'), 100);
    // the same numbers from the training engine with the checkpoint's parameters
    const j = smallInput([join(dir, 'B')], null, { dir: d });
    const inp = parseInput(JSON.stringify(j));
    const r = await train(
      { ...inp, training: { ...inp.training, numbSteps: 6 } },
      { restart: join(d, 'model.ckpt.json'), output: join(d, 'again.yaml'), log: () => {} },
    );
    const eng = new FrameEngine(r.model, 4);
    const ps = prepareSystem(loadSystem(join(dir, 'B'), ['O', 'H']), 3.0, [6, 10], 1);
    let se = 0,
      sf = 0,
      sv = 0;
    for (const fr of ps.frames) {
      const out = { energy: 0, force: new Float64Array(3 * fr.nloc), virial: new Float64Array(9) };
      eng.pass1(fr, 0, fr.nloc, out);
      se += (out.energy - fr.energy) ** 2;
      for (let k = 0; k < 3 * fr.nloc; k++) sf += (out.force[k] - fr.force![k]) ** 2;
      for (let k = 0; k < 9; k++) sv += (out.virial[k] - fr.virial![k]) ** 2;
    }
    const nf = ps.frames.length,
      N = 9;
    expect(errs.nframes).toBe(nf);
    expect(errs.rmseE).toBeCloseTo(Math.sqrt(se / nf), 10);
    expect(errs.rmseEPerAtom).toBeCloseTo(Math.sqrt(se / nf) / N, 10);
    expect(errs.rmseF).toBeCloseTo(Math.sqrt(sf / (3 * N * nf)), 10);
    expect(errs.rmseV).toBeCloseTo(Math.sqrt(sv / (9 * nf)), 10);
    const prefix = join(d, 'dptest');
    const out: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    (process.stdout as any).write = (s: string) => {
      out.push(s);
      return true;
    };
    let rc = -1;
    try {
      rc = await testMain([
        '-m',
        join(d, 'model.yaml'),
        '-s',
        join(dir, 'B'),
        '-n',
        '3',
        '-d',
        prefix,
        '--lcurve',
        join(d, 'lcurve.out'),
      ]);
    } finally {
      (process.stdout as any).write = orig;
    }
    expect(rc).toBe(0);
    expect(out.join('')).toMatch(/Energy RMSE\/Natoms : \d\.\d+e[+-]\d+ eV/);
    for (const f of ['e', 'f', 'lcurve'])
      expect(readFileSync(`${prefix}.${f}.png`).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('worker threads', () => {
  it('the loss and gradient are the same bits on 1, 2 and 3 threads (fixed atom groups summed in order)', async () => {
    const { sharedModel, WorkerPool } = await import('../../src/train/pool.js');
    const { LocalBackend } = await import('../../src/train/backend.js');
    const { Rng } = await import('../../src/nn/rng.js');
    const inp = parseInput(JSON.stringify(smallInput([join(dir, 'B')], null, { dir })));
    const ps = prepareSystem(loadSystem(join(dir, 'B'), ['O', 'H']), 3.0, [6, 10], 2);
    const m1 = sharedModel(inp.model);
    m1.init(new Rng(4));
    m1.davg.fill(0.05);
    m1.dstd.fill(0.7);
    m1.biasAtomE.set([-3, -1]);
    const frames = ps.frames.slice(0, 2).map((f, i) => ({ frame: f, id: `b${i}` }));
    const p = { pe: 0.3, pf: 2, pv: 0.1 };
    const local = new LocalBackend(m1, 2);
    const s0 = await local.lossGrad(frames, ps.has, p, true);
    const g0 = Float64Array.from(m1.flatGrad);
    expect(g0.some((g) => g !== 0)).toBe(true);
    for (const workers of [1, 2]) {
      const pool = new WorkerPool(m1, workers, 2);
      try {
        const s = await pool.lossGrad(frames, ps.has, p, true);
        expect([s.se, s.sf, s.sv]).toEqual([s0.se, s0.sf, s0.sv]);
        expect(Array.from(m1.flatGrad)).toEqual(Array.from(g0));
      } finally {
        await pool.close();
      }
    }
  });
});

describe('init-model and CLI errors', () => {
  it('--init-model takes weights and statistics from a written model (loadSpec inverts toSpec)', async () => {
    const { TrainModel } = await import('../../src/train/model.js');
    const inp = parseInput(JSON.stringify(smallInput([join(dir, 'B')], null, { dir })));
    const spec = await loadModelFile(join(dir, 'full', 'model.yaml'));
    const m = new TrainModel(inp.model);
    m.loadSpec(spec);
    const back = m.toSpec();
    expect(Array.from(back.descriptor.davg)).toEqual(Array.from(spec.descriptor.davg));
    expect(Array.from(back.fitting.biasAtomE)).toEqual(Array.from(spec.fitting.biasAtomE));
    back.fitting.nets.forEach((n, k) => {
      n.layers.forEach((l, i) => {
        expect(Array.from(l.w)).toEqual(Array.from(spec.fitting.nets[k].layers[i].w));
      });
    });
    const other = parseInput(
      JSON.stringify({
        ...smallInput([join(dir, 'B')], null, { dir }),
        model: { ...smallInput([], null, { dir }).model, fitting_net: { neuron: [9, 9] } },
      }),
    );
    expect(() => new TrainModel(other.model).loadSpec(spec)).toThrow(/init-model: fitting 0 layer 0 shape differs/);
  });
  it('dpmd train stops on an unknown key, naming it', async () => {
    const { trainMain } = await import('../../src/train/cli.js');
    const j = smallInput([join(dir, 'B')], null, { dir }) as Record<string, any>;
    j.training.disp_frq = 3;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(j));
    const err: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as any).write = (s: string) => {
      err.push(s);
      return true;
    };
    let rc = 0;
    try {
      rc = await trainMain([join(dir, 'bad.json')]);
    } finally {
      (process.stderr as any).write = orig;
    }
    expect(rc).toBe(1);
    expect(err.join('')).toMatch(/unknown key 'training\.disp_frq'/);
  });
});
