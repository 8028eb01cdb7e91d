/**
 * A configuration as the learning loop passes it around (one frame), and its LAMMPS text forms:
 * data files (`atom_style atomic`) in and out, and `dump custom` trajectories in. Units: metal (Å).
 *
 * The cell is stored as DeePMD-kit does, rows a, b, c (9 numbers, Å) in LAMMPS's restricted
 * (lower-triangular) form a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz); coordinates are
 * Cartesian relative to the cell origin. Types are 0-based indices into the loop's type_map.
 */
import { readFileSync } from 'node:fs';

export interface Frame {
  natoms: number;
  /** natoms, 0-based indices into type_map. */
  types: Int32Array;
  /** natoms x 3, Å, relative to the cell origin. */
  coord: Float64Array;
  /** 9: rows a, b, c (Å), lower-triangular. */
  box: Float64Array;
}

export class StructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StructureError';
  }
}

const fmt = (v: number): string => (Object.is(v, -0) ? 0 : v).toPrecision(16);

/**
 * The same lattice with tilts within half the box lengths, as LAMMPS requires (b -= k a,
 * c -= m b + k a; the atoms stay where they are, periodic images are unchanged).
 */
export function reducedBox(box: Float64Array): Float64Array {
  const b = box.slice();
  const m = Math.round(b[7] / b[4]);
  if (m !== 0) {
    b[6] -= m * b[3];
    b[7] -= m * b[4];
  }
  const k1 = Math.round(b[6] / b[0]);
  if (k1 !== 0) b[6] -= k1 * b[0];
  const k2 = Math.round(b[3] / b[0]);
  if (k2 !== 0) b[3] -= k2 * b[0];
  return b;
}

/** The LAMMPS data file text of a frame (ntypes atom types; masses in type_map order). */
export function lammpsDataText(f: Frame, masses: number[], comment = 'dpmd learn'): string {
  const b = reducedBox(f.box);
  if (Math.abs(b[1]) > 1e-12 || Math.abs(b[2]) > 1e-12 || Math.abs(b[5]) > 1e-12) {
    throw new StructureError('cell is not in LAMMPS form (a along x, b in the xy plane)');
  }
  const lines = [
    `# ${comment}`,
    '',
    `${f.natoms} atoms`,
    `${masses.length} atom types`,
    '',
    `0 ${fmt(b[0])} xlo xhi`,
    `0 ${fmt(b[4])} ylo yhi`,
    `0 ${fmt(b[8])} zlo zhi`,
  ];
  if (b[3] !== 0 || b[6] !== 0 || b[7] !== 0) lines.push(`${fmt(b[3])} ${fmt(b[6])} ${fmt(b[7])} xy xz yz`);
  lines.push('', 'Masses', '', ...masses.map((m, i) => `${i + 1} ${m}`), '', 'Atoms # atomic', '');
  for (let i = 0; i < f.natoms; i++) {
    lines.push(
      `${i + 1} ${f.types[i] + 1} ${fmt(f.coord[3 * i])} ${fmt(f.coord[3 * i + 1])} ${fmt(f.coord[3 * i + 2])}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Read a LAMMPS data file (atomic style: id type x y z [ix iy iz]); atoms ordered by id. */
export function readLammpsData(path: string, ntypes: number): Frame {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new StructureError(`${path}: cannot read the LAMMPS data file`);
  }
  const lines = text.split('\n');
  let natoms = -1,
    lx = 0,
    ly = 0,
    lz = 0,
    xy = 0,
    xz = 0,
    yz = 0,
    ol = [0, 0, 0];
  let k = 1;
  for (; k < lines.length; k++) {
    const l = lines[k].replace(/#.*/, '').trim();
    if (l === '') continue;
    const w = l.split(/\s+/);
    if (/ atoms$/.test(l)) natoms = Number(w[0]);
    else if (/ atom types$/.test(l)) {
      if (Number(w[0]) > ntypes) throw new StructureError(`${path}: ${w[0]} atom types, but type_map has ${ntypes}`);
    } else if (/ xlo xhi$/.test(l)) {
      ol[0] = Number(w[0]);
      lx = Number(w[1]) - ol[0];
    } else if (/ ylo yhi$/.test(l)) {
      ol[1] = Number(w[0]);
      ly = Number(w[1]) - ol[1];
    } else if (/ zlo zhi$/.test(l)) {
      ol[2] = Number(w[0]);
      lz = Number(w[1]) - ol[2];
    } else if (/ xy xz yz$/.test(l)) {
      xy = Number(w[0]);
      xz = Number(w[1]);
      yz = Number(w[2]);
    } else if (/^[A-Z]/.test(l)) break;
  }
  if (!(natoms > 0) || !(lx > 0 && ly > 0 && lz > 0))
    throw new StructureError(`${path}: no atom count or box in the header`);
  const f: Frame = {
    natoms,
    types: new Int32Array(natoms),
    coord: new Float64Array(3 * natoms),
    box: Float64Array.from([lx, 0, 0, xy, ly, 0, xz, yz, lz]),
  };
  const seen = new Uint8Array(natoms);
  for (; k < lines.length; k++) {
    if (!/^Atoms\b/.test(lines[k].trim())) continue;
    let n = 0;
    for (k++; k < lines.length && n < natoms; k++) {
      const l = lines[k].replace(/#.*/, '').trim();
      if (l === '') continue;
      const w = l.split(/\s+/).map(Number);
      const id = w[0],
        t = w[1];
      if (!(Number.isInteger(id) && id >= 1 && id <= natoms) || seen[id - 1])
        throw new StructureError(`${path}:${k + 1}: bad or repeated atom id`);
      if (!(Number.isInteger(t) && t >= 1 && t <= ntypes))
        throw new StructureError(`${path}:${k + 1}: atom type ${w[1]} is outside 1..${ntypes} (type_map)`);
      if (!w.slice(2, 5).every(Number.isFinite) || w.length < 5)
        throw new StructureError(`${path}:${k + 1}: expected 'id type x y z'`);
      seen[id - 1] = 1;
      f.types[id - 1] = t - 1;
      for (let d = 0; d < 3; d++) f.coord[3 * (id - 1) + d] = w[2 + d] - ol[d];
      n++;
    }
    if (n !== natoms) throw new StructureError(`${path}: Atoms section has ${n} of ${natoms} atoms`);
    return f;
  }
  throw new StructureError(`${path}: no Atoms section`);
}

/** One frame of a dump, with its timestep. */
export interface DumpFrame {
  step: number;
  frame: Frame;
}

/**
 * Read a `dump custom` file with columns id type x y z (any order, extra columns ignored), sorted or
 * not; a box given as bounds (LAMMPS's triclinic bounding box) is turned back into lo/hi/tilts.
 */
export function readDump(path: string): DumpFrame[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: DumpFrame[] = [];
  let k = 0;
  const expect = (tag: string) => {
    if (!lines[k]?.startsWith(tag)) throw new StructureError(`${path}:${k + 1}: expected '${tag}'`);
    return lines[k++];
  };
  while (k < lines.length && lines[k].trim() !== '') {
    expect('ITEM: TIMESTEP');
    const step = Number(lines[k++]);
    expect('ITEM: NUMBER OF ATOMS');
    const n = Number(lines[k++]);
    const boxHead = expect('ITEM: BOX BOUNDS');
    const tri = boxHead.includes('xy');
    const bb = [0, 1, 2].map(() => lines[k++].trim().split(/\s+/).map(Number));
    const [xy, xz, yz] = tri ? [bb[0][2], bb[1][2], bb[2][2]] : [0, 0, 0];
    const xlo = bb[0][0] - Math.min(0, xy, xz, xy + xz),
      xhi = bb[0][1] - Math.max(0, xy, xz, xy + xz);
    const ylo = bb[1][0] - Math.min(0, yz),
      yhi = bb[1][1] - Math.max(0, yz);
    const zlo = bb[2][0],
      zhi = bb[2][1];
    const cols = expect('ITEM: ATOMS').split(/\s+/).slice(2);
    const [ci, ct, cx] = ['id', 'type', 'x'].map((c) => cols.indexOf(c));
    if (ci < 0 || ct < 0 || cx < 0 || cols[cx + 1] !== 'y' || cols[cx + 2] !== 'z')
      throw new StructureError(`${path}: dump needs columns id type x y z`);
    const f: Frame = {
      natoms: n,
      types: new Int32Array(n),
      coord: new Float64Array(3 * n),
      box: Float64Array.from([xhi - xlo, 0, 0, xy, yhi - ylo, 0, xz, yz, zhi - zlo]),
    };
    for (let i = 0; i < n; i++) {
      const w = lines[k++].trim().split(/\s+/).map(Number);
      const id = w[ci] - 1;
      if (!(id >= 0 && id < n)) throw new StructureError(`${path}:${k}: atom id ${w[ci]} outside 1..${n}`);
      f.types[id] = w[ct] - 1;
      f.coord[3 * id] = w[cx] - xlo;
      f.coord[3 * id + 1] = w[cx + 1] - ylo;
      f.coord[3 * id + 2] = w[cx + 2] - zlo;
    }
    out.push({ step, frame: f });
  }
  return out;
}
