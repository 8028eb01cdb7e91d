/**
 * Benchmark of the learned moment closure (docs/kinetic.md): runs `dpmd kinetic configs/kinetic/bench.json`
 * (data generation, training, evaluation on unseen initial data at eps = 1e-3 .. 10) and prints the table of
 * relative L2 errors and wall times from DIR/result.json.
 *   npx tsx scripts/bench_kinetic.ts [--config configs/kinetic/bench.json] [--out out/kinetic_bench]
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kineticMain } from '../src/kinetic/cli.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'configs/kinetic/bench.json' },
    out: { type: 'string', default: 'out/kinetic_bench' },
  },
});
const out = values.out!;
mkdirSync(out, { recursive: true });
const code = await kineticMain([values.config!, '--out', out]);
if (code !== 0) process.exit(code);
const r = JSON.parse(readFileSync(`${out}/result.json`, 'utf8'));
const pct = (x: number | null) => (x === null ? 'failed' : `${(100 * x).toFixed(2)}%`);
const o = r.orders;
console.log(
  `\n| eps | learned (N = ${o.learned}) | Grad N = ${o.grad_same_order} | Euler | Grad N = ${o.moments} (moments) |\n|---|---|---|---|---|`,
);
r.eps.forEach((e: number, k: number) => {
  const l2 = r.rel_l2;
  console.log(
    `| ${e} | ${pct(l2.learned[k])} | ${pct(l2.grad_same_order[k])} | ${pct(l2.euler[k])} | ${pct(l2.moments[k])} |`,
  );
});
const w = r.wall_seconds;
console.log(
  `\nwall: kinetic ${w.kinetic.toFixed(2)} s, learned ${w.learned.toFixed(2)} s (speed-up ${r.speedup_learned_over_kinetic.toFixed(2)}x), ` +
    `Grad N=${o.grad_same_order} ${w.grad_same_order.toFixed(2)} s, Euler ${w.euler.toFixed(2)} s, moments ${w.moments.toFixed(2)} s; data ${w.data_generation.toFixed(1)} s, training ${w.training.toFixed(1)} s`,
);
const c = r.cpu_seconds;
console.log(
  `cpu:  kinetic ${c.kinetic.toFixed(2)} s, learned ${c.learned.toFixed(2)} s (speed-up ${r.speedup_learned_over_kinetic_cpu.toFixed(2)}x), ` +
    `Grad N=${o.grad_same_order} ${c.grad_same_order.toFixed(2)} s, Euler ${c.euler.toFixed(2)} s, moments ${c.moments.toFixed(2)} s`,
);
console.log('hyperbolicity (learned):', JSON.stringify(r.hyperbolicity.learned));
