import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fixtures for the minimizer tests: perturbed LJ fcc crystals, the exact lattice energy, stats parsing. */

export const FCC_BASIS = [
  [0, 0, 0],
  [0.5, 0.5, 0],
  [0.5, 0, 0.5],
  [0, 0.5, 0.5],
];

/** Park-Miller minimal standard generator: a fixed, portable stream of uniforms in (0,1). */
function parkMiller(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * Write a LAMMPS data file with an fcc crystal of n x n x n cubic cells at reduced density rho
 * (lattice constant a = (4/rho)^(1/3)), each coordinate displaced uniformly in [-amp, amp] and
 * then shifted by `shift` (same for all atoms; atoms leaving the box are wrapped by LAMMPS and
 * dpmd alike). Coordinates are written with 17 significant digits so both programs start from
 * bit-identical positions. Returns the path and the lattice constant.
 */
export function writePerturbedFcc(
  dir: string,
  opts: { n: number; rho: number; amp: number; seed: number; shift?: number },
): { path: string; a: number; natoms: number } {
  const a = Math.cbrt(4 / opts.rho);
  const L = a * opts.n;
  const rnd = parkMiller(opts.seed);
  const shift = opts.shift ?? 0;
  const lines: string[] = [];
  let id = 0;
  for (let i = 0; i < opts.n; i++)
    for (let j = 0; j < opts.n; j++)
      for (let k = 0; k < opts.n; k++) {
        for (const b of FCC_BASIS) {
          const p = [(i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a].map((v) => {
            let x = v + (2 * rnd() - 1) * opts.amp + shift;
            if (x < 0) x += L;
            if (x >= L) x -= L;
            return x;
          });
          lines.push(`${++id} 1 ${p.map((v) => v.toPrecision(17)).join(' ')}`);
        }
      }
  const path = join(dir, 'fcc.data');
  const Ls = L.toPrecision(17);
  writeFileSync(
    path,
    `perturbed fcc\n\n${id} atoms\n1 atom types\n\n0 ${Ls} xlo xhi\n0 ${Ls} ylo yhi\n0 ${Ls} zlo zhi\n\n` +
      `Masses\n\n1 1.0\n\nAtoms # atomic\n\n${lines.join('\n')}\n`,
  );
  return { path, a, natoms: id };
}

/**
 * Energy per atom of the perfect LJ fcc crystal (epsilon = sigma = 1, lattice constant a, plain
 * cutoff rc, no shift): 1/2 sum over lattice vectors R != 0 with |R| < rc of 4 (|R|^-12 - |R|^-6).
 * Independent of the engine: a direct lattice sum.
 */
export function fccLatticeEnergy(a: number, rc: number): number {
  const m = Math.ceil(rc / a) + 1;
  let e = 0;
  for (let i = -m; i <= m; i++)
    for (let j = -m; j <= m; j++)
      for (let k = -m; k <= m; k++) {
        for (const b of FCC_BASIS) {
          const x = (i + b[0]) * a,
            y = (j + b[1]) * a,
            z = (k + b[2]) * a;
          const r2 = x * x + y * y + z * z;
          if (r2 === 0 || r2 >= rc * rc) continue;
          const s6 = 1 / (r2 * r2 * r2);
          e += 4 * (s6 * s6 - s6);
        }
      }
  return 0.5 * e;
}

/** The "Minimization stats" block as LAMMPS (and dpmd) print it. */
export interface MinStatsText {
  stop: string;
  eInitial: number;
  ePrevious: number;
  eFinal: number;
  fnorm2Initial: number;
  fnorm2Final: number;
  fnormInfInitial: number;
  fnormInfFinal: number;
  alpha: number;
  iterations: number;
  evaluations: number;
  /** "Neighbor list builds = N" after the block (builds during the minimization), -1 if absent. */
  neighborBuilds: number;
}

/** Every Minimization stats block in a program's output, in order. */
export function parseMinStats(text: string): MinStatsText[] {
  const out: MinStatsText[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    if (lines[k].trim() !== 'Minimization stats:') continue;
    const get = (prefix: string): string => {
      for (let j = k + 1; j < Math.min(lines.length, k + 12); j++) {
        const t = lines[j].trim();
        if (t.startsWith(prefix)) return t.slice(t.indexOf('=') + 1).trim();
      }
      throw new Error(`no '${prefix}' line after Minimization stats`);
    };
    const energies = lines[k + 3].trim().split(/\s+/).map(Number);
    const f2 = get('Force two-norm').split(/\s+/).map(Number);
    const fi = get('Force max component').split(/\s+/).map(Number);
    const it = get('Iterations, force evaluations').split(/\s+/).map(Number);
    out.push({
      stop: get('Stopping criterion'),
      eInitial: energies[0],
      ePrevious: energies[1],
      eFinal: energies[2],
      fnorm2Initial: f2[0],
      fnorm2Final: f2[1],
      fnormInfInitial: fi[0],
      fnormInfFinal: fi[1],
      alpha: Number(get('Final line search alpha').split(/\s+/)[0]),
      iterations: it[0],
      evaluations: it[1],
      neighborBuilds: -1,
    });
    for (let j = k + 1; j < lines.length && lines[j].trim() !== 'Minimization stats:'; j++) {
      const m = /^Neighbor list builds = (\d+)/.exec(lines[j].trim());
      if (m) {
        out[out.length - 1].neighborBuilds = Number(m[1]);
        break;
      }
    }
  }
  return out;
}
