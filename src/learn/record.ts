/**
 * The record of finished stages (DP-GEN's record.dpgen): one line `iter stage` appended after each
 * stage completes, stages numbered as DP-GEN does:
 *   0 make_train  1 run_train  2 post_train  3 make_model_devi  4 run_model_devi  5 post_model_devi
 *   6 make_fp     7 run_fp     8 post_fp
 * A run resumes at the stage after the last recorded one. Every stage is safe to repeat when it was
 * killed before its line was written: make_* rebuild their directory, run_* skip finished tasks
 * (jobs.ts), post_* write their outputs under a temporary name and rename.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export const STAGES = [
  'make_train',
  'run_train',
  'post_train',
  'make_model_devi',
  'run_model_devi',
  'post_model_devi',
  'make_fp',
  'run_fp',
  'post_fp',
] as const;

export interface Position {
  iter: number;
  stage: number;
}

/** The last finished stage, or null for a fresh run. A torn last line (killed mid-write) is ignored. */
export function lastRecorded(path: string): Position | null {
  if (!existsSync(path)) return null;
  let last: Position | null = null;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(l);
      if (m) {
        const p = { iter: Number(m[1]), stage: Number(m[2]) };
        if (p.stage >= STAGES.length)
          throw new Error(`${path}:${i + 1}: stage ${p.stage} is not 0..${STAGES.length - 1}`);
        last = p;
      } else if (l.trim() !== '') {
        throw new Error(`${path}:${i + 1}: expected 'iter stage', got '${l}'`);
      }
    });
  return last;
}

/** The stage to run next after `last`. */
export function nextPosition(last: Position | null): Position {
  if (!last) return { iter: 0, stage: 0 };
  return last.stage + 1 < STAGES.length
    ? { iter: last.iter, stage: last.stage + 1 }
    : { iter: last.iter + 1, stage: 0 };
}

export function record(path: string, p: Position): void {
  appendFileSync(path, `${p.iter} ${p.stage}\n`);
}
