import { appendFileSync, writeFileSync } from 'node:fs';
import type { Compute } from '../src/compute.js';
import { ComputeChunkAtom } from '../src/compute_chunk_atom.js';
import { sprintf } from '../src/format.js';
import { int, num } from '../src/parse.js';
import { type PeratomSource, resolvePeratomRef } from '../src/peratom_refs.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** One averaged per-atom quantity. */
type Value =
  | { kind: 'v' | 'f'; word: string; axis: number }
  | { kind: 'density/number' | 'density/mass' | 'mass' | 'temp'; word: string }
  | { kind: 'peratom'; word: string; src: PeratomSource | null };

const ILLEGAL = 'Illegal fix ave/chunk command';

/**
 * fix ID group ave/chunk Nevery Nrepeat Nfreq chunkID value1 ... keyword args ... (LAMMPS
 * FixAveChunk, 29 Sep 2021): per chunk of compute chunk/atom `chunkID`, the group's atoms' values
 * summed over Nrepeat samples Nevery steps apart ending on each multiple of Nfreq, then normalised
 * and combined across Nfreq epochs (ave one|running|window M). Values: vx vy vz fx fy fz,
 * density/number, density/mass, mass, temp, c_ID / c_ID[i] (per-atom compute), v_name (atom-style
 * variable). Keywords: norm all|sample|none, ave, scale atom|none, bias cID, adof, cdof, file,
 * overwrite, format, title1/2/3. LAMMPS's normalisation: with norm all the sums over the epoch are
 * divided by the total count (temp by the dof adof·count + cdof, densities by Nrepeat and the
 * chunk volume); with sample each sample is averaged first; with none values are summed and divided
 * by Nrepeat. The file has LAMMPS's layout: three comment lines, then per Nfreq step
 * `step nchunk total-count` and a row `  chunk [origID] [coords] count values` per chunk.
 * The fix's global array (f_ID) is nchunk x (coords + 1 + values), LAMMPS's compute_array.
 */
export class FixAveChunk implements Fix {
  readonly style = 'ave/chunk';
  readonly extensive = false;
  private readonly nevery: number;
  private readonly nrepeat: number;
  private readonly nfreq: number;
  private readonly chunkId: string;
  private cchunk: ComputeChunkAtom;
  private readonly values: Value[];
  private norm: 'all' | 'sample' | 'none' = 'all';
  private ave: 'one' | 'running' | 'window' = 'one';
  private nwindow = 0;
  private scaleAtom = true;
  private biasId: string | null = null;
  private bias: Compute | null = null;
  private adof: number;
  private cdof = 0.0;
  private file: string | null = null;
  private overwrite = false;
  private format = ' %g';
  private header = '';
  private body = '';
  private nchunk = 1;
  private countOne = new Float64Array(1);
  private countMany = new Float64Array(1);
  private countSum = new Float64Array(1);
  private countTotal = new Float64Array(1);
  private countList: Float64Array[] = [];
  private valuesOne = new Float64Array(1);
  private valuesMany = new Float64Array(1);
  private valuesSum = new Float64Array(1);
  private valuesTotal = new Float64Array(1);
  private valuesList: Float64Array[] = [];
  private irepeat = 0;
  private iwindow = 0;
  private windowLimit = false;
  private normcount = 0;
  private nvalid: number;
  private nvalidLast = -1;
  private lockforever = false;
  private readonly groupBit: number;

  constructor(
    readonly id: string,
    group: string,
    args: string[],
    sim: Simulation,
    files?: FilePaths,
  ) {
    this.groupBit = groupBitOf(sim, group);
    if (args.length < 5) throw new Error(`${ILLEGAL}: expected "Nevery Nrepeat Nfreq chunkID value ..."`);
    this.nevery = int(args[0], 'fix ave/chunk Nevery');
    this.nrepeat = int(args[1], 'fix ave/chunk Nrepeat');
    this.nfreq = int(args[2], 'fix ave/chunk Nfreq');
    this.chunkId = args[3];
    let k = 4;
    this.values = [];
    const axis = { x: 0, y: 1, z: 2 } as const;
    for (; k < args.length; k++) {
      const w = args[k];
      const m = /^([vf])([xyz])$/.exec(w);
      if (m) this.values.push({ kind: m[1] as 'v' | 'f', word: w, axis: axis[m[2] as 'x' | 'y' | 'z'] });
      else if (w === 'density/number' || w === 'density/mass' || w === 'mass' || w === 'temp')
        this.values.push({ kind: w, word: w });
      else if (/^[cv]_/.test(w)) this.values.push({ kind: 'peratom', word: w, src: null });
      else if (/^f_/.test(w))
        throw new Error(`fix ave/chunk ${w}: per-atom fix values are not supported by dpmd yet (c_ID, v_name are)`);
      else break;
    }
    if (this.values.length === 0) throw new Error(`${ILLEGAL}: no values`);
    const nvalues = this.values.length;
    this.adof = sim.system.dimension;
    let title1: string | null = null;
    let title2: string | null = null;
    let title3: string | null = null;
    while (k < args.length) {
      const key = args[k];
      const v = args[k + 1];
      if (key === 'overwrite') {
        this.overwrite = true;
        k++;
        continue;
      }
      if (v === undefined) throw new Error(`${ILLEGAL}: keyword ${key} needs a value`);
      switch (key) {
        case 'norm':
          if (v !== 'all' && v !== 'sample' && v !== 'none') throw new Error(`${ILLEGAL}: norm all|sample|none`);
          this.norm = v;
          break;
        case 'ave':
          if (v !== 'one' && v !== 'running' && v !== 'window') throw new Error(`${ILLEGAL}: ave one|running|window`);
          this.ave = v;
          if (v === 'window') {
            this.nwindow = int(args[k + 2], 'fix ave/chunk ave window M');
            if (this.nwindow <= 0) throw new Error(`${ILLEGAL}: window M must be > 0`);
            k++;
          }
          break;
        case 'scale':
          if (v !== 'atom' && v !== 'none') throw new Error(`${ILLEGAL}: scale atom|none`);
          this.scaleAtom = v === 'atom';
          break;
        case 'bias':
          this.biasId = v;
          break;
        case 'adof':
          this.adof = num(v, 'fix ave/chunk adof');
          break;
        case 'cdof':
          this.cdof = num(v, 'fix ave/chunk cdof');
          break;
        case 'file':
          this.file = files ? files.outputPath(v) : v;
          break;
        case 'format':
          // used as given, as LAMMPS does (the default ' %g' carries its own space)
          this.format = v;
          break;
        case 'title1':
          title1 = v;
          break;
        case 'title2':
          title2 = v;
          break;
        case 'title3':
          title3 = v;
          break;
        case 'discard':
        case 'unwrap':
          throw new Error(`fix ave/chunk keyword '${key}' is not supported by dpmd yet`);
        default:
          throw new Error(`${ILLEGAL}: unknown keyword '${key}'`);
      }
      k += 2;
    }
    if (this.nevery <= 0 || this.nrepeat <= 0 || this.nfreq <= 0)
      throw new Error(`${ILLEGAL}: Nevery, Nrepeat, Nfreq must be > 0`);
    if (this.nfreq % this.nevery || (this.nrepeat - 1) * this.nevery >= this.nfreq)
      throw new Error(`${ILLEGAL}: Nfreq must be a multiple of Nevery and (Nrepeat-1)*Nevery < Nfreq`);
    if (this.ave !== 'running' && this.overwrite) throw new Error(`${ILLEGAL}: overwrite needs ave running`);
    if (this.biasId !== null) this.bias = this.findBias(sim);
    for (const v of this.values) if (v.kind === 'peratom') v.src = resolvePeratomRef(sim, v.word, 'Fix ave/chunk');
    this.cchunk = this.findChunk(sim);

    const compress = this.cchunk.compress;
    const ncoord = this.cchunk.ncoord;
    const coords = ['', ' Coord1', ' Coord1 Coord2', ' Coord1 Coord2 Coord3'][ncoord];
    this.header =
      `${title1 ?? `# Chunk-averaged data for fix ${id} and group ${group}`}\n` +
      `${title2 ?? '# Timestep Number-of-chunks Total-count'}\n` +
      `${title3 ?? `# Chunk${compress ? ' OrigID' : ''}${coords} Ncount${this.values.map((v) => ` ${v.word}`).join('')}`}\n`;
    if (this.file) {
      try {
        writeFileSync(this.file, this.header);
      } catch {
        throw new Error(`Cannot open fix ave/chunk file ${this.file}`);
      }
    }
    this.allocate(1, nvalues);
    this.nvalid = this.nextValid(sim.step);
  }

  private findChunk(sim: Simulation): ComputeChunkAtom {
    const c = sim.computes.find((x) => x.id === this.chunkId);
    if (!c) throw new Error('Chunk/atom compute does not exist for fix ave/chunk');
    if (!(c instanceof ComputeChunkAtom)) throw new Error('Fix ave/chunk does not use chunk/atom compute');
    return c;
  }

  private findBias(sim: Simulation): Compute {
    const c = sim.computes.find((x) => x.id === this.biasId);
    if (!c) throw new Error('Could not find compute ID for temperature bias');
    if (!c.temperatureDof) throw new Error('Bias compute does not calculate temperature');
    if (!c.tempBias) throw new Error('Bias compute does not calculate a velocity bias');
    return c;
  }

  /** First sampling step at or after `step` (LAMMPS nextvalid). */
  private nextValid(step: number): number {
    let nvalid = Math.floor(step / this.nfreq) * this.nfreq + this.nfreq;
    if (nvalid - this.nfreq === step && this.nrepeat === 1) nvalid = step;
    else nvalid -= (this.nrepeat - 1) * this.nevery;
    if (nvalid < step) nvalid += this.nfreq;
    return nvalid;
  }

  private allocate(nchunk: number, nvalues: number): void {
    this.nchunk = nchunk;
    if (this.countOne.length >= nchunk && this.valuesOne.length >= nchunk * nvalues) return;
    const grow = (a: Float64Array, size: number) => {
      const b = new Float64Array(size);
      b.set(a.subarray(0, Math.min(a.length, size)));
      return b;
    };
    this.countOne = grow(this.countOne, nchunk);
    this.countMany = grow(this.countMany, nchunk);
    this.countSum = grow(this.countSum, nchunk);
    this.countTotal = grow(this.countTotal, nchunk);
    this.valuesOne = grow(this.valuesOne, nchunk * nvalues);
    this.valuesMany = grow(this.valuesMany, nchunk * nvalues);
    this.valuesSum = grow(this.valuesSum, nchunk * nvalues);
    this.valuesTotal = grow(this.valuesTotal, nchunk * nvalues);
    if (this.ave === 'window') {
      this.countList = Array.from({ length: this.nwindow }, (_, w) =>
        grow(this.countList[w] ?? new Float64Array(0), nchunk),
      );
      this.valuesList = Array.from({ length: this.nwindow }, (_, w) =>
        grow(this.valuesList[w] ?? new Float64Array(0), nchunk * nvalues),
      );
    }
  }

  init(sim: Simulation): void {
    this.cchunk = this.findChunk(sim);
    if (this.biasId !== null) this.bias = this.findBias(sim);
    for (const v of this.values) if (v.kind === 'peratom') v.src = resolvePeratomRef(sim, v.word, 'Fix ave/chunk');
    // a minimize may have moved the step past the next sample
    if (this.nvalid < sim.step) {
      this.irepeat = 0;
      this.nvalid = this.nextValid(sim.step);
    }
  }

  setup(sim: Simulation): void {
    this.endOfStep(sim);
  }

  endOfStep(sim: Simulation): void {
    const step = sim.step;
    if (step < this.nvalidLast || step > this.nvalid) throw new Error('Invalid timestep reset for fix ave/chunk');
    if (step !== this.nvalid) return;
    this.nvalidLast = this.nvalid;
    const nv = this.values.length;
    const cc = this.cchunk;
    if (this.irepeat === 0) {
      this.allocate(cc.setupChunks(sim), nv);
      if (this.nrepeat > 1 && this.ave === 'one') cc.lock(this, step, step + (this.nrepeat - 1) * this.nevery);
      else if ((this.ave === 'running' || this.ave === 'window') && !this.lockforever) {
        cc.lock(this, step, -1);
        this.lockforever = true;
      }
      this.countMany.fill(0, 0, this.nchunk);
      this.countSum.fill(0, 0, this.nchunk);
      this.valuesMany.fill(0, 0, this.nchunk * nv);
    }
    const nchunk = this.nchunk;
    this.countOne.fill(0, 0, nchunk);
    this.valuesOne.fill(0, 0, nchunk * nv);
    const ichunk = cc.computeIchunk(sim);
    this.sample(sim, ichunk);

    const u = sim.system.units;
    const mvv2e = u.mvv2e,
      boltz = u.boltz;
    const cOne = this.countOne,
      cMany = this.countMany,
      cSum = this.countSum,
      vOne = this.valuesOne,
      vMany = this.valuesMany;
    if (this.norm === 'all' || this.norm === 'none') {
      for (let m = 0; m < nchunk; m++) {
        cMany[m] += cOne[m];
        for (let j = 0; j < nv; j++) vMany[m * nv + j] += vOne[m * nv + j];
      }
    } else {
      for (let m = 0; m < nchunk; m++) {
        cMany[m] = cOne[m];
        if (cMany[m] > 0.0)
          for (let j = 0; j < nv; j++) {
            const kind = this.values[j].kind;
            const q = m * nv + j;
            if (kind === 'temp') vMany[q] += (mvv2e * vOne[q]) / ((this.cdof + this.adof * cMany[m]) * boltz);
            else if (kind === 'density/number' || kind === 'density/mass' || !this.scaleAtom) vMany[q] += vOne[q];
            else vMany[q] += vOne[q] / cMany[m];
          }
        cSum[m] += cMany[m];
      }
    }

    this.irepeat++;
    if (this.irepeat < this.nrepeat) {
      this.nvalid += this.nevery;
      return;
    }
    this.irepeat = 0;
    this.nvalid = step + this.nfreq - (this.nrepeat - 1) * this.nevery;
    if (this.nrepeat > 1 && this.ave === 'one') cc.unlock(this);
    this.finishEpoch(sim);
  }

  /** One sample: counts and per-chunk sums of the values over the group's atoms in a chunk. */
  private sample(sim: Simulation, ichunk: Int32Array): void {
    const s = sim.system;
    const n = s.n,
      mask = s.mask,
      bit = this.groupBit,
      nv = this.values.length,
      vOne = this.valuesOne;
    for (let i = 0; i < n; i++) if (mask[i] & bit && ichunk[i] > 0) this.countOne[ichunk[i] - 1]++;
    for (let j = 0; j < nv; j++) {
      const v = this.values[j];
      if (v.kind === 'v' || v.kind === 'f') {
        const a = v.kind === 'v' ? s.v : s.f;
        for (let i = 0; i < n; i++)
          if (mask[i] & bit && ichunk[i] > 0) vOne[(ichunk[i] - 1) * nv + j] += a[3 * i + v.axis];
      } else if (v.kind === 'density/number') {
        for (let i = 0; i < n; i++) if (mask[i] & bit && ichunk[i] > 0) vOne[(ichunk[i] - 1) * nv + j] += 1.0;
      } else if (v.kind === 'density/mass' || v.kind === 'mass') {
        for (let i = 0; i < n; i++)
          if (mask[i] & bit && ichunk[i] > 0) vOne[(ichunk[i] - 1) * nv + j] += s.mass[s.type[i]];
      } else if (v.kind === 'temp') {
        const bias = this.bias;
        if (bias) {
          bias.computeScalar!(sim);
          bias.removeBiasAll!(sim);
        }
        const vel = s.v;
        for (let i = 0; i < n; i++)
          if (mask[i] & bit && ichunk[i] > 0) {
            const k = 3 * i;
            vOne[(ichunk[i] - 1) * nv + j] +=
              (vel[k] * vel[k] + vel[k + 1] * vel[k + 1] + vel[k + 2] * vel[k + 2]) * s.mass[s.type[i]];
          }
        if (bias) bias.restoreBiasAll!(sim);
      } else if (v.kind === 'peratom') {
        const vals = v.src!.values(sim);
        for (let i = 0; i < n; i++) if (mask[i] & bit && ichunk[i] > 0) vOne[(ichunk[i] - 1) * nv + j] += vals[i];
      }
    }
  }

  /** End of an Nfreq epoch: normalise, combine across epochs, write the file (LAMMPS end_of_step tail). */
  private finishEpoch(sim: Simulation): void {
    const nchunk = this.nchunk,
      nv = this.values.length;
    const u = sim.system.units;
    const repeat = this.nrepeat;
    const cMany = this.countMany,
      cSum = this.countSum,
      vMany = this.valuesMany,
      vSum = this.valuesSum;
    if (this.norm === 'all' || this.norm === 'none') {
      for (let m = 0; m < nchunk; m++) {
        cSum[m] = cMany[m];
        for (let j = 0; j < nv; j++) vSum[m * nv + j] = vMany[m * nv + j];
      }
      for (let m = 0; m < nchunk; m++) {
        if (cSum[m] > 0.0)
          for (let j = 0; j < nv; j++) {
            const kind = this.values[j].kind;
            const q = m * nv + j;
            if (kind === 'temp') vSum[q] *= u.mvv2e / ((this.cdof + this.adof * cSum[m]) * u.boltz);
            else if (kind === 'density/mass') vSum[q] *= u.mv2d / repeat;
            else if (kind === 'density/number' || !this.scaleAtom || this.norm === 'none') vSum[q] /= repeat;
            else vSum[q] /= cSum[m];
          }
        cSum[m] /= repeat;
      }
    } else {
      for (let m = 0; m < nchunk; m++) {
        for (let j = 0; j < nv; j++) vSum[m * nv + j] = vMany[m * nv + j] / repeat;
        cSum[m] /= repeat;
      }
    }
    // densities are per volume of a chunk
    for (let j = 0; j < nv; j++) {
      const kind = this.values[j].kind;
      if (kind === 'density/number' || kind === 'density/mass')
        for (let m = 0; m < nchunk; m++) vSum[m * nv + j] /= this.cchunk.chunkVolume;
    }

    const cTotal = this.countTotal,
      vTotal = this.valuesTotal;
    if (this.ave === 'one') {
      for (let m = 0; m < nchunk; m++) {
        for (let i = 0; i < nv; i++) vTotal[m * nv + i] = vSum[m * nv + i];
        cTotal[m] = cSum[m];
      }
      this.normcount = 1;
    } else if (this.ave === 'running') {
      for (let m = 0; m < nchunk; m++) {
        for (let i = 0; i < nv; i++) vTotal[m * nv + i] += vSum[m * nv + i];
        cTotal[m] += cSum[m];
      }
      this.normcount++;
    } else {
      const vList = this.valuesList[this.iwindow],
        cList = this.countList[this.iwindow];
      for (let m = 0; m < nchunk; m++) {
        for (let i = 0; i < nv; i++) {
          const q = m * nv + i;
          vTotal[q] += vSum[q];
          if (this.windowLimit) vTotal[q] -= vList[q];
          vList[q] = vSum[q];
        }
        cTotal[m] += cSum[m];
        if (this.windowLimit) cTotal[m] -= cList[m];
        cList[m] = cSum[m];
      }
      this.iwindow++;
      if (this.iwindow === this.nwindow) {
        this.iwindow = 0;
        this.windowLimit = true;
      }
      this.normcount = this.windowLimit ? this.nwindow : this.iwindow;
    }
    if (this.file) this.write(sim.step);
  }

  private write(step: number): void {
    const nchunk = this.nchunk,
      nv = this.values.length,
      norm = this.normcount;
    const cc = this.cchunk;
    const nd = cc.ncoord;
    let count = 0.0;
    for (let m = 0; m < nchunk; m++) count += this.countTotal[m];
    let text = `${step} ${nchunk} ${sprintf('%g', count)}\n`;
    for (let m = 0; m < nchunk; m++) {
      let line = `  ${m + 1}`;
      // compressed chunks print their original ID and that bin's coordinates
      const bin = cc.compress ? cc.chunkID[m] - 1 : m;
      if (cc.compress) line += ` ${cc.chunkID[m]}`;
      for (let d = 0; d < nd; d++) line += ` ${sprintf('%g', cc.coord[bin * nd + d])}`;
      line += ` ${sprintf('%g', this.countTotal[m] / norm)}`;
      for (let i = 0; i < nv; i++) line += sprintf(this.format, this.valuesTotal[m * nv + i] / norm);
      text += `${line}\n`;
    }
    if (this.overwrite) {
      this.body = text;
      writeFileSync(this.file!, this.header + this.body);
    } else appendFileSync(this.file!, text);
  }

  get arrayRows(): number {
    return this.nchunk;
  }

  get arrayCols(): number {
    return (this.cchunk.compress ? 1 : 0) + this.cchunk.ncoord + 1 + this.values.length;
  }

  /** LAMMPS compute_array: [origID] coords, count, values of chunk i (0 before the first output). */
  computeArray(_sim: Simulation, i: number, j: number): number {
    const cc = this.cchunk;
    const colextra = (cc.compress ? 1 : 0) + cc.ncoord;
    if (j < colextra) {
      if (cc.compress) return j === 0 ? cc.chunkID[i] : cc.coord[(cc.chunkID[i] - 1) * cc.ncoord + j - 1];
      return cc.coord[i * cc.ncoord + j];
    }
    j -= colextra + 1;
    if (!this.normcount) return 0.0;
    if (j < 0) return this.countTotal[i] / this.normcount;
    return this.valuesTotal[i * this.values.length + j] / this.normcount;
  }
}

export function createFixAveChunk(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  return new FixAveChunk(id, group, args, sim, files);
}
