import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeepControlModel } from '../../src/control/deep_control_model.js';
import { LqgControl } from '../../src/control/lqg.js';
import {
  EnergyStorage,
  DEFAULT_ENERGY_STORAGE,
  idlePolicyCosts,
  thresholdPolicyCosts,
} from '../../src/control/energy_storage.js';
import type { ControlProblem } from '../../src/control/problem.js';
import { trainDeepControl } from '../../src/control/trainer.js';
import { loadControlConfig, makeControlProblem } from '../../src/control/config.js';
import { controlMain } from '../../src/control/cli.js';
import { zeroGrads } from '../../src/nn/param.js';
import { Rng } from '../../src/nn/rng.js';

function checkGradient(problem: ControlProblem, scale: number, seed: number): number {
  const model = new DeepControlModel(problem, { numHiddens: [6, 6], outputScale: scale });
  const rng = new Rng(seed);
  model.init(rng);
  const batch = 5;
  model.sample(rng, batch);
  const params = model.params();
  zeroGrads(params);
  model.forward(batch, true);
  model.backward();
  const h = 1e-6;
  let maxErr = 0;
  for (const p of params) {
    for (let i = 0; i < p.value.length; i++) {
      const v = p.value[i];
      p.value[i] = v + h;
      const lp = model.forward(batch, true);
      p.value[i] = v - h;
      const lm = model.forward(batch, true);
      p.value[i] = v;
      const fd = (lp - lm) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - p.grad[i]) / Math.max(1e-2, Math.abs(fd)));
    }
  }
  return maxErr;
}

describe('deep control gradients vs central finite differences', () => {
  it('LQG (d=3, N=4): exact adjoint through dynamics, controls and input batch norm', () => {
    expect(checkGradient(new LqgControl(3, 1, 4), 0.5, 1)).toBeLessThan(1e-5);
  });
  it('energy storage (n=3, N=5): constrained controls, piecewise-linear grid cost', () => {
    const p = new EnergyStorage({ ...DEFAULT_ENERGY_STORAGE, devices: 3, numSteps: 5, totalTime: 10 });
    expect(checkGradient(p, 1, 2)).toBeLessThan(1e-5);
  });
});

describe('energy storage model', () => {
  const p = new EnergyStorage({ ...DEFAULT_ENERGY_STORAGE, devices: 7 });
  it('keeps every device within [0, capacity] for arbitrary raw outputs', () => {
    const rng = new Rng(4);
    const batch = 50,
      ds = p.stateDim;
    let s = new Float64Array(batch * ds),
      sn = new Float64Array(batch * ds);
    const s0 = new Float64Array(ds);
    p.initialState(s0);
    for (let b = 0; b < batch; b++) s.set(s0, b * ds);
    const noise = new Float64Array(p.numSteps * batch * 2);
    p.sampleNoise(rng, batch, noise);
    const o = new Float64Array(batch * 7),
      cost = new Float64Array(batch);
    for (let n = 0; n < p.numSteps; n++) {
      for (let i = 0; i < o.length; i++) o[i] = 20 * rng.normal();
      p.step(n, s, o, noise, n * batch * 2, batch, sn, cost);
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < 7; i++) {
          expect(sn[b * ds + i]).toBeGreaterThanOrEqual(-1e-12);
          expect(sn[b * ds + i]).toBeLessThanOrEqual(p.cap[i] + 1e-12);
        }
      const t = s;
      s = sn;
      sn = t;
    }
  });
  it('idle policy costs equal the price-weighted demand minus the initial storage credit', () => {
    const batch = 3;
    const noise = new Float64Array(p.numSteps * batch * 2);
    p.sampleNoise(new Rng(5), batch, noise);
    const idle = idlePolicyCosts(p, noise, batch);
    // recompute by hand
    for (let b = 0; b < batch; b++) {
      let P = p.priceMean(0),
        D = p.demandMean(0),
        c = 0;
      for (let n = 0; n < p.numSteps; n++) {
        c += p.deltaT * P * D;
        const t = n * p.deltaT;
        const Pn = P + 0.5 * (p.priceMean(t) - P) * p.deltaT + 8 * noise[(n * batch + b) * 2];
        const Dn = D + 0.5 * (p.demandMean(t) - D) * p.deltaT + 0.05 * p.demandScale * noise[(n * batch + b) * 2 + 1];
        P = Pn;
        D = Math.max(0, Dn);
      }
      let q = 0;
      for (let i = 0; i < 7; i++) q += 0.5 * p.cap[i];
      c -= 40 * q;
      expect(idle[b]).toBeCloseTo(c, 8);
    }
    // a sensible band beats idling on average
    const big = 2000;
    const nz = new Float64Array(p.numSteps * big * 2);
    p.sampleNoise(new Rng(6), big, nz);
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(thresholdPolicyCosts(p, nz, big, 40, 60))).toBeLessThan(mean(idlePolicyCosts(p, nz, big)));
  });
});

describe('deep control training', () => {
  it('LQG d=5, N=10: trained policy cost within 3% of the Hopf-Cole optimum (time step + validation-set MC error ~1%)', () => {
    const p = new LqgControl(5, 1, 10);
    const net = {
      num_hiddens: [15, 15],
      lr_values: [1e-2, 1e-3],
      lr_boundaries: [600],
      num_iterations: 800,
      batch_size: 64,
      valid_size: 1024,
      logging_frequency: 200,
      dtype: 'float64',
      output_scale: 0.2,
      eval_size: 1024,
    };
    const res = trainDeepControl(p, net, 1);
    const opt = p.optimalCost();
    const first = res.history[0].cost,
      last = res.history[res.history.length - 1].cost;
    expect(last).toBeLessThan(first);
    expect(Math.abs(last - opt) / opt).toBeLessThan(0.03);
    expect((first - opt) / opt).toBeGreaterThan(0.1);
  });

  it('shipped configs parse; CLI writes result.json with the baseline comparison', async () => {
    for (const f of ['lqg_d100', 'energy_storage_n30', 'energy_storage_n40', 'energy_storage_n50']) {
      const cfg = loadControlConfig(`configs/control/${f}.json`);
      expect(makeControlProblem(cfg).numSteps).toBeGreaterThan(0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'control-cli-'));
    const cfgPath = join(dir, 'es.json');
    writeFileSync(
      cfgPath,
      JSON.stringify({
        problem_config: { problem_name: 'EnergyStorage', devices: 4, total_time: 24, num_time_interval: 12 },
        net_config: {
          num_hiddens: [12, 12],
          lr_values: [1e-2],
          lr_boundaries: [],
          num_iterations: 150,
          batch_size: 64,
          valid_size: 128,
          logging_frequency: 50,
          dtype: 'float64',
          eval_size: 512,
        },
      }),
    );
    const log = console.log;
    console.log = () => {};
    let rc: number;
    try {
      rc = await controlMain([cfgPath, '--seed', '2', '--out', dir]);
    } finally {
      console.log = log;
    }
    expect(rc).toBe(0);
    const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(r.problem).toBe('EnergyStorage');
    expect(r.idle_cost).toBeGreaterThan(r.baseline_cost);
    expect(r.savings_ratio_vs_baseline).toBeCloseTo((r.idle_cost - r.cost) / (r.idle_cost - r.baseline_cost), 12);
    expect(readFileSync(join(dir, 'cost.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
