/**
 * Frames of a walker's trajectory as LAMMPS inputs for the md sampler's restrained runs (rid-kit starts
 * each restrained run from the explored conformation that was selected as its centre):
 *
 *   readDumpFrames   `dump custom ... id x y z` (sorted by id) → positions per frame;
 *   withPositions    a data file with its Atoms coordinates replaced and its Velocities section dropped
 *                    (the run then draws velocities at its temperature).
 *
 * The data file keeps everything else (topology, coefficients, box), so the molecule is the same.
 * Only atom styles whose Atoms lines end in `x y z [ix iy iz]` are handled: full, molecular, bond,
 * angle, charge, atomic (the last three numbers, or the three before three integer image flags).
 */

/** Positions (natoms x 3, ordered by atom ID 1..natoms) of every frame of a dump with columns id x y z. */
export function readDumpFrames(text: string, file = 'dump'): Float64Array[] {
  const lines = text.split('\n');
  const frames: Float64Array[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].startsWith('ITEM: TIMESTEP')) {
      i++;
      continue;
    }
    const n = Number(lines[i + 3]);
    const head = lines[i + 8] ?? '';
    if (!head.startsWith('ITEM: ATOMS id x y z')) throw new Error(`${file}:${i + 9}: expected 'ITEM: ATOMS id x y z'`);
    if (i + 9 + n > lines.length) break; // a frame cut short by a killed run
    const x = new Float64Array(3 * n);
    for (let a = 0; a < n; a++) {
      const w = lines[i + 9 + a].trim().split(/\s+/);
      const id = Number(w[0]);
      if (!(Number.isInteger(id) && id >= 1 && id <= n))
        throw new Error(`${file}:${i + 10 + a}: bad atom id '${w[0]}'`);
      for (let k = 0; k < 3; k++) x[3 * (id - 1) + k] = Number(w[1 + k]);
    }
    frames.push(x);
    i += 9 + n;
  }
  return frames;
}

/** Columns of an Atoms line per atom style, without image flags (LAMMPS's data file formats). */
const COLUMNS: Record<string, number> = { full: 7, molecular: 6, bond: 6, angle: 6, charge: 6, atomic: 5 };

const SECTION = /^[A-Z][A-Za-z ]*(#.*)?$/;

/** The data file `text` with atom i at x[3i..3i+2] (by atom ID) and no Velocities section. */
export function withPositions(text: string, x: Float64Array): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let section = '';
  let style = 'full';
  for (const line of lines) {
    const t = line.trim();
    if (t !== '' && SECTION.test(t)) {
      section = t.replace(/#.*/, '').trim();
      if (section === 'Atoms') style = (/#\s*(\S+)/.exec(t)?.[1] ?? 'full').trim();
      if (section === 'Velocities') continue;
      out.push(line);
      continue;
    }
    if (section === 'Velocities') continue;
    if (section === 'Atoms' && t !== '') {
      const w = t.replace(/#.*/, '').trim().split(/\s+/);
      const id = Number(w[0]);
      // the atom style's column count (from the `Atoms # style` comment): 3 more columns are image flags
      const base = COLUMNS[style];
      if (base === undefined) throw new Error(`data file: Atoms section of style '${style}' is not supported here`);
      if (w.length !== base && w.length !== base + 3) throw new Error(`data file: Atoms line '${t}' of style ${style}`);
      const at = base - 3;
      if (!(Number.isInteger(id) && id >= 1 && 3 * id <= x.length))
        throw new Error(`data file: atom ID ${w[0]} has no position`);
      for (let k = 0; k < 3; k++) w[at + k] = x[3 * (id - 1) + k].toFixed(10);
      out.push(w.join(' '));
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
