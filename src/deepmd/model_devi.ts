/**
 * Model deviation of an ensemble of Deep Potential models, with DeePMD-kit's definitions (LAMMPS
 * `pair_style deepmd M1 M2 ... out_freq N out_file F`, source/lmp/pair_deepmd.cpp, and
 * DeepBaseModelDevi::compute_std / compute_relative_std):
 *
 *   force, per atom i:  e_f(i) = sqrt( (1/M) sum_m |F_m(i) - <F(i)>|^2 )            (eV/Å)
 *     with `relative L`: e_f(i) / (|<F(i)>| + L)
 *     columns: max_i, min_i and (1/N) sum_i of e_f(i)
 *   virial, per component ab of W/N (N = number of atoms):
 *     e_v(ab) = sqrt( (1/M) sum_m (W_m,ab/N - <W_ab/N>)^2 )                          (eV)
 *     with `relative_v L`: e_v(ab) / (|<W_ab/N>| + L)
 *     columns: max_ab, min_ab and sqrt( (1/9) sum_ab e_v(ab)^2 )
 *
 * File layout (model_devi.out): a header line, then per output step
 *   setw(12) step, then " " + setw(18) for max_devi_v min_devi_v avg_devi_v max_devi_f min_devi_f
 *   avg_devi_f, in C++ `scientific` (6 digits after the point, two-digit exponent); with `atomic`
 *   one more column per atom (e_f by atom ID).
 */

/** Per-atom force deviation e_f (natoms). forces: M arrays of natoms x 3 (folded, local atoms). */
export function forceDeviation(forces: Float64Array[], natoms: number, relative: number | null = null): Float64Array {
  const M = forces.length;
  const out = new Float64Array(natoms);
  for (let i = 0; i < natoms; i++) {
    let ax = 0,
      ay = 0,
      az = 0;
    for (const f of forces) {
      ax += f[3 * i];
      ay += f[3 * i + 1];
      az += f[3 * i + 2];
    }
    ax /= M;
    ay /= M;
    az /= M;
    let s = 0;
    for (const f of forces) {
      const dx = f[3 * i] - ax,
        dy = f[3 * i + 1] - ay,
        dz = f[3 * i + 2] - az;
      s += dx * dx + dy * dy + dz * dz;
    }
    let e = Math.sqrt(s / M);
    if (relative !== null) e /= Math.sqrt(ax * ax + ay * ay + az * az) + relative;
    out[i] = e;
  }
  return out;
}

/** Per-component deviation of W/N (9, row-major). virials: M arrays of 9 (eV). */
export function virialDeviation(virials: Float64Array[], natoms: number, relative: number | null = null): Float64Array {
  const M = virials.length;
  const out = new Float64Array(9);
  for (let c = 0; c < 9; c++) {
    let avg = 0;
    for (const w of virials) avg += w[c] / natoms;
    avg /= M;
    let s = 0;
    for (const w of virials) {
      const d = w[c] / natoms - avg;
      s += d * d;
    }
    let e = Math.sqrt(s / M);
    if (relative !== null) e /= Math.abs(avg) + relative;
    out[c] = e;
  }
  return out;
}

export interface DeviSummary {
  maxV: number;
  minV: number;
  avgV: number;
  maxF: number;
  minF: number;
  avgF: number;
}

/** max/min/avg as the columns of model_devi.out (virial avg is the RMS over the 9 components). */
export function summarize(devF: Float64Array, devV: Float64Array): DeviSummary {
  let maxF = 0,
    minF = Number.MAX_VALUE,
    sumF = 0;
  for (const e of devF) {
    if (e > maxF) maxF = e;
    if (e < minF) minF = e;
    sumF += e;
  }
  let maxV = 0,
    minV = Number.MAX_VALUE,
    sq = 0;
  for (const e of devV) {
    if (e > maxV) maxV = e;
    if (e < minV) minV = e;
    sq += e * e;
  }
  return { maxV, minV, avgV: Math.sqrt(sq / 9), maxF, minF, avgF: devF.length ? sumF / devF.length : 0 };
}

/** C++ `std::scientific` with the default precision 6: 1.234568e-03. */
export function cppScientific(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = v.toExponential(6);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** The header line DeePMD-kit's LAMMPS plugin writes (without newline). */
export function modelDeviHeader(atomic: boolean): string {
  const cols = ['max_devi_v', 'min_devi_v', 'avg_devi_v', 'max_devi_f', 'min_devi_f', 'avg_devi_f'];
  if (atomic) cols.push('atm_devi_f(N)');
  return `#${'step'.padStart(11)}${cols.map((c) => c.padStart(19)).join('')}`;
}

/** One data line (without newline). perAtom: e_f ordered by atom ID when `atomic`. */
export function modelDeviLine(step: number, s: DeviSummary, perAtom: ArrayLike<number> | null = null): string {
  const vals = [s.maxV, s.minV, s.avgV, s.maxF, s.minF, s.avgF];
  let line = String(step).padStart(12) + vals.map((v) => ` ${cppScientific(v).padStart(18)}`).join('');
  if (perAtom) for (let i = 0; i < perAtom.length; i++) line += ` ${cppScientific(perAtom[i]).padStart(18)}`;
  return line;
}
