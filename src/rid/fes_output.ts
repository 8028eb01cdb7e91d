/**
 * The free-energy surface outputs of `dpmd rid`: fes.csv on the 73 x 73 grid of (phi, psi) every 5
 * degrees from -180 to 180 (header `phi_deg,psi_deg,free_energy_kJ_mol`, phi the slow index, minimum
 * shifted to 0) and fes.png (heat map with contours, src/plot/heat_map.ts).
 */
import { writeFileAtomic } from '../learn/atomic_file.js';
import { renderHeatMap } from '../plot/heat_map.js';
import { type Ensemble, makeEval } from './ensemble.js';
import { writeFileSync, renameSync } from 'node:fs';

export const FES_STEP_DEG = 5;
export const FES_N = 360 / FES_STEP_DEG + 1;

/** Grid angles in degrees, -180..180. */
export function fesAxis(): Float64Array {
  return Float64Array.from({ length: FES_N }, (_, k) => -180 + FES_STEP_DEG * k);
}

/** Free energy on the grid (FES_N x FES_N, phi-major) of f(phi, psi) (radians), minimum shifted to 0. */
export function fesGrid(f: (s: Float64Array, n: number, out: Float64Array) => void): Float64Array {
  const ax = fesAxis();
  const n = FES_N * FES_N;
  const s = new Float64Array(2 * n);
  for (let i = 0; i < FES_N; i++)
    for (let j = 0; j < FES_N; j++) {
      s[2 * (i * FES_N + j)] = (ax[i] * Math.PI) / 180;
      s[2 * (i * FES_N + j) + 1] = (ax[j] * Math.PI) / 180;
    }
  const out = new Float64Array(n);
  f(s, n, out);
  let m = Infinity;
  for (const v of out) m = Math.min(m, v);
  for (let k = 0; k < n; k++) out[k] -= m;
  return out;
}

/** The ensemble's mean A on the grid. */
export function ensembleFes(ens: Ensemble): Float64Array {
  return fesGrid((s, n, out) => {
    const ev = makeEval(n, 2);
    ens.evaluate(s, n, ev);
    out.set(ev.mean.subarray(0, n));
  });
}

export function fesCsv(fes: Float64Array): string {
  const ax = fesAxis();
  const lines = ['phi_deg,psi_deg,free_energy_kJ_mol'];
  for (let i = 0; i < FES_N; i++)
    for (let j = 0; j < FES_N; j++) lines.push(`${ax[i]},${ax[j]},${fes[i * FES_N + j].toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}

/** Write fes.csv and fes.png into dir (each whole or not at all). */
export function writeFes(dir: string, fes: Float64Array, title: string): void {
  writeFileAtomic(`${dir}/fes.csv`, fesCsv(fes));
  const ax = fesAxis();
  const png = renderHeatMap(ax, ax, fes, {
    title,
    xLabel: 'phi (deg)',
    yLabel: 'psi (deg)',
    colorLabel: 'free energy (kJ/mol)',
  });
  const tmp = `${dir}/fes.png.tmp${process.pid}`;
  writeFileSync(tmp, png);
  renameSync(tmp, `${dir}/fes.png`);
}
