import type { Simulation } from './simulation.js';

/**
 * LAMMPS's utils::expand_args for global values (mode 0): an argument `c_ID[*]` (also `[n*]`,
 * `[*m]`, `[n*m]`) becomes `c_ID[1] c_ID[2] ...` over the compute's global vector (its array's
 * columns when it has no vector), `f_ID[*]` over the fix's vector. As LAMMPS, an ID not defined yet
 * or a compute/fix without such values leaves the argument as it is (the command then reports it).
 */
export function expandGlobalWildcards(sim: Simulation, words: readonly string[]): string[] {
  return expandWildcards(sim, words, 'global');
}

/**
 * expand_args for per-atom values (mode 1, compute reduce's inputs): `c_ID[*]` (and `[n*m]`) over
 * the columns of a compute's per-atom array; other arguments, and IDs not defined, unchanged.
 */
export function expandPeratomWildcards(sim: Simulation, words: readonly string[]): string[] {
  return expandWildcards(sim, words, 'peratom');
}

function expandWildcards(sim: Simulation, words: readonly string[], mode: 'global' | 'peratom'): string[] {
  const out: string[] = [];
  for (const w of words) {
    const m = /^([cf])_([^[\]]+)\[(\d*)\*(\d*)\]$/.exec(w);
    if (!m) {
      out.push(w);
      continue;
    }
    const [, kind, id, lo, hi] = m;
    let nmax = 0;
    if (kind === 'c') {
      const c = sim.computes.find((x) => x.id === id);
      if (c && mode === 'peratom') nmax = c.peratomCols ?? 0;
      else if (c) nmax = c.sizeVector ? c.sizeVector : c.sizeArrayCols;
    } else if (mode === 'global') {
      const f = sim.fixes.find((x) => x.id === id);
      if (f) nmax = f.vectorLength ?? 0;
    }
    if (nmax <= 0) {
      out.push(w);
      continue;
    }
    // utils::bounds: an empty side is 1 or nmax; an explicit one must lie in 1..nmax.
    const nlo = lo === '' ? 1 : Number(lo);
    const nhi = hi === '' ? nmax : Number(hi);
    if (nlo < 1 || nhi > nmax || nlo > nhi)
      throw new Error(`Numeric index ${lo}*${hi} is out of bounds (1-${nmax}) in '${w}'`);
    for (let i = nlo; i <= nhi; i++) out.push(`${kind}_${id}[${i}]`);
  }
  return out;
}
