import type { Simulation } from './simulation.js';

/**
 * Per-atom values named as decks name them: `c_ID` (a compute's per-atom vector), `c_ID[i]` (column
 * i, 1-based, of its per-atom array) and `v_name` (an atom-style variable). Compute reduce,
 * atom-style variables and dump custom read them through here, with LAMMPS's messages (`who`
 * prefixes them: "Compute reduce", "Variable", "Dump custom").
 */
export interface PeratomSource {
  /** Values of the current step: n_atoms entries, atom order (a view valid until the next call). */
  values(sim: Simulation): Float64Array;
}

/** Parse and resolve a per-atom reference; null when `word` is not c_ID / c_ID[i] / v_name. */
export function resolvePeratomRef(sim: Simulation, word: string, who: string): PeratomSource | null {
  const m = /^([cv])_([A-Za-z0-9_/]+)(?:\[(\d+)\])?$/.exec(word);
  if (!m) return null;
  const id = m[2];
  const col = m[3] === undefined ? 0 : Number(m[3]);
  if (m[1] === 'v') {
    if (m[3] !== undefined) throw new Error(`${who} variable ${id}: atom-style variables take no index`);
    const style = sim.variables.styleOf(id);
    if (style === undefined) throw new Error(`Variable name ${id} for ${who.toLowerCase()} does not exist`);
    if (style !== 'atom') throw new Error(`${who} variable ${id} is not atom-style variable`);
    let buf = new Float64Array(0);
    return {
      values: (s) => {
        if (buf.length < s.system.n) buf = new Float64Array(s.system.n);
        const out = buf.subarray(0, s.system.n);
        s.variables.evaluateAtom(id, out);
        return out;
      },
    };
  }
  const c = sim.computes.find((x) => x.id === id);
  if (!c) throw new Error(`Compute ID ${id} for ${who.toLowerCase()} does not exist`);
  if (c.peratomCols === undefined || !c.computePeratom)
    throw new Error(`${who} compute ${id} does not calculate per-atom values`);
  const cols = c.peratomCols;
  if (col === 0 && cols !== 0) throw new Error(`${who} compute ${id} does not calculate a per-atom vector`);
  if (col > 0 && cols === 0) throw new Error(`${who} compute ${id} does not calculate a per-atom array`);
  if (col > cols) throw new Error(`${who} compute ${id} array is accessed out-of-range (column ${col} > ${cols})`);
  if (cols === 0) return { values: (s) => c.computePeratom!(s) };
  let buf = new Float64Array(0);
  return {
    values: (s) => {
      const a = c.computePeratom!(s);
      const n = s.system.n;
      if (buf.length < n) buf = new Float64Array(n);
      for (let i = 0; i < n; i++) buf[i] = a[cols * i + col - 1];
      return buf.subarray(0, n);
    },
  };
}
