/**
 * What every stage of `dpmd learn` reads: the parameters, the machine, the output directory, the
 * back end, the labeler, and DP-GEN's directory names (iter.000000/00.train/000, 01.model_devi/
 * task.000.000000, 02.fp/task.000.000000).
 */
import { join } from 'node:path';
import { Rng } from '../nn/rng.js';
import type { Backend, Task } from './backend.js';
import type { Labeler } from './labeler.js';
import type { Machine } from './machine.js';
import type { LearnParam } from './param.js';

export interface LearnContext {
  param: LearnParam;
  machine: Machine;
  /** Absolute output directory. */
  out: string;
  backend: Backend;
  labeler: Labeler;
  log: (line: string) => void;
  /** Called after every finished task (tests: the kill hook). */
  onTaskDone: (task: Task) => void;
}

export const pad = (n: number, w: number): string => String(n).padStart(w, '0');
export const iterDir = (c: LearnContext, i: number): string => join(c.out, `iter.${pad(i, 6)}`);
export const trainDir = (c: LearnContext, i: number): string => join(iterDir(c, i), '00.train');
export const modelDir = (c: LearnContext, i: number, k: number): string => join(trainDir(c, i), pad(k, 3));
export const modelFile = (c: LearnContext, i: number, k: number): string => join(modelDir(c, i, k), 'model.yaml');
export const deviDir = (c: LearnContext, i: number): string => join(iterDir(c, i), '01.model_devi');
export const fpDir = (c: LearnContext, i: number): string => join(iterDir(c, i), '02.fp');
/** The labelled data an iteration adds (deepmd/npy systems sys.000, ...). */
export const fpDataDir = (c: LearnContext, i: number): string => join(fpDir(c, i), 'data');
export const taskName = (sys: number, n: number): string => `task.${pad(sys, 3)}.${pad(n, 6)}`;

/** A seed in 1..2^31-1 for purpose `what` (a small integer) of iteration i, item k: same inputs, same seed. */
export function derivedSeed(base: number, what: number, i: number, k: number): number {
  const r = new Rng((base * 1000003 + what * 7919 + i * 104729 + k * 15485863) >>> 0);
  return 1 + Math.floor(r.uniform() * (2 ** 31 - 2));
}
