import { readFileSync, writeFileSync } from 'node:fs';
import type { Box } from './box.js';
import { sprintf } from './format.js';
import { AtomSystem } from './system.js';
import { addTemplateTerms } from './molecular/template_topology.js';
import { ATOM_SECTIONS, COEFF_SECTIONS, readAtomLine, readTerms, writeMolecular } from './molecular/data_sections.js';
import { TERM_KINDS, type TermKind } from './molecular/topology.js';

/** Options of read_data that come from the deck. */
export interface ReadDataOptions {
  periodic: [boolean, boolean, boolean];
  /** `box tilt large`: allow tilts beyond half the box length. */
  tiltLarge?: boolean;
  /**
   * A Coeffs section line (section name as "Pair Coeffs", its words) for the styles already
   * defined (LAMMPS applies them as pair_coeff/bond_coeff/... commands); throws when invalid.
   */
  coeff?: (section: string, words: string[]) => void;
  /**
   * `read_data ... fix ID NULL Section`: extra per-atom sections owned by a fix (section name ->
   * reader of one line's values after the atom ID, given the atom's ID); each has one line per atom
   * (LAMMPS Fix::read_data_skip_lines of fix property/atom). Throws when a line is invalid.
   */
  fixSections?: Map<string, (tag: number, values: string[]) => void>;
}

const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INT = /^[-+]?\d+$/;
const SECTIONS = ['Masses', 'Atoms', 'Velocities', ...ATOM_SECTIONS, ...COEFF_SECTIONS];

/**
 * LAMMPS data files (read_data / write_data): header counts and box, then Masses, Atoms (the
 * columns of the atom style, then optional ix iy iz), Velocities, and for molecular atom styles
 * the Coeffs sections and Bonds/Angles/Dihedrals/Impropers (src/molecular/data_sections.ts). Everything LAMMPS rejects
 * is rejected here with the data file's line: non-decimal or non-finite numbers, fractional or
 * out-of-range types and image flags, non-positive masses, sections with the wrong number of lines,
 * duplicate IDs, counts that do not match the header, and tilts beyond half the box length.
 */
export function readData(path: string, s: AtomSystem, opts: ReadDataOptions): void {
  if (s.atomStyle.sphere)
    throw new Error('read_data with atom_style sphere is not supported yet (diameter/density columns)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open data file ${path}`);
  }
  if (s.peri)
    throw new Error('read_data with atom_style peri is not supported yet (create_atoms and set volume/density are)');
  if (s.boxExists)
    throw new Error('Cannot read_data after simulation box is defined (add/offset options are not supported)');
  const lines = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim());
  const fixSections = opts.fixSections ?? new Map<string, (tag: number, values: string[]) => void>();
  const sections = [...SECTIONS, ...fixSections.keys()];
  const where = (n: number) => `${path}:${n + 1}`;
  const fail = (n: number, msg: string): never => {
    throw new Error(`${where(n)}: ${msg}`);
  };
  const float = (n: number, w: string, what: string): number => {
    const v = Number(w);
    if (!FLOAT.test(w) || !Number.isFinite(v)) fail(n, `expected a finite decimal number for ${what}, got '${w}'`);
    return v;
  };
  const int = (n: number, w: string, what: string, lo: number, hi: number): number => {
    const v = Number(w);
    if (!INT.test(w) || !Number.isSafeInteger(v)) fail(n, `expected an integer for ${what}, got '${w}'`);
    if (v < lo || v > hi) fail(n, `${what} ${w} is out of range (${lo}-${hi})`);
    return v;
  };

  // Header: the first line is a title; then counts and box lines until the first section keyword.
  let natoms = -1,
    ntypes = -1;
  const termCount: Record<TermKind, number> = { bond: 0, angle: 0, dihedral: 0, improper: 0 };
  const termTypes: Record<TermKind, number> = { bond: 0, angle: 0, dihedral: 0, improper: 0 };
  const lo = [-0.5, -0.5, -0.5],
    hi = [0.5, 0.5, 0.5];
  let tilt: { xy: number; xz: number; yz: number } | undefined;
  let k = 1;
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    const w = l.split(/\s+/);
    let m: RegExpMatchArray | null;
    if (sections.includes(l) || /^[A-Z][A-Za-z ]*$/.test(l)) break;
    if (/^\S+\s+atoms$/.test(l)) natoms = int(k, w[0], 'atom count', 0, s.maxAtoms);
    else if (/^\S+\s+atom types$/.test(l)) ntypes = int(k, w[0], 'atom type count', 1, AtomSystem.MAX_TYPES);
    else if ((m = l.match(/^(\S+)\s+(\S+)\s+([xyz])lo\s+\3hi$/))) {
      const d = 'xyz'.indexOf(m[3]);
      lo[d] = float(k, m[1], `${m[3]}lo`);
      hi[d] = float(k, m[2], `${m[3]}hi`);
    } else if (/^\S+\s+\S+\s+\S+\s+xy\s+xz\s+yz$/.test(l)) {
      tilt = { xy: float(k, w[0], 'xy'), xz: float(k, w[1], 'xz'), yz: float(k, w[2], 'yz') };
    } else if ((m = l.match(/^(\S+)\s+(bond|angle|dihedral|improper)(s| types)$/))) {
      const kind = m[2] as TermKind;
      const v = int(k, w[0], `${kind} count`, 0, 2 ** 31 - 1);
      if (v > 0 && !s.atomStyle.kinds.includes(kind))
        fail(k, `${l}: atom_style ${s.atomStyle.name} has no ${kind}s (use atom_style full or molecular)`);
      if (m[3] === 's') termCount[kind] = v;
      else termTypes[kind] = v;
    } else if (/^\S+\s+extra (bond|angle|dihedral|improper|special) per atom$/.test(l)) {
      int(k, w[0], l.slice(w[0].length).trim(), 0, 2 ** 31 - 1);
    } else {
      fail(k, `unknown header line '${l}'`);
    }
  }
  if (natoms < 0 || ntypes < 1) throw new Error(`${path}: header must give "N atoms" and "M atom types"`);
  let box: Box;
  try {
    box = AtomSystem.newBox(lo, hi, tilt, opts.periodic, opts.tiltLarge ?? false);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }

  // Sections: each holds exactly as many lines as the header says (LAMMPS reads that many).
  const index = new Map<number, number>();
  const seen = new Set<string>();
  const atoms: { line: number; w: string[] }[] = [];
  const velocities: { line: number; w: string[] }[] = [];
  const masses: { line: number; w: string[] }[] = [];
  const other = new Map<string, { line: number; w: string[] }[]>();
  const want = (l: string): number => {
    if (l === 'Masses' || l === 'Pair Coeffs') return ntypes;
    if (l === 'PairIJ Coeffs') return (ntypes * (ntypes + 1)) / 2;
    if (l === 'Atoms' || l === 'Velocities' || fixSections.has(l)) return natoms;
    const kind = TERM_KINDS.find((t) => l.toLowerCase().startsWith(t));
    if (!kind) return 0;
    if (l.endsWith('Coeffs')) {
      if (termTypes[kind] === 0) fail(k, `section ${l} but the header gives no ${kind} types`);
      return termTypes[kind];
    }
    if (termCount[kind] === 0) fail(k, `section ${l} but the header gives no ${kind}s`);
    return termCount[kind];
  };
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    if (!sections.includes(l))
      fail(
        k,
        /^[A-Z]/.test(l) ? `unsupported section '${l}' (supported: ${sections.join(', ')})` : `unexpected line '${l}'`,
      );
    if (seen.has(l)) fail(k, `section ${l} appears twice`);
    seen.add(l);
    const n = want(l);
    let into = l === 'Masses' ? masses : l === 'Atoms' ? atoms : l === 'Velocities' ? velocities : other.get(l);
    if (!into) {
      into = [];
      other.set(l, into);
    }
    const start = k;
    for (k++; k < lines.length && into.length < n && !sections.includes(lines[k]); k++) {
      if (lines[k]) into.push({ line: k, w: lines[k].split(/\s+/) });
    }
    if (into.length < n) fail(start, `section ${l} has ${into.length} lines, the header needs ${n}`);
    k--;
  }
  if (natoms > 0 && !seen.has('Atoms'))
    throw new Error(`${path}: header says ${natoms} atoms but there is no Atoms section`);
  for (const kind of TERM_KINDS) {
    const sec = ATOM_SECTIONS[TERM_KINDS.indexOf(kind)];
    if (termCount[kind] > 0 && !seen.has(sec))
      throw new Error(`${path}: header says ${termCount[kind]} ${kind}s but there is no ${sec} section`);
  }

  s.check2d(box);
  s.box = box;
  s.boxExists = true;
  s.setTypes(ntypes);
  for (const { line, w } of masses) {
    if (w.length !== 2) fail(line, `Masses line must be "type mass", got '${w.join(' ')}'`);
    const t = int(line, w[0], 'atom type', 1, ntypes);
    const m = float(line, w[1], 'mass');
    if (!(m > 0)) fail(line, `Invalid mass value ${w[1]}: must be > 0`);
    s.mass[t] = m;
    s.massSet[t] = true;
  }
  const lam = new Float64Array(3);
  const pos = new Float64Array(3);
  // atom_style template: (atom ID, template atom) pairs whose terms come from the template.
  const templateAtoms: number[] = [];
  for (const { line, w } of atoms) {
    const a = readAtomLine(
      s.atomStyle,
      w,
      ntypes,
      {
        int: (v, what, lo, hi) => int(line, v, what, lo, hi),
        float: (v, what) => float(line, v, what),
        fail: (msg) => fail(line, msg),
      },
      s.atomTemplate?.natoms ?? 0,
    );
    const id = a.id,
      t = a.type,
      img = a.image;
    pos.set(a.pos);
    if (index.has(id)) fail(line, `duplicate atom ID ${id}`);
    // Atoms outside a periodic box are mapped back with their image flags (LAMMPS Domain::remap);
    // outside a non-periodic box they are not in the system at all.
    box.toLamda(pos, 0, lam, 0);
    const shift = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      if (box.periodic[d]) {
        shift[d] = Math.floor(lam[d]);
        if (Math.abs(shift[d]) > 2 ** 20)
          fail(line, `atom ${id} lies ${shift[d]} box lengths outside the box in ${'xyz'[d]}`);
        img[d] += shift[d];
      } else if (lam[d] < 0 || lam[d] > 1) {
        fail(line, `atom ${id} lies outside the non-periodic box in ${'xyz'[d]}`);
      }
    }
    // Only moved atoms change: a round trip through fractional coordinates could change the last bit.
    const h = box.h;
    pos[0] -= shift[0] * h[0] + shift[1] * h[5] + shift[2] * h[4];
    pos[1] -= shift[1] * h[1] + shift[2] * h[3];
    pos[2] -= shift[2] * h[2];
    const i = s.addAtom(t, pos[0], pos[1], pos[2], id);
    s.molecule[i] = a.molecule;
    s.q[i] = a.q;
    s.image[3 * i] = img[0];
    s.image[3 * i + 1] = img[1];
    s.image[3 * i + 2] = img[2];
    index.set(id, i);
    if (a.templateAtom > 0) templateAtoms.push(id, a.templateAtom);
  }
  for (const { line, w } of velocities) {
    if (w.length !== 4) fail(line, `Velocities line must be "id vx vy vz", got '${w.join(' ')}'`);
    const i =
      index.get(int(line, w[0], 'atom ID', 1, 2 ** 31 - 1)) ??
      fail(line, `Invalid atom ID ${w[0]} in Velocities section`);
    for (let d = 0; d < 3; d++) s.v[3 * i + d] = float(line, w[1 + d], `v${'xyz'[d]}`);
  }
  for (const [sec, read] of fixSections) {
    for (const { line, w } of other.get(sec) ?? []) {
      const tag = int(line, w[0], 'atom ID', 1, 2 ** 31 - 1);
      if (!index.has(tag)) fail(line, `Invalid atom ID ${w[0]} in ${sec} section`);
      try {
        read(tag, w.slice(1));
      } catch (e) {
        fail(line, (e as Error).message);
      }
    }
  }
  for (const kind of TERM_KINDS) s.topology.list(kind).ntypes = termTypes[kind];
  if (s.atomTemplate) {
    const t = s.atomTemplate;
    for (let k = 0; k < templateAtoms.length; k += 2) {
      try {
        addTemplateTerms(s.topology, t, templateAtoms[k], templateAtoms[k + 1]);
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
    }
    for (const kind of TERM_KINDS) {
      const list = s.topology.list(kind);
      for (let m = 0; m < list.count * list.arity; m++)
        if (!index.has(list.tags[m]))
          throw new Error(
            `${path}: atom ${list.tags[m]} of a ${kind} of molecule template ${t.id} does not exist (atom_style template needs each molecule's atoms with consecutive IDs)`,
          );
    }
  }
  TERM_KINDS.forEach((kind, j) => {
    const list = s.topology.list(kind);
    readTerms(list, other.get(ATOM_SECTIONS[j]) ?? [], index, {
      int: (line, v, what, lo, hi) => int(line, v, what, lo, hi),
      fail,
    });
  });
  for (const sec of COEFF_SECTIONS) {
    for (const { line, w } of other.get(sec) ?? []) {
      if (!opts.coeff) fail(line, `${sec} are not read here`);
      try {
        opts.coeff!(sec, w);
      } catch (e) {
        fail(line, (e as Error).message);
      }
    }
  }
}

/** Coefficient lines write_data adds per Coeffs section (from the styles in use), section -> lines. */
export type DataCoeffs = Record<string, string[]>;

export function writeData(path: string, s: AtomSystem, step: number, coeffs: DataCoeffs = {}): void {
  if (s.atomStyle.sphere) throw new Error('write_data with atom_style sphere is not supported yet');
  if (s.atomTemplate) throw new Error('write_data of atom_style template is not supported yet');
  if (s.peri) throw new Error('write_data of atom_style peri is not supported yet');
  const b = s.box;
  const e = (v: number) => sprintf('%-1.16e', v);
  const out: string[] = [`LAMMPS data file via dpmd write_data, timestep = ${step}, units = ${s.units.name}`, ''];
  const mol = writeMolecular(s, coeffs);
  out.push(`${s.n} atoms`, `${s.ntypes} atom types`, ...mol.header, '');
  out.push(
    `${e(b.lo[0])} ${e(b.hi[0])} xlo xhi`,
    `${e(b.lo[1])} ${e(b.hi[1])} ylo yhi`,
    `${e(b.lo[2])} ${e(b.hi[2])} zlo zhi`,
  );
  if (b.triclinic) out.push(`${e(b.xy)} ${e(b.xz)} ${e(b.yz)} xy xz yz`);
  out.push('', 'Masses', '');
  for (let t = 1; t <= s.ntypes; t++) out.push(`${t} ${sprintf('%.16g', s.mass[t])}`);
  out.push(...mol.coeffs);
  out.push('', `Atoms # ${s.atomStyle.name}`, '');
  const order = Array.from({ length: s.n }, (_, i) => i).sort((a, c) => s.tag[a] - s.tag[c]);
  const st = s.atomStyle;
  for (const i of order) {
    // LAMMPS's column order: id [mol] type [q] x y z ix iy iz
    const head = `${s.tag[i]}${st.molecule ? ` ${s.molecule[i]}` : ''} ${s.type[i]}${st.charge ? ` ${e(s.q[i])}` : ''}`;
    out.push(
      `${head} ${e(s.x[3 * i])} ${e(s.x[3 * i + 1])} ${e(s.x[3 * i + 2])} ${s.image[3 * i]} ${s.image[3 * i + 1]} ${s.image[3 * i + 2]}`,
    );
  }
  out.push('', 'Velocities', '');
  for (const i of order) out.push(`${s.tag[i]} ${e(s.v[3 * i])} ${e(s.v[3 * i + 1])} ${e(s.v[3 * i + 2])}`);
  out.push(...mol.terms);
  writeFileSync(path, `${out.join('\n')}\n`);
}
