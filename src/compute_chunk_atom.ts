import type { Compute } from './compute.js';
import { GlobalCompute } from './compute_global.js';
import { latticeSpacing } from './lattice_spacing.js';
import { num } from './parse.js';
import type { Region } from './region.js';
import type { Simulation } from './simulation.js';

type Style = 'bin/1d' | 'bin/2d' | 'bin/3d' | 'type' | 'molecule';
type Bound = 'lower' | 'center' | 'upper' | 'coord';
type Discard = 'no' | 'mixed' | 'yes';

const ILLEGAL = 'Illegal compute chunk/atom command';

/**
 * compute ID group chunk/atom style args keyword value ... (LAMMPS ComputeChunkAtom, 29 Sep 2021):
 * assigns each atom of the group a chunk ID 1..Nchunk (0: in no chunk), which fix ave/chunk (and
 * per-atom readers as c_ID) use. Styles: `bin/1d dim origin delta`, `bin/2d` and `bin/3d` (two or
 * three such triples; bins numbered with the last dimension fastest), `type`, `molecule`. Keywords:
 * `region R`, `nchunk once|every`, `compress yes|no`, `discard yes|no|mixed`, `bound dim lo hi`,
 * `units box|lattice|reduced`, `ids every`, `pbc no`. LAMMPS's rules, in its order: bins span the
 * box (or the bounds) from the bin boundary at or below the lower edge, counted from the origin;
 * coordinates are remapped once into the periodic box; with `units reduced` the positions are
 * converted to fractional coordinates and back in place (as LAMMPS does, with its roundoff). The
 * scalar is Nchunk; chunk volumes (`chunkVolume`) feed fix ave/chunk's densities.
 *
 * A fix averaging over several samples locks Nchunk (`lock`), as LAMMPS's fix ave/chunk does.
 */
export class ComputeChunkAtom extends GlobalCompute {
  readonly peratomCols = 0;
  readonly extensiveScalar = false;
  readonly which: Style;
  readonly binned: boolean;
  /** Number of binned dimensions (ncoord of LAMMPS: 0 for type/molecule). */
  readonly ndim: number;
  private readonly dim = [0, 0, 0];
  private readonly originFlag: Bound[] = ['lower', 'lower', 'lower'];
  private readonly origin = new Float64Array(3);
  private readonly delta = new Float64Array(3);
  private readonly invdelta = new Float64Array(3);
  /** Per box dimension x y z: whether `bound` set a coordinate (LAMMPS minflag/maxflag COORD). */
  private readonly minCoord = [false, false, false];
  private readonly maxCoord = [false, false, false];
  private readonly minValue = new Float64Array(3);
  private readonly maxValue = new Float64Array(3);
  private readonly offset = new Float64Array(3);
  private readonly nlayers = [1, 1, 1];
  private readonly scale: 'box' | 'lattice' | 'reduced' = 'lattice';
  private nchunkFlag: 'once' | 'every' = 'every';
  private readonly nchunkSet: boolean;
  readonly compress: boolean;
  private readonly discard: Discard;
  private region: Region | null = null;
  /** Number of chunks after the latest setup. */
  nchunk = 0;
  /** Volume of every chunk (bins) or of the box (other styles), volume units (area in 2d). */
  chunkVolume = 1.0;
  /** Bin centres, nchunk x ndim (uncompressed bin order). */
  coord = new Float64Array(0);
  /** Original chunk IDs of the compressed chunks (compress yes), nchunk entries. */
  chunkID = new Int32Array(0);
  private hash = new Map<number, number>();
  /** Chunk ID of each atom (0: excluded) and the exclusion flags, atom order. */
  ichunk = new Int32Array(0);
  private exclude = new Uint8Array(0);
  private chunkOut = new Float64Array(0);
  private invokedSetup = -1;
  private invokedIchunk = -1;
  private lockedBy: object | null = null;
  private lockStart = 0;
  private lockStop = 0;

  constructor(
    id: string,
    private readonly groupBit: number,
    args: string[],
    sim: Simulation,
    regions: ReadonlyMap<string, Region>,
  ) {
    super(id, 'chunk/atom');
    if (args.length < 1) throw new Error(`${ILLEGAL}: expected a chunk style`);
    const style = args[0];
    let iarg = 1;
    const twoD = sim.system.dimension === 2;
    const readDim = (m: number) => {
      if (args.length < iarg + 3) throw new Error(`${ILLEGAL}: ${style} needs dim origin delta for each dimension`);
      const d = ['x', 'y', 'z'].indexOf(args[iarg]);
      if (d < 0) throw new Error(`${ILLEGAL}: bin dimension must be x, y or z, not '${args[iarg]}'`);
      if (d === 2 && twoD) throw new Error('Cannot use compute chunk/atom bin z for 2d model');
      this.dim[m] = d;
      const o = args[iarg + 1];
      if (o === 'lower' || o === 'center' || o === 'upper') this.originFlag[m] = o;
      else {
        this.originFlag[m] = 'coord';
        this.origin[m] = num(o, 'compute chunk/atom origin');
      }
      this.delta[m] = num(args[iarg + 2], 'compute chunk/atom delta');
      iarg += 3;
    };
    if (style === 'bin/1d' || style === 'bin/2d' || style === 'bin/3d') {
      this.ndim = Number(style[4]);
      for (let m = 0; m < this.ndim; m++) readDim(m);
    } else if (style === 'type' || style === 'molecule') {
      this.ndim = 0;
    } else if (['bin/sphere', 'bin/cylinder'].includes(style) || /^[cfv]_/.test(style)) {
      throw new Error(
        `compute chunk/atom ${style} is not supported by dpmd yet (bin/1d, bin/2d, bin/3d, type, molecule are)`,
      );
    } else throw new Error(`${ILLEGAL}: unknown chunk style '${style}'`);
    this.which = style;
    this.binned = this.ndim > 0;

    let nchunkSet = false;
    let compress = false;
    let discard: Discard | null = null;
    let regionId: string | null = null;
    while (iarg < args.length) {
      const key = args[iarg];
      const v = args[iarg + 1];
      if (v === undefined) throw new Error(`${ILLEGAL}: keyword ${key} needs a value`);
      if (key === 'region') {
        if (!regions.has(v)) throw new Error('Region ID for compute chunk/atom does not exist');
        regionId = v;
      } else if (key === 'nchunk') {
        if (v !== 'once' && v !== 'every') throw new Error(`${ILLEGAL}: nchunk once|every`);
        this.nchunkFlag = v;
        nchunkSet = true;
      } else if (key === 'compress') {
        if (v !== 'yes' && v !== 'no') throw new Error(`${ILLEGAL}: compress yes|no`);
        compress = v === 'yes';
      } else if (key === 'discard') {
        if (v !== 'yes' && v !== 'no' && v !== 'mixed') throw new Error(`${ILLEGAL}: discard yes|no|mixed`);
        discard = v;
      } else if (key === 'bound') {
        if (args.length < iarg + 4) throw new Error(`${ILLEGAL}: bound dim lo hi`);
        const d = ['x', 'y', 'z'].indexOf(v);
        if (d < 0) throw new Error(`${ILLEGAL}: bound dimension must be x, y or z`);
        const lo = args[iarg + 2],
          hi = args[iarg + 3];
        this.minCoord[d] = lo !== 'lower';
        if (this.minCoord[d]) this.minValue[d] = num(lo, 'compute chunk/atom bound lo');
        this.maxCoord[d] = hi !== 'upper';
        if (this.maxCoord[d]) this.maxValue[d] = num(hi, 'compute chunk/atom bound hi');
        iarg += 2;
      } else if (key === 'units') {
        if (v !== 'box' && v !== 'lattice' && v !== 'reduced') throw new Error(`${ILLEGAL}: units box|lattice|reduced`);
        this.scale = v;
      } else if (key === 'ids') {
        if (v !== 'every') throw new Error(`compute chunk/atom ids ${v} is not supported by dpmd yet (ids every is)`);
      } else if (key === 'pbc') {
        if (v !== 'no')
          throw new Error(
            `compute chunk/atom pbc ${v} is not supported by dpmd yet (bin/sphere, bin/cylinder are not)`,
          );
      } else if (key === 'limit') {
        throw new Error('compute chunk/atom limit is not supported by dpmd yet');
      } else throw new Error(`${ILLEGAL}: unknown keyword '${key}'`);
      iarg += 2;
    }
    this.region = regionId ? regions.get(regionId)! : null;
    this.compress = compress;
    this.nchunkSet = nchunkSet;
    // LAMMPS's defaults: bins with units reduced and type are ONCE; molecule ONCE without a region.
    if (!nchunkSet) {
      if (this.binned) this.nchunkFlag = this.scale === 'reduced' ? 'once' : 'every';
      if (style === 'type') this.nchunkFlag = 'once';
      if (style === 'molecule') this.nchunkFlag = regionId ? 'every' : 'once';
      if (compress) this.nchunkFlag = 'every';
    }
    this.discard = discard ?? (this.binned ? 'mixed' : 'yes');
    if (style === 'molecule' && !sim.system.atomStyle.molecule)
      throw new Error('Compute chunk/atom molecule for non-molecular system');
    if (!this.binned && this.discard === 'mixed')
      throw new Error('Compute chunk/atom without bins cannot use discard mixed');
    for (let m = 0; m < this.ndim; m++) if (this.delta[m] <= 0.0) throw new Error(`${ILLEGAL}: delta must be > 0`);
    if (this.ndim === 2 && this.dim[0] === this.dim[1]) throw new Error(`${ILLEGAL}: the bin dimensions must differ`);
    if (this.ndim === 3 && new Set(this.dim).size !== 3) throw new Error(`${ILLEGAL}: the bin dimensions must differ`);
    if (this.binned && sim.system.box.triclinic && this.scale !== 'reduced')
      throw new Error('Compute chunk/atom for triclinic boxes requires units reduced');
    // lengths given in lattice units are scaled by the lattice spacing of their dimension
    if (this.binned && this.scale === 'lattice') {
      for (let m = 0; m < this.ndim; m++) {
        const s = latticeSpacing(sim, this.dim[m] as 0 | 1 | 2);
        this.delta[m] *= s;
        if (this.originFlag[m] === 'coord') this.origin[m] *= s;
        // LAMMPS scales the bounds indexed by bin number m (minvalue[idim] with idim = m)
        if (this.minCoord[m]) this.minValue[m] *= s;
        if (this.maxCoord[m]) this.maxValue[m] *= s;
      }
    }
    for (let m = 0; m < this.ndim; m++) this.invdelta[m] = 1.0 / this.delta[m];
  }

  /** Number of coordinates per chunk in outputs (LAMMPS ncoord). */
  get ncoord(): number {
    return this.ndim;
  }

  init(sim: Simulation): void {
    // Bins in box or lattice units: once for a box of constant size, else every time (LAMMPS init).
    if (this.binned && !this.nchunkSet && !this.compress && this.scale !== 'reduced') {
      const boxChanges = sim.fixes.some((f) => f.changesBox === true);
      if (!boxChanges) {
        if (this.nchunkFlag === 'every' && this.invokedSetup >= 0) this.invokedSetup = -1;
        this.nchunkFlag = 'once';
      } else this.nchunkFlag = 'every';
    }
  }

  /** Hold Nchunk fixed from startstep to stopstep (-1: forever) for `owner` (LAMMPS lock). */
  lock(owner: object, startstep: number, stopstep: number): void {
    if (this.lockedBy === null) {
      this.lockedBy = owner;
      this.lockStart = startstep;
      this.lockStop = stopstep;
      return;
    }
    if (startstep !== this.lockStart || stopstep !== this.lockStop)
      throw new Error('Two fix commands using same compute chunk/atom command in incompatible ways');
    this.lockedBy = owner;
  }

  unlock(owner: object): void {
    if (owner === this.lockedBy) this.lockedBy = null;
  }

  /** Nchunk now, setting up bins when due (LAMMPS setup_chunks). */
  setupChunks(sim: Simulation): number {
    if (this.invokedSetup === sim.step) return this.nchunk;
    if (this.lockedBy !== null || (this.nchunkFlag === 'once' && this.invokedSetup >= 0)) {
      if (this.binned && this.scale === 'reduced' && sim.fixes.some((f) => f.changesBox === true)) this.binVolumes(sim);
      return this.nchunk;
    }
    this.invokedSetup = sim.step;
    const s = sim.system;
    if (this.binned) {
      this.nchunk = this.setupXyzBins(sim);
      this.binVolumes(sim);
    } else {
      this.chunkVolume = s.box.h[0] * s.box.h[1];
      if (s.dimension === 3) this.chunkVolume *= s.box.h[2];
    }
    this.assignChunkIds(sim);
    if (this.which === 'type') this.nchunk = s.ntypes;
    else if (!this.binned) {
      let hi = -1;
      for (let i = 0; i < s.n; i++) if (!this.exclude[i] && this.ichunk[i] > hi) hi = this.ichunk[i];
      this.nchunk = hi <= 0 ? 1 : hi;
    }
    if (this.compress) this.compressChunkIds(s.n);
    return this.nchunk;
  }

  /** Chunk IDs of every atom for the current step (LAMMPS compute_ichunk; ids every). */
  computeIchunk(sim: Simulation): Int32Array {
    if (this.invokedIchunk === sim.step) return this.ichunk;
    const n = sim.system.n;
    if (sim.step > this.invokedSetup || this.invokedIchunk < 0) this.assignChunkIds(sim);
    this.invokedIchunk = sim.step;
    const ich = this.ichunk,
      ex = this.exclude;
    if (this.compress) {
      for (let i = 0; i < n; i++) {
        if (ex[i]) continue;
        const k = this.hash.get(ich[i]);
        if (k === undefined) {
          if (!this.binned && this.discard === 'no') ich[i] = this.nchunk;
          else ex[i] = 1;
        } else ich[i] = k;
      }
    } else if (this.discard === 'no') {
      for (let i = 0; i < n; i++) if (!ex[i] && (ich[i] < 1 || ich[i] > this.nchunk)) ich[i] = this.nchunk;
    } else {
      for (let i = 0; i < n; i++) if (!ex[i] && (ich[i] < 1 || ich[i] > this.nchunk)) ex[i] = 1;
    }
    for (let i = 0; i < n; i++) if (ex[i]) ich[i] = 0;
    return ich;
  }

  computePeratom(sim: Simulation): Float64Array {
    this.setupChunks(sim);
    const ich = this.computeIchunk(sim);
    const n = sim.system.n;
    if (this.chunkOut.length < n) this.chunkOut = new Float64Array(n);
    for (let i = 0; i < n; i++) this.chunkOut[i] = ich[i];
    return this.chunkOut.subarray(0, n);
  }

  computeScalar(sim: Simulation): number {
    this.computePeratom(sim);
    return this.nchunk;
  }

  /** Bin layout over the box or bounds (LAMMPS setup_xyz_bins); returns the number of bins. */
  private setupXyzBins(sim: Simulation): number {
    const b = sim.system.box;
    const binlo = this.scale === 'reduced' ? [0, 0, 0] : [b.lo[0], b.lo[1], b.lo[2]];
    const binhi = this.scale === 'reduced' ? [1, 1, 1] : [b.hi[0], b.hi[1], b.hi[2]];
    for (let d = 0; d < 3; d++) {
      if (this.minCoord[d]) binlo[d] = this.minValue[d];
      if (this.maxCoord[d]) binhi[d] = this.maxValue[d];
    }
    let nbins = 1;
    const origin = this.origin,
      delta = this.delta,
      invdelta = this.invdelta;
    for (let m = 0; m < this.ndim; m++) {
      const idim = this.dim[m];
      if (this.originFlag[m] === 'lower') origin[m] = binlo[idim];
      else if (this.originFlag[m] === 'upper') origin[m] = binhi[idim];
      else if (this.originFlag[m] === 'center') origin[m] = 0.5 * (binlo[idim] + binhi[idim]);
      let lo: number;
      let hi: number;
      // C's static_cast<int> truncates toward zero: Math.trunc
      if (origin[m] < binlo[idim]) {
        const n = Math.trunc((binlo[idim] - origin[m]) * invdelta[m]);
        lo = origin[m] + n * delta[m];
      } else {
        const n = Math.trunc((origin[m] - binlo[idim]) * invdelta[m]);
        lo = origin[m] - n * delta[m];
        if (lo > binlo[idim]) lo -= delta[m];
      }
      if (origin[m] < binhi[idim]) {
        const n = Math.trunc((binhi[idim] - origin[m]) * invdelta[m]);
        hi = origin[m] + n * delta[m];
        if (hi < binhi[idim]) hi += delta[m];
      } else {
        const n = Math.trunc((origin[m] - binhi[idim]) * invdelta[m]);
        hi = origin[m] - n * delta[m];
      }
      if (lo > hi) throw new Error('Invalid bin bounds in compute chunk/atom');
      this.offset[m] = lo;
      this.nlayers[m] = Math.trunc((hi - lo) * invdelta[m] + 0.5);
      nbins *= this.nlayers[m];
    }
    const nd = this.ndim;
    const coord = new Float64Array(nbins * nd);
    const [n0, n1, n2] = this.nlayers;
    let m = 0;
    for (let i = 0; i < n0; i++) {
      const c0 = this.offset[0] + (i + 0.5) * delta[0];
      if (nd === 1) {
        coord[m++] = c0;
        continue;
      }
      for (let j = 0; j < n1; j++) {
        const c1 = this.offset[1] + (j + 0.5) * delta[1];
        if (nd === 2) {
          coord[2 * m] = c0;
          coord[2 * m + 1] = c1;
          m++;
          continue;
        }
        for (let k = 0; k < n2; k++) {
          coord[3 * m] = c0;
          coord[3 * m + 1] = c1;
          coord[3 * m + 2] = this.offset[2] + (k + 0.5) * delta[2];
          m++;
        }
      }
    }
    this.coord = coord;
    return nbins;
  }

  /** Volume of one bin: the box volume times delta/prd per binned dimension (LAMMPS bin_volumes). */
  private binVolumes(sim: Simulation): void {
    const b = sim.system.box;
    let v = sim.system.dimension === 3 ? b.h[0] * b.h[1] * b.h[2] : b.h[0] * b.h[1];
    for (let m = 0; m < this.ndim; m++) v *= this.delta[m] / (this.scale === 'reduced' ? 1.0 : b.h[this.dim[m]]);
    this.chunkVolume = v;
  }

  /** Chunk ID of every included atom before compression and discard (LAMMPS assign_chunk_ids). */
  private assignChunkIds(sim: Simulation): void {
    const s = sim.system;
    const n = s.n;
    if (this.ichunk.length < n) {
      this.ichunk = new Int32Array(s.x.length / 3);
      this.exclude = new Uint8Array(s.x.length / 3);
    }
    const ex = this.exclude,
      ich = this.ichunk,
      mask = s.mask,
      x = s.x;
    for (let i = 0; i < n; i++) {
      const inside = this.region === null || this.region.match(x[3 * i], x[3 * i + 1], x[3 * i + 2]);
      ex[i] = mask[i] & this.groupBit && inside ? 0 : 1;
    }
    if (this.binned) this.atomToBin(sim);
    else if (this.which === 'type') {
      for (let i = 0; i < n; i++) if (!ex[i]) ich[i] = s.type[i];
    } else {
      for (let i = 0; i < n; i++) if (!ex[i]) ich[i] = s.molecule[i];
    }
  }

  /** LAMMPS atom2bin1d/2d/3d: remap into the periodic box once, bin, apply the discard rule. */
  private atomToBin(sim: Simulation): void {
    const s = sim.system;
    const b = s.box;
    const n = s.n,
      x = s.x,
      ex = this.exclude,
      ich = this.ichunk;
    const reduced = this.scale === 'reduced';
    // LAMMPS converts every local atom to fractional coordinates and back in place (its roundoff included)
    if (reduced) for (let i = 0; i < n; i++) b.toLamda(x, 3 * i, x, 3 * i);
    const boxlo = reduced ? [0, 0, 0] : b.lo;
    const boxhi = reduced ? [1, 1, 1] : b.hi;
    const prd = reduced ? [1, 1, 1] : [b.h[0], b.h[1], b.h[2]];
    const nd = this.ndim;
    for (let i = 0; i < n; i++) {
      if (ex[i]) continue;
      let ibin = 0;
      let keep = true;
      for (let m = 0; m < nd; m++) {
        const idim = this.dim[m];
        let xr = x[3 * i + idim];
        if (b.periodic[idim]) {
          if (xr < boxlo[idim]) xr += prd[idim];
          if (xr >= boxhi[idim]) xr -= prd[idim];
        }
        let k = Math.trunc((xr - this.offset[m]) * this.invdelta[m]);
        if (xr < this.offset[m]) k--;
        const top = this.nlayers[m] - 1;
        if (this.discard === 'mixed') {
          // LAMMPS tests minflag/maxflag of index idim here
          if (!this.minCoord[idim]) k = Math.max(k, 0);
          else if (k < 0) keep = false;
          if (keep) {
            if (!this.maxCoord[idim]) k = Math.min(k, top);
            else if (k > top) keep = false;
          }
        } else if (this.discard === 'no') {
          k = Math.min(Math.max(k, 0), top);
        } else if (k < 0 || k > top) keep = false;
        if (!keep) break;
        ibin = ibin * this.nlayers[m] + k;
      }
      if (!keep) {
        ex[i] = 1;
        continue;
      }
      ich[i] = ibin + 1;
    }
    if (reduced) for (let i = 0; i < n; i++) b.fromLamda(x, 3 * i, x, 3 * i);
  }

  /** Drop chunk IDs with no atoms, renumbering the rest 1..Nchunk in ascending order (LAMMPS compress_chunk_ids). */
  private compressChunkIds(n: number): void {
    const ids = new Set<number>();
    for (let i = 0; i < n; i++) if (!this.exclude[i]) ids.add(this.ichunk[i]);
    const sorted = [...ids].sort((a, b) => a - b);
    this.hash = new Map(sorted.map((id, k) => [id, k + 1]));
    this.chunkID = Int32Array.from(sorted);
    this.nchunk = sorted.length;
  }
}

export function createComputeChunkAtom(
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  regions: ReadonlyMap<string, Region>,
): Compute {
  return new ComputeChunkAtom(id, sim.groups.bit(group, 'compute'), args, sim, regions);
}
