/**
 * The per-iteration table of `dpmd learn` (on screen and in learn_table.txt): explored frames, the
 * accurate / candidate / failed shares from the model deviation, frames chosen and labelled. The
 * file is rewritten whole from every iteration's row (iter.NNNNNN/stats.json), so a resumed run never
 * duplicates a row.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic_file.js';

export interface IterStats {
  iter: number;
  explored: number;
  accurate: number;
  candidate: number;
  failed: number;
  chosen: number;
  labelled: number;
  labelFailed: number;
  /** Frames in the training data of this iteration's models. */
  trainFrames: number;
}

const pct = (a: number, n: number) => (n === 0 ? '-' : ((100 * a) / n).toFixed(2));

export function tableHeader(): string {
  return '#  iter  train_frames  explored  accurate%  candidate%  failed%  chosen  labelled  label_failed';
}

export function tableRow(s: IterStats): string {
  return [
    String(s.iter).padStart(7),
    String(s.trainFrames).padStart(13),
    String(s.explored).padStart(9),
    pct(s.accurate, s.explored).padStart(10),
    pct(s.candidate, s.explored).padStart(11),
    pct(s.failed, s.explored).padStart(8),
    String(s.chosen).padStart(7),
    String(s.labelled).padStart(9),
    String(s.labelFailed).padStart(13),
  ].join(' ');
}

/** Rewrite out/learn_table.txt from every iter.NNNNNN/stats.json. */
export function writeTable(out: string): string {
  const rows = readdirSync(out)
    .filter((e) => /^iter\.\d{6}$/.test(e))
    .sort()
    .map((e) => join(out, e, 'stats.json'))
    .filter((f) => existsSync(f))
    .map((f) => tableRow(JSON.parse(readFileSync(f, 'utf8')) as IterStats));
  const text = `${[tableHeader(), ...rows].join('\n')}\n`;
  writeFileAtomic(join(out, 'learn_table.txt'), text);
  return text;
}
