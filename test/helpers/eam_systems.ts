/**
 * Small EAM test systems and single-point LAMMPS references, shared by test/potentials/pair_eam*.test.ts.
 * Systems are perturbed fcc crystals (so no two atoms are unphysically close), optionally in a
 * triclinic box, with random types. Everything in metal units (Angstrom, eV).
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { Box } from '../../src/box.js';
import { Output } from '../../src/output.js';
import type { PairStyle } from '../../src/potential.js';
import { Simulation } from '../../src/simulation.js';
import { unitSystem } from '../../src/units.js';
import { REPO_ROOT, type GoldenSpec, type LammpsOutput } from './golden.js';
import { lammpsReference, potentialsIn } from './lammps.js';

/** Potential files in the repository (LAMMPS's, GPL-2.0; see test/fixtures/lammps-potentials/README.md). */
export const POT_DIR = join(REPO_ROOT, 'test/fixtures/lammps-potentials');
export const ALMG = join(REPO_ROOT, 'potentials/data/AlMg_Mendelev2009.eam.fs');

/** Deterministic uniform [0,1) generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Spec {
  /** fcc lattice constant (Angstrom) and cells per direction. */
  a: number;
  cells: [number, number, number];
  ntypes: number;
  /** Tilts as fractions of the box lengths: xy/lx... (LAMMPS tilts xy, xz, yz). */
  tilt?: [number, number, number];
  /** Random displacement amplitude (Angstrom). */
  jitter: number;
  seed: number;
  /** Box origin (non-zero exercises lo handling). */
  lo?: [number, number, number];
}

export interface Atoms {
  box: Box;
  ntypes: number;
  x: Float64Array;
  type: Int32Array;
}

export function makeAtoms(s: Spec): Atoms {
  const r = rng(s.seed);
  const [nx, ny, nz] = s.cells;
  const lo = s.lo ?? [0, 0, 0];
  const lx = nx * s.a,
    ly = ny * s.a,
    lz = nz * s.a;
  const t = s.tilt;
  const box = t
    ? new Box(lo, [lo[0] + lx, lo[1] + ly, lo[2] + lz], { xy: t[0] * lx, xz: t[1] * lx, yz: t[2] * ly })
    : new Box(lo, [lo[0] + lx, lo[1] + ly, lo[2] + lz]);
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const n = 4 * nx * ny * nz;
  const x = new Float64Array(3 * n);
  const type = new Int32Array(n);
  const lam = new Float64Array(3);
  const out = new Float64Array(3);
  let k = 0;
  for (let iz = 0; iz < nz; iz++)
    for (let iy = 0; iy < ny; iy++)
      for (let ix = 0; ix < nx; ix++) {
        for (const b of basis) {
          // Fractional lattice site, displaced in Cartesian space, kept inside the cell.
          lam[0] = (ix + b[0] + 0.25) / nx;
          lam[1] = (iy + b[1] + 0.25) / ny;
          lam[2] = (iz + b[2] + 0.25) / nz;
          box.fromLamda(lam, 0, out, 0);
          for (let d = 0; d < 3; d++) x[3 * k + d] = out[d] + s.jitter * (2 * r() - 1);
          type[k] = 1 + Math.floor(r() * s.ntypes);
          k++;
        }
      }
  return { box, ntypes: s.ntypes, x, type };
}

/** A Simulation (metal units unless given) holding the atoms, with the pair style set up by coeff args. */
export function makeSim(at: Atoms, pair: PairStyle, coeffs: string[][], units = 'metal'): Simulation {
  const sim = new Simulation(new Output({ screen: false }));
  // Keep atoms in creation order: the helpers compare by index and reload positions by index.
  sim.sortEvery = 0;
  const sys = sim.system;
  sys.units = unitSystem(units);
  sim.neighbor.skin = sys.units.skin;
  sys.box = at.box.clone();
  sys.boxExists = true;
  sys.setTypes(at.ntypes);
  for (let i = 0; i < at.type.length; i++) sys.addAtom(at.type[i], at.x[3 * i], at.x[3 * i + 1], at.x[3 * i + 2]);
  pair.settings([]);
  for (const c of coeffs) pair.coeff(c, sys);
  sim.pair = pair;
  return sim;
}

/** Energy (eV) at the system's current positions and box. */
export function energy(sim: Simulation): number {
  sim.setup();
  return sim.pe;
}

/** A number printed so that LAMMPS reads back the same double. */
const g17 = (v: number): string => v.toPrecision(17);

/** LAMMPS data file (atom_style atomic) for the atoms. */
export function dataFile(at: Atoms): string {
  const b = at.box;
  const n = at.type.length;
  const lines = [
    'LAMMPS data file written by dpmd-ts tests',
    '',
    `${n} atoms`,
    `${at.ntypes} atom types`,
    '',
    `${g17(b.lo[0])} ${g17(b.hi[0])} xlo xhi`,
    `${g17(b.lo[1])} ${g17(b.hi[1])} ylo yhi`,
    `${g17(b.lo[2])} ${g17(b.hi[2])} zlo zhi`,
  ];
  if (b.triclinic) lines.push(`${g17(b.xy)} ${g17(b.xz)} ${g17(b.yz)} xy xz yz`);
  lines.push('', 'Atoms # atomic', '');
  for (let i = 0; i < n; i++)
    lines.push(`${i + 1} ${at.type[i]} ${g17(at.x[3 * i])} ${g17(at.x[3 * i + 1])} ${g17(at.x[3 * i + 2])}`);
  return `${lines.join('\n')}\n`;
}

export interface LammpsPoint {
  pe: number;
  /** Pressure-tensor virial part, LAMMPS pressure units (bar): pxx pyy pzz pxy pxz pyz. */
  pvir: number[];
  /** n x 3 forces (eV/Angstrom) by atom ID. */
  f: Float64Array;
  /** n per-atom energies (eV). */
  eatom: Float64Array;
}

/** The single-point deck: energy, virial pressure, forces and per-atom energies at full precision. */
function pointDeck(pairLines: string[], units: string): string {
  return `${[
    `units ${units}`,
    'atom_style atomic',
    'boundary p p p',
    'atom_modify map array',
    'read_data data.eam',
    ...pairLines,
    'neighbor 2.0 bin',
    'compute vir all pressure NULL virial',
    'compute pea all pe/atom',
    'thermo_style custom step pe c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6]',
    'thermo_modify format float %24.17g',
    'dump 1 all custom 1 f.dump id fx fy fz c_pea',
    'dump_modify 1 sort id format float %24.17g',
    'run 0',
  ].join('\n')}\n`;
}

/** Energy, virial pressure, forces and per-atom energies from LAMMPS's screen and dump. */
function parsePoint(out: LammpsOutput, n: number): LammpsPoint {
  const lines = out.screen.split('\n');
  const h = lines.findIndex((l) => /^\s*Step\s+PotEng/.test(l));
  if (h < 0) throw new Error('no thermo header in LAMMPS output');
  const v = lines[h + 1].trim().split(/\s+/).map(Number);
  const f = new Float64Array(3 * n);
  const eatom = new Float64Array(n);
  const dump = out.files['f.dump'].split('\n');
  const start = dump.findIndex((l) => l.startsWith('ITEM: ATOMS')) + 1;
  for (let k = 0; k < n; k++) {
    const w = dump[start + k].trim().split(/\s+/).map(Number);
    const i = w[0] - 1;
    f[3 * i] = w[1];
    f[3 * i + 1] = w[2];
    f[3 * i + 2] = w[3];
    eatom[i] = w[4];
  }
  return { pe: v[1], pvir: v.slice(2, 8), f, eatom };
}

/** Relative differences of two single points: energy, forces, per-atom energies, virial pressure. */
function pointDiff(
  a: { pe: number; f: ArrayLike<number>; eatom: ArrayLike<number>; pvir: ArrayLike<number> },
  ref: LammpsPoint,
): { pe: number; f: number; eatom: number; pvir: number } {
  return {
    pe: Math.abs(a.pe - ref.pe) / Math.abs(ref.pe),
    f: maxRelDiff(a.f, ref.f),
    eatom: maxRelDiff(a.eatom, ref.eatom),
    pvir: maxRelDiff(a.pvir, ref.pvir),
  };
}

/**
 * LAMMPS's energy, virial pressure, forces and per-atom energies for the atoms with the given
 * pair_style/pair_coeff lines: from the golden test/golden/<name> and, where LAMMPS is installed,
 * a live run that must agree with it to `tol` (see lammpsReference). Potential files are named by
 * bare file name: repository files (POTENTIAL_FILES) or test-written ones in `potentials`.
 */
export function lammpsPoint(
  name: string,
  at: Atoms,
  pairLines: string[],
  units = 'metal',
  tol = 1e-10,
  potentials: Record<string, string> = {},
): LammpsPoint {
  const deck = pointDeck(pairLines, units);
  const n = at.type.length;
  const spec: GoldenSpec = {
    deck,
    files: { 'data.eam': dataFile(at), ...potentials },
    repoFiles: potentialsIn(deck),
    outputs: ['f.dump'],
  };
  const out = lammpsReference(name, spec, (live, golden) => {
    const d = pointDiff(parsePoint(live, n), parsePoint(golden, n));
    for (const [k, v] of Object.entries(d)) expect(v, `live LAMMPS vs golden: ${k}`).toBeLessThan(tol);
  });
  return parsePoint(out, n);
}

/** Largest |a-b| / scale over arrays, where scale is the largest |b| (at least `floor`). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  let scale = floor,
    d = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d / scale;
}

/**
 * Strain the system: x -> x (I + eps) with eps lower-triangular in LAMMPS's row-vector convention
 * (eps[a][b] nonzero only for a >= b, which keeps a along x and b in the xy plane), applied to
 * the positions, the box origin and the edge vectors.
 */
export function strained(at: Atoms, eps: number[][]): Atoms {
  const mul = (v: number[]): number[] =>
    [0, 1, 2].map((b) => v[b] + v[0] * eps[0][b] + v[1] * eps[1][b] + v[2] * eps[2][b]);
  const b = at.box,
    h = b.h;
  const A = mul([h[0], 0, 0]),
    B = mul([h[5], h[1], 0]),
    C = mul([h[4], h[3], h[2]]);
  const lo = mul([b.lo[0], b.lo[1], b.lo[2]]);
  const box = new Box(lo, [lo[0] + A[0], lo[1] + B[1], lo[2] + C[2]], { xy: B[0], xz: C[0], yz: C[1] });
  box.triclinic = true;
  const x = new Float64Array(at.x.length);
  for (let i = 0; i < at.type.length; i++) {
    const y = mul([at.x[3 * i], at.x[3 * i + 1], at.x[3 * i + 2]]);
    x[3 * i] = y[0];
    x[3 * i + 1] = y[1];
    x[3 * i + 2] = y[2];
  }
  return { box, ntypes: at.ntypes, x, type: at.type };
}

/**
 * Central-difference check of forces: for `count` atoms (spread over the system) and each
 * direction, (E(x-h) - E(x+h)) / 2h against the analytic force. Returns the largest absolute
 * error and the largest force magnitude component seen (eV/Angstrom).
 */
export function fdForces(sim: Simulation, count: number, h = 1e-5): { err: number; fmax: number } {
  const sys = sim.system;
  const n = sys.n;
  sim.setup();
  const f0 = Float64Array.from(sys.f.subarray(0, 3 * n));
  const x0 = Float64Array.from(sys.x.subarray(0, 3 * n));
  const box0 = sys.box.clone();
  let err = 0,
    fmax = 0;
  for (let c = 0; c < count; c++) {
    const i = Math.floor((c * n) / count);
    for (let d = 0; d < 3; d++) {
      const e: number[] = [];
      for (const s of [-1, 1]) {
        sys.x.set(x0);
        sys.box = box0.clone();
        sys.x[3 * i + d] += s * h;
        e.push(energy(sim));
      }
      const fd = (e[0] - e[1]) / (2 * h);
      err = Math.max(err, Math.abs(fd - f0[3 * i + d]));
      fmax = Math.max(fmax, Math.abs(f0[3 * i + d]));
    }
  }
  sys.x.set(x0);
  sys.box = box0;
  return { err, fmax };
}

/**
 * Central-difference check of the virial W_ab = sum r_a f_b = -dE/d eps under x -> x (I + eps),
 * for the six strains LAMMPS's triclinic form allows (xx yy zz, and yx zx zy, which equal the
 * xy xz yz components of the symmetric virial). Returns the largest absolute error (eV) and the
 * largest virial component.
 */
export function fdVirial(sim: Simulation, at: Atoms, h = 1e-6): { err: number; wmax: number } {
  const sys = sim.system;
  const load = (a: Atoms): void => {
    sys.box = a.box.clone();
    sys.x.set(a.x);
  };
  load(at);
  sim.setup();
  const w = Float64Array.from(sim.virial);
  // virial index -> (a, b) of the lower-triangular strain component
  const comps: [number, number, number][] = [
    [0, 0, 0],
    [1, 1, 1],
    [2, 2, 2],
    [3, 1, 0],
    [4, 2, 0],
    [5, 2, 1],
  ];
  let err = 0,
    wmax = 0;
  for (const [k, a, b] of comps) {
    const e: number[] = [];
    for (const s of [-1, 1]) {
      const eps = [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ];
      eps[a][b] = s * h;
      load(strained(at, eps));
      e.push(energy(sim));
    }
    const fd = -(e[1] - e[0]) / (2 * h);
    err = Math.max(err, Math.abs(fd - w[k]));
    wmax = Math.max(wmax, Math.abs(w[k]));
  }
  load(at);
  return { err, wmax };
}

export interface CrossCheck {
  /** Relative differences dpmd vs LAMMPS: energy, forces and per-atom energies (scaled by their
   * largest magnitude), virial pressure (scaled by its largest component). */
  pe: number;
  f: number;
  eatom: number;
  pvir: number;
  sim: Simulation;
  lmp: LammpsPoint;
}

/**
 * Evaluate the atoms with our pair style and take LAMMPS's numbers for the same atoms and pair
 * lines (golden `name`, live where installed; see lammpsPoint), and compare. Potential files are
 * given to both programs by bare file name: `potentials` holds test-written ones (name -> text).
 */
export function crossCheck(
  name: string,
  at: Atoms,
  pair: PairStyle,
  coeffs: string[][],
  lmpLines: string[],
  units = 'metal',
  potentials: Record<string, string> = {},
  tol = 1e-10,
): CrossCheck {
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-eam-'));
  for (const [f, text] of Object.entries(potentials)) writeFileSync(join(dir, f), text);
  for (const [f, path] of Object.entries(potentialsIn(lmpLines.join('\n'))))
    copyFileSync(join(REPO_ROOT, path), join(dir, f));
  const inDir = (c: string[]): string[] => c.map((w, k) => (k === 2 ? join(dir, basename(w)) : w));
  const sim = makeSim(at, pair, coeffs.map(inDir), units);
  sim.eatomRequested = true;
  sim.setup();
  const lmp = lammpsPoint(name, at, lmpLines, units, tol, potentials);
  const n = at.type.length;
  const V = at.box.volume();
  const pv = Array.from(sim.virial, (w) => (w * sim.system.units.nktv2p) / V);
  const d = pointDiff(
    { pe: sim.pe, f: sim.system.f.subarray(0, 3 * n), eatom: sim.forces.eatom.subarray(0, n), pvir: pv },
    lmp,
  );
  return { ...d, sim, lmp };
}
