/**
 * LAMMPS molecule templates (the `molecule` command, LAMMPS Molecule): a molecule file's atoms
 * (Coords, Types, Charges, Masses) and bonded terms (Bonds, Angles, Dihedrals, Impropers) with
 * atom indices local to the molecule (1..natoms), and the Special Bond Counts / Special Bonds
 * sections. `create_atoms ... mol` and `atom_style template` copy them onto atoms.
 *
 * File format (LAMMPS doc of `molecule`): the first line is a title; then header lines
 * "N atoms", "N bonds", "N angles", "N dihedrals", "N impropers" (others refused by name); then
 * sections, each a keyword line followed by one line per atom or term, ID first. '#' starts a
 * comment. Keywords offset/toff/boff/aoff/doff/ioff shift the types, scale multiplies coordinates
 * (and masses by scale^3), as LAMMPS applies them while reading.
 */
import { readFileSync } from 'node:fs';
import { ARITY, SECTION, TERM_KINDS, type TermKind } from './topology.js';

/** Terms of one kind inside a template: type[t] and the 1-based template atoms atoms[arity*t ...]. */
export interface TemplateTerms {
  type: Int32Array;
  atoms: Int32Array;
}

export interface MoleculeTemplate {
  id: string;
  natoms: number;
  /** Coordinates, natoms x 3 (distance units, scaled). */
  x: Float64Array;
  /** Atom types (1-based, toff added). */
  type: Int32Array;
  /** Charges, or null when the file has no Charges section. */
  q: Float64Array | null;
  /** Per-atom masses, or null when the file has no Masses section. */
  mass: Float64Array | null;
  terms: Record<TermKind, TemplateTerms>;
  /** Special Bond Counts (n12, n13, n14 per atom) and the partner lists, or null when absent. */
  special: { counts: Int32Array; partners: Int32Array[] } | null;
  /** Geometric centre of the coordinates (LAMMPS Molecule::compute_center). */
  center: [number, number, number];
}

/** Type offsets and scale of the `molecule` command's keywords. */
export interface MoleculeOptions {
  toff: number;
  offsets: Record<TermKind, number>;
  scale: number;
}

const HEADERS: Record<string, TermKind | 'atoms'> = {
  atoms: 'atoms',
  bonds: 'bond',
  angles: 'angle',
  dihedrals: 'dihedral',
  impropers: 'improper',
};

/** Read a molecule file; errors name file:line and the cause. */
export function readMoleculeFile(id: string, path: string, opt: MoleculeOptions): MoleculeTemplate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open molecule file ${path}`);
  }
  const lines = text.split('\n').map((l) => {
    const h = l.indexOf('#');
    return (h >= 0 ? l.slice(0, h) : l).trim();
  });
  const fail = (ln: number, msg: string): never => {
    throw new Error(`${path}:${ln + 1}: ${msg}`);
  };
  const counts: Record<string, number> = { atoms: 0, bond: 0, angle: 0, dihedral: 0, improper: 0 };
  let ln = 1;
  // Header: "N keyword" lines up to the first section keyword.
  for (; ln < lines.length; ln++) {
    const w = lines[ln].split(/\s+/).filter((s) => s);
    if (w.length === 0) continue;
    if (!/^[-+]?\d/.test(w[0])) break;
    const key = w.slice(1).join(' ');
    const k = HEADERS[key];
    if (!k || w.length !== 2)
      fail(
        ln,
        `unsupported molecule file header line '${lines[ln]}' (supported: N atoms/bonds/angles/dihedrals/impropers)`,
      );
    const n = Number(w[0]);
    if (!Number.isInteger(n) || n < 0) fail(ln, `invalid count in '${lines[ln]}'`);
    counts[k] = n;
  }
  const natoms = counts.atoms;
  if (natoms < 1) throw new Error(`${path}: No atoms or invalid atom count in molecule file`);
  const t: MoleculeTemplate = {
    id,
    natoms,
    x: new Float64Array(3 * natoms),
    type: new Int32Array(natoms),
    q: null,
    mass: null,
    terms: Object.fromEntries(
      TERM_KINDS.map((k) => [k, { type: new Int32Array(counts[k]), atoms: new Int32Array(counts[k] * ARITY[k]) }]),
    ) as Record<TermKind, TemplateTerms>,
    special: null,
    center: [0, 0, 0],
  };
  const seen = new Set<string>();
  let specialPartners: Int32Array[] | null = null;
  const num = (s: string, l: number): number => {
    const v = Number(s);
    if (s === undefined || !Number.isFinite(v)) fail(l, `invalid number '${s}'`);
    return v;
  };
  const idx = (s: string, hi: number, l: number, what: string): number => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1 || v > hi) fail(l, `invalid ${what} '${s}' (must be 1..${hi})`);
    return v;
  };
  while (ln < lines.length) {
    const name = lines[ln];
    if (name === '') {
      ln++;
      continue;
    }
    const kind = TERM_KINDS.find((k) => SECTION[k] === name);
    const n = kind ? counts[kind] : natoms;
    if (seen.has(name)) fail(ln, `section ${name} appears twice`);
    seen.add(name);
    const body: { w: string[]; l: number }[] = [];
    for (ln++; body.length < n && ln < lines.length; ln++) {
      if (lines[ln] === '') continue;
      body.push({ w: lines[ln].split(/\s+/), l: ln });
    }
    if (body.length < n) fail(ln - 1, `unexpected end of molecule file in section ${name}`);
    const lineAtom = (b: { w: string[]; l: number }, cols: number): number => {
      if (b.w.length !== cols) fail(b.l, `${name} line must have ${cols} values, got '${b.w.join(' ')}'`);
      return idx(b.w[0], natoms, b.l, 'atom ID');
    };
    if (kind) {
      const a = ARITY[kind];
      const off = opt.offsets[kind];
      body.forEach((b, j) => {
        if (b.w.length !== 2 + a) fail(b.l, `${name} line must be 'ID type ${a} atom IDs', got '${b.w.join(' ')}'`);
        const ty = Number(b.w[1]);
        if (!Number.isInteger(ty) || ty < 1) fail(b.l, `invalid ${kind} type '${b.w[1]}'`);
        t.terms[kind].type[j] = ty + off;
        for (let k = 0; k < a; k++) t.terms[kind].atoms[a * j + k] = idx(b.w[2 + k], natoms, b.l, 'atom ID');
      });
    } else if (name === 'Coords') {
      for (const b of body) {
        const i = lineAtom(b, 4) - 1;
        for (let d = 0; d < 3; d++) t.x[3 * i + d] = opt.scale * num(b.w[1 + d], b.l);
      }
    } else if (name === 'Types') {
      for (const b of body) {
        const i = lineAtom(b, 2) - 1;
        const ty = Number(b.w[1]);
        if (!Number.isInteger(ty) || ty < 1) fail(b.l, `invalid atom type '${b.w[1]}'`);
        t.type[i] = ty + opt.toff;
      }
    } else if (name === 'Charges') {
      t.q = new Float64Array(natoms);
      for (const b of body) t.q[lineAtom(b, 2) - 1] = num(b.w[1], b.l);
    } else if (name === 'Masses') {
      t.mass = new Float64Array(natoms);
      for (const b of body) t.mass[lineAtom(b, 2) - 1] = opt.scale ** 3 * num(b.w[1], b.l);
    } else if (name === 'Special Bond Counts') {
      const c = new Int32Array(3 * natoms);
      for (const b of body) {
        const i = lineAtom(b, 4) - 1;
        for (let d = 0; d < 3; d++) c[3 * i + d] = num(b.w[1 + d], b.l);
      }
      t.special = { counts: c, partners: [] };
    } else if (name === 'Special Bonds') {
      specialPartners = new Array(natoms);
      for (const b of body) {
        const i = idx(b.w[0], natoms, b.l, 'atom ID') - 1;
        specialPartners[i] = Int32Array.from(b.w.slice(1).map((s) => idx(s, natoms, b.l, 'special partner')));
      }
    } else {
      fail(
        ln - n,
        `unsupported molecule file section '${name}' (supported: Coords, Types, Charges, Masses, Bonds, Angles, Dihedrals, Impropers, Special Bond Counts, Special Bonds)`,
      );
    }
  }
  if (!seen.has('Types')) throw new Error(`${path}: Molecule file requires a Types section`);
  for (const k of TERM_KINDS)
    if (counts[k] > 0 && !seen.has(SECTION[k]))
      throw new Error(`${path}: molecule file lacks its ${SECTION[k]} section`);
  if (seen.has('Special Bond Counts') !== seen.has('Special Bonds'))
    throw new Error(`${path}: Special Bond Counts and Special Bonds sections must come together`);
  if (t.special && specialPartners) {
    for (let i = 0; i < natoms; i++) {
      const want = t.special.counts[3 * i] + t.special.counts[3 * i + 1] + t.special.counts[3 * i + 2];
      if ((specialPartners[i]?.length ?? 0) !== want)
        throw new Error(`${path}: Special Bonds of atom ${i + 1} do not match its Special Bond Counts`);
    }
    t.special.partners = specialPartners;
  }
  // LAMMPS Molecule::compute_center: the mean of the coordinates.
  for (let d = 0; d < 3; d++) {
    let s = 0;
    for (let i = 0; i < natoms; i++) s += t.x[3 * i + d];
    t.center[d] = s / natoms;
  }
  return t;
}

/** The largest atom / term type a template uses (LAMMPS checks them against the box's types). */
export function maxTypes(t: MoleculeTemplate): { atom: number } & Record<TermKind, number> {
  const m = (a: Int32Array): number => a.reduce((x, y) => Math.max(x, y), 0);
  return {
    atom: m(t.type),
    bond: m(t.terms.bond.type),
    angle: m(t.terms.angle.type),
    dihedral: m(t.terms.dihedral.type),
    improper: m(t.terms.improper.type),
  };
}
