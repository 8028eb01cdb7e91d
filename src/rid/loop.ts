/**
 * The reinforced-dynamics loop (`dpmd rid`), iteration by iteration, stage by stage:
 *
 *   0 explore  walkers run biased MD with the previous ensemble's bias (none at iteration 0)
 *   1 select   visited states where the previous ensemble disagrees, thinned and capped
 *   2 label    restrained-MD mean forces at the selected centres
 *   3 train    the ensemble on every label so far
 *   4 post     spread and Delta F of the new ensemble, rid_log.csv, fes.csv, fes.png
 *
 * Each stage writes its outputs under iter.NNNNNN/ with atomic renames, then appends `iter stage` to
 * record.rid (format of src/learn/record.ts). A rerun with the same --out resumes after the last
 * recorded stage; every stage reads only files, and every random stream is seeded from (seed, iter,
 * stage), so a resumed run produces the same bytes as an uninterrupted one.
 *
 * Test hook: DPMD_RID_KILL_AT="I.S" ends the process with SIGKILL after stage S of iteration I wrote
 * its outputs and before it is recorded (the stage is then repeated on resume).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../learn/atomic_file.js';
import { Rng } from '../nn/rng.js';
import type { RidConfig } from './config.js';
import { type DeepFeOut, DeepFeBias, makeDeepFeOut } from './deepfe.js';
import { Ensemble, makeEval } from './ensemble.js';
import { ensembleFes, FES_N, fesAxis, writeFes } from './fes_output.js';
import { type CvBias, type Sampler, taskSeed, type WalkerState } from './sampler.js';
import { selectStates } from './selection.js';
import { trainEnsemble } from './train_ensemble.js';

export const RID_STAGES = ['explore', 'select', 'label', 'train', 'post'] as const;

interface Pos {
  iter: number;
  stage: number;
}

/** The last recorded stage, or null; a torn last line (killed mid-write, no newline) is ignored. */
function lastRecorded(path: string): Pos | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  let last: Pos | null = null;
  lines.forEach((l, i) => {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(l);
    if (!m) {
      if (l.trim() !== '') throw new Error(`${path}:${i + 1}: expected 'iter stage', got '${l}'`);
      return;
    }
    const p = { iter: Number(m[1]), stage: Number(m[2]) };
    if (p.stage >= RID_STAGES.length)
      throw new Error(`${path}:${i + 1}: stage ${p.stage} is not 0..${RID_STAGES.length - 1}`);
    last = p;
  });
  return last;
}

const iterDir = (out: string, i: number) => join(out, `iter.${String(i).padStart(6, '0')}`);
const stageFile = (out: string, i: number, s: number, name: string) =>
  join(iterDir(out, i), `${String(s).padStart(2, '0')}.${RID_STAGES[s]}`, name);

function writeJson(path: string, v: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(v)}\n`);
}
function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The bias U = -w(sigma) mean A with force -dU/ds = w grad(mean A) (deepfe.ts, which settles the sign). */
export function ensembleBias(ens: Ensemble, lvl1: number, lvl2: number): CvBias {
  const bias = new DeepFeBias(ens, lvl1, lvl2);
  let out: DeepFeOut = makeDeepFeOut(0, ens.d);
  return {
    model: { ensemble: ens.toJSON(), trustLvl1: lvl1, trustLvl2: lvl2 },
    apply(s, n, energy, force) {
      if (out.energy.length < n) out = makeDeepFeOut(n, ens.d);
      bias.evaluate(s, n, out);
      const d = ens.d;
      for (let i = 0; i < n; i++) {
        energy[i] = out.energy[i];
        for (let k = 0; k < d; k++) force[i * d + k] = -out.dVds[i * d + k];
      }
    },
  };
}

interface ExploreOut {
  nframes: number;
  nwalkers: number;
  traj: number[];
  states: WalkerState[];
}
interface SelectOut {
  centres: number[];
  sigma: number[] | null;
}
interface LabelOut {
  centres: number[];
  force: number[];
  error: number[];
}
interface TrainOut {
  ensemble: { periodic: boolean[]; neurons: number[]; models: number[][] };
  rmse: number[];
}
export interface IterLog {
  iter: number;
  frames: number;
  selected: number;
  labels: number;
  mean_std: number;
  max_std: number;
  label_error: number;
  train_rmse: number;
  dF: number;
  fes_rmse?: number;
  exact_dF?: number;
}

export interface RidResult {
  iterations: number;
  last: IterLog | null;
}

/** Exact free energy on the grid, when the sampler knows it (the torus sampler). */
export type ExactFes = ((phi: number, psi: number) => number) | null;

/** RMSE of fes vs exact over the grid points where the exact (minimum 0) is below `cut`, after the best constant shift. */
export function fesRmse(fes: Float64Array, exact: Float64Array, cut: number): number {
  let n = 0,
    sd = 0;
  for (let k = 0; k < fes.length; k++)
    if (exact[k] < cut) {
      sd += fes[k] - exact[k];
      n++;
    }
  const shift = sd / n;
  let s2 = 0;
  for (let k = 0; k < fes.length; k++)
    if (exact[k] < cut) {
      const e = fes[k] - exact[k] - shift;
      s2 += e * e;
    }
  return Math.sqrt(s2 / n);
}

export const RMSE_CUT_KJ_MOL = 25;

export async function runRid(
  cfg: RidConfig,
  sampler: Sampler,
  out: string,
  log: (line: string) => void,
  exact: ExactFes = null,
): Promise<RidResult> {
  mkdirSync(out, { recursive: true });
  const recordFile = join(out, 'record.rid');
  const last = lastRecorded(recordFile);
  let pos: Pos = !last
    ? { iter: 0, stage: 0 }
    : last.stage + 1 < RID_STAGES.length
      ? { iter: last.iter, stage: last.stage + 1 }
      : { iter: last.iter + 1, stage: 0 };
  if (last && pos.iter < cfg.numbIters)
    log(`resuming at iteration ${pos.iter}, stage ${pos.stage} (${RID_STAGES[pos.stage]}) from ${recordFile}`);
  const kill = process.env.DPMD_RID_KILL_AT;
  const km = kill ? /^(\d+)\.(\d+)$/.exec(kill) : null;
  if (kill && !km) throw new Error(`DPMD_RID_KILL_AT: expected ITER.STAGE, got '${kill}'`);
  const d = sampler.d,
    periodic = sampler.periodic;
  let exactGrid: Float64Array | null = null;
  if (exact) {
    const ax = fesAxis();
    exactGrid = new Float64Array(FES_N * FES_N);
    let m = Infinity;
    for (let i = 0; i < FES_N; i++)
      for (let j = 0; j < FES_N; j++) {
        const v = exact((ax[i] * Math.PI) / 180, (ax[j] * Math.PI) / 180);
        exactGrid[i * FES_N + j] = v;
        m = Math.min(m, v);
      }
    for (let k = 0; k < exactGrid.length; k++) exactGrid[k] -= m;
  }
  const loadEnsemble = (i: number): Ensemble | null =>
    i < 0 ? null : Ensemble.fromJSON(readJson<TrainOut>(stageFile(out, i, 3, 'models.json')).ensemble);
  let lastLog: IterLog | null = null;

  while (pos.iter < cfg.numbIters) {
    const it = pos.iter,
      st = pos.stage,
      seed = taskSeed(cfg.seed, it, st);
    mkdirSync(join(iterDir(out, it), `${String(st).padStart(2, '0')}.${RID_STAGES[st]}`), { recursive: true });
    if (st === 0) {
      const prev = loadEnsemble(it - 1);
      const states =
        it === 0
          ? sampler.initialStates(cfg.numbWalkers, taskSeed(cfg.seed, 0, 99))
          : readJson<ExploreOut>(stageFile(out, it - 1, 0, 'explore.json')).states;
      const bias = prev ? ensembleBias(prev, cfg.trustLvl1, cfg.trustLvl2) : null;
      const r = await sampler.biasedMD(states, bias, cfg.explore.nsteps, cfg.explore.outputFreq, seed);
      writeJson(stageFile(out, it, 0, 'explore.json'), {
        nframes: r.nframes,
        nwalkers: states.length,
        traj: Array.from(r.traj),
        states: r.states,
      } satisfies ExploreOut);
    } else if (st === 1) {
      const ex = readJson<ExploreOut>(stageFile(out, it, 0, 'explore.json'));
      const n = ex.nframes * ex.nwalkers;
      const s = Float64Array.from(ex.traj);
      const prev = loadEnsemble(it - 1);
      let sigma: Float64Array | null = null;
      if (prev) {
        const ev = makeEval(n, d);
        prev.evaluate(s, n, ev);
        sigma = ev.sigma;
      }
      const idx = selectStates(
        s,
        n,
        periodic,
        sigma,
        cfg.trustLvl1,
        cfg.select.clusterThreshold,
        cfg.select.maxSelection,
      );
      writeJson(stageFile(out, it, 1, 'selected.json'), {
        centres: idx.flatMap((i) => Array.from(s.subarray(i * d, (i + 1) * d))),
        sigma: sigma ? idx.map((i) => sigma[i]) : null,
      } satisfies SelectOut);
    } else if (st === 2) {
      const sel = readJson<SelectOut>(stageFile(out, it, 1, 'selected.json'));
      const n = sel.centres.length / d;
      const r = await sampler.meanForces(
        Float64Array.from(sel.centres),
        n,
        cfg.label.kappas,
        cfg.label.nsteps,
        cfg.label.tail,
        seed,
      );
      writeJson(stageFile(out, it, 2, 'forces.json'), {
        centres: sel.centres,
        force: Array.from(r.force),
        error: Array.from(r.error),
      } satisfies LabelOut);
    } else if (st === 3) {
      const s: number[] = [],
        f: number[] = [];
      for (let i = 0; i <= it; i++) {
        const l = readJson<LabelOut>(stageFile(out, i, 2, 'forces.json'));
        s.push(...l.centres);
        f.push(...l.force);
      }
      const prev = cfg.train.restart ? loadEnsemble(it - 1) : null;
      const ens = prev ?? new Ensemble(periodic, cfg.train.neurons, cfg.train.numbModels);
      if (!prev) ens.init(new Rng(taskSeed(cfg.seed, it, 3, 1)));
      const n = s.length / d;
      const rmse =
        n > 0
          ? trainEnsemble(ens, { n, s: Float64Array.from(s), f: Float64Array.from(f) }, cfg.train, seed)
          : ens.nets.map(() => Number.NaN);
      writeJson(stageFile(out, it, 3, 'models.json'), { ensemble: ens.toJSON(), rmse } satisfies TrainOut);
    } else {
      const ens = loadEnsemble(it)!;
      const ex = readJson<ExploreOut>(stageFile(out, it, 0, 'explore.json'));
      const lab = readJson<LabelOut>(stageFile(out, it, 2, 'forces.json'));
      const tr = readJson<TrainOut>(stageFile(out, it, 3, 'models.json'));
      const n = ex.nframes * ex.nwalkers;
      const ev = makeEval(n, d);
      ens.evaluate(Float64Array.from(ex.traj), n, ev);
      let ms = 0,
        mx = 0;
      for (let i = 0; i < n; i++) {
        ms += ev.sigma[i] / n;
        mx = Math.max(mx, ev.sigma[i]);
      }
      let labels = 0;
      for (let i = 0; i <= it; i++)
        labels += readJson<LabelOut>(stageFile(out, i, 2, 'forces.json')).centres.length / d;
      const le = lab.error.length > 0 ? Math.sqrt(lab.error.reduce((a, e) => a + e * e, 0) / lab.error.length) : 0;
      const b = cfg.basins;
      const bs = Float64Array.from(b.flatMap((x) => x.s));
      const bev = makeEval(b.length, d);
      ens.evaluate(bs, b.length, bev);
      const fes = ensembleFes(ens);
      const entry: IterLog = {
        iter: it,
        frames: n,
        selected: lab.centres.length / d,
        labels,
        mean_std: ms,
        max_std: mx,
        label_error: le,
        train_rmse: tr.rmse.reduce((a, v) => a + v, 0) / tr.rmse.length,
        dF: bev.mean[1] - bev.mean[0],
      };
      if (exact && exactGrid) {
        entry.fes_rmse = fesRmse(fes, exactGrid, RMSE_CUT_KJ_MOL);
        entry.exact_dF = exact(b[1].s[0], b[1].s[1]) - exact(b[0].s[0], b[0].s[1]);
      }
      writeJson(stageFile(out, it, 4, 'log.json'), entry);
      writeRidLog(out, it, cfg);
      writeFes(out, fes, `${cfg.name}: free energy after iteration ${it}`);
      lastLog = entry;
      log(logLine(entry, cfg));
    }
    if (km && Number(km[1]) === it && Number(km[2]) === st) process.kill(process.pid, 'SIGKILL');
    appendFileSync(recordFile, `${it} ${st}\n`);
    pos = st + 1 < RID_STAGES.length ? { iter: it, stage: st + 1 } : { iter: it + 1, stage: 0 };
  }
  if (!lastLog && cfg.numbIters > 0 && existsSync(stageFile(out, cfg.numbIters - 1, 4, 'log.json')))
    lastLog = readJson<IterLog>(stageFile(out, cfg.numbIters - 1, 4, 'log.json'));
  return { iterations: cfg.numbIters, last: lastLog };
}

function dfName(cfg: RidConfig): string {
  return `dF_${cfg.basins[1].name}_${cfg.basins[0].name}_kJ_mol`;
}

function logLine(e: IterLog, cfg: RidConfig): string {
  let l =
    `iter ${e.iter}: ${e.frames} frames, ${e.selected} selected, ${e.labels} labels, ` +
    `ensemble std mean ${e.mean_std.toFixed(3)} max ${e.max_std.toFixed(3)} kJ/mol/rad, ` +
    `label error ${e.label_error.toFixed(3)}, train rmse ${e.train_rmse.toFixed(3)}, ` +
    `dF(${cfg.basins[1].name}-${cfg.basins[0].name}) ${e.dF.toFixed(2)} kJ/mol`;
  if (e.fes_rmse !== undefined)
    l += ` (exact ${e.exact_dF!.toFixed(2)}), FES rmse ${e.fes_rmse.toFixed(2)} kJ/mol below ${RMSE_CUT_KJ_MOL}`;
  return l;
}

/** rid_log.csv rebuilt from every finished iteration's log.json (so a repeated post stage adds no duplicate row). */
function writeRidLog(out: string, upTo: number, cfg: RidConfig): void {
  const rows: IterLog[] = [];
  for (let i = 0; i <= upTo; i++) rows.push(readJson<IterLog>(stageFile(out, i, 4, 'log.json')));
  const exact = rows.some((r) => r.fes_rmse !== undefined);
  const head = [
    'iter',
    'explored_frames',
    'selected',
    'labels_total',
    'mean_std_kJ_mol_rad',
    'max_std_kJ_mol_rad',
    'label_error_kJ_mol_rad',
    'train_rmse_kJ_mol_rad',
    dfName(cfg),
  ];
  if (exact) head.push('exact_dF_kJ_mol', 'fes_rmse_kJ_mol');
  const lines = [head.join(',')];
  for (const r of rows) {
    const v = [
      r.iter,
      r.frames,
      r.selected,
      r.labels,
      r.mean_std.toFixed(6),
      r.max_std.toFixed(6),
      r.label_error.toFixed(6),
      r.train_rmse.toFixed(6),
      r.dF.toFixed(6),
    ];
    if (exact) v.push(r.exact_dF!.toFixed(6), r.fes_rmse!.toFixed(6));
    lines.push(v.join(','));
  }
  writeFileAtomic(join(out, 'rid_log.csv'), `${lines.join('\n')}\n`);
}
