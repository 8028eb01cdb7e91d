/**
 * `dpmd test`: a model against labelled data with `dp test`'s definitions. Per system (first N
 * frames) and overall (sums over systems weighted by frames, as dp test's final summary):
 *   Energy RMSE = sqrt(mean_f (E - E*)^2) (eV), Energy RMSE/Natoms = that / natoms,
 *   Force RMSE = sqrt(mean over frames, atoms and components (F - F*)^2) (eV/Å),
 *   Virial RMSE = sqrt(mean over frames and 9 components (W - W*)^2) (eV), /Natoms likewise.
 * Evaluation goes through the inference code (DeepPot), so this also checks the written model file.
 */
import type { DeepPot } from '../deepmd/deep_pot.js';
import { expandSystems, loadSystem } from './data.js';

export interface SystemErrors {
  path: string;
  nframes: number;
  natoms: number;
  rmseE: number;
  maeE: number;
  rmseEPerAtom: number;
  maeEPerAtom: number;
  rmseF: number;
  maeF: number;
  rmseV: number;
  rmseVPerAtom: number;
  /** Parity data: predicted and reference energies per atom (eV/atom), force components. */
  ePred: number[];
  eRef: number[];
  fPred: Float64Array;
  fRef: Float64Array;
}

export function testSystem(dp: DeepPot, path: string, n: number): SystemErrors {
  const s = loadSystem(path, dp.typeMap);
  const nf = Math.min(n, s.nframes),
    N = s.natoms;
  const r = dp.eval(s.coord.subarray(0, 3 * N * nf), s.box ? s.box.subarray(0, 9 * nf) : null, s.types);
  // a model that gives NaN/Inf (diverged weights, atoms too close) must not report NaN errors as a result
  for (let f = 0; f < nf; f++)
    if (!Number.isFinite(r.energy[f])) throw new Error(`${path}: the model's energy of frame ${f} is ${r.energy[f]}`);
  for (let k = 0; k < 3 * N * nf; k++)
    if (!Number.isFinite(r.force[k]))
      throw new Error(`${path}: the model's force is ${r.force[k]} in frame ${Math.floor(k / (3 * N))}`);
  let se = 0,
    ae = 0,
    sf = 0,
    af = 0,
    sv = 0;
  const ePred: number[] = [],
    eRef: number[] = [];
  for (let f = 0; f < nf; f++) {
    if (s.energy) {
      const d = r.energy[f] - s.energy[f];
      se += d * d;
      ae += Math.abs(d);
      ePred.push(r.energy[f] / N);
      eRef.push(s.energy[f] / N);
    }
    if (s.virial) for (let k = 0; k < 9; k++) sv += (r.virial[9 * f + k] - s.virial[9 * f + k]) ** 2;
  }
  const nfc = 3 * N * nf;
  if (s.force)
    for (let k = 0; k < nfc; k++) {
      const d = r.force[k] - s.force[k];
      sf += d * d;
      af += Math.abs(d);
    }
  const nan = NaN;
  return {
    path,
    nframes: nf,
    natoms: N,
    rmseE: s.energy ? Math.sqrt(se / nf) : nan,
    maeE: s.energy ? ae / nf : nan,
    rmseEPerAtom: s.energy ? Math.sqrt(se / nf) / N : nan,
    maeEPerAtom: s.energy ? ae / nf / N : nan,
    rmseF: s.force ? Math.sqrt(sf / nfc) : nan,
    maeF: s.force ? af / nfc : nan,
    rmseV: s.virial ? Math.sqrt(sv / (9 * nf)) : nan,
    rmseVPerAtom: s.virial ? Math.sqrt(sv / (9 * nf)) / N : nan,
    ePred,
    eRef,
    fPred: r.force.slice(0, nfc),
    fRef: s.force ? s.force.slice(0, nfc) : new Float64Array(0),
  };
}

export function testSystems(dp: DeepPot, systems: string[], n: number): SystemErrors[] {
  return systems.flatMap(expandSystems).map((p) => testSystem(dp, p, n));
}

export function formatErrors(e: SystemErrors): string {
  // a quantity without labels in the data is reported as such, not as NaN
  const f = (v: number) => (Number.isNaN(v) ? 'n/a (no labels)' : v.toExponential(6));
  return [
    `# number of test data : ${e.nframes} (${e.path}, ${e.natoms} atoms)`,
    `Energy MAE         : ${f(e.maeE)} eV`,
    `Energy RMSE        : ${f(e.rmseE)} eV`,
    `Energy MAE/Natoms  : ${f(e.maeEPerAtom)} eV`,
    `Energy RMSE/Natoms : ${f(e.rmseEPerAtom)} eV`,
    `Force  MAE         : ${f(e.maeF)} eV/A`,
    `Force  RMSE        : ${f(e.rmseF)} eV/A`,
    ...(Number.isNaN(e.rmseV)
      ? []
      : [`Virial RMSE        : ${f(e.rmseV)} eV`, `Virial RMSE/Natoms : ${f(e.rmseVPerAtom)} eV`]),
  ].join('\n');
}

/** Frame-weighted summary over systems (dp test's "weighted average of errors"). */
export function weightedErrors(all: SystemErrors[]): SystemErrors {
  const W = all.reduce((a, e) => a + e.nframes, 0);
  // systems without a label (NaN) are left out of that quantity's average; NaN only if no system has it
  const over = (k: keyof SystemErrors) => all.filter((e) => !Number.isNaN(e[k] as number));
  const wsq = (k: keyof SystemErrors) => {
    const s = over(k);
    return Math.sqrt(
      s.reduce((a, e) => a + e.nframes * (e[k] as number) ** 2, 0) / s.reduce((a, e) => a + e.nframes, 0),
    );
  };
  const wavg = (k: keyof SystemErrors) => {
    const s = over(k);
    return s.reduce((a, e) => a + e.nframes * (e[k] as number), 0) / s.reduce((a, e) => a + e.nframes, 0);
  };
  return {
    path: 'weighted average',
    nframes: W,
    natoms: NaN,
    rmseE: wsq('rmseE'),
    maeE: wavg('maeE'),
    rmseEPerAtom: wsq('rmseEPerAtom'),
    maeEPerAtom: wavg('maeEPerAtom'),
    rmseF: wsq('rmseF'),
    maeF: wavg('maeF'),
    rmseV: wsq('rmseV'),
    rmseVPerAtom: wsq('rmseVPerAtom'),
    ePred: all.flatMap((e) => e.ePred),
    eRef: all.flatMap((e) => e.eRef),
    fPred: Float64Array.from(all.flatMap((e) => Array.from(e.fPred))),
    fRef: Float64Array.from(all.flatMap((e) => Array.from(e.fRef))),
  };
}
