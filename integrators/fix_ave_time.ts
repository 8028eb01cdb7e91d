import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Compute, invokeArray } from '../src/compute.js';
import { sprintf } from '../src/format.js';
import { int } from '../src/parse.js';
import type { Simulation } from '../src/simulation.js';
import { type ExportColumn, writeTableCsv, writeTablePlot } from './ave_time_export.js';
import type { FilePaths, Fix } from './fix.js';
import { type OutputRef, type OutputValue, parseOutputRef, resolveOutputRef } from '../src/output_refs.js';

/** One averaged input: a column of a compute's global array, or an equal-style variable. */
type Value =
  | { kind: 'compute'; keyword: string; id: string; col: number; compute: Compute }
  | { kind: 'variable'; keyword: string; name: string }
  | { kind: 'ref'; keyword: string; ref: OutputRef; out: OutputValue };

type Ave = 'one' | 'running' | 'window';

const ILLEGAL = 'Illegal fix ave/time command';

/** Most values the ave window ring buffer may hold (2^27 doubles: 1 GiB). */
const MAX_WINDOW_VALUES = 2 ** 27;

/**
 * fix ID group ave/time Nevery Nrepeat Nfreq values... [keyword value ...] (LAMMPS FixAveTime,
 * 29 Sep 2021): values are sampled on steps that are multiples of Nevery, and the Nrepeat samples
 * that end on each multiple of Nfreq are averaged (Nevery 10 Nrepeat 5 Nfreq 100: steps 60, 70,
 * 80, 90, 100 give the average written at step 100).
 *
 * Values: c_ID (compute ID's global vector, one column; f_ID[i] is then its row i) and c_ID[I]
 * (column I of compute ID's global array; `c_ID[*]`, `[2*]`, `[*3]`, `[2*3]` expand to several
 * columns) in `mode vector`; in `mode scalar` (the default) v_name (equal-style
 * variable), c_ID / f_ID (a compute's or fix's global scalar) and c_ID[i] / f_ID[i] (element i of
 * its global vector). Keywords as in LAMMPS: file F, mode scalar|vector, ave one|running|window M,
 * start S, off I, overwrite, format STR, title1/title2/title3 STR. The file has LAMMPS's layout to
 * the character: three comment lines, then per Nfreq step `step nrows` and rows `i v1 v2 ...`
 * (mode vector) or `step v1 v2 ...` (mode scalar), values in " %g" unless `format` says otherwise.
 *
 * dpmd extensions (not in LAMMPS), mode vector only: `csv F.csv` rewrites F.csv with the latest
 * average (header row from the compute's column names, e.g. r,g_1_1,coord_1_1) and `png F.png`
 * redraws a line plot of it (compute rdf: g(r) against r) at every Nfreq output.
 */
export class FixAveTime implements Fix {
  readonly style = 'ave/time';
  private readonly nevery: number;
  private readonly nrepeat: number;
  private readonly nfreq: number;
  private readonly values: Value[];
  private readonly mode: 'scalar' | 'vector' = 'scalar';
  private ave: Ave = 'one';
  private nwindow = 0;
  private startstep = 0;
  private readonly offcol: boolean[];
  private overwrite = false;
  private format = ' %g';
  private title1: string | null = null;
  private title2: string | null = null;
  private title3: string | null = null;
  private file: string | null = null;
  private csv: string | null = null;
  private png: string | null = null;
  /** Rows of the averaged table: the computes' array rows (mode vector) or 1 (mode scalar). */
  private readonly nrows: number;
  /** Sum of the samples of the current Nfreq epoch, then their mean (LAMMPS array / vector). */
  private readonly sum: Float64Array;
  /** Combination of the epoch means for ave running/window (LAMMPS array_total). */
  private readonly total: Float64Array;
  /** The last nwindow epoch means (ave window), ring buffer. */
  private windowList: Float64Array | null = null;
  /** What is written: total / norm. */
  private readonly out: Float64Array;
  private irepeat = 0;
  private iwindow = 0;
  private windowFull = false;
  private norm = 0;
  /** Next step on which endOfStep samples. */
  private nvalid: number;
  private header = '';
  private readonly columns: ExportColumn[];
  /** Units style, for the plot's axis labels. */
  private readonly units: string;

  constructor(
    readonly id: string,
    group: string,
    args: string[],
    sim: Simulation,
    files?: FilePaths,
  ) {
    void group; // LAMMPS ignores the group of fix ave/time
    if (args.length < 4) throw new Error(ILLEGAL);
    this.nevery = int(args[0], 'fix ave/time Nevery');
    this.nrepeat = int(args[1], 'fix ave/time Nrepeat');
    this.nfreq = int(args[2], 'fix ave/time Nfreq');
    let k = 3;
    const raw: string[] = [];
    while (k < args.length && /^[cfv]_/.test(args[k])) raw.push(args[k++]);
    if (raw.length === 0) throw new Error(`${ILLEGAL}: no c_ID or v_name values`);

    // Keywords first: the mode decides how c_ID[*] expands.
    const offlist: number[] = [];
    let mode: 'scalar' | 'vector' = 'scalar';
    const path = (name: string) => (files ? files.outputPath(name) : name);
    while (k < args.length) {
      const key = args[k];
      const v = args[k + 1];
      if (v === undefined && key !== 'overwrite') throw new Error(ILLEGAL);
      switch (key) {
        case 'file':
          this.file = path(v);
          k += 2;
          break;
        case 'csv':
          this.csv = path(v);
          k += 2;
          break;
        case 'png':
          this.png = path(v);
          k += 2;
          break;
        case 'ave':
          if (v !== 'one' && v !== 'running' && v !== 'window') throw new Error(ILLEGAL);
          this.ave = v;
          if (v === 'window') {
            if (args[k + 2] === undefined) throw new Error(ILLEGAL);
            this.nwindow = int(args[k + 2], 'fix ave/time ave window M');
            if (this.nwindow <= 0) throw new Error(ILLEGAL);
            k++;
          }
          k += 2;
          break;
        case 'start':
          this.startstep = int(v, 'fix ave/time start');
          k += 2;
          break;
        case 'mode':
          if (v !== 'scalar' && v !== 'vector') throw new Error(ILLEGAL);
          mode = v;
          k += 2;
          break;
        case 'off':
          offlist.push(int(v, 'fix ave/time off'));
          k += 2;
          break;
        case 'overwrite':
          this.overwrite = true;
          k += 1;
          break;
        case 'format':
          this.format = v;
          k += 2;
          break;
        case 'title1':
          this.title1 = v;
          k += 2;
          break;
        case 'title2':
          this.title2 = v;
          k += 2;
          break;
        case 'title3':
          this.title3 = v;
          k += 2;
          break;
        default:
          throw new Error(`${ILLEGAL}: unknown keyword '${key}'`);
      }
    }
    this.mode = mode;
    this.values = raw.flatMap((a) => parseValue(a, mode, sim));
    const nvalues = this.values.length;
    this.offcol = new Array<boolean>(nvalues).fill(false);
    for (const c of offlist) {
      if (c < 1 || c > nvalues) throw new Error(`Invalid fix ave/time off column: ${c}`);
      this.offcol[c - 1] = true;
    }

    const { nevery, nrepeat, nfreq } = this;
    if (nevery <= 0 || nrepeat <= 0 || nfreq <= 0) throw new Error(ILLEGAL);
    if (nfreq % nevery !== 0 || nrepeat * nevery > nfreq) throw new Error(ILLEGAL);
    if (this.ave !== 'running' && this.overwrite) throw new Error(`${ILLEGAL}: overwrite requires ave running`);
    if (mode === 'scalar' && (this.csv || this.png)) {
      throw new Error('fix ave/time: the csv and png keywords (dpmd extensions) need mode vector');
    }

    let nrows = 1;
    if (mode === 'vector') {
      nrows = 0;
      for (const v of this.values) {
        const len = v.kind === 'compute' ? (v.col === 0 ? v.compute.sizeVector! : v.compute.sizeArrayRows) : 0;
        if (nrows === 0) nrows = len;
        else if (len !== nrows) throw new Error('Fix ave/time columns are inconsistent lengths');
      }
    }
    this.nrows = nrows;
    const size = nrows * nvalues;
    this.sum = new Float64Array(size);
    this.total = new Float64Array(size);
    this.out = new Float64Array(size);
    if (this.ave === 'window') {
      // M comes from the deck: bound the ring buffer before allocating it.
      if (this.nwindow * size > MAX_WINDOW_VALUES) {
        throw new Error(
          `fix ave/time: ave window ${this.nwindow} needs ${this.nwindow * size} values, more than ${MAX_WINDOW_VALUES}`,
        );
      }
      this.windowList = new Float64Array(this.nwindow * size);
    }
    this.columns = exportColumns(this.values);
    this.units = sim.system.units.name;

    if (this.file) this.openFile(this.file);
    for (const f of [this.csv, this.png]) {
      if (f && !existsSync(dirname(f)))
        throw new Error(`Cannot open fix ave/time file ${f}: No such file or directory`);
    }
    this.nvalid = this.nextValid(sim.step);
  }

  /** The comment lines LAMMPS writes when the fix is defined (truncating the file). */
  private openFile(file: string): void {
    const names = this.values.map((v) => ` ${v.keyword}`).join('');
    const lines = [this.title1 ?? `# Time-averaged data for fix ${this.id}`];
    if (this.mode === 'scalar') {
      lines.push(this.title2 ?? `# TimeStep${names}`);
    } else {
      lines.push(this.title2 ?? '# TimeStep Number-of-rows');
      lines.push(this.title3 ?? `# Row${names}`);
    }
    this.header = `${lines.join('\n')}\n`;
    try {
      writeFileSync(file, this.header);
    } catch (e) {
      throw new Error(`Cannot open fix ave/time file ${file}: ${syserror(e)}`);
    }
  }

  /**
   * Next step that samples (LAMMPS nextvalid): the Nrepeat samples end on a multiple of Nfreq
   * (the first one >= start); this step itself when it is such a multiple and Nrepeat is 1.
   */
  private nextValid(step: number): number {
    const { nevery, nrepeat, nfreq } = this;
    let nvalid = Math.floor(step / nfreq) * nfreq + nfreq;
    while (nvalid < this.startstep) nvalid += nfreq;
    if (nvalid - nfreq === step && nrepeat === 1) nvalid = step;
    else nvalid -= (nrepeat - 1) * nevery;
    if (nvalid < step) nvalid += nfreq;
    return nvalid;
  }

  init(sim: Simulation): void {
    // Computes may have been redefined or removed since the fix command.
    for (const v of this.values) {
      if (v.kind === 'ref') v.out = resolveOutputRef(sim, v.ref, 'Fix ave/time');
      if (v.kind !== 'compute') continue;
      const c = sim.computes.find((x) => x.id === v.id);
      if (!c) throw new Error(`Compute ID ${v.id} for fix ave/time does not exist`);
      v.compute = c;
    }
    // A minimize or reset_timestep may have moved the step past the next sample.
    if (this.nvalid < sim.step) {
      this.irepeat = 0;
      this.nvalid = this.nextValid(sim.step);
    }
  }

  /** The setup configuration counts when the first sample falls on it (LAMMPS setup -> end_of_step). */
  setup(sim: Simulation): void {
    this.endOfStep(sim);
  }

  needsEnergyOn(step: number): boolean {
    return (
      step === this.nvalid &&
      this.values.some(
        (v) =>
          v.kind === 'variable' ||
          (v.kind === 'ref' && v.out.needsEnergy) ||
          (v.kind === 'compute' && v.compute.needsEnergy === true),
      )
    );
  }

  endOfStep(sim: Simulation): void {
    if (sim.step !== this.nvalid) return;
    const nv = this.values.length,
      nrows = this.nrows,
      sum = this.sum;
    if (this.irepeat === 0) sum.fill(0);
    for (let j = 0; j < nv; j++) {
      const v = this.values[j];
      const off = this.offcol[j];
      if (v.kind === 'variable' || v.kind === 'ref') {
        const x = v.kind === 'variable' ? sim.variables.evaluate(v.name) : v.out.value(sim);
        sum[j] = off ? x : sum[j] + x;
      } else {
        // a global vector is one column of nrows values
        const vec = v.col === 0;
        const a = vec ? v.compute.computeVector!(sim) : invokeArray(v.compute, sim);
        const cols = vec ? 1 : v.compute.sizeArrayCols,
          c = vec ? 0 : v.col - 1;
        for (let i = 0; i < nrows; i++) {
          const x = a[i * cols + c];
          sum[i * nv + j] = off ? x : sum[i * nv + j] + x;
        }
      }
    }
    this.irepeat++;
    if (this.irepeat < this.nrepeat) {
      this.nvalid += this.nevery;
      return;
    }
    this.irepeat = 0;
    this.nvalid = sim.step + this.nfreq - (this.nrepeat - 1) * this.nevery;
    this.combine();
    this.write(sim.step);
  }

  /** Epoch mean, then ave one/running/window, in LAMMPS's order of operations. */
  private combine(): void {
    const nv = this.values.length,
      size = this.sum.length;
    const sum = this.sum,
      total = this.total,
      off = this.offcol;
    const repeat = this.nrepeat;
    for (let k = 0; k < size; k++) if (!off[k % nv]) sum[k] /= repeat;
    if (this.ave === 'one') {
      total.set(sum);
      this.norm = 1;
    } else if (this.ave === 'running') {
      for (let k = 0; k < size; k++) total[k] += sum[k];
      this.norm++;
    } else {
      const list = this.windowList!,
        base = this.iwindow * size;
      for (let k = 0; k < size; k++) {
        total[k] += sum[k];
        if (this.windowFull) total[k] -= list[base + k];
        list[base + k] = sum[k];
      }
      this.iwindow++;
      if (this.iwindow === this.nwindow) {
        this.iwindow = 0;
        this.windowFull = true;
      }
      this.norm = this.windowFull ? this.nwindow : this.iwindow;
    }
    // `off` columns carry the latest sample, not an average.
    for (let k = 0; k < size; k++) if (off[k % nv]) total[k] = this.norm * sum[k];
    for (let k = 0; k < size; k++) this.out[k] = total[k] / this.norm;
  }

  // ---- its own outputs (mode scalar): f_ID with one value, f_ID[i] with several (LAMMPS FixAveTime) ----

  /** Length of f_ID[i] (0 when f_ID is a scalar or the fix is in mode vector). */
  get vectorLength(): number {
    // mode vector with one value: a global vector of nrows (LAMMPS vector_flag, size_vector = nrows)
    if (this.mode === 'vector') return this.values.length === 1 ? this.nrows : 0;
    return this.values.length > 1 ? this.values.length : 0;
  }

  /** The latest average of the single value (0 before the first Nfreq step, as LAMMPS). */
  computeScalar(): number {
    if (this.mode !== 'scalar' || this.values.length !== 1)
      throw new Error(`fix ave/time ${this.id} does not compute a scalar (it has ${this.values.length} values)`);
    return this.out[0];
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.out[i];
  }

  /** f_ID[i] is extensive when its input is (an extensive compute or fix output; never a variable). */
  extensiveElement(i: number): boolean {
    if (this.mode === 'vector') {
      const c = this.values[0];
      return c.kind === 'compute' && (c.col === 0 ? c.compute.extensiveVector === true : false);
    }
    const v = this.values[i];
    return v.kind === 'ref' && v.out.extensive;
  }

  get extensive(): boolean {
    return this.values.length === 1 && this.extensiveElement(0);
  }

  private write(step: number): void {
    const nv = this.values.length,
      nrows = this.nrows,
      out = this.out,
      fmt = this.format;
    if (this.file) {
      let text: string;
      if (this.mode === 'scalar') {
        text = String(step);
        for (let j = 0; j < nv; j++) text += sprintf(fmt, out[j]);
        text += '\n';
      } else {
        const lines = [`${step} ${nrows}`];
        for (let i = 0; i < nrows; i++) {
          let line = String(i + 1);
          for (let j = 0; j < nv; j++) line += sprintf(fmt, out[i * nv + j]);
          lines.push(line);
        }
        text = `${lines.join('\n')}\n`;
      }
      if (this.overwrite) writeFileSync(this.file, this.header + text);
      else appendFileSync(this.file, text);
    }
    if (this.csv) writeTableCsv(this.csv, this.columns, nrows, out);
    if (this.png) writeTablePlot(this.png, this.columns, nrows, out, { fixId: this.id, step, units: this.units });
  }
}

/**
 * One value argument, expanded when its index is a range: c_ID[*] in mode vector gives every
 * column of the compute's array (LAMMPS utils::expand_args).
 */
function parseValue(arg: string, mode: 'scalar' | 'vector', sim: Simulation): Value[] {
  const m = /^([cfv])_([^[\]]+)(?:\[([^\]]*)\])?$/.exec(arg);
  if (!m) throw new Error(`Invalid fix ave/time argument: ${arg}`);
  const [, kind, name, index] = m;
  if (mode === 'scalar' && kind !== 'v') {
    const ref = parseOutputRef(arg);
    if (!ref) throw new Error(`Invalid fix ave/time argument: ${arg}`);
    return [{ kind: 'ref', keyword: arg, ref, out: resolveOutputRef(sim, ref, 'Fix ave/time') }];
  }
  if (kind === 'f')
    throw new Error(`Invalid fix ave/time argument: ${arg} (fix outputs in mode vector are not supported yet)`);
  if (kind === 'v') {
    if (index !== undefined)
      throw new Error(`Invalid fix ave/time argument: ${arg} (vector-style variables are not supported)`);
    const style = sim.variables.styleOf(name);
    if (style === undefined) throw new Error(`Variable name ${name} for fix ave/time does not exist`);
    if (mode === 'vector') throw new Error('Fix ave/time cannot use variable with vector mode');
    if (style !== 'equal') throw new Error(`Fix ave/time variable ${name} is not equal-style variable`);
    return [{ kind: 'variable', keyword: arg, name }];
  }
  const compute = sim.computes.find((c) => c.id === name);
  if (!compute) throw new Error(`Compute ID ${name} for fix ave/time does not exist`);
  // Mode vector: c_ID is the compute's global vector (col 0), c_ID[col] columns of its global array.
  if (index === undefined) {
    if (!compute.computeVector || !compute.sizeVector)
      throw new Error(`Fix ave/time compute ${name} does not calculate a vector`);
    return [{ kind: 'compute', keyword: arg, id: name, col: 0, compute }];
  }
  if (compute.sizeArrayCols === 0)
    throw new Error(`Fix ave/time compute ${name} does not calculate an array (mode vector reads c_ID[col])`);
  const ncols = compute.sizeArrayCols;
  let lo: number, hi: number;
  const range = /^(\d*)\*(\d*)$/.exec(index);
  if (range) {
    lo = range[1] ? Number(range[1]) : 1;
    hi = range[2] ? Number(range[2]) : ncols;
    if (lo < 1 || hi > ncols || lo > hi) throw new Error(`Numeric index ${index} is out of bounds (1-${ncols})`);
  } else if (/^\d+$/.test(index)) {
    lo = hi = Number(index);
    if (lo < 1 || lo > ncols) throw new Error(`Fix ave/time compute ${name} array is accessed out-of-range`);
  } else {
    throw new Error(`Invalid fix ave/time argument: ${arg}`);
  }
  const out: Value[] = [];
  for (let col = lo; col <= hi; col++) {
    out.push({ kind: 'compute', keyword: range ? `c_${name}[${col}]` : arg, id: name, col, compute });
  }
  return out;
}

/**
 * CSV/plot columns: the compute's own column names (r, g_1_1, coord_1_1 for compute rdf), the
 * value's keyword when there is none or when two values would share a name.
 */
function exportColumns(values: Value[]): ExportColumn[] {
  const cols = values.map((v): ExportColumn => {
    if (v.kind !== 'compute') return { name: v.keyword, plot: true };
    const meta = v.compute.arrayColumns[v.col - 1];
    return meta ? { name: meta.name, plot: meta.plot } : { name: v.keyword, plot: true };
  });
  const seen = new Map<string, number>();
  for (const c of cols) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
  return cols.map((c, j) => (seen.get(c.name)! > 1 ? { name: values[j].keyword, plot: c.plot } : c));
}

/** C's strerror wording for the usual reasons a file cannot be opened. */
function syserror(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return e instanceof Error ? e.message : String(e);
}

export function createFixAveTime(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  return new FixAveTime(id, group, args, sim, files);
}
