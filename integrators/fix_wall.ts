import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';

/** Wall faces in LAMMPS's order: which = 2 dim + side (side 0 = lo, 1 = hi). */
export const FACES = ['xlo', 'xhi', 'ylo', 'yhi', 'zlo', 'zhi'] as const;

/** One wall: its face and where it stands (length units, after `units lattice` scaling). */
export interface Wall {
  which: number;
  coord: number;
  /** Style parameters in the order the deck gives them (wall/lj93: epsilon sigma cutoff). */
  params: number[];
}

/**
 * Parse `face coord [params...] ... keyword value ...` for the wall fixes (LAMMPS FixWall and
 * FixWallReflect constructors): coord is EDGE (the box boundary), a number (scaled by the lattice
 * spacing under the default `units lattice`), or v_name (not supported yet); a face given twice, a
 * wall on a periodic dimension (unless `pbc yes` where the style allows it) and z walls in 2d are
 * refused with LAMMPS's messages.
 */
export function parseWalls(
  command: string,
  args: string[],
  sim: Simulation,
  files: FilePaths | undefined,
  paramNames: string[],
  keywords: string[],
): { walls: Wall[]; pbc: boolean } {
  const a = new Args(command, args);
  const walls: Wall[] = [];
  const edge: boolean[] = [];
  let scaleflag = true;
  let pbc = false;
  const box = sim.system.box;
  while (a.more()) {
    const key = a.word('face or keyword');
    const which = FACES.indexOf(key as (typeof FACES)[number]);
    if (which >= 0) {
      if (walls.some((w) => w.which === which)) a.fail(`wall ${key} defined twice`);
      a.need(1 + paramNames.length, `${key} coord ${paramNames.join(' ')}`);
      const w = a.peek()!;
      let coord = 0;
      let isEdge = false;
      if (w === 'EDGE') {
        a.pos++;
        isEdge = true;
        const dim = which >> 1;
        coord = which % 2 === 0 ? box.lo[dim] : box.hi[dim];
      } else if (w.startsWith('v_')) {
        a.fail(`variable wall position (${w}) is not supported yet`);
      } else coord = a.num(`${key} coordinate`);
      const params = paramNames.map((n) => a.num(n));
      walls.push({ which, coord, params });
      edge.push(isEdge);
    } else if (key === 'units') {
      scaleflag = a.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    } else if (key === 'pbc' && keywords.includes('pbc')) {
      pbc = a.bool('pbc');
    } else if (key === 'fld' && keywords.includes('fld')) {
      if (a.bool('fld')) a.fail('fld yes is not supported');
    } else {
      a.fail(`unknown keyword '${key}' (allowed: ${[...FACES, 'units', ...keywords].join(' ')})`);
    }
  }
  if (walls.length === 0) a.fail('no wall defined (xlo xhi ylo yhi zlo zhi)');
  for (const w of walls) {
    const dim = w.which >> 1;
    if (box.periodic[dim] && !pbc)
      throw new Error(`Cannot use ${command} in periodic dimension (${FACES[w.which]} on a periodic boundary)`);
  }
  if (scaleflag) {
    const L = files?.lattice;
    const scale = [L?.xlattice ?? 1, L?.ylattice ?? 1, L?.zlattice ?? 1];
    walls.forEach((w, m) => {
      if (!edge[m]) w.coord *= scale[w.which >> 1];
    });
  }
  return { walls, pbc };
}

/**
 * The wall fixes with a wall-particle potential (LAMMPS FixWall): in post_force (and setup, and
 * after each minimizer force evaluation) each wall acts on the atoms of the group within its
 * cutoff, δ = distance from the wall (an atom on or behind the wall is an error). f_ID is the wall
 * energy (extensive, `fix_modify energy yes` adds it to pe), f_ID[m] the force of wall m on the
 * atoms; the virial of wall forces is the diagonal term f·δ of its dimension (`fix_modify virial yes`).
 */
export abstract class FixWall implements Fix {
  abstract readonly style: string;
  readonly extensive = true;
  readonly energyGlobal = true;
  readonly virialGlobal = true;
  thermoEnergy = false;
  thermoVirial = false;
  readonly vectorLength: number;
  /** [energy, force of wall 1, ...]. */
  protected readonly ewall: Float64Array;
  protected readonly virial = new Float64Array(6);

  constructor(
    readonly id: string,
    protected readonly groupBit: number,
    protected readonly walls: Wall[],
  ) {
    this.vectorLength = walls.length;
    this.ewall = new Float64Array(walls.length + 1);
  }

  /**
   * Energy and force of one atom at distance delta (0 < delta < cutoff) from wall m: returns the
   * energy and writes the force magnitude along the wall's outward normal ("fwall" before the side sign)
   * into this.fmag.
   */
  protected abstract energyForce(m: number, delta: number): number;
  protected abstract cutoff(m: number): number;
  protected fmag = 0;

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const x = s.x,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      ew = this.ewall,
      vir = this.virial;
    ew.fill(0);
    vir.fill(0);
    for (let m = 0; m < this.walls.length; m++) {
      const { which, coord } = this.walls[m];
      const dim = which >> 1;
      const side = which % 2 === 0 ? -1 : 1;
      const cut = this.cutoff(m);
      let onflag = false;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        const delta = side < 0 ? x[3 * i + dim] - coord : coord - x[3 * i + dim];
        if (delta >= cut) continue;
        if (delta <= 0.0) {
          onflag = true;
          continue;
        }
        const e = this.energyForce(m, delta);
        const fwall = side * this.fmag;
        f[3 * i + dim] -= fwall;
        ew[0] += e;
        ew[m + 1] += fwall;
        vir[dim] += side < 0 ? -fwall * delta : fwall * delta;
      }
      if (onflag)
        throw new Error(`Particle on or inside fix wall surface (fix ${this.id} ${this.style} ${FACES[which]})`);
    }
  }

  computeScalar(): number {
    return this.ewall[0];
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.ewall[i + 1];
  }

  virial6(): ArrayLike<number> {
    return this.virial;
  }
}
