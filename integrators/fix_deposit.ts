import { Args } from '../src/args.js';
import { axisAngleToMat } from '../src/asphere/math_extra.js';
import { recordAdded } from '../src/lost_atoms.js';
import type { MoleculeTemplate } from '../src/molecular/molecule_template.js';
import { addTemplateTerms } from '../src/molecular/template_topology.js';
import { RanPark } from '../src/random_park.js';
import type { Region } from '../src/region.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** Settings of fix deposit after unit scaling (distance and velocity units). */
interface DepositSettings {
  ninsert: number;
  ntype: number;
  nfreq: number;
  seed: number;
  region: Region;
  /** Bounding box of the region (LAMMPS extent_xlo ... extent_zhi). */
  extLo: number[];
  extHi: number[];
  mol: MoleculeTemplate | null;
  idnext: boolean;
  globalflag: boolean;
  localflag: boolean;
  lo: number;
  hi: number;
  deltasq: number;
  nearsq: number;
  maxattempt: number;
  rate: number | null;
  vlo: number[];
  vhi: number[];
  target: number[] | null;
  orient: number[] | null;
}

/**
 * fix ID group deposit N type M seed keyword value ... (LAMMPS FixDeposit, 29 Sep 2021): every M
 * steps, starting on the step after the fix is defined, one atom (or one copy of a molecule
 * template) is inserted at a random point of a region, in pre_exchange on a forced reneighboring
 * step, until N have been inserted. Each try draws from one RanPark(seed) stream in LAMMPS's
 * order: the point (x, y, z uniform in the region's bounding box until inside the region), then
 * with `global`/`local` a height lo + u (hi - lo) above the highest (nearby) atom, with `mol` the
 * random rotation (axis (u-½, u-½, u-½) or `orient`, angle 2π u) about the template's geometric
 * centre; the try fails when an existing atom is closer than `near` (minimum image) to a new atom,
 * up to `attempt` tries. Then the velocity (vx, vy, vz uniform in their ranges, or pointed at
 * `target` with the same speed), the same for every atom of a molecule. New atoms join group all
 * and the fix's group, take IDs after the largest (`id max`) or after the previous insertion
 * (`id next`), molecules the next molecule ID. `rate` moves the insertion volume up with time.
 * Distances and velocities are in lattice units unless `units box`. No f_ID (LAMMPS 29 Sep 2021
 * has none).
 */
export class FixDeposit implements Fix {
  readonly style = 'deposit';
  /**
   * LAMMPS next_reneighbor: the step of the next insertion (0: done). Private: the run loop sees it
   * only through forcesReneighbor, as for fix pour.
   */
  private nextReneighbor: number;
  private readonly nfirst: number;
  private ninserted = 0;
  private readonly random: RanPark;
  private maxtag = 0;
  private maxmol = 0;
  private readonly coords: Float64Array;
  private readonly images: Int32Array;
  private readonly dx: Float64Array;
  /** Rotation matrix of the molecule being inserted (row-major). */
  private readonly rot = new Float64Array(9);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly s: DepositSettings,
    sim: Simulation,
  ) {
    // LAMMPS warms the generator up with 30 draws (no correlation between runs with consecutive seeds).
    this.random = new RanPark(s.seed);
    for (let k = 0; k < 30; k++) this.random.uniform();
    this.nextReneighbor = sim.step + 1;
    this.nfirst = this.nextReneighbor;
    const natom = s.mol ? s.mol.natoms : 1;
    this.coords = new Float64Array(3 * natom);
    this.images = new Int32Array(3 * natom);
    this.dx = new Float64Array(3 * natom);
    const t = s.mol;
    if (t)
      for (let i = 0; i < t.natoms; i++) for (let d = 0; d < 3; d++) this.dx[3 * i + d] = t.x[3 * i + d] - t.center[d];
    if (s.idnext) this.findMaxId(sim);
  }

  /** LAMMPS find_maxid: the largest atom ID and molecule ID in use. */
  private findMaxId(sim: Simulation): void {
    const sys = sim.system;
    let max = 0;
    for (let i = 0; i < sys.n; i++) if (sys.tag[i] > max) max = sys.tag[i];
    this.maxtag = max;
    if (this.s.mol && sys.atomStyle.molecule) {
      max = 0;
      for (let i = 0; i < sys.n; i++) if (sys.molecule[i] > max) max = sys.molecule[i];
      this.maxmol = max;
    }
  }

  /** Domain::minimum_image for an orthogonal box: one period off when beyond half the length. */
  private static minimumImage(d: number, L: number, periodic: boolean): number {
    if (periodic && Math.abs(d) > 0.5 * L) return d < 0.0 ? d + L : d - L;
    return d;
  }

  /** The fix contract's forced neighbor build (LAMMPS force_reneighbor): the insertion step. */
  forcesReneighbor(step: number): boolean {
    return this.nextReneighbor === step;
  }

  /** Inserts on the forced build's step only (pre_exchange also runs on the run loop's own builds). */
  preExchange(sim: Simulation): void {
    if (!this.forcesReneighbor(sim.step)) return;
    const s = this.s;
    const sys = sim.system;
    const box = sys.box;
    const dim = sys.dimension;
    const rnd = this.random;
    const h = box.h,
      per = box.periodic;
    const offset = s.rate !== null ? (sim.step - this.nfirst) * sim.dt * s.rate : 0.0;
    if (!s.idnext) this.findMaxId(sim);
    const t = s.mol;
    const natom = t ? t.natoms : 1;
    const coord = [0, 0, 0];
    const vnew = [0, 0, 0];
    const c = this.coords,
      img = this.images;
    const p = new Float64Array(3),
      pimg = new Int32Array(3);
    let success = false;
    for (let attempt = 0; attempt < s.maxattempt; ) {
      attempt++;
      do {
        coord[0] = s.extLo[0] + rnd.uniform() * (s.extHi[0] - s.extLo[0]);
        coord[1] = s.extLo[1] + rnd.uniform() * (s.extHi[1] - s.extLo[1]);
        coord[2] = s.extLo[2] + rnd.uniform() * (s.extHi[2] - s.extLo[2]);
      } while (!s.region.match(coord[0], coord[1], coord[2]));
      if (dim === 2) coord[1] += offset;
      else coord[2] += offset;
      // global/local: lo..hi above the highest atom (local: of those within delta laterally)
      if (s.globalflag || s.localflag) {
        const vd = dim === 2 ? 1 : 2;
        let max = box.lo[vd];
        const x = sys.x;
        for (let i = 0; i < sys.n; i++) {
          if (s.localflag) {
            const delx = FixDeposit.minimumImage(coord[0] - x[3 * i], h[0], per[0]);
            const dely = FixDeposit.minimumImage(coord[1] - x[3 * i + 1], h[1], per[1]);
            const rsq = dim === 2 ? delx * delx : delx * delx + dely * dely;
            if (rsq > s.deltasq) continue;
          }
          if (x[3 * i + vd] > max) max = x[3 * i + vd];
        }
        coord[vd] = max + s.lo + rnd.uniform() * (s.hi - s.lo);
      }
      // the new atoms' coordinates: a molecule randomly rotated about its centre, remapped into the box
      if (!t) {
        c[0] = coord[0];
        c[1] = coord[1];
        c[2] = coord[2];
        img[0] = img[1] = img[2] = 0;
      } else {
        this.rotateMolecule(sim, coord, p, pimg);
      }
      // too near an existing atom: try again
      let near = false;
      const x = sys.x;
      for (let m = 0; m < natom; m++) {
        for (let i = 0; i < sys.n; i++) {
          const delx = FixDeposit.minimumImage(c[3 * m] - x[3 * i], h[0], per[0]);
          const dely = FixDeposit.minimumImage(c[3 * m + 1] - x[3 * i + 1], h[1], per[1]);
          const delz = FixDeposit.minimumImage(c[3 * m + 2] - x[3 * i + 2], h[2], per[2]);
          const rsq = delx * delx + dely * dely + delz * delz;
          if (rsq < s.nearsq) near = true;
        }
      }
      if (near) continue;
      vnew[0] = s.vlo[0] + rnd.uniform() * (s.vhi[0] - s.vlo[0]);
      vnew[1] = s.vlo[1] + rnd.uniform() * (s.vhi[1] - s.vlo[1]);
      vnew[2] = s.vlo[2] + rnd.uniform() * (s.vhi[2] - s.vlo[2]);
      if (s.target) {
        const vel = Math.sqrt(vnew[0] * vnew[0] + vnew[1] * vnew[1] + vnew[2] * vnew[2]);
        const delx = s.target[0] - coord[0],
          dely = s.target[1] - coord[1],
          delz = s.target[2] - coord[2];
        const rsq = delx * delx + dely * dely + delz * delz;
        if (rsq > 0.0) {
          const rinv = Math.sqrt(1.0 / rsq);
          vnew[0] = delx * rinv * vel;
          vnew[1] = dely * rinv * vel;
          vnew[2] = delz * rinv * vel;
        }
      }
      this.insert(sim, vnew);
      success = true;
      break;
    }
    if (!success) sim.out.warn('Particle deposition was unsuccessful');
    if (success) {
      if (t && sys.atomStyle.kinds.length > 0) sim.molecular.topologyChanged(sim);
      this.maxtag += natom;
      if (t && sys.atomStyle.molecule) this.maxmol++;
      this.ninserted++;
    }
    if (this.ninserted < s.ninsert) this.nextReneighbor += s.nfreq;
    else this.nextReneighbor = 0;
  }

  /** Rotate the template about its centre (LAMMPS norm3, axisangle_to_quat, quat_to_mat) into coords. */
  private rotateMolecule(sim: Simulation, coord: number[], p: Float64Array, pimg: Int32Array): void {
    const rnd = this.random;
    const t = this.s.mol!;
    // LAMMPS draws the molecule of the set first (molfrac); one template here, the draw still counts.
    rnd.uniform();
    let r0: number, r1: number, r2: number;
    if (sim.system.dimension === 3) {
      if (this.s.orient) [r0, r1, r2] = this.s.orient;
      else {
        r0 = rnd.uniform() - 0.5;
        r1 = rnd.uniform() - 0.5;
        r2 = rnd.uniform() - 0.5;
      }
    } else {
      r0 = r1 = 0.0;
      r2 = 1.0;
    }
    const theta = rnd.uniform() * (2 * Math.PI);
    const m = this.rot;
    axisAngleToMat(r0, r1, r2, theta, m);
    const dx = this.dx,
      c = this.coords,
      img = this.images;
    for (let a = 0; a < t.natoms; a++) {
      const x = dx[3 * a],
        y = dx[3 * a + 1],
        z = dx[3 * a + 2];
      p[0] = m[0] * x + m[1] * y + m[2] * z + coord[0];
      p[1] = m[3] * x + m[4] * y + m[5] * z + coord[1];
      p[2] = m[6] * x + m[7] * y + m[8] * z + coord[2];
      pimg[0] = pimg[1] = pimg[2] = 0;
      sim.system.box.remap(p, pimg);
      for (let d = 0; d < 3; d++) {
        c[3 * a + d] = p[d];
        img[3 * a + d] = pimg[d];
      }
    }
  }

  /** Append the new atoms (LAMMPS create_atom + the attributes FixDeposit sets). */
  private insert(sim: Simulation, vnew: number[]): void {
    const sys = sim.system;
    const t = this.s.mol;
    const natom = t ? t.natoms : 1;
    const c = this.coords,
      img = this.images;
    for (let m = 0; m < natom; m++) {
      const type = t ? this.s.ntype + t.type[m] : this.s.ntype;
      const n = sys.addAtom(type, c[3 * m], c[3 * m + 1], c[3 * m + 2], this.maxtag + m + 1);
      sys.mask[n] = 1 | this.groupBit;
      for (let d = 0; d < 3; d++) {
        sys.image[3 * n + d] = img[3 * m + d];
        sys.v[3 * n + d] = vnew[d];
      }
      if (t) {
        if (sys.atomStyle.molecule) sys.molecule[n] = this.maxmol + 1;
        if (t.q && sys.atomStyle.charge) sys.q[n] = t.q[m];
        if (sys.atomStyle.kinds.length > 0) addTemplateTerms(sys.topology, t, sys.tag[n], m + 1);
      }
      recordAdded(sim, sys.mask[n], sys.massOf(n));
    }
  }
}

export function createFixDeposit(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const sys = sim.system;
  const a = new Args('fix deposit', args);
  a.need(4, 'N type M seed');
  const ninsert = a.int('N');
  const ntype = a.int('type');
  const nfreq = a.int('M', { ge: 1 });
  const seed = a.int('seed');
  if (seed <= 0) a.fail('seed must be a positive integer');
  let region: Region | null = null;
  let mol: MoleculeTemplate | null = null;
  let idnext = false,
    globalflag = false,
    localflag = false;
  let lo = 0,
    hi = 0,
    deltasq = 0,
    nearsq = 0,
    maxattempt = 10,
    rate: number | null = null;
  const vlo = [0, 0, 0],
    vhi = [0, 0, 0];
  let target: number[] | null = null,
    orient: number[] | null = null;
  let scaleflag = true;
  a.keywords({
    region: (k) => {
      const rid = k.word('region ID');
      const r = files?.regions?.get(rid);
      if (!r) throw new Error(`Region ID ${rid} for fix deposit does not exist`);
      region = r;
    },
    mol: (k) => {
      const mid = k.word('molecule template ID');
      const t = sim.molecules.get(mid);
      if (!t) throw new Error('Molecule template ID for fix deposit does not exist');
      mol = t;
    },
    id: (k) => {
      const w = k.word('id max|next');
      if (w !== 'max' && w !== 'next') k.fail(`id must be max or next, not '${w}'`);
      idnext = w === 'next';
    },
    global: (k) => {
      globalflag = true;
      localflag = false;
      lo = k.num('global lo');
      hi = k.num('global hi');
    },
    local: (k) => {
      localflag = true;
      globalflag = false;
      lo = k.num('local lo');
      hi = k.num('local hi');
      const d = k.num('local delta');
      deltasq = d * d;
    },
    near: (k) => {
      const r = k.num('near R');
      nearsq = r * r;
    },
    attempt: (k) => {
      maxattempt = k.int('attempt Q');
    },
    rate: (k) => {
      rate = k.num('rate V');
    },
    vx: (k) => {
      vlo[0] = k.num('vxlo');
      vhi[0] = k.num('vxhi');
    },
    vy: (k) => {
      vlo[1] = k.num('vylo');
      vhi[1] = k.num('vyhi');
    },
    vz: (k) => {
      vlo[2] = k.num('vzlo');
      vhi[2] = k.num('vzhi');
    },
    target: (k) => {
      target = [k.num('tx'), k.num('ty'), k.num('tz')];
    },
    orient: (k) => {
      const o = [k.num('rx'), k.num('ry'), k.num('rz')];
      if (sys.dimension === 2 && (o[0] !== 0.0 || o[1] !== 0.0)) k.fail('Illegal fix deposit orient settings');
      if (o[0] === 0.0 && o[1] === 0.0 && o[2] === 0.0) k.fail('Illegal fix deposit orient settings');
      orient = o;
    },
    units: (k) => {
      const w = k.word('units box|lattice');
      if (w !== 'box' && w !== 'lattice') k.fail(`units must be box or lattice, not '${w}'`);
      scaleflag = w === 'lattice';
    },
    molfrac: (k) => k.fail('keyword molfrac (several molecule sets) is not supported yet'),
    rigid: (k) => k.fail('keyword rigid (fix rigid/small bodies) is not supported yet'),
    shake: (k) => k.fail('keyword shake (fix shake constraints) is not supported yet'),
    gaussian: (k) => k.fail('keyword gaussian is not supported yet'),
    var: (k) => k.fail('keyword var is not supported yet'),
    set: (k) => k.fail('keyword set is not supported yet'),
  });
  const t = mol as MoleculeTemplate | null;
  if (!t && (ntype <= 0 || ntype > sys.ntypes)) throw new Error('Invalid atom type in fix deposit command');
  const r = region as Region | null;
  if (!r) throw new Error('Must specify a region in fix deposit');
  let extLo: number[], extHi: number[];
  if (r.style === 'block') {
    extLo = [...r.lo];
    extHi = [...r.hi];
  } else if (r.extent) {
    extLo = [...r.extent.lo];
    extHi = [...r.extent.hi];
  } else throw new Error(`Fix deposit region does not support a bounding box (region style ${r.style})`);
  if (!r.interior) throw new Error('Fix deposit region does not support a bounding box (side out)');
  if (sys.box.triclinic) throw new Error('fix deposit in a triclinic box is not supported yet');
  const b = sys.box;
  if (
    extLo[0] < b.lo[0] ||
    extHi[0] > b.hi[0] ||
    extLo[1] < b.lo[1] ||
    extHi[1] > b.hi[1] ||
    extLo[2] < b.lo[2] ||
    extHi[2] > b.hi[2]
  )
    throw new Error('Deposition region extends outside simulation box');
  if (t) {
    for (let i = 0; i < t.natoms; i++) {
      const ty = ntype + t.type[i];
      if (ty <= 0 || ty > sys.ntypes) throw new Error('Invalid atom type in fix deposit mol command');
    }
  }
  let xs = 1,
    ys = 1,
    zs = 1;
  if (scaleflag) {
    const lat = files?.lattice;
    if (!lat || lat.style === 'none') throw new Error('Use of fix deposit with undefined lattice');
    xs = lat.xlattice;
    ys = lat.ylattice;
    zs = lat.zlattice;
  }
  // LAMMPS scales heights and rate by the vertical spacing, near/delta by x's, velocities per axis.
  const vs = sys.dimension === 2 ? ys : zs;
  lo *= vs;
  hi *= vs;
  if ((rate as unknown as number | null) !== null) rate = (rate as unknown as number) * vs;
  deltasq *= xs * xs;
  nearsq *= xs * xs;
  vlo[0] *= xs;
  vhi[0] *= xs;
  vlo[1] *= ys;
  vhi[1] *= ys;
  vlo[2] *= zs;
  vhi[2] *= zs;
  const tg = target as unknown as number[] | null;
  if (tg) {
    tg[0] *= xs;
    tg[1] *= ys;
    tg[2] *= zs;
  }
  const settings: DepositSettings = {
    ninsert,
    ntype,
    nfreq,
    seed,
    region: r,
    extLo,
    extHi,
    mol: t,
    idnext,
    globalflag,
    localflag,
    lo,
    hi,
    deltasq,
    nearsq,
    maxattempt,
    rate: rate as unknown as number | null,
    vlo,
    vhi,
    target: tg,
    orient: orient as unknown as number[] | null,
  };
  return new FixDeposit(id, bit, settings, sim);
}
