import { Args } from '../src/args.js';
import { recordAdded } from '../src/lost_atoms.js';
import { RanPark } from '../src/random_park.js';
import type { Region } from '../src/region.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

interface DepositOptions {
  idnext: boolean;
  globalflag: boolean;
  localflag: boolean;
  lo: number;
  hi: number;
  deltasq: number;
  nearsq: number;
  maxattempt: number;
  rateflag: boolean;
  rate: number;
  vxlo: number;
  vxhi: number;
  vylo: number;
  vyhi: number;
  vzlo: number;
  vzhi: number;
  scaleflag: boolean;
  targetflag: boolean;
  tx: number;
  ty: number;
  tz: number;
}

/**
 * fix ID group deposit N type M seed keyword values ... (LAMMPS FixDeposit, atom mode): every M
 * steps (the first on the next step) one atom of the type is placed at a random point of a block
 * region, retried (up to `attempt` times, default 10) while it lies within `near` of an existing
 * atom; `global lo hi` / `local lo hi delta` put it lo..hi above the highest (nearby) atom, `rate`
 * moves the region up with time, `vx|vy|vz lo hi` draw its velocity, `target x y z` aims it.
 * Distances and velocities are in lattice units unless `units box` (LAMMPS's default). The random
 * stream is LAMMPS's RanPark(seed) after its 30-draw warm-up, drawn in LAMMPS's order, so the atoms
 * are LAMMPS's. No f_ID (29 Sep 2021 has none). Molecules, gaussian placement and variable tests
 * are refused by name.
 */
export class FixDeposit implements Fix {
  readonly style = 'deposit';
  private readonly random: RanPark;
  private nextReneighbor: number;
  private readonly nfirst: number;
  private ninserted = 0;
  private maxtagAll = 0;
  private warnflag = true;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    sim: Simulation,
    private readonly ninsert: number,
    private readonly ntype: number,
    private readonly nfreq: number,
    seed: number,
    private readonly region: Region,
    private readonly lo3: number[],
    private readonly hi3: number[],
    private readonly o: DepositOptions,
  ) {
    if (o.idnext) this.findMaxid(sim);
    this.random = new RanPark(seed);
    // LAMMPS warms the generator up with 30 draws.
    for (let i = 0; i < 30; i++) this.random.uniform();
    this.nextReneighbor = sim.step + 1;
    this.nfirst = this.nextReneighbor - nfreq;
  }

  /** LAMMPS setup_pre_exchange: the next insertion step on the nfreq grid from nfirst. */
  init(sim: Simulation): void {
    this.warnflag = true;
    if (this.ninserted < this.ninsert)
      this.nextReneighbor = this.nfirst + Math.trunc((sim.step - this.nfirst) / this.nfreq) * this.nfreq + this.nfreq;
    else this.nextReneighbor = 0;
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
    const rnd = this.random;
    const offset = o.rateflag ? (sim.step - this.nfirst) * sim.dt * o.rate : 0.0;
    if (!o.idnext) this.findMaxid(sim);
    const [xlo, ylo, zlo] = this.lo3;
    const [xhi, yhi, zhi] = this.hi3;
    const prd = [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
    const minImage = (d: number[]): void => {
      for (let k = 0; k < 3; k++) {
        if (box.periodic[k] && Math.abs(d[k]) > 0.5 * prd[k]) {
          if (d[k] < 0.0) d[k] += prd[k];
          else d[k] -= prd[k];
        }
      }
    };
    const coord = [0.0, 0.0, 0.0];
    const del = [0.0, 0.0, 0.0];
    let success = false;
    let attempt = 0;
    while (attempt < o.maxattempt) {
      attempt++;
      do {
        coord[0] = xlo + rnd.uniform() * (xhi - xlo);
        coord[1] = ylo + rnd.uniform() * (yhi - ylo);
        coord[2] = zlo + rnd.uniform() * (zhi - zlo);
      } while (!this.region.match(coord[0], coord[1], coord[2]));
      if (dim === 2) coord[1] += offset;
      else coord[2] += offset;
      if (o.globalflag || o.localflag) {
        const d = dim === 2 ? 1 : 2;
        let max = box.lo[d];
        for (let i = 0; i < s.n; i++) {
          if (o.localflag) {
            del[0] = coord[0] - s.x[3 * i];
            del[1] = coord[1] - s.x[3 * i + 1];
            del[2] = 0.0;
            minImage(del);
            const rsq = dim === 2 ? del[0] * del[0] : del[0] * del[0] + del[1] * del[1];
            if (rsq > o.deltasq) continue;
          }
          if (s.x[3 * i + d] > max) max = s.x[3 * i + d];
        }
        coord[d] = max + o.lo + rnd.uniform() * (o.hi - o.lo);
      }
      // too near an existing atom (minimum image): try again
      let near = false;
      for (let i = 0; i < s.n; i++) {
        del[0] = coord[0] - s.x[3 * i];
        del[1] = coord[1] - s.x[3 * i + 1];
        del[2] = coord[2] - s.x[3 * i + 2];
        minImage(del);
        const rsq = del[0] * del[0] + del[1] * del[1] + del[2] * del[2];
        if (rsq < o.nearsq) near = true;
      }
      if (near) continue;
      const vnew = [
        o.vxlo + rnd.uniform() * (o.vxhi - o.vxlo),
        o.vylo + rnd.uniform() * (o.vyhi - o.vylo),
        o.vzlo + rnd.uniform() * (o.vzhi - o.vzlo),
      ];
      if (o.targetflag) {
        const vel = Math.sqrt(vnew[0] * vnew[0] + vnew[1] * vnew[1] + vnew[2] * vnew[2]);
        const dx = o.tx - coord[0],
          dy = o.ty - coord[1],
          dz = o.tz - coord[2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq > 0.0) {
          const rinv = Math.sqrt(1.0 / rsq);
          vnew[0] = dx * rinv * vel;
          vnew[1] = dy * rinv * vel;
          vnew[2] = dz * rinv * vel;
        }
      }
      // inside the (one) sub-box, or above the top of the box: LAMMPS's highest processor keeps it
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
        // Temperature computes count their atoms at setup (unless dynamic/dof): not this one yet.
        recordAdded(sim, s.mask[n], s.massOf(n));
      }
      success = true;
      break;
    }
    if (this.warnflag && !success) {
      sim.out.warn('One or more particle depositions were unsuccessful');
      this.warnflag = false;
    }
    if (success) {
      this.maxtagAll += 1;
      this.ninserted++;
    }
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
}

export function createFixDeposit(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const s = sim.system;
  const a = new Args('fix deposit', args);
  a.need(4, 'N type M seed keyword values ...');
  const ninsert = a.int('N');
  const ntype = a.int('type');
  const nfreq = a.int('M', { gt: 0 });
  const seed = a.int('seed');
  if (seed <= 0) throw new Error('Illegal fix deposit command: seed must be > 0');
  const o: DepositOptions = {
    idnext: false,
    globalflag: false,
    localflag: false,
    lo: 0.0,
    hi: 0.0,
    deltasq: 0.0,
    nearsq: 0.0,
    maxattempt: 10,
    rateflag: false,
    rate: 0.0,
    vxlo: 0.0,
    vxhi: 0.0,
    vylo: 0.0,
    vyhi: 0.0,
    vzlo: 0.0,
    vzhi: 0.0,
    scaleflag: true,
    targetflag: false,
    tx: 0.0,
    ty: 0.0,
    tz: 0.0,
  };
  const regions = (files as { regions?: ReadonlyMap<string, Region> } | undefined)?.regions;
  let region: Region | null = null;
  while (a.more()) {
    const key = a.word('keyword');
    switch (key) {
      case 'region': {
        const rid = a.word('region ID');
        region = regions?.get(rid) ?? null;
        if (!region) throw new Error(`Region ID ${rid} for fix deposit does not exist`);
        break;
      }
      case 'id': {
        const w = a.word('id max|next');
        if (w !== 'max' && w !== 'next')
          throw new Error(`Illegal fix deposit command: id takes max or next, got '${w}'`);
        o.idnext = w === 'next';
        break;
      }
      case 'global':
        o.globalflag = true;
        o.localflag = false;
        o.lo = a.num('global lo');
        o.hi = a.num('global hi');
        break;
      case 'local': {
        o.localflag = true;
        o.globalflag = false;
        o.lo = a.num('local lo');
        o.hi = a.num('local hi');
        const d = a.num('local delta');
        o.deltasq = d * d;
        break;
      }
      case 'near': {
        const r = a.num('near');
        o.nearsq = r * r;
        break;
      }
      case 'attempt':
        o.maxattempt = a.int('attempt');
        break;
      case 'rate':
        o.rateflag = true;
        o.rate = a.num('rate');
        break;
      case 'vx':
        o.vxlo = a.num('vx lo');
        o.vxhi = a.num('vx hi');
        break;
      case 'vy':
        o.vylo = a.num('vy lo');
        o.vyhi = a.num('vy hi');
        break;
      case 'vz':
        o.vzlo = a.num('vz lo');
        o.vzhi = a.num('vz hi');
        break;
      case 'units': {
        const u = a.word('units box|lattice');
        if (u !== 'box' && u !== 'lattice')
          throw new Error(`Illegal fix deposit command: units box|lattice, got '${u}'`);
        o.scaleflag = u === 'lattice';
        break;
      }
      case 'target':
        o.targetflag = true;
        o.tx = a.num('target x');
        o.ty = a.num('target y');
        o.tz = a.num('target z');
        break;
      case 'mol':
      case 'molfrac':
      case 'rigid':
      case 'shake':
      case 'orient':
      case 'gaussian':
      case 'var':
      case 'set':
        throw new Error(`fix deposit: keyword '${key}' is not supported yet`);
      default:
        throw new Error(`Illegal fix deposit command: unknown keyword '${key}'`);
    }
  }
  if (ntype <= 0 || ntype > s.ntypes) throw new Error('Invalid atom type in fix deposit command');
  if (!region) throw new Error('Must specify a region in fix deposit');
  if (region.style !== 'block')
    throw new Error(`fix deposit: region style ${region.style} is not supported yet (block regions)`);
  const box = s.box;
  if (box.triclinic) throw new Error('fix deposit: triclinic boxes are not supported yet');
  const lo3 = region.lo.slice(),
    hi3 = region.hi.slice();
  for (let d = 0; d < 3; d++)
    if (lo3[d] < box.lo[d] || hi3[d] > box.hi[d]) throw new Error('Deposition region extends outside simulation box');
  // Lattice units by default (LAMMPS scaleflag): lengths and velocities scale by the lattice spacings.
  let xs = 1.0,
    ys = 1.0,
    zs = 1.0;
  if (o.scaleflag) {
    const lat = files?.lattice;
    if (!lat || lat.style === 'none')
      throw new Error('Use of fix deposit with undefined lattice (define a lattice or use units box)');
    xs = lat.xlattice;
    ys = lat.ylattice;
    zs = lat.zlattice;
  }
  if (s.dimension === 2) {
    o.lo *= ys;
    o.hi *= ys;
    o.rate *= ys;
  } else {
    o.lo *= zs;
    o.hi *= zs;
    o.rate *= zs;
  }
  o.deltasq *= xs * xs;
  o.nearsq *= xs * xs;
  o.vxlo *= xs;
  o.vxhi *= xs;
  o.vylo *= ys;
  o.vyhi *= ys;
  o.vzlo *= zs;
  o.vzhi *= zs;
  o.tx *= xs;
  o.ty *= ys;
  o.tz *= zs;
  return new FixDeposit(id, bit, sim, ninsert, ntype, nfreq, seed, region, lo3, hi3, o);
}
