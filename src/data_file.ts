import { readFileSync, writeFileSync } from 'node:fs';
import { Box } from './box.js';
import { sprintf } from './format.js';
import type { AtomSystem } from './system.js';

/**
 * LAMMPS data files for atom_style atomic (read_data / write_data): header counts and box,
 * then Masses, Atoms (id type x y z [ix iy iz]) and Velocities sections.
 */
export function readData(path: string, s: AtomSystem, periodic: [boolean, boolean, boolean]): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open data file ${path}`);
  }
  if (s.boxExists) throw new Error('Cannot read_data after simulation box is defined (add/offset options are not supported)');
  const lines = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim());
  let natoms = -1, ntypes = -1;
  const lo = [-0.5, -0.5, -0.5], hi = [0.5, 0.5, 0.5];
  let tilt: { xy: number; xz: number; yz: number } | undefined;
  let k = 1; // the first line is a title
  const where = (n: number) => `${path}:${n + 1}`;
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    let m: RegExpMatchArray | null;
    if ((m = l.match(/^(\d+)\s+atoms$/))) natoms = Number(m[1]);
    else if ((m = l.match(/^(\d+)\s+atom types$/))) ntypes = Number(m[1]);
    else if ((m = l.match(/^(\S+)\s+(\S+)\s+([xyz])lo\s+\3hi$/))) {
      const d = 'xyz'.indexOf(m[3]);
      lo[d] = Number(m[1]); hi[d] = Number(m[2]);
    } else if ((m = l.match(/^(\S+)\s+(\S+)\s+(\S+)\s+xy\s+xz\s+yz$/))) tilt = { xy: Number(m[1]), xz: Number(m[2]), yz: Number(m[3]) };
    else if (/^\d+\s+(bonds|angles|dihedrals|impropers|bond types|angle types|dihedral types|improper types)$/.test(l)) {
      if (!/^0\s/.test(l)) throw new Error(`${where(k)}: molecular topology (${l}) needs atom_style full, which is not supported`);
    } else break;
  }
  if (natoms < 0 || ntypes < 1) throw new Error(`${path}: header must give "N atoms" and "M atom types"`);
  if ([0, 1, 2].some((d) => !(hi[d] > lo[d]) || !Number.isFinite(lo[d]))) throw new Error(`${path}: invalid box bounds`);
  const box = new Box(lo, hi, tilt);
  box.periodic = [...periodic] as [boolean, boolean, boolean];
  s.box = box;
  s.boxExists = true;
  s.setTypes(ntypes);
  const index = new Map<number, number>();
  let section = '';
  for (; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    if (/^[A-Z][A-Za-z ]*$/.test(l)) {
      section = l.trim();
      if (!['Masses', 'Atoms', 'Velocities'].includes(section)) throw new Error(`${where(k)}: unsupported section '${section}'`);
      continue;
    }
    const w = l.split(/\s+/);
    const nums = w.map(Number);
    if (nums.some((v) => Number.isNaN(v))) throw new Error(`${where(k)}: non-numeric value in ${section || 'header'} line '${l}'`);
    if (section === 'Masses') {
      const t = nums[0];
      if (w.length < 2 || t < 1 || t > ntypes) throw new Error(`${where(k)}: invalid Masses line '${l}'`);
      s.mass[t] = nums[1]; s.massSet[t] = true;
    } else if (section === 'Atoms') {
      if (w.length !== 5 && w.length !== 8) throw new Error(`${where(k)}: Atoms line for atom_style atomic must be "id type x y z [ix iy iz]", got '${l}'`);
      const [id, t] = nums;
      if (t < 1 || t > ntypes) throw new Error(`${where(k)}: invalid atom type ${t}`);
      if (index.has(id)) throw new Error(`${where(k)}: duplicate atom ID ${id}`);
      const i = s.addAtom(t, nums[2], nums[3], nums[4], id);
      if (w.length === 8) { s.image[3 * i] = nums[5]; s.image[3 * i + 1] = nums[6]; s.image[3 * i + 2] = nums[7]; }
      index.set(id, i);
    } else if (section === 'Velocities') {
      const i = index.get(nums[0]);
      if (i === undefined || w.length !== 4) throw new Error(`${where(k)}: invalid Velocities line '${l}'`);
      s.v[3 * i] = nums[1]; s.v[3 * i + 1] = nums[2]; s.v[3 * i + 2] = nums[3];
    } else {
      throw new Error(`${where(k)}: data outside a section: '${l}'`);
    }
  }
  if (s.n !== natoms) throw new Error(`${path}: header says ${natoms} atoms but the Atoms section has ${s.n}`);
}

export function writeData(path: string, s: AtomSystem, step: number): void {
  const b = s.box;
  const e = (v: number) => sprintf('%-1.16e', v);
  const out: string[] = [`LAMMPS data file via dpmd write_data, timestep = ${step}, units = ${s.units.name}`, ''];
  out.push(`${s.n} atoms`, `${s.ntypes} atom types`, '');
  out.push(`${e(b.lo[0])} ${e(b.hi[0])} xlo xhi`, `${e(b.lo[1])} ${e(b.hi[1])} ylo yhi`, `${e(b.lo[2])} ${e(b.hi[2])} zlo zhi`);
  if (b.triclinic) out.push(`${e(b.xy)} ${e(b.xz)} ${e(b.yz)} xy xz yz`);
  out.push('', 'Masses', '');
  for (let t = 1; t <= s.ntypes; t++) out.push(`${t} ${sprintf('%.16g', s.mass[t])}`);
  out.push('', 'Atoms # atomic', '');
  const order = Array.from({ length: s.n }, (_, i) => i).sort((a, c) => s.tag[a] - s.tag[c]);
  for (const i of order) {
    out.push(`${s.tag[i]} ${s.type[i]} ${e(s.x[3 * i])} ${e(s.x[3 * i + 1])} ${e(s.x[3 * i + 2])} ${s.image[3 * i]} ${s.image[3 * i + 1]} ${s.image[3 * i + 2]}`);
  }
  out.push('', 'Velocities', '');
  for (const i of order) out.push(`${s.tag[i]} ${e(s.v[3 * i])} ${e(s.v[3 * i + 1])} ${e(s.v[3 * i + 2])}`);
  writeFileSync(path, out.join('\n') + '\n');
}
