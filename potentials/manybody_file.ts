import { readFileSync } from 'node:fs';

/**
 * What many-body styles share (LAMMPS PairSW/PairTersoff::coeff + PotentialFileReader):
 * `pair_coeff * * file E1 ... En` maps each of the n atom types to an element name (NULL: unmapped),
 * and the parameter file holds entries of a fixed number of words (comments from `#`, entries may
 * span lines), one per element triplet.
 */
export interface ElementMap {
  /** Distinct element names in order of first appearance. */
  elements: string[];
  /** map[type] = element index, -1 for NULL (index 0 unused). */
  map: Int32Array;
}

/** Parse `* * file E1 ... En` for a many-body style (LAMMPS's checks and messages). */
export function mapElements(style: string, args: string[], ntypes: number): ElementMap {
  if (args.length !== 3 + ntypes)
    throw new Error(
      `Incorrect args for pair coefficients: pair ${style} needs pair_coeff * * file and one element (or NULL) ` +
        `per atom type (${ntypes} types), got ${args.length - 3}`,
    );
  if (args[0] !== '*' || args[1] !== '*')
    throw new Error(`Incorrect args for pair coefficients: pair ${style} takes pair_coeff * * only`);
  const elements: string[] = [];
  const map = new Int32Array(ntypes + 1).fill(-1);
  for (let t = 1; t <= ntypes; t++) {
    const name = args[2 + t];
    if (name === 'NULL') continue;
    let e = elements.indexOf(name);
    if (e < 0) e = elements.push(name) - 1;
    map[t] = e;
  }
  if (elements.length === 0) throw new Error(`Incorrect args for pair coefficients: pair ${style} maps no type`);
  return { elements, map };
}

/**
 * Entries of `nwords` words of a LAMMPS many-body potential file (PotentialFileReader::next_line):
 * `#` starts a comment, blank lines are skipped, an entry continues on following lines until it
 * has nwords words (words after those on its last line are ignored, as LAMMPS). Each entry is returned with the line it starts on (for error messages).
 */
export function readEntries(path: string, nwords: number, what: string): { words: string[]; line: number }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open ${what} potential file ${path}`);
  }
  const out: { words: string[]; line: number }[] = [];
  let cur: string[] = [];
  let start = 0;
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const hash = lines[k].indexOf('#');
    const body = hash >= 0 ? lines[k].slice(0, hash) : lines[k];
    const words = body.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    if (cur.length === 0) start = k + 1;
    cur.push(...words);
    if (cur.length >= nwords) {
      // LAMMPS reads whole lines until it has nwords and ignores the rest of the last line.
      out.push({ words: cur.slice(0, nwords), line: start });
      cur = [];
    }
  }
  if (cur.length > 0)
    throw new Error(
      `Incorrect format in ${what} potential file ${path}:${start}: entry ends with ${cur.length} of ${nwords} words`,
    );
  return out;
}

/** A number of a potential file entry, or an error naming file and line. */
export function entryNumber(word: string, path: string, line: number): number {
  const v = Number(word);
  if (word.trim() === '' || !Number.isFinite(v))
    throw new Error(`Expected a number in potential file ${path}:${line}, got '${word}'`);
  return v;
}
