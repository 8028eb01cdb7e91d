/**
 * Examine: DP-GEN's selection of frames to label from the model deviation
 * (dpgen/generator/run.py, _select_by_model_devi_standard):
 *   max_devi_f <  trust_lo            accurate (the ensemble agrees: nothing to learn)
 *   trust_lo <= max_devi_f < trust_hi candidate
 *   max_devi_f >= trust_hi            failed (too far from the data to trust any label-free step)
 * Candidates of one system (sys_idx) are shuffled and the first fp_task_max kept; fewer than
 * fp_task_min candidates label none. The shuffle is seeded, so a resumed run selects the same frames.
 */
import { readFileSync } from 'node:fs';
import { Rng } from '../nn/rng.js';

export interface DeviRow {
  step: number;
  maxDeviF: number;
}

/** The step and max_devi_f columns of a DeePMD-kit model_devi.out (columns 0 and 4). */
export function readModelDevi(path: string): DeviRow[] {
  const rows: DeviRow[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const t = l.trim();
      if (t === '' || t.startsWith('#')) return;
      const w = t.split(/\s+/);
      // a blown-up frame's deviation is printed as nan or inf (C printf): kept, and classified failed
      const word = w[4] ?? '';
      const special = /^[-+]?nan$/i.test(word)
        ? Number.NaN
        : /^[-+]?inf$/i.test(word)
          ? Number.POSITIVE_INFINITY
          : null;
      const step = Number(w[0]),
        f = special ?? Number(word);
      if (w.length < 7 || !Number.isInteger(step) || (Number.isNaN(f) && special === null))
        throw new Error(`${path}:${i + 1}: not a model_devi.out line`);
      rows.push({ step, maxDeviF: f });
    });
  return rows;
}

export type Verdict = 'accurate' | 'candidate' | 'failed';

export function classify(maxDeviF: number, trustLo: number, trustHi: number): Verdict {
  // NaN (a blown-up trajectory) is failed, as DP-GEN's comparisons make it
  if (maxDeviF < trustLo) return 'accurate';
  if (maxDeviF < trustHi) return 'candidate';
  return 'failed';
}

/** A frame of an exploration task. */
export interface FrameRef {
  task: string;
  step: number;
}

export interface Selection {
  accurate: FrameRef[];
  candidate: FrameRef[];
  failed: FrameRef[];
  /** Candidates chosen for labelling (shuffled, capped). */
  chosen: FrameRef[];
}

/** Fisher-Yates with a seeded generator (same seed, same order). */
export function shuffle<T>(a: T[], seed: number): T[] {
  const out = a.slice(),
    rng = new Rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Classify every frame of the tasks of one system; choose candidates. */
export function select(
  tasks: { task: string; rows: DeviRow[] }[],
  trustLo: number,
  trustHi: number,
  fpTaskMax: number,
  fpTaskMin: number,
  seed: number,
): Selection {
  const s: Selection = { accurate: [], candidate: [], failed: [], chosen: [] };
  for (const { task, rows } of tasks)
    for (const r of rows) s[classify(r.maxDeviF, trustLo, trustHi)].push({ task, step: r.step });
  const n = Math.min(fpTaskMax, s.candidate.length);
  s.chosen = n < fpTaskMin ? [] : shuffle(s.candidate, seed).slice(0, n);
  return s;
}
