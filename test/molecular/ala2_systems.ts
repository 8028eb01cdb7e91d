/**
 * Data files derived from systems/ala2/ala2.data for the molecular tests, made by seeded scripts
 * (LAMMPS 29 Sep 2021 has no `displace_atoms random` with a reproducible stream we share): perturbed
 * copies of the molecule, a periodic box of several copies straddling the boundaries, and a copy
 * with improper terms of another style.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RanPark } from '../../src/random_park.js';
import { REPO_ROOT } from '../helpers/golden.js';

export const ALA2_DATA = 'systems/ala2/ala2.data';

export function ala2Text(): string {
  return readFileSync(join(REPO_ROOT, ALA2_DATA), 'utf8');
}

/** Split a data file into its lines and the index range of the Atoms section's atom lines. */
function atomLines(text: string): { lines: string[]; first: number; last: number } {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => l.startsWith('Atoms'));
  let first = head + 1;
  while (!lines[first].trim()) first++;
  let last = first;
  while (last < lines.length && lines[last].trim()) last++;
  return { lines, first, last };
}

/** ala2 with every coordinate moved by a uniform random amount in [-amp, amp] (LAMMPS's RanPark, seed). */
export function perturbedAla2(seed: number, amp: number): string {
  const { lines, first, last } = atomLines(ala2Text());
  const rng = new RanPark(seed);
  for (let k = first; k < last; k++) {
    const w = lines[k].trim().split(/\s+/);
    for (let d = 4; d < 7; d++) w[d] = (Number(w[d]) + amp * (2 * rng.uniform() - 1)).toFixed(10);
    lines[k] = w.join(' ');
  }
  return lines.join('\n');
}

/**
 * `copies` ala2 molecules in a periodic cube of side L: copy c is translated by shifts[c] and
 * gets atom IDs 22c+1.., molecule ID c+1, and its own bonded terms; coordinates are written
 * unwrapped (outside the box) so read_data maps them in with image flags, and molecules straddle
 * the box faces.
 */
export function periodicAla2(L: number, shifts: number[][]): string {
  const text = ala2Text();
  const { lines, first, last } = atomLines(text);
  const natoms = last - first;
  const atoms: string[] = [];
  shifts.forEach((s, c) => {
    for (let k = first; k < last; k++) {
      const w = lines[k].trim().split(/\s+/);
      w[0] = String(Number(w[0]) + natoms * c);
      w[1] = String(c + 1);
      for (let d = 0; d < 3; d++) w[4 + d] = (Number(w[4 + d]) + s[d]).toFixed(10);
      atoms.push(w.join(' '));
    }
  });
  const out: string[] = [];
  const counts: Record<string, number> = {};
  // Header with multiplied counts and the new box.
  for (const l of lines.slice(
    0,
    lines.findIndex((x) => /^Masses/.test(x)),
  )) {
    const m = /^(\d+) (atoms|bonds|angles|dihedrals|impropers)$/.exec(l.trim());
    if (m) {
      counts[m[2]] = Number(m[1]);
      out.push(`${Number(m[1]) * shifts.length} ${m[2]}`);
    } else if (/[xyz]lo [xyz]hi/.test(l)) {
      const ax = l.trim().split(/\s+/)[2];
      if (ax === 'xlo') out.push(`0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`);
    } else out.push(l);
  }
  let k = lines.findIndex((x) => /^Masses/.test(x));
  while (k < lines.length) {
    const l = lines[k];
    if (l.startsWith('Atoms')) {
      out.push(l, '', ...atoms);
      k = last;
      continue;
    }
    const sec = /^(Bonds|Angles|Dihedrals|Impropers)\s*$/.exec(l.trim());
    if (sec) {
      out.push(l, '');
      k++;
      while (!lines[k].trim()) k++;
      const body: string[] = [];
      while (k < lines.length && lines[k].trim()) body.push(lines[k++].trim());
      const per = body.length;
      shifts.forEach((_, c) => {
        for (const b of body) {
          const w = b.split(/\s+/).map(Number);
          out.push([w[0] + per * c, w[1], ...w.slice(2).map((a) => a + natoms * c)].join(' '));
        }
      });
      out.push('');
      continue;
    }
    out.push(l);
    k++;
  }
  void counts;
  return out.join('\n');
}

/**
 * ala2 with the three planar-centre impropers of the two amide groups and the carbonyl carbon as
 * an Impropers section (improper_style harmonic or cvff coefficients given by the deck).
 */
export function ala2WithImpropers(): string {
  const text = ala2Text();
  // centre atom first for harmonic-style impropers: C5 (bonded to C2, O6, N7), N7 (C5, H8, C9), C15 (C9, O16, N17)
  const impropers = ['1 1 5 2 6 7', '2 2 7 5 8 9', '3 1 15 9 16 17', '4 2 17 15 18 19'];
  return text
    .replace(/(\d+ dihedral types\n)/, '$14 impropers\n2 improper types\n')
    .concat(`\nImpropers\n\n${impropers.join('\n')}\n`);
}
