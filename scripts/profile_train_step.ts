/**
 * Throughput of one training step (pass 1 + pass 2 on one 192-atom water frame) for the example
 * model size and a smaller one, on this thread and with worker threads. Not a test.
 *   npx tsx scripts/profile_train_step.ts [reps] [sizes=example,small] [threads=1,2]
 */
import { loadSystem } from '../src/train/data.js';
import { prepareSystem } from '../src/train/systems.js';
import { TrainModel, type ModelConfig } from '../src/train/model.js';
import { LocalBackend, type GradBackend } from '../src/train/backend.js';
import { sharedModel, WorkerPool } from '../src/train/pool.js';
import { Rng } from '../src/nn/rng.js';
import { envStats } from '../src/train/stats.js';
import { cpus, loadavg } from 'node:os';

const reps = Number(process.argv[2] ?? 3);
const sizes: Record<string, { neuron: number[]; axis: number; fit: number[] }> = {
  example: { neuron: [25, 50, 100], axis: 16, fit: [240, 240, 240] },
  small: { neuron: [10, 20, 40], axis: 8, fit: [100, 100, 100] },
};
const sys = loadSystem('systems/water/data/data_0', ['O', 'H']);
const ps = prepareSystem(sys, 6.0, [46, 92], 1);
console.log(`machine: ${cpus().length} x ${cpus()[0].model}, node ${process.version}`);
const pick = (process.argv[3] ?? 'example,small').split(',');
const threadList = (process.argv[4] ?? '1,2').split(',').map(Number);
for (const [name, s] of Object.entries(sizes).filter(([n]) => pick.includes(n))) {
  const cfg: ModelConfig = {
    typeMap: ['O', 'H'],
    descriptor: 'se_e2_a',
    rcut: 6,
    rcutSmth: 0.5,
    sel: [46, 92],
    neuron: s.neuron,
    axisNeuron: s.axis,
    typeOneSide: true,
    embResnetDt: false,
    envProtection: 0,
    setDavgZero: false,
    fitNeuron: s.fit,
    fitResnetDt: true,
    rcond: null,
  };
  for (const workers of threadList.map((t) => t - 1)) {
    const model = workers ? sharedModel(cfg) : new TrainModel(cfg);
    model.init(new Rng(1));
    const st = envStats(ps.frames.slice(0, 5), 2, 138, 4, { rcut: 6, rcutSmth: 0.5, protection: 0 });
    model.davg.set(st.davg);
    model.dstd.set(st.dstd);
    const be: GradBackend = workers ? new WorkerPool(model, workers) : new LocalBackend(model);
    const p = { pe: 0.02, pf: 1000, pv: 0 };
    const times: number[] = [],
      t1: number[] = [],
      cpu: number[] = [];
    for (let r = 0; r < reps + 1; r++) {
      const fr = [{ frame: ps.frames[r], id: `f${r}` }];
      let t = performance.now();
      await be.lossGrad(fr, ps.has, p, false);
      const a = performance.now() - t;
      t = performance.now();
      const c0 = process.cpuUsage();
      await be.lossGrad(fr, ps.has, p, true);
      const c1 = process.cpuUsage(c0);
      if (r > 0) {
        times.push(performance.now() - t);
        t1.push(a);
        cpu.push((c1.user + c1.system) / 1000);
      }
    }
    await be.close();
    const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
    console.log(
      `${name.padEnd(8)} params ${String(model.numParams).padStart(7)}  threads ${workers + 1}: energy+forces ${med(t1).toFixed(0)} ms/frame, training step (loss+gradient) ${med(times).toFixed(0)} ms/frame = ${(med(times) / 192).toFixed(2)} ms/atom, process CPU ${med(cpu).toFixed(0)} ms (median of ${reps}; load ${loadavg()[0].toFixed(1)})`,
    );
  }
}
