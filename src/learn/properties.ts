/**
 * Material properties of an Al-Mg potential, measured with dpmd-ts's own engine (the deck
 * interpreter and `minimize`, through PropertyEngine): the side-by-side check of a trained model
 * against its labeler that issue 12 asks for. Every quantity is a textbook definition:
 *
 *   lattice constants   zero of the static pressure P = tr(W)/(3V) over the lattice parameter (cubic
 *                       cells); hcp: Pzz = 0 over c for each a, then (Pxx+Pyy)/2 = 0 over a (the 2-D
 *                       minimum of E(a, c), the internal hcp coordinates being fixed by symmetry)
 *   cohesive energy     E/atom at equilibrium − E of one atom alone in a box wider than twice the cutoff
 *   formation energy    E_f(Al3Mg) = E/atom(L1₂) − (3/4 E/atom(fcc Al) + 1/4 E/atom(hcp Mg))
 *   C11, C12, C44       central differences of the stress σ = −P under strains ±δ of the equilibrium
 *                       conventional cell: ε_xx = ±δ gives C11 = Δσ_xx/(2δ), C12 = Δσ_yy/(2δ); the
 *                       engineering shear γ_yz = ±δ (tilt yz = δ·a) gives C44 = Δσ_yz/(2δ). Atoms are
 *                       relaxed in the strained cell when forces appear (never for fcc, a Bravais lattice).
 *   vacancy             E_v = E_def − (N−1)/N·E_perf, an n³ fcc supercell (4n³ atoms) with one atom
 *                       removed, atoms relaxed at fixed volume (min_style cg)
 *   (111) surface       γ = (E_slab − N·E/atom(fcc))/(2A), a slab of `layers` (111) planes with vacuum
 *                       above it (periodic cell), atoms relaxed
 * Units: Å, eV, GPa, J/m² (and meV/Å²).
 */
import { supercell, unitCell } from './crystal.js';
import {
  EV_PER_A2_IN_J_PER_M2,
  EV_PER_A3_IN_GPA,
  type Evaluation,
  PropertyEngine,
  type PotentialSpec,
  pressureTensor,
  type RelaxSettings,
} from './properties_engine.js';
import { findRoot } from './properties_roots.js';
import type { Frame } from './structure.js';
import { slab } from './surface.js';

export type { PotentialSpec, RelaxSettings } from './properties_engine.js';

/** How the properties are measured; every field has a default (DEFAULT_PROPERTY_SETTINGS). */
export interface PropertySettings {
  /** Starting lattice parameters (Å) of the equilibrium searches. */
  guess: { fccA: number; hcpA: number; hcpCOverA: number; l12A: number };
  /** Lattice parameters are converged to this relative tolerance. */
  latticeTol: number;
  /** Strain amplitude δ of the elastic constants (0.005 = ±0.5%). */
  strain: number;
  /** Vacancy supercell: n x n x n conventional fcc cells (4n³ atoms; n = 3 gives 108). */
  vacancyCells: number;
  /** (111) slab: atomic layers, in-plane repeats of the (a√2 x a√6) cell, vacuum (Å). */
  surfaceLayers: number;
  surfaceCells: [number, number];
  vacuum: number;
  /** Atom relaxations (vacancy, surface, strained cells with forces): min_style cg with these criteria. */
  relax: RelaxSettings;
  /** Forces (eV/Å) above which a strained cell is relaxed before its stress is read. */
  forceTol: number;
}

export const DEFAULT_PROPERTY_SETTINGS: PropertySettings = {
  guess: { fccA: 4.05, hcpA: 3.2, hcpCOverA: 1.63, l12A: 4.1 },
  latticeTol: 1e-11,
  strain: 0.005,
  vacancyCells: 3,
  surfaceLayers: 12,
  surfaceCells: [1, 1],
  vacuum: 15,
  relax: { etol: 0, ftol: 1e-10, maxiter: 10000, maxeval: 100000 },
  forceTol: 1e-8,
};

/** The measured properties of one potential. Å, eV, GPa, J/m². */
export interface MaterialProperties {
  /** What was measured (the pair_style line). */
  potential: string;
  /** Energy of one isolated atom of each element (eV); 0 for an EAM whose F(0) = 0. */
  isolatedAtom: { Al: number; Mg: number };
  fccAl: { a: number; energyPerAtom: number; cohesiveEnergy: number };
  hcpMg: { a: number; c: number; cOverA: number; energyPerAtom: number; cohesiveEnergy: number };
  /** L1₂ Al3Mg: lattice constant and formation energy per atom relative to fcc Al and hcp Mg. */
  l12Al3Mg: { a: number; energyPerAtom: number; formationEnergy: number };
  /** fcc Al at its equilibrium, stress–strain; bulkModulus = (C11 + 2 C12)/3. */
  elasticAl: { c11: number; c12: number; c44: number; bulkModulus: number; strain: number };
  /** Vacancy in fcc Al: supercell atoms (before removal), unrelaxed and relaxed E_v (eV). */
  vacancyAl: { natoms: number; unrelaxed: number; formationEnergy: number };
  /** fcc Al(111): slab atoms and area (Å²), γ unrelaxed and relaxed (J/m²), relaxed in meV/Å². */
  surfaceAl111: {
    natoms: number;
    layers: number;
    area: number;
    unrelaxed: number;
    surfaceEnergy: number;
    surfaceEnergyMeVPerA2: number;
  };
  /** Force evaluations used (every relaxation step counts). */
  evaluations: number;
}

/** Deep merge of user settings over the defaults. */
export function propertySettings(over: Partial<PropertySettings> = {}): PropertySettings {
  const d = DEFAULT_PROPERTY_SETTINGS;
  return {
    ...d,
    ...over,
    guess: { ...d.guess, ...(over.guess ?? {}) },
    relax: { ...d.relax, ...(over.relax ?? {}) },
  };
}

/**
 * Measure every property of the potential. typeMap names LAMMPS types 1..n (it must contain 'Al'
 * and 'Mg'); masses default to the elements'. Throws (naming the structure) when an equilibrium
 * cannot be found near the guesses.
 */
export function measureProperties(
  potential: PotentialSpec,
  typeMap: string[],
  settings: Partial<PropertySettings> = {},
  masses?: number[],
): MaterialProperties {
  const s = propertySettings(settings);
  const al = typeMap.indexOf('Al'),
    mg = typeMap.indexOf('Mg');
  if (al < 0 || mg < 0) throw new Error(`properties: type_map must name Al and Mg, got [${typeMap.join(', ')}]`);
  const eng = new PropertyEngine(potential, typeMap, masses);
  try {
    return measureWith(eng, s, al, mg);
  } finally {
    eng.dispose();
  }
}

/** Mean normal static pressure (eV/Å³) of an evaluation. */
const meanPressure = (e: Evaluation): number => (e.virial[0] + e.virial[1] + e.virial[2]) / (3 * e.volume);

/** A cubic cell (fcc lattice, `types` per basis atom) at lattice constant a. */
function cubicFcc(a: number, types: number[]): Frame {
  const f = supercell(unitCell('fcc', a), [1, 1, 1]);
  f.types.set(types);
  return f;
}

/** The lattice constant of a cubic cell at zero pressure and the cell there. */
function relaxCubic(eng: PropertyEngine, types: number[], guess: number, tol: number, what: string) {
  const a = findRoot((x) => meanPressure(eng.evaluate(cubicFcc(x, types))), guess, tol * guess, { what });
  const frame = cubicFcc(a, types);
  return { a, frame, e: eng.evaluate(frame) };
}

/** A frame with its cell and atoms mapped by x → (I + ε) x (ε lower-triangular keeps LAMMPS's cell form). */
function strained(f: Frame, eps: number[]): Frame {
  const map = (v: ArrayLike<number>, o: number, out: Float64Array) => {
    const x = v[o],
      y = v[o + 1],
      z = v[o + 2];
    // row vector r' = r (I + ε)ᵀ with ε[3 i + j] = ∂u_i/∂x_j
    out[o] = x + eps[0] * x + eps[1] * y + eps[2] * z;
    out[o + 1] = y + eps[3] * x + eps[4] * y + eps[5] * z;
    out[o + 2] = z + eps[6] * x + eps[7] * y + eps[8] * z;
  };
  const g: Frame = {
    natoms: f.natoms,
    types: f.types.slice(),
    coord: new Float64Array(f.coord.length),
    box: new Float64Array(9),
  };
  for (let r = 0; r < 3; r++) map(f.box, 3 * r, g.box);
  for (let i = 0; i < f.natoms; i++) map(f.coord, 3 * i, g.coord);
  return g;
}

function measureWith(eng: PropertyEngine, s: PropertySettings, al: number, mg: number): MaterialProperties {
  // fcc Al
  const fcc = relaxCubic(eng, [al, al, al, al], s.guess.fccA, s.latticeTol, 'fcc Al lattice constant');
  const eAl = fcc.e.energy / 4;

  // One atom alone: a cubic box wider than twice the cutoff, so it sees no image of itself.
  const L = Math.max(20, 2 * eng.cutoff() + 2);
  const alone = (t: number): number =>
    eng.evaluate({
      natoms: 1,
      types: Int32Array.of(t),
      coord: Float64Array.of(L / 2, L / 2, L / 2),
      box: Float64Array.of(L, 0, 0, 0, L, 0, 0, 0, L),
    }).energy;
  const isoAl = alone(al),
    isoMg = alone(mg);

  // hcp Mg: for each a, c with Pzz = 0; then a with (Pxx + Pyy)/2 = 0.
  const hcpFrame = (a: number, c: number) => supercell(unitCell('hcp', a, c / a), [1, 1, 1], mg);
  const pzz = (a: number, c: number) => {
    const e = eng.evaluate(hcpFrame(a, c));
    return e.virial[2] / e.volume;
  };
  const cOf = (a: number) =>
    findRoot((c) => pzz(a, c), a * s.guess.hcpCOverA, s.latticeTol * a * s.guess.hcpCOverA, { what: 'hcp Mg c' });
  const pxy = (a: number) => {
    const e = eng.evaluate(hcpFrame(a, cOf(a)));
    return (e.virial[0] + e.virial[1]) / (2 * e.volume);
  };
  const aMg = findRoot(pxy, s.guess.hcpA, s.latticeTol * s.guess.hcpA, { what: 'hcp Mg a' });
  const cMg = cOf(aMg);
  const eMg = eng.evaluate(hcpFrame(aMg, cMg)).energy / 2;

  // L1₂ Al3Mg: Mg on the cube corner, Al on the face centres.
  const l12 = relaxCubic(eng, [mg, al, al, al], s.guess.l12A, s.latticeTol, 'L1_2 Al3Mg lattice constant');
  const eL12 = l12.e.energy / 4;

  const elastic = elasticConstants(eng, fcc.frame, s);
  const vacancy = vacancyEnergy(eng, fcc.a, al, s);
  const surface = surfaceEnergy(eng, fcc.a, al, eAl, s);

  return {
    potential: [`pair_style ${eng.potential.pairStyle}`, ...eng.potential.pairCoeff.map((c) => `pair_coeff ${c}`)].join(
      '; ',
    ),
    isolatedAtom: { Al: isoAl, Mg: isoMg },
    fccAl: { a: fcc.a, energyPerAtom: eAl, cohesiveEnergy: eAl - isoAl },
    hcpMg: { a: aMg, c: cMg, cOverA: cMg / aMg, energyPerAtom: eMg, cohesiveEnergy: eMg - isoMg },
    l12Al3Mg: { a: l12.a, energyPerAtom: eL12, formationEnergy: eL12 - (0.75 * eAl + 0.25 * eMg) },
    elasticAl: elastic,
    vacancyAl: vacancy,
    surfaceAl111: surface,
    evaluations: eng.evaluations,
  };
}

/** Stress σ = −P (GPa, xx yy zz xy xz yz) of a strained cell, atoms relaxed if forces appeared. */
function stressOf(eng: PropertyEngine, f: Frame, s: PropertySettings): Float64Array {
  let e = eng.evaluate(f);
  if (e.fmax > s.forceTol) e = eng.relax(f, s.relax).evaluation;
  return pressureTensor(e).map((p) => -p * EV_PER_A3_IN_GPA);
}

function elasticConstants(eng: PropertyEngine, cell: Frame, s: PropertySettings): MaterialProperties['elasticAl'] {
  const d = s.strain;
  const xx = (v: number) => [v, 0, 0, 0, 0, 0, 0, 0, 0];
  // γ_yz = v: u_y = v z, i.e. ∂u_y/∂z = v (the cell's c row gains yz = v·lz).
  const yz = (v: number) => [0, 0, 0, 0, 0, v, 0, 0, 0];
  const sp = stressOf(eng, strained(cell, xx(d)), s),
    sm = stressOf(eng, strained(cell, xx(-d)), s);
  const tp = stressOf(eng, strained(cell, yz(d)), s),
    tm = stressOf(eng, strained(cell, yz(-d)), s);
  const c11 = (sp[0] - sm[0]) / (2 * d);
  // C12 from both transverse components (equal for a cubic crystal; the mean halves roundoff).
  const c12 = (sp[1] - sm[1] + sp[2] - sm[2]) / (4 * d);
  const c44 = (tp[5] - tm[5]) / (2 * d);
  return { c11, c12, c44, bulkModulus: (c11 + 2 * c12) / 3, strain: d };
}

function vacancyEnergy(
  eng: PropertyEngine,
  a: number,
  al: number,
  s: PropertySettings,
): MaterialProperties['vacancyAl'] {
  const n = s.vacancyCells;
  const perfect = supercell(unitCell('fcc', a), [n, n, n], al);
  const N = perfect.natoms;
  const ePerf = eng.evaluate(perfect).energy;
  // Remove atom 0 (every site is equivalent).
  const def: Frame = {
    natoms: N - 1,
    types: perfect.types.slice(1),
    coord: perfect.coord.slice(3),
    box: perfect.box.slice(),
  };
  const unrelaxed = eng.evaluate(def).energy - ((N - 1) / N) * ePerf;
  const relaxed = eng.relax(def, s.relax).evaluation.energy - ((N - 1) / N) * ePerf;
  return { natoms: N, unrelaxed, formationEnergy: relaxed };
}

function surfaceEnergy(
  eng: PropertyEngine,
  a: number,
  al: number,
  eAl: number,
  s: PropertySettings,
): MaterialProperties['surfaceAl111'] {
  const f = slab({
    lattice: 'fcc',
    miller: '111',
    a,
    layers: s.surfaceLayers,
    cells: s.surfaceCells,
    vacuum: s.vacuum,
  });
  f.types.fill(al);
  const area = f.box[0] * f.box[4];
  const gamma = (e: number) => ((e - f.natoms * eAl) / (2 * area)) * EV_PER_A2_IN_J_PER_M2;
  const unrelaxed = gamma(eng.evaluate(f).energy);
  const relaxed = gamma(eng.relax(f, s.relax).evaluation.energy);
  return {
    natoms: f.natoms,
    layers: s.surfaceLayers,
    area,
    unrelaxed,
    surfaceEnergy: relaxed,
    surfaceEnergyMeVPerA2: (relaxed / EV_PER_A2_IN_J_PER_M2) * 1000,
  };
}
