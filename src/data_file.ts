import { readFileSync, writeFileSync } from 'node:fs';
import type { Box } from './box.js';
import { sprintf } from './format.js';
import { AtomSystem } from './system.js';

/** Options of read_data that come from the deck. */
export interface ReadDataOptions {
  periodic: [boolean, boolean, boolean];
  /** `box tilt large`: allow tilts beyond half the box length. */
  tiltLarge?: boolean;
}

const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INT = /^[-+]?\d+$/;
const SECTIONS = ['Masses', 'Atoms', 'Velocities'];

/**
 * LAMMPS data files for atom_style atomic (read_data / write_data): header counts and box,
 * then Masses, Atoms (id type x y z [ix iy iz]) and Velocities sections. Everything LAMMPS rejects
 * is rejected here with the data file's line: non-decimal or non-finite numbers, fractional or
 * out-of-range types and image flags, non-positive masses, sections with the wrong number of lines,
 * duplicate IDs, counts that do not match the header, and tilts beyond half the box length.
 */
export function readData(path: string, s: AtomSystem, opts: ReadDataOptions): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open data file ${path}`);
  }
  if (s.boxExists)
    throw new Error('Cannot read_data after simulation box is defined (add/offset options are not supported)');
  const lines = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim());
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
  const lo = [-0.5, -0.5, -0.5],
    hi = [0.5, 0.5, 0.5];
  let tilt: { xy: number; xz: number; yz: number } | undefined;
  let k = 1;
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    const w = l.split(/\s+/);
    let m: RegExpMatchArray | null;
    if (SECTIONS.includes(l) || /^[A-Z][A-Za-z ]*$/.test(l)) break;
    if (/^\S+\s+atoms$/.test(l)) natoms = int(k, w[0], 'atom count', 0, s.maxAtoms);
    else if (/^\S+\s+atom types$/.test(l)) ntypes = int(k, w[0], 'atom type count', 1, AtomSystem.MAX_TYPES);
    else if ((m = l.match(/^(\S+)\s+(\S+)\s+([xyz])lo\s+\3hi$/))) {
      const d = 'xyz'.indexOf(m[3]);
      lo[d] = float(k, m[1], `${m[3]}lo`);
      hi[d] = float(k, m[2], `${m[3]}hi`);
    } else if (/^\S+\s+\S+\s+\S+\s+xy\s+xz\s+yz$/.test(l)) {
      tilt = { xy: float(k, w[0], 'xy'), xz: float(k, w[1], 'xz'), yz: float(k, w[2], 'yz') };
    } else if (
      /^\S+\s+(bonds|angles|dihedrals|impropers|bond types|angle types|dihedral types|improper types)$/.test(l)
    ) {
      if (int(k, w[0], l.slice(w[0].length).trim(), 0, Number.MAX_SAFE_INTEGER) !== 0)
        fail(k, `molecular topology (${l}) needs atom_style full, which is not supported`);
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
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    if (!SECTIONS.includes(l))
      fail(
        k,
        /^[A-Z]/.test(l) ? `unsupported section '${l}' (supported: ${SECTIONS.join(', ')})` : `unexpected line '${l}'`,
      );
    if (seen.has(l)) fail(k, `section ${l} appears twice`);
    seen.add(l);
    const want = l === 'Masses' ? ntypes : natoms;
    const into = l === 'Masses' ? masses : l === 'Atoms' ? atoms : velocities;
    const start = k;
    for (k++; k < lines.length && into.length < want && !SECTIONS.includes(lines[k]); k++) {
      if (lines[k]) into.push({ line: k, w: lines[k].split(/\s+/) });
    }
    if (into.length < want) fail(start, `section ${l} has ${into.length} lines, the header needs ${want}`);
    k--;
  }
  if (natoms > 0 && !seen.has('Atoms'))
    throw new Error(`${path}: header says ${natoms} atoms but there is no Atoms section`);

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
  for (const { line, w } of atoms) {
    if (w.length !== 5 && w.length !== 8)
      fail(line, `Atoms line for atom_style atomic must be "id type x y z [ix iy iz]", got '${w.join(' ')}'`);
    const id = int(line, w[0], 'atom ID', 1, 2 ** 31 - 1);
    const t = int(line, w[1], 'atom type', 1, ntypes);
    for (let d = 0; d < 3; d++) pos[d] = float(line, w[2 + d], 'xyz'[d]);
    const img =
      w.length === 8
        ? [0, 1, 2].map((d) => int(line, w[5 + d], `image flag i${'xyz'[d]}`, -(2 ** 20), 2 ** 20))
        : [0, 0, 0];
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
    s.image[3 * i] = img[0];
    s.image[3 * i + 1] = img[1];
    s.image[3 * i + 2] = img[2];
    index.set(id, i);
  }
  for (const { line, w } of velocities) {
    if (w.length !== 4) fail(line, `Velocities line must be "id vx vy vz", got '${w.join(' ')}'`);
    const i =
      index.get(int(line, w[0], 'atom ID', 1, 2 ** 31 - 1)) ??
      fail(line, `Invalid atom ID ${w[0]} in Velocities section`);
    for (let d = 0; d < 3; d++) s.v[3 * i + d] = float(line, w[1 + d], `v${'xyz'[d]}`);
  }
}

export function writeData(path: string, s: AtomSystem, step: number): void {
  const b = s.box;
  const e = (v: number) => sprintf('%-1.16e', v);
  const out: string[] = [`LAMMPS data file via dpmd write_data, timestep = ${step}, units = ${s.units.name}`, ''];
  out.push(`${s.n} atoms`, `${s.ntypes} atom types`, '');
  out.push(
    `${e(b.lo[0])} ${e(b.hi[0])} xlo xhi`,
    `${e(b.lo[1])} ${e(b.hi[1])} ylo yhi`,
    `${e(b.lo[2])} ${e(b.hi[2])} zlo zhi`,
  );
  if (b.triclinic) out.push(`${e(b.xy)} ${e(b.xz)} ${e(b.yz)} xy xz yz`);
  out.push('', 'Masses', '');
  for (let t = 1; t <= s.ntypes; t++) out.push(`${t} ${sprintf('%.16g', s.mass[t])}`);
  out.push('', 'Atoms # atomic', '');
  const order = Array.from({ length: s.n }, (_, i) => i).sort((a, c) => s.tag[a] - s.tag[c]);
  for (const i of order) {
    out.push(
      `${s.tag[i]} ${s.type[i]} ${e(s.x[3 * i])} ${e(s.x[3 * i + 1])} ${e(s.x[3 * i + 2])} ${s.image[3 * i]} ${s.image[3 * i + 1]} ${s.image[3 * i + 2]}`,
    );
  }
  out.push('', 'Velocities', '');
  for (const i of order) out.push(`${s.tag[i]} ${e(s.v[3 * i])} ${e(s.v[3 * i + 1])} ${e(s.v[3 * i + 2])}`);
  writeFileSync(path, `${out.join('\n')}\n`);
}
