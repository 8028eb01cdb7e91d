/**
 * The mean force of a restrained run from its PLUMED COLVAR file (the md sampler's labelling), as
 * rid-kit's rid/op/calc_mf.py computes it, with the block-average error of the torus sampler:
 *
 *   F_k = κ_k wrap(⟨s_k⟩ − c_k)      over the last `tail` fraction of the frames,
 *
 * where periodic CVs are first unwrapped frame by frame relative to the first frame (so a run
 * fluctuating across ±π averages correctly), and wrap(·) takes the periodic difference to the centre.
 * Error: the standard error of the mean from BLOCKS block means of the tail (as torus_dynamics.ts).
 * Units: CVs in PLUMED's (rad), κ in kJ/mol/rad², F in kJ/mol/rad.
 */
import { BLOCKS } from './torus_dynamics.js';
import { wrapAngle } from './torus_potential.js';

/** The columns `names` of a PLUMED COLVAR file (header `#! FIELDS time a b ...`), frame-major (nframes x names). */
export function readColvar(
  text: string,
  names: readonly string[],
  file = 'COLVAR',
): { nframes: number; s: Float64Array } {
  const lines = text.split('\n');
  let fields: string[] | null = null;
  const cols: number[] = [];
  const rows: number[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    if (t.startsWith('#!')) {
      const w = t.split(/\s+/);
      if (w[1] === 'FIELDS') {
        fields = w.slice(2);
        cols.length = 0;
        for (const n of names) {
          const k = fields.indexOf(n);
          if (k < 0) throw new Error(`${file}:${i + 1}: no column '${n}' in FIELDS ${fields.join(' ')}`);
          cols.push(k);
        }
      }
      return;
    }
    if (!fields) throw new Error(`${file}:${i + 1}: data before the '#! FIELDS' header`);
    const w = t.split(/\s+/);
    if (w.length !== (fields as string[]).length)
      throw new Error(`${file}:${i + 1}: expected ${(fields as string[]).length} columns, got ${w.length}`);
    for (const k of cols) {
      const v = Number(w[k]);
      if (!Number.isFinite(v)) throw new Error(`${file}:${i + 1}: not a number: '${w[k]}'`);
      rows.push(v);
    }
  });
  if (!fields) throw new Error(`${file}: no '#! FIELDS' header`);
  return { nframes: rows.length / names.length, s: Float64Array.from(rows) };
}

/**
 * Mean force and its standard error at centre c (d) from nframes x d CV samples s. Needs at least
 * BLOCKS frames in the tail.
 */
export function colvarMeanForce(
  s: Float64Array,
  nframes: number,
  c: readonly number[],
  kappas: readonly number[],
  periodic: readonly boolean[],
  tail: number,
): { force: number[]; error: number[] } {
  const d = c.length;
  const start = Math.floor(nframes * (1 - tail));
  const per = Math.floor((nframes - start) / BLOCKS);
  if (per < 1) throw new Error(`mean force: ${nframes - start} frames in the tail, need at least ${BLOCKS}`);
  const first = nframes - per * BLOCKS;
  const force: number[] = [],
    error: number[] = [];
  for (let k = 0; k < d; k++) {
    // unwrap relative to the first frame (calc_mf.py), then average the tail in BLOCKS blocks
    const s0 = s[k];
    let sum = 0,
      ss = 0,
      b = 0;
    for (let t = first; t < nframes; t++) {
      const v = periodic[k] ? s0 + wrapAngle(s[t * d + k] - s0) : s[t * d + k];
      b += v;
      if ((t - first + 1) % per === 0) {
        const m = b / per;
        sum += m;
        ss += m * m;
        b = 0;
      }
    }
    const mean = sum / BLOCKS;
    const diff = periodic[k] ? wrapAngle(mean - c[k]) : mean - c[k];
    const variance = Math.max(0, (ss / BLOCKS - mean * mean) * (BLOCKS / (BLOCKS - 1)));
    force.push(kappas[k] * diff);
    error.push(kappas[k] * Math.sqrt(variance / BLOCKS));
  }
  return { force, error };
}
