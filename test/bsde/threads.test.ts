import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bsdeMain } from '../../src/bsde/cli.js';
import { parseBsdeConfig } from '../../src/bsde/config.js';
import { DeepBsdeModel } from '../../src/bsde/deep_bsde_model.js';
import { makeEquation } from '../../src/bsde/equation_registry.js';
import { trainDeepBsde } from '../../src/bsde/solver.js';
import { partitionSubnets } from '../../src/bsde/subnet_share.js';
import { Rng } from '../../src/nn/rng.js';

/**
 * The subnetworks on worker threads (src/bsde/subnet_team.ts) must not change a single bit: each
 * subnetwork runs the same code on whichever thread owns it and the recursion stays on the main thread.
 */
const d = 10,
  N = 5;

function rawConfig(eqn: string, iters: number) {
  return {
    eqn_config: { _comment: 'test', eqn_name: eqn, total_time: 1, dim: d, num_time_interval: N },
    net_config: {
      y_init_range: [0, 1],
      num_hiddens: [d + 10, d + 10],
      lr_values: [1e-2, 1e-3],
      lr_boundaries: [4],
      num_iterations: iters,
      batch_size: 64,
      valid_size: 256,
      logging_frequency: 2,
      dtype: 'float64',
      verbose: true,
    },
  };
}

function config(eqn: string, iters: number) {
  return parseBsdeConfig(rawConfig(eqn, iters));
}

describe('Deep BSDE on worker threads', () => {
  it('gives bit-identical training histories with 1 and 2 threads', () => {
    const cfg = config('QuadraticGradient', 7);
    const eq = makeEquation(cfg.eqn_config);
    const warnings: string[] = [];
    const one = trainDeepBsde(eq, cfg, { seed: 4, threads: 1 });
    const two = trainDeepBsde(eq, cfg, { seed: 4, threads: 2, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.history.map((r) => r.step)).toEqual([0, 2, 4, 6, 7]);
    expect(two.history.map((r) => [r.loss, r.y0])).toEqual(one.history.map((r) => [r.loss, r.y0]));
    expect(two.y0).toBe(one.y0);
  });

  it('gives bit-identical gradients, parameters and BN moving averages (model level, 3 threads)', () => {
    const eq = makeEquation({ eqn_name: 'AllenCahn', total_time: 0.3, dim: d, num_time_interval: N });
    const run = (threads: number) => {
      const m = new DeepBsdeModel(eq, { numHiddens: [d + 10, d + 10], yInitRange: [0, 1] }, { threads });
      m.init(new Rng(9));
      const data = new Rng(10);
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) {
        m.sample(data, 32);
        losses.push(m.forward(32, true));
        m.zeroGrads();
        m.backward();
        if (step < 2) m.adamStep(1e-2);
      }
      m.sample(data, 48, 'valid');
      losses.push(m.forward(48, false, 'valid'));
      const state = m.params().map((p) => [Array.from(p.value), Array.from(p.grad)]);
      const bn = m.subnets.flatMap((s) => s.bn.map((b) => [Array.from(b!.movingMean), Array.from(b!.movingVar)]));
      const threadsUsed = m.threads;
      m.close();
      return { losses, state, bn, threadsUsed };
    };
    const a = run(1),
      b = run(3);
    expect(b.threadsUsed).toBe(3);
    expect(b.losses).toEqual(a.losses);
    expect(b.state).toEqual(a.state);
    expect(b.bn).toEqual(a.bn);
  });

  it('partitions subnetworks in contiguous blocks, the main thread taking the smallest', () => {
    expect(partitionSubnets(19, 2)).toEqual([...Array(9).fill(0), ...Array(10).fill(1)]);
    expect(partitionSubnets(4, 3)).toEqual([0, 1, 2, 2]);
    expect(partitionSubnets(3, 1)).toEqual([0, 0, 0]);
  });

  it('dpmd bsde --threads N runs on N threads and rejects bad values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsde-threads-'));
    const cfgPath = join(dir, 'cfg.json');
    writeFileSync(cfgPath, JSON.stringify(rawConfig('ReactionDiffusion', 3)));
    const log = console.log,
      err = console.error;
    console.log = () => {};
    console.error = () => {};
    try {
      expect(await bsdeMain([cfgPath, '--threads', '2', '--quiet', '--out', join(dir, 'o')])).toBe(0);
      expect(await bsdeMain([cfgPath, '--threads', '0'])).toBe(1);
      expect(await bsdeMain([cfgPath, '--threads', 'two'])).toBe(1);
    } finally {
      console.log = log;
      console.error = err;
    }
    expect(JSON.parse(readFileSync(join(dir, 'o', 'result.json'), 'utf8')).threads).toBe(2);
  });
});
