import { Args } from '../src/args.js';
import type { ParticleInserter } from '../potentials/pair_gran_hooke_history.js';
import { recordAdded } from '../src/lost_atoms.js';
import { RanPark } from '../src/random_park.js';
import type { Region } from '../src/region.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import type { FixGravity } from './fix_gravity.js';
import { groupBitOf } from './group.js';

/** Tolerance of the gravity-direction check (LAMMPS FixPour EPSILON). */
const EPSILON = 0.001;

/**
 * fix ID group pour N type seed keyword values ... (LAMMPS FixPour): pours N finite-size spheres
 * of one type into a block region, in batches: the first on the next step, then every nfreq steps
 * (the time a particle takes to fall through the region under fix gravity), nper per batch from
 * the volume fraction `vol`. Each particle is placed at a random height (biased toward the top so
 * insertions are uniform in time) and a random spot across the region, retried at that height up
 * to `vol`'s attempt count per particle when it overlaps an atom near the region or one placed
 * before it; it starts with the velocity it would have after falling from the top of the region.
 *
 * The random stream is LAMMPS's RanPark(seed) drawn in LAMMPS's order (height, diameter, x, y per
 * attempt, then velocities and density), so the same particles appear where LAMMPS puts them.
 * Keywords: region (block), diam one/range/poly, dens, vol, rate, vel, id max/next, ignore
 * (accepted: no line/tri particles here). Molecules (mol, molfrac, rigid, shake) and cylinder
 * regions are refused by name. Insertion happens in pre_exchange on a forced reneighbor step.
 */
export class FixPour implements Fix, ParticleInserter {
  readonly style = 'pour';
  private readonly random: RanPark;
  private nextReneighbor: number;
  private readonly nfirst: number;
  private ninserted = 0;
  private readonly nper: number;
  private readonly nfreq: number;
  private readonly grav: number;
  private maxtagAll = 0;
  private xnear = new Float64Array(0);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    sim: Simulation,
    private readonly ninsert: number,
    private readonly ntype: number,
    seed: number,
    private readonly o: PourOptions,
  ) {
    const s = sim.system;
    const gravity = findGravity(sim);
    if (!gravity) throw new Error('No fix gravity defined for fix pour');
    this.grav = -gravity.magnitude * s.units.ftm2v;
    if (o.idnext) this.findMaxid(sim);
    this.random = new RanPark(seed);
    // LAMMPS warms the generator up with 30 draws (against correlations between similar seeds).
    for (let i = 0; i < 30; i++) this.random.uniform();
    // nfreq: steps for a particle to fall from the top of the region to its bottom, solving
    // zhi + vz t + g t²/2 = zlo + rate t for the smallest positive t.
    const dim = s.dimension;
    const vRelative = dim === 3 ? o.vz - o.rate : o.vy - o.rate;
    const delta = dim === 3 ? o.hi[2] - o.lo[2] : o.hi[1] - o.lo[1];
    const t = (-vRelative - Math.sqrt(vRelative * vRelative - 2.0 * this.grav * delta)) / this.grav;
    this.nfreq = Math.trunc(t / sim.dt + 0.5);
    this.nextReneighbor = sim.step + 1;
    this.nfirst = this.nextReneighbor;
    // nper from the volume fraction: region volume over the volume of the largest particle.
    let volume: number, volumeOne: number;
    if (dim === 3) {
      let dy = o.hi[1] - o.lo[1];
      if (dy < 1.0) dy = 1.0;
      volume = (o.hi[0] - o.lo[0]) * dy * (o.hi[2] - o.lo[2]);
      if (o.dstyle === 'poly') {
        volumeOne = 0.0;
        for (let i = 0; i < o.radiusPoly.length; i++) {
          const r = o.radiusPoly[i];
          volumeOne += (4.0 / 3.0) * Math.PI * r * r * r * o.fracPoly[i];
        }
      } else volumeOne = (4.0 / 3.0) * Math.PI * o.radiusMax * o.radiusMax * o.radiusMax;
    } else {
      volume = (o.hi[0] - o.lo[0]) * (o.hi[1] - o.lo[1]);
      if (o.dstyle === 'poly') {
        volumeOne = 0.0;
        for (let i = 0; i < o.radiusPoly.length; i++) {
          const r = o.radiusPoly[i];
          volumeOne += Math.PI * r * r * o.fracPoly[i];
        }
      } else volumeOne = Math.PI * o.radiusMax * o.radiusMax;
    }
    this.nper = Math.trunc((o.volfrac * volume) / volumeOne);
    if (this.nper === 0) throw new Error('Fix pour insertion count per timestep is 0');
    const nfinal = sim.step + 1 + Math.trunc((ninsert - 1) / this.nper) * this.nfreq;
    sim.out.print(`Particle insertion: ${this.nper} every ${this.nfreq} steps, ${ninsert} by step ${nfinal}`);
  }

  insertedType(): number {
    return this.ntype;
  }

  insertedRadiusMax(): number {
    return this.o.radiusMax;
  }

  init(sim: Simulation): void {
    const s = sim.system;
    if (s.box.triclinic) throw new Error('Cannot use fix pour with triclinic box');
    const gravity = findGravity(sim);
    if (!gravity) throw new Error('No fix gravity defined for fix pour');
    const [gx, gy, gz] = gravity.grav;
    if (s.dimension === 3) {
      if (Math.abs(gx) > EPSILON || Math.abs(gy) > EPSILON || Math.abs(gz + 1.0) > EPSILON)
        throw new Error('Gravity must point in -z to use with fix pour in 3d');
    } else if (Math.abs(gx) > EPSILON || Math.abs(gy + 1.0) > EPSILON || Math.abs(gz) > EPSILON)
      throw new Error('Gravity must point in -y to use with fix pour in 2d');
    if (-gravity.magnitude * s.units.ftm2v !== this.grav) throw new Error('Gravity changed since fix pour was created');
  }

  forcesReneighbor(step: number): boolean {
    return step === this.nextReneighbor;
  }

  preExchange(sim: Simulation): void {
    if (this.nextReneighbor !== sim.step) return;
    const s = sim.system;
    const o = this.o;
    const box = s.box;
    const dim = s.dimension;
    if (!o.idnext) this.findMaxid(sim);
    let nnew = this.nper;
    if (this.ninserted + nnew > this.ninsert) nnew = this.ninsert - this.ninserted;
    const elapsed = (sim.step - this.nfirst) * sim.dt * o.rate;
    const ax = dim === 3 ? 2 : 1;
    const loCurrent = o.lo[ax] + elapsed;
    const hiCurrent = o.hi[ax] + elapsed;
    // Atoms that could overlap a particle placed in the region, then room for the new ones.
    let nprevious = 0;
    for (let i = 0; i < s.n; i++) if (this.overlap(sim, i, loCurrent, hiCurrent)) nprevious++;
    const need = 4 * (nprevious + nnew);
    if (this.xnear.length < need) this.xnear = new Float64Array(need);
    const xnear = this.xnear;
    let nnear = 0;
    for (let i = 0; i < s.n; i++) {
      if (!this.overlap(sim, i, loCurrent, hiCurrent)) continue;
      xnear[4 * nnear] = s.x[3 * i];
      xnear[4 * nnear + 1] = s.x[3 * i + 1];
      xnear[4 * nnear + 2] = s.x[3 * i + 2];
      xnear[4 * nnear + 3] = s.radius[i];
      nnear++;
    }
    const rnd = this.random;
    const coord = [0.0, 0.0, 0.0];
    const prd = [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
    const delta = [0.0, 0.0, 0.0];
    let nsuccess = 0;
    let attempt = 0;
    const maxiter = nnew * o.maxattempt;
    while (nsuccess < nnew) {
      const rn = rnd.uniform();
      const h = hiCurrent - rn * rn * (hiCurrent - loCurrent);
      const radtmp = this.radiusSample();
      let success = false;
      while (attempt < maxiter) {
        attempt++;
        if (dim === 3) {
          coord[0] = o.lo[0] + rnd.uniform() * (o.hi[0] - o.lo[0]);
          coord[1] = o.lo[1] + rnd.uniform() * (o.hi[1] - o.lo[1]);
          coord[2] = h;
        } else {
          coord[0] = o.lo[0] + rnd.uniform() * (o.hi[0] - o.lo[0]);
          coord[1] = h;
          coord[2] = 0.0;
        }
        // Overlap with any nearby or already placed particle (minimum image across periodic faces)?
        let i = 0;
        for (; i < nnear; i++) {
          delta[0] = coord[0] - xnear[4 * i];
          delta[1] = coord[1] - xnear[4 * i + 1];
          delta[2] = coord[2] - xnear[4 * i + 2];
          for (let d = 0; d < 3; d++) {
            if (box.periodic[d] && Math.abs(delta[d]) > 0.5 * prd[d]) {
              if (delta[d] < 0.0) delta[d] += prd[d];
              else delta[d] -= prd[d];
            }
          }
          const rsq = delta[0] * delta[0] + delta[1] * delta[1] + delta[2] * delta[2];
          const radsum = radtmp + xnear[4 * i + 3];
          if (rsq <= radsum * radsum) break;
        }
        if (i === nnear) {
          success = true;
          break;
        }
      }
      if (!success) break;
      nsuccess++;
      xnear[4 * nnear] = coord[0];
      xnear[4 * nnear + 1] = coord[1];
      xnear[4 * nnear + 2] = coord[2];
      xnear[4 * nnear + 3] = radtmp;
      nnear++;
      // The velocity the particle would have after falling from the top of the region.
      const vnew = [0.0, 0.0, 0.0];
      if (dim === 3) {
        vnew[0] = o.vxlo + rnd.uniform() * (o.vxhi - o.vxlo);
        vnew[1] = o.vylo + rnd.uniform() * (o.vyhi - o.vylo);
        vnew[2] = -Math.sqrt(o.vz * o.vz + 2.0 * this.grav * (coord[2] - hiCurrent));
      } else {
        vnew[0] = o.vxlo + rnd.uniform() * (o.vxhi - o.vxlo);
        vnew[1] = -Math.sqrt(o.vy * o.vy + 2.0 * this.grav * (coord[1] - hiCurrent));
        vnew[2] = 0.0;
      }
      const denstmp = o.densityLo + rnd.uniform() * (o.densityHi - o.densityLo);
      // Inside the (one) sub-box, or above the top of the box: LAMMPS's highest processor keeps it.
      let inside = true;
      for (let d = 0; d < 3; d++) if (!(coord[d] >= box.lo[d] && coord[d] < box.hi[d])) inside = false;
      const above =
        dim === 3
          ? coord[2] >= box.hi[2] &&
            coord[0] >= box.lo[0] &&
            coord[0] < box.hi[0] &&
            coord[1] >= box.lo[1] &&
            coord[1] < box.hi[1]
          : coord[1] >= box.hi[1] && coord[0] >= box.lo[0] && coord[0] < box.hi[0];
      if (inside || above) {
        const n = s.addAtom(this.ntype, coord[0], coord[1], coord[2], this.maxtagAll + 1);
        s.mask[n] = 1 | this.groupBit;
        s.v[3 * n] = vnew[0];
        s.v[3 * n + 1] = vnew[1];
        s.v[3 * n + 2] = vnew[2];
        s.radius[n] = radtmp;
        s.rmass![n] = ((4.0 * Math.PI) / 3.0) * radtmp * radtmp * radtmp * denstmp;
        // Temperature computes count their atoms at setup (unless dynamic/dof): not this one yet.
        recordAdded(sim, s.mask[n], s.rmass![n]);
      }
      this.maxtagAll += 1;
    }
    const ninsertedAtoms = nnear - nprevious;
    this.ninserted += ninsertedAtoms;
    if (ninsertedAtoms < nnew) sim.out.warn('Less insertions than requested');
    if (this.ninserted < this.ninsert) this.nextReneighbor += this.nfreq;
    else this.nextReneighbor = 0;
  }

  /** Largest atom ID now (LAMMPS find_maxid). */
  private findMaxid(sim: Simulation): void {
    const s = sim.system;
    let max = 0;
    for (let i = 0; i < s.n; i++) if (s.tag[i] > max) max = s.tag[i];
    this.maxtagAll = max;
  }

  /** Could atom i overlap a particle inserted into the region (LAMMPS FixPour::overlap)? */
  private overlap(sim: Simulation, i: number, loCurrent: number, hiCurrent: number): boolean {
    const s = sim.system;
    const o = this.o;
    const delta = s.radius[i] + o.radiusMax;
    const x = s.x;
    if (s.dimension === 3) {
      if (this.outside(sim, 0, x[3 * i], o.lo[0] - delta, o.hi[0] + delta)) return false;
      if (this.outside(sim, 1, x[3 * i + 1], o.lo[1] - delta, o.hi[1] + delta)) return false;
      if (this.outside(sim, 2, x[3 * i + 2], loCurrent - delta, hiCurrent + delta)) return false;
    } else {
      if (this.outside(sim, 0, x[3 * i], o.lo[0] - delta, o.hi[0] + delta)) return false;
      if (this.outside(sim, 1, x[3 * i + 1], loCurrent - delta, hiCurrent + delta)) return false;
    }
    return true;
  }

  /** Is value outside [lo, hi] in dimension dim, the range wrapped across a periodic face (LAMMPS FixPour::outside)? */
  private outside(sim: Simulation, dim: number, value: number, lo: number, hi: number): boolean {
    const box = sim.system.box;
    const boxlo = box.lo[dim],
      boxhi = box.hi[dim];
    const prd = boxhi - boxlo;
    let outsidePbc = true;
    const outsideRegular = value < lo || value > hi;
    if (box.periodic[dim]) {
      if ((lo < boxlo && hi > boxhi) || hi - lo > prd) outsidePbc = false;
      else if (lo < boxlo) outsidePbc = value > hi && value < lo + prd;
      else if (hi > boxhi) outsidePbc = value < lo && value > hi - prd;
    }
    return outsidePbc && outsideRegular;
  }

  /** The radius of the next particle (LAMMPS FixPour::radius_sample). */
  private radiusSample(): number {
    const o = this.o;
    if (o.dstyle === 'one') return o.radiusOne;
    if (o.dstyle === 'range') return o.radiusLo + this.random.uniform() * (o.radiusHi - o.radiusLo);
    const value = this.random.uniform();
    let i = 0;
    let sum = 0.0;
    while (sum < value) {
      sum += o.fracPoly[i];
      i++;
    }
    return o.radiusPoly[i - 1];
  }
}

/** The first fix gravity (LAMMPS find_fix_by_style("^gravity")). */
function findGravity(sim: Simulation): FixGravity | undefined {
  return sim.fixes.find((f) => f.style === 'gravity') as FixGravity | undefined;
}

interface PourOptions {
  lo: number[];
  hi: number[];
  idnext: boolean;
  dstyle: 'one' | 'range' | 'poly';
  radiusOne: number;
  radiusLo: number;
  radiusHi: number;
  radiusMax: number;
  radiusPoly: number[];
  fracPoly: number[];
  densityLo: number;
  densityHi: number;
  volfrac: number;
  maxattempt: number;
  rate: number;
  vxlo: number;
  vxhi: number;
  vylo: number;
  vyhi: number;
  vy: number;
  vz: number;
}

export function createFixPour(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const s = sim.system;
  if (!s.atomStyle.sphere) throw new Error('Fix pour requires atom attributes radius, rmass (atom_style sphere)');
  const a = new Args('fix pour', args);
  a.need(3, 'N type seed keyword values ...');
  const ninsert = a.int('N');
  const ntype = a.int('type');
  const seed = a.int('seed');
  if (seed <= 0) throw new Error('Illegal fix pour command: seed must be > 0');
  const o: PourOptions = {
    lo: [0, 0, 0],
    hi: [0, 0, 0],
    idnext: false,
    dstyle: 'one',
    radiusOne: 0.5,
    radiusLo: 0,
    radiusHi: 0,
    radiusMax: 0.5,
    radiusPoly: [],
    fracPoly: [],
    densityLo: 1.0,
    densityHi: 1.0,
    volfrac: 0.25,
    maxattempt: 50,
    rate: 0.0,
    vxlo: 0.0,
    vxhi: 0.0,
    vylo: 0.0,
    vyhi: 0.0,
    vy: 0.0,
    vz: 0.0,
  };
  const regions = (files as { regions?: ReadonlyMap<string, Region> } | undefined)?.regions;
  let region: Region | null = null;
  while (a.more()) {
    const key = a.word('keyword');
    switch (key) {
      case 'region': {
        const rid = a.word('region ID');
        region = regions?.get(rid) ?? null;
        if (!region) throw new Error(`Fix pour region ID '${rid}' does not exist`);
        break;
      }
      case 'id': {
        const w = a.word('id max|next');
        if (w !== 'max' && w !== 'next') throw new Error(`Illegal fix pour command: id takes max or next, got '${w}'`);
        o.idnext = w === 'next';
        break;
      }
      case 'ignore':
        break; // only line/tri particles are ignored, and atom_style sphere has none
      case 'diam': {
        const st = a.word('diam style');
        if (st === 'one') {
          o.dstyle = 'one';
          o.radiusOne = 0.5 * a.num('diameter');
          o.radiusMax = o.radiusOne;
        } else if (st === 'range') {
          o.dstyle = 'range';
          o.radiusLo = 0.5 * a.num('diameter lo');
          o.radiusHi = 0.5 * a.num('diameter hi');
          if (o.radiusLo > o.radiusHi) throw new Error('Illegal fix pour command: diam range lo > hi');
          o.radiusMax = o.radiusHi;
        } else if (st === 'poly') {
          o.dstyle = 'poly';
          const npoly = a.int('Npoly', { gt: 0 });
          o.radiusMax = 0.0;
          for (let i = 0; i < npoly; i++) {
            const r = 0.5 * a.num('poly diameter');
            const fr = a.num('poly fraction');
            if (r <= 0.0 || fr < 0.0) throw new Error('Illegal fix pour command: poly diameters > 0, fractions >= 0');
            o.radiusPoly.push(r);
            o.fracPoly.push(fr);
            o.radiusMax = Math.max(o.radiusMax, r);
          }
          let sum = 0.0;
          for (const fr of o.fracPoly) sum += fr;
          if (sum !== 1.0) throw new Error('Fix pour polydisperse fractions do not sum to 1.0');
        } else throw new Error(`Illegal fix pour command: diam takes one, range or poly, got '${st}'`);
        break;
      }
      case 'dens':
        o.densityLo = a.num('density lo');
        o.densityHi = a.num('density hi');
        break;
      case 'vol':
        o.volfrac = a.num('volume fraction');
        o.maxattempt = a.int('max attempts');
        break;
      case 'rate':
        o.rate = a.num('rate');
        break;
      case 'vel':
        if (s.dimension === 3) {
          o.vxlo = a.num('vxlo');
          o.vxhi = a.num('vxhi');
          o.vylo = a.num('vylo');
          o.vyhi = a.num('vyhi');
          o.vz = a.num('vz');
        } else {
          o.vxlo = a.num('vxlo');
          o.vxhi = a.num('vxhi');
          o.vy = a.num('vy');
          o.vz = 0.0;
        }
        break;
      case 'mol':
      case 'molfrac':
      case 'rigid':
      case 'shake':
        throw new Error(`fix pour: keyword '${key}' (molecule insertion) is not supported yet`);
      default:
        throw new Error(
          `Illegal fix pour command: unknown keyword '${key}' (region, diam, dens, vol, rate, vel, id, ignore)`,
        );
    }
  }
  if (ntype <= 0 || ntype > s.ntypes) throw new Error('Invalid atom type in fix pour command');
  if (!region) throw new Error('Must specify a region in fix pour');
  if (region.style === 'cylinder')
    throw new Error('fix pour: cylinder insertion regions are not supported yet (block)');
  if (region.style !== 'block') throw new Error('Must use a block or cylinder region with fix pour');
  const box = s.box;
  for (let d = 0; d < 3; d++) {
    o.lo[d] = region.lo[d];
    o.hi[d] = region.hi[d];
    if (o.lo[d] < box.lo[d] || o.hi[d] > box.hi[d]) throw new Error('Insertion region extends outside simulation box');
  }
  return new FixPour(id, bit, sim, ninsert, ntype, seed, o);
}
