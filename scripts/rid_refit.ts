/**
 * Retrain a RiD ensemble offline on the labels of a finished `dpmd rid` run and score it against a
 * reference free-energy surface: the cheap way to tell whether an iteration's free energy moves because
 * of training (settings, seeds: seconds to minutes) or because of the labels (noise, coverage: more MD).
 *
 *   npx tsx scripts/rid_refit.ts --rid DIR --ref REF/fes.csv [--iters K] [--epochs 300] [--init-lr 0.003]
 *     [--decay-steps 30] [--decay-rate 0.8] [--models 4] [--neurons 48,48,48] [--batch 32] [--seeds 1,2,3]
 *     [--weighted] [--warm] [--save PREFIX  (writes PREFIX.seedN.csv, the refitted fes.csv)]
 *
 * Labels: iter.*\/02.label/forces.json of iterations 0..K-1 (default: every labelled iteration). The
 * ensemble is trained from scratch (rid-kit init) unless --warm, which starts from iteration K-1's
 * models.json (as `Train.restart`). --weighted weights each label component by 1/(ε² + ε̄²), ε its
 * block error and ε̄ the mean error (so a few near-zero errors cannot dominate). Printed per seed, and
 * their mean and spread: the RMSE where the reference is below 25 kJ/mol (best constant shift) and
 * ΔF(C7ax − C7eq) from the basin boxes of fes_analysis.ts (as scripts/bench_rid_ala2.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../src/nn/rng.js';
import { Ensemble } from '../src/rid/ensemble.js';
import { basinMinima, fesRmseBelow } from '../src/rid/fes_analysis.js';
import { ensembleFes, FES_N, fesCsv } from '../src/rid/fes_output.js';
import { labelWeights } from '../src/rid/label_weights.js';
import { trainEnsemble } from '../src/rid/train_ensemble.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt?: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ridDir = resolve(opt('rid') ?? '');
const refFile = opt('ref');
if (!opt('rid') || !refFile) {
  console.error('ERROR: usage: npx tsx scripts/rid_refit.ts --rid DIR --ref REF/fes.csv [options]');
  process.exit(1);
}
const iterDir = (i: number) => join(ridDir, `iter.${String(i).padStart(6, '0')}`);
let K = Number(opt('iters', '0'));
if (K === 0) while (existsSync(join(iterDir(K), '02.label/forces.json'))) K++;
const s: number[] = [],
  f: number[] = [],
  e: number[] = [];
for (let i = 0; i < K; i++) {
  const l = JSON.parse(readFileSync(join(iterDir(i), '02.label/forces.json'), 'utf8'));
  s.push(...l.centres);
  f.push(...l.force);
  e.push(...l.error);
}
const d = 2,
  n = s.length / d;

function readFesCsv(file: string): Float64Array {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  if (rows.length !== FES_N * FES_N) throw new Error(`${file}: ${rows.length} rows, expected ${FES_N * FES_N}`);
  return Float64Array.from(rows, (l) => Number(l.split(',')[2]));
}
const ref = readFesCsv(refFile);
const refB = basinMinima(ref);
const refDF = refB.C7ax.F - refB.C7eq.F;

const train = {
  batchSize: Number(opt('batch', '32')),
  epochs: Number(opt('epochs', '300')),
  initLr: Number(opt('init-lr', '0.003')),
  decaySteps: Number(opt('decay-steps', '30')),
  decayRate: Number(opt('decay-rate', '0.8')),
};
const neurons = (opt('neurons', '48,48,48') as string).split(',').map(Number);
const models = Number(opt('models', '4'));
const seeds = (opt('seeds', '1') as string).split(',').map(Number);
const weights = argv.includes('--weighted') ? labelWeights(Float64Array.from(e)) : undefined;
const warm = argv.includes('--warm');

const rows: { rmse: number; dF: number; trainRmse: number }[] = [];
for (const seed of seeds) {
  let ens: Ensemble;
  if (warm) {
    const j = JSON.parse(readFileSync(join(iterDir(K - 1), '03.train/models.json'), 'utf8'));
    ens = Ensemble.fromJSON(j.ensemble);
  } else {
    ens = new Ensemble([true, true], neurons, models);
    ens.init(new Rng(seed));
  }
  const t0 = Date.now();
  const tr = trainEnsemble(ens, { n, s: Float64Array.from(s), f: Float64Array.from(f), weight: weights }, train, seed);
  const fes = ensembleFes(ens);
  const b = basinMinima(fes);
  const { rmse } = fesRmseBelow(fes, ref, 25);
  const save = opt('save');
  if (save) writeFileSync(`${save}.seed${seed}.csv`, fesCsv(fes));
  const row = { rmse, dF: b.C7ax.F - b.C7eq.F, trainRmse: tr.reduce((a, v) => a + v, 0) / tr.length };
  rows.push(row);
  console.log(
    `seed ${seed}: labels ${n} (iters 0..${K - 1}), RMSE ${rmse.toFixed(2)}, dF ${row.dF.toFixed(2)} (ref ${refDF.toFixed(2)}), train rmse ${row.trainRmse.toFixed(2)}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const sd = (a: number[]) => Math.sqrt(mean(a.map((x) => (x - mean(a)) ** 2)));
const dFs = rows.map((r) => r.dF),
  rm = rows.map((r) => r.rmse);
console.log(
  `summary: ${JSON.stringify({ ...train, neurons, models, warm, weighted: !!weights })} labels ${n}: RMSE ${mean(rm).toFixed(2)} ± ${sd(rm).toFixed(2)}, dF ${mean(dFs).toFixed(2)} ± ${sd(dFs).toFixed(2)} (ref ${refDF.toFixed(2)})`,
);
