/**
 * The molecular parts of LAMMPS data files (read_data / write_data): Atoms lines of each atom
 * style, the Bonds/Angles/Dihedrals/Impropers sections (term-ID type atom-IDs...), and what
 * write_data adds for them (header counts, Coeffs sections, term sections), in LAMMPS's order.
 */
import type { AtomSystem } from '../system.js';
import { type AtomStyleInfo, SECTION, TERM_KINDS, type TermList } from './topology.js';

/** Term sections in TERM_KINDS order. */
export const ATOM_SECTIONS = TERM_KINDS.map((k) => SECTION[k]);
/** Coefficient sections, applied as the matching *_coeff commands. */
export const COEFF_SECTIONS = [
  'Pair Coeffs',
  'PairIJ Coeffs',
  'Bond Coeffs',
  'Angle Coeffs',
  'Dihedral Coeffs',
  'Improper Coeffs',
];

interface Readers {
  int(v: string, what: string, lo: number, hi: number): number;
  float(v: string, what: string): number;
  fail(msg: string): never;
}

/** One parsed Atoms line. */
export interface AtomLine {
  id: number;
  molecule: number;
  type: number;
  q: number;
  pos: number[];
  image: number[];
  /** atom_style template: the template atom (1-based), else 0. */
  templateAtom: number;
}

/**
 * An Atoms line of atom style st: its columns (ATOM_STYLES[..].columns) then x y z, optionally
 * followed by three image flags (LAMMPS Atom::data_atoms). templateAtoms: the atom count of
 * atom_style template's molecule (template-atom lies in 1..templateAtoms).
 */
export function readAtomLine(st: AtomStyleInfo, w: string[], ntypes: number, r: Readers, templateAtoms = 0): AtomLine {
  const tmpl = st.name === 'template';
  const ncol = 5 + (st.molecule ? 1 : 0) + (st.charge ? 1 : 0) + (tmpl ? 2 : 0);
  if (w.length !== ncol && w.length !== ncol + 3)
    r.fail(`Atoms line for atom_style ${st.name} must be "${st.columns} [ix iy iz]", got '${w.join(' ')}'`);
  let c = 0;
  const id = r.int(w[c++], 'atom ID', 1, 2 ** 31 - 1);
  let molecule = 0,
    type = 0,
    templateAtom = 0;
  if (tmpl) {
    // LAMMPS AtomVecTemplate: atom-ID molecule-ID template-index template-atom atom-type; index 0
    // (with template atom 0) is an atom outside any template molecule, index 1 the template's
    // molecule (molecule sets of several molecules are not supported).
    molecule = r.int(w[c++], 'molecule ID', 0, 2 ** 31 - 1);
    const index = r.int(w[c++], 'template index (one-molecule template)', 0, 1);
    templateAtom = r.int(w[c++], 'template atom', index, index * templateAtoms);
    type = r.int(w[c++], 'atom type', 1, ntypes);
  } else {
    molecule = st.molecule ? r.int(w[c++], 'molecule ID', 0, 2 ** 31 - 1) : 0;
    type = r.int(w[c++], 'atom type', 1, ntypes);
  }
  const q = st.charge ? r.float(w[c++], 'charge') : 0;
  const pos = [0, 1, 2].map((d) => r.float(w[c + d], 'xyz'[d]));
  c += 3;
  const image =
    w.length === ncol + 3
      ? [0, 1, 2].map((d) => r.int(w[c + d], `image flag i${'xyz'[d]}`, -(2 ** 20), 2 ** 20))
      : [0, 0, 0];
  return { id, molecule, type, q, pos, image, templateAtom };
}

/**
 * Lines "ID type atom1 ... atomN" of one term section into list: types within 1..list.ntypes,
 * atoms must exist (LAMMPS "Invalid atom ID in Bonds section"), no atom twice in one term.
 */
export function readTerms(
  list: TermList,
  lines: { line: number; w: string[] }[],
  index: Map<number, number>,
  r: {
    int(line: number, v: string, what: string, lo: number, hi: number): number;
    fail(line: number, msg: string): never;
  },
): void {
  const a = list.arity;
  const sec = SECTION[list.kind];
  const atoms = new Array<number>(a);
  for (const { line, w } of lines) {
    if (w.length !== 2 + a) r.fail(line, `${sec} line must be "ID type ${a}-atom-IDs", got '${w.join(' ')}'`);
    r.int(line, w[0], `${list.kind} ID`, 1, 2 ** 31 - 1);
    const type = r.int(line, w[1], `${list.kind} type`, 1, list.ntypes);
    for (let k = 0; k < a; k++) {
      atoms[k] = r.int(line, w[2 + k], 'atom ID', 1, 2 ** 31 - 1);
      if (!index.has(atoms[k])) r.fail(line, `Invalid atom ID ${w[2 + k]} in ${sec} section`);
      for (let m = 0; m < k; m++)
        if (atoms[m] === atoms[k]) r.fail(line, `atom ${atoms[k]} appears twice in one ${list.kind}`);
    }
    list.add(type, atoms);
  }
}

/**
 * What write_data adds for a molecular system: header count lines, Coeffs sections (coeffs:
 * section name -> lines, from the styles in use) and the term sections numbered 1..N.
 */
export function writeMolecular(
  s: AtomSystem,
  coeffs: Record<string, string[]>,
): { header: string[]; coeffs: string[]; terms: string[] } {
  const header: string[] = [];
  const kinds = s.atomStyle.kinds;
  for (const kind of kinds)
    header.push(`${s.topology.list(kind).count} ${kind}s`, `${s.topology.list(kind).ntypes} ${kind} types`);
  const cs: string[] = [];
  for (const sec of COEFF_SECTIONS) {
    const lines = coeffs[sec];
    if (lines && lines.length > 0) cs.push('', sec, '', ...lines);
  }
  const terms: string[] = [];
  for (const kind of kinds) {
    const list = s.topology.list(kind);
    if (list.count === 0) continue;
    terms.push('', SECTION[kind], '');
    const a = list.arity;
    for (let t = 0; t < list.count; t++) {
      terms.push(`${t + 1} ${list.type[t]} ${Array.from(list.tags.subarray(a * t, a * t + a)).join(' ')}`);
    }
  }
  return { header, coeffs: cs, terms };
}
