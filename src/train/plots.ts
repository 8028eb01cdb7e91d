/** PNG plots of training results via src/plot: parity (reference vs predicted) and learning curves. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { writeLinePlot, type Series } from '../plot/line_plot.js';

/** What a parity plot shows: axis labels "DFT <quantity> (<unit>)" / "model <quantity> (<unit>)". */
export interface ParityLabels {
  /** e.g. 'energy per atom', 'force'. */
  quantity: string;
  /** e.g. 'eV/atom', 'eV/Å' (the plot font draws Å as A). */
  unit: string;
  /** Title; the RMSE is appended. Default: the quantity. */
  title?: string;
  /** Legend name of one point, plural (default 'points'): '40 frames'. */
  points?: string;
}

/** Parity plot: points (ref, pred) and the y = x line; titled with the RMSE when labels are given. */
export function writeParityPlot(
  path: string,
  ref: ArrayLike<number>,
  pred: ArrayLike<number>,
  labels?: ParityLabels,
): void {
  let lo = Infinity,
    hi = -Infinity,
    se = 0;
  for (let i = 0; i < ref.length; i++) {
    lo = Math.min(lo, ref[i], pred[i]);
    hi = Math.max(hi, ref[i], pred[i]);
    se += (pred[i] - ref[i]) ** 2;
  }
  const s: Series[] = [
    { x: [lo, hi], y: [lo, hi], color: [150, 150, 150] },
    { x: ref, y: pred, points: true, color: [31, 119, 180] },
  ];
  if (!labels) {
    writeLinePlot(path, s, { width: 480, height: 480 });
    return;
  }
  s[0].label = 'y = x';
  s[1].label = `${ref.length} ${labels.points ?? 'points'}`;
  const rmse = ref.length > 0 ? Math.sqrt(se / ref.length) : NaN;
  writeLinePlot(path, s, {
    width: 480,
    height: 480,
    equalAxes: true,
    title: `${labels.title ?? labels.quantity}: RMSE ${rmse.toExponential(2)} ${labels.unit}`,
    xLabel: `DFT ${labels.quantity} (${labels.unit})`,
    yLabel: `model ${labels.quantity} (${labels.unit})`,
  });
}

/** Parse lcurve.out (DeePMD-kit layout): column names from the header and rows of numbers. */
export function readLcurve(path: string): { names: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines.find((l) => l.startsWith('#') && l.includes('step'));
  if (!header) throw new Error(`${path}: no lcurve header`);
  const names = header.replace('#', '').trim().split(/\s+/);
  const rows = lines
    .filter((l) => l.trim().length > 0 && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number));
  return { names, rows };
}

/** Learning curve PNG: rmse_e and rmse_f (val and trn) against step, log y, with a legend. */
export function writeLcurvePlot(path: string, lcurvePath: string): void {
  const { names, rows } = readLcurve(lcurvePath);
  const col = (n: string) => names.indexOf(n);
  const series: Series[] = [];
  const colors: Record<string, [number, number, number]> = {
    rmse_e_val: [31, 119, 180],
    rmse_e_trn: [158, 202, 225],
    rmse_f_val: [214, 39, 40],
    rmse_f_trn: [252, 146, 114],
  };
  for (const n of ['rmse_e_val', 'rmse_e_trn', 'rmse_f_val', 'rmse_f_trn']) {
    const c = col(n);
    if (c < 0) continue;
    series.push({ x: rows.map((r) => r[0]), y: rows.map((r) => r[c]), color: colors[n], label: n });
  }
  writeLinePlot(path, series, {
    logY: true,
    title: `learning curve (${basename(lcurvePath)})`,
    xLabel: 'step',
    yLabel: 'RMSE (e: eV/atom, f: eV/Å)',
  });
}
