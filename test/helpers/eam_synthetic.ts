/**
 * Synthetic tabulated EAM potentials in LAMMPS's setfl formats (eam/alloy and eam/fs), written
 * from smooth deterministic functions so tests need no potential files from LAMMPS's data package.
 * Both programs read the same text, so a cross-check on them tests the file reader, the spline
 * interpolation and the mixing exactly as a real potential would; the numbers are not a model of
 * any material. Functions (metal units, r in Angstrom):
 *   density  rho_ab(r) = A_ab exp(-beta_ab (r - r0)) s(r)         (A_ab differs for a != b in fs)
 *   pair     phi_ab(r) = D_ab (exp(-2 a_ab (r - re_ab)) - 2 exp(-a_ab (r - re_ab))) s(r)   (Morse)
 *   embed    F_a(rho)  = -E_a sqrt(rho) + c_a rho^2
 * with s(r) = (1 - (r/rc)^2)^3 for r < rc, so every function goes to zero smoothly at the cutoff.
 * setfl stores r*phi(r), as LAMMPS expects.
 */

export interface SyntheticElement {
  name: string;
  /** Atomic number, mass (g/mol), lattice constant (Angstrom) and lattice name (header only). */
  z: number;
  mass: number;
  a0: number;
  /** Embedding strength E_a (eV) and curvature c_a (eV). */
  embed: number;
  curv: number;
  /** Morse well depth (eV), stiffness (1/Angstrom) and minimum (Angstrom) for the a-a pair. */
  depth: number;
  alpha: number;
  re: number;
  /** Density decay (1/Angstrom). */
  beta: number;
}

export interface SyntheticSpec {
  style: 'alloy' | 'fs';
  elements: SyntheticElement[];
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cutoff: number;
}

const s = (r: number, rc: number): number => (r < rc ? (1 - (r / rc) ** 2) ** 3 : 0);
const fmt = (v: number): string => v.toExponential(12);

/** Five values a line, as LAMMPS's own setfl files. */
function block(values: number[]): string {
  const lines: string[] = [];
  for (let k = 0; k < values.length; k += 5)
    lines.push(
      values
        .slice(k, k + 5)
        .map(fmt)
        .join(' '),
    );
  return lines.join('\n');
}

/** The setfl (or Finnis-Sinclair setfl) file text for the spec. */
export function syntheticSetfl(p: SyntheticSpec): string {
  const els = p.elements;
  const rc = p.cutoff;
  const out: string[] = [
    `Synthetic ${p.style === 'fs' ? 'eam/fs' : 'eam/alloy'} potential written by dpmd-ts tests (test/helpers/eam_synthetic.ts)`,
    'Smooth Morse pair terms, exponential densities, sqrt embedding; not a model of a real material',
    `UNITS: metal`,
    `${els.length} ${els.map((e) => e.name).join(' ')}`,
    `${p.nrho} ${fmt(p.drho)} ${p.nr} ${fmt(p.dr)} ${fmt(rc)}`,
  ];
  const rgrid = (f: (r: number) => number): number[] => Array.from({ length: p.nr }, (_, k) => f(k * p.dr));
  for (let a = 0; a < els.length; a++) {
    const e = els[a];
    out.push(`${e.z} ${e.mass} ${e.a0} fcc`);
    out.push(
      block(
        Array.from({ length: p.nrho }, (_, k) => {
          const rho = k * p.drho;
          return -e.embed * Math.sqrt(rho) + e.curv * rho * rho;
        }),
      ),
    );
    // eam/alloy: one density per element; eam/fs: density of element b at an atom of element a.
    const partners = p.style === 'fs' ? els.map((_, b) => b) : [a];
    for (const b of partners) {
      const amp = p.style === 'fs' && b !== a ? 1 + 0.15 * (a + 1) - 0.1 * (b + 1) : 1;
      const beta = p.style === 'fs' && b !== a ? 0.5 * (e.beta + els[b].beta) : els[b].beta;
      out.push(block(rgrid((r) => amp * Math.exp(-beta * (r - 2.5)) * s(r, rc))));
    }
  }
  // r*phi(r) for a >= b, in LAMMPS's order (1,1 2,1 2,2 3,1 ...).
  for (let a = 0; a < els.length; a++) {
    for (let b = 0; b <= a; b++) {
      const D = Math.sqrt(els[a].depth * els[b].depth);
      const al = 0.5 * (els[a].alpha + els[b].alpha);
      const re = 0.5 * (els[a].re + els[b].re);
      out.push(block(rgrid((r) => r * D * (Math.exp(-2 * al * (r - re)) - 2 * Math.exp(-al * (r - re))) * s(r, rc))));
    }
  }
  return `${out.join('\n')}\n`;
}

/** Element parameters loosely shaped like the metals they are named after (fcc near a0). */
export const SYNTHETIC: Record<string, SyntheticElement> = {
  Al: {
    name: 'Al',
    z: 13,
    mass: 26.982,
    a0: 4.05,
    embed: 2.0,
    curv: 0.02,
    depth: 0.27,
    alpha: 1.16,
    re: 3.25,
    beta: 1.4,
  },
  Cu: {
    name: 'Cu',
    z: 29,
    mass: 63.546,
    a0: 3.615,
    embed: 2.4,
    curv: 0.03,
    depth: 0.34,
    alpha: 1.36,
    re: 2.87,
    beta: 1.6,
  },
  Ni: {
    name: 'Ni',
    z: 28,
    mass: 58.69,
    a0: 3.52,
    embed: 2.6,
    curv: 0.03,
    depth: 0.42,
    alpha: 1.42,
    re: 2.78,
    beta: 1.7,
  },
  H: { name: 'H', z: 1, mass: 1.008, a0: 2.0, embed: 0.8, curv: 0.05, depth: 0.05, alpha: 1.9, re: 1.9, beta: 2.2 },
};

/** The synthetic files the EAM tests use, by file name. rc > half the small test boxes on purpose. */
export function syntheticPotential(
  name: 'Al.synthetic.eam.alloy' | 'AlCu.synthetic.eam.alloy' | 'Al.synthetic.eam.fs' | 'NiAlH.synthetic.eam.fs',
): string {
  const grid = { nrho: 400, drho: 0.1, nr: 400, dr: 0.016 };
  switch (name) {
    case 'Al.synthetic.eam.alloy':
      return syntheticSetfl({ style: 'alloy', elements: [SYNTHETIC.Al], ...grid, cutoff: 6.3 });
    case 'AlCu.synthetic.eam.alloy':
      return syntheticSetfl({ style: 'alloy', elements: [SYNTHETIC.Al, SYNTHETIC.Cu], ...grid, cutoff: 6.2 });
    case 'Al.synthetic.eam.fs':
      return syntheticSetfl({ style: 'fs', elements: [SYNTHETIC.Al], ...grid, cutoff: 6.3 });
    case 'NiAlH.synthetic.eam.fs':
      return syntheticSetfl({ style: 'fs', elements: [SYNTHETIC.Ni, SYNTHETIC.Al, SYNTHETIC.H], ...grid, cutoff: 6.0 });
  }
}
