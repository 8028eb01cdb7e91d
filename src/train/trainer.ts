/**
 * `dpmd train`: DeePMD-kit's training loop for an input.json (input.ts).
 *
 *   stats (davg/dstd, bias_atom_e) or --init-model / --restart
 *   for step s = 0 .. numb_steps-1: batch <- sampler; lr = exp schedule(s); prefactors(lr);
 *     loss + gradient (backend.ts: this thread or worker threads); Adam step (src/nn) with lr
 *   lcurve.out (DeePMD-kit TF layout): a line at step 0 and whenever s % disp_freq == 0 after an
 *   update, rmse*_val over numb_btch validation batches and rmse*_trn on the batch just trained on,
 *   both with the updated model; checkpoints every save_freq steps and at the end; the model file
 *   (DeePMD-kit serialized .yaml/.dp) at the end.
 * A run killed and resumed with --restart CKPT continues bit-for-bit as the uninterrupted run: the
 * checkpoint holds parameters, Adam state, statistics and sampler draw counts; lcurve.out is cut
 * back to the checkpoint's step and appended to.
 */
import { existsSync, readFileSync, renameSync, appendFileSync } from 'node:fs';
import { Adam } from '../nn/adam.js';
import { Rng } from '../nn/rng.js';
import type { Param } from '../nn/param.js';
import { loadModelFile, writeModelFile } from '../deepmd/model_file.js';
import { expLr, type TrainInput } from './input.js';
import { lossValues, prefactors, type ErrorSums, type LossValues, type Prefactors } from './loss.js';
import { TrainModel } from './model.js';
import { LocalBackend, type FrameRef, type GradBackend } from './backend.js';
import { sharedModel, WorkerPool } from './pool.js';
import { BatchSampler } from './sampler.js';
import { loadData, type PreparedSystem } from './systems.js';
import { energyBias, envStats } from './stats.js';
import { checkCheckpointFits, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { ensureWritableFileDir, tempNameFor, writeFileAtomic } from './output_files.js';

export interface TrainOptions {
  restart?: string;
  initModel?: string;
  /** Output model file (.yaml or .dp), default 'model.yaml'. */
  output?: string;
  /** Worker threads besides this one (default 0). */
  workers?: number;
  /** Stop after this many steps of this invocation (tests: simulate a kill; no model file is written). */
  stopAfter?: number;
  /** Stop (checkpoint and model file written) once this invocation has run this long (benchmarks). */
  maxSeconds?: number;
  log?: (line: string) => void;
  /** Called (and awaited) after each lcurve line (benchmarks). */
  onDisplay?: (d: {
    step: number;
    val: LossValues | null;
    trn: LossValues;
    lr: number;
    wallSeconds: number;
    model: TrainModel;
  }) => void | Promise<void>;
}

export interface TrainResult {
  model: TrainModel;
  step: number;
  wallSeconds: number;
}

function _sumsAdd(a: ErrorSums | null, b: ErrorSums): ErrorSums {
  if (!a) return { ...b };
  return { ...a, nframes: a.nframes + b.nframes, se: a.se + b.se, sf: a.sf + b.sf, sv: a.sv + b.sv };
}

export async function train(input: TrainInput, opts: TrainOptions = {}): Promise<TrainResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const mc = input.model,
    tc = input.training;
  const t0 = Date.now();
  const out = opts.output ?? 'model.yaml';
  // every output location is proven writable before data are loaded or a step is taken
  ensureWritableFileDir(tc.dispFile, 'training.disp_file');
  ensureWritableFileDir(`${tc.saveCkpt}.json`, 'training.save_ckpt');
  ensureWritableFileDir(out, 'output model (-o)');
  const ckpt = opts.restart ? readCheckpoint(opts.restart) : null;
  const trainData = loadData(tc.train, mc.typeMap, mc.rcut, mc.sel);
  const validData = tc.valid ? loadData(tc.valid, mc.typeMap, mc.rcut, mc.sel) : null;
  const dropped = [...trainData, ...(validData ?? [])].reduce(
    (a, s) => a + s.frames.reduce((b, f) => b + f.dropped, 0),
    0,
  );
  if (dropped > 0)
    log(`warning: ${dropped} neighbor(s) within rcut did not fit in sel [${mc.sel}] and were dropped; increase sel`);
  log(
    `training data: ${trainData.map((s) => `${s.sys.path} (${s.sys.nframes} frames, ${s.sys.natoms} atoms, batch ${s.batchSize})`).join(', ')}`,
  );
  const workers = opts.workers ?? 0;
  const model = workers > 0 ? sharedModel(mc) : new TrainModel(mc);
  const adamParam: Param = { name: 'all', shape: [model.numParams], value: model.flat, grad: model.flatGrad };
  const adam = new Adam([adamParam]);
  let step = 0,
    wallBefore = 0,
    trainDraws = 0,
    validDraws = 0;
  if (opts.restart && ckpt) {
    const c = ckpt;
    if (JSON.stringify(c.cfg) !== JSON.stringify(model.cfg))
      throw new Error(`${opts.restart}: the checkpoint's model differs from input.json`);
    checkCheckpointFits(opts.restart, c, {
      params: model.numParams,
      davg: model.davg.length,
      bias: model.biasAtomE.length,
      numbSteps: tc.numbSteps,
      validBatches: tc.valid?.numbBtch ?? 0,
    });
    model.flat.set(c.params);
    model.davg.set(c.davg);
    model.dstd.set(c.dstd);
    model.biasAtomE.set(c.bias);
    adam.setState({ t: c.adam.t, m: [c.adam.m], v: [c.adam.v] });
    step = c.step;
    wallBefore = c.wallSeconds;
    trainDraws = c.trainDraws;
    validDraws = c.validDraws;
    log(`restart from ${opts.restart} at step ${step}`);
  } else if (opts.initModel) {
    model.loadSpec(await loadModelFile(opts.initModel));
    log(`initialised from ${opts.initModel} (weights and statistics)`);
  } else {
    model.init(new Rng(mc.descSeed ?? tc.seed ?? 1));
    computeStats(model, trainData, input);
  }
  const backend: GradBackend = workers > 0 ? new WorkerPool(model, workers) : new LocalBackend(model);
  const lrAt = expLr(input.lr.startLr, input.lr.stopLr, input.lr.decaySteps, tc.numbSteps);
  const seed = tc.seed ?? 0;
  const trainSampler = new BatchSampler(
    trainData.map((s) => s.frames.length),
    trainData.map((s) => s.batchSize),
    seed,
  );
  const validSampler = validData
    ? new BatchSampler(
        validData.map((s) => s.frames.length),
        validData.map((s) => s.batchSize),
        seed + 1,
      )
    : null;
  trainSampler.replay(trainDraws);
  validSampler?.replay(validDraws);
  const refs = (data: PreparedSystem[], tag: string, b: { sys: number; frames: number[] }): FrameRef[] =>
    b.frames.map((f) => ({ frame: data[b.sys].frames[f], id: `${tag}${b.sys}:${f}` }));
  const hasV = input.loss.startPrefV !== 0 || input.loss.limitPrefV !== 0;
  const lcurve = tc.dispFile;
  const keys = ['rmse', 'rmse_e', 'rmse_f', ...(hasV ? ['rmse_v'] : [])];
  if (!opts.restart || !existsSync(lcurve)) {
    let h = `# ${'step'.padStart(5)}`;
    for (const k of keys)
      h += validData
        ? `   ${(`${k}_val`).padStart(11)} ${(`${k}_trn`).padStart(11)}`
        : `   ${(`${k}_trn`).padStart(11)}`;
    writeFileAtomic(
      lcurve,
      `${h}   ${'lr'.padStart(8)}\n# If there is no available reference data, rmse_*_{val,trn} will print nan\n`,
    );
  } else {
    const kept = readFileSync(lcurve, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && (l.startsWith('#') || Number(l.trim().split(/\s+/)[0]) <= step));
    writeFileAtomic(lcurve, `${kept.join('\n')}\n`);
  }
  const fmtE = (v: number) =>
    (Number.isNaN(v) ? 'nan' : v.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2')).padStart(11);
  const vals = (v: LossValues) => [v.loss === 0 ? 0 : Math.sqrt(v.loss), v.rmseE, v.rmseF, ...(hasV ? [v.rmseV] : [])];
  const display = async (s: number, batch: { sys: number; frames: number[] }) => {
    const lr = lrAt(s),
      p = prefactors(input.loss, lr, input.lr.startLr);
    const sysT = trainData[batch.sys];
    const trn = lossValues(await backend.lossGrad(refs(trainData, 't', batch), sysT.has, p, false), p);
    if (!Number.isFinite(trn.loss))
      throw new Error(
        `training loss is ${trn.loss} at step ${s}: training diverged (lower learning_rate.start_lr, or check the data for huge values)`,
      );
    let val: LossValues | null = null;
    if (validData && validSampler) {
      // systems may differ in size: average loss terms per batch as DeePMD-kit does (mean over batches)
      let acc: LossValues | null = null;
      const nb = tc.valid!.numbBtch;
      for (let b = 0; b < nb; b++) {
        const vb = validSampler.next();
        const v = lossValues(await backend.lossGrad(refs(validData, 'v', vb), validData[vb.sys].has, p, false), p);
        acc = acc
          ? {
              loss: acc.loss + v.loss,
              rmseE: acc.rmseE + v.rmseE ** 2,
              rmseF: acc.rmseF + v.rmseF ** 2,
              rmseV: acc.rmseV + v.rmseV ** 2,
            }
          : { loss: v.loss, rmseE: v.rmseE ** 2, rmseF: v.rmseF ** 2, rmseV: v.rmseV ** 2 };
      }
      val = {
        loss: acc!.loss / nb,
        rmseE: Math.sqrt(acc!.rmseE / nb),
        rmseF: Math.sqrt(acc!.rmseF / nb),
        rmseV: Math.sqrt(acc!.rmseV / nb),
      };
    }
    let line = String(s).padStart(7);
    const tv = vals(trn),
      vv = val ? vals(val) : null;
    for (let k = 0; k < tv.length; k++) line += vv ? `   ${fmtE(vv[k])} ${fmtE(tv[k])}` : `   ${fmtE(tv[k])}`;
    line +=
      '   ' +
      lr
        .toExponential(1)
        .replace(/e([+-])(\d)$/, 'e$10$2')
        .padStart(8) +
      '\n';
    appendFileSync(lcurve, line);
    const wall = wallBefore + (Date.now() - t0) / 1000;
    log(
      `step ${s}: rmse_f_trn ${trn.rmseF.toExponential(3)}${val ? ` rmse_f_val ${val.rmseF.toExponential(3)} rmse_e_val ${val.rmseE.toExponential(3)}` : ''} lr ${lr.toExponential(2)} wall ${wall.toFixed(1)} s`,
    );
    await opts.onDisplay?.({ step: s, val, trn, lr, wallSeconds: wall, model });
  };
  const save = () => {
    checkFinite(model.flat, step, 'parameters');
    const st = adam.getState();
    writeCheckpoint(`${tc.saveCkpt}.json`, {
      format: 'dpmd-ts-train-checkpoint',
      version: 1,
      step,
      cfg: model.cfg,
      params: Float64Array.from(model.flat),
      adam: { t: st.t, m: st.m[0], v: st.v[0] },
      davg: model.davg,
      dstd: model.dstd,
      bias: model.biasAtomE,
      trainDraws: trainSampler.draws,
      validDraws: validSampler?.draws ?? 0,
      wallSeconds: wallBefore + (Date.now() - t0) / 1000,
    });
  };
  let ran = 0,
    timeUp = false;
  try {
    while (step < tc.numbSteps) {
      if (opts.stopAfter !== undefined && ran >= opts.stopAfter) break;
      if (opts.maxSeconds !== undefined && (Date.now() - t0) / 1000 > opts.maxSeconds) {
        timeUp = true;
        if (step % tc.saveFreq !== 0) save();
        log(`time limit of ${opts.maxSeconds} s reached at step ${step}`);
        break;
      }
      const batch = trainSampler.next();
      if (step === 0) await display(0, batch);
      const lr = lrAt(step),
        p: Prefactors = prefactors(input.loss, lr, input.lr.startLr);
      const sums = await backend.lossGrad(refs(trainData, 't', batch), trainData[batch.sys].has, p, true);
      // stop at the first non-finite loss or gradient: nothing non-finite reaches the parameters or a file
      const l = lossValues(sums, p).loss;
      if (!Number.isFinite(l))
        throw new Error(
          `training loss is ${l} at step ${step}: training diverged (lower learning_rate.start_lr, or check the data for huge values)`,
        );
      checkFinite(model.flatGrad, step, 'loss gradient');
      adam.step(lr);
      step++;
      ran++;
      if (step % tc.dispFreq === 0) await display(step, batch);
      if (step % tc.saveFreq === 0 || step === tc.numbSteps) save();
    }
  } finally {
    await backend.close();
  }
  if (step === tc.numbSteps || timeUp) {
    checkFinite(model.flat, step, 'parameters');
    const tmp = tempNameFor(out);
    await writeModelFile(model.toSpec({ model_def_script: input.modelDefScript, time: new Date().toISOString() }), tmp);
    renameSync(tmp, out);
    log(`wrote ${out}`);
  }
  return { model, step, wallSeconds: wallBefore + (Date.now() - t0) / 1000 };
}

function checkFinite(a: Float64Array, step: number, what: string): void {
  for (let k = 0; k < a.length; k++) {
    if (!Number.isFinite(a[k]))
      throw new Error(
        `${what} not finite at step ${step} (entry ${k} is ${a[k]}): training diverged; nothing was written for this step`,
      );
  }
}

/** davg/dstd from the first data_stat_nbatch batches of every training system; bias_atom_e by least squares. */
export function computeStats(model: TrainModel, data: PreparedSystem[], input: TrainInput): void {
  const mc = input.model;
  const frames = data.flatMap((s) => s.frames.slice(0, Math.min(s.frames.length, mc.dataStatNbatch * s.batchSize)));
  const st = envStats(
    frames,
    model.ntypes,
    model.nnei,
    model.ncomp,
    { rcut: mc.rcut, rcutSmth: mc.rcutSmth, protection: mc.envProtection },
    mc.dataStatProtect,
    mc.setDavgZero,
  );
  model.davg.set(st.davg);
  model.dstd.set(st.dstd);
  const counts: Float64Array[] = [],
    energies: number[] = [];
  for (const s of data) {
    if (!s.has.e) continue;
    const c = new Float64Array(model.ntypes);
    for (const t of s.sys.types) c[t]++;
    for (const f of s.frames.slice(0, Math.min(s.frames.length, mc.dataStatNbatch * s.batchSize))) {
      counts.push(c);
      energies.push(f.energy);
    }
  }
  if (counts.length > 0) model.biasAtomE.set(energyBias(counts, energies, model.ntypes, mc.rcond));
}
