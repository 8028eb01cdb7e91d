/** PNG plots of training results via src/plot: parity (reference vs predicted) and learning curves. */
import { readFileSync } from 'node:fs';
import { writeLinePlot, type Series } from '../plot/line_plot.js';

/** Parity plot: points (ref, pred) and the y = x line. */
export function writeParityPlot(path: string, ref: ArrayLike<number>, pred: ArrayLike<number>): void {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < ref.length; i++) { lo = Math.min(lo, ref[i], pred[i]); hi = Math.max(hi, ref[i], pred[i]); }
  const s: Series[] = [{ x: [lo, hi], y: [lo, hi], color: [150, 150, 150] }, { x: ref, y: pred, points: true, color: [31, 119, 180] }];
  writeLinePlot(path, s, { width: 480, height: 480 });
}

/** Parse lcurve.out (DeePMD-kit layout): column names from the header and rows of numbers. */
export function readLcurve(path: string): { names: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines.find((l) => l.startsWith('#') && l.includes('step'));
  if (!header) throw new Error(`${path}: no lcurve header`);
  const names = header.replace('#', '').trim().split(/\s+/);
  const rows = lines.filter((l) => l.trim().length > 0 && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));
  return { names, rows };
}

/** Learning curve PNG: rmse_e and rmse_f (val and trn) against step, log y. */
export function writeLcurvePlot(path: string, lcurvePath: string): void {
  const { names, rows } = readLcurve(lcurvePath);
  const col = (n: string) => names.indexOf(n);
  const series: Series[] = [];
  const colors: Record<string, [number, number, number]> = {
    rmse_e_val: [31, 119, 180], rmse_e_trn: [158, 202, 225], rmse_f_val: [214, 39, 40], rmse_f_trn: [252, 146, 114],
  };
  for (const n of ['rmse_e_val', 'rmse_e_trn', 'rmse_f_val', 'rmse_f_trn']) {
    const c = col(n);
    if (c < 0) continue;
    series.push({ x: rows.map((r) => r[0]), y: rows.map((r) => r[c]), color: colors[n] });
  }
  writeLinePlot(path, series, { logY: true });
}
