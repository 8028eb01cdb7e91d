import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Readers for LAMMPS's EAM potential files, as LAMMPS 29 Sep 2021 reads them (PairEAM::read_file,
 * PairEAMAlloy::read_file, PairEAMFS::read_file with PotentialFileReader):
 *  - funcfl (DYNAMO single element, `pair_style eam`): 1 comment line; "Z mass ..."; "nrho drho nr dr cut";
 *    then F(rho) (nrho values), Z(r) (nr values), rho(r) (nr values).
 *  - setfl (`eam/alloy`): 3 comment lines; "N El1 .. ElN"; "nrho drho nr dr cut"; per element a line
 *    "Z mass ..." then F(rho) and rho(r); then r*phi(r) for each pair i >= j (lower triangle).
 *  - Finnis-Sinclair setfl (`eam/fs`): as setfl but each element lists N density functions rho_ij(r).
 * Values may spread over lines freely; extra values on the last line of an array are dropped, '#'
 * starts a comment (TextFileReader semantics). Arrays are 1-based (index 0 unused) like LAMMPS's.
 * Units: energies in eV, lengths in Angstrom (metal) unless converted, see `potentialUnits`.
 */

export interface Funcfl {
  path: string;
  mass: number;
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
  /** F(rho), nrho+1 entries, 1-based (energy). */
  frho: Float64Array;
  /** Z(r), nr+1 entries, 1-based (sqrt(energy*length) in Hartree-Bohr units as in the file). */
  zr: Float64Array;
  /** rho(r), nr+1 entries, 1-based. */
  rhor: Float64Array;
}

export interface Setfl {
  path: string;
  elements: string[];
  mass: number[];
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
  /** Per element F(rho), each nrho+1 entries, 1-based (energy). */
  frho: Float64Array[];
  /**
   * Density functions, each nr+1 entries, 1-based: setfl has one per element (index i); fs has
   * one per ordered element pair at index i*N + j, in file order (element i's block lists j).
   */
  rhor: Float64Array[];
  /** r*phi(r) for i >= j at index i*(i+1)/2 + j, each nr+1 entries, 1-based (energy*length). */
  z2r: Float64Array[];
}

/** Energy conversion factors of LAMMPS utils::get_conversion_factor (metal <-> real). */
const METAL2REAL = 23.060549;
const REAL2METAL = 1.0 / 23.060549;

/**
 * Locate a potential file as LAMMPS's utils::get_potential_file_path does: the name as given
 * (relative to the working directory), else $LAMMPS_POTENTIALS/<basename>. Throws naming every
 * path tried when neither exists.
 */
export function resolvePotentialPath(name: string): string {
  const tried = [name];
  if (isFile(name)) return name;
  const dir = process.env.LAMMPS_POTENTIALS;
  if (dir) {
    const alt = join(dir, basename(name));
    tried.push(alt);
    if (isFile(alt)) return alt;
  }
  throw new Error(`Cannot open EAM potential file ${name} (tried: ${tried.join(', ')})`);
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Energy conversion factor to apply to a file's energies, from the "UNITS:" tag of its first line
 * (LAMMPS utils::open_potential with eam's METAL2REAL|REAL2METAL auto-conversion): 1 without a tag
 * or when it matches; throws when the units differ and cannot be converted.
 */
export function potentialUnits(path: string, firstLine: string, unitStyle: string): number {
  const words = firstLine.trim().split(/\s+/);
  const k = words.indexOf('UNITS:');
  if (k < 0 || k + 1 >= words.length) return 1;
  const units = words[k + 1];
  if (units === unitStyle) return 1;
  if (units === 'metal' && unitStyle === 'real') return METAL2REAL;
  if (units === 'real' && unitStyle === 'metal') return REAL2METAL;
  throw new Error(`Potential file ${path} requires ${units} units but ${unitStyle} units are in use`);
}

const DOUBLE_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Line reader with LAMMPS TextFileReader semantics (comments, blank lines, values across lines). */
class Reader {
  private pos = 0;
  private readonly lines: string[];
  constructor(
    readonly path: string,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  private fail(msg: string): never {
    throw new Error(`Invalid EAM potential file ${this.path}: ${msg}`);
  }

  /** The next raw line (used for header comments). */
  skipLine(): string {
    if (this.pos >= this.lines.length) this.fail('unexpected end of file in the header');
    return this.lines[this.pos++];
  }

  private words(line: string): string[] {
    const h = line.indexOf('#');
    const s = (h >= 0 ? line.slice(0, h) : line).trim();
    return s === '' ? [] : s.split(/\s+/);
  }

  /** Words of the next non-blank line, joined with following lines until at least n words. */
  values(n: number, what: string): string[] {
    const out: string[] = [];
    while (out.length === 0 || out.length < n) {
      if (this.pos >= this.lines.length)
        this.fail(`unexpected end of file reading ${what} (${out.length}/${n} values)`);
      out.push(...this.words(this.lines[this.pos++]));
    }
    return out;
  }

  /** n numbers into dst[1..n]; the rest of the line holding the last value is dropped. */
  vector(dst: Float64Array, n: number, what: string): void {
    let i = 0;
    while (i < n) {
      if (this.pos >= this.lines.length) this.fail(`unexpected end of file reading ${what} (${i}/${n} values)`);
      const w = this.words(this.lines[this.pos++]);
      for (let k = 0; k < w.length && i < n; k++) dst[1 + i++] = this.number(w[k], what);
    }
  }

  number(s: string, what: string): number {
    if (!DOUBLE_RE.test(s)) this.fail(`'${s}' is not a floating-point number (in ${what}, line ${this.pos})`);
    return Number(s);
  }

  int(s: string, what: string): number {
    if (!/^[+-]?\d+$/.test(s)) this.fail(`'${s}' is not an integer (${what}, line ${this.pos})`);
    return Number(s);
  }
}

function readText(name: string): { path: string; text: string } {
  const path = resolvePotentialPath(name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot open EAM potential file ${path}: ${(e as Error).message}`);
  }
  return { path, text };
}

function gridLine(rd: Reader, what: string): { nrho: number; drho: number; nr: number; dr: number; cut: number } {
  const v = rd.values(5, what);
  const g = {
    nrho: rd.int(v[0], 'nrho'),
    drho: rd.number(v[1], 'drho'),
    nr: rd.int(v[2], 'nr'),
    dr: rd.number(v[3], 'dr'),
    cut: rd.number(v[4], 'cutoff'),
  };
  // LAMMPS checks nrho, nr > 0 and dr > 0; the splines also need >= 5 points and drho > 0.
  if (g.nrho < 5 || g.nr < 5 || !(g.dr > 0) || !(g.drho > 0) || !(g.cut > 0)) {
    throw new Error(
      `Invalid EAM potential file ${rd.path}: bad grid line (nrho=${g.nrho} drho=${g.drho} nr=${g.nr} dr=${g.dr} cut=${g.cut})`,
    );
  }
  return g;
}

/** Read a DYNAMO funcfl file (pair_style eam). unitStyle: the deck's `units` name. */
export function readFuncfl(name: string, unitStyle: string): Funcfl {
  const { path, text } = readText(name);
  const rd = new Reader(path, text);
  const conv = potentialUnits(path, rd.skipLine(), unitStyle);
  const hdr = rd.values(2, 'the element line');
  rd.int(hdr[0], 'atomic number');
  const mass = rd.number(hdr[1], 'mass');
  const g = gridLine(rd, 'the grid line');
  const frho = new Float64Array(g.nrho + 1);
  const zr = new Float64Array(g.nr + 1);
  const rhor = new Float64Array(g.nr + 1);
  rd.vector(frho, g.nrho, 'F(rho)');
  rd.vector(zr, g.nr, 'Z(r)');
  rd.vector(rhor, g.nr, 'rho(r)');
  if (conv !== 1) {
    const sq = Math.sqrt(conv);
    for (let i = 1; i <= g.nrho; i++) frho[i] *= conv;
    for (let i = 1; i <= g.nr; i++) zr[i] *= sq;
  }
  return { path, mass, ...g, frho, zr, rhor };
}

/** Read a setfl (eam/alloy, fs=false) or Finnis-Sinclair (eam/fs, fs=true) file. */
export function readSetfl(name: string, unitStyle: string, fs: boolean): Setfl {
  const { path, text } = readText(name);
  const rd = new Reader(path, text);
  const conv = potentialUnits(path, rd.skipLine(), unitStyle);
  rd.skipLine();
  rd.skipLine();
  const ev = rd.values(1, 'the element line');
  const nel = rd.int(ev[0], 'number of elements');
  if (nel < 1 || ev.length !== nel + 1) throw new Error(`Incorrect element names in EAM potential file ${path}`);
  const elements = ev.slice(1);
  const g = gridLine(rd, 'the grid line');
  const mass: number[] = [];
  const frho: Float64Array[] = [];
  const rhor: Float64Array[] = [];
  const z2r: Float64Array[] = [];
  for (let i = 0; i < nel; i++) {
    const v = rd.values(2, `the line of element ${elements[i]}`);
    rd.int(v[0], 'atomic number');
    mass.push(rd.number(v[1], 'mass'));
    const F = new Float64Array(g.nrho + 1);
    rd.vector(F, g.nrho, `F(rho) of ${elements[i]}`);
    if (conv !== 1) for (let k = 1; k <= g.nrho; k++) F[k] *= conv;
    frho.push(F);
    for (let j = 0; j < (fs ? nel : 1); j++) {
      const R = new Float64Array(g.nr + 1);
      rd.vector(R, g.nr, `rho(r) of ${elements[i]}`);
      rhor.push(R);
    }
  }
  for (let i = 0; i < nel; i++) {
    for (let j = 0; j <= i; j++) {
      const Z = new Float64Array(g.nr + 1);
      rd.vector(Z, g.nr, `r*phi(r) of ${elements[i]}-${elements[j]}`);
      if (conv !== 1) for (let k = 1; k <= g.nr; k++) Z[k] *= conv;
      z2r.push(Z);
    }
  }
  return { path, elements, mass, ...g, frho, rhor, z2r };
}
